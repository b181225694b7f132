"""Numbers the Dutch (Flemish) way, formatted in one place: `63 %`, `4,5 pp`, `1.234`.

Rounding rule, for every printed number: half away from zero (12,5 -> 13; 42,5 -> 43; -2,5 -> -3),
computed in decimal arithmetic. A float is first read as the shortest decimal that Python prints for
it (`repr`: 29/200 is 0.145), scaled to percent in decimal (0.145 -> 14.5, not the binary 14.4999…),
and snapped to 9 decimals, so binary noise such as 0.145 * 100 = 14.499999999999998 still counts as a
tie. Gaps are derived from the printed shares (`gap`), so the printed numbers always subtract.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
MINUS = "−"
SUPPRESSED = "te weinig antwoorden"
SUPPRESSED_SECONDARY = "onderdrukt"  # n is large enough, but the cell would follow from others by subtraction

_SNAP = Decimal("1e-9")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _decimal(value, scale: int = 0) -> Decimal:
    """`value` x 10**scale as a Decimal, free of binary noise below 1e-9."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    scaled = exact.scaleb(scale)
    if abs(scaled) < Decimal(10) ** 15:  # beyond that a float has no digits below 1e-9 to snap
        scaled = scaled.quantize(_SNAP, rounding=ROUND_HALF_EVEN)
    return scaled


def rounded(value, decimals: int = 0, scale: int = 0) -> Decimal:
    """`value` x 10**scale rounded half away from zero to `decimals` places (never '-0')."""
    result = _decimal(value, scale).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return result.copy_abs() if result == 0 else result


def _text(value: Decimal, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    # 1,234.5 -> 1.234,5
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def number(value: float, decimals: int = 0) -> str:
    if _missing(value):
        return "–"
    return _text(rounded(value, decimals), decimals)


def count(n: float) -> str:
    """A respondent count; weighted counts are rounded to whole people."""
    return number(n, 0)


def aantal(n: float, enkelvoud: str, meervoud: str) -> str:
    """'1 gemeente', '3 gemeenten', '1.200 berichten': a count with its noun in the right number."""
    return f"{count(n)} {enkelvoud if n == 1 else meervoud}"


def percent(share: float) -> float:
    """A share (0..1) in percent, scaled in decimal: 0.145 -> 14.5 (not 14.499999999999998)."""
    return float(_decimal(share, 2))


def round_half_away(value: float) -> int:
    """A number rounded to a whole, half away from zero: 6.5 -> 7, -6.5 -> -7."""
    return int(rounded(value, 0))


def whole_percent(share: float) -> int:
    """A share (0..1) as a whole percentage, the number behind '63 %', dot grids and 'N op de 10'."""
    return int(rounded(share, 0, scale=2))


def whole_parts(shares: Sequence[float], counted: Sequence[bool] | None = None) -> list[int]:
    """The whole percentages of the parts of one bar, rounded so that they add up to what is printed beside
    them (largest remainder): the counted parts to the counted share as `pct` prints it ('24' and '12' beside
    a title of 36 %, never '24' and '11'), the other parts to the rest of the whole bar's percentage."""
    counted = list(counted) if counted is not None else [False] * len(shares)
    parts = [0] * len(shares)
    total = whole_percent(sum(shares))
    target_counted = whole_percent(sum(s for s, c in zip(shares, counted) if c)) if any(counted) else 0
    for group, target in ((True, target_counted), (False, total - target_counted)):
        members = [i for i, c in enumerate(counted) if c == group]
        if not members:
            continue
        exact = [Decimal(str(shares[i])) * 100 for i in members]
        floors = [int(e) for e in exact]
        rest = target - sum(floors)
        # the largest remainders get a point more; too many points (a rest below zero): the smallest give one back
        order = sorted(range(len(members)), key=lambda j: (-(exact[j] - floors[j]), j))
        for j in order[:max(0, rest)]:
            floors[j] += 1
        for j in [j for j in reversed(order) if floors[j] > 0][:max(0, -rest)]:
            floors[j] -= 1
        for j, i in enumerate(members):
            parts[i] = floors[j]
    return parts


def pct(share: float | None, decimals: int = 0) -> str:
    """A share (0..1) as a percentage: 0.634 -> '63 %'."""
    if _missing(share):
        return "–"
    return f"{_text(rounded(share, decimals, scale=2), decimals)}{NBSP}%"


def _signed(value: Decimal, decimals: int, sign: bool) -> str:
    text = _text(abs(value), decimals)
    if sign and value != 0:
        text = ("+" if value > 0 else MINUS) + text
    return text


def pp(diff: float | None, decimals: int = 1, sign: bool = True) -> str:
    """A difference of shares (0..1) in percentage points: 0.045 -> '+4,5 pp'.

    For a difference between two printed shares use `gap`, which makes the numbers subtract."""
    if _missing(diff):
        return "–"
    return f"{_signed(rounded(diff, decimals, scale=2), decimals, sign)}{NBSP}pp"


def interval(lo: float, hi: float) -> str:
    """'53–58 %', always in whole percentages; an interval so narrow that both ends round to the same
    whole number is widened outward to whole numbers ('18–20 %' for 18.6–19.4 %), never '19–19 %': it
    still holds the interval, and every interval of every document reads alike."""
    if not (_missing(lo) or _missing(hi)) and number_pct(lo) == number_pct(hi):
        low = math.floor(float(rounded(lo, 6, scale=2)))
        high = math.ceil(float(rounded(hi, 6, scale=2)))
        return f"{low}–{high}{NBSP}%"
    return f"{number_pct(lo)}–{number_pct(hi)}{NBSP}%"


def number_pct(share: float, decimals: int = 0) -> str:
    """A share as a bare percentage number, without the % sign: 0.125 -> '13'."""
    if _missing(share):
        return "–"
    return _text(rounded(share, decimals, scale=2), decimals)


def mean_pct(shares) -> str:
    """The unweighted mean of shares as a reader gets it from the printed whole percentages: whole where it
    comes out whole ('35 %'), else with one decimal ('35,5 %'), so that it agrees with the sum of the
    numbers on the page."""
    printed = [rounded(s, 0, scale=2) for s in shares]
    if not printed:
        return "–"
    mean = Decimal(sum(printed)) / len(printed)
    decimals = 0 if mean == mean.to_integral_value() else 1
    return f"{_text(rounded(mean, decimals), decimals)}{NBSP}%"


def n_label(n: float) -> str:
    return f"n{NBSP}={NBSP}{count(n)}"


@dataclass(frozen=True)
class Gap:
    """Two shares as printed and the gap between them, derived from the printed numbers so that
    `a - b == gap` holds for what the reader sees: '14 % … tegenover 26 %: 12 procentpunt minder'."""

    a: Decimal  # printed percentage of the first share
    b: Decimal  # printed percentage of the second share
    decimals: int

    @property
    def value(self) -> Decimal:
        """The printed gap in percentage points: first minus second."""
        return self.a - self.b

    @property
    def a_text(self) -> str:
        return f"{_text(self.a, self.decimals)}{NBSP}%"

    @property
    def b_text(self) -> str:
        return f"{_text(self.b, self.decimals)}{NBSP}%"

    @property
    def pp(self) -> str:
        """The gap with its sign: '−12 pp', '+4,5 pp', '0 pp'."""
        return f"{_signed(self.value, self.decimals, True)}{NBSP}pp"

    @property
    def amount(self) -> str:
        """The size of the gap without a sign, for 'procentpunt meer/minder': '12'."""
        return _text(abs(self.value), self.decimals)

    def below(self, min_pp: float) -> bool:
        """Whether the printed gap is smaller than `min_pp` points: 'ongeveer evenveel', and never a
        difference a sentence may call one (the one rule's threshold, on what the reader sees)."""
        return abs(self.value) < Decimal(str(min_pp))

    @property
    def direction(self) -> str:
        """'meer', 'minder' or 'evenveel', as the printed numbers show it."""
        return "meer" if self.value > 0 else "minder" if self.value < 0 else "evenveel"


def gap(a: float, b: float, decimals: int = 0) -> Gap:
    """The printed shares `a` and `b` (0..1) at `decimals` and the gap between the printed numbers.

    Use decimals=1 where the gap needs a decimal (tables with '+4,5 pp'): the shares are then printed
    with one decimal too, so that they still subtract to the gap."""
    return Gap(rounded(a, decimals, scale=2), rounded(b, decimals, scale=2), decimals)


def at_most_pp(diff: float) -> str:
    """A bound 'kleiner dan X procentpunt' rounded *down* to whole points, so the sentence stays
    true: a detectable difference of 7.8 points is printed as 7 (differences below 7 certainly could
    not be shown)."""
    return _text(Decimal(math.floor(float(rounded(diff, 6, scale=2)))), 0)


def detectable_bound(diff: float) -> int:
    """`at_most_pp` as a number (0 when the bound is unknown): the brief prints this one bound under its
    charts and in its annex, and decides with it which reason a 'nee' gets."""
    return int(at_most_pp(diff)) if diff == diff else 0


_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]


def date(value) -> str:
    """A date in words: 31 maart 2020."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"

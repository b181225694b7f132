"""Numbers the Dutch (Flemish) way, formatted in one place: `63 %`, `4,5 pp`, `1.234`."""

from __future__ import annotations

import math

NBSP = "\u00a0"
SUPPRESSED = "te weinig antwoorden"


def number(value: float, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    # 1,234.5 -> 1.234,5
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def count(n: float) -> str:
    """A respondent count; weighted counts are rounded to whole people."""
    return number(round(n), 0)


def pct(share: float | None, decimals: int = 0) -> str:
    """A share (0..1) as a percentage: 0.634 -> '63 %'."""
    if share is None or math.isnan(share):
        return "–"
    return f"{number(share * 100, decimals)}{NBSP}%"


def pp(diff: float | None, decimals: int = 1, sign: bool = True) -> str:
    """A difference of shares (0..1) in percentage points: 0.045 -> '+4,5 pp'."""
    if diff is None or math.isnan(diff):
        return "–"
    value = diff * 100
    text = number(abs(value), decimals)
    if sign and round(value, decimals) != 0:
        text = ("+" if value > 0 else "−") + text
    return f"{text}{NBSP}pp"


def interval(lo: float, hi: float) -> str:
    return f"{number(lo * 100)}–{number(hi * 100)}{NBSP}%"


def n_label(n: float) -> str:
    return f"n{NBSP}={NBSP}{count(n)}"


_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]


def date(value) -> str:
    """A date in words: 31 maart 2020."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def whole_percent(share: float) -> int:
    """A share as a whole number of percent (dot grids, 'N op de 100')."""
    return round(share * 100)

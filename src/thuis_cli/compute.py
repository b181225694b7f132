"""Headline shares per area x indicator x group, with intervals, suppression and comparisons."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import fmt, stats
from .config_catalogue import Catalogus
from .config_settings import Statistiek


NAN = float("nan")


@dataclass(frozen=True)
class Cijfer:
    """One headline figure: the share of respondents giving a headline answer."""

    indicator: str
    groep: str
    aantal: float
    n: float
    share: float
    lo: float
    hi: float
    suppressed: bool
    reden: str | None = None  # why it is suppressed: 'te weinig' (n < min_n) or 'afgeleid' (secondary)

    def hidden(self, reden: str) -> Cijfer:
        """The same figure, suppressed for `reden` (secondary suppression: 'afgeleid')."""
        from dataclasses import replace

        return replace(self, suppressed=True, reden=self.reden or reden)


def headlines(rows: pd.DataFrame, cat: Catalogus, stat: Statistiek) -> pd.DataFrame:
    """Per (indicator, groep) of one area's rows: aantal, n, share, lo, hi, suppressed."""
    kern = {(ind.id, a) for ind in cat.indicatoren for a in ind.kern}
    is_kern = [(i, a) in kern for i, a in zip(rows["indicator"], rows["antwoord"])]
    grouped = rows.assign(kern=np.where(is_kern, rows["aantal"], 0.0)).groupby(
        ["indicator", "groep"], sort=False)
    out = pd.DataFrame({"aantal": grouped["kern"].sum(), "n": grouped["n"].first()})
    out["share"] = stats.share(out["aantal"], out["n"])
    lo, hi = stats.wilson(out["aantal"], out["n"], stats.z_for(stat.betrouwbaarheid))
    out["lo"], out["hi"] = lo, hi
    base = out["n"]
    if "n_ongewogen" in rows and rows["n_ongewogen"].notna().any():  # a weighted follow-up (bevraging):
        base = out["n_ongewogen"] = grouped["n_ongewogen"].first().fillna(out["n"])  # suppression counts people
    out["suppressed"] = stats.suppressed(base, stat.min_n)
    return out


def figures(table: pd.DataFrame) -> dict[tuple[str, str], Cijfer]:
    """Every row of a headlines table as a figure, by (indicator, group): one pass over the table
    instead of an index lookup per figure asked for."""
    columns = [table[c].tolist() for c in ("aantal", "n", "share", "lo", "hi", "suppressed")]
    out = {}
    for (indicator, groep), aantal, n, share, lo, hi, hidden in zip(table.index, *columns):
        hidden = bool(hidden)
        out[indicator, groep] = Cijfer(indicator, groep, float(aantal), float(n), float(share), float(lo),
                                       float(hi), hidden, "te weinig" if hidden else None)
    return out


def pool(parts: list[Cijfer], stat: Statistiek) -> Cijfer:
    """Several figures of the same indicator and group pooled into one: counts and bases add up
    (a 2025 merger pools its 2020 parts this way)."""
    if not parts:
        raise ValueError("pool: geen delen om samen te voegen")
    aantal = sum(p.aantal for p in parts)
    n = sum(p.n for p in parts)
    return _figure(parts[0].indicator, parts[0].groep, aantal, n, stat)


def _figure(indicator: str, groep: str, aantal: float, n: float, stat: Statistiek) -> Cijfer:
    lo, hi = stats.wilson(aantal, n, stats.z_for(stat.betrouwbaarheid))
    hidden = bool(stats.suppressed(n, stat.min_n))
    return Cijfer(indicator, groep, float(aantal), float(n), float(stats.share(aantal, n)), float(lo), float(hi),
                  hidden, "te weinig" if hidden else None)


def rest(whole: Cijfer, part: Cijfer, stat: Statistiek) -> Cijfer:
    """The respondents of `whole` who are not in `part` (k_whole - k_part out of n_whole - n_part).

    `part` must be contained in `whole`; a count below 0 (or above the base) means the two figures do
    not nest, and raises ValueError (validation refuses such input first, with the same slack for
    rounding: `validate.nesting_tolerance`)."""
    aantal = whole.aantal - part.aantal
    n = whole.n - part.n
    tolerance = 0.6 + 0.0005 * whole.n
    if n < -tolerance or aantal < -tolerance or aantal > n + tolerance:
        raise ValueError(f"{part.indicator}/{part.groep}: het deel (k = {part.aantal:g}, n = {part.n:g}) "
                         f"valt niet binnen het geheel (k = {whole.aantal:g}, n = {whole.n:g})")
    n = max(n, 0.0)
    return _figure(whole.indicator, whole.groep, min(max(aantal, 0.0), n), n, stat)


@dataclass(frozen=True)
class Comparison:
    """A figure against what it is compared with: the one record of a comparison, for the number, the
    threshold and the test.

    `own` is the figure compared, `shown` the reference figure a product prints next to it: for a
    reference area the full reference (the test is against its rest, the own respondents taken out),
    for a respondent group the other respondents of the area. `diff` is own minus shown, the
    difference a product prints and the threshold is applied to; `p_value` the two-sided p of own
    against the rest, `se` the pooled standard error of that test (a share).

    compute judges a comparison on its own (`real` at `alfa`; `detectable`, the smallest difference
    these samples could have shown). The verdict every product reads is the area's family's:
    `findings` sets `q_value` (Benjamini-Hochberg over every comparison the catalogue defines for the
    area), `real` ('betekenisvol') and `detectable` with `dataclasses.replace`."""

    diff: float
    p_value: float
    real: bool
    comparable: bool
    own: Cijfer | None = None
    shown: Cijfer | None = None
    detectable: float = NAN
    q_value: float | None = None
    se: float = NAN

    def gap(self, decimals: int = 0) -> fmt.Gap | None:
        """The printed own and reference shares and the gap between the printed numbers."""
        if not self.comparable or self.own is None or self.shown is None:
            return None
        return fmt.gap(self.own.share, self.shown.share, decimals)


def _vs_rest(own: Cijfer, whole: Cijfer, shown: Cijfer | None, diff_against: str,
             stat: Statistiek, min_pp: float | None, others: Cijfer | None = None) -> Comparison:
    other = rest(whole, own, stat) if others is None else others
    shown = whole if shown is None else shown
    if own.suppressed or shown.suppressed or other.n < stat.min_n:
        return Comparison(NAN, 1.0, False, False, own, shown)
    _z, p = stats.difference_test(own.share, own.n, other.share, other.n)
    diff = own.share - (other.share if diff_against == "rest" else shown.share)
    threshold = stat.min_verschil_pp if min_pp is None else min_pp
    real = bool(stats.is_real_difference(diff, p, threshold, stat.alfa))
    detectable = float(stats.detectable_difference(own.share, own.n, other.share, other.n, stat.alfa))
    se = detectable / stats.z_for(1 - stat.alfa)
    return Comparison(float(diff), float(p), real, True, own, shown, max(detectable, threshold / 100), se=se)


def group_vs_rest(total: Cijfer, group: Cijfer, stat: Statistiek,
                  min_pp: float | None = None, others: Cijfer | None = None) -> Comparison:
    """A respondent group against the *other* respondents of its area: one definition for the number,
    the threshold and the test. Group share k_g/n_g against rest share (k_total - k_g)/(n_total - n_g);
    the difference is group minus rest; not comparable when the group or the rest is under min_n.
    The reference a product shows is the rest ('eigenaars 49 % tegenover de andere deelnemers 59 %')."""
    # `others`: the other respondents' own figure, where subtraction cannot give it (a weighted follow-up:
    # effective sample sizes do not add up)
    other = rest(total, group, stat) if others is None else others
    return _vs_rest(group, total, other, "rest", stat, min_pp, others)


def compare_with_rest(own: Cijfer, reference: Cijfer, stat: Statistiek,
                      min_pp: float | None = None) -> Comparison:
    """A municipality against the rest of its province or of Flanders: the test takes the
    municipality's own counts out of the reference (k_ref - k_own out of n_ref - n_own) so the two
    samples are independent; the figure shown for the reference stays the full reference, and the
    printed difference (own minus full reference, which has the same sign and is never larger than own
    minus rest) is the one the threshold applies to. A 2025 merger is passed as its pooled figure
    (`pool` of its 2020 parts), so every part is taken out. Not comparable when the rest is under
    min_n."""
    return _vs_rest(own, reference, None, "shown", stat, min_pp)


def compare_parts(a: Cijfer, b: Cijfer, stat: Statistiek) -> Comparison:
    """Two independent areas against each other (the former municipalities of a merger): the same test,
    threshold and difference as every other comparison, `diff` a minus b; not comparable when either is
    suppressed or under min_n. Its verdict, like every other, comes from a family (findings)."""
    return _vs_rest(a, b, b, "rest", stat, None, others=b)


def gaps_compared(here: Comparison, there: Comparison) -> Comparison:
    """One respondent group's gap (group minus the other participants) in two independent areas, the
    one against the other: `diff` is the difference of the two gaps, its standard error the two gaps'
    unpooled standard errors combined, `p_value` the two-sided normal p. Both comparisons must be
    comparable. Used by the brief to ask whether a group gap is larger here than in the comparison
    group (docs/methode.md)."""
    def gap_se(cmp: Comparison) -> float:
        assert cmp.own is not None and cmp.shown is not None, "a comparable comparison has both figures"
        return math.sqrt(sum(f.share * (1 - f.share) / f.n for f in (cmp.own, cmp.shown) if f.n))

    se = math.hypot(gap_se(here), gap_se(there))
    diff = here.diff - there.diff
    p = math.erfc(abs(diff) / se / math.sqrt(2)) if se > 0 else 1.0
    return Comparison(diff, p, False, True, se=se)

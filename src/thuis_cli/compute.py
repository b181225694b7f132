"""Headline shares per area x indicator x group, with intervals, suppression and comparisons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import stats
from .config import Catalogus, Statistiek


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
    out["suppressed"] = stats.suppressed(out["n"], stat.min_n)
    return out


def figure(table: pd.DataFrame, indicator: str, groep: str = "totaal") -> Cijfer | None:
    try:
        row = table.loc[(indicator, groep)]
    except KeyError:
        return None
    return Cijfer(indicator, groep, float(row["aantal"]), float(row["n"]), float(row["share"]),
                  float(row["lo"]), float(row["hi"]), bool(row["suppressed"]))


@dataclass(frozen=True)
class Vergelijking:
    """A figure against a reference figure: difference in share, test, and whether it is real."""

    diff: float
    p_value: float
    real: bool
    comparable: bool  # both figures publishable


def compare(a: Cijfer | None, b: Cijfer | None, stat: Statistiek, min_pp: float | None = None) -> Vergelijking:
    if a is None or b is None or a.suppressed or b.suppressed:
        return Vergelijking(float("nan"), 1.0, False, False)
    _z, p = stats.difference_test(a.share, a.n, b.share, b.n)
    diff = a.share - b.share
    threshold = stat.min_verschil_pp if min_pp is None else min_pp
    real = bool(stats.is_real_difference(diff, p, threshold, stat.alfa))
    return Vergelijking(diff, float(p), real, True)


def compare_group(total: Cijfer | None, group: Cijfer | None, stat: Statistiek,
                  min_pp: float | None = None) -> Vergelijking:
    """A respondent group against all respondents of its area: the difference is group minus total;
    the test is the group against the *other* respondents, so the two samples are independent."""
    if total is None or group is None or total.suppressed or group.suppressed:
        return Vergelijking(float("nan"), 1.0, False, False)
    rest_n = total.n - group.n
    if rest_n < stat.min_n:
        return Vergelijking(group.share - total.share, 1.0, False, False)
    rest_share = (total.aantal - group.aantal) / rest_n
    _z, p = stats.difference_test(group.share, group.n, rest_share, rest_n)
    diff = group.share - total.share
    threshold = stat.min_verschil_pp if min_pp is None else min_pp
    return Vergelijking(diff, float(p), bool(stats.is_real_difference(diff, p, threshold, stat.alfa)), True)

"""What changed since 2020: per indicator the municipality's 2020 figure, the follow-up's, the change in
percentage points and whether it is more than the two samples can explain.

The test is the two-proportion test thuis uses everywhere (`stats.difference_test`), on the effective
n of the weighted follow-up and the n of 2020: two independent samples. The family is every indicator
outside the profile, the same for every document, adjusted together with Benjamini-Hochberg like an
area's comparisons (`findings.AreaFindings.family`); a change is 'betekenisvol' at the brief's
threshold (`min_verschil_pp`) and false discovery rate (`fdr`). A figure suppressed in either year
(too few respondents: the unweighted n of the follow-up) is not compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import stats
from ..compute import NAN, Cijfer, Comparison, figures, headlines


@dataclass(frozen=True)
class Verandering:
    """One indicator's change since 2020: the comparison (`compute.Comparison`) of the follow-up's
    figure (`own`) with 2020's (`shown`), judged in the family of every indicator (shares are
    fractions; `diff` now minus 2020). The Dutch names are what the templates read."""

    indicator: str
    label: str
    comparison: Comparison

    @property
    def voor(self) -> Cijfer | None:
        """The 2020 figure."""
        return self.comparison.shown

    @property
    def nu(self) -> Cijfer | None:
        """The follow-up's figure (as every product may print it)."""
        return self.comparison.own

    @property
    def diff(self) -> float:
        return self.comparison.diff

    @property
    def p_value(self) -> float:
        return self.comparison.p_value

    @property
    def q_value(self) -> float:
        assert self.comparison.q_value is not None, "every change is judged in the family"
        return self.comparison.q_value

    @property
    def betekenisvol(self) -> bool:
        return self.comparison.real

    @property
    def vergelijkbaar(self) -> bool:
        return self.comparison.comparable

    @property
    def kleiner_dan(self) -> float:
        """Not betekenisvol: the smallest change these samples could have shown."""
        return self.comparison.detectable

    @property
    def richting(self) -> int:
        """+1 more than in 2020, -1 fewer, 0 not betekenisvol."""
        return 0 if not self.betekenisvol else (1 if self.diff > 0 else -1)


@dataclass(frozen=True)
class Veranderingen:
    titel: str
    items: dict[str, Verandering]

    def for_indicators(self, ids: list[str]) -> list[Verandering]:
        return [self.items[i] for i in ids if i in self.items]

    def leading(self, ids: list[str], max_interval_pp: float = 100.0) -> Verandering | None:
        """The largest betekenisvol change among these indicators whose figure of now is solid (its
        interval at most `max_interval_pp` wide, like every finding on page 1): page 1 may lead with it."""
        real = [v for v in self.for_indicators(ids) if v.betekenisvol and v.nu is not None
                and (v.nu.hi - v.nu.lo) * 100 <= max_interval_pp]
        return max(real, key=lambda v: abs(v.diff)) if real else None

    @property
    def family_size(self) -> int:
        return len(self.items)


def compare(ws, opvolging) -> Veranderingen:
    cfg = ws.config
    stat = cfg.instellingen.statistiek
    gebied = ws.gebieden.gemeenten[opvolging.nis]
    area = ws.area(gebied)
    before = figures(headlines(opvolging.before, cfg.catalogus, stat))
    indicators = [ind for ind in cfg.catalogus.indicatoren if ind.thema != "profiel"]
    raw: list[tuple] = []
    for ind in indicators:
        old, new = before.get((ind.id, "totaal")), area.figure(ind.id) if area else None
        usable = old is not None and new is not None and not old.suppressed and not new.suppressed
        if usable:
            assert old is not None and new is not None
            _z, p = stats.difference_test(new.share, new.n, old.share, old.n)
            se = float(stats.detectable_difference(new.share, new.n, old.share, old.n, stat.alfa)) / stats.z_for(
                1 - stat.alfa)
            raw.append((ind, old, new, new.share - old.share, float(p), se, True))
        else:
            raw.append((ind, old, new, NAN, 1.0, NAN, False))
    p_values = [r[4] for r in raw]
    q = stats.bh_adjust(p_values) if p_values else np.array([])
    critical = stats.bh_critical(p_values, stat.fdr) if p_values else np.array([])
    items = {}
    for (ind, old, new, diff, p, se, usable), qv, crit in zip(raw, q, critical):
        real = usable and bool(stats.is_real_difference(diff, qv, stat.min_verschil_pp, stat.fdr))
        detectable = max(stats.z_for(1 - float(crit)) * se, stat.min_verschil_pp / 100) if usable else NAN
        items[ind.id] = Verandering(ind.id, ind.label, Comparison(
            float(diff), p, real, usable, new, old, float(detectable), float(qv), se))
    return Veranderingen(opvolging.titel, items)

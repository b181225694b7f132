"""Signal rules ('aandachtspunten'): which figures matter for a department, strongest first.

Rules come from YAML (diensten.yaml: signaalregels); this module only evaluates them. A difference is
only named when it is large enough (min_pp) and statistically meaningful.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import fmt
from .compute import Cijfer, compare, compare_group, figure
from .config import Config, Indicator, Signaalregel
from .gebieden import Gebied


@dataclass(frozen=True)
class AreaFigures:
    gebied: Gebied
    table: pd.DataFrame  # compute.headlines() of the area

    def get(self, indicator: str, groep: str = "totaal") -> Cijfer | None:
        return figure(self.table, indicator, groep)


@dataclass(frozen=True)
class Aandachtspunt:
    indicator: str
    regel: str
    soort: str
    strength: float
    text: str
    dimensie: str | None = None


def _diff_words(diff: float) -> str:
    amount = fmt.number(abs(diff) * 100, 0)
    unit = "procentpunt"
    return f"{amount} {unit} {'meer' if diff > 0 else 'minder'}"


def evaluate(config: Config, dienst_id: str, area: AreaFigures, references: dict[str, AreaFigures | None]
             ) -> list[Aandachtspunt]:
    """Every aandachtspunt the department's rules find, strongest first."""
    return evaluate_rules(config, config.indicators_for(dienst_id), config.rules_for(dienst_id), area, references)


def evaluate_rules(config: Config, indicators: list[Indicator], rules: dict[str, Signaalregel],
                   area: AreaFigures, references: dict[str, AreaFigures | None]) -> list[Aandachtspunt]:
    """Apply the rules to the indicators of one area; never to a suppressed figure."""
    points = []
    for ind in indicators:
        own = area.get(ind.id)
        if own is None or own.suppressed:
            continue
        for name, rule in rules.items():
            points += _apply(name, rule, ind, own, area, references, config)
    return sorted(points, key=lambda p: (-p.strength, p.indicator, p.regel))


def _apply(name: str, rule: Signaalregel, ind: Indicator, own: Cijfer, area: AreaFigures,
           references: dict[str, AreaFigures | None], config: Config) -> list[Aandachtspunt]:
    stat = config.instellingen.statistiek
    who = area.gebied.naam
    if rule.soort == "verschil":
        ref = references.get(rule.referentie)
        other = ref.get(ind.id) if ref else None
        cmp = compare(own, other, stat, rule.min_pp)
        if not cmp.real:
            return []
        text = (f"{fmt.pct(own.share)} van de deelnemers in {who} {ind.kernlabel} ({fmt.n_label(own.n)}), "
                f"tegenover {fmt.pct(other.share)} in {ref.gebied.in_zin}: {_diff_words(cmp.diff)}.")
        return [Aandachtspunt(ind.id, name, rule.soort, abs(cmp.diff) * 100 * rule.gewicht, text)]
    if rule.soort == "groepsverschil":
        found = []
        for value in config.catalogus.group_values(rule.dimensie):
            group = area.get(ind.id, f"{rule.dimensie}:{value}")
            cmp = compare_group(own, group, stat, rule.min_pp)
            if not cmp.real:
                continue
            diff = cmp.diff
            label = config.catalogus.group_label(f"{rule.dimensie}:{value}")
            text = (f"{fmt.pct(group.share)} van de deelnemers in de groep ‘{label.lower()}’ {ind.kernlabel} "
                    f"({fmt.n_label(group.n)}), tegenover {fmt.pct(own.share)} van alle deelnemers in "
                    f"{who}: {_diff_words(diff)}.")
            found.append(Aandachtspunt(ind.id, name, rule.soort, abs(diff) * 100 * rule.gewicht, text,
                                       rule.dimensie))
        return found
    level = rule.boven if rule.boven is not None else rule.onder
    above = rule.boven is not None
    share_pct = own.share * 100
    # Only when the whole interval lies beyond the level: the figure is clearly above (below) it.
    clear = own.lo * 100 > level if above else own.hi * 100 < level
    if not clear:
        return []
    lead = "Een ruime groep" if above else "Slechts een kleine groep"
    text = (f"{lead}: {fmt.pct(own.share)} van de deelnemers in {who} {ind.kernlabel} "
            f"({fmt.n_label(own.n)}).")
    return [Aandachtspunt(ind.id, name, rule.soort, abs(share_pct - level) * rule.gewicht, text)]


def strongest(points: list[Aandachtspunt], most: int) -> list[Aandachtspunt]:
    """The strongest points, at most one per indicator so that the summary covers several topics."""
    chosen, seen = [], set()
    for point in points:
        if point.indicator in seen:
            continue
        chosen.append(point)
        seen.add(point.indicator)
        if len(chosen) == most:
            break
    return chosen

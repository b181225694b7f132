"""Findings: every figure and comparison a product shows, computed once, typed, without words.

One `AreaFindings` per area holds its headline figures, its comparisons with the reference areas and
between its respondent groups, and the signals ('aandachtspunten') that rules from YAML find in them.
`PeerFindings` does the same for the municipalities of one intervision. Products read these objects
and never call the statistics; every sentence about a finding is written in a template
(`templates/_zinnen.html`), fed with the numbers kept here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from . import stats
from .compute import Cijfer, Vergelijking, compare, compare_group, figure, headlines
from .config import Indicator, Signaalregel
from .gebieden import VLAANDEREN, Gebied

if TYPE_CHECKING:
    from .workspace import Workspace

ReferenceKey = Literal["provincie", "vlaanderen"]


@dataclass(frozen=True)
class Finding:
    """One signal a rule found. `figure` is what the finding is about (a group's figure for a
    group difference); `reference` what it was compared with (None for a level rule)."""

    kind: Literal["verschil", "groepsverschil", "niveau"]
    rule: str
    indicator: str
    area: Gebied
    figure: Cijfer
    strength: float
    reference: Cijfer | None = None
    reference_area: Gebied | None = None  # for 'verschil': the province or Flanders
    group: str = "totaal"  # for 'groepsverschil': 'dimension:value'
    dimension: str | None = None
    diff: float | None = None  # figure minus reference (fraction)
    p_value: float | None = None
    level: float | None = None  # for 'niveau': the level in %
    above: bool | None = None  # for 'niveau': above (True) or below (False) the level

    @property
    def direction(self) -> int:
        """+1 when the figure lies above its reference or level, -1 below."""
        if self.diff is not None:
            return 1 if self.diff > 0 else -1
        return 1 if self.above else -1


class AreaFigures:
    """The headline figures of one area (every indicator and respondent group)."""

    def __init__(self, gebied: Gebied, table):
        self.gebied = gebied
        self.table = table

    def get(self, indicator: str, groep: str = "totaal") -> Cijfer | None:
        return figure(self.table, indicator, groep)


class AreaFindings:
    def __init__(self, ws: Workspace, gebied: Gebied, references: dict[str, Gebied | None]):
        self.ws = ws
        self.gebied = gebied
        self._reference_areas = references
        self._figures: AreaFigures | None = None
        self._comparisons: dict[tuple, Vergelijking] = {}
        self._signals: dict[tuple, list[Finding]] = {}

    # --- figures ---
    @property
    def figures(self) -> AreaFigures:
        if self._figures is None:
            cfg = self.ws.config
            table = headlines(self.ws.dataset.rows_for(self.gebied), cfg.catalogus, cfg.instellingen.statistiek)
            self._figures = AreaFigures(self.gebied, table)
        return self._figures

    def figure(self, indicator: str, groep: str = "totaal") -> Cijfer | None:
        return self.figures.get(indicator, groep)

    def reference(self, key: ReferenceKey) -> AreaFindings | None:
        """The reference area's findings (its province or Flanders); None without data."""
        return self.ws.area(self._reference_areas.get(key))

    def references(self) -> dict[str, AreaFindings]:
        found = {key: self.reference(key) for key in ("provincie", "vlaanderen")}
        return {k: v for k, v in found.items() if v is not None}

    # --- comparisons ---
    def versus(self, indicator: str, key: ReferenceKey, min_pp: float | None = None) -> Vergelijking:
        """The area's headline figure against a reference area's."""
        memo = ("ref", indicator, key, min_pp)
        if memo not in self._comparisons:
            ref = self.reference(key)
            other = ref.figure(indicator) if ref else None
            self._comparisons[memo] = compare(self.figure(indicator), other, self.ws.config.instellingen.statistiek,
                                              min_pp)
        return self._comparisons[memo]

    def group_versus(self, indicator: str, groep: str, min_pp: float | None = None) -> Vergelijking:
        """A respondent group against all respondents of the area (tested against the others)."""
        memo = ("groep", indicator, groep, min_pp)
        if memo not in self._comparisons:
            self._comparisons[memo] = compare_group(self.figure(indicator), self.figure(indicator, groep),
                                                    self.ws.config.instellingen.statistiek, min_pp)
        return self._comparisons[memo]

    # --- signals ---
    def signals(self, indicators: list[Indicator], rules: dict[str, Signaalregel]) -> list[Finding]:
        """Every finding the rules make on the indicators, strongest first; never on a suppressed figure."""
        memo = (tuple(i.id for i in indicators), tuple(sorted(rules.items())))
        if memo not in self._signals:
            found = []
            for ind in indicators:
                own = self.figure(ind.id)
                if own is None or own.suppressed:
                    continue
                for name, rule in rules.items():
                    found += self._apply(name, rule, ind, own)
            self._signals[memo] = sorted(found, key=lambda f: (-f.strength, f.indicator, f.rule))
        return self._signals[memo]

    def _apply(self, name: str, rule: Signaalregel, ind: Indicator, own: Cijfer) -> list[Finding]:
        if rule.soort == "verschil":
            cmp = self.versus(ind.id, rule.referentie, rule.min_pp)
            if not cmp.real:
                return []
            ref = self.reference(rule.referentie)
            return [Finding("verschil", name, ind.id, self.gebied, own, abs(cmp.diff) * 100 * rule.gewicht,
                            reference=ref.figure(ind.id), reference_area=ref.gebied, diff=cmp.diff,
                            p_value=cmp.p_value)]
        if rule.soort == "groepsverschil":
            found = []
            for value in self.ws.config.catalogus.group_values(rule.dimensie):
                groep = f"{rule.dimensie}:{value}"
                cmp = self.group_versus(ind.id, groep, rule.min_pp)
                if cmp.real:
                    found.append(Finding("groepsverschil", name, ind.id, self.gebied, self.figure(ind.id, groep),
                                         abs(cmp.diff) * 100 * rule.gewicht, reference=own, group=groep,
                                         dimension=rule.dimensie, diff=cmp.diff, p_value=cmp.p_value))
            return found
        above = rule.boven is not None
        level = rule.boven if above else rule.onder
        # Only when the whole interval lies beyond the level: the figure is clearly above (below) it.
        if not (own.lo * 100 > level if above else own.hi * 100 < level):
            return []
        return [Finding("niveau", name, ind.id, self.gebied, own, abs(own.share * 100 - level) * rule.gewicht,
                        level=level, above=above)]


def strongest(findings: list[Finding], most: int) -> list[Finding]:
    """The strongest findings, at most one per indicator so that a summary covers several topics."""
    chosen, seen = [], set()
    for f in findings:
        if f.indicator in seen:
            continue
        chosen.append(f)
        seen.add(f.indicator)
        if len(chosen) == most:
            break
    return chosen


# --- the municipalities of one intervision ---------------------------------------------------

@dataclass(frozen=True)
class SharedFinding:
    """Every municipality with enough answers differs from Flanders in the same direction."""

    indicator: str
    direction: int
    figures: tuple[tuple[Gebied, Cijfer], ...]
    reference: Cijfer
    left_out: tuple[Gebied, ...]
    strength: float


@dataclass(frozen=True)
class PairFinding:
    """A real difference between two municipalities of the intervision (high minus low)."""

    indicator: str
    high: Gebied
    high_figure: Cijfer
    low: Gebied
    low_figure: Cijfer
    diff: float
    p_value: float
    strength: float


class PeerFindings:
    def __init__(self, ws: Workspace, peers: list[Gebied]):
        self.ws = ws
        self.peers = peers

    def figure(self, gebied: Gebied, indicator: str) -> Cijfer | None:
        area = self.ws.area(gebied)
        return area.figure(indicator) if area else None

    def shared(self, indicators: list[Indicator]) -> list[SharedFinding]:
        """Indicators where every municipality with enough answers (at least two) differs from
        Flanders in the same direction, each difference real."""
        stat = self.ws.config.instellingen.statistiek
        flanders = self.ws.gebieden.references[VLAANDEREN]
        found = []
        for ind in indicators:
            ref = self.figure(flanders, ind.id)
            figures = [(g, self.figure(g, ind.id)) for g in self.peers]
            usable = [(g, f) for g, f in figures if f is not None and not f.suppressed]
            if ref is None or ref.suppressed or len(usable) < 2:
                continue
            diffs = [compare(f, ref, stat) for _, f in usable]
            if not all(d.real for d in diffs):
                continue
            signs = {d.diff > 0 for d in diffs}
            if len(signs) != 1:
                continue
            left_out = tuple(g for g, f in figures if f is None or f.suppressed)
            found.append(SharedFinding(ind.id, 1 if signs.pop() else -1, tuple(usable), ref, left_out,
                                       min(abs(d.diff) for d in diffs) * 100))
        return sorted(found, key=lambda b: -b.strength)

    def differences(self, indicators: list[Indicator], most: int = 3) -> list[PairFinding]:
        """The largest real differences between two municipalities, at most one per indicator.
        Pairs are tested with a Bonferroni correction over every pair and indicator of the set."""
        stat = self.ws.config.instellingen.statistiek
        pairs = []
        for ind in indicators:
            for a, b in itertools.combinations(self.peers, 2):
                fa, fb = self.figure(a, ind.id), self.figure(b, ind.id)
                if fa is None or fb is None or fa.suppressed or fb.suppressed:
                    continue
                pairs.append((ind, a, fa, b, fb))
        if not pairs:
            return []
        alpha = stat.alfa / len(pairs)
        found = []
        for ind, a, fa, b, fb in pairs:
            _z, p = stats.difference_test(fa.share, fa.n, fb.share, fb.n)
            diff = fa.share - fb.share
            if not stats.is_real_difference(diff, p, stat.min_verschil_pp, alpha):
                continue
            (hi, fhi), (lo, flo) = ((a, fa), (b, fb)) if diff > 0 else ((b, fb), (a, fa))
            found.append(PairFinding(ind.id, hi, fhi, lo, flo, abs(diff), float(p), abs(diff) * 100))
        found.sort(key=lambda b: (-b.strength, b.indicator))
        chosen, seen = [], set()
        for b in found:
            if b.indicator not in seen:
                chosen.append(b)
                seen.add(b.indicator)
        return chosen[:most]

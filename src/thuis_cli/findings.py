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

    # --- workbook findings (issue 13): majority rule, the group pooled, differences by type --------
    # Kept in one block so that it merges apart from changes above. The pair test mirrors
    # `differences()` (one family: every pair and indicator of the set); keep the two alike.

    def shared_by_majority(self, indicators: list[Indicator]) -> list[MajorityFinding]:
        """Indicators where more than half of the municipalities with enough answers (at least two)
        differ really from Flanders in the same direction; names who does and who does not.
        Every municipality in that direction first, then the most members, then the strongest."""
        flanders = self.ws.gebieden.references[VLAANDEREN]
        found = []
        for ind in indicators:
            ref = self.figure(flanders, ind.id)
            figures = [(g, self.figure(g, ind.id)) for g in self.peers]
            usable = [(g, f) for g, f in figures if f is not None and not f.suppressed]
            if ref is None or ref.suppressed or len(usable) < 2:
                continue
            stat = self.ws.config.instellingen.statistiek
            tested = [(g, f, compare(f, ref, stat)) for g, f in usable]
            for direction in (1, -1):
                members = [(g, f, c) for g, f, c in tested if c.real and (c.diff > 0) == (direction > 0)]
                if len(members) < 2 or len(members) * 2 <= len(usable):
                    continue
                inside = {g.nis for g, _f, _c in members}
                opposite = tuple((g, f) for g, f, c in tested if c.real and g.nis not in inside)
                alike = tuple((g, f) for g, f, c in tested if not c.real)
                found.append(MajorityFinding(
                    ind.id, direction, tuple((g, f) for g, f, _c in members), alike, opposite, ref,
                    tuple(g for g, f in figures if f is None or f.suppressed),
                    min(abs(c.diff) for _g, _f, c in members) * 100))
        return sorted(found, key=lambda b: (bool(b.alike or b.opposite), -len(b.members), -b.strength,
                                            b.indicator))

    def pooled_versus_flanders(self, indicators: list[Indicator]) -> list[PooledFinding]:
        """Indicators where the municipalities' participants taken together (counts and bases added
        up) differ really from Flanders, largest difference first. Says which municipality gives most
        of the answers: a pooled figure leans towards the largest one."""
        from .compute import pool

        stat = self.ws.config.instellingen.statistiek
        flanders = self.ws.gebieden.references[VLAANDEREN]
        found = []
        for ind in indicators:
            ref = self.figure(flanders, ind.id)
            usable = [(g, f) for g in self.peers if (f := self.figure(g, ind.id)) is not None and not f.suppressed]
            if ref is None or ref.suppressed or len(usable) < 2:
                continue
            pooled = pool([f for _g, f in usable], stat)
            cmp = compare(pooled, ref, stat)
            if not cmp.real:
                continue
            largest, biggest = max(usable, key=lambda gf: gf[1].n)
            found.append(PooledFinding(ind.id, 1 if cmp.diff > 0 else -1, pooled, ref, cmp.diff, cmp.p_value,
                                       tuple(usable), largest, biggest.n / pooled.n, abs(cmp.diff) * 100))
        return sorted(found, key=lambda b: (-b.strength, b.indicator))

    def differences_by_type(self, indicators: list[Indicator], most: int = 3) -> PairRanking:
        """Real differences between two municipalities, those between municipalities of the same type
        (centrumstad with centrumstad, other with other) apart from the structural ones (a
        centrumstad against another municipality). Largest first, at most one per indicator in each."""
        stat = self.ws.config.instellingen.statistiek
        pairs = []
        for ind in indicators:
            for a, b in itertools.combinations(self.peers, 2):
                fa, fb = self.figure(a, ind.id), self.figure(b, ind.id)
                if fa is None or fb is None or fa.suppressed or fb.suppressed:
                    continue
                pairs.append((ind, a, fa, b, fb))
        found = []
        alpha = stat.alfa / max(len(pairs), 1)
        for ind, a, fa, b, fb in pairs:
            _z, p = stats.difference_test(fa.share, fa.n, fb.share, fb.n)
            diff = fa.share - fb.share
            if not stats.is_real_difference(diff, p, stat.min_verschil_pp, alpha):
                continue
            (hi, fhi), (lo, flo) = ((a, fa), (b, fb)) if diff > 0 else ((b, fb), (a, fa))
            found.append(PairFinding(ind.id, hi, fhi, lo, flo, abs(diff), float(p), abs(diff) * 100))
        found.sort(key=lambda b: (-b.strength, b.indicator))

        def one_per_indicator(items: list[PairFinding]) -> tuple[PairFinding, ...]:
            chosen, seen = [], set()
            for item in items:
                if item.indicator not in seen:
                    chosen.append(item)
                    seen.add(item.indicator)
            return tuple(chosen[:most])

        same = [b for b in found if municipality_type(b.high) == municipality_type(b.low)]
        apart = [b for b in found if municipality_type(b.high) != municipality_type(b.low)]
        types = {g.nis: municipality_type(g) for g in self.peers}
        has_pairs = any(types[a.nis] == types[b.nis] for a, b in itertools.combinations(self.peers, 2))
        return PairRanking(one_per_indicator(same), one_per_indicator(apart), has_pairs, types)


# --- workbook findings (issue 13) ------------------------------------------------------------------

CENTRUMSTEDEN = frozenset({"Aalst", "Antwerpen", "Brugge", "Genk", "Gent", "Hasselt", "Kortrijk", "Leuven",
                           "Mechelen", "Oostende", "Roeselare", "Sint-Niklaas", "Turnhout"})
"""The thirteen centrumsteden of the Flemish urban policy: differences between one of them and
another municipality are structural (city against countryside), not something to learn from."""


def municipality_type(gebied: Gebied) -> Literal["centrumstad", "gemeente"]:
    return "centrumstad" if gebied.naam in CENTRUMSTEDEN else "gemeente"


@dataclass(frozen=True)
class MajorityFinding:
    """More than half of the municipalities with enough answers differ from Flanders in the same
    direction (`members`); `alike` do not differ really, `opposite` differ the other way."""

    indicator: str
    direction: int
    members: tuple[tuple[Gebied, Cijfer], ...]
    alike: tuple[tuple[Gebied, Cijfer], ...]
    opposite: tuple[tuple[Gebied, Cijfer], ...]
    reference: Cijfer
    left_out: tuple[Gebied, ...]
    strength: float

    @property
    def unanimous(self) -> bool:
        return not self.alike and not self.opposite


@dataclass(frozen=True)
class PooledFinding:
    """The participants of the group taken together against Flanders. `largest` gives the share
    `largest_part` of the pooled answers."""

    indicator: str
    direction: int
    figure: Cijfer
    reference: Cijfer
    diff: float
    p_value: float
    parts: tuple[tuple[Gebied, Cijfer], ...]
    largest: Gebied
    largest_part: float
    strength: float


@dataclass(frozen=True)
class PairRanking:
    """Differences between municipalities of the same type (`comparable`) and across types
    (`structural`); `has_comparable_pairs` says whether the group has two of the same type at all."""

    comparable: tuple[PairFinding, ...]
    structural: tuple[PairFinding, ...]
    has_comparable_pairs: bool
    types: dict[str, str]

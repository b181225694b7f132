"""The findings of one intervision: every pair of municipalities (`PeerFindings`, the workbook's one
family of comparisons), shared challenges by the majority rule, gaps with Flanders and the ranking of
pairs by municipality type. Like `findings`, numbers only: the workbook's templates say them."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from . import fmt, stats
from .comparison_groups import MunicipalityType, municipality_type
from .compute import NAN, Cijfer, Comparison
from .config_catalogue import Indicator
from .gebieden import VLAANDEREN, Gebied

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(frozen=True)
class PairFinding:
    """A real difference between two municipalities of the intervision: `comparison` is the high
    municipality's figure (`own`) against the low one's (`shown`), `diff` high minus low, with the
    pair's p-value and its Benjamini-Hochberg q-value within the workbook."""

    indicator: str
    high: Gebied
    low: Gebied
    comparison: Comparison
    strength: float

    @property
    def high_figure(self) -> Cijfer:
        assert self.comparison.own is not None, "a pair is tested on two figures"
        return self.comparison.own

    @property
    def low_figure(self) -> Cijfer:
        assert self.comparison.shown is not None, "a pair is tested on two figures"
        return self.comparison.shown

    @property
    def diff(self) -> float:
        return self.comparison.diff

    @property
    def q_value(self) -> float:
        assert self.comparison.q_value is not None, "a pair is judged in the workbook's family"
        return self.comparison.q_value

    @property
    def gap(self) -> fmt.Gap:
        """The two printed shares (high, low) and the gap between the printed numbers."""
        return fmt.gap(self.high_figure.share, self.low_figure.share)


class PeerFindings:
    """The municipalities of one intervision. A municipality against Flanders is judged by that
    municipality's own family (the verdict its briefs and infographic give). What only the workbook
    compares (each pair of municipalities, for every indicator of `indicators`) is the workbook's one
    family, adjusted together with Benjamini-Hochberg; without `indicators` the family is the
    indicators of each call.
    The municipalities never overlap (`overlapping` finds a merger beside one of its own parts)."""

    def __init__(self, ws: Workspace, peers: list[Gebied], indicators: list[Indicator] | None = None):
        self.ws = ws
        self.peers = peers
        self.indicators = indicators
        self._families: dict[tuple, dict[tuple, Comparison]] = {}

    def figure(self, gebied: Gebied, indicator: str) -> Cijfer | None:
        area = self.ws.area(gebied)
        return area.figure(indicator) if area else None

    def versus_flanders(self, gebied: Gebied, indicator: str) -> Comparison:
        """The municipality against the rest of Flanders, as its own family judges it."""
        area = self.ws.area(gebied)
        return area.versus(indicator, "vlaanderen") if area else Comparison(NAN, 1.0, False, False)

    def _family(self, indicators: list[Indicator]) -> dict[tuple, Comparison]:
        """(kind, indicator, a, b) -> the comparison of a with b (difference a minus b) with its
        q-value and verdict, for every comparison of the workbook's family: each pair of municipalities
        ('paar'), for every indicator. One that cannot be tested (a figure suppressed) stays in the
        family with p = 1 and difference NaN."""
        family = self.indicators or indicators
        memo = tuple(i.id for i in family)
        if memo not in self._families:
            raw: dict[tuple, Comparison] = {}
            for ind in family:
                for a, b in itertools.combinations(self.peers, 2):
                    fa, fb = self.figure(a, ind.id), self.figure(b, ind.id)
                    if fa is None or fb is None or fa.suppressed or fb.suppressed:
                        raw[("paar", ind.id, a.nis, b.nis)] = Comparison(NAN, 1.0, False, False, fa, fb)
                        continue
                    _z, p = stats.difference_test(fa.share, fa.n, fb.share, fb.n)
                    raw[("paar", ind.id, a.nis, b.nis)] = Comparison(fa.share - fb.share, float(p), False, True, fa, fb)
            keys = list(raw)
            q = stats.bh_adjust([raw[k].p_value for k in keys]) if keys else np.array([])
            floor = self.chance_floor(family)
            self._families[memo] = {k: replace(raw[k], q_value=float(v),
                                               real=self._real(raw[k].diff, float(v)) and raw[k].p_value < floor)
                                    for k, v in zip(keys, q)}
        return self._families[memo]

    def chance_floor(self, indicators: list[Indicator]) -> float:
        """One rule for the whole workbook: the smallest p-value among the differences with Flanders
        that are large enough (`min_verschil_pp`) but called chance (their municipality's own family).
        A pair of municipalities is betekenisvol only with a smaller p-value, so that the workbook never
        calls a pair real that is weaker evidence than a gap with Flanders it calls chance. 1.0 (no
        bound) when there is no such gap."""
        stat = self.ws.config.instellingen.statistiek
        found = [c.p_value for g in self.peers for ind in indicators
                 if (c := self.versus_flanders(g, ind.id)).comparable and not c.real
                 and c.own is not None and c.shown is not None
                 and abs(float(fmt.gap(c.own.share, c.shown.share).value)) >= stat.min_verschil_pp]
        return min(found, default=math.inf)

    def _real(self, diff: float, q: float) -> bool:
        stat = self.ws.config.instellingen.statistiek
        return bool(stats.is_real_difference(diff, q, stat.min_verschil_pp, stat.fdr))

    def differences(self, indicators: list[Indicator], most: int = 3) -> list[PairFinding]:
        """The largest betekenisvol differences between two municipalities, at most one per indicator
        (Benjamini-Hochberg over the workbook's comparisons)."""
        return list(_one_per_indicator(self.real_pairs(indicators), most))

    def real_pairs(self, indicators: list[Indicator]) -> list[PairFinding]:
        """Every betekenisvol difference between two municipalities, largest first (the workbook's
        Benjamini-Hochberg family)."""
        family = self._family(indicators)
        found = []
        for ind in indicators:
            for a, b in itertools.combinations(self.peers, 2):
                tested = family.get(("paar", ind.id, a.nis, b.nis))
                if tested is None or not tested.real:
                    continue
                if tested.diff > 0:
                    found.append(PairFinding(ind.id, a, b, tested, tested.diff * 100))
                else:  # told the other way round: the higher municipality first
                    flipped = replace(tested, diff=-tested.diff, own=tested.shown, shown=tested.own)
                    found.append(PairFinding(ind.id, b, a, flipped, -tested.diff * 100))
        return sorted(found, key=lambda b: (-b.strength, b.indicator))

    # --- workbook findings: the majority pattern, what stands out for one municipality, pairs by type --
    # Kept in one block so that it merges apart from changes above. The pair test mirrors
    # `differences()` (one family: every pair and indicator of the set); keep the two alike.

    def _against_flanders(self, indicators: list[Indicator]):
        """Per indicator with a publishable Flanders figure and at least two publishable municipalities:
        (indicator, Flanders' figure, every municipality's figure, the publishable ones)."""
        flanders = self.ws.gebieden.references[VLAANDEREN]
        for ind in indicators:
            ref = self.figure(flanders, ind.id)
            figures = [(g, self.figure(g, ind.id)) for g in self.peers]
            usable = [(g, f) for g, f in figures if f is not None and not f.suppressed]
            if ref is not None and not ref.suppressed and len(usable) >= 2:
                yield ind, ref, figures, usable

    def side_of_flanders(self, figure: Cijfer, reference: Cijfer) -> int:
        """+1 when the printed share lies at least `min_verschil_pp` above Flanders' printed share, -1
        when as far below, 0 when closer (a plain reading of the chart; whether the gap is betekenisvol is
        the municipality's own verdict, told apart)."""
        stat = self.ws.config.instellingen.statistiek
        gap = float(fmt.gap(figure.share, reference.share).value)
        return 0 if abs(gap) < stat.min_verschil_pp else (1 if gap > 0 else -1)

    def _one_side(self, indicators: list[Indicator]):
        """Per indicator and side of Flanders with at least two municipalities at least
        `min_verschil_pp` on that side (printed shares): a MajorityFinding of them, its strength the gap
        of the mean of all municipalities that publish the figure, `real` those whose own family calls
        the difference betekenisvol. The three rules below choose from these."""
        for ind, ref, shown, usable in self._against_flanders(indicators):
            sides = {g.nis: self.side_of_flanders(f, ref) for g, f in usable}
            mean = sum(f.share for _g, f in usable) / len(usable)
            for direction in (1, -1):
                members = tuple((g, f) for g, f in usable if sides[g.nis] == direction)
                if len(members) < 2:
                    continue
                real = tuple(g for g, _f in members if (c := self.versus_flanders(g, ind.id)).comparable and c.real
                             and (c.diff > 0) == (direction > 0))
                yield MajorityFinding(
                    ind.id, direction, members,
                    tuple((g, f) for g, f in usable if sides[g.nis] == 0),
                    tuple((g, f) for g, f in usable if sides[g.nis] == -direction),
                    ref, tuple(g for g, f in shown if f is None or f.suppressed), abs(mean - ref.share) * 100,
                    real, mean, len(usable),
                    tuple(g for g, f in shown if f is not None and f.suppressed and f.reden == "afgeleid"))

    @staticmethod
    def _by_members_mean(finding: MajorityFinding) -> MajorityFinding:
        """The same finding, its strength the gap of its members' own mean (a pattern's strength)."""
        own_mean = sum(f.share for _g, f in finding.members) / len(finding.members)
        return replace(finding, strength=abs(own_mean - finding.reference.share) * 100)

    @staticmethod
    def _ranked(found: list[MajorityFinding]) -> list[MajorityFinding]:
        return sorted(found, key=lambda b: (-len(b.members) / b.counted, -b.strength, b.indicator))

    def shared_by_majority(self, indicators: list[Indicator]) -> list[MajorityFinding]:
        """The majority rule for a shared challenge (docs/methode.md): more than half of the
        municipalities that publish the figure (at least two) lie on the same side of Flanders by at
        least `min_verschil_pp` (printed shares), at least one of them differs betekenisvol (its own
        family's verdict), and the unweighted mean of the municipalities (each counts once, whatever
        its number of participants) lies on that side by at least `min_verschil_pp` too. Most members
        first, then the largest gap of the mean."""
        stat = self.ws.config.instellingen.statistiek
        return self._ranked([b for b in self._one_side(indicators)
                             if len(b.members) * 2 > b.counted and b.real
                             and (b.mean - b.reference.share) * b.direction * 100 >= stat.min_verschil_pp - 1e-9])

    def patterns_by_half(self, indicators: list[Indicator]) -> list[MajorityFinding]:
        """A pattern that is no shared challenge (docs/methode.md): at least half of the municipalities
        that publish the figure, and at least two, lie at least `min_verschil_pp` on the same side of
        Flanders (printed shares), and at least one of them differs betekenisvol, but the majority rule
        does not hold (exactly half, or the unweighted mean lies too close to Flanders). The workbook
        names it as 'een patroon bij 3 gemeenten' so that the facilitator has it to discuss. Most
        members first, then the largest gap of the members' mean."""
        shared = {(b.indicator, b.direction) for b in self.shared_by_majority(indicators)}
        return self._ranked([self._by_members_mean(b) for b in self._one_side(indicators)
                             if len(b.members) * 2 >= b.counted and b.real
                             and (b.indicator, b.direction) not in shared])

    def chance_patterns(self, indicators: list[Indicator]) -> list[MajorityFinding]:
        """What looks like a pattern on the chart but is none (docs/methode.md): at least half of the
        municipalities that publish the figure, and at least two, lie at least `min_verschil_pp` on the
        same side of Flanders, but none of them differs betekenisvol. The workbook names it so that the
        facilitator can say why it is no pattern (it can be chance). Most members first."""
        return self._ranked([self._by_members_mean(b) for b in self._one_side(indicators)
                             if len(b.members) * 2 >= b.counted and not b.real])

    def versus_flanders_real(self, gebied: Gebied, indicators: list[Indicator]) -> list[FlandersGap]:
        """The betekenisvol differences of one municipality with Flanders (its own family's verdict),
        largest first: what stands out for it before the session."""
        found = []
        for ind in indicators:
            cmp = self.versus_flanders(gebied, ind.id)
            if cmp.comparable and cmp.real and cmp.own is not None and cmp.shown is not None:
                found.append(FlandersGap(ind.id, gebied, cmp.own, cmp.shown,
                                         abs(float(fmt.gap(cmp.own.share, cmp.shown.share).value))))
        return sorted(found, key=lambda b: (-b.strength, b.indicator))

    def versus_flanders_chance(self, gebied: Gebied, indicators: list[Indicator]) -> list[FlandersGap]:
        """The gaps of one municipality with Flanders that the charts mark as possibly chance (open dot): a printed
        gap of at least `min_verschil_pp`, not betekenisvol by its own family; largest first. Never a difference:
        a question may only ask whether the municipality recognises it."""
        least = self.ws.config.instellingen.statistiek.min_verschil_pp
        found = []
        for ind in indicators:
            cmp = self.versus_flanders(gebied, ind.id)
            if cmp.comparable and not cmp.real and cmp.own is not None and cmp.shown is not None:
                printed = abs(float(fmt.gap(cmp.own.share, cmp.shown.share).value))
                if printed >= least:
                    found.append(FlandersGap(ind.id, gebied, cmp.own, cmp.shown, printed, real=False))
        return sorted(found, key=lambda b: (-b.strength, b.indicator))

    def published(self, gebied: Gebied, indicators: list[Indicator]) -> int:
        """How many of `indicators` have a publishable figure for the municipality (0: too few
        participants to say anything about it on its own)."""
        return sum(1 for ind in indicators if (f := self.figure(gebied, ind.id)) is not None and not f.suppressed)

    def differences_by_type(self, indicators: list[Indicator], most: int = 3) -> PairRanking:
        """Real differences between two municipalities, those between municipalities of the same type
        (centrumstad with centrumstad, other with other) apart from the structural ones (a
        centrumstad against another municipality). Largest first, at most one per indicator in each."""
        found = self.real_pairs(indicators)  # one family with the other comparisons: Benjamini-Hochberg

        def one_per_indicator(items: list[PairFinding]) -> tuple[PairFinding, ...]:
            return _one_per_indicator(items, most)

        types = {g.nis: municipality_type(self.ws, g) for g in self.peers}
        same = [b for b in found if types[b.high.nis] == types[b.low.nis]]
        apart = [b for b in found if types[b.high.nis] != types[b.low.nis]]
        has_figures = [g for g in self.peers if self.published(g, indicators)]
        has_pairs = any(types[a.nis] == types[b.nis] for a, b in itertools.combinations(has_figures, 2))
        return PairRanking(one_per_indicator(same), one_per_indicator(apart), has_pairs, types)


def _one_per_indicator(items: list[PairFinding], most: int) -> tuple[PairFinding, ...]:
    """The first (largest) item of each indicator, at most `most`."""
    chosen, seen = [], set()
    for item in items:
        if item.indicator not in seen:
            chosen.append(item)
            seen.add(item.indicator)
    return tuple(chosen[:most])


@dataclass(frozen=True)
class MajorityFinding:
    """A shared challenge by the majority rule: `members` (more than half of the `counted`
    municipalities) lie at least `min_verschil_pp` on the same side of Flanders; `real` are the members
    whose difference is betekenisvol; `alike` lie closer to Flanders, `opposite` as far on the other
    side; `mean` is the unweighted mean share of the counted municipalities, `strength` its gap with
    Flanders in percentage points. `left_out` have no figure to count (too few answers, or `hidden`), so
    'more than half' is of the `counted` ones, and the sentences say who is left out and why."""

    indicator: str
    direction: int
    members: tuple[tuple[Gebied, Cijfer], ...]
    alike: tuple[tuple[Gebied, Cijfer], ...]
    opposite: tuple[tuple[Gebied, Cijfer], ...]
    reference: Cijfer
    left_out: tuple[Gebied, ...]
    strength: float
    real: tuple[Gebied, ...] = ()
    mean: float = NAN
    counted: int = 0
    hidden: tuple[Gebied, ...] = ()  # of `left_out`: enough answers, but not shown (it would give away a small one)

    @property
    def shares(self) -> tuple[float, ...]:
        """The shares of every counted municipality (those `mean` averages), for the printed mean."""
        return tuple(f.share for _g, f in self.members + self.alike + self.opposite)

    @property
    def unanimous(self) -> bool:
        return not self.alike and not self.opposite

    def has(self, gebied: Gebied) -> bool:
        return any(g.nis == gebied.nis for g, _f in self.members)


@dataclass(frozen=True)
class FlandersGap:
    """A betekenisvol difference of one municipality with Flanders (`figure` against `reference`); with `real`
    false, a gap the charts mark as possibly chance (`PeerFindings.versus_flanders_chance`)."""

    indicator: str
    area: Gebied
    figure: Cijfer
    reference: Cijfer
    strength: float
    real: bool = True

    @property
    def direction(self) -> int:
        return 1 if self.figure.share > self.reference.share else -1

    @property
    def gap(self) -> fmt.Gap:
        return fmt.gap(self.figure.share, self.reference.share)


@dataclass(frozen=True)
class PairRanking:
    """Differences between municipalities of the same type (`comparable`) and across types
    (`structural`); `has_comparable_pairs` says whether the group has two of the same type at all."""

    comparable: tuple[PairFinding, ...]
    structural: tuple[PairFinding, ...]
    has_comparable_pairs: bool
    types: dict[str, MunicipalityType]

"""Findings: every figure and comparison a product shows, computed once, typed, without words.

One `AreaFindings` per area holds its headline figures, its comparisons with the reference areas and
between its respondent groups, and the signals ('aandachtspunten') that rules from YAML find in them.
`PeerFindings` does the same for the municipalities of one intervision. Products read these objects
and never call the statistics; every sentence about a finding is written in a template
(`templates/_zinnen.html`), fed with the numbers kept here.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from . import fmt, stats
from .compute import Cijfer, Restvergelijking, compare_with_rest, figures, group_vs_rest, headlines, pool
from .config import Indicator, Signaalregel
from .gebieden import VLAANDEREN, Gebied

if TYPE_CHECKING:
    from .workspace import Workspace

ReferenceKey = Literal["provincie", "vergelijking", "vlaanderen"]
REFERENCE_KEYS: tuple[str, ...] = ("provincie", "vergelijking", "vlaanderen")
NAN = float("nan")


@dataclass(frozen=True)
class Vergelijkingsgroep(Gebied):
    """The comparison group of one municipality: similar municipalities pooled by respondents (the
    municipality itself left out). `naam` is its name in tables, `zin` its name inside a sentence."""

    zin: str = ""
    leden: tuple[str, ...] = ()  # the NIS codes of the member municipalities (2020 or 2025)
    members: tuple[Gebied, ...] = ()

    @property
    def kort(self) -> str:
        return self.naam

    @property
    def in_zin(self) -> str:
        return self.zin

    @property
    def is_reference(self) -> bool:
        return True


def area_key(gebied: Gebied) -> str:
    """A key that tells areas apart even when they share a NIS code: merged Antwerpen (2025) keeps
    11002, the code of its 2020 part Antwerpen; a comparison group is keyed by the codes it pools."""
    if gebied.soort == "vergelijking":
        return "vergelijking:" + gebied.nis + ":" + "+".join(gebied.codes)
    if gebied.onderdelen:
        return gebied.nis + "=" + "+".join(gebied.onderdelen)
    return gebied.nis


@dataclass(frozen=True)
class Comparison:
    """A figure against what it is compared with, one definition for the number, threshold and test.

    For a reference area the test is against the rest of the reference (the own respondents taken out)
    and `shown` is the full reference a product prints; `diff` is own minus shown. For a respondent
    group `shown` is the other respondents of the area and `diff` is group minus the others.
    `real` ('betekenisvol') is the document's verdict (Benjamini-Hochberg over every comparison the
    document makes, `q_value`) inside a `DocumentScope`; outside one it is the single test at alfa.
    `detectable` is the smallest difference these samples could have shown (a share)."""

    diff: float
    p_value: float
    real: bool
    comparable: bool
    own: Cijfer | None = None
    shown: Cijfer | None = None
    detectable: float = NAN
    q_value: float | None = None

    def gap(self, decimals: int = 0) -> fmt.Gap | None:
        """The printed own and reference shares and the gap between the printed numbers."""
        if not self.comparable or self.own is None or self.shown is None:
            return None
        return fmt.gap(self.own.share, self.shown.share, decimals)


def _from_rest(cmp: Restvergelijking | None) -> Comparison:
    if cmp is None:
        return Comparison(NAN, 1.0, False, False)
    return Comparison(cmp.diff, cmp.p_value, cmp.real, cmp.comparable, cmp.own, cmp.shown, cmp.detectable)


@dataclass(frozen=True)
class Finding:
    """One signal a rule found. `figure` is what the finding is about (a group's figure for a
    group difference); `reference` what it was compared with (None for a level rule): the full
    reference area's figure for 'verschil', the other respondents of the area for 'groepsverschil'."""

    kind: Literal["verschil", "groepsverschil", "niveau"]
    rule: str
    indicator: str
    area: Gebied
    figure: Cijfer
    strength: float
    reference: Cijfer | None = None
    reference_area: Gebied | None = None  # for 'verschil': the province, comparison group or Flanders
    group: str = "totaal"  # for 'groepsverschil': 'dimension:value'
    dimension: str | None = None
    diff: float | None = None  # figure minus reference (fraction)
    p_value: float | None = None
    level: float | None = None  # for 'niveau': the level in %
    above: bool | None = None  # for 'niveau': above (True) or below (False) the level
    q_value: float | None = None  # Benjamini-Hochberg over the document's comparisons

    @property
    def direction(self) -> int:
        """+1 when the figure lies above its reference or level, -1 below."""
        if self.diff is not None:
            return 1 if self.diff > 0 else -1
        return 1 if self.above else -1

    @property
    def gap(self) -> fmt.Gap | None:
        """The two printed shares and the gap between the printed numbers (they always subtract)."""
        if self.reference is None:
            return None
        return fmt.gap(self.figure.share, self.reference.share)


class AreaFigures:
    """The headline figures of one area (every indicator and respondent group)."""

    def __init__(self, gebied: Gebied, table):
        self.gebied = gebied
        self.table = table
        self._by_key = figures(table)

    def get(self, indicator: str, groep: str = "totaal") -> Cijfer | None:
        return self._by_key.get((indicator, groep))


class AreaFindings:
    def __init__(self, ws: Workspace, gebied: Gebied, references: dict[str, Gebied | None]):
        self.ws = ws
        self.gebied = gebied
        self.key = area_key(gebied)
        self._reference_areas = references
        self._figures: AreaFigures | None = None
        self._comparisons: dict[tuple, Comparison] = {}
        self._scopes: dict[tuple, DocumentScope] = {}
        self._hidden: frozenset | None = None
        self._pooled_figures: dict[tuple[str, str], Cijfer | None] = {}
        self._answers: dict[str, dict[str, float]] | None = None

    # --- figures ---
    @property
    def figures(self) -> AreaFigures:
        if self._figures is None:
            cfg = self.ws.config
            table = headlines(self.ws.dataset.rows_for(self.gebied), cfg.catalogus, cfg.instellingen.statistiek)
            self._figures = AreaFigures(self.gebied, table)
        return self._figures

    def raw_figure(self, indicator: str, groep: str = "totaal") -> Cijfer | None:
        """The figure before secondary suppression (for the statistics, never for printing)."""
        return self.figures.get(indicator, groep)

    def figure(self, indicator: str, groep: str = "totaal") -> Cijfer | None:
        """The figure as every product may print it: suppressed when n < min_n ('te weinig') and when
        subtraction across the run's tables would give it away ('afgeleid', secondary suppression)."""
        if isinstance(self.gebied, Vergelijkingsgroep):
            return self._pooled(indicator, groep)
        fig = self.figures.get(indicator, groep)
        if fig is None or fig.suppressed or self.gebied.is_reference:
            return fig
        if self._hidden is None:
            self._hidden = self.ws.hidden_cells(self.gebied)
        if (self.key, indicator, groep) in self._hidden:
            return fig.hidden("afgeleid")
        return fig

    def answer_counts(self, indicator: str) -> dict[str, float]:
        """How many of the area's respondents (group 'totaal') gave each answer: the parts of a bar.
        Counted for every indicator at once, the first time any is asked for. A comparison group adds
        up the members that publish the figure, the same ones its pooled figure holds."""
        if isinstance(self.gebied, Vergelijkingsgroep):
            counts: dict[str, float] = {}
            for member in self._publishing(indicator, "totaal"):
                for answer, count in member.answer_counts(indicator).items():
                    counts[answer] = counts.get(answer, 0.0) + count
            return counts
        if self._answers is None:
            rows = self.ws.dataset.rows_for(self.gebied)
            rows = rows[rows["groep"] == "totaal"]
            sums = rows.groupby(["indicator", "antwoord"], sort=False, observed=True)["aantal"].sum()
            self._answers = {}
            for (ind, answer), count in sums.items():
                self._answers.setdefault(str(ind), {})[str(answer)] = float(count)
        return self._answers.get(indicator, {})

    def _pooled(self, indicator: str, groep: str) -> Cijfer | None:
        """A comparison group pools only what its members publish: a cell a member hides (too few
        answers, or secondary suppression) stays out, so the pooled figure minus the published members
        can never give a hidden cell away."""
        if (indicator, groep) not in self._pooled_figures:
            self._pooled_figures[indicator, groep] = self._pool(indicator, groep)
        return self._pooled_figures[indicator, groep]

    def _pool(self, indicator: str, groep: str) -> Cijfer | None:
        parts = [member.figure(indicator, groep) for member in self._publishing(indicator, groep)]
        return pool(parts, self.ws.config.instellingen.statistiek) if parts else None

    def _publishing(self, indicator: str, groep: str) -> list[AreaFindings]:
        """The members of a comparison group that publish this figure."""
        members = [self.ws.area(g) for g in self.gebied.members]
        return [m for m in members if m is not None and (f := m.figure(indicator, groep)) is not None
                and not f.suppressed]

    def reference(self, key: ReferenceKey) -> AreaFindings | None:
        """The reference area's findings (its province, its comparison group or Flanders); None without
        data, and None for a comparison group without enough respondents."""
        gebied = self._reference_areas.get(key)
        if gebied is None:
            return None
        area = self.ws.area(gebied)
        if area is not None and key == "vergelijking" and not area.large_enough():
            return None
        return area

    def references(self) -> dict[str, AreaFindings]:
        """The reference areas in the order products show them: provincie, vergelijking, vlaanderen."""
        found = {key: self.reference(key) for key in REFERENCE_KEYS}
        return {k: v for k, v in found.items() if v is not None}

    def large_enough(self) -> bool:
        """At least min_n respondents (for a comparison group: shown only then)."""
        return self.ws.respondents(self.gebied) >= self.ws.config.instellingen.statistiek.min_n

    # --- comparisons (one test each; a document reads them through its DocumentScope) ---
    def versus(self, indicator: str, key: ReferenceKey, min_pp: float | None = None) -> Comparison:
        """The area's headline figure against a reference area's: tested against the rest of the
        reference (the own respondents taken out; the comparison group never holds them); the
        difference is own minus the full reference as shown."""
        memo = ("ref", indicator, key, min_pp)
        if memo not in self._comparisons:
            stat = self.ws.config.instellingen.statistiek
            ref = self.reference(key)
            own, other = self.figure(indicator), (ref.figure(indicator) if ref else None)
            if own is None or other is None or own.suppressed or other.suppressed:
                cmp = Comparison(NAN, 1.0, False, False, own, other)
            elif key == "vergelijking":  # disjoint samples: the group against the pooled whole's rest
                cmp = _from_rest(group_vs_rest(pool([own, other], stat), own, stat, min_pp))
            else:
                cmp = _from_rest(compare_with_rest(own, other, stat, min_pp))
            self._comparisons[memo] = cmp
        return self._comparisons[memo]

    def group_versus(self, indicator: str, groep: str, min_pp: float | None = None) -> Comparison:
        """A respondent group against the *other* respondents of the area: the difference (group minus
        the others), the threshold and the test are about that one comparison."""
        memo = ("groep", indicator, groep, min_pp)
        if memo not in self._comparisons:
            stat = self.ws.config.instellingen.statistiek
            total, group = self.raw_figure(indicator), self.figure(indicator, groep)
            if total is None or group is None or group.suppressed or self.figure(indicator).suppressed:
                cmp = Comparison(NAN, 1.0, False, False, group, None)
            else:
                cmp = _from_rest(group_vs_rest(total, group, stat, min_pp))
            self._comparisons[memo] = cmp
        return self._comparisons[memo]

    def detectable(self, indicator: str, key: str) -> float:
        """The smallest difference (a share) the comparison with reference `key` (or group
        'dimension:value') could have shown; NaN when not comparable."""
        cmp = self.group_versus(indicator, key) if ":" in key else self.versus(indicator, key)
        return cmp.detectable if cmp.comparable else NAN

    # --- one document's comparisons ---
    def document_scope(self, indicators: list[Indicator], rules: dict[str, Signaalregel],
                       groups: tuple[str, ...] = (), references: tuple[str, ...] | None = None) -> DocumentScope:
        """Every comparison one document makes, adjusted together (Benjamini-Hochberg): the reference
        comparisons it shows (`references`, default every reference of the area), the group
        comparisons of every dimension its rules look at and of the dimensions in `groups`, and the
        references its rules name. Table, summary and signals all read this one result."""
        refs = tuple(self.references()) if references is None else tuple(references)
        refs = tuple(dict.fromkeys(refs + tuple(r.referentie for r in rules.values() if r.soort == "verschil")))
        dims = tuple(dict.fromkeys(tuple(groups) + tuple(r.dimensie for r in rules.values()
                                                         if r.soort == "groepsverschil")))
        memo = (tuple(i.id for i in indicators), tuple(sorted(rules.items())), refs, dims)
        if memo not in self._scopes:
            self._scopes[memo] = DocumentScope(self, list(indicators), dict(rules), refs, dims)
        return self._scopes[memo]

    # --- signals ---
    def signals(self, indicators: list[Indicator], rules: dict[str, Signaalregel]) -> list[Finding]:
        """Every finding the rules make on the indicators, strongest first; never on a suppressed
        figure; 'betekenisvol' after Benjamini-Hochberg over the comparisons of the document scope."""
        return self.document_scope(indicators, rules).signals()


@dataclass
class DocumentScope:
    """The comparisons of one document and their verdict after Benjamini-Hochberg (`statistiek.fdr`)."""

    area: AreaFindings
    indicators: list[Indicator]
    rules: dict[str, Signaalregel]
    refs: tuple[str, ...]
    dims: tuple[str, ...]
    _comparisons: dict[tuple, Comparison] = field(default_factory=dict, repr=False)
    _signals: list[Finding] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        area, cat = self.area, self.area.ws.config.catalogus
        stat = area.ws.config.instellingen.statistiek
        raw: dict[tuple, Comparison] = {}
        for ind in self.indicators:
            for key in self.refs:
                raw[("ref", ind.id, key)] = area.versus(ind.id, key)
            for dim in self.dims:
                for value in cat.group_values(dim):
                    raw[("groep", ind.id, f"{dim}:{value}")] = area.group_versus(ind.id, f"{dim}:{value}")
        keys = [k for k, c in raw.items() if c.comparable]
        q = stats.bh_adjust([raw[k].p_value for k in keys]) if keys else []
        self.q_values = {k: float(v) for k, v in zip(keys, q)}
        self.family_size = len(keys)
        for k, c in raw.items():
            qv = self.q_values.get(k)
            real = qv is not None and self._real(c.diff, qv, None)
            self._comparisons[k] = Comparison(c.diff, c.p_value, real, c.comparable, c.own, c.shown,
                                              c.detectable, qv)
        self._stat = stat

    def _real(self, diff: float, q: float, min_pp: float | None) -> bool:
        stat = self.area.ws.config.instellingen.statistiek
        threshold = stat.min_verschil_pp if min_pp is None else min_pp
        return bool(stats.is_real_difference(diff, q, threshold, stat.fdr))

    def versus(self, indicator: str, key: str) -> Comparison:
        """The comparison with a reference as the document judges it."""
        return self._comparisons.get(("ref", indicator, key)) or self.area.versus(indicator, key)

    def group_versus(self, indicator: str, groep: str) -> Comparison:
        return self._comparisons.get(("groep", indicator, groep)) or self.area.group_versus(indicator, groep)

    def betekenisvol(self) -> list[tuple[tuple, Comparison]]:
        """Every betekenisvol comparison of the document, largest first."""
        found = [(k, c) for k, c in self._comparisons.items() if c.real]
        return sorted(found, key=lambda kc: (-abs(kc[1].diff), kc[0]))

    def detectable(self) -> float | None:
        """The smallest difference (a share) any of the document's comparisons of the municipality
        with a reference could have shown: a smaller difference could not be shown for any of them.
        None when nothing was comparable."""
        values = [c.detectable for k, c in self._comparisons.items()
                  if k[0] == "ref" and c.comparable and not math.isnan(c.detectable)]
        return min(values) if values else None

    def signals(self) -> list[Finding]:
        if self._signals is None:
            found = []
            for ind in self.indicators:
                own = self.area.figure(ind.id)
                if own is None or own.suppressed:
                    continue
                for name, rule in self.rules.items():
                    found += self._apply(name, rule, ind, own)
            self._signals = sorted(found, key=lambda f: (-f.strength, f.indicator, f.rule))
        return self._signals

    def summary(self, most: int, least: int) -> list[Finding]:
        """The strongest findings for a summary, at most one per indicator; when the rules find fewer
        than `least`, the summary is filled with the document's other betekenisvol comparisons with a
        reference (largest first), so that it never leaves out what the tables call betekenisvol."""
        chosen = strongest(self.signals(), most)
        if len(chosen) >= least:
            return chosen
        seen = {f.indicator for f in chosen}
        for (kind, ind, key), cmp in self.betekenisvol():
            if len(chosen) >= least or kind != "ref" or ind in seen:
                continue
            chosen.append(self._finding("tabel", ind, key, cmp, 1.0))
            seen.add(ind)
        return chosen

    def _finding(self, name: str, indicator: str, key: str, cmp: Comparison, weight: float) -> Finding:
        ref = self.area.reference(key)
        return Finding("verschil", name, indicator, self.area.gebied, cmp.own, abs(cmp.diff) * 100 * weight,
                       reference=cmp.shown, reference_area=ref.gebied, diff=cmp.diff, p_value=cmp.p_value,
                       q_value=cmp.q_value)

    def _apply(self, name: str, rule: Signaalregel, ind: Indicator, own: Cijfer) -> list[Finding]:
        if rule.soort == "verschil":
            cmp = self.versus(ind.id, rule.referentie)
            if not (cmp.comparable and cmp.q_value is not None and self._real(cmp.diff, cmp.q_value, rule.min_pp)):
                return []
            return [self._finding(name, ind.id, rule.referentie, cmp, rule.gewicht)]
        if rule.soort == "groepsverschil":
            found = []
            for value in self.area.ws.config.catalogus.group_values(rule.dimensie):
                groep = f"{rule.dimensie}:{value}"
                cmp = self.group_versus(ind.id, groep)
                if cmp.comparable and cmp.q_value is not None and self._real(cmp.diff, cmp.q_value, rule.min_pp):
                    found.append(Finding("groepsverschil", name, ind.id, self.area.gebied, cmp.own,
                                         abs(cmp.diff) * 100 * rule.gewicht, reference=cmp.shown, group=groep,
                                         dimension=rule.dimensie, diff=cmp.diff, p_value=cmp.p_value,
                                         q_value=cmp.q_value))
            return found
        above = rule.boven is not None
        level = rule.boven if above else rule.onder
        # Only when the whole interval lies beyond the level: the figure is clearly above (below) it.
        if not (own.lo * 100 > level if above else own.hi * 100 < level):
            return []
        return [Finding("niveau", name, ind.id, self.area.gebied, own, abs(own.share * 100 - level) * rule.gewicht,
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
class PairFinding:
    """A real difference between two municipalities of the intervision (high minus low)."""

    indicator: str
    high: Gebied
    high_figure: Cijfer
    low: Gebied
    low_figure: Cijfer
    diff: float
    p_value: float  # the Benjamini-Hochberg q-value of the pair within the workbook
    strength: float

    @property
    def gap(self) -> fmt.Gap:
        """The two printed shares (high, low) and the gap between the printed numbers."""
        return fmt.gap(self.high_figure.share, self.low_figure.share)


class PeerFindings:
    """The municipalities of one intervision. Every comparison the workbook makes (each municipality
    against Flanders, each pair of municipalities, for every indicator of `indicators`) is one family,
    adjusted together with Benjamini-Hochberg, as a brief does; without `indicators` the family is the
    indicators of each call."""

    def __init__(self, ws: Workspace, peers: list[Gebied], indicators: list[Indicator] | None = None):
        self.ws = ws
        self.peers = peers
        self.indicators = indicators
        self._families: dict[tuple, dict[tuple, tuple[float, float]]] = {}

    def figure(self, gebied: Gebied, indicator: str) -> Cijfer | None:
        area = self.ws.area(gebied)
        return area.figure(indicator) if area else None

    def _family(self, indicators: list[Indicator]) -> dict[tuple, tuple[float, float]]:
        """(kind, indicator, a, b) -> (difference as shown, q-value) for every comparison of the family."""
        family = self.indicators or indicators
        memo = tuple(i.id for i in family)
        if memo not in self._families:
            flanders = self.ws.gebieden.references[VLAANDEREN]
            raw: dict[tuple, tuple[float, float]] = {}
            for ind in family:
                for g in self.peers:
                    area = self.ws.area(g)
                    cmp = area.versus(ind.id, "vlaanderen") if area else None
                    if cmp is not None and cmp.comparable:
                        raw[("vlaanderen", ind.id, g.nis, flanders.nis)] = (cmp.diff, cmp.p_value)
                for a, b in itertools.combinations(self.peers, 2):
                    fa, fb = self.figure(a, ind.id), self.figure(b, ind.id)
                    if fa is None or fb is None or fa.suppressed or fb.suppressed:
                        continue
                    _z, p = stats.difference_test(fa.share, fa.n, fb.share, fb.n)
                    raw[("paar", ind.id, a.nis, b.nis)] = (fa.share - fb.share, float(p))
            keys = list(raw)
            q = stats.bh_adjust([raw[k][1] for k in keys]) if keys else np.array([])
            self._families[memo] = {k: (raw[k][0], float(v)) for k, v in zip(keys, q)}
        return self._families[memo]

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
                if tested is None or not self._real(*tested):
                    continue
                diff, q = tested
                fa, fb = self.figure(a, ind.id), self.figure(b, ind.id)
                (hi, fhi), (lo, flo) = ((a, fa), (b, fb)) if diff > 0 else ((b, fb), (a, fa))
                found.append(PairFinding(ind.id, hi, fhi, lo, flo, abs(diff), q, abs(diff) * 100))
        return sorted(found, key=lambda b: (-b.strength, b.indicator))

    # --- workbook findings (issue 13): majority rule, the group pooled, differences by type --------
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

    def shared_by_majority(self, indicators: list[Indicator]) -> list[MajorityFinding]:
        """Indicators where more than half of the municipalities with enough answers (at least two)
        differ really from Flanders in the same direction; names who does and who does not.
        Every municipality in that direction first, then the most members, then the strongest."""
        flanders = self.ws.gebieden.references[VLAANDEREN]
        family = self._family(indicators)
        found = []
        for ind, ref, shown, usable in self._against_flanders(indicators):
            tested = []
            for g, f in usable:
                diff, q = family.get(("vlaanderen", ind.id, g.nis, flanders.nis), (float("nan"), 1.0))
                tested.append((g, f, diff, diff == diff and self._real(diff, q)))
            for direction in (1, -1):
                members = [(g, f, d) for g, f, d, real in tested if real and (d > 0) == (direction > 0)]
                if len(members) < 2 or len(members) * 2 <= len(usable):
                    continue
                inside = {g.nis for g, _f, _d in members}
                opposite = tuple((g, f) for g, f, _d, real in tested if real and g.nis not in inside)
                alike = tuple((g, f) for g, f, _d, real in tested if not real)
                found.append(MajorityFinding(
                    ind.id, direction, tuple((g, f) for g, f, _d in members), alike, opposite, ref,
                    tuple(g for g, f in shown if f is None or f.suppressed),
                    min(abs(d) for _g, _f, d in members) * 100))
        return sorted(found, key=lambda b: (bool(b.alike or b.opposite), -len(b.members), -b.strength,
                                            b.indicator))

    def pooled_versus_flanders(self, indicators: list[Indicator]) -> list[PooledFinding]:
        """Indicators where the municipalities' participants taken together (counts and bases added
        up) differ really from Flanders, largest difference first. Says which municipality gives most
        of the answers: a pooled figure leans towards the largest one."""
        stat = self.ws.config.instellingen.statistiek
        found = []
        for ind, ref, _figures, usable in self._against_flanders(indicators):
            pooled = pool([f for _g, f in usable], stat)
            cmp = compare_with_rest(pooled, ref, stat)  # the group against the rest of Flanders
            if cmp is None or not cmp.comparable or not cmp.real:
                continue
            # A pooled figure leans towards the largest municipality: only say 'the group differs'
            # when most municipalities themselves lie on that side of Flanders.
            same_side = sum(1 for _g, f in usable if (f.share - ref.share) * cmp.diff > 0)
            if same_side * 2 <= len(usable):
                continue
            largest, biggest = max(usable, key=lambda gf: gf[1].n)
            found.append(PooledFinding(ind.id, 1 if cmp.diff > 0 else -1, pooled, ref, cmp.diff, cmp.p_value,
                                       tuple(usable), largest, biggest.n / pooled.n, abs(cmp.diff) * 100))
        return sorted(found, key=lambda b: (-b.strength, b.indicator))

    def differences_by_type(self, indicators: list[Indicator], most: int = 3) -> PairRanking:
        """Real differences between two municipalities, those between municipalities of the same type
        (centrumstad with centrumstad, other with other) apart from the structural ones (a
        centrumstad against another municipality). Largest first, at most one per indicator in each."""
        found = self.real_pairs(indicators)  # one family with the other comparisons: Benjamini-Hochberg

        def one_per_indicator(items: list[PairFinding]) -> tuple[PairFinding, ...]:
            return _one_per_indicator(items, most)

        same = [b for b in found if municipality_type(b.high) == municipality_type(b.low)]
        apart = [b for b in found if municipality_type(b.high) != municipality_type(b.low)]
        types = {g.nis: municipality_type(g) for g in self.peers}
        has_pairs = any(types[a.nis] == types[b.nis] for a, b in itertools.combinations(self.peers, 2))
        return PairRanking(one_per_indicator(same), one_per_indicator(apart), has_pairs, types)



# --- the comparison group and suppression across a run ------------------------------------------

def comparison_group(ws: Workspace, gebied: Gebied) -> Vergelijkingsgroep | None:
    """Similar municipalities, pooled by respondents, the municipality itself left out: its own list
    (`vergelijking.eigen`), else for a centrumstad the other centrumsteden, else the municipalities of
    its province in the same population class (2025 municipalities, population of 2020 from
    gemeenten.csv). None for a reference area, when switched off, or when no member has data."""
    if gebied.is_reference or gebied.soort == "vergelijking" or gebied.provincie is None:
        return None
    cfg = ws.config.instellingen.vergelijking
    if not cfg.aan:
        return None
    units = _municipalities_2025(ws)
    own = set(gebied.codes)
    eigen = {ws.gebieden.resolve(k).slug: v for k, v in cfg.eigen.items()}
    centra = {ws.gebieden.resolve(n).slug for n in cfg.centrumsteden}
    if gebied.slug in eigen:
        members = [ws.gebieden.resolve(n) for n in eigen[gebied.slug]]
        naam, zin = "Vergelijkbare gemeenten", "de vergelijkbare gemeenten"
    elif gebied.slug in centra:
        members = [g for g in units if g.slug in centra]
        naam, zin = "Andere centrumsteden", "de andere centrumsteden"
    else:
        klasse = _population_class(gebied.bevolking, cfg.klassen)
        members = [g for g in units if g.provincie == gebied.provincie and g.slug not in centra
                   and _population_class(g.bevolking, cfg.klassen) == klasse]
        naam = "Vergelijkbare gemeenten"
        zin = "vergelijkbare gemeenten"  # the province is named on its own beside it
    stat = ws.config.instellingen.statistiek
    members = [g for g in members if not own & set(g.codes) and ws.dataset.has(g)
               and ws.respondents(g) >= stat.min_n]
    codes = tuple(sorted({c for g in members for c in g.codes}))
    if not codes:
        return None
    return Vergelijkingsgroep(gebied.nis, naam, "vergelijking", gebied.provincie, sum(g.bevolking for g in members),
                              codes, zin=zin, leden=tuple(g.nis for g in members), members=tuple(members))


def _municipalities_2025(ws: Workspace) -> list[Gebied]:
    merged = {c for f in ws.gebieden.fusies.values() for c in f.onderdelen}
    return [g for g in ws.gebieden.gemeenten.values() if g.nis not in merged] + list(ws.gebieden.fusies.values())


def _population_class(bevolking: int, bounds: list[int]) -> int:
    import bisect

    return bisect.bisect_right(bounds, bevolking)


def related_areas(ws: Workspace, gebied: Gebied) -> list[Gebied]:
    """The areas tied to `gebied` by addition and present in the data: a 2025 merger and its 2020
    parts (whichever of them is asked for); else the area alone."""
    if gebied.is_reference or gebied.soort == "vergelijking":
        return [gebied]
    codes = set(gebied.codes)
    merger = next((f for f in ws.gebieden.fusies.values() if codes & set(f.onderdelen)), None)
    if merger is None:
        return [gebied]
    found = [merger] + [ws.gebieden.gemeenten[c] for c in merger.onderdelen if c in ws.gebieden.gemeenten]
    return [g for g in found if ws.dataset.has(g)] or [gebied]


def hidden_cells(ws: Workspace, areas: list[Gebied]) -> frozenset:
    """Primary and secondary suppression over the cells of `areas` (every indicator, total and group):
    groups add up to the total, the parts of a merger to the merger. Keys: (area_key, indicator, group)."""
    from .suppression import Cell, relations_for, suppress

    cat, stat = ws.config.catalogus, ws.config.instellingen.statistiek
    cells = {}
    for g in areas:
        area = ws.area(g)
        if area is None:
            continue
        table = area.figures.table
        for (ind, groep), n, k in zip(table.index, table["n"], table["aantal"]):
            cells[(area.key, ind, groep)] = Cell(float(n), float(k))
    dims = {dim: [v for v in cat.group_values(dim)] for dim in cat.groepen}
    keys = {area_key(g) for g in areas}
    mergers = {area_key(g): [area_key(ws.gebieden.gemeenten[c]) for c in g.onderdelen]
               for g in areas if g.onderdelen and all(area_key(ws.gebieden.gemeenten[c]) in keys for c in g.onderdelen)}
    return frozenset(suppress(cells, relations_for(cells, dims, mergers), stat.min_n))

def _one_per_indicator(items: list[PairFinding], most: int) -> tuple[PairFinding, ...]:
    """The first (largest) item of each indicator, at most `most`."""
    chosen, seen = [], set()
    for item in items:
        if item.indicator not in seen:
            chosen.append(item)
            seen.add(item.indicator)
    return tuple(chosen[:most])


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

    @property
    def gap(self) -> fmt.Gap:
        """The group's and Flanders' printed shares and the gap between the printed numbers."""
        return fmt.gap(self.figure.share, self.reference.share)


@dataclass(frozen=True)
class PairRanking:
    """Differences between municipalities of the same type (`comparable`) and across types
    (`structural`); `has_comparable_pairs` says whether the group has two of the same type at all."""

    comparable: tuple[PairFinding, ...]
    structural: tuple[PairFinding, ...]
    has_comparable_pairs: bool
    types: dict[str, str]

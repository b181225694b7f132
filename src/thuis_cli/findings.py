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
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import numpy as np

from . import fmt, stats
from .compute import (NAN, Cijfer, Comparison, compare_with_rest, figures, gaps_compared, group_vs_rest, headlines,
                      pool)
from .config_catalogue import Indicator
from .config_departments import Signaalregel
from .gebieden import VLAANDEREN, Gebied

if TYPE_CHECKING:
    from .workspace import Workspace

ReferenceKey = Literal["provincie", "vergelijking", "vlaanderen"]
REFERENCE_KEYS: tuple[ReferenceKey, ...] = ("provincie", "vergelijking", "vlaanderen")
# The primary comparison of a municipality, the first of these it has: its comparison group (the other
# centrumsteden for a centrumstad), else Flanders, else its province (docs/methode.md, 'De vergelijking die
# eerst telt'). The others are context.
PRIMARY_ORDER: tuple[ReferenceKey, ...] = ("vergelijking", "vlaanderen", "provincie")
MunicipalityType = Literal["centrumstad", "gemeente"]
# A comparison group by population class has at least this many members with enough participants: one or
# two municipalities are no group (their figures would stand in a column of their own). Fewer in the own
# class: the neighbouring classes join (docs/methode.md, 'Vergelijkbare gemeenten').
MIN_MEMBERS = 3


@dataclass(frozen=True)
class ComparisonGroup(Gebied):
    """The comparison group of one municipality: similar municipalities pooled by respondents (the
    municipality itself left out). `naam` is its name in tables, `zin` its name inside a sentence."""

    zin: str = ""
    regel: Literal["eigen", "centrumsteden", "klasse"] = "klasse"  # how the members were chosen
    klasse: tuple[int, int] = (0, 0)  # for 'klasse': the population bounds (from, below; 0: open)
    leden: tuple[str, ...] = ()  # the NIS codes of the member municipalities (2020 or 2025)
    members: tuple[Gebied, ...] = ()
    verbreed: bool = False  # for 'klasse': the own class had too few members, neighbouring classes joined

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
class Finding:
    """One signal a rule found. `figure` is what the finding is about (a group's figure for a
    group difference); `comparison` the comparison it was found in (None for a level rule), as the
    area's family judged it: its `shown` is the `reference`, the full reference area's figure for
    'verschil', the other respondents of the area for 'groepsverschil'."""

    kind: Literal["verschil", "groepsverschil", "niveau"]
    rule: str
    indicator: str
    area: Gebied
    figure: Cijfer
    strength: float
    comparison: Comparison | None = None
    reference_area: Gebied | None = None  # for 'verschil': the province, comparison group or Flanders
    group: str = "totaal"  # for 'groepsverschil': 'dimension:value'
    dimension: str | None = None
    level: float | None = None  # for 'niveau': the level in %
    above: bool | None = None  # for 'niveau': above (True) or below (False) the level

    @property
    def reference(self) -> Cijfer | None:
        """What the figure was compared with (None for a level rule)."""
        return self.comparison.shown if self.comparison is not None else None

    @property
    def diff(self) -> float | None:
        """Figure minus reference (a fraction); None for a level rule."""
        return self.comparison.diff if self.comparison is not None else None

    @property
    def p_value(self) -> float | None:
        return self.comparison.p_value if self.comparison is not None else None

    @property
    def q_value(self) -> float | None:
        """Benjamini-Hochberg over the area's family of comparisons."""
        return self.comparison.q_value if self.comparison is not None else None

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
        self._family: dict[tuple[str, str], Comparison] | None = None
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
        if isinstance(self.gebied, ComparisonGroup):
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
        if isinstance(self.gebied, ComparisonGroup):
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
        parts = [f for member in self._publishing(indicator, groep)
                 if (f := member.figure(indicator, groep)) is not None]  # _publishing checked it
        return pool(parts, self.ws.config.instellingen.statistiek) if parts else None

    def _publishing(self, indicator: str, groep: str) -> list[AreaFindings]:
        """The members of a comparison group that publish this figure."""
        assert isinstance(self.gebied, ComparisonGroup), "only a comparison group has members"
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

    def primary_key(self) -> ReferenceKey | None:
        """The comparison that matters first (`PRIMARY_ORDER`): the comparison group when the area has
        one with enough respondents, else Flanders, else the province; None without reference data."""
        refs = self.references()
        return next((k for k in PRIMARY_ORDER if k in refs), None)

    def shared_by_primary(self, indicator: str, key: str) -> bool:
        """A betekenisvol difference with a context reference (Flanders, the province) that the primary
        comparison shares: the comparison group's own figure lies on the same side of that reference,
        and the area does not differ betekenisvol from its group in the same direction. Such a
        difference says what the area has in common with those like it, not what is special about it."""
        primary = self.primary_key()
        if primary is None or key == primary:
            return False
        cmp = self.versus(indicator, key)
        if not (cmp.comparable and cmp.real) or cmp.shown is None:
            return False
        own = self.versus(indicator, primary)
        if own.comparable and own.real and (own.diff > 0) == (cmp.diff > 0):
            return False  # the area goes further than its group: that difference is the finding
        group = self.reference(primary)
        fig = group.figure(indicator) if group is not None else None
        if fig is None or fig.suppressed:
            return False
        return (fig.share - cmp.shown.share) * cmp.diff > 0

    def large_enough(self) -> bool:
        """At least min_n respondents (for a comparison group: shown only then)."""
        return self.ws.respondents(self.gebied) >= self.ws.config.instellingen.statistiek.min_n

    # --- comparisons: one family per area, judged once, read by every product ---------------------
    def _test(self, indicator: str, key: str) -> Comparison:
        """One comparison on its own (before the family's correction): a reference key ('provincie',
        'vergelijking', 'vlaanderen') or a respondent group ('dimension:value')."""
        if ":" in key:
            return self._test_group(indicator, key)
        stat = self.ws.config.instellingen.statistiek
        ref = self.reference(key)  # type: ignore[arg-type]
        own, other = self.figure(indicator), (ref.figure(indicator) if ref else None)
        if own is None or other is None or own.suppressed or other.suppressed:
            return Comparison(NAN, 1.0, False, False, own, other)
        if key == "vergelijking":  # disjoint samples: the group against the pooled whole's rest
            return group_vs_rest(pool([own, other], stat), own, stat)
        return compare_with_rest(own, other, stat)

    def _test_group(self, indicator: str, groep: str) -> Comparison:
        stat = self.ws.config.instellingen.statistiek
        total, group = self.raw_figure(indicator), self.figure(indicator, groep)
        if (total is None or group is None or group.suppressed
                or (printed := self.figure(indicator)) is None or printed.suppressed):
            return Comparison(NAN, 1.0, False, False, group, None)
        others = self.raw_figure(indicator, "anderen:" + groep)  # a weighted follow-up (bevraging) carries them
        return group_vs_rest(total, group, stat, others=others)

    def family_keys(self) -> list[tuple[str, str]]:
        """Every comparison the catalogue and the settings define for a municipality, (indicator, key):
        for each indicator outside the profile, the municipality against the rest of its province, its
        comparison group (when `vergelijking.aan`) and the rest of Flanders, and each respondent group
        against the other respondents. The same list for every municipality and every product."""
        cfg = self.ws.config
        refs = [k for k in REFERENCE_KEYS if k != "vergelijking" or cfg.instellingen.vergelijking.aan]
        groups = [f"{dim}:{value}" for dim in cfg.catalogus.groepen for value in cfg.catalogus.group_values(dim)]
        return [(ind.id, key) for ind in cfg.catalogus.indicatoren if ind.thema != "profiel"
                for key in (*refs, *groups)]

    @property
    def family(self) -> dict[tuple[str, str], Comparison]:
        """The area's one family, adjusted together with Benjamini-Hochberg: (indicator, key) ->
        comparison with its q-value and verdict. A comparison that cannot be tested (a cell suppressed,
        too few respondents in the rest, no comparison group) stays in the family with p = 1: the family
        has the same size whatever is hidden, and such a comparison is never betekenisvol.
        `detectable` is the smallest difference that could have been called betekenisvol here: the
        standard error times the z of the p-value Benjamini-Hochberg would have needed in this family,
        and never less than the threshold."""
        if self._family is None:
            stat = self.ws.config.instellingen.statistiek
            keys = self.family_keys()
            raw = [self._test(ind, key) for ind, key in keys]
            p = [c.p_value if c.comparable else 1.0 for c in raw]
            q = stats.bh_adjust(p) if p else np.array([])
            critical = stats.bh_critical(p, stat.fdr) if p else np.array([])
            family = {}
            for (ind, key), c, qv, crit in zip(keys, raw, q, critical):
                if not c.comparable:
                    family[ind, key] = c
                    continue
                real = bool(stats.is_real_difference(c.diff, qv, stat.min_verschil_pp, stat.fdr))
                detectable = max(stats.z_for(1 - float(crit)) * c.se, stat.min_verschil_pp / 100)
                family[ind, key] = replace(c, real=real, q_value=float(qv), detectable=float(detectable))
            self._family = family
        return self._family

    @property
    def family_size(self) -> int:
        return len(self.family)

    def _judged(self, indicator: str, key: str) -> Comparison:
        found = self.family.get((indicator, key))
        if found is None:  # outside the catalogue's family (a profile question): never betekenisvol
            found = replace(self._test(indicator, key), real=False)
        return found

    def versus(self, indicator: str, key: ReferenceKey | str) -> Comparison:
        """The area's headline figure against a reference area's, as the area's family judges it:
        tested against the rest of the reference (the own respondents taken out; the comparison group
        never holds them); the difference is own minus the full reference as shown."""
        return self._judged(indicator, key)

    def group_versus(self, indicator: str, groep: str) -> Comparison:
        """A respondent group against the *other* respondents of the area, as the family judges it:
        the difference (group minus the others), the threshold and the test are about that one
        comparison."""
        return self._judged(indicator, groep)

    def detectable(self, indicator: str, key: str) -> float:
        """The smallest difference (a share) the comparison with reference `key` (or group
        'dimension:value') could have shown in the area's family; NaN when not comparable."""
        cmp = self._judged(indicator, key)
        return cmp.detectable if cmp.comparable else NAN

    def betekenisvol(self, min_pp: float | None, q: float | None, diff: float) -> bool:
        """A verdict with a rule's own threshold (never laxer than the family's)."""
        stat = self.ws.config.instellingen.statistiek
        threshold = max(stat.min_verschil_pp, stat.min_verschil_pp if min_pp is None else min_pp)
        return q is not None and bool(stats.is_real_difference(diff, q, threshold, stat.fdr))

    # --- one document's view of the family ---
    def document_scope(self, indicators: list[Indicator], rules: dict[str, Signaalregel],
                       groups: tuple[str, ...] = (), references: tuple[str, ...] | None = None) -> DocumentScope:
        """What one document looks at: the comparisons of its indicators with the references it shows
        (`references`, default every reference of the area) and its rules name, and the group
        comparisons of the dimensions its rules look at and of `groups`. The verdicts are the area's
        family's: every document says the same about the same comparison."""
        refs = tuple(self.references()) if references is None else tuple(references)
        refs = tuple(dict.fromkeys(refs + tuple(r.referentie for r in rules.values() if r.soort == "verschil")))
        dims = tuple(dict.fromkeys(tuple(groups) + tuple(r.dimensie for r in rules.values()
                                                         if r.soort == "groepsverschil" and r.dimensie is not None)))
        memo = (tuple(i.id for i in indicators), tuple(sorted(rules.items())), refs, dims)
        if memo not in self._scopes:
            self._scopes[memo] = DocumentScope(self, list(indicators), dict(rules), refs, dims)
        return self._scopes[memo]

    # --- signals ---
    def signals(self, indicators: list[Indicator], rules: dict[str, Signaalregel]) -> list[Finding]:
        """Every finding the rules make on the indicators, strongest first; never on a suppressed
        figure; 'betekenisvol' as the area's family judges it."""
        return self.document_scope(indicators, rules).signals()


def answers_for_interval(max_interval_pp: float, confidence: float) -> int:
    """How many answers a question needs before its figure can be a page-1 finding (its interval no wider
    than the page-1 limit at a share of 50 %): what a municipality's own follow-up survey should aim at."""
    return stats.answers_for_interval(max_interval_pp, confidence)


def margin_for_answers(n: float, confidence: float) -> float:
    """The half-width in percentage points of the interval of a share of 50 % on `n` answers (its widest):
    what a follow-up survey of that size can still tell apart (50 answers at 95 %: about 14)."""
    return stats.z_for(confidence) * math.sqrt(0.25 / n) * 100


@dataclass(frozen=True)
class GapAgainstGap:
    """A respondent group's gap in the municipality against the same group's gap in the primary
    comparison (else Flanders): `elsewhere` that comparison, `diff` the difference of the two gaps (a
    share), `p_value` of a z-test on it with the two gaps' standard errors (independent samples: the
    comparison group never holds the municipality's participants; for Flanders the municipality weighs
    in a little, which makes the test a little cautious)."""

    where: Gebied
    elsewhere: Comparison
    test: Comparison  # the two gaps against each other (the difference of the gaps, its p and se)

    @property
    def diff(self) -> float:
        return self.test.diff

    @property
    def p_value(self) -> float:
        return self.test.p_value


def gap_against_gap(scope: DocumentScope, f: Finding) -> GapAgainstGap | None:
    """For a group finding: its gap against the same group's gap in the primary comparison (else
    Flanders); None when that gap cannot be computed there."""
    if f.kind != "groepsverschil" or f.diff is None:
        return None
    area = scope.area
    reference = area.reference(area.primary_key() or "vlaanderen")
    if reference is None:
        return None
    try:
        here, there = area.group_versus(f.indicator, f.group), reference.group_versus(f.indicator, f.group)
    except KeyError:
        return None
    if not (here.comparable and there.comparable):
        return None
    return GapAgainstGap(reference.gebied, there, gaps_compared(here, there))


@dataclass
class DocumentScope:
    """The comparisons one document looks at, with the verdicts of the area's family."""

    area: AreaFindings
    indicators: list[Indicator]
    rules: dict[str, Signaalregel]
    refs: tuple[str, ...]
    dims: tuple[str, ...]
    _comparisons: dict[tuple, Comparison] = field(default_factory=dict, repr=False)
    _signals: list[Finding] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        area, cat = self.area, self.area.ws.config.catalogus
        for ind in self.indicators:
            for key in self.refs:
                self._comparisons[("ref", ind.id, key)] = area.versus(ind.id, key)
            for dim in self.dims:
                for value in cat.group_values(dim):
                    self._comparisons[("groep", ind.id, f"{dim}:{value}")] = area.group_versus(ind.id, f"{dim}:{value}")
        self.family_size = area.family_size  # the family is the area's, not the document's

    def _real(self, diff: float, q: float | None, min_pp: float | None) -> bool:
        return self.area.betekenisvol(min_pp, q, diff)

    def versus(self, indicator: str, key: str) -> Comparison:
        """The comparison with a reference as the area's family judges it."""
        return self._comparisons.get(("ref", indicator, key)) or self.area.versus(indicator, key)

    def group_versus(self, indicator: str, groep: str) -> Comparison:
        return self._comparisons.get(("groep", indicator, groep)) or self.area.group_versus(indicator, groep)

    def betekenisvol(self) -> list[tuple[tuple, Comparison]]:
        """Every betekenisvol comparison the document looks at, largest first."""
        found = [(k, c) for k, c in self._comparisons.items() if c.real]
        return sorted(found, key=lambda kc: (-abs(kc[1].diff), kc[0]))

    def detectable(self) -> tuple[float, float] | None:
        """The smallest and the largest of the differences (shares) the document's comparisons of the
        municipality with a reference could have shown: a difference below the first could not be shown
        for any of them. None when nothing was comparable."""
        values = [c.detectable for k, c in self._comparisons.items()
                  if k[0] == "ref" and c.comparable and not c.real and not math.isnan(c.detectable)]
        return (min(values), max(values)) if values else None

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

    def candidates(self) -> list[Finding]:
        """Every finding a summary may choose from, strongest first: the rules' findings, and every
        other betekenisvol comparison with a reference the tables show (so that a summary never leaves
        out what the tables call betekenisvol). Not yet one per indicator: a summary filters first."""
        found = list(self.signals())
        covered = {(f.indicator, self.key_of(f.reference_area)) for f in found if f.kind == "verschil"}
        for (kind, ind, key), cmp in self.betekenisvol():
            if kind == "ref" and (ind, key) not in covered:
                found.append(self._finding("tabel", ind, key, cmp, 1.0))
        return sorted(found, key=lambda f: (-f.strength, f.indicator, f.rule))

    def key_of(self, gebied: Gebied | None) -> str | None:
        """The reference key (provincie, vergelijking, vlaanderen) of a reference area; None for another."""
        for key, ref in self.area.references().items():
            if gebied is not None and area_key(ref.gebied) == area_key(gebied):
                return key
        return None

    def summary(self, most: int, least: int) -> list[Finding]:
        """The strongest findings for a summary, at most one per indicator; when the rules find fewer
        than `least`, the summary is filled with the document's other betekenisvol comparisons with a
        reference (largest first)."""
        chosen = strongest(self.signals(), most)
        if len(chosen) >= least:
            return chosen
        seen = {f.indicator for f in chosen}
        for f in self.candidates():
            if len(chosen) >= least or f.rule != "tabel" or f.indicator in seen:
                continue
            chosen.append(f)
            seen.add(f.indicator)
        return chosen

    def _finding(self, name: str, indicator: str, key: ReferenceKey, cmp: Comparison, weight: float) -> Finding:
        ref = self.area.reference(key)
        # a comparable comparison has both figures, and so the reference area they came from
        assert cmp.own is not None and ref is not None, "a finding is made of a comparable comparison"
        return Finding("verschil", name, indicator, self.area.gebied, cmp.own, abs(cmp.diff) * 100 * weight,
                       comparison=cmp, reference_area=ref.gebied)

    def _apply(self, name: str, rule: Signaalregel, ind: Indicator, own: Cijfer) -> list[Finding]:
        if rule.soort == "verschil":
            cmp = self.versus(ind.id, rule.referentie)
            if not (cmp.comparable and cmp.real and self._real(cmp.diff, cmp.q_value, rule.min_pp)):
                return []
            return [self._finding(name, ind.id, rule.referentie, cmp, rule.gewicht)]
        if rule.soort == "groepsverschil":
            assert rule.dimensie is not None, "Signaalregel._complete: a groepsverschil names a dimension"
            found = []
            for value in self.area.ws.config.catalogus.group_values(rule.dimensie):
                groep = f"{rule.dimensie}:{value}"
                cmp = self.group_versus(ind.id, groep)
                if cmp.comparable and cmp.real and self._real(cmp.diff, cmp.q_value, rule.min_pp):
                    assert cmp.own is not None, "a comparable comparison has the group's figure"
                    found.append(Finding("groepsverschil", name, ind.id, self.area.gebied, cmp.own,
                                         abs(cmp.diff) * 100 * rule.gewicht, comparison=cmp, group=groep,
                                         dimension=rule.dimensie))
            return found
        above = rule.boven is not None
        level = rule.boven if above else rule.onder
        assert level is not None, "Signaalregel._complete: a niveau rule has boven or onder"
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

    def shared_by_majority(self, indicators: list[Indicator]) -> list[MajorityFinding]:
        """The majority rule for a shared challenge (docs/methode.md): more than half of the
        municipalities that publish the figure (at least two) lie on the same side of Flanders by at
        least `min_verschil_pp` (printed shares), at least one of them differs betekenisvol (its own
        family's verdict), and the unweighted mean of the municipalities (each counts once, whatever
        its number of participants) lies on that side by at least `min_verschil_pp` too. Most members
        first, then the largest gap of the mean."""
        stat = self.ws.config.instellingen.statistiek
        found = []
        for ind, ref, shown, usable in self._against_flanders(indicators):
            sides = {g.nis: self.side_of_flanders(f, ref) for g, f in usable}
            mean = sum(f.share for _g, f in usable) / len(usable)
            for direction in (1, -1):
                members = tuple((g, f) for g, f in usable if sides[g.nis] == direction)
                if len(members) < 2 or len(members) * 2 <= len(usable):
                    continue
                if (mean - ref.share) * direction * 100 < stat.min_verschil_pp - 1e-9:
                    continue
                real = tuple(g for g, _f in members if (c := self.versus_flanders(g, ind.id)).comparable and c.real
                             and (c.diff > 0) == (direction > 0))
                if not real:
                    continue
                found.append(MajorityFinding(
                    ind.id, direction, members,
                    tuple((g, f) for g, f in usable if sides[g.nis] == 0),
                    tuple((g, f) for g, f in usable if sides[g.nis] == -direction),
                    ref, tuple(g for g, f in shown if f is None or f.suppressed), abs(mean - ref.share) * 100,
                    real, mean, len(usable)))
        return sorted(found, key=lambda b: (-len(b.members) / b.counted, -b.strength, b.indicator))

    def patterns_by_half(self, indicators: list[Indicator]) -> list[MajorityFinding]:
        """A pattern that is no shared challenge (docs/methode.md): at least half of the municipalities
        that publish the figure, and at least two, lie at least `min_verschil_pp` on the same side of
        Flanders (printed shares), and at least one of them differs betekenisvol, but the majority rule
        does not hold (exactly half, or the unweighted mean lies too close to Flanders). The workbook
        names it as 'een patroon bij 3 gemeenten' so that the facilitator has it to discuss. Most
        members first, then the largest gap of the members' mean."""
        shared = {(b.indicator, b.direction) for b in self.shared_by_majority(indicators)}
        found = []
        for ind, ref, shown, usable in self._against_flanders(indicators):
            sides = {g.nis: self.side_of_flanders(f, ref) for g, f in usable}
            mean = sum(f.share for _g, f in usable) / len(usable)
            for direction in (1, -1):
                members = tuple((g, f) for g, f in usable if sides[g.nis] == direction)
                if len(members) < 2 or len(members) * 2 < len(usable) or (ind.id, direction) in shared:
                    continue
                real = tuple(g for g, _f in members if (c := self.versus_flanders(g, ind.id)).comparable and c.real
                             and (c.diff > 0) == (direction > 0))
                if not real:
                    continue
                own_mean = sum(f.share for _g, f in members) / len(members)
                found.append(MajorityFinding(
                    ind.id, direction, members,
                    tuple((g, f) for g, f in usable if sides[g.nis] == 0),
                    tuple((g, f) for g, f in usable if sides[g.nis] == -direction),
                    ref, tuple(g for g, f in shown if f is None or f.suppressed), abs(own_mean - ref.share) * 100,
                    real, mean, len(usable)))
        return sorted(found, key=lambda b: (-len(b.members) / b.counted, -b.strength, b.indicator))

    def chance_patterns(self, indicators: list[Indicator]) -> list[MajorityFinding]:
        """What looks like a pattern on the chart but is none (docs/methode.md): at least half of the
        municipalities that publish the figure, and at least two, lie at least `min_verschil_pp` on the
        same side of Flanders, but none of them differs betekenisvol. The workbook names it so that the
        facilitator can say why it is no pattern (it can be chance). Most members first."""
        found = []
        for ind, ref, shown, usable in self._against_flanders(indicators):
            sides = {g.nis: self.side_of_flanders(f, ref) for g, f in usable}
            mean = sum(f.share for _g, f in usable) / len(usable)
            for direction in (1, -1):
                members = tuple((g, f) for g, f in usable if sides[g.nis] == direction)
                if len(members) < 2 or len(members) * 2 < len(usable):
                    continue
                if any((c := self.versus_flanders(g, ind.id)).comparable and c.real and (c.diff > 0) == (direction > 0)
                       for g, _f in members):
                    continue
                own_mean = sum(f.share for _g, f in members) / len(members)
                found.append(MajorityFinding(
                    ind.id, direction, members,
                    tuple((g, f) for g, f in usable if sides[g.nis] == 0),
                    tuple((g, f) for g, f in usable if sides[g.nis] == -direction),
                    ref, tuple(g for g, f in shown if f is None or f.suppressed), abs(own_mean - ref.share) * 100,
                    (), mean, len(usable)))
        return sorted(found, key=lambda b: (-len(b.members) / b.counted, -b.strength, b.indicator))

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



# --- the comparison group and suppression across a run ------------------------------------------

def comparison_group(ws: Workspace, gebied: Gebied) -> ComparisonGroup | None:
    """Similar municipalities, pooled by respondents, the municipality itself left out: its own list
    (`vergelijking.eigen`), else for a centrumstad the other centrumsteden, else the municipalities of
    its province in the same population class (2025 municipalities, population of 2020 from
    gemeenten.csv), widened to the neighbouring classes until it has `MIN_MEMBERS` members. None for a
    reference area, when switched off, when no member has data, or when by class not even the whole
    province has `MIN_MEMBERS` members."""
    if gebied.is_reference or gebied.soort == "vergelijking" or gebied.provincie is None:
        return None
    cfg = ws.config.instellingen.vergelijking
    if not cfg.aan:
        return None
    units = _municipalities_2025(ws)
    own = set(gebied.codes)
    eigen = {ws.gebieden.resolve(k).slug: v for k, v in cfg.eigen.items()}
    centra = centrumsteden(ws)
    regel: Literal["eigen", "centrumsteden", "klasse"]
    bounds = (0, 0)
    if gebied.slug in eigen:
        members = [ws.gebieden.resolve(n) for n in eigen[gebied.slug]]
        regel = "eigen"
    elif gebied.slug in centra:
        members = [g for g in units if g.slug in centra]
        regel = "centrumsteden"
    else:
        members, bounds, widened = _class_members(ws, gebied, units, centra)
        regel = "klasse"  # named without article: the province is named on its own beside it
    naam, zin = getattr(cfg.namen, regel).naam, getattr(cfg.namen, regel).zin
    members = [g for g in members if _counts(ws, g, own)]
    codes = tuple(sorted({c for g in members for c in g.codes}))
    if not codes or (regel == "klasse" and len(members) < MIN_MEMBERS):
        return None  # by class, not even the whole province gives a group: Flanders comes first
    return ComparisonGroup(gebied.nis, naam, "vergelijking", gebied.provincie, sum(g.bevolking for g in members),
                           codes, zin=zin, regel=regel, klasse=bounds, leden=tuple(g.nis for g in members),
                           members=tuple(members), verbreed=regel == "klasse" and widened)


def _counts(ws: Workspace, g: Gebied, own: set[str]) -> bool:
    """A municipality counts as a member: not (part of) the municipality itself, with data and at
    least min_n participants."""
    return (not own & set(g.codes) and ws.dataset.has(g)
            and ws.respondents(g) >= ws.config.instellingen.statistiek.min_n)


def _class_members(ws: Workspace, gebied: Gebied, units: list[Gebied],
                   centra: frozenset[str]) -> tuple[list[Gebied], tuple[int, int], bool]:
    """The municipalities of the province (no centrumsteden) in the municipality's population class; with
    fewer than `MIN_MEMBERS` that count, the neighbouring classes on both sides join, one step at a time,
    until the group has enough members or spans the province. Returns the members, the population
    bounds they were taken from (from, below; 0: open) and whether classes were added."""
    bounds_list = ws.config.instellingen.vergelijking.klassen
    own = set(gebied.codes)
    klasse = _population_class(gebied.bevolking, bounds_list)
    province = [g for g in units if g.provincie == gebied.provincie and g.slug not in centra]
    low, high, last = klasse, klasse, len(bounds_list)
    while True:
        members = [g for g in province if low <= _population_class(g.bevolking, bounds_list) <= high]
        if sum(_counts(ws, g, own) for g in members) >= MIN_MEMBERS or (low == 0 and high == last):
            break
        low, high = max(0, low - 1), min(last, high + 1)
    edges = [0, *bounds_list, 0]
    return members, (edges[low], edges[high + 1]), (low, high) != (klasse, klasse)


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
    cells: dict[tuple[str, str, str], Cell] = {}
    for g in areas:
        area = ws.area(g)
        if area is None:
            continue
        table = area.figures.table
        for (ind, groep), n, k in zip(table.index, table["n"], table["aantal"]):
            cells[(area.key, ind, groep)] = Cell(float(n), float(k))
        if "n_ongewogen" in table:  # a weighted follow-up (bevraging): suppression counts respondents
            for (ind, groep), n, k, m in zip(table.index, table["n"], table["aantal"], table["n_ongewogen"]):
                cells[(area.key, ind, groep)] = Cell(float(m), float(k) * float(m) / float(n) if n else 0.0)
    dims = {dim: [v for v in cat.group_values(dim)] for dim in cat.groepen}
    keys = {area_key(g) for g in areas}
    mergers = {area_key(g): [area_key(ws.gebieden.gemeenten[c]) for c in g.onderdelen]
               for g in areas if g.onderdelen and all(area_key(ws.gebieden.gemeenten[c]) in keys for c in g.onderdelen)}
    # suppress reads the cells by any Hashable key; a dict keyed by tuples does that, but mypy's Mapping is
    # invariant in its key type
    return frozenset(suppress(cells, relations_for(cells, dims, mergers), stat.min_n))  # type: ignore[arg-type]

def _one_per_indicator(items: list[PairFinding], most: int) -> tuple[PairFinding, ...]:
    """The first (largest) item of each indicator, at most `most`."""
    chosen, seen = [], set()
    for item in items:
        if item.indicator not in seen:
            chosen.append(item)
            seen.add(item.indicator)
    return tuple(chosen[:most])


# --- workbook findings (issue 13) ------------------------------------------------------------------

def centrumsteden(ws: Workspace) -> frozenset[str]:
    """The slugs of the configured centrumsteden (`instellingen.vergelijking.centrumsteden`, by name or
    NIS code; by default the thirteen of the Flemish urban policy): the one list the comparison group
    and the workbook's municipality types read. A 2025 merger that keeps a centrumstad's name is one."""
    return frozenset(ws.gebieden.resolve(n).slug for n in ws.config.instellingen.vergelijking.centrumsteden)


def municipality_type(ws: Workspace, gebied: Gebied) -> MunicipalityType:
    """'centrumstad' for a configured centrumstad: a difference between one of them and another
    municipality is structural (city against countryside), not something to learn from."""
    return "centrumstad" if gebied.slug in centrumsteden(ws) else "gemeente"


@dataclass(frozen=True)
class MajorityFinding:
    """A shared challenge by the majority rule: `members` (more than half of the `counted`
    municipalities) lie at least `min_verschil_pp` on the same side of Flanders; `real` are the members
    whose difference is betekenisvol; `alike` lie closer to Flanders, `opposite` as far on the other
    side; `mean` is the unweighted mean share of the counted municipalities, `strength` its gap with
    Flanders in percentage points."""

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

    @property
    def unanimous(self) -> bool:
        return not self.alike and not self.opposite

    def has(self, gebied: Gebied) -> bool:
        return any(g.nis == gebied.nis for g, _f in self.members)


@dataclass(frozen=True)
class FlandersGap:
    """A betekenisvol difference of one municipality with Flanders (`figure` against `reference`)."""

    indicator: str
    area: Gebied
    figure: Cijfer
    reference: Cijfer
    strength: float

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

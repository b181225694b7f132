"""Findings: every figure and comparison a product shows, computed once, typed, without words.

One `AreaFindings` per area holds its headline figures, its comparisons with the reference areas and
between its respondent groups, and the signals ('aandachtspunten') that rules from YAML find in them.
`peer_findings.PeerFindings` does the same for the municipalities of one intervision, and
`comparison_groups` says whom a municipality is compared with. Products read these objects
and never call the statistics; every sentence about a finding is written in a template
(`templates/_zinnen.html`), fed with the numbers kept here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import numpy as np

from . import fmt, stats
from .compute import (NAN, Cijfer, Comparison, compare_parts, compare_with_rest, figures, gaps_compared,
                      group_vs_rest, headlines, pool)
from .config_catalogue import Indicator
from .config_departments import Signaalregel
from .comparison_groups import ComparisonGroup
from .gebieden import Gebied

if TYPE_CHECKING:
    from .workspace import Workspace

ReferenceKey = Literal["provincie", "vergelijking", "vlaanderen"]
REFERENCE_KEYS: tuple[ReferenceKey, ...] = ("provincie", "vergelijking", "vlaanderen")
# The primary comparison of a municipality, the first of these it has: its comparison group (the other
# centrumsteden for a centrumstad), else Flanders, else its province (docs/methode.md, 'De vergelijking die
# eerst telt'). The others are context.
PRIMARY_ORDER: tuple[ReferenceKey, ...] = ("vergelijking", "vlaanderen", "provincie")


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
        comparison shares: the comparison group itself differs betekenisvol from that reference in the
        same direction (at least the minimal difference, as the group's own family judges it), and the
        area does not differ betekenisvol from its group in the same direction. Such a difference says
        what the area has in common with those like it, not what is special about it; a group only a
        little above or below the reference shares nothing ('net als' would be a claim the rules do
        not support)."""
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
        if group is None or fig is None or fig.suppressed:
            return False
        theirs = group.versus(indicator, key)
        return bool(theirs.comparable and theirs.real and theirs.diff * cmp.diff > 0)

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
    return stats.margin_for_answers(n, confidence)


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

def parts_compared(ws: Workspace, parts: tuple[Gebied, ...], indicators: list[str]) -> dict[str, Comparison]:
    """The two former municipalities of a merger against each other on each indicator (the first minus
    the second), judged as one family with the project's one rule: Benjamini-Hochberg over the
    document's indicators, betekenisvol when q < fdr and the difference is at least the minimal
    difference. Figures as every product may print them (suppression applied); a comparison that cannot
    be tested stays in the family with p = 1. Empty unless there are exactly two parts with data."""
    if len(parts) != 2:
        return {}
    areas = [ws.area(p) for p in parts]
    if any(a is None for a in areas):
        return {}
    stat = ws.config.instellingen.statistiek
    raw = {}
    for ind in indicators:
        fa, fb = areas[0].figure(ind), areas[1].figure(ind)
        raw[ind] = (compare_parts(fa, fb, stat) if fa is not None and fb is not None
                    else Comparison(NAN, 1.0, False, False, fa, fb))
    p = [c.p_value if c.comparable else 1.0 for c in raw.values()]
    q = stats.bh_adjust(p) if p else np.array([])
    judged = {}
    for (ind, c), qv in zip(raw.items(), q):
        real = c.comparable and bool(stats.is_real_difference(c.diff, qv, stat.min_verschil_pp, stat.fdr))
        judged[ind] = replace(c, real=real, q_value=float(qv)) if c.comparable else c
    return judged


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


# --- suppression across a run ----------------------------------------------------------------------

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

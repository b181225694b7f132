"""The department brief a department head acts on: what stands out for the department and what it
can do about it on page 1, the evidence one indicator a block, all figures in an annex."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from collections import Counter
from collections.abc import Sequence
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, TypedDict, cast

import typer
from pydantic import BaseModel, ConfigDict

from .. import __version__, actions, chart, env, fmt, rules
from ..actions import Situation
from ..commands import (AntwoordenOpt, ConfigOpt, DataOpt, FollowUp, GemeenteOpt, HtmlOpt, KoppelingOpt, MargesOpt,
                       OngewogenOpt, SjablonenOpt, UitOpt, make_documents)
from ..compute import Cijfer, Comparison
from ..config import Config
from ..config_catalogue import RESIDUAL_ANSWER, Indicator
from ..config_departments import Dienst, DienstActie, Vergelijkingssoort
from ..comparison_groups import MIN_MEMBERS, ComparisonGroup, centrumsteden, related_areas
from ..errors import InputError
from ..findings import (AreaFindings, DocumentScope, Finding, GapAgainstGap, answers_for_interval, area_key,
                        gap_against_gap, margin_for_answers, parts_compared, strongest)
from ..gebieden import Gebied, slugify
from ..suggest import did_you_mean
from .base import About, Artifact, Document, Target

ABOUT = About(
    order=10,
    help="Maak een PDF-briefing per dienst: wat de woontest betekent voor het werk van de dienst.",
    plan_help="Briefings per dienst; false: geen.",
    pdf_templates=("brief.html",), several="alle", recipients="dienst")

# The order of the reference areas in charts and tables: the nearest comparison first.
REFERENCE_ORDER = ("vergelijking", "provincie", "vlaanderen")
# More than this share of the department's figures too few to show: the short brief (what can be said,
# the neighbours and the comparison group, how to learn more) instead of evidence and an annex of blanks.
SHORT_WHEN_SUPPRESSED = 0.5
# Municipality-wide findings lead, then levels, then respondent groups.
SOLIDITY = {"verschil": 0, "niveau": 1, "groepsverschil": 2}
# a comparison group one member of which holds this share of the answers or more reads as that member
MOSTLY_ONE_MEMBER = 0.75
# below this many answers a table cell gives the count itself beside the share ('13 % (4 van 31)'), so that
# a share of a handful of people does not look like a glitch
COUNT_BESIDE_BELOW = 50
# the width (cm) of an answer chart on a phone's screen: 390 px less the page's margins
NARROW_CHART_CM = 9.4


class BriefSpec(BaseModel):
    """Plan section `briefs`: which departments get a brief, for every municipality of the plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    diensten: Literal["alle"] | list[str] = "alle"


@dataclass(frozen=True)
class Row:
    naam: str
    aandeel: str
    n: str
    interval: str
    verschil: str
    betekenisvol: str
    suppressed: bool
    is_own: bool = False
    kleiner_dan: float | None = None  # not betekenisvol: the smallest difference that could have been shown


class ReferenceEntry(TypedDict):
    """A reference area as the templates show it beside a figure: its figure and the comparison."""

    gebied: Gebied
    cijfer: Cijfer | None
    vergelijking: Comparison


def resolve_dienst(config: Config, name: str) -> list[str]:
    """'alle' -> every department; else the one named (by id, or by name, case-insensitive)."""
    diensten = config.diensten.diensten
    if name.strip().lower() == "alle":
        return list(diensten)
    key = slugify(name)
    for dienst_id, dienst in diensten.items():
        if key in (dienst_id, slugify(dienst.naam)):
            return [dienst_id]
    raise InputError(f"Onbekende dienst '{name}'.{did_you_mean(name, diensten)} "
                     f"Kies uit: {', '.join(diensten)} of 'alle'.")


class Words:
    """The brief's words that are not numbers, from the macros of `templates/woorden/brief.html` (a
    `--sjablonen` folder may reword them); each asked once per brief."""

    def __init__(self, templates: Path | None = None):
        self.templates = templates
        self._said: dict[tuple, str] = {}

    def __call__(self, name: str, *args: str | bool | tuple[str, ...]) -> str:
        from ..templating import macro

        if (name, args) not in self._said:
            self._said[name, args] = macro("woorden/brief.html", name, *args, user_templates=self.templates)
        return self._said[name, args]


def _row(naam: str, fig: Cijfer | None, cmp: Comparison | None, min_n: float, is_own: bool = False,
         words: Words | None = None, min_pp: float = 5.0) -> Row:
    """A table row: the figure and, for a reference or a group, its comparison as the document
    judges it (difference own minus reference; a group minus the other respondents)."""
    say = words or Words()
    if fig is None:
        return Row(naam, say("geen_gegevens"), "–", "–", "–", "–", True, is_own)
    if fig.suppressed and fig.reden == "afgeleid":  # secondary: n is not small, but would give a cell away
        # the reason is one footnote at the top of the annex ('Niet getoond.'), not repeated in every table
        # round 13: the row says why itself ('niet getoond' … 'anders valt een groep van minder dan 30 af te leiden')
        return Row(naam, say("onderdrukt_kort"), "–", "–", "–", say("onderdrukt_reden", fmt.number(min_n)), True,
                   is_own)
    if fig.suppressed:
        return Row(naam, say("te_weinig"), f"<{fmt.NBSP}{fmt.number(min_n)}", "–", "–", "–", True, is_own)
    share, n, interval = fmt.pct(fig.share), fmt.count(fig.n), fmt.interval(fig.lo, fig.hi)
    if fig.n < COUNT_BESIDE_BELOW:  # as in every table of the brief: '0 % (0 van 39)' (round 9)
        share = f"{share} ({fmt.count(fig.aantal)} van {n})"
    if is_own:
        return Row(naam, share, n, interval, "", "", False, True)
    if cmp is None or not cmp.comparable:
        return Row(naam, share, n, interval, "–", "–", False)
    gap = cmp.gap()  # from the printed shares, so that the column subtracts as printed
    verdict = say("ja_nee", cmp.real)
    if not cmp.real:
        verdict += " " + say(*why_not(gap, cmp, min_pp))
    return Row(naam, share, n, interval, gap.pp if gap else fmt.pp(cmp.diff), verdict, False,
               kleiner_dan=None if cmp.real else cmp.detectable)


def why_not(gap: fmt.Gap | None, cmp: Comparison, min_pp: float) -> tuple[str, str, str]:
    """Why a difference is not betekenisvol, judged on the printed gap (the macro `nee_reden` words it):
    'te_klein' when the printed gap lies below the minimal difference (a relevance threshold, not a
    detection limit); 'niet_aan_te_tonen' with the bound rounded *up*, when these answers could only
    have shown a larger difference than the printed one; else 'toeval' (large enough and above the
    bound on its own, but not after the correction over all comparisons of the municipality)."""
    printed = abs(gap.value) if gap is not None else Decimal(abs(fmt.round_half_away(cmp.diff * 100)))
    if printed < Decimal(str(min_pp)):
        return ("nee_reden", "te_klein", fmt.number(min_pp))
    bound = fmt.detectable_bound(cmp.detectable)  # the number the evidence sentences print too (rounded down)
    if printed < bound:
        return ("nee_reden", "niet_aan_te_tonen", str(bound))
    return ("nee_reden", "toeval", "")



def ordered_references(area: AreaFindings) -> list[tuple[str, AreaFindings]]:
    """The area's reference areas, nearest comparison first; a reference findings adds later is kept."""
    refs = area.references()
    rank = {key: i for i, key in enumerate(REFERENCE_ORDER)}
    return sorted(refs.items(), key=lambda kv: rank.get(kv[0], len(rank)))


# --- the answer distribution (read-only: shares of the answers, no tests) --------------------

@dataclass(frozen=True)
class Verdeling:
    """One area's answers to one indicator: a share per answer (None: too few answers to show)."""

    naam: str
    shares: tuple[float, ...] | None
    n: float
    eigen: bool = False
    delen: tuple[tuple[str, float], ...] = ()  # (answer, share as the chart prints it), for the alt text


def answer_labels(ind: Indicator, words: Words | None = None) -> tuple[str, ...]:
    """The parts of the bar: every answer; for a multiple-choice question the core answer and the rest."""
    if ind.soort == "meervoudig":
        return (ind.answer_label(ind.kern[0]), (words or Words())("niet_gekozen"))
    return tuple(a.label for a in ind.antwoorden)


def distribution(ws, gebied: Gebied, ind: Indicator, fig: Cijfer | None) -> tuple[float, ...] | None:
    """The shares of every answer of the area's respondents (all respondents, group 'totaal'),
    on the n of the headline figure; None when that figure is missing or suppressed."""
    if fig is None or fig.suppressed or not fig.n:
        return None
    counts = ws.area(gebied).answer_counts(ind.id)
    if ind.soort == "meervoudig":
        core = float(counts.get(ind.kern[0], 0)) / fig.n
        return (core, max(0.0, 1 - core))
    return tuple(float(counts.get(a, 0)) / fig.n for a in ind.answer_ids)


# --- page 1: what stands out, and what the department can do about it -------------------------

def _width(f: Finding) -> float:
    return (f.figure.hi - f.figure.lo) * 100


def solid(f: Finding, max_interval_pp: float) -> bool:
    """A finding page 1 may lead with: its figure (and what it is compared with) is shown, and its
    interval is no wider than the limit."""
    return (not f.figure.suppressed and (f.reference is None or not f.reference.suppressed)
            and _width(f) <= max_interval_pp)


def _key(scope: DocumentScope, f: Finding) -> str | None:
    """The reference key of a difference with a reference ('vergelijking', 'vlaanderen', 'provincie')."""
    return scope.key_of(f.reference_area) if f.kind == "verschil" else None


def is_context(scope: DocumentScope, f: Finding) -> bool:
    """A difference with a reference other than the primary comparison (Flanders or the province beside
    a comparison group; the province beside Flanders): context, never a page-1 finding. Page 1's
    differences are differences with the comparison that counts first (docs/methode.md, 'De vergelijking
    die eerst telt'); only without a primary comparison there is no context."""
    key = _key(scope, f)
    primary = scope.area.primary_key()
    return key is not None and primary is not None and key != primary


def common_group_gap(scope: DocumentScope, f: Finding) -> bool:
    """A respondent group whose gap with the other participants is not clearly larger than the same
    group's gap in the primary comparison (else Flanders): tenants plan fewer renovations everywhere,
    so that is no page-1 finding about this municipality. The gap is clearly larger when the difference
    of the two gaps lies in the finding's direction, is at least the minimal difference, and a z-test on
    it (the two gaps with their standard errors) gives p < alfa (docs/methode.md). Without the group's
    gap elsewhere, the finding stands on its own."""
    if f.kind != "groepsverschil" or f.diff is None:
        return False
    found = gap_against_gap(scope, f)
    if found is None:
        return False
    stat = scope.area.ws.config.instellingen.statistiek
    larger = found.diff * f.diff > 0 and abs(found.diff) * 100 >= stat.min_verschil_pp
    return not (larger and found.p_value < stat.alfa)


def group_gaps_not_on_page_one(scope: DocumentScope, candidates: list[Finding], indicators: list[Indicator],
                               max_interval_pp: float) -> tuple[list[str], list[tuple[Finding, GapAgainstGap]]]:
    """What page 1 says about the group findings it leaves out because the same gap is found in the
    primary comparison: the dimensions they are about (in the catalogue's order), and those whose gap
    looks larger by at least the minimal difference but fails the z-test (largest first, one per
    indicator): 'perhaps larger, not sure'."""
    wanted = {i.id for i in indicators}
    left = [f for f in candidates if f.kind == "groepsverschil" and f.indicator in wanted
            and solid(f, max_interval_pp) and common_group_gap(scope, f)]
    order = list(scope.area.ws.config.catalogus.groepen)
    dims = sorted({f.dimension for f in left if f.dimension}, key=order.index)
    min_pp = scope.area.ws.config.instellingen.statistiek.min_verschil_pp
    unsure: list[tuple[Finding, GapAgainstGap]] = []
    for f in left:
        found = gap_against_gap(scope, f)
        if found is not None and f.diff is not None and found.diff * f.diff > 0 and abs(found.diff) * 100 >= min_pp:
            unsure.append((f, found))
    unsure.sort(key=lambda fg: -abs(fg[1].diff))
    one_each = {fg[0].indicator: fg for fg in reversed(unsure)}  # the largest of each indicator wins
    return dims, sorted(one_each.values(), key=lambda fg: -abs(fg[1].diff))[:2]


def ranked_findings(scope: DocumentScope, found: list[Finding], indicators: list[Indicator],
                    max_interval_pp: float, most: int, core: Sequence[str] = ()) -> list[Finding]:
    """The findings for page 1, one per indicator chosen *after* the filters: only those that are
    solid (interval no wider than the limit) and not context, so a finding that fails is replaced by the
    next finding of the same indicator. First the findings on the department's core indicators
    (`Dienst.kern`: a housing office leads with its own topics, not with a location finding that is
    spatial planning's), then the others; within each, the differences with the primary comparison (the
    only differences with a reference page 1 makes a finding of), largest first; then levels, then
    respondent groups; on a tie, the department's order of indicators."""
    by_id = {i.id: i for i in indicators}
    position = {i.id: n for n, i in enumerate(indicators)}

    def key(f: Finding):
        distance = abs(f.diff) * 100 if f.kind == "verschil" and f.diff is not None else f.strength
        return (f.indicator not in core, SOLIDITY[f.kind], -distance, position[f.indicator], f.rule)

    # a residual group ('Ander huishouden': whoever gave none of the other answers) is no group a
    # department can act on: no page-1 finding (the annex keeps its figures)
    residual = scope.area.ws.config.catalogus.is_residual_group
    stable = [f for f in found if f.indicator in by_id and solid(f, max_interval_pp) and not is_context(scope, f)
              and not common_group_gap(scope, f) and not (f.kind == "groepsverschil" and residual(f.group))]
    return strongest(sorted(stable, key=key), most)


def situation(scope: DocumentScope, f: Finding, ind: Indicator) -> Situation:
    """A finding as the actions see it (`actions.Situation`)."""
    comparison: Vergelijkingssoort
    if f.kind == "verschil":
        key = _key(scope, f)
        # a reference area the area does not list (only when a test swaps its references): like Flanders
        known = key in ("vergelijking", "vlaanderen", "provincie")
        comparison = cast(Vergelijkingssoort, key) if known else "vlaanderen"
    else:
        comparison = "groep" if f.kind == "groepsverschil" else "niveau"
    opposite = False
    if comparison == "vergelijking" and scope.area.reference("vlaanderen") is not None:
        flanders = scope.versus(f.indicator, "vlaanderen")
        opposite = flanders.comparable and flanders.real and (flanders.diff > 0) != (f.direction > 0)
    return Situation(ind, f.direction, comparison, f.group, opposite, groups_other_way(scope, f),
                     groups_same_way(scope, f))


def groups_same_way(scope: DocumentScope, f: Finding) -> frozenset[str]:
    """For a finding about all participants: the groups whose printed share lies on the finding's side of the other
    participants' (the municipality below its comparison group, its 65-plussers below the other participants too).
    A step whose reason rests on a group (`Wanneer.steunt_op`) needs it here: Leuven's 65-plussers are more willing
    to live smaller than the others, so 'wie niet kleiner wil wonen, blijft langer in een woning die later niet meer
    past' is no reason there (round 16)."""
    if f.group != "totaal":
        return frozenset()
    cat = scope.area.ws.config.catalogus
    found = set()
    for dim in scope.dims:
        for value in cat.group_values(dim):
            cmp = scope.group_versus(f.indicator, f"{dim}:{value}")
            gap = cmp.gap() if cmp.comparable else None
            if gap is not None and gap.value * f.direction > 0:
                found.add(f"{dim}:{value}")
    return frozenset(found)


def clearly_larger_here(scope: DocumentScope, candidates: Sequence[Finding], indicator: str, key: str) -> bool:
    """A group gap the brief calls larger here than elsewhere: a group finding of it passes the one
    gap-against-gap verdict (`common_group_gap`); every other gap 'Binnen uw gemeente' says is not clearly
    larger than elsewhere."""
    finding = next((c for c in candidates if c.kind == "groepsverschil" and c.indicator == indicator
                    and c.group == key), None)
    return finding is not None and not common_group_gap(scope, finding)


def groups_other_way(scope: DocumentScope, f: Finding) -> frozenset[str]:
    """For a finding about all participants: the groups that differ betekenisvol from the other participants
    on the same question in the other direction, by at least the minimal difference as printed (what
    'Binnen uw gemeente' would give), and whose gap is clearly larger here than elsewhere: a step's reason
    never argues from a group gap the brief calls not larger than elsewhere (round 14: '65-plussers juist
    vaker' beside 'niet duidelijk groter dan elders')."""
    if f.group != "totaal":
        return frozenset()
    candidates = scope.candidates()
    min_pp = scope.area.ws.config.instellingen.statistiek.min_verschil_pp
    cat = scope.area.ws.config.catalogus
    found = set()
    for dim in scope.dims:
        for value in cat.group_values(dim):
            cmp = scope.group_versus(f.indicator, f"{dim}:{value}")
            gap = cmp.gap() if cmp.comparable and cmp.real else None
            if (gap is not None and not gap.below(min_pp) and (gap.value > 0) != (f.direction > 0)
                    and clearly_larger_here(scope, candidates, f.indicator, f"{dim}:{value}")):
                found.add(f"{dim}:{value}")
    return frozenset(found)


def context_findings(scope: DocumentScope, found: list[Finding], shown_on_page_one: set[str],
                     max_interval_pp: float) -> list[Finding]:
    """The differences with Flanders or the province beside the primary comparison, one per indicator
    not on page 1 (Flanders before the province): said in the context sentence, never as a finding."""
    order = {"vlaanderen": 0, "provincie": 1}
    chosen = [f for f in found if f.indicator not in shown_on_page_one and solid(f, max_interval_pp)
              and is_context(scope, f)]
    chosen.sort(key=lambda f: (order.get(_key(scope, f) or "", 2), -f.strength))
    return strongest(chosen, len(chosen))


def is_large(ws, gebied: Gebied) -> bool:
    """A centrumstad or a municipality of at least planning.grote_gemeente inhabitants: a department does
    the steps there, not one officer."""
    return gebied.slug in centrumsteden(ws) or gebied.bevolking >= ws.config.instellingen.planning.grote_gemeente


def is_small(ws, gebied: Gebied) -> bool:
    """Fewer inhabitants (reference population) than planning.kleine_gemeente, and no centrumstad: the
    municipality has no department of its own for every task."""
    small = ws.config.instellingen.planning.kleine_gemeente
    return gebied.slug not in centrumsteden(ws) and 0 < gebied.bevolking < small


def fitted_role(ws, gebied: Gebied, wie: str) -> str:
    """Who takes a step in this municipality: in a large one, a department instead of a single officer
    (diensten.yaml rollen_grote_gemeente: 'de woonambtenaar' becomes 'de dienst wonen'); in a small one,
    the colleague who follows a task up instead of a department it does not have (rollen_kleine_gemeente:
    'de dienst communicatie' becomes 'de collega die communicatie opvolgt')."""
    if is_large(ws, gebied):
        for small, large in ws.config.diensten.rollen_grote_gemeente.items():
            wie = wie.replace(small, large)
    elif is_small(ws, gebied):
        for department, colleague in ws.config.diensten.rollen_kleine_gemeente.items():
            wie = wie.replace(department, colleague)
    return wie


def fitted(ws, gebied: Gebied, action: DienstActie | None) -> DienstActie | None:
    """An action as this municipality's brief says it: its role fitted to the municipality's size, and a
    moment a reader can place, with the configured planning year for '{jaar}' (never the clock)."""
    if action is None:
        return None
    year = str(ws.config.instellingen.planning.jaar)
    # a step another department takes part in is asked of it ('vraag de woonambtenaar …'): named as here
    return action.model_copy(update={"wie": fitted_role(ws, gebied, action.wie),
                                     "resultaat": fitted_role(ws, gebied, action.resultaat),
                                     "besluit": fitted_role(ws, gebied, action.besluit),
                                     "moment": action.moment.replace("{jaar}", year)})


def _point(f: Finding, ind: Indicator, area: AreaFindings, action: DienstActie | None, config: Config,
           words: Words, scope: DocumentScope | None = None) -> dict:
    """A finding with what the templates need to say it: its labels, its comparison, its action, and
    for a difference with a reference the other references that differ betekenisvol the other way
    (`tegen`: a heading never leaves out that the municipality lies on the other side of Flanders)."""
    if f.kind == "verschil":
        assert f.reference_area is not None, "a difference with a reference names the reference area"
        reference, where = f.reference, words("waar", "referentie", f.reference_area.in_zin)
    elif f.kind == "groepsverschil":
        reference, where = f.reference, words("waar", "groep", area.gebied.naam)
    else:  # a level: compared with Flanders for context
        flanders = area.reference("vlaanderen")
        reference = flanders.figure(ind.id) if flanders else None
        where = words("waar", "referentie", flanders.gebied.in_zin) if flanders else ""
        if reference is not None and reference.suppressed:
            reference = None
    return {"bevinding": f, "indicator": ind.id, "label": ind.label, "kernlabel": ind.kernlabel,
            "bijzin": ind.kernlabel_bijzin or ind.kernlabel, "vraag": ind.vraag,
            "groep": config.catalogus.group_label(f.group), "vergelijking": reference, "waar": where,
            # the gap between the printed shares, so that '34 % tegenover 23 %' reads '11 procentpunt'
            "verschil": fmt.gap(f.figure.share, reference.share) if reference is not None else None,
            "actie": action,
            "tegen": _opposite(area, ind.id, f) if f.kind == "verschil" else [],
            "achtergrond": _background(area, ind.id, f) if f.kind == "verschil" else [],
            "elders": _elsewhere(scope, f) if scope is not None else None}


def printed_gap(a: Cijfer | None, b: Cijfer | None) -> fmt.Gap | None:
    """The gap between two figures as every table and sentence prints it: the difference of the printed
    shares, never the unrounded difference rounded on its own; None without both figures."""
    return fmt.gap(a.share, b.share) if a is not None and b is not None else None


def group_against_comparison(scope: DocumentScope, f: Finding, config: Config) -> dict | None:
    """For the annex: a group's gap here and the same group's gap in the primary comparison, both as
    printed, and whether the test of the one gap against the other finds it clearly larger here."""
    found = gap_against_gap(scope, f)
    if found is None or f.reference is None:
        return None
    return {"groep": config.catalogus.group_label(f.group), "gebied": found.where,
            "hier": fmt.gap(f.figure.share, f.reference.share),
            "elders": printed_gap(found.elsewhere.own, found.elsewhere.shown),
            "groter": not common_group_gap(scope, f), "zelfde": False}


def _elsewhere(scope: DocumentScope, f: Finding) -> dict | None:
    """A group finding's gap in the primary comparison, for the sentence 'against 3 procentpunt in the
    other centrumsteden': the area (its `in_zin`) and the gap of the printed shares."""
    found = gap_against_gap(scope, f)
    if found is None or found.elsewhere.own is None or found.elsewhere.shown is None:
        return None
    return {"gebied": found.where, "verschil": fmt.gap(found.elsewhere.own.share, found.elsewhere.shown.share)}


def _opposite(area: AreaFindings, indicator: str, f: Finding) -> list[ReferenceEntry]:
    """The area's other references that differ betekenisvol in the other direction, however small: Leuven
    below the other centrumsteden but above Flanders is said so, never left for the reader to assume."""
    assert f.diff is not None, "a difference with a reference has its diff"
    found: list[ReferenceEntry] = []
    for key, ref in ordered_references(area):
        cmp = area.versus(indicator, key)
        if cmp.comparable and cmp.real and (cmp.diff > 0) != (f.diff > 0):
            found.append({"gebied": ref.gebied, "cijfer": cmp.shown, "vergelijking": cmp})
    return found


def _background(area: AreaFindings, indicator: str, f: Finding) -> list[dict]:
    """The province and Flanders beside a page-1 difference with the primary comparison, every time, so
    that each finding's figure line reads alike: their shown figure and the one verdict on the municipality
    against them (`oordeel` 'boven', 'onder', or None when not betekenisvol or not comparable)."""
    found = []
    for key, ref in ordered_references(area):
        if key not in ("provincie", "vlaanderen") or ref.gebied == f.reference_area:
            continue
        cmp = area.versus(indicator, key)
        if cmp.shown is None or cmp.shown.suppressed:
            continue
        verdict = ("boven" if cmp.diff > 0 else "onder") if cmp.comparable and cmp.real else None
        found.append({"gebied": ref.gebied, "cijfer": cmp.shown, "oordeel": verdict})
    return found


# --- the evidence and the annex --------------------------------------------------------------

def primary_area(area: AreaFindings) -> Gebied | None:
    """The area of the municipality's primary comparison (None without one)."""
    key = area.primary_key()
    ref = area.reference(key) if key is not None else None
    return ref.gebied if ref is not None else None


def indicator_block(ind: Indicator, area: AreaFindings, ws, config: Config, flagged: set[str],
                    point: dict | None, scope: DocumentScope | None = None,
                    parts: tuple[Gebied, ...] = (), words: Words | None = None) -> dict:
    min_n = config.instellingen.statistiek.min_n
    min_pp = config.instellingen.statistiek.min_verschil_pp
    judge = scope or area  # the document's family decides what is betekenisvol
    own = area.figure(ind.id)
    refs = ordered_references(area)
    words = words or Words()
    labels = answer_labels(ind, words)

    # the answers the heading's share counts: the segments' numbers add up to it (the alt text's too)
    counted = ((True, False) if ind.soort == "meervoudig" else tuple(a in ind.kern for a in ind.answer_ids))

    def stack(naam: str, gebied: Gebied, fig: Cijfer | None, eigen: bool = False) -> Verdeling:
        shares = distribution(ws, gebied, ind, fig)
        whole = [w / 100 for w in fmt.whole_parts(shares, counted)] if shares else []
        return Verdeling(naam, shares, fig.n if fig else 0, eigen, tuple(zip(labels, whole)))

    rows = [_row(area.gebied.naam, own, None, min_n, is_own=True, words=words)]
    stacks = [stack(area.gebied.naam, area.gebied, own, True)]
    comparisons: list[ReferenceEntry] = []
    for key, ref in refs:
        fig = ref.figure(ind.id)
        cmp = judge.versus(ind.id, key)
        rows.append(_row(ref.gebied.kort, fig, cmp, min_n, words=words, min_pp=min_pp))
        stacks.append(stack(ref.gebied.kort, ref.gebied, fig))
        comparisons.append({"gebied": ref.gebied, "cijfer": fig, "vergelijking": cmp})
    picture = chart.stacked_bars(labels, tuple((s.naam, s.shares, s.eigen) for s in stacks), counted=counted)
    same = identical_bars(stacks)
    # the same chart drawn for a phone (the brief as a web page at 390 px): the width of the screen, its
    # legend wrapped over more lines, so that it never scrolls sideways
    narrow = chart.stacked_bars(labels, tuple((s.naam, s.shares, s.eigen) for s in stacks), width_cm=NARROW_CHART_CM,
                                counted=counted)
    real = [c for c in comparisons if c["vergelijking"].comparable and c["vergelijking"].real]
    undecided = [c for c in comparisons if c["vergelijking"].comparable and not c["vergelijking"].real]
    groups = []
    for dim in sorted(flagged):
        grows = []
        for value in config.catalogus.group_values(dim):
            key = f"{dim}:{value}"
            grows.append(_row(config.catalogus.group_label(key), area.figure(ind.id, key),
                              judge.group_versus(ind.id, key), min_n, words=words, min_pp=min_pp))
        # one rule for page 1 and the annex (round 11): where a row is not shown and one group alone is, the
        # other participants it is compared with (the figure page 1 prints beside it, with its n) stand here too
        keys = [f"{dim}:{value}" for value in config.catalogus.group_values(dim)]
        shown_keys = [k for k in keys if (fg := area.figure(ind.id, k)) is not None and not fg.suppressed]
        hidden = [k for k in keys if (fg := area.figure(ind.id, k)) is not None and fg.suppressed
                  and fg.reden == "afgeleid"]
        if hidden and len(shown_keys) == 1:
            cmp = judge.group_versus(ind.id, shown_keys[0])
            if cmp.comparable and cmp.shown is not None:
                label = words("anderen_dan", config.catalogus.group_label(shown_keys[0]))
                grows.append(_row(label, cmp.shown, None, min_n, is_own=True, words=words))
        groups.append({"titel": config.catalogus.groepen[dim].titel, "rijen": grows})
    return {"id": ind.id, "label": ind.label, "vraag": ind.vraag, "kernlabel": ind.kernlabel,
            "bijzin": ind.kernlabel_bijzin or ind.kernlabel, "gemeente": area.gebied.naam,
            "cijfer": own, "referenties": comparisons, "punt": point,
            # the heading: every betekenisvol comparison by direction; without one, what could have been shown
            "hoger": [c for c in real if c["vergelijking"].diff > 0],
            "lager": [c for c in real if c["vergelijking"].diff < 0],
            # round 11: a heading that names other areas names the primary comparison too when the
            # municipality does not differ from it ('net als in Gent en Kortrijk' under a printed gap below
            # the minimal difference), so that equal bars never look like a copy error
            "net_als": [c for c in undecided if c["gebied"] == primary_area(area)
                        and (g := c["vergelijking"].gap()) is not None and g.below(min_pp)],
            "onbeslist": undecided,
            # round 14: bars that print the same rounded parts, with their shares to one decimal for the note
            "gelijke_balken": same,
            "antwoorden": labels, "verdeling": stacks, "chart": picture.data_uri, "chart_smal": narrow.data_uri,
            # on a phone, the numbers of segments too narrow to hold them, said under the chart
            "buiten_balk_smal": outside_labels(labels, narrow.unlabelled),
            "groepsvergelijking": group_comparison(point),
            # a merger's former municipalities beside each other, for the indicators of page 1
            "onderdelen": former_municipalities(ws, parts, ind) if point is not None else [],
            "rijen": rows, "groepen": groups, "suppressed": own is None or own.suppressed}


def identical_bars(stacks: Sequence[Verdeling]) -> list[Verdeling]:
    """The bars of one chart that print the same rounded parts as another bar of it (Leuven and the other
    centrumsteden both 23/21/15/39): read as a copy error unless the chart's note gives their unrounded
    shares, so every such bar is returned, in the chart's order; [] when all bars differ."""
    drawn = [v for v in stacks if v.shares is not None and v.delen]
    return [v for v in drawn if any(w is not v and w.delen == v.delen for w in drawn)]


# From this many evidence blocks with only 'geen betekenisvol verschil', their sentence is said once.
SAY_ONCE_FROM = 3


def outside_labels(answers: tuple[str, ...], unlabelled: tuple[tuple[str, int, int], ...]) -> list[dict]:
    """The numbers a stacked bar had no room for, by answer in the legend's order: [{antwoord, waarden:
    [(area, whole percentage)]}], for one line under the chart."""
    found: dict[int, list[tuple[str, int]]] = {}
    for area, i, whole in unlabelled:
        found.setdefault(i, []).append((area, whole))
    return [{"antwoord": answers[i], "waarden": found[i]} for i in sorted(found)]


def undecided_only(b: dict) -> bool:
    """An evidence block whose figure differs betekenisvol from no reference (and is no page-1 difference):
    under its chart stands what these answers could not show."""
    return bool(b["onbeslist"]) and not (b["hoger"] or b["lager"] or b["suppressed"]) and not (
        b["punt"] and b["punt"]["bevinding"].kind == "verschil")


def as_large_not_sure(block: dict, page_one: list[dict], min_pp: float) -> dict | None:
    """An evidence block's gap that is not betekenisvol although page 1 calls a gap of the same printed size
    or smaller betekenisvol (Merelbeke-Melle: 8 procentpunt below Oost-Vlaanderen, not sure; 8 below
    Flanders on another question, betekenisvol): the sentence that gives the second verdict says why, with
    both intervals (the wider one is less sure: fewer answers, or a share nearer one half). The largest
    such gap of the block, beside the smallest page-1 gap it matches; None without one."""
    own = block["cijfer"]
    if own is None or own.suppressed or not page_one:
        return None
    smallest = min(page_one, key=lambda g: abs(g["verschil"].value))
    found = None
    for c in block["onbeslist"]:
        if c["cijfer"] is None or c["cijfer"].suppressed:
            continue
        gap = fmt.gap(own.share, c["cijfer"].share)
        if gap.below(min_pp) or abs(gap.value) < abs(smallest["verschil"].value):
            continue
        if found is None or abs(gap.value) > abs(found["verschil"].value):
            found = {"gebied": c["gebied"], "verschil": gap, "cijfer": own, "ander": smallest}
    return found


def undecided_together(blocks: list[dict]) -> dict | None:
    """The one sentence for the evidence blocks that only say 'geen betekenisvol verschil': their
    topics, the reference areas (named when every block has the same ones) and the range of the
    differences these answers could not show (each bound stands in the annex)."""
    if not blocks:
        return None
    areas = {tuple(c["gebied"].in_zin for c in b["onbeslist"]) for b in blocks}
    bounds = [c["vergelijking"].detectable for b in blocks for c in b["onbeslist"]]
    return {"labels": [b["label"] for b in blocks], "gebieden": list(areas.pop()) if len(areas) == 1 else [],
            "grenzen": (min(bounds), max(bounds)),
            "even_groot": [b["even_groot"] for b in blocks if b.get("even_groot")]}


def unsure_label(catalogus, f: Finding) -> str:
    """How the 'te onzeker' line names a finding: its indicator, and the group it is about
    ("Bereid om kleiner te wonen (65 jaar of ouder)")."""
    label = catalogus.by_id[f.indicator].label
    return f"{label} ({catalogus.group_label(f.group)})" if f.group != "totaal" else label


def former_municipalities(ws, parts: tuple[Gebied, ...], ind: Indicator) -> list[dict]:
    """Each former municipality of a merger with its figure as every product may print it (primary and
    secondary suppression applied; None without data). Shares with n only: no verdict between them."""
    found = []
    for part in parts:
        area = ws.area(part)
        found.append({"naam": part.naam, "cijfer": area.figure(ind.id) if area is not None else None})
    return found


def group_comparison(point: dict | None) -> dict | None:
    """The evidence of a page-1 group finding: the group's figure against the other participants of
    the municipality, both as the finding holds them (share, n, interval); None for any other block."""
    if point is None or point["bevinding"].kind != "groepsverschil" or point["bevinding"].reference is None:
        return None
    f = point["bevinding"]
    return {"groep": point["groep"], "cijfer": f.figure, "anderen": f.reference}


def shown(fig: Cijfer | None) -> bool:
    return fig is not None and not fig.suppressed


def verdict_against_flanders(judge: AreaFindings | None, indicator: str) -> int | None:
    """A neighbour's or the comparison group's figure against (the rest of) Flanders, as that area's own
    family judges it: +1 betekenisvol above, -1 below, 0 not betekenisvol, None not tested."""
    if judge is None:
        return None
    cmp = judge.versus(indicator, "vlaanderen")
    if not cmp.comparable:
        return None
    return (1 if cmp.diff > 0 else -1) if cmp.real else 0


def neighbourhood(ws, gebied: Gebied, area: AreaFindings, indicators: list[Indicator]) -> dict:
    """For the short brief: the department's figures of the municipality itself (a column only when one
    can be shown), of the neighbouring municipalities (config/buren.csv) and of the reference areas, as
    each may print them; a neighbour without one figure to show is named, not drawn. Shares with n (and
    the municipality's own with their interval) only: nothing here is tested against anything."""
    columns, without = [], []
    judges: list[AreaFindings | None] = []  # whose family judges each column against Flanders
    own = [area.figure(i.id) for i in indicators]
    if any(shown(f) for f in own):  # the municipality's own figures first, where they can be shown
        columns.append(({"naam": gebied.naam, "soort": "eigen"}, own))
        judges.append(None)
    centra = centrumsteden(ws)
    cities = []
    for nb in ws.gebieden.neighbours(gebied.nis):
        nb_area = ws.area(nb)
        figs = [nb_area.figure(i.id) for i in indicators] if nb_area is not None else []
        if any(shown(f) for f in figs):
            columns.append(({"naam": nb.naam, "soort": "buur"}, figs))
            judges.append(nb_area)
            if nb.slug in centra and gebied.slug not in centra:
                cities.append(nb.naam)
        else:
            without.append(nb.naam)
    for key, ref in ordered_references(area):
        figs = [ref.figure(i.id) for i in indicators]
        if any(shown(f) for f in figs):
            columns.append(({"naam": ref.gebied.kort, "soort": key}, figs))
            judges.append(ref if key == "vergelijking" else None)
    rows = [{"label": ind.label, "cellen": [figs[r] for _, figs in columns], "telling_onder_tabel": False,
             "oordelen": [verdict_against_flanders(j, ind.id) for j in judges]}
            for r, ind in enumerate(indicators)]
    # a centrumstad among the neighbours of a smaller municipality (Kortrijk beside Spiere-Helkijn) is read
    # apart: the pattern of the region is that of the other neighbours and the comparison group
    same: list[dict[str, Any]] = []
    found = {"kolommen": [c for c, _ in columns], "rijen": rows, "zelfde_telling": same, "centrumsteden": cities}
    if columns and columns[0][0]["soort"] == "eigen":
        # the same small count on several questions ('4 van 31' three times) looks like a glitch: the cells
        # give the share with its n, and one line under the table gives the count once, with its questions
        counts: dict[tuple[str, str], list[int]] = {}
        for r, f in enumerate(own):
            if shown(f) and f is not None and f.n < COUNT_BESIDE_BELOW:
                counts.setdefault((fmt.count(f.aantal), fmt.count(f.n)), []).append(r)
        for (aantal, n), at in counts.items():
            first = own[at[0]]
            if len(at) > 2 and first is not None:  # twice beside its shares reads fine; a third time, under the table
                same.append({"aantal": aantal, "n": n, "share": first.share,
                             "vragen": [indicators[r].label for r in at]})
                for r in at:
                    rows[r]["telling_onder_tabel"] = True
    min_pp = ws.config.instellingen.statistiek.min_verschil_pp
    return {**found, "streek": telling_figure(found, indicators, min_pp), "zonder_cijfers": without,
            "buren": [c["naam"] for c, _ in columns if c["soort"] == "buur"],
            "collegas": peers_to_ask(ws, gebied, area),
            # the neighbours with figures and their participants, for page 1's key message
            # a centrumstad among them is named once, apart (`centrumsteden`)
            "buren_n": [{"naam": nb.naam, "n": ws.respondents(nb)} for nb in ws.gebieden.neighbours(gebied.nis)
                        if nb.naam not in without and nb.naam not in cities and ws.area(nb) is not None],
            # round 12: where the list of neighbours comes from, so that a local reader who misses one knows
            # where it is corrected: the reference file's name and every neighbour it lists
            "bron": {"bestand": path.name, "buren": [nb.naam for nb in ws.gebieden.neighbours(gebied.nis)]}
            if (path := ws.config.files.get("buren.csv")) is not None and path.is_file() else None}


def telling_figure(buurt: dict, indicators: list[Indicator], min_pp: float = 0.0) -> dict | None:
    """For the sentence above the short brief's neighbour table and page 1's key message: what the
    neighbours and the comparison group show for this department against Flanders, as each one's own
    family judges it (`oordelen` of a row: +1 betekenisvol above, -1 below, 0 not, None not tested; the
    project's one verdict rule, never a printed gap read by eye). The question on which the most of them
    (every shown neighbour outside a centrumstad, and the group) differ betekenisvol on one side and none
    on the other, ties to the one whose nearest betekenisvol figure lies furthest away: `gebieden` those
    that differ, `overige` the others shown, `alle` when none is left over. `gebieden` empty when none of
    them differs betekenisvol on any question: then the brief says so plainly."""
    kinds = [k["soort"] for k in buurt["kolommen"]]
    if "vlaanderen" not in kinds:
        return None
    flanders = kinds.index("vlaanderen")
    apart = buurt.get("centrumsteden", [])
    best: tuple[tuple, dict] | None = None
    for ind, row in zip(indicators, buurt["rijen"]):
        ref = row["cellen"][flanders]
        verdicts = row.get("oordelen") or [None] * len(kinds)
        if not shown(ref):
            continue
        together = [(buurt["kolommen"][i], row["cellen"][i], verdicts[i]) for i, kind in enumerate(kinds)
                    if kind in ("buur", "vergelijking") and shown(row["cellen"][i])
                    and buurt["kolommen"][i]["naam"] not in apart]
        sides = {v for _, _, v in together if v}
        if len(sides) != 1:
            continue
        differing = [(k, c) for k, c, v in together if v]
        nearest = min(abs(float(fmt.gap(c.share, ref.share).value)) for _, c in differing)
        rank = (len(differing), nearest)
        if best is None or rank > best[0]:
            best = (rank, {"label": ind.label, "kant": sides.pop(), "vlaanderen": ref, "min_pp": fmt.number(min_pp),
                           "gebieden": [{"naam": k["naam"], "soort": k["soort"], "cijfer": c} for k, c in differing],
                           "overige": [{"naam": k["naam"], "soort": k["soort"], "cijfer": c}
                                       for k, c, v in together if not v],
                           "alle": len(differing) == len(together),
                           "apart": [{"naam": k["naam"], "cijfer": c}
                                     for k, c in zip(buurt["kolommen"], row["cellen"])
                                     if k["naam"] in apart and shown(c)]})
    if best is not None:
        return best[1]
    return {"label": None, "kant": 0, "vlaanderen": None, "gebieden": [], "overige": [], "alle": False,
            "min_pp": fmt.number(min_pp), "apart": [{"naam": n, "cijfer": None} for n in apart]}


def first_indications(scope: DocumentScope, area: AreaFindings, indicators: list[Indicator]) -> list[dict]:
    """For the short brief: each own figure that differs betekenisvol from a reference (the document's
    family verdict; the nearest comparison first), with that reference's figure and the printed gap."""
    found = []
    for ind in indicators:
        own = area.figure(ind.id)
        if own is None or own.suppressed:
            continue
        for key, ref in ordered_references(area):
            cmp = scope.versus(ind.id, key)
            if cmp.comparable and cmp.real and cmp.shown is not None:
                found.append({"label": ind.label, "kernlabel": ind.kernlabel, "cijfer": own, "gebied": ref.gebied,
                              "referentie": cmp.shown, "verschil": fmt.gap(own.share, cmp.shown.share)})
                break
    return found


def largest_unsure_gap(scope: DocumentScope, area: AreaFindings, indicators: list[Indicator],
                       min_pp: float) -> dict | None:
    """For the short brief without a betekenisvol difference: the own figure furthest from the primary
    comparison (printed gap at least the minimal difference), so that page 1 says why a gap a reader
    sees in the table is no finding."""
    key = area.primary_key() or "vlaanderen"
    ref = area.reference(key)
    if ref is None:
        return None
    best: tuple[fmt.Gap, dict] | None = None
    for ind in indicators:
        own = area.figure(ind.id)
        if own is None or own.suppressed:
            continue
        cmp = scope.versus(ind.id, key)
        if not cmp.comparable or cmp.real or cmp.shown is None:
            continue
        g = fmt.gap(own.share, cmp.shown.share)
        if not g.below(min_pp) and (best is None or abs(g.value) > abs(best[0].value)):
            best = (g, {"label": ind.label, "kernlabel": ind.kernlabel, "cijfer": own, "gebied": ref.gebied,
                        "referentie": cmp.shown, "verschil": g})
    return best[1] if best is not None else None


def largest_unsure_gaps(scope: DocumentScope, area: AreaFindings, indicators: list[Indicator], min_pp: float,
                        most: int = 2) -> list[dict]:
    """For the short brief's own figures, none betekenisvol: the questions with the largest printed gap to
    any reference (at least the minimal difference), each with the reference that gives it: the largest,
    then the largest the other way if there is one (else the next), so that page 1 names the gaps a reader
    sees in the table, above and below, and says plainly that they are not sure."""
    found: list[tuple[Decimal, dict[str, Any]]] = []
    for ind in indicators:
        own = area.figure(ind.id)
        if own is None or own.suppressed:
            continue
        gaps: list[tuple[Decimal, dict[str, Any]]] = []
        for key, ref in ordered_references(area):
            cmp = scope.versus(ind.id, key)
            if cmp.comparable and not cmp.real and cmp.shown is not None:
                g = fmt.gap(own.share, cmp.shown.share)
                if not g.below(min_pp):
                    gaps.append((abs(g.value), {"label": ind.label, "cijfer": own, "gebied": ref.gebied,
                                                "referentie": cmp.shown, "verschil": g}))
        if gaps:
            found.append(max(gaps, key=lambda t: t[0]))
    ranked = [entry for _, entry in sorted(found, key=lambda t: -t[0])]
    if not ranked:
        return []
    first = ranked[0]
    side = first["verschil"].value > 0
    other_way = [e for e in ranked[1:] if (e["verschil"].value > 0) != side]
    return ([first] + (other_way or ranked[1:]))[:most]


# At most this many own figures in the short brief's bold lead (round 17).
FIRST_IMPRESSION_MOST = 3


def first_impression(scope: DocumentScope, area: AreaFindings, indicators: list[Indicator], min_pp: float,
                     most: int = FIRST_IMPRESSION_MOST) -> list[dict]:
    """The short brief's bold lead (round 17): the department's own figures whose printed gap with Flanders is
    largest (at least the minimal difference), largest first, at most `most`, each with Flanders' figure and the
    one verdict of that comparison (`echt`). The lead speaks of the municipality itself; the region follows."""
    if area.reference("vlaanderen") is None:
        return []
    found: list[tuple[Decimal, float, dict[str, Any]]] = []
    for ind in indicators:
        own = area.figure(ind.id)
        if own is None or own.suppressed:
            continue
        cmp = scope.versus(ind.id, "vlaanderen")
        if not cmp.comparable or cmp.shown is None:
            continue
        g = fmt.gap(own.share, cmp.shown.share)
        if not g.below(min_pp):
            found.append((abs(g.value), abs(own.share - cmp.shown.share),
                          {"label": ind.label, "kernlabel": ind.kernlabel, "cijfer": own,
                           "referentie": cmp.shown, "verschil": g, "echt": cmp.real}))
    # equal printed gaps: the larger unrounded gap first (Lendelede wonen: 32 % against 19 % before 13 % against 26 %)
    return [entry for *_, entry in sorted(found, key=lambda t: (-t[0], -t[1]))][:most]


# At most this many municipalities whose colleagues the short brief suggests to talk with.
PEERS_MOST = 2


def peers_to_ask(ws, gebied: Gebied, area: AreaFindings) -> list[str]:
    """The municipalities whose colleagues a short brief's step suggests to talk with: the two members of
    the comparison group closest to it in population (the most alike in means), a neighbour first where
    two are as close; never a centrumstad (config/buren.csv may list
    one as a neighbour, as Kortrijk for Spiere-Helkijn)."""
    group = next((r.gebied for k, r in ordered_references(area)
                  if k == "vergelijking" and isinstance(r.gebied, ComparisonGroup)), None)
    if group is None:
        return []
    cities = centrumsteden(ws)
    neighbours = {nb.nis for nb in ws.gebieden.neighbours(gebied.nis)}
    members = [m for m in group.members if m.slug not in cities and m.nis != gebied.nis]
    # the members closest in population (round 9: Lendelede, 5.900 inhabitants, was told Harelbeke, 28.000,
    # was 'van uw grootte'); among equally close ones a neighbour first
    members.sort(key=lambda m: (abs(math.log(max(m.bevolking, 1) / max(gebied.bevolking, 1))),
                                m.nis not in neighbours, m.naam))
    return [m.naam for m in members[:PEERS_MOST]]


def short_steps(dienst: Dienst, max_interval_pp: float = 20.0, confidence: float = 0.95,
                gebied: Gebied | None = None) -> dict[str, str]:
    """Who does the short brief's next steps and where it is decided, from the department's own data:
    `wie` the role most of its actions name, `regio` an intermunicipal instrument if it has one; how many
    answers an own survey should aim at (`doel_n`: an interval no wider than the page-1 limit), the
    margin that half of them still gives (`half_n`, `marge`) and the target itself (`marge_doel`: said
    to hold only for a random sample), and how that compares with the
    municipality's population (`inwoners`, `per_inwoners`: one answer per so many inhabitants)."""
    roles = Counter(a.wie for a in dienst.acties)
    names = [i.naam for i in dienst.instrumenten]
    regio = dienst.streek or next((n for n in names if "gemeentelijk" in n.lower() or "regio" in n.lower()), "")
    target = answers_for_interval(max_interval_pp, confidence)
    half = max(10, target // 2)
    people = gebied.bevolking if gebied is not None else 0
    return {"wie": roles.most_common(1)[0][0] if roles else "de dienst", "regio": regio,
            "doel_n": fmt.count(target), "max_interval": fmt.number(max_interval_pp),
            "half_n": fmt.count(half), "marge": fmt.number(round(margin_for_answers(half, confidence))),
            "marge_doel": fmt.number(round(margin_for_answers(target, confidence))),
            "inwoners": fmt.count(people) if people else "",
            "per_inwoners": fmt.count(round(people / target)) if people else ""}


def survey_group(config: Config, dienst_id: str) -> list[str]:
    """The departments whose short briefs for one municipality propose the same own survey, in the order
    of diensten.yaml: the department, the ones sharing at least half of the indicators of each of the two
    with it (ruimte and wonen share four of eight and six questions), and so on from those (wonen also
    shares with welzijn). Every brief of the group names the same group and the same lead (its first
    department): one survey, one trekker, whichever brief a reader holds."""
    def shares(a: set[str], b: set[str]) -> bool:
        return bool(a and b) and 2 * len(a & b) >= max(len(a), len(b))

    own = {d: {i.id for i in rules.indicators_for(config, d)} for d in config.diensten.diensten}
    group, todo = {dienst_id}, [dienst_id]
    while todo:
        current = todo.pop()
        for other in own:
            if other not in group and shares(own[current], own[other]):
                group.add(other)
                todo.append(other)
    return [d for d in config.diensten.diensten if d in group]


def _joint_survey(ws, gebied, group: list[str], dienst_id: str | None = None) -> dict:
    """Who leads the survey steps a group of departments shares (`survey_group`): its first department's
    role ('trekker') and channel ('trekker_regio': one joint sample survey goes through one intermunicipal
    body, whichever brief a reader holds; round 12), the others' roles ('samen_met'); and, in the brief of a
    department that does not lead, its own part ('eigen_deel': its role and the first word of its name);
    nobody shares with one department."""
    communication = fitted_role(ws, gebied, "de dienst communicatie")
    if len(group) < 2:
        return {"trekker": None, "trekker_regio": "", "samen_met": [], "diensten": [], "eigen_deel": None,
                "communicatie": communication}
    steps = [short_steps(ws.config.diensten.diensten[d]) for d in group]
    roles = [fitted_role(ws, gebied, st["wie"]) for st in steps]
    # each department by the first word of its name ('omgeving, wonen, welzijn en mobiliteit'), never a count
    names = [ws.config.diensten.diensten[d].naam.split()[0].lower() for d in group]
    own = group.index(dienst_id) if dienst_id in group else 0
    part = ({"wie": roles[own], "dienst": names[own]} if own and roles[own] != roles[0] else None)
    return {"trekker": roles[0], "trekker_regio": steps[0]["regio"], "samen_met": roles[1:], "diensten": names,
            "eigen_deel": part, "communicatie": communication}


# How many of the short brief's next steps page 1 gives; the others follow on page 2, numbered on.
SHORT_STEPS_ON_PAGE_ONE = 2


def short_step_order(buurt: dict | None, first_question: dict | None,
                     too_few: bool = False) -> dict[str, list[str]]:
    """The short brief's next steps in the one order both pages follow: first the Gemeente-Stadsmonitor
    (a sample, so representative for what it measures), then a short own survey for what it does not
    measure (an open survey too: a better picture, no certainty), then a survey on a sample with the
    neighbours, a talk with the neighbours when there are any with figures, and the question to ask first
    when the municipality already differs betekenisvol. Page 1 gives the first `SHORT_STEPS_ON_PAGE_ONE`.
    A municipality with fewer participants than a shown share needs (`too_few`: Spiere-Helkijn, 9) gets no
    joint sample survey: at that scale the neighbours' and the monitor's figures are what there is (round 9)."""
    order = ["stadsmonitor", "eigen_bevraging"] + ([] if too_few else ["steekproef"])
    if buurt and buurt.get("collegas"):
        order.append("buren")
    if first_question and first_question.get("soort") == "aanwijzing":
        order.append("eerst_vragen")
    return {"pagina_een": order[:SHORT_STEPS_ON_PAGE_ONE], "verder": order[SHORT_STEPS_ON_PAGE_ONE:]}


def closest_question(area: AreaFindings, buurt: dict, indications: list[dict], largest: dict | None,
                     indicators: list[Indicator]) -> dict | None:
    """For the short brief's third step, the question an own survey should ask first, from this
    municipality's data: a first indication, else its largest gap that is not yet betekenisvol, else (no
    own figure to show) the question on which the neighbours' shown figures lie furthest apart (said as
    such: not tested)."""
    if indications:
        return {"soort": "aanwijzing", **indications[0]}
    if largest is not None:
        return {"soort": "grootste", **largest}
    buren = [i for i, k in enumerate(buurt["kolommen"]) if k["soort"] == "buur"]
    best: tuple[float, dict] | None = None
    for ind, row in zip(indicators, buurt["rijen"]):
        shown_here = [(buurt["kolommen"][i]["naam"], row["cellen"][i]) for i in buren if shown(row["cellen"][i])]
        if len(shown_here) < 2:
            continue
        spread = max(c.share for _, c in shown_here) - min(c.share for _, c in shown_here)
        if best is None or spread > best[0]:
            best = (spread, {"soort": "buren", "label": ind.label, "kernlabel": ind.kernlabel,
                             "buren": [{"naam": n, "cijfer": c} for n, c in shown_here]})
    return best[1] if best is not None else None


# At most this many gaps between groups in 'Binnen uw gemeente'.
WITHIN_MOST = 3


RENTAL_STOCK = frozenset({"renovatieplannen"})  # questions on the dwelling itself: for tenants, the landlord's call


def within_municipality(scope: DocumentScope, indicators: list[Indicator], top: list[Finding],
                        min_pp: float, candidates: Sequence[Finding] = (),
                        most: int | None = WITHIN_MOST) -> list[dict[str, Any]]:
    """'Binnen uw gemeente': the largest gaps between a group of participants and the other participants
    of the municipality that are betekenisvol within it (the family's group-versus-rest verdict) and at
    least the minimal difference as printed, even when the primary comparison shows the same gap (then
    said: 'zo ook elders'; `uitzonderlijk` only when a group finding of it passes the gap-against-gap test
    and page 1 had no room for it); at most `most` (all of them with None), never a group finding page 1
    has already."""
    area, cat = scope.area, scope.area.ws.config.catalogus
    on_page = {(f.indicator, f.group) for f in top if f.kind == "groepsverschil"}
    primary = area.reference(area.primary_key() or "vlaanderen")
    found: list[dict[str, Any]] = []
    for ind in indicators:
        for dim in scope.dims:
            values = cat.group_values(dim)
            for value in values:
                key = f"{dim}:{value}"
                cmp = scope.group_versus(ind.id, key)
                if (ind.id, key) in on_page or not (cmp.comparable and cmp.real) or cmp.own is None:
                    continue
                gap = cmp.gap()
                if gap is None or gap.below(min_pp):
                    continue
                there = None
                if primary is not None:
                    try:
                        other = primary.group_versus(ind.id, key)
                    except KeyError:
                        other = None
                    if other is not None and other.comparable and other.own is not None and other.shown is not None:
                        g = fmt.gap(other.own.share, other.shown.share)
                        # the printed gap there is smaller by at least the minimal difference, or lies the
                        # other way: 'zo ook elders' would not be true, only 'perhaps larger here'
                        smaller = (gap.value * g.value < 0
                                   or abs(gap.value) - abs(g.value) >= Decimal(str(min_pp)))
                        there = {"gebied": primary.gebied, "verschil": g, "kleiner": smaller}
                found.append({"uitzonderlijk": clearly_larger_here(scope, candidates, ind.id, key),
                              "label": ind.label, "kernlabel": ind.kernlabel,
                              "bijzin": ind.kernlabel_bijzin or ind.kernlabel,
                              "indicator": ind.id, "groep": cat.group_label(key), "sleutel": key,
                              "cijfer": cmp.own, "anderen": cmp.shown, "verschil": gap, "elders": there,
                              "elders_kleiner": bool(there and there["kleiner"]),
                              # tenants planning a renovation: a finding about the rental stock, which
                              # the landlords renovate (the landlord sentence stands under this bullet only)
                              "huurders": key == "eigendom:huurder" and ind.id in RENTAL_STOCK})
    # owner against the rest and tenant against the rest are nearly one gap seen from two sides: of a
    # dimension of at most three values, two opposite gaps of one question count once (the smaller group)
    kept: list[dict[str, Any]] = []
    for w in found:
        dim = w["sleutel"].split(":", 1)[0]
        twin = next((k for k in kept if k["indicator"] == w["indicator"] and k["sleutel"].split(":", 1)[0] == dim
                     and (k["verschil"].value > 0) != (w["verschil"].value > 0)), None)
        if twin is not None and len(cat.group_values(dim)) <= 3:
            if w["cijfer"].n < twin["cijfer"].n:
                kept[kept.index(twin)] = w
            continue
        kept.append(w)
    kept.sort(key=lambda w: -abs(w["verschil"].value))
    # the largest gap of each question first, so that three questions are covered before a second gap of one
    firsts = list({w["indicator"]: w for w in reversed(kept)}.values())
    firsts.sort(key=lambda w: -abs(w["verschil"].value))
    chosen = sorted((firsts + [w for w in kept if w not in firsts])[:most],
                    key=lambda w: -abs(w["verschil"].value))
    tenants = [w for w in chosen if w["huurders"]]
    for w in tenants[1:]:  # the landlord angle is said once, under the first tenant gap
        w["huurders"] = False
    return chosen


# The widest interval (pp) of the department's own figures at which a brief is still 'redelijk zeker'.
FAIRLY_SURE_PP = 10


def _widest(figures: Sequence[Cijfer | None]) -> float | None:
    return max(((f.hi - f.lo) * 100 for f in figures if f is not None and shown(f)), default=None)


def _points(width: float | None) -> str:
    return fmt.number(math.ceil(round(width, 6))) if width is not None else ""


def how_sure(respondents: float, own: Sequence[Cijfer | None], max_interval_pp: float, min_n: float,
             groups: Sequence[Cijfer | None] = ()) -> dict:
    """The brief's overall confidence, said once at the top of page 1: 'redelijk' when every own figure of
    the department can be shown and its widest interval is at most `FAIRLY_SURE_PP`, 'beperkt' when the
    widest is within the page-1 limit, else (or without a figure to show) 'onzeker'. Never 'zeker': the
    woontest is an open survey, not a sample. `breedte` is the widest interval in whole points, rounded up,
    of the figures of all participants together; `groepen_breedte` that of the group figures page 1 shows
    (`groups`), when wider: the label then says both, so that it covers every figure below it."""
    shown_here = [f for f in own if shown(f)]
    widest = _widest(shown_here)
    widest_group = _widest(groups)
    if widest is None or respondents < min_n:
        level = "onzeker"
    elif widest <= FAIRLY_SURE_PP and len(shown_here) == len(own):
        level = "redelijk"
    elif widest <= max_interval_pp:
        level = "beperkt"
    else:
        level = "onzeker"
    wider = widest is not None and widest_group is not None and _points(widest_group) != _points(widest) \
        and widest_group > widest
    return {"niveau": level, "n": fmt.count(respondents), "breedte": _points(widest),
            "groepen_breedte": _points(widest_group) if wider else ""}


def key_message(points: list[dict], primary_key: str | None, scope: DocumentScope) -> list[dict]:
    """What the bold key message at the top of page 1 is built from: the first finding, the largest
    difference with the primary comparison when there is one (what sets the municipality apart from
    those like it), in one sentence a reader remembers."""
    if not points:
        return []
    return points[:1]


def one_story(points: list[dict], primary_key: str | None, scope: DocumentScope,
              dienst_id: str = "") -> dict | None:
    """When every numbered finding on page 1 is a difference with the primary comparison, on the same side
    and within one theme (Leuven: less for living on less space than Gent and Kortrijk, three times over),
    the key message tells that one story in one sentence instead of repeating finding 1. `thema` the theme
    id (its words are in the template), `richting` +1/-1, the printed gaps' range, and `ook` the
    references every finding lies on the other side of (each figure line names the rest). `vragen` counts
    the department's questions of that theme with a comparison to the primary one: when it is more than
    the findings, the key message says 'bij drie van de vier vragen', never 'alle drie' as if the whole theme
    leaned that way (round 9); `dienst` lets the template say it in the department's own terms. The key
    message names exactly the numbered findings (round 14: Leuven ruimte's named three and numbered two);
    `genoemd` stays 0, for the template's wording of a count over numbered findings only."""
    if len(points) < 2 or primary_key is None:
        return None
    found = [p["bevinding"] for p in points]
    by_id = scope.area.ws.config.catalogus.by_id
    themes = {by_id[f.indicator].thema for f in found}
    if (any(f.kind != "verschil" or _key(scope, f) != primary_key or f.diff is None for f in found)
            or len({f.diff > 0 for f in found}) != 1 or len(themes) != 1 or any(p["verschil"] is None for p in points)):
        return None
    theme = themes.pop()
    gaps = sorted([p["verschil"] for p in points], key=lambda g: abs(g.value))
    counted: dict[str, int] = {}
    areas: dict[str, Any] = {}
    for against in [p["tegen"] for p in points]:
        for t in against:
            counted[t["gebied"].in_zin] = counted.get(t["gebied"].in_zin, 0) + 1
            areas[t["gebied"].in_zin] = t["gebied"]
    total = len(points)
    asked = sum(1 for ind in scope.indicators if ind.thema == theme
                and _compared(scope, ind.id, primary_key))
    # the questions themselves, largest gap first: the key message names them (round 11: 'bij drie van de
    # vier vragen hierover' named none, and a theme's words stretched over a question they do not cover)
    named = sorted([(abs(p["verschil"].value), by_id[p["bevinding"].indicator].label) for p in points],
                   key=lambda t: -t[0])
    return {"thema": theme, "richting": 1 if found[0].diff > 0 else -1, "aantal": total,
            "labels": [label for _, label in named],
            "vragen": max(asked, total), "dienst": dienst_id, "genoemd": 0,
            "van": gaps[0].amount, "tot": gaps[-1].amount,
            "ook": [areas[a] for a, n in counted.items() if n == total]}


def _compared(scope: DocumentScope, indicator: str, key: str) -> bool:
    """The municipality's share of the question stands beside the primary comparison's (both shown)."""
    try:
        cmp = scope.versus(indicator, key)
    except KeyError:
        return False
    return cmp.comparable


def same_gap(w: dict, other: dict | None) -> bool:
    """Two 'Binnen uw gemeente' gaps about the same question and group."""
    return other is not None and (w["indicator"], w["sleutel"]) == (other["indicator"], other["sleutel"])


def rental_stock_pattern(scope: DocumentScope, indicators: list[Indicator], top: list[Finding], min_pp: float,
                         candidates: Sequence[Finding], dienst: Dienst) -> dict[str, Any] | None:
    """'Ook van belang' on page 1: tenants who plan an energy renovation less (or more) often than the other
    participants, a gap 'Binnen uw gemeente' would give (betekenisvol within the municipality, at least the
    minimal difference) and that the one gap-against-gap verdict calls clearly larger here than in the primary
    comparison (`clearly_larger_here`). The landlords decide on renovation, so the department needs to see it,
    with a step aimed at landlords or the rental market (never one for owners), and never a step page 1 already
    gives. A tenants' gap as large in the comparison group is common, not special here: for a department whose
    core topic the question is not, it stays in 'Binnen uw gemeente'. For a department whose core topic it is (the
    housing office: renovation), it is its own work all the same (round 16: Leuven wonen left the woonloket's own
    result and its landlord step on page 2): page 1 gives it, and says in the same line that the comparison group
    shows it too (no finding about the municipality: never numbered, the verdict stays the one rule's)."""
    stock = [i for i in indicators if i.id in RENTAL_STOCK]
    if not stock:
        return None
    # a gap clearly larger here than in the primary comparison (the one gap-against-gap verdict, `uitzonderlijk`),
    # or a gap on the department's own core topic, said with what the comparison group shows
    found = [w for w in within_municipality(scope, stock, top, min_pp, candidates)
             if w["huurders"] and (w["uitzonderlijk"] or w["indicator"] in dienst.kern)]
    if not found:
        return None
    w = found[0]
    by_id = {i.id: i for i in indicators}
    steps = [situation(scope, f, by_id[f.indicator]) for f in top]
    here = Situation(by_id[w["indicator"]], 1 if w["verschil"].value > 0 else -1, "groep", w["sleutel"])
    return w | {"actie": actions.choose(dienst, steps + [here])[-1]}


def _context_entry(f: Finding, ind: Indicator, scope: DocumentScope) -> dict:
    """A difference with Flanders or the province beside the primary comparison, with the primary
    comparison's figure and the printed gap with it. `net_als` ('Net als de andere centrumsteden ligt
    Leuven boven Vlaanderen') only when the primary comparison itself differs betekenisvol from that
    reference in the same direction *and* the printed gap between the municipality and it is below the
    minimal difference: a sentence may never say 'like them' beside an annex that prints a real gap."""
    area = scope.area
    key = area.primary_key() or "vlaanderen"
    primary = area.reference(key)
    fig = primary.figure(ind.id) if primary is not None else None
    if fig is not None and fig.suppressed:
        fig = None
    gap = fmt.gap(f.figure.share, fig.share) if fig is not None else None
    min_pp = area.ws.config.instellingen.statistiek.min_verschil_pp
    cmp = scope.versus(ind.id, key) if fig is not None else None
    ref_key = scope.key_of(f.reference_area)
    return {"bevinding": f, "bijzin": ind.kernlabel_bijzin or ind.kernlabel, "label": ind.label,
            "primair": fig, "verschil": fmt.gap(f.figure.share, f.reference.share) if f.reference else None,
            "verschil_primair": gap,
            "klein": gap is not None and gap.below(min_pp),
            "primair_betekenisvol": bool(cmp is not None and cmp.comparable and cmp.real),
            "net_als": (gap is not None and gap.below(min_pp) and ref_key is not None
                        and area.shared_by_primary(ind.id, ref_key)),
            "ook": (ook := same_way_elsewhere(scope, f, ind, ref_key)),
            "waar": " en ".join(([f.reference_area.in_zin] if f.reference_area is not None else [])
                                + [o["gebied"].kort for o in ook])}


def same_way_elsewhere(scope: DocumentScope, f: Finding, ind: Indicator, ref_key: str | None) -> list[dict]:
    """The other context areas (Flanders, the province) the municipality differs from betekenisvol in the same
    direction as the context finding `f`, with the printed gap: page 1 says them in the same sentence (round 13:
    'onder Vlaanderen (8 procentpunt)' stood alone while the province's gap was 10 procentpunt, also betekenisvol)."""
    found = []
    for key in ("provincie", "vlaanderen"):
        ref = scope.area.reference(key) if key != ref_key else None
        if ref is None:
            continue
        cmp = scope.versus(ind.id, key)
        if cmp.comparable and cmp.real and (cmp.diff > 0) == (f.direction > 0) and cmp.gap() is not None:
            found.append({"gebied": ref.gebied, "verschil": cmp.gap()})
    return found


def comparison_areas(ws, area: AreaFindings) -> list[dict]:
    """Every comparison area the brief uses, in its order, with its respondents (n), whether it is the
    primary comparison, how a comparison group was chosen and its members with their respondents."""
    primary = area.primary_key()
    found = []
    for key, ref in ordered_references(area):
        group = ref.gebied if isinstance(ref.gebied, ComparisonGroup) else None
        found.append({"soort": key, "gebied": ref.gebied, "n": ws.respondents(ref.gebied), "primair": key == primary,
                      "regel": group.regel if group is not None else None,
                      "klasse": group.klasse if group is not None else None,
                      "verbreed": group.verbreed if group is not None else False,
                      # a widened group says its rule: how many members it needs, and that its own class had
                      # too few without the municipality itself (round 10: Lendelede's group is wider than
                      # Spiere-Helkijn's, where Lendelede counts as a member)
                      "eigen_klasse": group.eigen_klasse if group is not None else None,
                      "min_leden": MIN_MEMBERS,
                      "min_n": fmt.number(ws.config.instellingen.statistiek.min_n),
                      # a broadened group is described as what it is: 'gemeenten met minder dan 40.000 inwoners
                      # in West-Vlaanderen', never 'about as many inhabitants' (round 9)
                      "provincie": (prov.kort if group is not None and (prov := ws.gebieden.province(area.gebied))
                                    else ""),
                      # members largest first: a reader sees at once who weighs most in the group's figures
                      "leden": sorted(({"naam": m.naam, "n": ws.respondents(m)} for m in group.members),
                                      key=lambda m: -m["n"]) if group else []})
        # a member with more than half of the group's answers weighs most in its figures: named as such
        total = sum(m["n"] for m in found[-1]["leden"])
        top = found[-1]["leden"][0] if found[-1]["leden"] else None
        # and with three quarters or more, the comparison is in fact one with that member: said so plainly
        found[-1]["overwicht"] = ({"naam": top["naam"], "aandeel": fmt.pct(top["n"] / total),
                                   "vooral": top["n"] / total >= MOSTLY_ONE_MEMBER}
                                  if top is not None and total and top["n"] / total > 0.5 else None)
        found[-1]["zonder"] = missing_centrumsteden(ws, area.gebied, group)
    return found


def missing_centrumsteden(ws, gebied: Gebied, group: ComparisonGroup | None) -> dict[str, list[str]]:
    """The municipalities the group's rule chose that it lacks, by why: no answers in these data (`geen`) or
    fewer than min_n participants (`te_weinig`). A reader who sees 'the other centrumsteden' are only Gent and
    Kortrijk asks where the others are; so does one who knows Wetteren belongs beside Merelbeke-Melle (round
    11: every group, not only the centrumsteden)."""
    if group is None:
        return {"geen": [], "te_weinig": []}
    others = list(group.zonder)
    return {"geen": [g.naam for g in others if not ws.dataset.has(g)],
            "te_weinig": [g.naam for g in others if ws.dataset.has(g)]}


@dataclass(frozen=True)
class PageOne:
    """What page 1 of a brief says, without words: the findings with their actions, the differences
    shared with the primary comparison (context), and those too unsure to lead."""

    scope: DocumentScope
    findings: list[Finding]
    actions: list[DienstActie | None]
    context: list[Finding]
    candidates: list[Finding]
    # further differences with the primary comparison page 1 has no room to number: named in one line
    more: list[Finding] = dataclasses.field(default_factory=list)
    # per finding whose step another department leads (`actions.lead_department`): this department's own part in it
    parts: list[DienstActie | None] = dataclasses.field(default_factory=list)
    # per finding: its step is another department's (page 1 gives the department's own topics before these)
    led_elsewhere: list[bool] = dataclasses.field(default_factory=list)


def same_finding(f: Finding, g: Finding) -> bool:
    """One finding as two briefs of a municipality see it: the same question, kind, direction, group and
    reference area."""
    return ((f.indicator, f.kind, f.direction, f.group) == (g.indicator, g.kind, g.direction, g.group)
            and (f.reference_area.naam if f.reference_area else None) == (
                g.reference_area.naam if g.reference_area else None))


def page_one(ws, gebied: Gebied, dienst_id: str) -> PageOne:
    """Page 1 of the department's brief, with one owner per finding across the municipality's briefs: a finding
    on another department's core topic (`actions.lead_department`) gets the step that department's own page 1
    gives it, and this department's own step for it becomes its part ('uw deel'). Without such a step there
    (the lead's page 1 does not number the finding), the brief keeps its own step."""
    mine = own_page_one(ws, gebied, dienst_id)
    diensten = ws.config.diensten.diensten
    steps = list(mine.actions)
    parts: list[DienstActie | None] = [None] * len(mine.findings)
    led = [False] * len(mine.findings)
    for i, f in enumerate(mine.findings):
        lead_id = actions.lead_department(diensten, f.indicator)
        if lead_id is None or lead_id == dienst_id:
            continue
        theirs = own_page_one(ws, gebied, lead_id)
        step = next((a for g, a in zip(theirs.findings, theirs.actions) if a is not None and same_finding(f, g)), None)
        if step is None:
            continue
        own = steps[i]
        parts[i] = own if own is not None and actions.identity(own) != actions.identity(step) else None
        steps[i] = step
        led[i] = True
    return dataclasses.replace(mine, actions=steps, parts=parts, led_elsewhere=led)


def own_page_one(ws, gebied: Gebied, dienst_id: str) -> PageOne:
    """Page 1 of the department's brief for the municipality, as the department alone would write it, computed
    once per municipality, department and configuration: every brief of the municipality asks for the page 1 of
    the department that leads a finding (`page_one`), which made a batch compute them N×N times."""
    key = (area_key(gebied), dienst_id)
    cached = ws._page_ones.get(key)
    if cached is None or cached[0] is not ws.config:
        cached = (ws.config, compute_own_page_one(ws, gebied, dienst_id))
        ws._page_ones[key] = cached
    return cached[1]


def compute_own_page_one(ws, gebied: Gebied, dienst_id: str) -> PageOne:
    """Page 1 of the department's brief for the municipality, as the department alone would write it: its
    findings (ranked against the primary comparison), one action each and never the same step twice, and the
    shared differences."""
    config = ws.config
    dienst = config.diensten.diensten[dienst_id]
    area = ws.area(gebied)
    indicators = rules.indicators_for(config, dienst_id)
    settings = config.instellingen.oogopslag
    scope = area.document_scope(indicators, rules.rules_for(config, dienst_id))  # the area's family: one verdict
    by_id = config.catalogus.by_id
    # Candidates: the rules' findings and every other betekenisvol comparison the tables show, all of
    # them: page 1 takes one per indicator only after the interval filter.
    candidates = scope.candidates()
    ranked = ranked_findings(scope, candidates, indicators, settings.max_interval_pp, len(indicators), dienst.kern)
    # page 1 numbers up to its maximum (round 14: Leuven wonen numbered one finding on a half-empty page and
    # named a larger difference in the 'Ook betekenisvol' line): the department's core topics first, then the
    # other differences with the primary comparison, largest first, then a group finding the department has a
    # step of its own for; only what finds no room is named in one line ('Ook betekenisvol')
    primary = area.primary_key()
    own = [f for f in ranked if f.indicator in dienst.kern]
    rest = [f for f in ranked if f.indicator not in dienst.kern]
    others = [f for f in rest if f.kind == "verschil" and _key(scope, f) == primary]
    groups = [f for f in rest if f.kind == "groepsverschil" and any(
        a.wanneer.groep is not None for a in actions.ranked(dienst, situation(scope, f, by_id[f.indicator])))]
    top = (own + others + groups if own else ranked)[:settings.max]
    more = [f for f in ranked if f not in top and f.kind == "verschil" and _key(scope, f) == primary]
    context = context_findings(scope, candidates, {f.indicator for f in top + more}, settings.max_interval_pp)
    # one action per finding, never the same step twice in the brief
    chosen = actions.choose(dienst, [situation(scope, f, by_id[f.indicator]) for f in top], share=True)
    return PageOne(scope, top, chosen, context, candidates, more)


def made_on(planning, environ) -> dt.date | None:
    """The date a brief says it was made ('Opgemaakt op'): SOURCE_DATE_EPOCH when it is set (reproducible builds),
    else instellingen.yaml planning.opgemaakt_op, else none. Never the clock: same input, same bytes."""
    epoch = (environ.get("SOURCE_DATE_EPOCH") or "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return planning.opgemaakt_op


def sender(planning, dienst: Dienst) -> str:
    """Who signs the brief ('Opgemaakt door'): the configured sender, else the department itself."""
    return planning.afzender or f"de dienst {dienst.naam[:1].lower()}{dienst.naam[1:]}"


def within_choice(every: list[dict[str, Any]], shown: list[dict[str, Any]],
                  flagged: dict[str, set[str]]) -> dict[str, Any]:
    """How 'Binnen uw gemeente' chose its group gaps, in counts a reader can find: of `van` gaps it gives
    the `shown` ones and the annex shows `in_bijlage` more (their breakdown is there); the others stand nowhere
    apart and are not counted in the sentence."""
    others = [w for w in every if not any(same_gap(w, v) for v in shown)]
    in_annex = [w for w in others if w["sleutel"].split(":", 1)[0] in flagged.get(w["indicator"], set())]
    # the sentence may say 'per vraag het grootste … bij de vragen met de grootste verschillen' only when that is
    # what was chosen: one gap per question, each the largest of its question, and no question left out with a
    # larger gap than the smallest one given
    largest: dict[str, float] = {}
    for w in every:
        largest[w["indicator"]] = max(largest.get(w["indicator"], 0), abs(w["verschil"].value))
    given = {w["indicator"] for w in shown}
    per_question = (len(given) == len(shown)
                    and all(abs(w["verschil"].value) == largest[w["indicator"]] for w in shown)
                    and all(v <= min(abs(w["verschil"].value) for w in shown)
                            for i, v in largest.items() if i not in given)) if shown else False
    return {"van": len(every), "getoond": len(shown), "in_bijlage": len(in_annex), "per_vraag": per_question,
            "breedte": _points(_widest([c for w in shown for c in (w["cijfer"], w["anderen"])]))}


def own_step_for_within(ws, gebied: Gebied, dienst: Dienst, binnen: list[dict], by_id: dict[str, Indicator],
                        given: list[DienstActie]) -> None:
    """Round 13: a brief whose page 1 gives findings but no step (Merelbeke-Melle wonen: no numbered finding, three
    gaps 'Binnen uw gemeente') gets one: the first gap an action of the department fits gets it, the department's
    own role first (`short_steps` 'wie'), never a step page 1 already gives. Sets w['actie'] in place."""
    if given or any(w.get("actie") for w in binnen):
        return
    own = short_steps(dienst)["wie"]
    for w in binnen:
        if w["indicator"] not in by_id:
            continue
        here = Situation(by_id[w["indicator"]], 1 if w["verschil"].value > 0 else -1, "groep", w["sleutel"],
                         other_way=frozenset())
        fits = actions.ranked(dienst, here)
        best = next((a for a in fits if a.wie == own), fits[0] if fits else None)
        if best is not None:
            w["actie"] = fitted(ws, gebied, best)
            return


def brief_context(ws, gebied: Gebied, dienst_id: str, templates: Path | None = None) -> dict:
    config = ws.config
    dienst = config.diensten.diensten[dienst_id]
    area = ws.area(gebied)
    indicators = rules.indicators_for(config, dienst_id)
    settings = config.instellingen.oogopslag
    first = page_one(ws, gebied, dienst_id)
    scope, candidates, top, context = first.scope, first.candidates, first.findings, first.context
    found = scope.signals()
    by_id = config.catalogus.by_id
    # Betekenisvol, but no finding of the indicator is solid enough to lead page 1: named, never
    # passed over in silence.
    solid_ones = {f.indicator for f in candidates if solid(f, settings.max_interval_pp)}
    unsure = list(dict.fromkeys(unsure_label(config.catalogus, f) for f in candidates
                                if f.indicator in by_id and f.indicator not in solid_ones))
    stat = config.instellingen.statistiek
    # 'Binnen uw gemeente' gives a group gap with its figure, n and interval: not also named without them
    binnen = within_municipality(scope, indicators, top, stat.min_verschil_pp, candidates)
    rental = rental_stock_pattern(scope, indicators, top, stat.min_verschil_pp, candidates, dienst)
    if rental is not None:
        rental["actie"] = fitted(ws, gebied, rental["actie"])
    # a tenants' gap on the dwelling itself ('Binnen uw gemeente') gets its step where it is shown: one aimed
    # at landlords or the rental market (never an owner's instrument, never a step page 1 already gives)
    page_steps = [situation(scope, f, by_id_dienst[f.indicator]) for f in top] if (
        by_id_dienst := {i.id: i for i in indicators}) else []
    for w in binnen:
        if w.get("huurders") and w["indicator"] in by_id_dienst:
            here = Situation(by_id_dienst[w["indicator"]], 1 if w["verschil"].value > 0 else -1, "groep", w["sleutel"])
            w["actie"] = fitted(ws, gebied, actions.choose(dienst, page_steps + [here])[-1])
    own_step_for_within(ws, gebied, dienst, binnen, by_id_dienst,
                        given=[a for a in first.actions if a is not None]
                        + ([rental["actie"]] if rental is not None and rental.get("actie") else []))
    # every gap 'Binnen uw gemeente' could give (the rental one stands on page 1 as 'Ook van belang')
    all_within = [w for w in within_municipality(scope, indicators, top, stat.min_verschil_pp, candidates, None)
                  if not same_gap(w, rental)]
    unsure = [u for u in unsure if u not in {f"{w['label']} ({w['groep']})" for w in binnen}]
    shared_dims, unsure_groups = group_gaps_not_on_page_one(scope, candidates, indicators,
                                                            settings.max_interval_pp)
    words = Words(templates)
    points = [_point(f, by_id[f.indicator], area, fitted(ws, gebied, action), config, words, scope)
              for f, action in zip(top, first.actions)]
    for p, part, elsewhere in zip(points, first.parts, first.led_elsewhere):
        p["elders_getrokken"] = elsewhere
        if part is not None and part in first.actions:  # its part is a step page 1 already gives: refer to it
            p["uw_deel"] = {"stap": first.actions.index(part) + 1}
        elif part is not None:  # a step another department leads: this department's part in it
            p["uw_deel"] = {"wie": fitted_role(ws, gebied, actions.lead(part)),
                            "wat": fitted_role(ws, gebied, part.resultaat),
                            "wanneer": part.moment.replace("{jaar}", str(config.instellingen.planning.jaar))}
    point_for = {p["indicator"]: p for p in points}
    # a finding that shares an earlier step's action (one family, `actions.choose`) refers to it: 'zie stap 1'
    for i, action in enumerate(first.actions):
        if action is not None and action in first.actions[:i]:
            points[i]["zie_stap"] = first.actions.index(action) + 1
    # Per indicator, the breakdown of the group dimension with the strongest flagged gap
    # (findings are sorted strongest first).
    flagged: dict[str, set[str]] = {}
    for f in found:
        if f.dimension and f.indicator not in flagged:
            flagged[f.indicator] = {f.dimension}
    for f in top:  # a page-1 group finding's own breakdown always stands in the annex
        if f.kind == "groepsverschil" and f.dimension:
            flagged[f.indicator] = {f.dimension}
    for f, _ in unsure_groups:  # so does the breakdown of a group gap page 1 names as perhaps larger
        if f.dimension:
            flagged.setdefault(f.indicator, set()).add(f.dimension)
    # and the breakdown of every group gap page 1 or 'Binnen uw gemeente' gives
    for w in binnen + ([rental] if rental else []):
        flagged.setdefault(w["indicator"], set()).add(w["sleutel"].split(":", 1)[0])
    # page 1 says a group breakdown is in the annex only for the dimensions the annex really has
    in_annex = {d for dims in flagged.values() for d in dims}
    # a group named by what it is not ('Ander huishouden'): defined by its question and the other answers
    defined = []
    for dim in [d for d in config.catalogus.groepen if d in in_annex]:
        question = by_id.get(config.catalogus.groepen[dim].indicator) or config.catalogus.by_id[
            config.catalogus.groepen[dim].indicator]
        rest = [a for a in question.antwoorden if a.id == RESIDUAL_ANSWER]
        if rest:
            defined.append({"groep": rest[0].label, "vraag": question.vraag,
                            "andere": [a.label for a in question.antwoorden if a.id != RESIDUAL_ANSWER]})
    # every group gap page 1 sets against the primary comparison, for the annex with the test's verdict
    against: dict[str, list[dict]] = {}
    for f in [f for f in top if f.kind == "groepsverschil"] + [f for f, _ in unsure_groups]:
        note = group_against_comparison(scope, f, config)
        if note is not None:
            against.setdefault(f.indicator, []).append(note)
    for w in binnen:  # and every gap 'Binnen uw gemeente' sets against the same gap in the comparison
        there = w["elders"]
        if there is None or any(n["groep"] == w["groep"] for n in against.get(w["indicator"], [])):
            continue
        against.setdefault(w["indicator"], []).append(
            {"groep": w["groep"], "gebied": there["gebied"], "hier": w["verschil"],
             "elders": there["verschil"], "groter": w["uitzonderlijk"], "zelfde": not there["kleiner"]})
    parts = tuple(ws.gebieden.get(code) for code in gebied.onderdelen)
    # a merger's two former municipalities tested against each other, one family for the document
    between = parts_compared(ws, parts, [i.id for i in indicators])
    blocks = [indicator_block(i, area, ws, config, flagged.get(i.id, set()), point_for.get(i.id), scope, parts,
                              words) | {"groepen_elders": against.get(i.id, []), "onderdelen_toets": between.get(i.id)}
              for i in indicators]
    # The evidence: the page-1 findings first, in their order, then the department's other indicators.
    rank = {p["indicator"]: n for n, p in enumerate(points)}
    evidence = sorted(blocks, key=lambda b: rank.get(b["id"], len(rank)))
    # 'Geen betekenisvol verschil met ...' under each of many charts reads as a form letter: from
    # `SAY_ONCE_FROM` such blocks on, one sentence before the charts lists their topics instead
    undecided = [b for b in evidence if undecided_only(b)]
    together = len(undecided) >= SAY_ONCE_FROM
    # each page-1 gap with the area it is a gap with: page 2 names it, so '8 procentpunt' is read beside the same
    # comparison on page 1 (round 15: Merelbeke-Melle's page 2 compared with the Flanders gap of a question whose
    # province gap page 1 gives as 10)
    page_one_gaps = ([{"label": p["label"], "cijfer": p["bevinding"].figure, "verschil": p["verschil"],
                       "gebied": p["bevinding"].reference_area}
                      for p in points if p["bevinding"].kind == "verschil" and p["verschil"] is not None]
                     + [{"label": by_id[c.indicator].label, "cijfer": c.figure, "gebied": c.reference_area,
                         "verschil": fmt.gap(c.figure.share, c.reference.share)}
                        for c in context if c.reference is not None])
    for b in evidence:
        same = as_large_not_sure(b, page_one_gaps, stat.min_verschil_pp) if undecided_only(b) else None
        b["even_groot"] = same | {"label": b["label"]} if same else None
    for b in evidence:
        b["onbeslist_apart"] = undecided_only(b) and not together
    # The annex: every figure by theme, in the department's order (positions in `bewijs`).
    position = {b["id"]: n for n, b in enumerate(evidence)}
    themes = []
    for theme_id, theme in config.catalogus.themas.items():
        members = [position[b["id"]] for b in blocks if by_id[b["id"]].thema == theme_id]
        if members:
            themes.append({"id": theme_id, "titel": theme.titel, "blokken": members})
    respondents = ws.respondents(gebied)
    stat = config.instellingen.statistiek
    refs = ordered_references(area)
    own = [(ind, area.figure(ind.id)) for ind in indicators]
    # The short brief also when nothing of the municipality's own is precise enough for page 1 (every shown
    # figure's interval wider than the page-1 limit): a long brief of charts that can show no difference
    # says less than the neighbours' figures and how to learn more.
    precise = [f for _, f in own if shown(f) and (f.hi - f.lo) * 100 <= settings.max_interval_pp]
    short = sum(not shown(f) for _, f in own) > SHORT_WHEN_SUPPRESSED * len(own) or not precise
    buurt = neighbourhood(ws, gebied, area, indicators) if short else None
    shown_cells = [f for b in blocks for f in [b["cijfer"]] + [c["cijfer"] for c in b["referenties"]]]
    shown_cells += [area.figure(i.id, f"{d}:{v}") for i in indicators for d in flagged.get(i.id, set())
                    for v in config.catalogus.group_values(d)]
    shown_cells += [c for r in (buurt["rijen"] if buurt else []) for c in r["cellen"]]
    shown_cells += [f["cijfer"] for ind in indicators for f in former_municipalities(ws, parts, ind)] if parts else []
    return {
        "kort": short,
        # the short brief: own figures the family verdict calls betekenisvol against a reference, said as a
        # first indication with figure, interval and n (never 'no difference can be shown' about them)
        "aanwijzingen": (indications := first_indications(scope, area, indicators) if short else []),
        # round 11: the largest gaps that are not betekenisvol, named in one honest line
        "grootste_onzeker": (largest_unsure_gaps(scope, area, indicators, stat.min_verschil_pp) if short else []),
        # round 17: the bold lead of the short brief, about the municipality itself against Flanders
        "eerste_indruk": (first_impression(scope, area, indicators, stat.min_verschil_pp) if short else []),
        "opvallend": (largest := largest_unsure_gap(scope, area, indicators, stat.min_verschil_pp)
                      if short and not indications else None),
        # the question an own survey should ask first (the short brief's third step)
        "eerst_vragen": (first_question := closest_question(area, buurt, indications, largest, indicators)
                         if buurt else None),
        # a cell held back so that it cannot be worked out from others: only then explained
        "niet_getoond": any(f is not None and f.suppressed and f.reden == "afgeleid" for f in shown_cells),
        "eigen_cijfers": [{"label": ind.label, "cijfer": f} for ind, f in own if shown(f)] if short else [],
        "aantal_indicatoren": len(own),
        "telling_onder": COUNT_BESIDE_BELOW,
        "buurt": buurt,
        "stappen": (steps := short_steps(dienst, settings.max_interval_pp, stat.betrouwbaarheid, gebied))
        | {"wie": fitted_role(ws, gebied, steps["wie"])}
        | _joint_survey(ws, gebied, survey_group(config, dienst_id) if short else [dienst_id], dienst_id),
        "stappen_volgorde": short_step_order(buurt, first_question, respondents < stat.min_n) if short else None,
        "gemeente": gebied.naam,
        "gemeente_slug": gebied.slug,
        "indicator_ids": [i.id for i in indicators],
        # a 2025 merger or one of its 2020 parts: suppression also works across the merger
        "fusie": len(related_areas(ws, gebied)) > 1,
        # a 2025 merger: every question of the department per former municipality (shares, n and
        # interval; never tested against each other)
        "onderdelen": ([{"naam": part.naam, "n": fmt.count(ws.respondents(part))} for part in parts]
                       if parts and not short else []),
        # no betekenisvol difference between the former municipalities: the largest printed gap between them,
        # which their few answers cannot tell from chance (said beside their n)
        "onderdelen_grootste": max((g for c in between.values() if c.comparable and not c.real
                                    and (g := c.gap()) is not None), key=lambda g: abs(g.value), default=None),
        "onderdelen_rijen": ([{"label": ind.label, "cellen": [area.figure(ind.id)] + [f["cijfer"] for f in
                                                            former_municipalities(ws, parts, ind)],
                               "toets": between.get(ind.id)}
                              for ind in indicators] if parts and not short else []),
        # page 1: which indicators the two former municipalities differ on betekenisvol, and how many
        # could be tested at all
        "onderdelen_verschillen": [{"label": ind.label, "verschil": between[ind.id].gap()} for ind in indicators
                                   if ind.id in between and between[ind.id].real] if not short else [],
        "onderdelen_getoetst": sum(c.comparable for c in between.values()),
        "onderdelen_toets": bool(between),
        "gemeente_info": (words("samengevoegd_uit", tuple(ws.gebieden.get(c).naam for c in gebied.onderdelen))
                          if gebied.onderdelen else ""),
        "dienst": dienst,
        "dienst_id": dienst_id,
        "deelnemers": fmt.count(respondents),
        "deelnemers_te_weinig": respondents < stat.min_n,
        "synthetisch": ws.dataset.synthetic,
        "peildatum": fmt.date(config.instellingen.gegevens.peildatum),
        "opgemaakt_op": made_on(config.instellingen.planning, env.current().environ),  # a date; words: the template
        "afzender": sender(config.instellingen.planning, dienst),
        "bron": config.instellingen.gegevens.bron,
        "oogopslag": points,
        # the key message in bold above the findings, and how sure the brief is as a whole
        "ook_betekenisvol": [{"label": by_id[f.indicator].label, "bijzin": by_id[f.indicator].kernlabel_bijzin
                              or by_id[f.indicator].kernlabel, "bevinding": f,
                              "verschil": fmt.gap(f.figure.share, f.reference.share)}
                             for f in first.more if f.reference is not None],
        "kernboodschap": key_message(points, area.primary_key(), scope),
        "kernboodschap_samen": one_story(points, area.primary_key(), scope, dienst_id),
        "zekerheid": how_sure(respondents, [f for _, f in own], settings.max_interval_pp, stat.min_n,
                              # the group figures among the findings: its group findings and 'Ook van belang'
                              # ('Binnen uw gemeente' states the width of its own groups)
                              [c for f in top if f.kind == "groepsverschil" for c in (f.figure, f.reference)]
                              + [c for w in ([rental] if rental else []) for c in (w["cijfer"], w["anderen"])]
                              if not short else []),
        # what the municipality shares with its primary comparison: one context sentence, no advice
        "context": [_context_entry(f, by_id[f.indicator], scope) for f in context],
        # group gaps page 1 leaves out because the primary comparison has them too (and those that only
        # look larger there): said in one sentence, so that a reader knows why no age group is on page 1
        # only the breakdowns the annex shows are named (a reader looks for them there)
        "groepen_gedeeld": [config.catalogus.groepen[d].titel for d in shared_dims if d in in_annex],
        "groepen_gedeeld_in_bijlage": [config.catalogus.groepen[d].titel for d in shared_dims if d in in_annex],
        # a group finding stands on page 1 already: the sentence is about the *other* group gaps
        "groepen_ook_op_pagina": any(f.kind == "groepsverschil" for f in top),
        # gaps between printed shares (fmt.gap), exactly as the annex prints them
        "groepen_onzeker": [{"label": by_id[f.indicator].label, "groep": config.catalogus.group_label(f.group),
                             "hier": fmt.gap(f.figure.share, f.reference.share),
                             "elders": printed_gap(g.elsewhere.own, g.elsewhere.shown), "gebied": g.where}
                            for f, g in unsure_groups if f.reference is not None],
        # 'Binnen uw gemeente': large gaps between groups inside the municipality, said honestly (the
        # tenants' renovation gap on page 1 instead, as 'Ook van belang' with its step for landlords)
        "binnen": (shown_within := [w for w in binnen if not same_gap(w, rental)]),
        # round 13: page 1's only step stands with a gap 'Binnen uw gemeente' (own_step_for_within)
        "binnen_stap": not points and any(w.get("actie") for w in shown_within),
        # how its groups were chosen: the largest of how many, how many more the annex shows, and how wide
        # the intervals of the groups it gives are
        "binnen_keuze": within_choice(all_within, shown_within, flagged),
        "ook_van_belang": rental,
        "oogopslag_min": settings.min,
        "oogopslag_max": settings.max,
        "vragen": dienst.vragen[:2],
        "bewijs": evidence,
        "onbeslist_samen": undecided_together(undecided) if together else None,
        "groepen_definitie": defined,
        "themas": themes,
        "min_n": fmt.number(stat.min_n),
        "betrouwbaarheid": fmt.number(stat.betrouwbaarheid * 100),
        "min_pp": fmt.number(stat.min_verschil_pp),
        "min_verschil_pp": stat.min_verschil_pp,  # the threshold as a number, for a test in a sentence
        "fdr": fmt.number(stat.fdr * 100),
        "kleiner_dan": scope.detectable(),
        "onzeker": unsure,  # no betekenisvol difference: what the data could have shown
        "max_interval": fmt.number(settings.max_interval_pp),
        "referenties": [r.gebied.in_zin for _, r in refs],
        "referenties_kort": [r.gebied.kort for _, r in refs],
        # the comparison that matters first (the header names it), and the others as context
        "primair": primary.gebied if (primary := area.reference(area.primary_key() or "vlaanderen")) else None,
        "context_gebieden": [r.gebied for k, r in refs if k != area.primary_key()],
        # the annex: every comparison area of the brief, with its members and their respondents
        "vergelijkingsgebieden": comparison_areas(ws, area),
        # neighbours that are members of a comparison group are named as such in the annex note
        "buurnamen": [nb.naam for nb in ws.gebieden.neighbours(gebied.nis)],
        # the comparison group as built (2025 municipalities, classes by population of 2020): its members
        "vergelijkingsgroep": next(({"naam": r.gebied.naam, "leden": [m.naam for m in r.gebied.members]}
                                    for k, r in refs if k == "vergelijking" and isinstance(r.gebied, ComparisonGroup)
                                    and r.gebied.members), None),
        "bestanden": [p.name for p in ws.dataset.sources],
        "versie": __version__,
        # the steps' moments are in this year, on answers of 2020: said once on page 1
        "planjaar": config.instellingen.planning.jaar,
        "titel": words("titel", dienst.naam, gebied.naam),
    }


class Brief:
    name: ClassVar[str] = "brief"
    plan_key: ClassVar[str] = "briefs"
    Spec: ClassVar[type[BaseModel]] = BriefSpec
    expected_seconds: ClassVar[float] = 0.9

    def target(self, gemeente: Gebied, dienst: str) -> Target:
        return Target(self.name, f"brief/{gemeente.slug}/{dienst}", (gemeente.nis,), (("dienst", dienst),))

    def targets(self, ws, spec: BriefSpec, municipalities: list[Gebied], check) -> list[Target]:
        wanted = ["alle"] if spec.diensten == "alle" else spec.diensten
        diensten: list[str] = []
        for i, name in enumerate(wanted):
            where = "diensten" if spec.diensten == "alle" else f"diensten[{i}]"
            diensten += check(where, lambda name=name: resolve_dienst(ws.config, name)) or []
        return [self.target(g, d) for g in municipalities for d in dict.fromkeys(diensten)]

    def load(self) -> None:
        pass

    def build(self, ws, target: Target, templates: Path | None = None) -> Document:
        gebied = ws.gebieden.get(target.codes[0])
        dienst = target.param("dienst")
        context = brief_context(ws, gebied, dienst, templates)
        if getattr(ws, "bevraging", None) is not None:  # a follow-up survey: which one; what changed since 2020
            own = [i.id for i in rules.indicators_for(ws.config, dienst)]
            context.update(ws.bevraging.document_context(ws, gebied, own))
        return Document(target, (gebied.slug,), context,
                        [Artifact(f"brief-{dienst}.pdf", "pdf", "brief.html")], title=context["titel"],
                        key_points=[("bevinding", p) for p in context["oogopslag"][:3]])


PRODUCT = Brief()


def command(
    dienst: Annotated[str, typer.Option("--dienst", metavar="DIENST",
                                        help="Dienst (zie 'thuis lijst diensten'), of 'alle'.")],
    gemeente: GemeenteOpt = None,
    data: DataOpt = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    sjablonen: SjablonenOpt = None,
    html: HtmlOpt = False,
    antwoorden: AntwoordenOpt = None,
    koppeling: KoppelingOpt = None,
    marges: MargesOpt = None,
    ongewogen: OngewogenOpt = False,
) -> None:
    def targets(ws) -> list[Target]:
        diensten = resolve_dienst(ws.config, dienst)
        gebied = ws.municipality(gemeente)
        return [PRODUCT.target(gebied, d) for d in diensten]

    make_documents(PRODUCT, targets, data=data, config=config, uit=uit, sjablonen=sjablonen, html=html,
                   follow_up=FollowUp(antwoorden, koppeling, marges, ongewogen), several=dienst == ABOUT.several)

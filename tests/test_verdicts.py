"""Issue 26: one verdict per comparison. Every product of one run (every department's brief, the
infographic, the intervision workbooks) reads its verdicts from the area's one family, so the same
comparison never gets 'ja' in one document and 'zonder duidelijk verschil' in another."""

from __future__ import annotations

from collections import defaultdict

import pytest

from thuis_cli.findings import area_key
from thuis_cli.products.brief import brief_context
from thuis_cli.products.infografiek import choose_messages
from thuis_cli.products.intervisie import workbook_context
from thuis_cli.workspace import Workspace
from thuis_cli import rules

AUDITED = ["leuven", "oud-heverlee", "lendelede", "merelbeke", "melle", "merelbeke-melle"]
WORKBOOKS = [["leuven", "oud-heverlee", "bertem"], ["lendelede", "kortrijk", "kuurne"],
             ["merelbeke", "melle", "destelbergen"], ["merelbeke-melle", "gent", "destelbergen"],
             ["leuven", "gent", "kortrijk"], ["kortrijk", "menen", "wevelgem"]]  # the last two share challenges
COLLECTED = AUDITED + ["gent", "kortrijk", "menen", "wevelgem"]


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


def collect_verdicts(ws) -> dict[tuple, set[tuple[bool, str]]]:
    """(area, indicator, comparison) -> {(betekenisvol?, where it was said)} over every product."""
    said: dict[tuple, set] = defaultdict(set)
    labels = {}
    for dim in ws.config.catalogus.groepen:
        for value in ws.config.catalogus.group_values(dim):
            labels[ws.config.catalogus.group_label(f"{dim}:{value}")] = f"{dim}:{value}"
    for name in COLLECTED:
        gebied = ws.municipality(name)
        area = ws.area(gebied)
        key_of = {area_key(ref.gebied): key for key, ref in area.references().items()}
        for dienst in ws.config.diensten.diensten:
            ctx = brief_context(ws, gebied, dienst)
            where = f"brief {dienst}"
            for p in ctx["oogopslag"]:
                f = p["bevinding"]
                if f.kind == "verschil":
                    said[(area.key, f.indicator, key_of[area_key(f.reference_area)])].add((True, where + " p1"))
                elif f.kind == "groepsverschil":
                    said[(area.key, f.indicator, f.group)].add((True, where + " p1"))
            for b in ctx["bewijs"]:
                for ref, row in zip(b["referenties"], b["rijen"][1:]):
                    if row.betekenisvol.startswith(("ja", "nee")):
                        said[(area.key, b["id"], key_of[area_key(ref["gebied"])])].add(
                            (row.betekenisvol.startswith("ja"), where + " tabel"))
                    if ref["vergelijking"].comparable:
                        said[(area.key, b["id"], key_of[area_key(ref["gebied"])])].add(
                            (bool(ref["vergelijking"].real), where + " kop"))
                for group in b["groepen"]:
                    for row in group["rijen"]:
                        if row.betekenisvol.startswith(("ja", "nee")):
                            said[(area.key, b["id"], labels[row.naam])].add(
                                (row.betekenisvol.startswith("ja"), where + " groepen"))
        flanders = area.reference("vlaanderen")
        for m in choose_messages(ws, gebied):
            cmp = area.versus(m.indicator, "vlaanderen")
            if flanders is not None and cmp.comparable:
                said[(area.key, m.indicator, "vlaanderen")].add((m.verschil_vlaanderen is not None, "infografiek"))
    for names in WORKBOOKS:
        peers = [ws.municipality(n) for n in names]
        ctx = workbook_context(ws, peers)
        for theme in ctx["themas"]:
            for item in theme["gedeeld"]:
                f = item["bevinding"]
                real = {g.nis for g in f.real}  # the workbook names these betekenisvol, the other members not
                for g, _fig in f.members:
                    said[(area_key(g), f.indicator, "vlaanderen")].add((g.nis in real, "werkboek " + "-".join(names)))
    return said


def conflicts(said) -> dict[tuple, set]:
    return {k: v for k, v in said.items() if len({verdict for verdict, _where in v}) > 1}


@pytest.fixture(scope="module")
def said(ws) -> dict[tuple, set[tuple[bool, str]]]:
    """The verdicts of every product, collected once for the module's tests (the collection builds them all)."""
    return collect_verdicts(ws)


def test_every_product_gives_the_same_verdict_for_the_same_comparison(said):
    assert len(said) > 100  # the collection reaches every product
    assert conflicts(said) == {}


def test_the_verdicts_are_collected_from_briefs_infographics_and_workbooks(said):
    places = {where.split()[0] for v in said.values() for _r, where in v}
    assert places == {"brief", "infografiek", "werkboek"}


# --- page 1 chooses after the filters ------------------------------------------------------------------

@pytest.mark.parametrize("name", AUDITED + ["herent", "menen", "kortrijk"])
def test_te_onzeker_only_where_no_finding_of_the_indicator_is_solid(ws, name):
    from thuis_cli.products.brief import common_group_gap, solid, unsure_label

    gebied = ws.municipality(name)
    area = ws.area(gebied)
    limit = ws.config.instellingen.oogopslag.max_interval_pp
    for dienst in ws.config.diensten.diensten:
        ctx = brief_context(ws, gebied, dienst)
        scope = area.document_scope(rules.indicators_for(ws.config, dienst), rules.rules_for(ws.config, dienst))
        by_label = {unsure_label(ws.config.catalogus, f): f.indicator for f in scope.candidates()}
        for label in ctx["onzeker"]:
            assert not any(solid(f, limit) for f in scope.candidates() if f.indicator == by_label[label]), \
                (name, dienst, label)
        on_page = {p["bevinding"].indicator for p in ctx["oogopslag"]}
        if len(on_page) < ctx["oogopslag_max"]:  # room left: every indicator with a solid finding is on it
            # page 1 numbers a department's core findings; its other solid ones stand in its 'Ook betekenisvol' line
            on_page |= {o["bevinding"].indicator for o in ctx["ook_betekenisvol"]}
            context = {c["bevinding"].indicator for c in ctx["context"]}  # shared with the primary comparison: context
            # a group gap the primary comparison shows as well says nothing about the municipality
            telling = {f.indicator for f in scope.candidates() if solid(f, limit) and not common_group_gap(scope, f)}
            kern = set(ws.config.diensten.diensten[dienst].kern)
            if on_page & kern:  # with core findings, page 1 numbers only those (round 10); the rest is page 2's
                telling &= kern
            assert telling <= on_page | context, (name, dienst)


# --- sentences that match the evidence ---------------------------------------------------------------

def test_a_comparison_that_is_not_betekenisvol_never_shows_a_gap_larger_than_it_could_have_shown(ws):
    """The bound in 'een verschil kleiner dan X procentpunt kunnen deze antwoorden niet aantonen' comes
    from the family's Benjamini-Hochberg level: every gap that did not count lies under it."""
    checked = 0
    for gebied in ws.municipalities_in_data() + [ws.municipality("merelbeke-melle")]:
        for cmp in ws.area(gebied).family.values():
            if cmp.comparable and not cmp.real:
                assert abs(cmp.diff) < cmp.detectable + 1e-12
                checked += 1
    assert checked > 1000


def plain_name(gebied) -> str:
    """How a heading names a reference area: a comparison group of two by its members ('Gent en
    Kortrijk'), any other area by its `in_zin`."""
    members = getattr(gebied, "members", ())
    return " en ".join(sorted(m.naam for m in members)) if members and len(members) <= 2 else gebied.in_zin


@pytest.mark.parametrize("name", AUDITED)
def test_headings_and_group_sentences_say_what_the_data_show(ws, name):
    from conftest import say

    gebied = ws.municipality(name)
    for dienst in ws.config.diensten.diensten:
        ctx = brief_context(ws, gebied, dienst)
        for b in ctx["bewijs"]:
            heading = say("blok_kop", b).replace("\u00a0", " ")
            assert "zonder duidelijk verschil" not in heading
            if "geen betekenisvol verschil" in heading:  # a short heading; the bound stands under the chart
                assert heading.endswith(": geen betekenisvol verschil"), heading
                assert "kunnen deze antwoorden niet aantonen" in say("blok_onbeslist", b), heading
            real = [c for c in b["referenties"] if c["vergelijking"].comparable and c["vergelijking"].real]
            if b["punt"] is None or b["punt"]["bevinding"].kind != "verschil":
                for c in real:  # no betekenisvol comparison left out, whichever its direction
                    assert plain_name(c["gebied"]) in heading, (heading, c["gebied"].naam)
            for row in b["rijen"][1:]:
                if row.betekenisvol == "nee" and row.kleiner_dan == row.kleiner_dan:
                    assert row.kleiner_dan is not None
        for p in ctx["oogopslag"]:
            f = p["bevinding"]
            if f.kind == "groepsverschil":
                share = say("actie", p) if p["actie"] else ""
                assert f"{round(f.figure.share * 100)} % van de deelnemers" not in share, share
                assert "van de groep ‘" in say("kop_cijfers", p)
            if f.kind == "verschil":
                for key, ref in ws.area(gebied).references().items():
                    cmp = ws.area(gebied).versus(f.indicator, key)
                    if cmp.real and (cmp.diff > 0) != (f.diff > 0) and abs(cmp.diff) > abs(f.diff):
                        assert plain_name(ref.gebied) in say("kop", p), say("kop", p)


def test_the_workbook_never_says_there_is_no_shared_challenge_where_the_majority_rule_finds_one(ws):
    """Recounted from the printed figures (docs/methode.md): more than half of the municipalities at least
    min_verschil_pp on one side of Flanders, one of them betekenisvol, their unweighted mean on that side."""
    from thuis_cli import fmt

    stat = ws.config.instellingen.statistiek
    flanders = ws.area(ws.gebieden.references["02000"])
    for names in WORKBOOKS:
        peers = [ws.municipality(n) for n in names]
        ctx = workbook_context(ws, peers)
        for theme in ctx["themas"]:
            named = {s["bevinding"].indicator for s in theme["gedeeld"]}
            for ind in [i for i in ws.config.catalogus.indicatoren if i.thema == theme["id"]]:
                ref = flanders.figure(ind.id)
                shown = [(g, ws.area(g).figure(ind.id)) for g in peers]
                shown = [(g, f) for g, f in shown if f is not None and not f.suppressed]
                if ref is None or ref.suppressed or len(shown) < 2:
                    continue
                mean = sum(f.share for _g, f in shown) / len(shown)
                for side in (1, -1):
                    members = [g for g, f in shown if float(fmt.gap(f.share, ref.share).value) * side
                               >= stat.min_verschil_pp]
                    real = [g for g in members if ws.area(g).versus(ind.id, "vlaanderen").real]
                    if (len(members) >= 2 and len(members) * 2 > len(shown) and real
                            and (mean - ref.share) * side * 100 >= stat.min_verschil_pp):
                        assert ind.id in named or len(theme["gedeeld"]) == 3, (names, ind.id)


def test_a_merger_and_its_own_part_are_never_in_one_workbook(ws, tmp_path):

    from thuis_cli.errors import InputError
    from thuis_cli.products.intervisie import resolve_peers

    with pytest.raises(InputError, match="Merelbeke-Melle en Merelbeke staan samen in de groep"):
        resolve_peers(ws, ["merelbeke-melle", "merelbeke", "gent"])
    from clirunner import thuis

    done = thuis("intervisie", "melle", "merelbeke-melle", "--uit", tmp_path)
    assert done.returncode == 2
    assert "Melle is sinds 2025 een deel van Merelbeke-Melle" in done.stdout + done.stderr


def test_te_onzeker_names_the_group_a_finding_is_about(ws):
    from types import SimpleNamespace

    from thuis_cli.products.brief import unsure_label

    cat = ws.config.catalogus
    indicator = next(iter(cat.by_id))
    dim = next(iter(cat.groepen))
    group = f"{dim}:{cat.group_values(dim)[0]}"
    assert unsure_label(cat, SimpleNamespace(indicator=indicator, group="totaal")) == cat.by_id[indicator].label
    assert unsure_label(cat, SimpleNamespace(indicator=indicator, group=group)) == (
        f"{cat.by_id[indicator].label} ({cat.group_label(group)})")

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

AUDITED = ["leuven", "oud-heverlee", "lendelede", "merelbeke", "melle", "merelbeke-melle"]
WORKBOOKS = [["leuven", "oud-heverlee", "bertem"], ["lendelede", "kortrijk", "kuurne"],
             ["merelbeke", "melle", "destelbergen"], ["merelbeke-melle", "gent", "destelbergen"]]


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
    for name in AUDITED:
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
                for verdict, members in ((True, f.members), (False, f.alike), (True, f.opposite)):
                    for g, _fig in members:
                        said[(area_key(g), f.indicator, "vlaanderen")].add((verdict, "werkboek " + "-".join(names)))
    return said


def conflicts(said) -> dict[tuple, set]:
    return {k: v for k, v in said.items() if len({verdict for verdict, _where in v}) > 1}


def test_every_product_gives_the_same_verdict_for_the_same_comparison(ws):
    said = collect_verdicts(ws)
    assert len(said) > 100  # the collection reaches every product
    assert conflicts(said) == {}

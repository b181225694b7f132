"""The sample group's intervision workbook (the group of `config/batch-voorbeeld.yaml`, which `make demo`
and the README use) as a facilitator running the two-hour session reads it: a shared challenge named
by the majority rule, guiding questions tied to each theme's figures, and each theme's questions on
one page, in the facilitator's copy and in a municipality's."""

import re
from pathlib import Path

import pikepdf
import pytest
import yaml
from pypdf import PdfReader

from thuis_cli import fmt
from thuis_cli.products.intervisie import QUESTIONS, plan_time, resolve_peers, workbook_context
from thuis_cli.templating import macro
from thuis_cli.workspace import Workspace

from conftest import make

ROOT = Path(__file__).resolve().parents[1]


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def group(ws):
    """The sample plan's group: its first `intervisie.buren` entry."""
    plan = yaml.safe_load((ROOT / "config" / "batch-voorbeeld.yaml").read_text(encoding="utf-8"))
    spec = plan["intervisie"]["buren"][0]
    return resolve_peers(ws, [spec["gemeente"]], buren=True, most=spec.get("max"))


@pytest.fixture(scope="module")
def pdfs(ws, group, tmp_path_factory) -> dict[str, Path]:
    from thuis_cli.products import get

    paths = make(ws, "intervisie", get("intervisie").target(group), tmp_path_factory.mktemp("sessie"))
    prefix = "intervisie-" + "-".join(g.slug for g in group) + "-"
    return {p.stem.removeprefix(prefix): p for p in paths}


@pytest.fixture(scope="module")
def context(ws, group):
    return workbook_context(ws, group)


def test_the_sample_group_has_four_to_six_municipalities(group):
    assert 4 <= len(group) <= 6


def test_the_sample_groups_workbook_names_a_shared_challenge_by_the_majority_rule(ws, group, context, pdfs):
    """At least one shared challenge; each one recounted from the printed figures: more than half of the
    municipalities at least min_verschil_pp on one side of Flanders, and the sentence says how many."""
    stat = ws.config.instellingen.statistiek
    flanders = ws.gebieden.references["02000"]
    shared = [s for t in context["themas"] for s in t["gedeeld"]]
    assert shared
    text = _plain(" ".join(p.extract_text() for p in PdfReader(str(pdfs["facilitator"])).pages))
    for s in shared:
        b = s["bevinding"]
        ref = ws.area(flanders).figure(b.indicator)
        shown = [(g, ws.area(g).figure(b.indicator)) for g in group]
        shown = [(g, f) for g, f in shown if f is not None and not f.suppressed]
        side = [g.naam for g, f in shown
                if float(fmt.gap(f.share, ref.share).value) * b.direction >= stat.min_verschil_pp]
        assert side == [g.naam for g, _f in b.members] and len(side) * 2 > len(shown)
        assert any(ws.area(g).versus(b.indicator, "vlaanderen").real for g in b.real)
        assert f"{s['label']}: {len(side)} van de {len(shown)} gemeenten liggen" in text or (
            len(side) == len(shown) and f"{s['label']}: alle {len(shown)} gemeenten liggen" in text)
    for t in context["themas"]:
        if not t["gedeeld"]:
            assert "Geen gedeelde uitdaging in dit thema" in text


def test_each_guiding_question_is_tied_to_the_themes_findings(ws, context):
    """Under each of the four questions a sub-question that names a figure of that theme: an indicator
    of the theme, and the municipalities it is about."""
    cat = ws.config.catalogus
    names = {g["naam"] for g in context["gemeenten"]}
    for t in context["themas"]:
        labels = [i.label for i in cat.indicatoren if i.thema == t["id"]]
        tied = 0
        for q in t["vragen"]:
            sub = _plain(macro("woorden/intervisie.html", "deelvraag", q["id"], q["aanleiding"]))
            assert sub, (t["id"], q["id"])
            if q["aanleiding"]["soort"] != "algemeen":
                assert any(label in sub or label.lower() in sub for label in labels), (t["id"], sub)
                assert any(n in sub for n in names), (t["id"], sub)
                tied += 1
        assert tied == len(QUESTIONS), (t["id"], [q["aanleiding"]["soort"] for q in t["vragen"]])


def test_the_agenda_shows_how_the_minutes_follow_from_the_group(ws, group, context, pdfs):
    time = context["tijd"]
    cat = ws.config.catalogus
    assert time == plan_time(len(group), [(t["id"], t["titel"], sum(1 for i in cat.indicatoren if i.thema == t["id"]))
                                          for t in context["themas"]])
    text = _plain(" ".join(p.extract_text() for p in PdfReader(str(pdfs["facilitator"])).pages[:3]))
    assert f"{time.duration} − {time.fixed} = {time.available} minuten" in text
    for th in time.themes:
        assert (f"‘{th.title}’: {th.indicators} × 1 + {len(group)} × 3 = {th.need} nodig; "
                f"{time.available} × {th.need}/{time.need} = {th.minutes} minuten") in text


@pytest.mark.parametrize("who", ["facilitator", "herent"])
def test_each_themes_questions_sit_on_one_page(ws, context, pdfs, who):
    """The heading, the four questions, their sub-questions and (facilitator) the conclusion field or
    (municipality) the four answer fields of a theme are on one page."""
    path = pdfs[who]
    pages = [_plain(p.extract_text()) for p in PdfReader(str(path)).pages]
    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        field_page = {str(f.T): index[f.P.objgen] for f in pdf.Root.AcroForm.Fields}
    questions = [_plain(macro("woorden/intervisie.html", "vraag", q)) for q in QUESTIONS]
    for t in context["themas"]:
        [page] = [i for i, text in enumerate(pages) if f"Bespreking: {t['titel'].lower()}" in text]
        body = pages[page]
        after = body[body.index(f"Bespreking: {t['titel'].lower()}"):]
        for q in questions:
            assert re.sub(r"\s", "", q) in re.sub(r"\s", "", after), (who, t["id"], q)
        own = [n for n in field_page if n.startswith(t["id"] + "__")]
        assert own and {field_page[n] for n in own} == {page}, (who, t["id"])

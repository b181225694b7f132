"""Intervision workbooks: side-by-side figures, honest findings, fillable fields, verzamel round trip."""

import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter

from thuis_cli.errors import InputError
from thuis_cli.findings import PeerFindings
from thuis_cli.products.intervisie import QUESTIONS, resolve_peers
from thuis_cli.workspace import Workspace

from conftest import question, say, write_csv, write_workbook

THUIS = [sys.executable, "-m", "thuis_cli"]


def run(*args, cwd=None):
    return subprocess.run([*THUIS, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def workbook(session, tmp_path_factory):
    group = resolve_peers(session, ["leuven", "herent", "bertem"])
    return write_workbook(session, group, tmp_path_factory.mktemp("out"))


def fields_of(path: Path) -> dict:
    return PdfReader(str(path)).get_fields()


def test_workbook_path_and_size(workbook):
    assert workbook.name == "intervisie-leuven-herent-bertem.pdf" and workbook.parent.name == "intervisie"
    assert workbook.stat().st_size < 1_500_000


def test_workbook_has_a_field_per_theme_question_and_municipality(workbook, session):
    names = set(fields_of(workbook))
    themes = [t for t in session.config.catalogus.themas if t != "profiel"]
    for theme in themes:
        for q, _text in QUESTIONS:
            for slug in ("leuven", "herent", "bertem"):
                assert f"{theme}__{q}__{slug}" in names
    assert {f"actie__{i}__{k}" for i in range(1, 9) for k in ("wat", "wie", "wanneer")} <= names
    assert {"opvolging__afspraken", "opvolging__datum"} <= names
    assert len(names) == len(themes) * 4 * 3 + 8 * 3 + 2


def test_workbook_opening_page(workbook):
    text = " ".join(PdfReader(str(workbook)).pages[0].extract_text().split())
    for needed in ("Wie zit aan tafel", "Leuven", "Herent", "Bertem", "Facilitator", "Notulist", "Tijdsbewaker",
                   "Waar kunnen we elkaar versterken?", "Wat zijn mogelijke valkuilen?",
                   "Op welke manier kunnen we problemen overstijgen?", "Lerend ondersteunen en ondersteunend leren"):
        assert needed in text, needed


def test_comparison_table_holds_the_figures(workbook, session):
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(str(workbook)).pages))
    for name in ("leuven", "herent", "bertem"):
        g = session.gebieden.resolve(name)
        f = session.area(g).figure("woningtype_gewenst")
        share = f"{f.share * 100:.0f}"
        n = f"{round(f.n):,}".replace(",", ".")
        assert re.search(rf"{share} % n = {re.escape(n)}", text.replace("\u00a0", " ")), (name, share, n)


def test_workbook_is_pdf_ua_and_reproducible(workbook, session, tmp_path):
    import page

    report = page.validate_pdf(str(workbook), profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    again = write_workbook(session, resolve_peers(session, ["leuven", "herent", "bertem"]), tmp_path)
    assert again.read_bytes() == workbook.read_bytes()
    with pikepdf.open(workbook) as pdf:
        meta = json.loads(str(pdf.docinfo["/thuiswerkboek"]))
        assert meta["soort"] == "intervisie-werkboek" and [g["slug"] for g in meta["gemeenten"]] == ["leuven", "herent", "bertem"]


# --- findings on a small data set whose answer is known -----------------------------------------

@pytest.fixture
def known(tmp_path):
    rows = []
    towns = [("24062", "Leuven"), ("24038", "Herent"), ("24009", "Bertem")]
    for nis, name in towns:  # all three far above Flanders: a shared challenge
        rows += question(nis, name, "kleiner_wonen", {"zeker-niet": 20, "eerder-niet": 20, "misschien": 20,
                                                     "eerder-wel": 90, "zeker-wel": 50})
    # Leuven 80 % vs Bertem 20 %: the largest real difference; Herent in between.
    rows += question("24062", "Leuven", "samenhuizen", {"zeker-niet": 20, "eerder-niet": 10, "misschien": 10, "eerder-wel": 100, "zeker-wel": 60})
    rows += question("24038", "Herent", "samenhuizen", {"zeker-niet": 50, "eerder-niet": 40, "misschien": 10, "eerder-wel": 60, "zeker-wel": 40})
    rows += question("24009", "Bertem", "samenhuizen", {"zeker-niet": 100, "eerder-niet": 50, "misschien": 10, "eerder-wel": 30, "zeker-wel": 10})
    # Everyone like Flanders: nothing to say.
    for nis, name in towns:
        rows += question(nis, name, "zorgwonen", {"zeker-niet": 30, "eerder-niet": 40, "misschien": 60, "eerder-wel": 45, "zeker-wel": 25})
    rows += question("02000", "Vlaanderen", "kleiner_wonen", {"zeker-niet": 2200, "eerder-niet": 2500, "misschien": 2500, "eerder-wel": 1800, "zeker-wel": 1000})
    rows += question("02000", "Vlaanderen", "samenhuizen", {"zeker-niet": 3000, "eerder-niet": 3000, "misschien": 2000, "eerder-wel": 1500, "zeker-wel": 500})
    rows += question("02000", "Vlaanderen", "zorgwonen", {"zeker-niet": 1500, "eerder-niet": 2000, "misschien": 3000, "eerder-wel": 2250, "zeker-wel": 1250})
    path = write_csv(tmp_path / "bekend.csv", rows)
    session = Workspace.open([path], None)
    return session, resolve_peers(session, ["leuven", "herent", "bertem"])


def test_shared_challenge_found_only_where_all_deviate_the_same_way(known):
    session, group = known
    indicators = [session.config.catalogus.by_id[i] for i in ("kleiner_wonen", "samenhuizen", "zorgwonen")]
    found = PeerFindings(session, group).shared(indicators)
    assert [b.indicator for b in found] == ["kleiner_wonen"]
    text = say("gedeeld", {"bevinding": found[0], "label": "Kleiner wonen"})
    assert "alle gemeenten liggen hoger dan Vlaanderen" in text and "Vlaanderen 28 %" in text


def test_largest_real_difference_between_municipalities(known):
    session, group = known
    indicators = [session.config.catalogus.by_id[i] for i in ("kleiner_wonen", "samenhuizen", "zorgwonen")]
    found = PeerFindings(session, group).differences(indicators)
    assert found[0].indicator == "samenhuizen"
    text = say("paarverschil", {"bevinding": found[0], "label": "Samenhuizen"})
    assert "Leuven 80 %" in text and "Bertem 20 %" in text and "60 procentpunt" in text
    assert "zorgwonen" not in [b.indicator for b in found]  # no difference, no finding


def test_no_findings_when_groups_are_too_small(tmp_path):
    rows = question("24062", "Leuven", "samenhuizen", {"zeker-niet": 2, "zeker-wel": 18})
    rows += question("24038", "Herent", "samenhuizen", {"zeker-niet": 18, "zeker-wel": 2})
    session = Workspace.open([write_csv(tmp_path / "klein.csv", rows)], None)
    group = resolve_peers(session, ["leuven", "herent"])
    assert PeerFindings(session, group).differences([session.config.catalogus.by_id["samenhuizen"]]) == []


# --- choosing the group -------------------------------------------------------------------------

def test_buren_takes_the_certain_neighbours(session):
    assert [g.naam for g in resolve_peers(session, ["holsbeek"], buren=True)][0] == "Holsbeek"
    assert {g.naam for g in resolve_peers(session, ["holsbeek"], buren=True)} == {"Holsbeek", "Leuven", "Lubbeek", "Rotselaar"}
    assert {g.naam for g in resolve_peers(session, ["haacht"], buren=True)} == {"Haacht", "Herent", "Rotselaar"}
    assert "Leuven" in {g.naam for g in resolve_peers(session, ["haacht"], buren=True, include_uncertain=True)}


def test_max_only_goes_with_buren(session):
    with pytest.raises(InputError, match="alleen met --buren"):
        resolve_peers(session, ["leuven", "herent", "bertem"], most=2)


def test_buren_with_too_many_neighbours_keeps_those_with_most_respondents(session, capsys):
    neighbours = [g for g in session.gebieden.neighbours("24062", False) if session.dataset.has(g)]
    assert len(neighbours) == 7
    by_size = sorted(neighbours, key=lambda g: -session.dataset.respondents(g, session.config.catalogus))
    group = resolve_peers(session, ["leuven"], buren=True)
    assert [g.naam for g in group] == ["Leuven"] + [g.naam for g in by_size[:5]]
    said = capsys.readouterr().err
    assert f"Weggelaten: {by_size[5].naam}, {by_size[6].naam}." in said and "--max" in said


def test_max_still_chooses_the_size_of_a_neighbour_group(session, capsys):
    group = resolve_peers(session, ["kortrijk"], buren=True, most=4)
    assert len(group) == 4 and group[0].naam == "Kortrijk" and "Spiere-Helkijn" not in [g.naam for g in group]
    assert "Weggelaten:" not in capsys.readouterr().err  # the user chose the size


@pytest.mark.parametrize("names,message", [
    (["leuven"], "minstens 2"),
    (["leuven", "herent", "bertem", "holsbeek", "rotselaar", "lubbeek", "bierbeek"], "hoogstens 6"),
    (["leuven", "24062"], "twee keer"),
    (["leuven", "Hernt"], "Herent"),
    (["leuven", "antwerpen"], "Geen resultaten"),
    (["leuven", "vlaanderen"], "geen gemeente"),
])
def test_group_errors(session, names, message):
    with pytest.raises(InputError, match=message):
        resolve_peers(session, names)


# --- verzamel -----------------------------------------------------------------------------------

def fill(source: Path, target: Path, values: dict[str, str]) -> Path:
    writer = PdfWriter(clone_from=str(source))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_round_trip_fill_and_collect(workbook, tmp_path):
    leuven = {"minder-ruimte__versterken__leuven": "Samen een woonloket voor kleiner wonen",
              "delen__valkuilen__leuven": "=HYPERLINK(\"http://x\")",
              "actie__1__wat": "Gezamenlijke infoavond", "actie__1__wie": "Leuven", "actie__1__wanneer": "maart 2027",
              "opvolging__datum": "12 juni 2027"}
    herent = {"minder-ruimte__versterken__herent": "Ervaring met zorgwonen delen <b>vet</b>",
              "nabijheid__leren__herent": "Elkaars mobiliteitsplan lezen"}
    a = fill(workbook, tmp_path / "leuven.pdf", leuven)
    b = fill(workbook, tmp_path / "herent.pdf", herent)
    result = run("verzamel", a, b, "--uit", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    xlsx = next((tmp_path / "out" / "intervisie").glob("verzameling-*.xlsx"))
    md = xlsx.with_suffix(".md").read_text()
    cells = {c.value for ws in openpyxl.load_workbook(xlsx) for row in ws.iter_rows() for c in row}
    for text in [*leuven.values(), *herent.values()]:
        assert text in cells, text
    assert "Samen een woonloket voor kleiner wonen" in md and "&lt;b&gt;vet&lt;/b&gt;" in md
    book = openpyxl.load_workbook(xlsx)
    formula_cell = next(c for row in book["Bespreking"].iter_rows() for c in row if str(c.value).startswith("=HYPER"))
    assert formula_cell.data_type == "s"  # text, never a formula


def test_collect_as_csv_neutralises_formulas(workbook, tmp_path):
    a = fill(workbook, tmp_path / "a.pdf", {"delen__leren__bertem": "@SUM(1+1)", "actie__2__wie": "-1+2"})
    result = run("verzamel", a, "--uit", tmp_path / "out", "--csv")
    assert result.returncode == 0, result.stderr
    text = next((tmp_path / "out" / "intervisie").glob("*.csv")).read_text(encoding="utf-8-sig")
    assert "'@SUM(1+1)" in text and "'-1+2" in text


def test_verzamel_refuses_strangers(workbook, session, tmp_path):
    not_pdf = tmp_path / "notities.pdf"
    not_pdf.write_text("geen pdf")
    result = run("verzamel", not_pdf, "--uit", tmp_path / "out")
    assert result.returncode == 2 and "geen leesbare PDF" in result.stderr
    brief_pdf = tmp_path / "brief.pdf"
    from conftest import write_brief

    brief_pdf = write_brief(session, session.municipality("leuven"), "wonen", tmp_path / "b")
    result = run("verzamel", brief_pdf, "--uit", tmp_path / "out")
    assert result.returncode == 2 and "geen intervisiewerkboek van thuis" in result.stderr
    other = write_workbook(session, resolve_peers(session, ["leuven", "herent"]), tmp_path / "ander")
    result = run("verzamel", workbook, other, "--uit", tmp_path / "out")
    assert result.returncode == 2 and "andere sessie" in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_intervisie_errors_are_dutch(tmp_path):
    result = run("intervisie", "leuven", "--uit", tmp_path)
    assert result.returncode == 2 and "minstens 2" in result.stderr and "Traceback" not in result.stderr
    result = run("intervisie", "leuven", "Hrent", "--uit", tmp_path)
    assert result.returncode == 2 and "Herent" in result.stderr


def test_cli_intervisie_buren(tmp_path):
    result = run("intervisie", "holsbeek", "--buren", "--uit", tmp_path)
    assert result.returncode == 0, result.stderr
    [made] = (tmp_path / "intervisie").glob("intervisie-*.pdf")
    slugs = made.stem.removeprefix("intervisie-")
    assert slugs.startswith("holsbeek-leuven-")  # the centre first, then the most respondents
    assert sorted(slugs.split("-")) == ["holsbeek", "leuven", "lubbeek", "rotselaar"]

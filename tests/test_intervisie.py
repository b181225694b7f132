"""Intervision workbooks: a facilitator copy and a copy per municipality, side-by-side figures, honest
findings, fillable fields sized for their use, and the verzamel round trip."""

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
from thuis_cli.products.intervisie import (ACTION_ROWS, QUESTIONS, agenda, answer_fields, field_height,
                                           resolve_peers, session_fields)
from thuis_cli.workspace import Workspace

from conftest import make, question, say, write_csv, write_workbook

GROUP = ["leuven", "herent", "bertem"]
MM = 72 / 25.4  # points per millimetre

THUIS = [sys.executable, "-m", "thuis_cli"]


def run(*args, cwd=None):
    return subprocess.run([*THUIS, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def copies(session, tmp_path_factory) -> dict[str, Path]:
    """Every file of the sample session, by whose copy it is ('facilitator', 'leuven', ...)."""
    from thuis_cli.products import get

    paths = make(session, "intervisie", get("intervisie").target(resolve_peers(session, GROUP)),
                 tmp_path_factory.mktemp("out"))
    return {p.stem.removeprefix("intervisie-leuven-herent-bertem-"): p for p in paths}


@pytest.fixture(scope="module")
def workbook(copies):
    return copies["facilitator"]


def themes_of(session) -> list[str]:
    return [t for t in session.config.catalogus.themas if t != "profiel"]


def fields_of(path: Path) -> dict:
    return PdfReader(str(path)).get_fields()


def widgets(path: Path) -> dict[str, dict]:
    """Per field: its page (0-based), rectangle (x0, y0, x1, y1 in points), font size, flags and TU."""
    found = {}
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        for f in pdf.Root.AcroForm.Fields:
            x0, y0, x1, y1 = (float(v) for v in f.Rect)
            size = float(re.search(rb"([\d.]+) Tf", bytes(f.DA)).group(1))
            found[str(f.T)] = {"page": pages[f.P.objgen], "rect": (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)),
                               "size": size, "flags": int(f.get("/Ff", 0)), "tu": str(f.TU)}
    return found


def meta_of(path: Path) -> dict:
    with pikepdf.open(path) as pdf:
        return json.loads(str(pdf.docinfo["/thuiswerkboek"]))


# --- one copy per municipality and one for the facilitator ---------------------------------------

def test_a_copy_for_the_facilitator_and_one_per_municipality(copies):
    assert sorted(copies) == ["bertem", "facilitator", "herent", "leuven"]
    assert all(p.parent.name == "intervisie" and p.stat().st_size < 1_500_000 for p in copies.values())
    metas = {who: meta_of(p) for who, p in copies.items()}
    assert {m["sessie"] for m in metas.values()} == {metas["facilitator"]["sessie"]}  # one session
    assert {who: m["exemplaar"] for who, m in metas.items()} == {w: w for w in copies}  # each says whose it is


def test_the_facilitator_copy_holds_the_session_and_no_answers(copies, session):
    names = set(fields_of(copies["facilitator"]))
    assert names == set(session_fields(GROUP))
    assert {"sessie__datum", "sessie__plaats", "tafel__herent__1__naam", "tafel__herent__1__rol",
            "opening__bertem", "opvolging__afspraken"} <= names
    assert {f"actie__{i}__{k}" for i in range(1, ACTION_ROWS + 1) for k in ("wat", "wie", "wanneer")} <= names
    assert ACTION_ROWS >= 8


def test_a_municipality_copy_holds_only_its_own_answers(copies, session):
    for slug in GROUP:
        names = set(fields_of(copies[slug]))
        assert names == set(answer_fields(themes_of(session), slug))
        assert len(names) == len(themes_of(session)) * len(QUESTIONS)


def test_answer_fields_are_sized_to_the_minutes_the_agenda_gives(copies, session):
    slots = agenda(len(GROUP), [(t, t) for t in themes_of(session)])
    minutes = {s["thema"]["id"]: s["minuten"] for s in slots if s["thema"]}
    for name, w in widgets(copies["herent"]).items():
        theme = name.split("__")[0]
        height_mm = (w["rect"][3] - w["rect"][1]) / MM
        assert abs(height_mm - field_height(minutes[theme] / len(QUESTIONS))) < 3, (name, height_mm)
        assert height_mm >= 35 and w["flags"] & (1 << 12)  # multi-line, room for about five minutes of notes
        assert w["size"] >= 9


def test_the_agenda_fills_two_hours_and_gives_each_theme_its_time():
    themes = [("a", "A"), ("b", "B"), ("c", "C")]
    for municipalities in range(2, 7):
        slots = agenda(municipalities, themes)
        assert slots[0]["van"] == "0:00" and slots[-1]["tot"] == "2:00"
        assert sum(s["minuten"] for s in slots) == 120
        assert [s["thema"]["id"] for s in slots if s["soort"] == "thema"] == ["a", "b", "c"]
        assert all(s["minuten"] >= 15 for s in slots if s["soort"] == "thema")
        opening = next(s for s in slots if s["soort"] == "opening")
        assert opening["minuten"] >= 2 * municipalities  # two minutes per municipality
    assert field_height(5) > field_height(2)


def test_facilitator_opening_pages(workbook):
    reader = PdfReader(str(workbook))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages[:3]).split())
    for needed in ("De sessie", "Datum", "Plaats", "Wie zit aan tafel", "Naam", "Rol", "Openingsronde",
                   "Zo verloopt de sessie", "0:00–0:10", "Pauze", "Facilitator", "Notulist",
                   "Waar kunnen we elkaar versterken?", "Wat zijn mogelijke valkuilen?",
                   "Op welke manier kunnen we problemen overstijgen?", "Lerend ondersteunen en ondersteunend leren",
                   "thuis verzamel"):
        assert needed in text, needed
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Deelnemers" not in first  # who is at the table are people; respondent counts are on the data pages


def test_participants_read_no_tool_commands(copies):
    for slug in GROUP:
        text = " ".join(p.extract_text() for p in PdfReader(str(copies[slug])).pages)
        assert "thuis verzamel" not in text and "--" not in text and ".xlsx" not in text
        assert f"Exemplaar van {slug.capitalize()}" in text


def test_comparison_table_holds_the_figures(workbook, session):
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(str(workbook)).pages))
    for name in ("leuven", "herent", "bertem"):
        g = session.gebieden.resolve(name)
        f = session.area(g).figure("woningtype_gewenst")
        share = f"{f.share * 100:.0f}"
        n = f"{round(f.n):,}".replace(",", ".")
        assert re.search(rf"{share} % n = {re.escape(n)}", text.replace("\u00a0", " ")), (name, share, n)


def test_workbook_is_pdf_ua_and_reproducible(copies, session, tmp_path):
    import page

    for who in ("facilitator", "herent"):
        report = page.validate_pdf(str(copies[who]), profile="ua1")
        assert report.is_compliant, (who, [(f.rule_id, f.message) for f in report.failures])
    again = write_workbook(session, resolve_peers(session, GROUP), tmp_path)
    assert again.read_bytes() == copies["facilitator"].read_bytes()
    meta = meta_of(copies["facilitator"])
    assert meta["soort"] == "intervisie-werkboek" and [g["slug"] for g in meta["gemeenten"]] == GROUP


# --- the joint action table ---------------------------------------------------------------------

ACTION = "Gezamenlijke infoavond over kangoeroewonen en zorgwonen in mei"  # a typical action


def test_the_action_table_has_a_wide_multi_line_what_and_narrow_who_and_when(workbook):
    w = widgets(workbook)
    assert len(ACTION) >= 60
    for i in range(1, ACTION_ROWS + 1):
        what, who, when = (w[f"actie__{i}__{k}"] for k in ("wat", "wie", "wanneer"))
        width = {k: (f["rect"][2] - f["rect"][0]) / MM for k, f in (("wat", what), ("wie", who), ("wanneer", when))}
        assert width["wat"] >= 85 and width["wat"] >= 2.5 * width["wie"] and width["wat"] >= 3 * width["wanneer"]
        assert 25 <= width["wie"] <= 45 and 20 <= width["wanneer"] <= 35, width
        assert what["flags"] & (1 << 12)  # multi-line
        assert what["size"] >= 9


def _font():
    from fontTools.ttLib import TTFont

    from thuis_cli import resources

    return TTFont(str(resources.fonts_dir() / "Lato-Regular.ttf"))


def _lines(text: str, width_pt: float, size: float) -> int:
    """Lines a greedy word wrap needs for `text` in Lato at `size` within `width_pt`."""
    font = _font()
    widths, cmap, scale = font["hmtx"].metrics, font.getBestCmap(), size / font["head"].unitsPerEm

    def measure(s):
        return sum(widths[cmap[ord(c)]][0] for c in s) * scale

    lines, current = 1, ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if measure(trial) > width_pt and current:
            lines, current = lines + 1, word
        else:
            current = trial
    return lines


def test_a_60_character_action_fits_its_field_by_the_font_metrics(workbook):
    what = widgets(workbook)["actie__1__wat"]
    x0, y0, x1, y1 = what["rect"]
    padding = 2  # points a viewer keeps free on each side
    lines = _lines(ACTION, x1 - x0 - 2 * padding, what["size"])
    assert lines <= 2
    assert lines * what["size"] * 1.2 + 2 * padding <= y1 - y0, (lines, y1 - y0)


def test_a_filled_in_60_character_action_is_shown_without_clipping(workbook, tmp_path):
    """Fill 'Wat' of the first action, let the viewer (poppler) lay it out, and compare the page with and
    without it: the text's ink lies inside the field, clear of its bottom and right edge."""
    import io

    from PIL import Image, ImageChops

    def filled(value: str) -> bytes:
        with pikepdf.open(workbook) as pdf:
            pdf.Root.AcroForm.NeedAppearances = True
            for f in pdf.Root.AcroForm.Fields:
                if str(f.T) == "actie__1__wat":
                    f.V = pikepdf.String(value)
                    if "/AP" in f:
                        del f["/AP"]
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()

    what = widgets(workbook)["actie__1__wat"]
    page, (x0, y0, x1, y1) = what["page"] + 1, what["rect"]

    def render(data: bytes) -> Image.Image:
        png = subprocess.run(["pdftoppm", "-png", "-r", "144", "-f", str(page), "-l", str(page), "-"], input=data,
                             capture_output=True, check=True).stdout
        return Image.open(io.BytesIO(png)).convert("L")

    empty, full = render(filled("")), render(filled(ACTION))
    ink = ImageChops.difference(empty, full).point(lambda v: 255 if v > 40 else 0).getbbox()
    assert ink is not None, "the action was not drawn"
    height = empty.height / 2  # page height in points (144 dpi = 2 px per point)
    left, top, right, bottom = (v / 2 for v in ink)
    assert left >= x0 and top >= height - y1
    assert right <= x1 - 1.5 and bottom <= height - y0 - 1.5, ((right, bottom), (x1, height - y0))
    assert bottom - top > 1.5 * what["size"]  # two lines: the field wrapped the action, it did not cut it


# --- accessible names and pages ------------------------------------------------------------------

def test_every_field_has_its_own_name_naming_theme_and_copy(copies, session):
    themes = session.config.catalogus.themas
    for who, path in copies.items():
        names = [w["tu"] for w in widgets(path).values()]
        assert len(set(names)) == len(names), who
        whose = "de facilitator" if who == "facilitator" else session.gebieden.resolve(who).naam
        assert all(f"exemplaar van {whose}" in tu for tu in names), who
        for name, w in widgets(path).items():
            if name.split("__")[0] in themes:
                assert themes[name.split("__")[0]].titel in w["tu"], w["tu"]


def _filled_share(png: Path) -> float:
    """How far down the page the content reaches, between the running header and footer (0..1)."""
    from PIL import Image, ImageOps

    image = ImageOps.invert(Image.open(png).convert("L"))
    band = int(image.height * 0.085)  # header and footer lie in the 20 mm margins
    body = image.crop((0, band, image.width, image.height - band)).point(lambda v: 255 if v > 60 else 0)
    box = body.getbbox()
    return 0.0 if box is None else box[3] / body.height


@pytest.mark.parametrize("who", ["facilitator", "herent"])
def test_no_near_empty_pages(copies, who, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(copies[who]), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 5
    shares = [_filled_share(p) for p in pages]
    assert all(s >= 0.4 for s in shares), [round(s, 2) for s in shares]


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

"""Intervision workbooks: a facilitator copy and a copy per municipality, side-by-side figures, honest
findings, fillable fields sized for their use, and the verzamel round trip."""

import json
import re
import subprocess
from pathlib import Path

import openpyxl
import pikepdf
import pytest
from pypdf import PdfReader

from thuis_cli.publish.render import render_text
from thuis_cli.templating import macro
from thuis_cli.errors import InputError
from thuis_cli.peer_findings import PeerFindings
from thuis_cli.products.intervisie import (ACTION_ROWS, FIELD_MM, OWN_QUESTIONS, QUESTIONS, agenda, answer_fields,
                                           field_height, own_fields, plan_time, practice_fields, resolve_peers,
                                           session_fields)
from thuis_cli.workspace import Workspace

from conftest import fill, pdf_pages, question, say, write_csv

GROUP = ["leuven", "herent", "bertem"]
MM = 72 / 25.4  # points per millimetre



def run(*args, cwd=None):
    """The command line in the test's process, with a test environment (a subprocess adds nothing here)."""
    from clirunner import thuis

    return thuis(*args, cwd=cwd)


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def files(samples) -> dict[str, Path]:
    """Every PDF of the sample session, by whose it is ('facilitator', 'leuven', 'voorbereiding-leuven', ...)."""
    return {p.stem.removeprefix("intervisie-leuven-herent-bertem-"): p for p in samples.workbook(*GROUP)
            if p.suffix == ".pdf"}


@pytest.fixture(scope="module")
def copies(files) -> dict[str, Path]:
    """The fillable copies: the facilitator's and one per municipality."""
    return {who: p for who, p in files.items() if not who.startswith("voorbereiding-")}


@pytest.fixture(scope="module")
def prereads(files) -> dict[str, Path]:
    """The one-page pre-read per municipality, by slug."""
    return {who.removeprefix("voorbereiding-"): p for who, p in files.items() if who.startswith("voorbereiding-")}


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

def test_a_copy_for_the_facilitator_and_one_per_municipality(copies, prereads):
    assert sorted(copies) == ["bertem", "facilitator", "herent", "leuven"]
    assert sorted(prereads) == sorted(GROUP)  # and a pre-read per municipality, sent with its copy
    assert all(p.parent.name == "intervisie" and p.stat().st_size < 1_500_000 for p in copies.values())
    metas = {who: meta_of(p) for who, p in copies.items()}
    assert {m["sessie"] for m in metas.values()} == {metas["facilitator"]["sessie"]}  # one session
    assert {who: m["exemplaar"] for who, m in metas.items()} == {w: w for w in copies}  # each says whose it is


def _exchange(copies) -> bool:
    """Whether the session's agenda has 'Praktijken uitwisselen' (round 15: a general question goes round the table,
    2 minutes per municipality, so a three-member session of three themes has no time left for it)."""
    return "Praktijken uitwisselen" in " ".join(pdf_pages(copies["facilitator"])[:3])


def test_the_facilitator_copy_holds_the_session_and_no_answers(copies, session):
    names = set(fields_of(copies["facilitator"]))
    practice = practice_fields("facilitator", GROUP) if _exchange(copies) else []
    assert names == set(session_fields(GROUP, theme_ids=themes_of(session)) + practice)
    assert {f"{t}__conclusie" for t in themes_of(session)} <= names  # the group's conclusion per theme
    assert {"sessie__datum", "sessie__plaats", "tafel__herent__1__naam", "tafel__herent__1__rol",
            "opening__bertem", "opvolging__afspraken"} <= names
    assert {f"actie__{i}__{k}" for i in range(1, ACTION_ROWS + 1)
            for k in ("thema", "wat", "stap", "wie", "wanneer")} <= names
    assert {"sessie__facilitator", "sessie__notulist", "sessie__tijdsbewaker"} <= names  # the roles of page 2
    assert {f"tafel__{slug}__{i}__naam" for slug in GROUP for i in (1, 2, 3)} <= names  # three rows each
    assert ACTION_ROWS >= 5


def test_a_municipality_copy_holds_only_its_own_answers(copies, session):
    for slug in GROUP:
        names = set(fields_of(copies[slug]))
        practice = practice_fields(slug, GROUP) if _exchange(copies) else []
        assert names == set(answer_fields(themes_of(session), slug, takeaway=True, group=True) + practice)
        assert len(names) == (len(themes_of(session)) * len(QUESTIONS) + len(OWN_QUESTIONS) + 3 * 2 + 4 * 5
                              + len(themes_of(session)) + ACTION_ROWS * 5  # its notes of the group's decisions
                              + len(practice))  # the notes on each municipality's practice, if any
        # the page 'Wat neemt <gemeente> mee': three people (name, role) and four own actions with theme and step
        assert {f"mee__{slug}__persoon__3__rol", f"mee__{slug}__actie__4__wanneer",
                f"mee__{slug}__actie__4__stap"} <= names
        assert set(own_fields(slug)) <= names  # what it recognises, does, seeks and offers


def _theme_sizes(session) -> list[tuple[str, str, int]]:
    cat = session.config.catalogus
    return [(t, t, sum(1 for i in cat.indicatoren if i.thema == t)) for t in themes_of(session)]


def test_answer_fields_are_sized_to_the_minutes_the_agenda_gives(copies, session):
    from thuis_cli.products import get

    document = get("intervisie").build(session, get("intervisie").target(resolve_peers(session, GROUP)))
    minutes = {t.id: t.minutes for t in document.context["tijd"].themes}
    for name, w in widgets(copies["herent"]).items():
        theme = name.split("__")[0]
        if theme in ("eigen", "mee", "praktijk", "actie") or name.split("__")[1] == "conclusie":
            continue  # not a theme's answers: sized by their own page or the group's conclusion
        height_mm = (w["rect"][3] - w["rect"][1]) / MM
        assert abs(height_mm - field_height(minutes[theme] / len(QUESTIONS))) < 3, (name, height_mm)
        # (round 15: 18 mm at least, so that a copy's notes under the charts and its discussion share a page)
        assert height_mm >= FIELD_MM[0] and w["flags"] & (1 << 12)  # multi-line, room for several minutes of notes
        assert w["size"] >= 9


def test_the_agenda_fills_the_session_and_gives_each_theme_its_time():
    themes = [("a", "A", 6), ("b", "B", 6), ("c", "C", 6)]
    for municipalities in range(2, 7):
        slots = agenda(municipalities, themes)
        assert slots[0]["van"] == "0:00" and slots[-1]["tot"] == "2:00"
        assert sum(s["minuten"] for s in slots) == 120
        assert [s["thema"]["id"] for s in slots if s["soort"] == "thema"] == ["a", "b", "c"]
        assert all(s["minuten"] >= 15 for s in slots if s["soort"] == "thema")
        opening = next(s for s in slots if s["soort"] == "opening")
        assert opening["minuten"] >= 2 * municipalities  # two minutes per municipality
    assert field_height(5) > field_height(2)
    slots = agenda(4, themes, duration=150)
    assert slots[-1]["tot"] == "2:30" and sum(s["minuten"] for s in slots) == 150


def test_a_themes_minutes_follow_from_what_there_is_to_discuss():
    """Three minutes to read, four per question tied to a finding, two per municipality for a general question
    (it goes round the table), three for
    the conclusion; the time the themes leave goes to exchanging practices (in fives, at least ten) and
    the actions, which keep at least 20 minutes of a two-hour session."""
    full = plan_time(6, [("a", "A", 6, 4), ("b", "B", 6, 4), ("c", "C", 6, 4)])
    assert [t.minutes for t in full.themes] == [3 + 4 * 4 + 3] * 3
    assert [(t.read, t.questions, t.decision) for t in full.themes] == [(3, 16, 3)] * 3
    assert full.exchange == 0 and full.actions >= 15
    assert full.fixed + sum(t.minutes for t in full.themes) + full.leftover == 120
    thin = plan_time(2, [("a", "A", 6, 2), ("b", "B", 6, 1), ("c", "C", 6, 1)])
    # (round 15: a general question goes round the table, about 1,5 minutes per municipality, rounded up: 3 with two)
    assert [t.minutes for t in thin.themes] == [3 + 2 * 4 + 2 * 3 + 3, 3 + 4 + 3 * 3 + 3, 3 + 4 + 3 * 3 + 3]
    assert thin.exchange >= 10 and thin.exchange % 5 == 0 and thin.actions >= 15
    slots = thin.slots()
    assert [s["soort"] for s in slots][-4:] == ["uitwisselen", "acties", "mee", "afsluiting"]
    assert sum(s["minuten"] for s in slots) == 120 and slots[-1]["tot"] == "2:00"
    tight = plan_time(6, [("a", "A", 6, 4)] * 4, duration=100)
    assert tight.tight and tight.suggested >= tight.fixed + tight.need and tight.suggested % 15 == 0
    assert sum(s["minuten"] for s in tight.slots()) == 100
    with pytest.raises(InputError, match="te kort"):
        plan_time(6, [("a", "A", 6), ("b", "B", 6), ("c", "C", 6)], duration=60)


def test_facilitator_opening_pages(workbook):
    pages = pdf_pages(workbook)
    text = " ".join(" ".join(pages[:3]).split())
    for needed in ("De sessie", "Datum", "Plaats", "Wie zit aan tafel", "Naam", "Rol", "Openingsronde",
                   "Zo verloopt de sessie", "0:00–0:05", "Pauze", "Facilitator", "Notulist",
                   "Waar kunnen we elkaar versterken?", "Wat zijn mogelijke valkuilen?",
                   "Op welke manier kunnen we problemen overstijgen?", "Lerend ondersteunen en ondersteunend leren",
                   "samengebracht"):
        assert needed in text, needed
    first = " ".join(pages[0].split())
    assert "Deelnemers" not in first  # who is at the table are people; respondent counts are on the data pages


def test_participants_read_no_tool_commands(copies):
    for slug in GROUP:
        text = " ".join(pdf_pages(copies[slug]))
        assert "thuis verzamel" not in text and "--" not in text and ".xlsx" not in text
        assert f"Exemplaar van {slug.capitalize()}" in text


def test_comparison_table_holds_the_figures(workbook, session):
    text = re.sub(r"\s+", " ", "\n".join(pdf_pages(workbook)))
    for name in ("leuven", "herent", "bertem"):
        g = session.gebieden.resolve(name)
        f = session.area(g).figure("woningtype_gewenst")
        share = f"{f.share * 100:.0f}"
        n = f"{round(f.n):,}".replace(",", ".")
        # share over n in every column alike: the two stand on lines of their own
        plain = text.replace("\u00a0", " ")
        assert re.search(rf"\b{share} %", plain) and f"n = {n}" in plain, (name, share, n)


def test_workbook_is_pdf_ua_and_reproducible(copies, session, tmp_path):
    import page

    for who in ("facilitator", "herent"):
        report = page.validate_pdf(str(copies[who]), profile="ua1")
        assert report.is_compliant, (who, [(f.rule_id, f.message) for f in report.failures])
    # the facilitator's copy made again in a new build: the same bytes (only that copy is rendered)
    from dataclasses import replace

    from thuis_cli.products import get
    from thuis_cli.publish.render import render

    document = get("intervisie").build(session, get("intervisie").target(resolve_peers(session, GROUP)))
    document = replace(document, artifacts=[a for a in document.artifacts if a.copy_of == "facilitator"])
    [(name, again)] = render(document).items()
    assert name == copies["facilitator"].name and again == copies["facilitator"].read_bytes()
    meta = meta_of(copies["facilitator"])
    assert meta["soort"] == "intervisie-werkboek" and [g["slug"] for g in meta["gemeenten"]] == GROUP


# --- the joint action table ---------------------------------------------------------------------

ACTION = "Gezamenlijke infoavond over kangoeroewonen en zorgwonen in mei"  # a typical action


def test_the_action_table_has_a_wide_multi_line_what_and_narrow_who_and_when(workbook):
    w = widgets(workbook)
    assert len(ACTION) >= 60
    for i in range(1, ACTION_ROWS + 1):
        fields = {k: w[f"actie__{i}__{k}"] for k in ("thema", "wat", "stap", "wie", "wanneer")}
        width = {k: (f["rect"][2] - f["rect"][0]) / MM for k, f in fields.items()}
        assert width["wat"] >= 45 and width["wat"] == max(width.values()), width  # 'Wat' the widest
        # (round 15: 'Eerste stap', a sentence, was narrower than 'Wie', a name: the step is the second widest)
        assert 18 <= width["wie"] <= 45 and 18 <= width["wanneer"] <= 35 and width["stap"] >= 25, width
        assert width["stap"] == max(v for k, v in width.items() if k != "wat"), width
        for f in fields.values():
            assert (f["rect"][3] - f["rect"][1]) / MM >= 21  # three handwritten lines of 7 mm
        assert fields["wat"]["flags"] & (1 << 12)  # multi-line
        assert fields["wat"]["size"] >= 9


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


def test_an_action_field_holds_three_lines_of_a_60_character_action(workbook):
    """A 60-character action fits the three lines of 'Wat' (24 mm high: three handwritten lines); the
    field shows three whole lines, so that it is not cut off."""
    for i in range(1, ACTION_ROWS + 1):
        what = widgets(workbook)[f"actie__{i}__wat"]
        x0, y0, x1, y1 = what["rect"]
        padding = 2  # points a viewer keeps free on each side
        assert _lines(ACTION, x1 - x0 - 2 * padding, what["size"]) <= 3
        assert 3 * what["size"] * 1.2 + 2 * padding <= y1 - y0, (i, y1 - y0)


def test_no_action_row_sits_alone_on_a_page(workbook):
    pages = [widgets(workbook)[f"actie__{i}__wat"]["page"] for i in range(1, ACTION_ROWS + 1)]
    assert all(pages.count(p) >= 2 for p in pages), pages


def test_a_filled_in_three_line_action_is_shown_without_clipping(workbook, tmp_path):
    """Fill 'Wat' of the first action with three lines, let the viewer (poppler) lay it out, and compare the
    page with and without it: the text's ink lies inside the field, clear of its bottom and right edge."""
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
    assert bottom - top > 1.5 * what["size"]  # several lines: the field wrapped the action, it did not cut it


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
                theme = name.split("__")[0]  # (round 10: its neutral heading, not the catalogue's goal)
                assert macro("woorden/intervisie.html", "thema_kop", theme, themes[theme].titel) in w["tu"], w["tu"]


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
    rows += question("24062", "Leuven", "samenhuizen", {"zeker-niet": 20, "eerder-niet": 10, "misschien": 10,
                                                        "eerder-wel": 100, "zeker-wel": 60})
    rows += question("24038", "Herent", "samenhuizen", {"zeker-niet": 50, "eerder-niet": 40, "misschien": 10,
                                                        "eerder-wel": 60, "zeker-wel": 40})
    rows += question("24009", "Bertem", "samenhuizen", {"zeker-niet": 100, "eerder-niet": 50, "misschien": 10,
                                                        "eerder-wel": 30, "zeker-wel": 10})
    # Everyone like Flanders: nothing to say.
    for nis, name in towns:
        rows += question(nis, name, "zorgwonen", {"zeker-niet": 30, "eerder-niet": 40, "misschien": 60,
                                                  "eerder-wel": 45, "zeker-wel": 25})
    rows += question("02000", "Vlaanderen", "kleiner_wonen", {"zeker-niet": 2200, "eerder-niet": 2500,
                                                              "misschien": 2500, "eerder-wel": 1800, "zeker-wel": 1000})
    rows += question("02000", "Vlaanderen", "samenhuizen", {"zeker-niet": 3000, "eerder-niet": 3000, "misschien": 2000,
                                                            "eerder-wel": 1500, "zeker-wel": 500})
    rows += question("02000", "Vlaanderen", "zorgwonen", {"zeker-niet": 1500, "eerder-niet": 2000, "misschien": 3000,
                                                          "eerder-wel": 2250, "zeker-wel": 1250})
    path = write_csv(tmp_path / "bekend.csv", rows)
    session = Workspace.open([path], None)
    return session, resolve_peers(session, ["leuven", "herent", "bertem"])


def test_shared_challenge_found_only_where_all_deviate_the_same_way(known):
    session, group = known
    indicators = [session.config.catalogus.by_id[i] for i in ("kleiner_wonen", "samenhuizen", "zorgwonen")]
    found = [b for b in PeerFindings(session, group).shared_by_majority(indicators) if b.unanimous]
    assert [b.indicator for b in found] == ["kleiner_wonen"]
    text = say("gedeeld_meerderheid", {"bevinding": found[0], "label": "Kleiner wonen"})
    assert "alle 3 gemeenten liggen hoger dan Vlaanderen" in text and "Vlaanderen 28 %, n = 10.000" in text


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


def _indicators(session, *ids):
    return [session.config.catalogus.by_id[i] for i in ids]


def test_shared_challenge_by_majority_names_who_does_and_who_does_not(tmp_path):
    above = {"zeker-niet": 20, "eerder-niet": 20, "misschien": 20, "eerder-wel": 90, "zeker-wel": 50}  # 70 %
    like_flanders = {"zeker-niet": 45, "eerder-niet": 50, "misschien": 49, "eerder-wel": 36, "zeker-wel": 20}  # 28 %
    rows = question("24062", "Leuven", "kleiner_wonen", above) + question("24038", "Herent", "kleiner_wonen", above)
    rows += question("24009", "Bertem", "kleiner_wonen", like_flanders)
    # Only one of three above Flanders: no majority.
    rows += question("24062", "Leuven", "samenhuizen", above)
    rows += (question("24038", "Herent", "samenhuizen", like_flanders)
             + question("24009", "Bertem", "samenhuizen", like_flanders))
    flanders = {"zeker-niet": 2200, "eerder-niet": 2500, "misschien": 2500, "eerder-wel": 1800, "zeker-wel": 1000}
    rows += (question("02000", "Vlaanderen", "kleiner_wonen", flanders)
             + question("02000", "Vlaanderen", "samenhuizen", flanders))
    session = Workspace.open([write_csv(tmp_path / "meerderheid.csv", rows)], None)
    group = resolve_peers(session, GROUP)
    found = PeerFindings(session, group)
    indicators = _indicators(session, "kleiner_wonen", "samenhuizen")
    [majority] = found.shared_by_majority(indicators)
    assert majority.indicator == "kleiner_wonen" and majority.direction == 1 and not majority.unanimous
    assert [g.naam for g, _f in majority.members] == ["Leuven", "Herent"]
    assert [g.naam for g, _f in majority.alike] == ["Bertem"]
    text = say("gedeeld_meerderheid", {"bevinding": majority, "label": "Kleiner wonen"})
    assert text.startswith("Kleiner wonen: 2 van de 3 gemeenten liggen hoger dan Vlaanderen (Leuven 70 %, n = 200; "
                           "Herent 70 %, n = 200; Vlaanderen 28 %")
    assert "Gemiddeld over de gemeenten 56 %" in text
    assert "Bertem ligt dicht bij Vlaanderen (Bertem 28 %, n = 200)" in text


def test_a_shared_challenge_of_all_says_all(known):
    session, group = known
    [b] = PeerFindings(session, group).shared_by_majority(_indicators(session, "kleiner_wonen", "zorgwonen"))
    assert b.unanimous and len(b.members) == 3
    assert "Kleiner wonen: alle 3 gemeenten liggen hoger dan Vlaanderen" in say(
        "gedeeld_meerderheid", {"bevinding": b, "label": "Kleiner wonen"})


def test_a_pattern_without_one_betekenisvol_difference_is_no_shared_challenge(tmp_path):
    """Each municipality's 40 answers lie 12 points above Flanders, but none of them differs betekenisvol:
    the majority rule names no pattern that may be chance alone, and the workbook says plainly there is none."""
    rows = []
    for nis, name in (("24062", "Leuven"), ("24038", "Herent"), ("24009", "Bertem")):
        rows += question(nis, name, "zorgwonen", {"zeker-niet": 7, "eerder-niet": 7, "misschien": 7, "eerder-wel": 12,
                                                  "zeker-wel": 7})  # 19 of 40: 47.5 %
    rows += question("02000", "Vlaanderen", "zorgwonen", {"zeker-niet": 1500, "eerder-niet": 2000, "misschien": 3000,
                                                          "eerder-wel": 2250, "zeker-wel": 1250})  # 35 %
    session = Workspace.open([write_csv(tmp_path / "samen.csv", rows)], None)
    group = resolve_peers(session, GROUP)
    found = PeerFindings(session, group)
    assert found.shared_by_majority(_indicators(session, "zorgwonen")) == []
    from thuis_cli.products import get

    document = get("intervisie").build(session, get("intervisie").target(group))
    html = re.sub(r"\s+", " ", render_text(document, document.artifacts[0], None))
    theme = session.config.catalogus.by_id["zorgwonen"].thema
    heading = macro("woorden/intervisie.html", "thema_kop", theme, "")  # (round 10: the workbook's heading)
    section = html[html.index(heading):]
    assert "Geen gedeelde uitdaging of patroon" in section[:section.index("Misschien een patroon")]


def test_a_large_municipality_does_not_make_or_break_the_pattern(tmp_path):
    """Leuven's 900 answers lie far above Flanders, three small neighbours 20 points below it. Pooled, the
    group would lie above Flanders (Leuven's answers weigh most); by the majority rule, where each
    municipality counts once, 3 of the 4 lie below, and so does their unweighted mean."""
    rows = question("24062", "Leuven", "samenhuizen", {"zeker-niet": 300, "eerder-wel": 600})  # 67 %
    for nis, name in (("24038", "Herent"), ("24009", "Bertem"), ("24011", "Bierbeek")):
        rows += question(nis, name, "samenhuizen", {"zeker-niet": 80, "eerder-wel": 20})  # 20 %
    rows += question("02000", "Vlaanderen", "samenhuizen", {"zeker-niet": 6000, "eerder-wel": 4000})  # 40 %
    ws = Workspace.open([write_csv(tmp_path / "scheef.csv", rows)], None)
    peers = resolve_peers(ws, ["leuven", "herent", "bertem", "bierbeek"])
    indicator = _indicators(ws, "samenhuizen")
    [b] = PeerFindings(ws, peers, indicator).shared_by_majority(indicator)
    pooled = sum(f.aantal for _g, f in b.members + b.opposite) / sum(f.n for _g, f in b.members + b.opposite)
    assert pooled > b.reference.share  # what the old 'groep samen' line would have followed
    assert b.direction == -1 and [g.naam for g, _f in b.members] == ["Herent", "Bertem", "Bierbeek"]
    assert [g.naam for g, _f in b.opposite] == ["Leuven"] and b.counted == 4
    assert abs(b.mean - (0.2 * 3 + 600 / 900) / 4) < 1e-9
    text = say("gedeeld_meerderheid", {"bevinding": b, "label": "Samenhuizen"})
    assert "3 van de 4 gemeenten liggen lager dan Vlaanderen" in text and "Leuven ligt juist hoger" in text


def test_half_of_the_municipalities_on_one_side_is_a_pattern_not_a_shared_challenge(tmp_path):
    """Herent and Bertem lie 20 points below Flanders, Leuven and Bierbeek on it: 2 of 4 is no majority,
    so no shared challenge, but the workbook names 'een patroon bij 2 van de 4 gemeenten' for the
    facilitator to discuss, and ties a guiding question to it that names both."""
    rows = []
    for nis, name, counts in (("24062", "Leuven", {"zeker-niet": 120, "eerder-wel": 80}),
                              ("24038", "Herent", {"zeker-niet": 160, "eerder-wel": 40}),
                              ("24009", "Bertem", {"zeker-niet": 160, "eerder-wel": 40}),
                              ("24011", "Bierbeek", {"zeker-niet": 120, "eerder-wel": 80})):
        rows += question(nis, name, "samenhuizen", counts)
    rows += question("02000", "Vlaanderen", "samenhuizen", {"zeker-niet": 6000, "eerder-wel": 4000})  # 40 %
    ws = Workspace.open([write_csv(tmp_path / "helft.csv", rows)], None)
    peers = resolve_peers(ws, ["leuven", "herent", "bertem", "bierbeek"])
    indicator = _indicators(ws, "samenhuizen")
    found = PeerFindings(ws, peers, indicator)
    assert found.shared_by_majority(indicator) == []
    [b] = found.patterns_by_half(indicator)
    assert b.direction == -1 and [g.naam for g, _f in b.members] == ["Herent", "Bertem"] and b.counted == 4
    assert [g.naam for g, _f in b.alike] == ["Leuven", "Bierbeek"]
    from thuis_cli.products import get

    document = get("intervisie").build(ws, get("intervisie").target(peers))
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_text(document, document.artifacts[0], None)))
    theme = macro("woorden/intervisie.html", "thema_kop", ws.config.catalogus.by_id["samenhuizen"].thema, "")
    section = html[html.index(theme):]
    end = section.index("Bespreking: " + theme.lower())
    findings = section[section.rindex(theme, 0, end):end]  # the theme's own findings, before its questions
    assert "Patroon (niet bij iedereen betekenisvol)" in findings
    assert "Geen gedeelde uitdaging of patroon" not in findings
    assert "een patroon bij 2 van de 4 gemeenten, die lager liggen dan Vlaanderen" in section
    assert "Geen gedeelde uitdaging: precies de helft." in section
    [t] = [t for t in document.context["themas"] if t["titel"] == theme]
    tied = [q for q in t["vragen"] if q["aanleiding"]["soort"] in ("patroon", "toeval")
            and q["aanleiding"]["bevinding"].indicator == "samenhuizen"]
    assert tied and all(n in macro("woorden/intervisie.html", "deelvraag", q["id"], q["aanleiding"])
                        for q in tied for n in ("Herent", "Bertem"))


def test_a_pattern_needs_one_betekenisvol_difference_and_half_the_group(tmp_path):
    """One of four below Flanders is no pattern; two of four that differ by chance alone are none either."""
    rows = []
    for nis, name, counts in (("24062", "Leuven", {"zeker-niet": 120, "eerder-wel": 80}),
                              ("24038", "Herent", {"zeker-niet": 160, "eerder-wel": 40}),
                              ("24009", "Bertem", {"zeker-niet": 120, "eerder-wel": 80}),
                              ("24011", "Bierbeek", {"zeker-niet": 120, "eerder-wel": 80})):
        rows += question(nis, name, "samenhuizen", counts)
    for nis, name, counts in (("24062", "Leuven", {"zeker-niet": 12, "eerder-wel": 18}),
                              ("24038", "Herent", {"zeker-niet": 19, "eerder-wel": 11}),  # 37 %, n = 30: chance
                              ("24009", "Bertem", {"zeker-niet": 19, "eerder-wel": 11}),
                              ("24011", "Bierbeek", {"zeker-niet": 12, "eerder-wel": 18})):
        rows += question(nis, name, "zorgwonen", counts)
    rows += question("02000", "Vlaanderen", "samenhuizen", {"zeker-niet": 6000, "eerder-wel": 4000})
    rows += question("02000", "Vlaanderen", "zorgwonen", {"zeker-niet": 5000, "eerder-wel": 5000})
    ws = Workspace.open([write_csv(tmp_path / "geen.csv", rows)], None)
    peers = resolve_peers(ws, ["leuven", "herent", "bertem", "bierbeek"])
    indicators = _indicators(ws, "samenhuizen", "zorgwonen")
    found = PeerFindings(ws, peers, indicators)
    assert not any(found.versus_flanders(g, "zorgwonen").real for g in peers)
    assert found.patterns_by_half(indicators) == []
    # what looks like a pattern on the chart is named as one that can be chance, with the reason
    [chance] = [b for b in found.chance_patterns(indicators) if b.direction < 0]
    assert chance.indicator == "zorgwonen" and [g.naam for g, _f in chance.members] == ["Herent", "Bertem"]
    assert chance.real == ()
    from thuis_cli.products import get

    document = get("intervisie").build(ws, get("intervisie").target(peers))
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_text(document, document.artifacts[0], None)))
    label = ws.config.catalogus.by_id["zorgwonen"].label
    assert "Misschien een patroon (kan toeval zijn)" in html
    # (round 16: every chance pattern in one form, the rule said once before them, the n in the table above)
    assert "minstens 5 procentpunt aan dezelfde kant van Vlaanderen, maar bij geen enkele gemeente betekenisvol" in html
    assert f"‘{label}’: 2 van de 4 gemeenten lager (Herent 37 %," in html
    # (round 7: one message under the term 'Misschien een patroon (kan toeval zijn)', no 'dus geen patroon')


def test_the_reading_guide_defines_pattern_once_and_warns_the_intervals_are_uncorrected(workbook, copies):
    """Facilitator and municipality copies read the same definition of 'patroon', say that the plotted
    intervals are not corrected for the many comparisons while 'betekenisvol' is, and name the grey
    Flanders line."""
    for path in (workbook, copies["herent"]):
        text = " ".join(" ".join(pdf_pages(path)).split())
        assert ("Patroon. Minstens de helft van de gemeenten met genoeg antwoorden ligt minstens 5 procentpunt "
                "aan dezelfde kant") in text
        # (round 11: the theme pages' heading in the same words)
        assert "Zonder betekenisvol verschil: misschien een patroon (kan toeval zijn)" in text
        # round 5: one plain sentence on why a whisker can miss Flanders without a filled dot
        # (round 9: it points to the one sentence on the correction under 'Betekenisvol verschil')
        assert ("Het lijntje rond elk cijfer is het 95%-interval van dat ene cijfer; voor het volle bolletje ligt de "
                "lat hoger (zie ‘Betekenisvol verschil’)") in text
        assert "is de donkere stippellijn het cijfer van Vlaanderen" in text
        assert "Onderdrukt" not in text and "briefings" not in text


def test_the_workbook_charts_draw_flanders_as_a_grey_line_and_stop_at_100(tmp_path):
    """A panel with a reference share draws a dashed grey line at it; the axis ends at 100 %."""
    from thuis_cli import chart, palette

    bars = (chart.Bar("Herent", 0.2, 0.15, 0.25, 200, palette.AREA),
            chart.Bar("Vlaanderen", 0.34, 0.33, 0.35, 38000, palette.FLANDERS))
    plain = chart._draw_small_multiples((chart.Panel("Wil een rijwoning", bars),), 3, 17.0).decode()
    with_line = chart._draw_small_multiples((chart.Panel("Wil een rijwoning", bars, 0.34),), 3, 17.0).decode()
    assert "stroke-dasharray" not in plain and "stroke-dasharray" in with_line
    assert palette.FLANDERS.lower() in with_line.lower()
    # the panel's plotting area ends where the 100 % tick stands: no empty stretch up to 125 or 130 %
    tick_100 = float(re.search(r'x="([\d.]+)"[^>]*>100 %</text>', with_line).group(1))
    area = re.search(r'<g id="patch_2">\s*<path d="M ([\d.]+) [\d.]+ \s*L ([\d.]+) ', with_line)
    assert abs(float(area.group(2)) - tick_100) < 0.01


def test_differences_between_comparable_municipalities_come_first(known):
    """Leuven (a centrumstad) against Bertem is the largest gap, but Herent against Bertem is the one to
    learn from: two municipalities of the same kind. The city gaps stay, apart, as context (round 18: in the line of
    differences without a question of their own)."""
    session, group = known
    indicators = _indicators(session, "kleiner_wonen", "samenhuizen", "zorgwonen")
    found = PeerFindings(session, group)
    assert ((found.differences(indicators)[0].high.naam, found.differences(indicators)[0].low.naam)
            == ("Leuven", "Bertem"))
    ranking = found.differences_by_type(indicators)
    assert [(b.indicator, b.high.naam, b.low.naam) for b in ranking.comparable] == [("samenhuizen", "Herent", "Bertem")]
    assert [(b.indicator, b.high.naam, b.low.naam) for b in ranking.structural] == [("samenhuizen", "Leuven", "Bertem")]
    assert ranking.has_comparable_pairs and ranking.types["24062"] == "centrumstad"
    text = say("structureel_verschil", {"bevinding": ranking.structural[0], "label": "Samenhuizen",
                                        "soorten": ranking.types})
    assert "Leuven (centrumstad) 80 %" in text and "Bertem (andere gemeente) 20 %" in text
    # In the workbook: the comparable pair under the heading, the city gap below it as context.
    from thuis_cli.products import get

    document = get("intervisie").build(session, get("intervisie").target(group))
    from thuis_cli.publish.render import render_text

    html = re.sub(r"\s+", " ", render_text(document, document.artifacts[0], None))
    label = session.config.catalogus.by_id["samenhuizen"].label
    comparable = html.index(f"{label}: Herent")
    # (round 18: the city gap no question asks stands once, in the line of differences without a question of
    # their own, alike in every copy; no second, background list)
    assert html.index("Verschillen tussen gemeenten van dezelfde soort") < comparable
    assert "Als achtergrond: centrumstad tegenover andere gemeente" not in html
    assert "Leuven ligt betekenisvol hoger dan" in html and f"{label}: Leuven (centrumstad)" not in html


def test_the_configured_centrumsteden_decide_which_pairs_are_comparable(known, tmp_path):
    """One list: instellingen.yaml's `vergelijking.centrumsteden` (not a list in the code) decides what
    the findings, and so the workbook, treat as a centrumstad."""
    _session, _group = known
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "instellingen.yaml").write_text("vergelijking:\n  centrumsteden: [Herent]\n", encoding="utf-8")
    session = Workspace.open([tmp_path / "bekend.csv"], config)
    group = resolve_peers(session, ["leuven", "herent", "bertem"])
    ranking = PeerFindings(session, group).differences_by_type(_indicators(session, "samenhuizen"))
    assert ranking.types == {"24062": "gemeente", "24038": "centrumstad", "24009": "gemeente"}
    assert [(b.high.naam, b.low.naam) for b in ranking.comparable] == [("Leuven", "Bertem")]
    assert all("Herent" in (b.high.naam, b.low.naam) for b in ranking.structural)
    from thuis_cli.products import get

    document = get("intervisie").build(session, get("intervisie").target(group))
    assert {g["naam"]: g["soort"] for g in document.context["gemeenten"]} == {
        "Leuven": "gemeente", "Herent": "centrumstad", "Bertem": "gemeente"}


def test_a_group_without_two_of_a_kind_says_so(session):
    group = resolve_peers(session, ["leuven", "herent"])
    ranking = PeerFindings(session, group).differences_by_type(_indicators(session, "woningtype_gewenst"))
    assert not ranking.has_comparable_pairs and ranking.comparable == ()


# --- choosing the group -------------------------------------------------------------------------

def test_buren_takes_the_certain_neighbours(session):
    assert [g.naam for g in resolve_peers(session, ["holsbeek"], buren=True)][0] == "Holsbeek"
    assert {g.naam for g in resolve_peers(session, ["holsbeek"], buren=True)} == {"Holsbeek", "Leuven", "Lubbeek",
                                                                                  "Rotselaar"}
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

def test_round_trip_fill_and_collect(copies, tmp_path):
    facilitator = {"sessie__datum": "3 maart 2027", "sessie__plaats": "Herent, raadzaal",
                   "tafel__herent__1__naam": "An Peeters", "tafel__herent__1__rol": "schepen van wonen",
                   "opening__leuven": "Veel vraag naar kleiner wonen",
                   "minder-ruimte__conclusie": "Samen een studiedag over compact wonen",
                   "actie__1__wat": ACTION, "actie__1__wie": "Herent en Bertem", "actie__1__wanneer": "mei 2027",
                   "opvolging__datum": "12 juni 2027"}
    leuven = {"minder-ruimte__versterken__leuven": "Samen een woonloket voor kleiner wonen",
              "delen__valkuilen__leuven": "=HYPERLINK(\"http://x\")"}
    herent = {"minder-ruimte__versterken__herent": "Ervaring met zorgwonen delen <b>vet</b>",
              "eigen__hulp__herent": "Hulp bij een woonloket voor kleinere woningen",
              "nabijheid__leren__herent": "Elkaars mobiliteitsplan lezen"}
    files = [fill(copies["facilitator"], tmp_path / "facilitator.pdf", facilitator),
             fill(copies["leuven"], tmp_path / "leuven.pdf", leuven),
             fill(copies["herent"], tmp_path / "herent.pdf", herent)]
    result = run("verzamel", *files, "--uit", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Het exemplaar van Bertem ontbreekt" in result.stderr  # the copy nobody brought back
    xlsx = next((tmp_path / "out" / "intervisie").glob("verzameling-*.xlsx"))
    md = xlsx.with_suffix(".md").read_text()
    book = openpyxl.load_workbook(xlsx)
    cells = {c.value for ws in book for row in ws.iter_rows() for c in row}
    for text in [*facilitator.values(), *leuven.values(), *herent.values()]:
        assert text in cells, text
    assert ["Aan tafel", "Herent", "An Peeters", "schepen van wonen"] in [
        [c.value for c in row] for row in book["Sessie"].iter_rows()]
    for text in ("Samen een woonloket voor kleiner wonen", "\\<b>vet\\</b>",
                 "**Herent**: An Peeters (schepen van wonen)", "Datum: 3 maart 2027",
                 "het exemplaar van Bertem ontbreekt", f"| 1 | {ACTION} | Herent en Bertem | mei 2027 |",
                 "Besluit van de groep", "Waar zoeken wij hulp?"):
        assert text in md, text
    assert ["Voor de eigen gemeente", "Waar zoeken wij hulp?", "Herent",
            "Hulp bij een woonloket voor kleinere woningen"] in [
        [c.value for c in row] for row in book["Bespreking"].iter_rows()]
    formula_cell = next(c for row in book["Bespreking"].iter_rows() for c in row if str(c.value).startswith("=HYPER"))
    assert formula_cell.data_type == "s"  # text, never a formula


def test_collect_as_csv_neutralises_formulas(copies, tmp_path):
    a = fill(copies["bertem"], tmp_path / "a.pdf", {"delen__leren__bertem": "@SUM(1+1)"})
    b = fill(copies["facilitator"], tmp_path / "b.pdf", {"actie__2__wie": "-1+2"})
    result = run("verzamel", a, b, "--uit", tmp_path / "out", "--csv")
    assert result.returncode == 0, result.stderr
    text = next((tmp_path / "out" / "intervisie").glob("*.csv")).read_text(encoding="utf-8-sig")
    assert "'@SUM(1+1)" in text and "'-1+2" in text


def test_verzamel_refuses_strangers(copies, samples, tmp_path):
    not_pdf = tmp_path / "notities.pdf"
    not_pdf.write_text("geen pdf")
    result = run("verzamel", not_pdf, "--uit", tmp_path / "out")
    assert result.returncode == 2 and "geen leesbare PDF" in result.stderr
    brief_pdf = samples.brief("leuven", "ruimte")
    result = run("verzamel", brief_pdf, "--uit", tmp_path / "out")
    assert result.returncode == 2 and "geen intervisiewerkboek van thuis" in result.stderr
    other = samples.workbook("leuven", "herent")[0]  # the facilitator's copy of another session
    result = run("verzamel", copies["facilitator"], copies["herent"], other, "--uit", tmp_path / "out")
    assert result.returncode == 2 and "andere sessie" in result.stderr and other.name in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_intervisie_errors_are_dutch(tmp_path):
    result = run("intervisie", "leuven", "--uit", tmp_path)
    assert result.returncode == 2 and "minstens 2" in result.stderr and "Traceback" not in result.stderr
    result = run("intervisie", "leuven", "Hrent", "--uit", tmp_path)
    assert result.returncode == 2 and "Herent" in result.stderr


def test_cli_intervisie_buren(tmp_path):
    result = run("intervisie", "holsbeek", "--buren", "--max", "3", "--duur", "150", "--uit", tmp_path)
    assert result.returncode == 0, result.stderr
    made = sorted(p.name for p in (tmp_path / "intervisie").glob("intervisie-*.pdf"))
    [facilitator] = [m for m in made if m.endswith("-facilitator.pdf")]
    slugs = facilitator.removeprefix("intervisie-").removesuffix("-facilitator.pdf")
    assert slugs.startswith("holsbeek-leuven-")  # the centre first, then the most respondents
    # its neighbours are Leuven, Lubbeek and Rotselaar; --max 3 keeps the two with the most respondents
    assert slugs.split("-") == ["holsbeek", "leuven", "rotselaar"]
    assert sorted(made) == sorted([facilitator] + [f"intervisie-{slugs}-{s}.pdf" for s in slugs.split("-")]
                                  + [f"intervisie-{slugs}-voorbereiding-{s}.pdf" for s in slugs.split("-")])
    agenda_page = " ".join(pdf_pages(tmp_path / "intervisie" / facilitator)[1].split())
    assert "Agenda van de sessie, 150 minuten" in agenda_page and "–2:30" in agenda_page  # --duur 150


# --- charts, words and the pre-read ---------------------------------------------------------------

def test_chart_labels_are_at_least_8_pt(workbook):
    """Every character of the workbook, the charts' bar names, values and axis included, is 8 pt or more."""
    import pdfplumber

    with pdfplumber.open(workbook) as pdf:
        sizes = [(i + 1, c["text"], round(c["size"], 2)) for i, page in enumerate(pdf.pages) for c in page.chars]
    chart_values = [c for c in sizes if c[1] == "%"]  # '0 %', '50 %', '100 %' of the chart axes, among others
    assert chart_values and sizes
    assert min(size for _p, _t, size in sizes) >= 7.95, sorted(sizes, key=lambda c: c[2])[:5]


def test_chart_alt_texts_give_each_figure_with_its_95_interval_and_n(session):
    from thuis_cli import fmt
    from thuis_cli.products.intervisie import workbook_context
    peers = resolve_peers(session, GROUP)
    context = workbook_context(session, peers)
    herent = session.gebieden.resolve("herent")
    for theme in context["themas"]:
        theme["alt"] = macro("woorden/intervisie.html", "grafiek_alt", theme["titel"], theme["panelen"])
        assert "95%-interval" in theme["alt"]
        ind = next(i for i in session.config.catalogus.indicatoren if i.thema == theme["id"])
        f = session.area(herent).figure(ind.id)
        assert (f"Herent {fmt.pct(f.share)} (95%-interval {fmt.number(f.lo * 100)}–{fmt.pct(f.hi)}, "
                f"{fmt.n_label(f.n)})") in theme["alt"]


def test_the_workbooks_words_can_be_reworded_with_sjablonen(session, tmp_path):
    """The guiding questions, the action headers and the title come from woorden/intervisie.html: a
    municipality's own copy of it rewords them in the copies and in what 'thuis verzamel' reads."""
    from thuis_cli import resources
    from thuis_cli.products import get

    own = tmp_path / "sjablonen" / "woorden"
    own.mkdir(parents=True)
    words = (resources.templates_dir() / "woorden" / "intervisie.html").read_text(encoding="utf-8")
    words = (words.replace("Waar kunnen we elkaar versterken?", "Waar helpen we elkaar?")
             .replace('"wie": "Wie"', '"wie": "Trekker"').replace("Woontest: intervisie", "Buurtoverleg"))
    (own / "intervisie.html").write_text(words, encoding="utf-8")
    peers = resolve_peers(session, GROUP)
    document = get("intervisie").build(session, get("intervisie").target(peers), tmp_path / "sjablonen")
    assert document.title.startswith("Buurtoverleg Leuven")
    facilitator = render_text(document, document.artifacts[0], tmp_path / "sjablonen")
    herent = render_text(document, next(a for a in document.artifacts if a.copy_of == "herent"
                                       and "voorbereiding" not in a.name), tmp_path / "sjablonen")
    for html in (facilitator, herent):
        assert "Waar helpen we elkaar?" in html and "Waar kunnen we elkaar versterken?" not in html
    assert ">Trekker</th>" in facilitator
    meta = json.loads(re.search(r'name="thuis-werkboek" content="([^"]*)"', facilitator).group(1)
                      .replace("&#34;", '"').replace("&quot;", '"'))
    assert meta["vragen"][0] == {"id": "versterken", "tekst": "Waar helpen we elkaar?"}


def test_a_pre_read_per_municipality_on_one_page(prereads, session):
    """'Wat opvalt voor uw gemeente': one page, the municipality's betekenisvol differences with Flanders
    (each figure with its n), and questions to think about before the session."""
    from thuis_cli.peer_findings import PeerFindings

    peers = resolve_peers(session, GROUP)
    indicators = [i for i in session.config.catalogus.indicatoren if i.thema != "profiel"]
    found = PeerFindings(session, peers, indicators)
    for slug, path in prereads.items():
        texts = pdf_pages(path)
        assert len(texts) == 1, slug
        text = " ".join(texts[0].split()).replace("\u00a0", " ")
        name = session.gebieden.resolve(slug).naam
        assert f"Wat opvalt voor {name}" in text and "Ter voorbereiding" in text
        gaps = found.versus_flanders_real(session.gebieden.resolve(slug), indicators)
        for gap in gaps[:2]:
            label = session.config.catalogus.by_id[gap.indicator].label
            assert f"{label}" in text, (slug, label)
            assert f"{gap.gap.a_text} in {name} (n = ".replace("\u00a0", " ") in text, (slug, label)
        if not gaps:
            assert f"wijkt {name} betekenisvol af" in text
        assert f"‘Voor {name} zelf’" in text
        shares = re.findall(r"\d+ %", text)
        assert len(re.findall(r"n = [\d.]+", text)) >= len(shares) / 2, slug  # figures come with their n


def test_the_plan_sets_the_sessions_length(session):
    """`duur` in the plan's `intervisie` section reaches the agenda of every workbook of the plan."""
    from pydantic import ValidationError

    from thuis_cli.products import get
    from thuis_cli.products.intervisie import IntervisieSpec

    product = get("intervisie")
    spec = IntervisieSpec(groepen=[["leuven", "herent"]], duur=150)
    [target] = product.targets(session, spec, [], lambda _where, make: make())
    document = product.build(session, target)
    assert document.context["agenda"][-1]["tot"] == "2:30" and document.context["tijd"].duration == 150
    default = product.build(session, product.target(resolve_peers(session, ["leuven", "herent"])))
    assert default.context["agenda"][-1]["tot"] == "2:00"
    with pytest.raises(ValidationError):
        IntervisieSpec(duur=30)

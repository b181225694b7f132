"""Citizen infographics: plain Dutch, honest figures, plans beside them, accessible everywhere."""

import re
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from thuis_cli import fmt, palette, plain, resources
from thuis_cli.errors import InputError
from thuis_cli.products.infografiek import choose_messages
from thuis_cli.workspace import Workspace

from conftest import question, say, write_csv, write_infographics


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def leuven(session, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    write_infographics(session, session.municipality("leuven"), out)
    return out / "leuven" / "infografiek"


# Under 10 %: 'N op de 100' with the whole percentage, not 'ongeveer 1 op de 16' (a sum to make).
@pytest.mark.parametrize("share,words", [
    (0.67, "bijna 7 op de 10"), (0.70, "7 op de 10"), (0.71, "7 op de 10"), (0.63, "ruim 6 op de 10"),
    (0.50, "de helft van de"), (0.49, "bijna de helft van de"), (0.08, "8 op de 100"), (0.0625, "6 op de 100"),
    (0.99, "bijna alle"), (0.01, "bijna geen"), (0.365, "bijna 4 op de 10"), (0.33, "ruim 3 op de 10"),
])
def test_honest_rounding_in_words(share, words):
    assert say("aandeel_woorden", plain.fraction(share)) == words


def test_sentence_is_b1_and_says_deelnemers():
    from thuis_cli.products.infografiek import Boodschap

    b = Boodschap(1, "winkels", "Winkels", "Nabijheid", "Leuven", 0.67, 120,
                  "wonen liever in een buurt met winkels op wandelafstand", plain.fraction(0.67), None, None, (), True)
    assert say("boodschap_zin", b) == ("Bijna 7 op de 10 deelnemers uit Leuven wonen liever in een buurt met winkels "
                                       "op wandelafstand.")


def test_all_outputs_exist(leuven):
    names = {p.name for p in leuven.iterdir()}
    assert {"affiche.pdf", "presentatie.pdf", "index.html", "teksten.md"} <= names
    assert len([n for n in names if n.endswith(".png")]) == 6 == len([n for n in names if n.endswith(".svg")])


def test_pngs_are_1080_square(leuven):
    for png in leuven.glob("*.png"):
        assert Image.open(png).size == (1080, 1080)


def test_every_message_matches_the_data(session, leuven):
    gebied = session.municipality("leuven")
    figures = session.area(gebied)
    messages = choose_messages(session, gebied)
    md = leuven.joinpath("teksten.md").read_text()
    for m in messages:
        fig = figures.figure(m.indicator)
        assert m.share == fig.share and m.n == fig.n and not fig.suppressed
        assert f"{fig.share * 100:.0f} % van {round(fig.n):,} deelnemers".replace(",", ".") in md.replace("\u00a0", " ")
        assert say("aandeel_woorden", plain.fraction(fig.share)) in say("boodschap_zin", m).lower()


def test_comparison_only_when_real(session):
    """Real: betekenisvol after Benjamini-Hochberg over the messages' comparisons with Flanders
    (recomputed with statsmodels in tests/test_findings_method.py)."""
    gebied = session.municipality("leuven")
    rules = session.config.infografiek
    candidates = [session.config.catalogus.by_id[i] for i in rules.kandidaten]
    scope = session.area(gebied).document_scope(candidates, rules.signalen, references=("vlaanderen",))
    for m in choose_messages(session, gebied):
        assert (m.verschil_vlaanderen is not None) == scope.versus(m.indicator, "vlaanderen").real


def test_suppressed_indicators_never_appear(tmp_path):
    rows = question("24062", "Leuven", "winkels_wandelafstand", {"winkels": 10}, "totaal")
    rows = [r[:6] + [20] for r in rows]  # n = 20: below the threshold
    rows += question("24062", "Leuven", "meer_groen", {"zeer-oneens": 5, "oneens": 5, "neutraal": 20, "eens": 40,
                                                       "zeer-eens": 30})
    session = Workspace.open([write_csv(tmp_path / "d.csv", rows)], None)
    messages = choose_messages(session, session.municipality("leuven"))
    assert [m.indicator for m in messages] == ["meer_groen"]
    out = tmp_path / "out"
    write_infographics(session, session.municipality("leuven"), out)
    text = (out / "leuven" / "infografiek" / "index.html").read_text()
    assert "winkels" not in text.lower().replace("winkels en diensten", "")


def test_municipality_without_any_publishable_figure(session, tmp_path):
    with pytest.raises(InputError, match="genoeg antwoorden"):
        write_infographics(session, session.municipality("spiere-helkijn"), tmp_path)
    assert not (tmp_path / "spiere-helkijn").exists()


def test_max_limits_messages(session):
    assert len(choose_messages(session, session.municipality("gent"), 3)) == 3


def test_plans_appear_next_to_their_indicator(leuven):
    html = leuven.joinpath("index.html").read_text()
    sections = re.split(r'<section class="boodschap', html)
    shops = next(s for s in sections if "Deelnemers uit Leuven willen vaker winkels op wandelafstand" in s)
    assert "Buurtwinkels in de deelgemeenten" in shops and "Actie 3.2.1" in shops
    housing = next(s for s in sections if "willen vaker compacter wonen" in s)
    assert "Buurtwinkels" not in housing and "woonbeleidsplan" in housing
    assert "doemee.leuven.be" in html  # the closing call from config


def test_a_plan_stands_only_beside_the_indicators_it_names(session):
    """Linked by id, not by theme: 'Wil een auto delen' is answered with the shared-car plan, never
    with the cohousing plan of the same theme."""
    for slug in ("leuven", "gent", "herent"):
        for m in choose_messages(session, session.municipality(slug)):
            assert all(m.indicator in p.indicatoren for p in m.plannen), (slug, m.indicator)
    cars = next(m for m in choose_messages(session, session.municipality("leuven")) if m.indicator == "autodelen")
    assert [p.tekst for p in cars.plannen] == [
        "In elke wijk komt een standplaats voor deelauto's, dicht bij een bushalte."]


def test_closing_call_left_out_when_not_configured(tmp_path):
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "plannen.yaml").write_text("gemeenten: {}\n")
    session = Workspace.open(None, tmp_path / "cfg")
    write_infographics(session, session.municipality("leuven"), tmp_path / "out")
    html = (tmp_path / "out" / "leuven" / "infografiek" / "index.html").read_text()
    assert "Praat mee" not in html and "Wat doet de gemeente?" not in html


def test_html_is_self_contained_and_accessible(leuven):
    html = leuven.joinpath("index.html").read_text()
    assert '<html lang="nl">' in html
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert not re.search(r'src="(?!data:)', html)
    # Links only to web pages a reader may choose to open; nothing the page itself loads.
    assert all(re.match(r'<a href="https://', tag) for tag in re.findall(r'<[a-z]+ [^>]*href="[^"]*"', html))
    assert "@import" not in html and "url(" not in html.replace("url(data:font/woff;base64,", "")
    levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_poster_is_one_a3_page_and_slides_are_16_9(leuven):
    poster = PdfReader(str(leuven / "affiche.pdf"))
    assert len(poster.pages) == 1
    box = poster.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 1191)
    slides = PdfReader(str(leuven / "presentatie.pdf"))
    assert len(slides.pages) == 1 + 6 + 1 + 1  # title, one per message, the other plan, closing
    for page in slides.pages:
        assert float(page.mediabox.width) / float(page.mediabox.height) == pytest.approx(16 / 9, rel=1e-3)


def test_poster_and_slides_pass_pdf_ua(leuven):
    import page

    for name in ("affiche.pdf", "presentatie.pdf"):
        report = page.validate_pdf(str(leuven / name), profile="ua1")
        assert report.is_compliant, (name, [(f.rule_id, f.message) for f in report.failures])


def _declared(css: str, prop: str) -> set[str]:
    return {c.upper() for c in re.findall(rf"(?<![-\w]){prop}\s*:\s*(#[0-9A-Fa-f]{{6}})", css)}


# Rules that paint a shape that never holds text (the bars of the share charts in the brief): their
# fills are no text background, and are held to the non-text contrast of 3:1 against the track instead.
FILL_ONLY = re.compile(r"^[^{}]*\.staaf-(?:vulling|baan)\s*\{[^}]*\}", re.M)


def test_every_text_colour_in_the_templates_reaches_4_5_on_every_background():
    css = "\n".join(p.read_text() for p in resources.templates_dir().rglob("*") if p.suffix in (".css", ".html"))
    fills = _declared("\n".join(FILL_ONLY.findall(css)), "background")
    css = FILL_ONLY.sub("", css)
    texts = _declared(css, "color") | {palette.TEXT}
    backgrounds = _declared(css, "background") | {"#FFFFFF"}
    track = "#EFEFEF"
    assert track in fills and len(fills) >= 3
    for fill in fills - {track}:
        assert palette.contrast(fill, track) >= 3, (fill, track)
    assert texts and len(backgrounds) >= 3
    for text in texts:
        for background in backgrounds:
            assert palette.contrast(text, background) >= 4.5, (text, background)


def test_filled_and_empty_dots_are_distinguishable():
    assert palette.contrast(palette.OUTLINE, palette.BACKGROUND) >= 3
    assert palette.contrast(palette.AREA, palette.BACKGROUND) >= 3


CHECK = """<script>
window.addEventListener('load', () => {
  const imgs = [...document.images];
  const ok = imgs.filter(i => i.complete && i.naturalWidth > 0).length;
  document.body.setAttribute('data-beelden', ok + '/' + imgs.length);
});
</script>"""


@pytest.mark.slow
def test_page_works_in_a_real_browser(leuven, tmp_path, recording_server):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("chromium ontbreekt: 'make test' installeert het (Debian-pakket chromium)")
    port, hits = recording_server  # the browser's proxy: every request it makes arrives here
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
             "--disable-default-apps", "--disable-features=NetworkTimeServiceQuerying,OptimizationHints",
             "--no-pings", f"--user-data-dir={tmp_path / 'profiel'}",
             f"--proxy-server=http://127.0.0.1:{port}", "--proxy-bypass-list=<-loopback>",
             "--virtual-time-budget=5000"]
    # A copy with a probe script: the page itself has no script and needs none.
    probe = tmp_path / "index.html"
    probe.write_text(leuven.joinpath("index.html").read_text().replace("</body>", CHECK + "</body>"))
    dom = subprocess.run([*flags, "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
    found = re.search(r'data-beelden="(\d+)/(\d+)"', dom.stdout)
    assert found, dom.stderr[-2000:]
    assert found.group(1) == found.group(2) == "6"
    shot = leuven / "schermafdruk.png"
    subprocess.run([*flags, "--window-size=1200,2400", f"--screenshot={shot}",
                    leuven.joinpath("index.html").as_uri()], capture_output=True, timeout=120)
    assert shot.stat().st_size > 10_000 and Image.open(shot).size == (1200, 2400)
    # Chromium's own housekeeping (clock sync, component checks) goes to Google's service hosts; those
    # are not the page's. Any other request would be the page reaching out.
    from urllib.parse import urlsplit

    own = (".google.com", ".googleapis.com", ".gstatic.com", ".googleusercontent.com", ".gvt1.com")
    page_requests = [h for h in hits if not (urlsplit(h).hostname or h.split(":")[0]).endswith(own)]
    assert page_requests == []


def test_cli_infografiek(tmp_path):
    import sys

    result = subprocess.run([sys.executable, "-m", "thuis_cli", "infografiek", "--gemeente", "gent", "--max", "4",
                             "--uit", tmp_path], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "gent" / "infografiek").glob("*.png"))) == 4
    result = subprocess.run([sys.executable, "-m", "thuis_cli", "infografiek", "--max", "0", "--uit", tmp_path],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "--max" in result.stderr


# --- issue 13: plans linked by id, messages that say something, a poster, slides and a page that fit
#     their use ----------------------------------------------------------------------------------

def _message(share: float, diff: float | None = None, kop: str = "willen een deelauto gebruiken"):
    from thuis_cli.products.infografiek import Boodschap

    return Boodschap(1, "autodelen", "Wil een auto delen", "Delen", "Leuven", share, 1200,
                     "zouden een deelauto gebruiken", plain.fraction(share), diff,
                     plain.fraction(share - diff) if diff else None, (), True, kop_inwoners=kop,
                     share_vlaanderen=share - diff if diff else None)


def _plans_config(tmp_path, plannen: str):
    cfg = tmp_path / "cfg"
    cfg.mkdir(exist_ok=True)
    (cfg / "plannen.yaml").write_text(plannen)
    return cfg


def test_older_plan_files_naming_one_indicator_still_read():
    from thuis_cli.config import Actie

    assert Actie.model_validate({"indicator": "autodelen", "tekst": "Deelauto's."}).indicatoren == ("autodelen",)


def test_check_reports_an_indicator_whose_only_plan_belongs_to_another_theme(tmp_path):
    from thuis_cli.report import check_summary

    cfg = _plans_config(tmp_path, """gemeenten:
  leuven:
    plannen:
      - {indicatoren: [autodelen, samenhuizen], thema: minder-ruimte, tekst: We bouwen cohousing.}
      - {indicatoren: [samenhuizen], thema: delen, tekst: Samenhuizen krijgt een loket.}
""")
    summary, said = check_summary(Workspace.open(None, cfg), cfg)
    warnings = [line for line in summary.splitlines() if line.startswith("Let op: gemeenten.leuven")]
    # autodelen has only the cohousing plan of another theme; samenhuizen also has one of its own
    assert len(warnings) == 1 and "'Wil een auto delen' (autodelen" in warnings[0], summary
    assert "Meer mensen wonen op minder ruimte" in warnings[0]
    assert said == [warnings[0].removeprefix("Let op: ")]  # a warning: `thuis check --streng` fails on it
    fixed = _plans_config(tmp_path, """gemeenten:
  leuven:
    plannen:
      - {indicatoren: [autodelen], thema: delen, tekst: Deelauto's aan het station.}
""")
    summary, _ = check_summary(Workspace.open(None, fixed), fixed)
    assert "Let op: gemeenten" not in summary and "elk in het thema van zijn boodschappen" in summary


def test_check_reports_a_plan_linked_to_an_unknown_indicator(tmp_path):
    import sys

    cfg = _plans_config(tmp_path, """gemeenten:
  leuven:
    plannen:
      - {indicatoren: [samenhuizen, autodelenn], thema: delen, tekst: Deelauto's.}
""")
    result = subprocess.run([sys.executable, "-m", "thuis_cli", "check", "--config", cfg],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "gemeenten.leuven.plannen[0].indicatoren[1]: onbekende indicator 'autodelenn'" in result.stderr
    assert "autodelen" in result.stderr.split("autodelenn", 1)[1]  # the suggestion


def test_no_two_images_carry_the_same_headline_and_each_states_its_message(session):
    koppen = session.config.infografiek.koppen
    for slug in ("leuven", "gent", "herent", "bertem"):
        messages = choose_messages(session, session.municipality(slug))
        heads = [say("boodschap_kop", m) for m in messages]
        assert len(set(heads)) == len(heads) == len(messages), heads
        for m, head in zip(messages, heads):
            verb, rest = koppen[m.indicator].split(" ", 1)
            assert f"eelnemers uit {m.gemeente} " in head
            assert verb in head and rest in head and m.percentage not in head, head
            if m.verschil_vlaanderen:
                assert "vaker" in head or "minder vaak" in head
                assert head.endswith("dan in Vlaanderen")


def test_the_configuration_refuses_two_messages_with_one_headline(tmp_path):
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    text = (resources.config_dir() / "infografiek.yaml").read_text()
    (cfg / "infografiek.yaml").write_text(text.replace("kiezen een levendige buurt", "willen compacter wonen"))
    with pytest.raises(InputError) as caught:
        Workspace.open(None, cfg)
    assert "dezelfde kop" in str(caught.value.problems) and "rustig_levendig" in str(caught.value.problems)


@pytest.mark.parametrize("share,diff,head", [
    (0.29, 0.09, "Deelnemers uit Leuven willen vaker een deelauto gebruiken dan in Vlaanderen"),
    (0.29, -0.09, "Deelnemers uit Leuven willen minder vaak een deelauto gebruiken dan in Vlaanderen"),
    (0.29, None, "3 op de 10 deelnemers uit Leuven willen een deelauto gebruiken"),  # a minority stays one
    (0.55, None, "Ruim de helft van de deelnemers uit Leuven willen een deelauto gebruiken"),
    (0.77, None, "De meeste deelnemers uit Leuven willen een deelauto gebruiken"),
    (0.06, None, "6 op de 100 deelnemers uit Leuven willen een deelauto gebruiken"),
])
def test_headline_wording(share, diff, head):
    assert say("boodschap_kop", _message(share, diff)) == head


def test_the_comparison_compares_the_share_not_the_number_of_participants():
    higher = say("boodschap_vergelijking", _message(0.54, 0.20))
    assert higher == "In heel Vlaanderen is dat aandeel kleiner: ruim 3 op de 10."
    assert (say("boodschap_vergelijking", _message(0.30, -0.10))
            == "In heel Vlaanderen is dat aandeel groter: 4 op de 10.")
    assert say("boodschap_vergelijking", _message(0.30)) == ""


def test_survey_year_on_every_image_the_poster_the_slides_and_the_page(session, leuven):
    from thuis_cli.products.infografiek import image_of

    from thuis_cli import beelden

    for m in choose_messages(session, session.municipality("leuven")):
        image = image_of(m, True, None, 2020)
        drawn = beelden.beeld(image, "svg-tekst").decode()  # the image with its text kept as text
        assert "Woontest Thuis in de Toekomst (2020)" in drawn and "Open online bevraging (2020)" in drawn
    poster = " ".join(p.extract_text() for p in PdfReader(str(leuven / "affiche.pdf")).pages)
    assert "2020" in poster and "Dit vonden zij belangrijk" not in poster
    slides = PdfReader(str(leuven / "presentatie.pdf")).pages
    assert all("2020" in page.extract_text() for page in slides[:-1])  # not needed on the thank-you slide
    assert "in 2020 mee" in leuven.joinpath("index.html").read_text()


def test_texts_have_no_nested_brackets_and_carry_every_plan(session, leuven):
    md = leuven.joinpath("teksten.md").read_text()
    assert not re.search(r"\([^()]*\(", md), re.search(r"\([^()]*\(.{0,40}", md)
    sections = md.split("\n## ")
    for m in choose_messages(session, session.municipality("leuven")):
        section = next(s for s in sections if s.startswith(f"{m.nr}. {m.label}"))
        assert section.count("**Wat doet de gemeente?**") == len(m.plannen)
        assert all(p.tekst in section and p.meerjarenplan in section for p in m.plannen)
        assert f"**Kop:** {say('boodschap_kop', m)}" in section


# --- reading font sizes back from the PDFs ----------------------------------------------------------

def _words(pdf_path, page: int = 0) -> list[dict]:
    """Words with their rendered size in points (font size times the text matrix, as pdfplumber reads it)."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        return pdf.pages[page].extract_words(extra_attrs=["size"], use_text_flow=True)


def _qr(pdf_path, page: int, tmp_path) -> str:
    """What a phone reads from the QR code on that page (rendered at 100 dpi, read by zbarimg)."""
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg ontbreekt: 'make install-test' installeert het (Debian-pakket zbar-tools)")
    png = tmp_path / f"qr-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", "-f", str(page + 1), "-l", str(page + 1),
                    str(pdf_path), str(png)], check=True)
    result = subprocess.run(["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True, text=True)
    return result.stdout.strip()


def test_poster_reads_from_two_metres(session, leuven, tmp_path):

    words = _words(leuven / "affiche.pdf")
    title = [w for w in words if w["text"] in ("Wonen", "zeggen", "deelnemers?") and w["top"] < 200]
    assert len(title) == 3 and min(w["size"] for w in title) >= 60
    small = [w for w in words if w["size"] < 18]
    small_text = " ".join(w["text"] for w in small)
    # only the footnote (the survey's limits) is small print; every message and the call are 18 pt or more
    assert small_text.startswith("De woontest (2020) was een open online bevraging"), small_text[:200]
    assert "thuis" not in small_text.replace("Thuis in de Toekomst", "")  # no tool words on a poster for residents
    big = [w for w in words if w["size"] >= 18]
    messages = choose_messages(session, session.municipality("leuven"))[:4]
    for m in messages:  # every headline on the poster at 18 pt or more
        head = say("boodschap_kop", m).split()
        assert all(any(w["text"] == h for w in big) for h in head), head
    date = [w for w in words if w["text"] in ("16", "maart", "2027")]
    assert date and min(w["size"] for w in date) >= 30  # the info evening, large
    assert any(w["text"] == "Stadhuis" and w["size"] >= 20 for w in words)
    assert _qr(leuven / "affiche.pdf", 0, tmp_path) == "https://doemee.leuven.be/woontest"


def test_poster_has_no_empty_half_panel(session, tmp_path):
    """Three messages: the third card spans the width instead of leaving half a row empty."""
    write_infographics(session, session.municipality("leuven"), tmp_path, most=3)
    import pdfplumber

    with pdfplumber.open(tmp_path / "leuven" / "infografiek" / "affiche.pdf") as pdf:
        assert len(pdf.pages) == 1
        width = pdf.pages[0].width
        words = pdf.pages[0].extract_words(use_text_flow=True)
    third = say("boodschap_kop", choose_messages(session, session.municipality("leuven"), 3)[2]).split()
    first_line = [w for w in words if w["text"] == third[0]][-1]  # the last headline starting so
    line = [w for w in words if abs(w["top"] - first_line["top"]) < 2]
    assert first_line["x0"] < 0.2 * width and max(w["x1"] for w in line) > 0.75 * width


def test_slides_are_for_a_projector(session, leuven, tmp_path):
    import pdfplumber

    messages = choose_messages(session, session.municipality("leuven"))
    path = leuven / "presentatie.pdf"
    with pdfplumber.open(path) as pdf:
        pages = [p.extract_words(extra_attrs=["size"], use_text_flow=True) for p in pdf.pages]
        texts = [p.extract_text() for p in pdf.pages]
    assert "Wonen in Leuven" in texts[0] and "Praat mee" in texts[-1]
    for words in pages:
        # the slide number and the one source line at the foot are the only small print
        small = [w for w in words if w["size"] < 23.5]  # 24 pt, as the PDF's matrices give it back
        assert len({round(w["top"]) for w in small}) <= 2, [(w["text"], w["size"]) for w in small][:12]
        assert all(w["top"] > 330 for w in small)  # at the foot (the page is 405 pt high)
    for m, words, text in zip(messages, pages[1:], texts[1:]):
        head = say("boodschap_kop", m)
        flat = " ".join(text.split())
        assert flat.count(head) == 1, flat  # the message once, as the title
        assert any(w["text"] == "%" and w["size"] >= 48 for w in words), m.indicator  # the chart's percentage, large
        assert "Vlaanderen" in flat if m.verschil_vlaanderen else True
        sentence = say("boodschap_zin", m)
        assert flat.count(sentence) <= 1
    assert _qr(path, len(texts) - 1, tmp_path) == "https://doemee.leuven.be/woontest"


# --- the web page on a phone and on a desktop, in real Chromium ------------------------------------

from test_accessibility import browser  # noqa: E402,F401 - the selenium-driven Chromium fixture

LAYOUT = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.textContent.trim()) {
      const style = getComputedStyle(node.parentElement);
      texts.push({text: node.textContent.trim().slice(0, 40), size: parseFloat(style.fontSize),
                  family: style.fontFamily});
    }
  }
  const links = [...document.querySelectorAll('a[href]')].map(a => ({href: a.href,
      top: a.getBoundingClientRect().top + scrollY, width: a.getBoundingClientRect().width}));
  const heads = [...document.querySelectorAll('main h2')].map(h => h.getBoundingClientRect().top + scrollY);
  const lato = [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Lato' && f.status === 'loaded');
  done(JSON.stringify({scrollWidth: document.documentElement.scrollWidth, innerWidth, innerHeight, texts,
                       links, heads, lato: lato.map(f => f.weight)}));
});
"""


@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 1280])
def test_page_reads_on_a_phone_and_a_desktop(browser, leuven, width):  # noqa: F811
    import json

    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    browser.get(leuven.joinpath("index.html").as_uri())
    page = json.loads(browser.execute_async_script(LAYOUT))
    assert page["innerWidth"] == width
    assert page["scrollWidth"] <= page["innerWidth"]  # no sideways scrolling
    # every text is HTML text (the images carry none) at 16 px or more, in the images' font
    assert min(t["size"] for t in page["texts"]) >= 16, min(page["texts"], key=lambda t: t["size"])
    assert all(t["family"].startswith("Lato") for t in page["texts"])
    assert set(page["lato"]) == {"400", "700"}
    # the call to participate: a real link within the first screen, and again after the last message
    calls = [link for link in page["links"] if link["href"] == "https://doemee.leuven.be/woontest"]
    assert calls and calls[0]["top"] < page["innerHeight"], calls
    assert calls[-1]["top"] > page["heads"][-2]
    assert all(link["width"] <= width for link in page["links"])
    shot = leuven / f"pagina-{width}.png"
    browser.set_window_size(width, 2000)
    browser.save_screenshot(str(shot))
    assert Image.open(shot).size[0] >= width


def test_page_images_carry_no_text(leuven):
    import base64

    html = leuven.joinpath("index.html").read_text()
    sources = re.findall(r'<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert sources and len(sources) == html.count("<img ")
    for source in sources:  # a dot grid, its title only for assistive technology
        assert "<text" not in base64.b64decode(source).decode()


def test_each_image_is_drawn_once_for_all_its_formats(session, tmp_path, monkeypatch):
    """The page's SVG, the PNG and the portable SVG of one message come from one drawing."""
    from thuis_cli import beelden

    monkeypatch.setenv("THUIS_CACHE", "uit")  # no cache between runs: every image must be drawn here
    beelden.beeld.cache_clear()
    getattr(beelden, "_drawn", beelden.beeld).cache_clear()
    drawn = []
    original = beelden._draw
    monkeypatch.setattr(beelden, "_draw", lambda b: drawn.append(b) or original(b))
    write_infographics(session, session.municipality("herent"), tmp_path)
    pngs = sorted((tmp_path / "herent" / "infografiek").glob("*.png"))
    assert pngs and len(drawn) == len(pngs) == len(set(drawn))
    beelden.beeld.cache_clear()
    getattr(beelden, "_drawn", beelden.beeld).cache_clear()


# --- dot grids and slide charts: exact, and cheap for the PDF renderer (issue 17) -----------------

@pytest.mark.parametrize("share, filled", [(0.0, 0), (0.544, 54), (0.999, 100), (1.0, 100)])
def test_a_dot_grid_fills_the_whole_percentage_in_two_paths_at_most(share, filled):
    from thuis_cli import beelden

    svg = beelden.dot_grid_svg(share, "titel").decode()
    paths = re.findall(r'<path d="([^"]+)" fill="([^"]+)"', svg)
    assert len(paths) <= 2 and "<circle" not in svg
    dots = {fill: d.count("z") for d, fill in paths}
    assert dots.get(palette.AREA, 0) == filled
    assert dots.get("none", 0) == 100 - filled


def test_a_dot_is_four_curves_drawn_where_a_true_circle_is(tmp_path):
    """No arcs (WeasyPrint turns each into curves in Python: half of a poster's time); the curves cover
    the circle they stand for."""
    import base64
    import math
    import subprocess

    import numpy as np
    from PIL import Image

    from thuis_cli import beelden
    from thuis_cli.render import html_to_pdf

    d = beelden._circles([(50.0, 50.0)], 40.0)
    assert not re.search(r"[aA]", d) and d.count("z") == 1
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
           f'<path d="{d}" fill="#000"/></svg>').encode()
    src = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    html = (f'<html lang="nl-BE"><head><meta charset="utf-8"><title>t</title><style>@page {{ size: 10cm; '
            f'margin: 0 }} body {{ margin: 0 }}</style></head><body><img src="{src}" alt="stip" '
            f'style="display: block; width: 10cm"></body></html>')
    (tmp_path / "stip.pdf").write_bytes(html_to_pdf(html))
    subprocess.run(["pdftoppm", "-png", "-r", "254", "-singlefile", str(tmp_path / "stip.pdf"),
                    str(tmp_path / "stip")], check=True)
    ink = np.asarray(Image.open(tmp_path / "stip.png").convert("L")) < 128  # 1,000 px: 10 px per unit
    area = ink.sum() / 100  # in units²
    assert abs(area - math.pi * 40 ** 2) < 0.005 * math.pi * 40 ** 2
    ys, xs = ink.nonzero()
    assert abs(xs.mean() / 10 - 50) < 0.1 and abs(ys.mean() / 10 - 50) < 0.1


def test_a_slide_chart_is_a_few_nodes_with_its_texts_at_projector_size():
    from thuis_cli import beelden

    with_flanders = beelden.Dia(0.54, "54 %", "van 1.495 deelnemers", "Leuven", 0.34, "Vlaanderen: 34 %")
    svg = beelden._draw_slide(with_flanders).decode()
    assert svg.count("<") - svg.count("</") <= 12  # grid (2), percentage, n (2 lines), 2 labels, 2 bars
    assert re.findall(r">([^<]+)</text>", svg) == ["54 %", "van 1.495", "deelnemers", "Leuven", "Vlaanderen: 34 %"]
    assert min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)) >= 24
    alone = beelden._draw_slide(beelden.Dia(0.54, "54 %", "van 1.495 deelnemers", "Leuven", None)).decode()
    assert "Vlaanderen" not in alone and "<rect" not in alone


# --- what residents read: plain Dutch, never a catalogue label, a config path or 'je' -----------------

def resident_texts(ws, gemeente: str) -> dict[str, str]:
    """Every text of a municipality's citizen material, by where it stands: the poster, the slides and
    the web page (their words and every alt text), teksten.md, and the words and alt text of each image."""
    import html as html_module

    from thuis_cli.products import get
    from thuis_cli.publish.render import render_template

    product = get("infografiek")
    document = product.build(ws, product.target(ws.municipality(gemeente)))
    texts = {}
    for artifact in document.artifacts:
        if artifact.template is None:
            continue
        source = render_template(artifact.template, document.context_for(artifact))
        if artifact.format != "md":
            alts = re.findall(r'alt="([^"]*)"', source)
            source = re.sub(r"<(style|script)\b.*?</\1>", " ", source, flags=re.S)
            source = " ".join([re.sub(r"<[^>]+>", " ", source), *alts])
        texts[artifact.name] = html_module.unescape(source)
    for item in document.context["boodschappen"]:
        image, slide = item["beeld_spec"], beelden_dia(item)
        texts[item["b"].slug] = " ".join([image.kop, image.cijfer, image.vergelijking, image.zin, image.voet,
                                         image.bovenregel, slide, item["alt"]])
    return texts


def beelden_dia(item) -> str:
    """The texts drawn in a slide's chart (they are SVG text in a data URI)."""
    import base64

    svg = base64.b64decode(item["dia"].split(",", 1)[1]).decode()
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


@pytest.fixture(scope="module")
def without_plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cfg")
    (folder / "plannen.yaml").write_text("gemeenten: {}\n")
    return Workspace.open(None, folder)


@pytest.mark.parametrize("gemeente,plans", [("leuven", "own"), ("merelbeke", "example"), ("gent", "example"),
                                            ("merelbeke", "none"), ("leuven", "none")])
def test_resident_texts_are_plain_dutch_for_residents(session, without_plans, gemeente, plans):
    ws = without_plans if plans == "none" else session
    texts = resident_texts(ws, gemeente)
    assert {"affiche.pdf", "presentatie.pdf", "index.html", "teksten.md"} <= set(texts)
    labels = {i.label for i in ws.config.catalogus.indicatoren} | {t.titel for t in ws.config.catalogus.themas.values()}
    quoted = re.compile(r"[‘'\"“]([^‘’'\"“”]{2,80})[’'\"”]")
    for where, text in texts.items():
        text = text.replace("\u00a0", " ").replace("\u202f", " ")
        in_quotes = {q.strip() for q in quoted.findall(text)}
        assert not in_quotes & labels, (where, in_quotes & labels)
        assert not re.search(r"\bBij ‘", text), where
        assert not re.search(r"\.(ya?ml|csv|json|py)\b|config/|plannen\.|[{}]", text), (where, text)
        assert not re.search(r"\b(je|jij|jou|jouw|jullie)\b", text, re.I), (where, re.findall(r".{30}\bje\b.{9}", text))
        assert not re.search(r"\b(the|and|with|example|click|here|None|null|nan|undefined|True|False)\b", text), where


# --- alt texts that carry the finding ---------------------------------------------------------------

def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _figure_alts(pdf_path) -> list[str]:
    import pikepdf

    alts = []
    with pikepdf.open(pdf_path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            if isinstance(element, pikepdf.Dictionary) and element.get("/S") == "/Figure":
                alts.append(str(element.get("/Alt", "")))
            kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])
    return alts


@pytest.mark.parametrize("gemeente,link", [("leuven", "doemee.leuven.be/woontest"), ("merelbeke", None)])
def test_every_figure_alt_states_the_finding_n_comparison_caveat_and_call(session, tmp_path, gemeente, link):
    import html as html_module

    folder = tmp_path / gemeente / "infografiek"
    write_infographics(session, session.municipality(gemeente), tmp_path)
    messages = choose_messages(session, session.municipality(gemeente))
    assert any(m.verschil_vlaanderen for m in messages) or gemeente == "merelbeke"
    assert gemeente == "leuven" or not all(m.verschil_vlaanderen for m in messages), "a message without one"
    html = folder.joinpath("index.html").read_text()
    page_alts = [html_module.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', html)]
    md = folder.joinpath("teksten.md").read_text()
    md_alts = re.findall(r"\*\*Alt-tekst:\*\* (.*)", md)
    documents = {"index.html": page_alts, "affiche.pdf": _figure_alts(folder / "affiche.pdf"),
                 "presentatie.pdf": _figure_alts(folder / "presentatie.pdf"), "teksten.md": md_alts}
    for where, alts in documents.items():
        assert len(alts) == len(set(alts)), (where, alts)  # no two figures share an alt text
        assert not any("bolletjes" in a for a in alts), where
        shown = messages[:4] if where == "affiche.pdf" else messages
        for m in shown:
            alt = next(_plain(a) for a in alts if say("boodschap_kop", m) in _plain(a))
            assert f"{_plain(m.percentage)} van {fmt.count(m.n)} deelnemers" in alt, alt
            assert ("Vlaanderen" in alt) == bool(m.verschil_vlaanderen), alt
            if m.verschil_vlaanderen and where != "teksten.md":  # the image says it in words (below)
                assert f"tegenover {_plain(fmt.pct(m.share_vlaanderen))} in heel Vlaanderen" in alt, alt
            assert "Open online bevraging (2020), geen representatieve steekproef." in alt
            assert (f"Praat mee: {link}." in alt) if link else ("Praat mee" not in alt), alt
            if where == "teksten.md":  # the published image: every text printed in it
                assert say("boodschap_zin", m) in alt
                assert say("boodschap_vergelijking", m) in alt

"""Citizen infographics: plain Dutch, honest figures, plans beside them, accessible everywhere."""

import re
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from thuis_cli import palette, plain, resources
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
    assert say("boodschap_zin", b) == "Bijna 7 op de 10 deelnemers uit Leuven wonen liever in een buurt met winkels op wandelafstand."


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
    gebied = session.municipality("leuven")
    from thuis_cli.compute import compare

    area = session.area(gebied)
    for m in choose_messages(session, gebied):
        cmp = compare(area.figure(m.indicator), area.reference("vlaanderen").figure(m.indicator),
                      session.config.instellingen.statistiek)
        assert (m.verschil_vlaanderen is not None) == cmp.real


def test_suppressed_indicators_never_appear(tmp_path):
    rows = question("24062", "Leuven", "winkels_wandelafstand", {"winkels": 10}, "totaal")
    rows = [r[:6] + [20] for r in rows]  # n = 20: below the threshold
    rows += question("24062", "Leuven", "meer_groen", {"zeer-oneens": 5, "oneens": 5, "neutraal": 20, "eens": 40, "zeer-eens": 30})
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
    sections = re.split(r"<section>", html)
    shops = next(s for s in sections if "Wil winkels op wandelafstand</h2>" in s)
    assert "Buurtwinkels in de deelgemeenten" in shops and "Actie 3.2.1" in shops
    housing = next(s for s in sections if "Wil een compacte woning</h2>" in s)
    assert "Buurtwinkels" not in housing and "woonbeleidsplan" in housing
    assert "doemee.leuven.be" in html  # the closing call from config


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
    assert "@import" not in html and "url(" not in html
    levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_poster_is_one_a3_page_and_slides_are_16_9(leuven):
    poster = PdfReader(str(leuven / "affiche.pdf"))
    assert len(poster.pages) == 1
    box = poster.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 1191)
    slides = PdfReader(str(leuven / "presentatie.pdf"))
    assert len(slides.pages) == 6 + 3  # title, one per message, what the municipality does, closing
    for page in slides.pages:
        assert float(page.mediabox.width) / float(page.mediabox.height) == pytest.approx(16 / 9, rel=1e-3)


def test_poster_and_slides_pass_pdf_ua(leuven):
    import page

    for name in ("affiche.pdf", "presentatie.pdf"):
        report = page.validate_pdf(str(leuven / name), profile="ua1")
        assert report.is_compliant, (name, [(f.rule_id, f.message) for f in report.failures])


def _declared(css: str, prop: str) -> set[str]:
    return {c.upper() for c in re.findall(rf"(?<![-\w]){prop}\s*:\s*(#[0-9A-Fa-f]{{6}})", css)}


def test_every_text_colour_in_the_templates_reaches_4_5_on_every_background():
    css = "\n".join(p.read_text() for p in resources.templates_dir().rglob("*") if p.suffix in (".css", ".html"))
    texts = _declared(css, "color") | {palette.TEXT}
    backgrounds = _declared(css, "background") | {"#FFFFFF"}
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
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.fail("chromium ontbreekt: 'make test' installeert het (Debian-pakket chromium)")
    port, hits = recording_server  # the browser's proxy: every request it makes arrives here
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
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

"""Citizen infographics: plain Dutch, honest figures, plans beside them, accessible everywhere."""

import re
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from thuis_cli.publish.render import render_text
from thuis_cli import fmt, palette, plain, resources
from thuis_cli.errors import InputError
from thuis_cli.products.infografiek import bars_of, choose_messages
from thuis_cli.workspace import Workspace

from conftest import image_medium, pdf_pages, question, say, write_csv, write_infographics


def word(macro_name: str, *args) -> str:
    """A title or name from the words of the citizen material (templates/woorden/beelden.html)."""
    from thuis_cli.templating import macro

    return macro("woorden/beelden.html", macro_name, *args).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def leuven(samples):
    return samples.infographics("leuven")


# Under 10 %: 'N op de 100' with the whole percentage, not 'ongeveer 1 op de 16' (a sum to make).
@pytest.mark.parametrize("share,words", [
    (0.67, "bijna 7 op de 10"), (0.70, "7 op de 10"), (0.71, "ruim 7 op de 10"), (0.63, "ruim 6 op de 10"),
    (0.50, "de helft van de"), (0.49, "bijna de helft van de"), (0.08, "8 op de 100"), (0.0625, "6 op de 100"),
    (0.99, "bijna alle"), (0.01, "bijna geen"), (0.365, "bijna 4 op de 10"), (0.33, "ruim 3 op de 10"),
])
def test_honest_rounding_in_words(share, words):
    assert say("aandeel_woorden", plain.fraction(share)) == words


def test_sentence_is_b1_and_says_deelnemers():
    from thuis_cli.products.infografiek import Boodschap

    b = Boodschap(1, "winkels", "Winkels", "Nabijheid", "Leuven", 0.67, 120,
                  "wonen liever in een buurt met winkels op wandelafstand", plain.fraction(0.67), None, None, (), True)
    # (round 15: its share as the percentage every medium prints, the verb in the singular after it)
    assert say("boodschap_zin", b) == ("67 % van de deelnemers uit Leuven woont liever in een buurt met winkels "
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
        # the number as its image shows it: the side its headline states first (a choice most made the
        # other way shows that side: round 8)
        shown = f"{m.getoond_share * 100:.0f} % van {round(fig.n):,} deelnemers".replace(",", ".")
        assert shown in md.replace("\u00a0", " ")
        # (round 15: the message says the percentage its image prints, no share in words)
        said = (f"{m.aantal} van de {fmt.count(m.n)}" if m.klein else fmt.pct(m.share)).replace("\u00a0", " ")
        assert said in say("boodschap_zin", m).replace("\u00a0", " ")


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
    shops = next(s for s in sections if "wil winkels op wandelafstand" in s)
    assert "Buurtwinkels in de deelgemeenten" in shops
    assert "Actie 3.2.1" not in html and "Meerjarenplan" not in html  # a plan's code is for the administration
    # the key message's block, first (round 15: headed with whom its bars compare, under the page's title)
    housing = sections[1]
    assert "Leuven naast Vlaanderen" in housing
    assert "Buurtwinkels" not in housing and "woonbeleidsplan" in housing
    assert "doemee.leuven.example" in html  # the closing call from config


def test_a_plan_stands_only_beside_the_indicators_it_names(session):
    """Linked by id, not by theme: 'Wil een auto delen' is answered with the shared-car plan, never
    with the cohousing plan of the same theme."""
    for slug in ("leuven", "gent", "herent"):
        for m in choose_messages(session, session.municipality(slug)):
            assert all(m.indicator in p.indicatoren for p in m.plannen), (slug, m.indicator)
    cars = next(m for m in choose_messages(session, session.municipality("leuven")) if m.indicator == "autodelen")
    assert [p.tekst for p in cars.plannen] == [
        "In elke wijk komt een standplaats voor deelauto's, dicht bij een bushalte (voorbeeld)."]


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
    # Links only to web pages, an e-mail address or a phone number a reader may choose to open; nothing
    # the page itself loads.
    assert all(re.match(r'<a href="(https://|mailto:|tel:)', tag)
               for tag in re.findall(r'<[a-z]+ [^>]*href="[^"]*"', html))
    assert "@import" not in html and "url(" not in html.replace("url(data:font/woff;base64,", "")
    levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_poster_is_one_a3_page_and_slides_are_16_9(session, leuven):
    poster = PdfReader(str(leuven / "affiche.pdf"))
    assert len(poster.pages) == 1
    box = poster.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 1191)
    slides = PdfReader(str(leuven / "presentatie.pdf"))
    # title, one per message the deck holds (with its plans' slide when they had no room beside its
    # chart), closing: at most eight slides; no slide of plans without a finding behind them
    from thuis_cli.products import get

    product = get("infografiek")
    context = product.build(session, product.target(session.municipality("leuven"))).context
    on_slides = [item for item in context["boodschappen"] if item["op_dia"]]
    # a finding's plans (or that it has none yet) that had no room beside its chart get the slide right after it
    after = sum(1 for item in on_slides if item["dia_plannen_na"] or item["dia_geen_plan"] == "na")
    assert len(slides.pages) == 1 + len(on_slides) + after + 1 <= 8
    texts = [" ".join(t.split()) for t in pdf_pages(leuven / "presentatie.pdf")]
    for item in on_slides:
        if item["dia_plannen_na"]:  # the plan slide follows its finding's slide
            at = next(i for i, t in enumerate(texts) if " ".join(item["dia_kop"].split()) in t)
            assert texts[at + 1].startswith("Wat doet de stad?"), texts[at + 1]
            assert all(" ".join(p.tekst.split())[:40] in texts[at + 1] for p in item["dia_plannen_na"])
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


FILLED = re.compile(r"^[^{}]*\.knop, \.knop:visited\s*\{[^}]*\}", re.M)  # the page's filled call button


def test_every_text_colour_in_the_templates_reaches_4_5_on_every_background():
    css = "\n".join(p.read_text() for p in resources.templates_dir().rglob("*") if p.suffix in (".css", ".html"))
    fills = _declared("\n".join(FILL_ONLY.findall(css)), "background")
    css = FILL_ONLY.sub("", css)
    # (round 13) a filled button sets its own text colour on its own background in one rule: that pair
    # must reach 4.5:1, and its light text is held to no other background
    for rule in FILLED.findall(css):
        (text,), (background,) = _declared(rule, "color"), _declared(rule, "background")
        assert palette.contrast(text, background) >= 4.5, (text, background)
    css = FILLED.sub("", css)
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


def test_every_bar_reaches_3_to_1_against_its_track_and_the_page():
    from thuis_cli import beelden

    for colour in (beelden.Staaf("x", 0.5, "50 %", eigen=True).colour, beelden.Staaf("y", 0.5, "50 %").colour):
        assert palette.contrast(colour, beelden.TRACK) >= 3 and palette.contrast(colour, palette.BACKGROUND) >= 3


CHECK = """<script>
window.addEventListener('load', () => {
  const bars = [...document.querySelectorAll('.staaf-vulling')];
  const drawn = bars.filter(b => b.getBoundingClientRect().width > 0 && b.getBoundingClientRect().height > 0).length;
  document.body.setAttribute('data-staven', drawn + '/' + bars.length + '/' + document.images.length);
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
    found = re.search(r'data-staven="(\d+)/(\d+)/(\d+)"', dom.stdout)
    assert found, dom.stderr[-2000:]
    bars = leuven.joinpath("index.html").read_text().count('class="staaf-vulling"')
    assert int(found.group(1)) == int(found.group(2)) == bars > 6  # every bar drawn, a second one somewhere
    assert found.group(3) == "0"  # no image: the bars and their numbers are HTML
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

    from clirunner import thuis

    result = thuis("infografiek", "--gemeente", "gent", "--max", "4", "--uit", tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "gent" / "infografiek").glob("*.png"))) == 4
    result = thuis("infografiek", "--max", "0", "--uit", tmp_path)
    assert result.returncode == 2 and "--max" in result.stderr


# --- issue 13: plans linked by id, messages that say something, a poster, slides and a page that fit
#     their use ----------------------------------------------------------------------------------

def _message(share: float, diff: float | None = None, kop: str = "willen een deelauto gebruiken", n: float = 1200):
    from thuis_cli.products.infografiek import Boodschap

    from thuis_cli.products.infografiek import Referentie

    flanders = (Referentie("vlaanderen", "Vlaanderen", "Vlaanderen", share - diff, diff, plain.fraction(share - diff))
                if diff else None)
    return Boodschap(1, "autodelen", "Wil een auto delen", "Delen", "Leuven", share, n,
                     "zouden een deelauto gebruiken", plain.fraction(share), diff,
                     plain.fraction(share - diff) if diff else None, (), True, kop_inwoners=kop,
                     share_vlaanderen=share - diff if diff else None,
                     referenties=(flanders,) if flanders else (), vlaanderen=flanders)


def _plans_config(tmp_path, plannen: str):
    cfg = tmp_path / "cfg"
    cfg.mkdir(exist_ok=True)
    (cfg / "plannen.yaml").write_text(plannen)
    return cfg


def test_older_plan_files_naming_one_indicator_still_read():
    from thuis_cli.config_residents import Actie

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
    from clirunner import thuis

    cfg = _plans_config(tmp_path, """gemeenten:
  leuven:
    plannen:
      - {indicatoren: [samenhuizen, autodelenn], thema: delen, tekst: Deelauto's.}
""")
    result = thuis("check", "--config", cfg)
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
            # (round 14: a question of more answers whose other answers most chose states those first)
            side = m.andere_kant.split(" ", 1)[1] if m.andere_kant_groter else rest
            # (round 15: with the finding's percentage, as every medium prints it; the verb agrees with it)
            assert (verb in head or say("enkelvoud", verb) in head) and side in head, head
            assert "vaker" not in head  # 'meer/minder deelnemers', not how often
            # the comparison that matters (round 16b: the comparison group, the primary comparison, when it
            # really differs, else Flanders), and a real difference the other way too, so the headline never
            # contradicts a bar; beside Flanders the group when it is about the same
            first = m.hoofdvergelijking
            said = [first, *(r for r in m.referenties if r.sleutel != first.sleutel
                             and (r.diff > 0) != (first.diff > 0))] if first else []
            ending = ", ".join(f"{'meer' if r.diff > 0 else 'minder'} dan {_where(r)}" for r in said) + (
                f", ongeveer evenveel als {_where(m.kop_ook)}" if m.kop_ook else "")
            if m.andere_kant_groter:  # its bars show the other side: the sentence under them compares (round 9)
                assert _drawn_verdict(m) in say("beeld_zin", m), say("beeld_zin", m)
                assert " dan in " not in head, head
                continue
            compared = head.split(": ", 1)[1] if ": " in head else ""  # not the share ('iets meer dan de helft')
            assert compared.count(" dan ") == len(said), head
            assert head.endswith(f": {ending}" if said else rest), head


def _drawn_verdict(m) -> str:
    """How the bars of a choice most made the other way compare, on the side they draw (round 9)."""
    return ", ".join(f"{'meer' if r.diff > 0 else 'minder'} dan {_where(r)}" if r.echt else
                     f"ongeveer evenveel als {_where(r)}" if r.oordeel == "gelijk" else
                     f"lijkt {'meer' if r.diff > 0 else 'minder'} dan {_where(r)}"
                     for r in m.getoond_vergelijk()[:1])


def _where(r) -> str:
    if r.sleutel == "vlaanderen":
        return "in Vlaanderen"
    return "in " + (" en ".join([", ".join(r.leden[:-1]), r.leden[-1]]) if 2 <= len(r.leden) <= 3 else r.zin)


def test_a_headline_never_contradicts_a_longer_bar(session):
    """Leuven wants a deelauto more than Flanders but less than Gent and Kortrijk (39 % against 26 % and
    46 %): the headline says both, so a reader never sees 'meer' above a longer dark bar (round 16b: the
    primary comparison, Gent and Kortrijk, first)."""
    messages = choose_messages(session, session.municipality("leuven"))
    car = next(m for m in messages if m.indicator == "autodelen")
    assert [(r.sleutel, r.diff > 0) for r in car.referenties] == [("vlaanderen", True), ("vergelijking", False)]
    assert say("boodschap_kop", car).endswith(": minder dan in Gent en Kortrijk, meer dan in Vlaanderen")
    for m in messages:
        # a choice most made the other way: the sentence under its bars says how its own side compares
        if m.andere_kant_groter:  # round 9: the sentence under its bars, about the side they draw
            assert _drawn_verdict(m) in say("beeld_zin", m)
            continue
        head = say("boodschap_kop", m)
        for r in m.referenties:  # every bar longer than the municipality's that the headline calls real
            assert f"{'meer' if r.diff > 0 else 'minder'} dan {_where(r)}" in head, head


def test_every_message_of_a_municipality_shows_the_same_comparison_bars(session):
    """Flanders and the comparison group beside every finding, even where the group does not really
    differ (Leuven's panel on housing type lacked the group's bar): the reader compares like with like."""
    for slug in ("leuven", "lendelede"):
        sets = {tuple(r.sleutel for r in m.vergelijk) for m in choose_messages(session, session.municipality(slug))}
        assert sets == {("vlaanderen", "vergelijking")}, (slug, sets)
    housing = next(m for m in choose_messages(session, session.municipality("leuven"))
                   if m.indicator == "woningtype_gewenst")
    assert not any(r.sleutel == "vergelijking" for r in housing.referenties)  # not said in the headline
    assert [b.label for b in bars_of(housing)][2] == "Gent en Kortrijk"  # by its members, as everywhere
    assert [b.label for b in bars_of(housing, kort=True)][2] == "Gent en Kortrijk"


def test_two_messages_that_say_the_same_are_not_both_chosen(session):
    """Lendelede: '4 van de 31 willen in een rijwoning of appartement wonen' and '4 van de 30 willen in
    het centrum wonen' (same theme, same 13 %) read as one message twice: only the first is kept."""
    from thuis_cli.products.infografiek import same_message

    messages = choose_messages(session, session.municipality("lendelede"))
    assert "woningtype_gewenst" in [m.indicator for m in messages]
    assert "ligging_gewenst" not in [m.indicator for m in messages]
    for i, m in enumerate(messages):
        assert not any(same_message(o, m.thema_id, m.share) for o in messages[:i])
    area = session.area(session.municipality("lendelede"))
    assert fmt.pct(area.figure("ligging_gewenst").share) == fmt.pct(area.figure("woningtype_gewenst").share)


def test_the_configuration_refuses_two_messages_with_one_headline(tmp_path):
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    text = (resources.config_dir() / "infografiek.yaml").read_text()
    (cfg / "infografiek.yaml").write_text(text.replace("kiezen een buurt met veel te doen", "willen kleiner wonen"))
    with pytest.raises(InputError) as caught:
        Workspace.open(None, cfg)
    assert "dezelfde kop" in str(caught.value.problems) and "rustig_levendig" in str(caught.value.problems)


# The headline gives the share of people first and says 'meer/minder dan', never 'vaker' (how often).
@pytest.mark.parametrize("share,diff,head", [
    # (round 15: the share as the percentage every medium prints, the verb in the singular after it)
    (0.29, 0.09, "29 % van de deelnemers uit Leuven wil een deelauto gebruiken: meer dan in Vlaanderen"),
    (0.29, -0.09, "29 % van de deelnemers uit Leuven wil een deelauto gebruiken: minder dan in Vlaanderen"),
    (0.29, None, "29 % van de deelnemers uit Leuven wil een deelauto gebruiken"),  # a minority stays one
    (0.55, None, "55 % van de deelnemers uit Leuven wil een deelauto gebruiken"),
    (0.06, None, "6 % van de deelnemers uit Leuven wil een deelauto gebruiken"),
])
def test_headline_wording(share, diff, head):
    assert say("boodschap_kop", _message(share, diff)) == head
    assert "vaker" not in say("boodschap_kop", _message(share, diff))


def test_few_answers_are_said_as_a_count_and_flanders_is_always_a_grey_reference():
    """Under 100 answers (infografiek.SMALL_N) the headline, the sentence and the bar give '4 van de 31',
    the percentage only beside it; Flanders is drawn even without a real difference, and the text then
    says a difference is not certain (few answers) or that it is about as many (many answers)."""
    from dataclasses import replace

    from thuis_cli.products.infografiek import SMALL_N, Referentie

    assert SMALL_N == 100
    flanders = Referentie("vlaanderen", "Vlaanderen", "Vlaanderen", 0.34, -0.21, plain.fraction(0.34), echt=False,
                          oordeel="onzeker")
    few = replace(_message(0.13, n=31, kop="willen compacter wonen"), vlaanderen=flanders)
    head = say("boodschap_kop", few)
    assert head == "4 van de 31 deelnemers uit Leuven willen compacter wonen" and "%" not in head
    assert say("boodschap_zin", few).startswith("4 van de 31 deelnemers uit Leuven ")
    bars = bars_of(few)
    assert [b.label for b in bars] == ["Leuven", "Vlaanderen"] and not bars[1].eigen  # grey: Flanders' colour
    assert _plain(bars[0].waarde) == "4 van de 31 (13 %)"
    assert say("boodschap_cijfer", few) == ""  # the count is the bar's number: no second 'van 31'
    # the bar gives Flanders' number: the sentence says what it means, not the number again; why it is
    # not certain is said once per medium (round 10: `twijfel`)
    assert say("boodschap_vergelijking", few) == "Dat lijkt minder dan in Vlaanderen."
    assert say("twijfel", few.klein) == "Met zo weinig deelnemers kan elk verschil toeval zijn."
    many = replace(_message(0.36, n=1200), vlaanderen=replace(flanders, diff=0.02, oordeel="gelijk"))
    assert say("boodschap_vergelijking", many) == "Dat is ongeveer evenveel als in Vlaanderen."
    assert len(bars_of(many)) == 2


def test_no_sentence_repeats_the_headline_or_the_bars():
    """A betekenisvol difference is said in the headline and drawn in the bars: no sentence under them
    says it again ('Gemiddeld in Vlaanderen is dat aandeel kleiner: ruim 3 op de 10' was)."""
    for m in (_message(0.54, 0.20), _message(0.30, -0.10)):
        assert say("boodschap_vergelijking", m) == say("beeld_zin", m) == ""
        assert say("boodschap_kop", m).endswith("dan in Vlaanderen")
    assert say("boodschap_vergelijking", _message(0.30)) == ""  # no Flanders figure: nothing to compare


@pytest.mark.parametrize("own,other,real,said", [
    (0.54, 0.34, True, "betekenisvol"),  # Leuven, compacter wonen
    (0.67, 0.70, False, "gelijk"),  # Lendelede, winkels op wandelafstand: no difference, no caveat
    (0.58, 0.58, False, "gelijk"), (0.23, 0.22, False, "gelijk"),
    (0.13, 0.34, False, "onzeker"), (0.13, 0.38, False, "onzeker"),  # a large gap with 30 answers
    (0.30, 0.25, False, "onzeker"),  # 5 percentage points printed: the least difference that counts
    (0.304, 0.255, False, "gelijk"),  # printed 30 % and 26 %: 4 points
])
def test_one_comparison_rule_on_the_printed_percentages(own, other, real, said):
    from thuis_cli.products.infografiek import verdict

    assert verdict(own, other, real, 5) == said


def test_survey_year_on_every_image_the_poster_the_slides_and_the_page(session, leuven):
    from thuis_cli.products.infografiek import image_of

    from thuis_cli import beelden

    for m in choose_messages(session, session.municipality("leuven")):
        image = image_of(m, True, None, 2020, deelnemers="1.530")
        drawn = beelden.beeld(image, "svg-tekst").decode()  # the image with its text kept as text
        # (round 13: the sender and the survey's year at the image's foot; who took part in its post text)
        assert "Leuven · woontest 2020" in " ".join(drawn.replace("&#183;", "·").split())
    poster = " ".join(pdf_pages(leuven / "affiche.pdf"))
    assert "2020" in poster and "Dit vonden zij belangrijk" not in poster
    slides = pdf_pages(leuven / "presentatie.pdf")
    assert all("2020" in page for page in slides[:-1])  # not needed on the thank-you slide
    assert "vulden in 2020 zelf een online vragenlijst in" in leuven.joinpath("index.html").read_text()


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
    """Its key message is the title, a statement; headings 36 pt, every other text 24 pt or more (only the
    footnote on the survey's limits is small print); the call with a readable date and a QR code."""
    from thuis_cli.products.infografiek import key_message, poster_title

    words = _words(leuven / "affiche.pdf")
    messages = choose_messages(session, session.municipality("leuven"))
    key = key_message(messages)
    # (round 16b: beside Flanders the title names the primary comparison, about the same, in one clause)
    assert word("kernboodschap", key).endswith(
        "in een rijwoning of appartement wonen: meer dan in Vlaanderen, ongeveer evenveel als in Gent en Kortrijk")
    # (round 13: in three lines at most, so Leuven's title leaves the difference that makes it the key
    # message to the sentence right under its bars)
    # (round 15: with its percentage instead of 'iets meer dan de helft' it fits three lines with it again)
    # (round 16b: with both comparisons it does not: the first card's sentence says both)
    compares, _sizes = poster_title(key)
    assert not compares
    title = word("kernboodschap", key, compares)
    assert "?" not in title and title.startswith("In Leuven ")
    title_words = [w for w in words if w["size"] >= 43.5]  # 56 pt, never below 44 for a long key message
    assert " ".join(w["text"] for w in title_words).replace("\u00a0", " ") == title
    assert "meer dan in vlaanderen" in " ".join(w["text"] for w in words).lower()
    assert key.referenties and all(abs(r.diff) <= max(abs(x.diff) for x in key.referenties)
                                   for m in messages for r in m.referenties)  # the largest real difference
    footnote = [w for w in words if w["size"] < 23.5]  # 24 pt, as the PDF's matrices give it back
    small_text = " ".join(w["text"] for w in footnote)
    # who took part first (round 6: at the foot, not above the headline), then the survey's limits
    # (round 13: the same people as the bars' deelnemers, said so)
    assert small_text.startswith("In 2020 deden 1.530 mensen uit Leuven online mee"), small_text[:200]
    assert "De woontest (2020) was een open online bevraging" in small_text
    assert min(w["top"] for w in footnote) > max(w["top"] for w in words if w["size"] >= 23.5)  # at the foot
    assert "thuis" not in small_text.replace("Thuis in de Toekomst", "")  # no tool words on a poster for residents
    for head in _poster_headings(session, "leuven"):  # every card's heading at 36 pt or more
        head = head.split()
        assert all(any(w["text"] == h and w["size"] >= 35.5 for w in words) for h in head), head
    evening = [w for w in words if w["text"] == "16"]  # the info evening, large (the closing date is small print)
    assert evening and all(w["size"] >= 36 for w in evening)
    assert any(w["text"] == "maart" and w["size"] >= 36 and abs(w["top"] - evening[0]["top"]) < 20 for w in words)
    assert any(w["text"] == "Stadhuis" and w["size"] >= 23.5 for w in words)
    assert _qr(leuven / "affiche.pdf", 0, tmp_path) == "https://doemee.leuven.example/woontest"


def _poster_headings(ws, gemeente: str) -> list[str]:
    """The cards' headings: what their bars measure ('Een deelauto gebruiken'); none on the key
    message's card when the title says its finding."""
    from thuis_cli.products import get

    product = get("infografiek")
    context = product.build(ws, product.target(ws.municipality(gemeente))).context
    return [c["kaart_kop"] for c in context["kaarten"] if c["kaart_kop"]]


def test_the_key_message_is_not_repeated_by_its_card(session):
    """The title states the key finding: its card has no heading of its own and no sentence that says
    the comparison again; the other cards name what they measure, short."""
    for gemeente in ("leuven", "lendelede"):
        from thuis_cli.products import get

        product = get("infografiek")
        context = product.build(session, product.target(session.municipality(gemeente))).context
        first = context["kaarten"][0]
        title = word("kernboodschap", context["kernboodschap"], context["titel_vergelijking"])
        if first["b"].referenties:  # only the bar the title does not state (round 11: the group's, drawn too)
            # (round 13: a title that leaves its comparison out to fit three lines has it said here)
            assert first["kaart_kop"] == ""
            assert ("Vlaanderen" in first["kaart_zin"]) != context["titel_vergelijking"]
        headings = _poster_headings(session, gemeente)
        # a card's heading: what it measures, or (round 6) its finding as a short sentence without the
        # comparison, never the title
        assert title not in headings and all(len(h.split()) <= 14 and ":" not in h for h in headings)


def _poster_cards(ws, gemeente: str) -> list:
    from thuis_cli.products import get

    product = get("infografiek")
    return [c["b"] for c in product.build(ws, product.target(ws.municipality(gemeente))).context["kaarten"]]


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede", "gent"])
def test_the_poster_is_one_page_and_every_card_has_its_plan_or_none_has(session, without_plans, samples, gemeente):
    """As many cards as fit beside the call (two with a QR code, three without), on one A3 page."""
    import io

    import pdfplumber

    from thuis_cli.products import get
    from thuis_cli.publish.render import render_artifact

    for ws in (session, without_plans):
        product = get("infografiek")
        document = product.build(ws, product.target(ws.municipality(gemeente)))
        if ws is session and gemeente != "gent":  # the sample plans: the shared sample infographics
            poster = (samples.infographics(gemeente) / "affiche.pdf").read_bytes()
        else:  # only the poster is read: the other media are not made
            poster = render_artifact(document, next(a for a in document.artifacts if a.name == "affiche.pdf"),
                                     None)[0]
        with pdfplumber.open(io.BytesIO(poster)) as pdf:
            assert len(pdf.pages) == 1
            text = " ".join(pdf.pages[0].extract_text().split())
        cards = [c["b"] for c in document.context["kaarten"]]
        from thuis_cli.products.infografiek import card_heading

        # the first messages of the one ranked list that fit (round 11: never one skipped for a shorter one)
        assert 1 <= len(cards) <= 3 and all(_plain(card_heading(m, False)) in text for m in cards[1:])
        assert cards == choose_messages(ws, ws.municipality(gemeente))[:len(cards)]
        boxes = len(re.findall(r"Wat doet de (gemeente|stad)\?", text))
        assert boxes in (0, len(cards)), boxes
        with_plans = document.context["kaarten_met_plan"]  # a card has a plan and the cards fit with their boxes
        assert boxes == (len(cards) if with_plans else 0) and (not with_plans or any(m.plannen for m in cards))
        assert ws is session or boxes == 0
        if boxes:  # each box: the card's plan, or that there is none yet
            assert all((m.plannen[0].tekst[:40] if m.plannen else "Nog geen plan. Wat vindt u?") in text
                       for m in cards)
    # (round 13: a panel holds one finding and every card has its panel on the wall, round 11: without
    # plans the ranked list differs, so its cards are bounded by its own wall, not by the cards with plans)
    from thuis_cli.products.infografiek import panels

    wall = {p["paneel_b"].indicator for p in panels(without_plans, without_plans.municipality("leuven"))}
    assert 1 <= len(_poster_cards(without_plans, "leuven")) and {
        m.indicator for m in _poster_cards(without_plans, "leuven")} <= wall


def test_poster_has_no_empty_half_panel(session, leuven):
    """A card spans the width instead of leaving half a row empty: its heading's first line runs from
    the left margin to beyond three quarters of the page."""
    import pdfplumber

    from thuis_cli.products import get

    product = get("infografiek")
    cards = product.build(session, product.target(session.municipality("leuven"))).context["kaarten"]
    with pdfplumber.open(leuven / "affiche.pdf") as pdf:
        assert len(pdf.pages) == 1
        width = pdf.pages[0].width
        words = pdf.pages[0].extract_words(use_text_flow=True)
        rects = pdf.pages[0].rects
    headings = [c["kaart_kop"].replace("\u00a0", " ").split() for c in cards if c["kaart_kop"]]
    # every bar's track spans the row (a card of one finding, under the title that states it, too)
    tracks = [r for r in rects if r["height"] < 20 and r["x0"] < 0.2 * width and r["x1"] > 0.75 * width]
    assert len(tracks) >= sum(len(c["affiche_staven"]) for c in cards)
    for heading in headings:
        # the line where the heading's first two words stand side by side (a percentage and its sign
        # are one word in the PDF text)
        texts = [w["text"].replace("\u00a0", " ") for w in words]
        at = next(i for i in range(len(texts)) if " ".join(texts[i:i + 3]).startswith(" ".join(heading[:3])))
        line = [w for w in words if abs(w["top"] - words[at]["top"]) < 2]
        # a short heading ('52 % kiezen een rustige buurt') ends early: its card's bars span the row
        bars = [r for r in rects if 0 < r["top"] - words[at]["top"] < 80]
        assert words[at]["x0"] < 0.2 * width
        assert max(w["x1"] for w in [*line, *bars]) > 0.75 * width


def test_slides_are_for_a_projector(session, leuven, tmp_path):
    import pdfplumber

    from thuis_cli.products import get

    product = get("infografiek")
    context = product.build(session, product.target(session.municipality("leuven"))).context
    messages = [item["b"] for item in context["boodschappen"] if item["op_dia"]]  # the key message first
    path = leuven / "presentatie.pdf"
    with pdfplumber.open(path) as pdf:
        pages = [p.extract_words(extra_attrs=["size"], use_text_flow=True) for p in pdf.pages]
        texts = [p.extract_text() for p in pdf.pages]
    # a title slide (no finding on it: the first message slide would repeat it), the findings, the call
    assert " ".join(texts[0].split()).startswith(word("titel", "Leuven")) and "Praat mee" in texts[-1]
    assert word("kernboodschap", messages[0]) not in " ".join(texts[0].split())
    for words in pages:
        # the slide number and the one source line at the foot are the only small print
        small = [w for w in words if w["size"] < 23.5]  # 24 pt, as the PDF's matrices give it back
        assert len({round(w["top"]) for w in small}) <= 2, [(w["text"], w["size"]) for w in small][:12]
        assert all(w["top"] > 330 for w in small)  # at the foot (the page is 405 pt high)
    for item in (i for i in context["boodschappen"] if i["op_dia"]):
        # the finding's headline, or the poster card's where the full one leaves its chart no room
        m, head = item["b"], " ".join(item["dia_kop"].split())
        at = next(i for i, t in enumerate(texts) if head in " ".join(t.split()))  # plan slides lie between
        words, text = pages[at], texts[at]
        flat = " ".join(text.split())
        assert flat.count(head) == 1, flat  # the message once, as the title
        own = [w for w in words if w["text"] == "%" and w["size"] >= 27.5]  # the number once, in the bar's label
        # (round 15: the title gives the number too, as every medium does)
        assert len(own) >= 1 and flat.count(_plain(m.percentage)) <= 3, m.indicator
        assert "Vlaanderen" in flat if m.verschil_vlaanderen else True
        sentence = say("boodschap_zin", m)
        assert flat.count(sentence) <= 1
    assert _qr(path, len(texts) - 1, tmp_path) == "https://doemee.leuven.example/woontest"


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
    calls = [link for link in page["links"] if link["href"] == "https://doemee.leuven.example/woontest"]
    assert calls and calls[0]["top"] < page["innerHeight"], calls
    assert calls[-1]["top"] > page["heads"][-2]
    assert all(link["width"] <= width for link in page["links"])
    shot = leuven / f"pagina-{width}.png"
    browser.set_window_size(width, 2000)
    browser.save_screenshot(str(shot))
    assert Image.open(shot).size[0] >= width


def test_page_and_poster_numbers_are_text_not_pictures(leuven):
    """The bars are shapes; every name and number beside them is text a reader can enlarge and a
    screen reader reads: the page and the poster hold no picture but the QR code."""
    html = leuven.joinpath("index.html").read_text()
    assert "<img" not in html and html.count('class="staaf-tekst"') == html.count('class="staaf-vulling"') > 6
    figures = _figure_alts(leuven / "affiche.pdf")
    assert len(figures) == 1 and figures[0].startswith("QR-code naar"), figures


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


# --- slide charts: cheap for the PDF renderer (issue 17), every bar with its name and number ---------

def test_a_slide_chart_is_a_few_nodes_with_its_texts_at_projector_size():
    from thuis_cli import beelden

    bars = (beelden.Staaf("Leuven", 0.54, "54 %", True), beelden.Staaf("Vlaanderen", 0.34, "34 %"),
            beelden.Staaf("Andere centrumsteden", 0.45, "45 %"))
    svg = beelden._draw_slide(beelden.Dia(0.54, "54 %", "van 1.495 deelnemers", bars)).decode()
    assert svg.count("<") - svg.count("</") <= 10  # 3 x (label, track, bar): the number once, no big copy
    assert re.findall(r">([^<]+)</text>", svg) == ["Leuven: 54 % van 1.495 deelnemers",
                                                   "Vlaanderen: 34 %", "Andere centrumsteden: 45 %"]
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes[0] >= 28 and min(sizes) >= 24  # the municipality's label 28 pt, the others 24 (headline 32)
    filled = [float(w) for w, fill in re.findall(r'<rect [^>]*width="([\d.]+)"[^>]*fill="([^"]+)"', svg)
              if fill != beelden.TRACK]
    assert filled[1] / filled[0] == pytest.approx(0.34 / 0.54, rel=0.01)  # bars to scale
    alone = beelden._draw_slide(beelden.Dia(0.54, "54 %", "van 1.495 deelnemers", bars[:1])).decode()
    assert "Vlaanderen" not in alone and alone.count("<rect") == 2 and "Leuven: 54 %" in alone


# --- the comparison as a picture: a second bar with its number where the difference is real ------------

def _bar_labels_in_html(section: str) -> list[str]:
    import html as html_module

    return [" ".join(html_module.unescape(re.sub(r"<[^>]+>", "", t)).split())
            for t in re.findall(r'<p class="staaf-tekst">(.*?)</p>', section)]


def _expected_bars(m, with_n: bool = False, kort: bool = False, refs=None) -> list[str]:
    """Each bar's name and number with its base; a comparison group of two or three named by its members
    on every medium ('Gent en Kortrijk': 'Andere centrumsteden: Gent en Kortrijk' read as if they were
    all the others); a sentence near the bars says who they are."""
    def name(r):
        if r.sleutel == "vlaanderen":
            return "Vlaanderen"
        if not 2 <= len(r.leden) <= 3:
            return r.naam
        return " en ".join([", ".join(r.leden[:-1]), r.leden[-1]])

    # the side the headline states first: its number and every bar (round 8)
    pct = _plain(m.getoond_percentage)
    own = pct if not m.klein else f"{m.getoond_aantal} van de {fmt.count(m.n)} ({pct})"
    if with_n and not m.klein:  # the page says the number once: in the bar's label, with its n
        own += f" van {fmt.count(m.n)} deelnemers"
    return [f"{m.gemeente}: {own}",  # Flanders always (grey), the comparison group only where it really differs
            *(f"{name(r)}: {_plain(fmt.pct(m.getoond_in(r)))} van {fmt.count(r.n)} deelnemers"
              for r in (m.vergelijk if refs is None else refs))]


@pytest.mark.parametrize("gemeente,seen_in_sample", [("leuven", {"vlaanderen", "vergelijking"}),
                                                     ("herent", {"vlaanderen"}), ("lendelede", set())])
def test_every_reference_with_a_real_difference_is_a_second_bar_with_its_number(session, gemeente, seen_in_sample):
    """In the image, on the slide and on the page: the municipality's bar, then one for Flanders and one
    for the comparison group (the other centrumsteden for a centrumstad) wherever the difference is real,
    each labelled with the reference's own share; no bar for a reference without one."""
    import base64

    from thuis_cli import beelden
    from thuis_cli.comparison_groups import comparison_group
    from thuis_cli.products import get

    gebied = session.municipality(gemeente)
    area = session.area(gebied)
    document = get("infografiek").build(session, get("infografiek").target(gebied))
    html = render_text(document, next(a for a in document.artifacts if a.name == "index.html"), None)
    sections = html.split('<section class="boodschap">')[1:]
    group = comparison_group(session, gebied)
    assert group is not None or gemeente != "leuven"
    assert group is None or (group.naam == "Andere centrumsteden") == (gemeente == "leuven")
    seen = set()
    for item, section in zip(document.context["boodschappen"], sections):
        m = item["b"]
        for key in ("vlaanderen", "vergelijking"):
            real = area.versus(m.indicator, key).real
            drawn = [r for r in m.referenties if r.sleutel == key]
            assert bool(drawn) == real, (m.indicator, key)
            if drawn:
                seen.add(key)
                assert drawn[0].share == area.reference(key).figure(m.indicator).share  # the reference's value
        assert _bar_labels_in_html(section) == _expected_bars(m, with_n=True)  # the page: the number once, with its n
        # the slide as the page (round 8): Flanders and the comparison group; the image as the poster:
        # Flanders and the comparisons its words state (a third bar leaves an image no room for its plan)
        on_slide = _expected_bars(m, with_n=True, kort=True, refs=m.vergelijk)
        expected = _expected_bars(m, with_n=True, kort=True, refs=m.vergelijk)
        flat = " ".join(section.replace("\u00a0", " ").split())
        group = say("boodschap_vergelijking_groep", m)  # the bars show the group's share: no sentence repeats it
        # (a choice whose bars show the other side names every bar in one sentence: round 9)
        assert bool(group) == (any(r.sleutel == "vergelijking" for r in m.referenties) and not m.andere_kant_groter)
        assert not group or group not in flat
        # the comparison rule's sentence, naming each bar the headline does not say (the first block, under
        # the title: every bar, round 9)
        first = item is document.context["boodschappen"][0]
        assert _plain(item["pagina_zin_eerste"] if first else item["pagina_tekst"]) in flat
        widths = [float(w) for w in re.findall(r'class="staaf-vulling" style="width: ([\d.]+)%', section)]
        assert widths == [round(s.share * 100, 1) for s in item["pagina_staven"]]
        svg = base64.b64decode(item["dia"].split(",", 1)[1]).decode()
        assert [_plain(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)][-len(on_slide):] == on_slide
        drawn_image = beelden.beeld(item["beeld_spec"], "svg-tekst").decode()  # the published image
        texts = [" ".join(_plain(t).split()) for t in re.findall(r"<text[^>]*>([^<]*)</text>", drawn_image)]
        # the municipality's label is drawn in parts around its number in large type; read in order
        # (round 13: an image gives the reference bars' counts to its post text, its own n stays)
        # (round 17a: an image over its word cap whose headline gives the count gives its bar the share alone)
        own = item["beeld_spec"].staven[0]
        if (_plain(own.waarde) == _plain(m.getoond_percentage)
                and f"van de {fmt.count(m.n)}" in _plain(item["beeld_spec"].kop)):
            expected[0] = _plain(f"{own.label}: {own.waarde}")
        expected = [expected[0], *(label.split(" van ")[0] for label in expected[1:])]
        assert all(label in texts or label in " ".join(texts) for label in expected), (expected, texts)
    assert seen == seen_in_sample  # the sample's centrumstad shows both, a small municipality neither


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
        # (round 16b: a sample address on a reserved '.example' domain is an address, not an English word)
        words = re.sub(r"[\w.@/-]+\.example\b[\w/]*", " ", text)
        assert not re.search(r"\b(the|and|with|example|click|here|None|null|nan|undefined|True|False)\b", words), where


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


@pytest.mark.parametrize("gemeente,link", [("leuven", "doemee.leuven.example/woontest (voorbeeld)"),
                                          ("merelbeke", "merelbeke.example/woontest (voorbeeld)")])
def test_every_figure_alt_states_the_finding_n_comparison_caveat_and_call(session, samples, gemeente, link):
    folder = samples.infographics(gemeente)
    messages = choose_messages(session, session.municipality(gemeente))
    assert any(m.verschil_vlaanderen for m in messages) or gemeente == "merelbeke"
    assert gemeente == "leuven" or not all(m.verschil_vlaanderen for m in messages), "a message without one"
    md = folder.joinpath("teksten.md").read_text()
    md_alts = re.findall(r"\*\*Alt-tekst:\*\* (.*)", md)
    # the page, the poster and the panels draw their bars in HTML, names and numbers as text: no alt needed
    documents = {"presentatie.pdf": _figure_alts(folder / "presentatie.pdf"), "teksten.md": md_alts}
    for where, alts in documents.items():
        assert len(alts) == len(set(alts)), (where, alts)  # no two figures share an alt text
        assert not any("bolletjes" in a for a in alts), where
        for m in messages:
            found = [_plain(a) for a in alts if say("boodschap_kop", m) in _plain(a)]
            if where == "presentatie.pdf" and not found:  # a weaker finding the deck of eight left out
                assert len(pdf_pages(folder / "presentatie.pdf")) <= 8
                continue
            alt = found[0]
            assert f"{_plain(m.getoond_percentage)} van {fmt.count(m.n)} deelnemers" in alt, alt
            assert ("Vlaanderen" in alt) == bool(m.vlaanderen), alt  # the grey bar, always
            for r in m.referenties:  # every second bar, with its number
                assert f"{_plain(fmt.pct(m.getoond_in(r)))} in {say('referentie_in_zin', r)}" in alt, alt
            if m.verschil_vlaanderen:
                assert f"tegenover {_plain(fmt.pct(m.getoond_in(m.vlaanderen)))} in heel Vlaanderen" in alt, alt
            assert "vulden in 2020 zelf een online vragenlijst in" in alt
            assert (f"Reageer op {link}." in alt) if link else ("Reageer op" not in alt), alt
            if where == "teksten.md":  # the published image: every text printed in it
                assert say("boodschap_zin", m) in alt
                assert say("beeld_zin", m) in alt  # the comparison's sentence, its side named (round 8)


# --- exhibition panels: one A1 panel per theme for the information evening ---------------------------

def _panels(ws, gebied) -> dict[str, dict]:
    """The panels by theme: one for each theme with a message among those the other products show."""
    from thuis_cli.products.infografiek import panels

    return {p["thema"]["id"]: p for p in panels(ws, gebied)}


def test_a_panel_shows_its_theme_s_first_messages_of_the_ranked_list(session):
    """A panel shows its theme's messages of the one ranked list every product takes from (Lendelede's
    panels showed zorgwonen, which no other product did; Leuven's panels car sharing and shops, which the
    slides did not): at most two, in the list's order, the first as its title, each with its own plans (a
    panel's 'Wat doet de gemeente?' answers its own finding, never another's)."""
    from thuis_cli.products.infografiek import PANEL_FINDINGS

    for slug in ("leuven", "lendelede", "herent"):
        gebied = session.municipality(slug)
        messages = choose_messages(session, gebied)
        found = _panels(session, gebied)
        assert set(found) == {m.thema_id for m in messages}
        for theme, panel in found.items():
            mine = [m for m in messages if m.thema_id == theme][:PANEL_FINDINGS]
            assert [b["b"] for b in panel["paneel_blokken"]] == mine and panel["paneel_b"] == mine[0]
            for block in panel["paneel_blokken"]:
                assert block["plannen"] and block["plannen"] == list(block["b"].plannen[:len(block["plannen"])]) \
                    or not block["b"].plannen
    lendelede = _panels(session, session.municipality("lendelede"))
    assert lendelede["minder-ruimte"]["paneel_b"].oordeel == "onzeker"  # 13 % against 38 %: said as not certain


def _sized_lines(words) -> list[tuple[float, str]]:
    """The page's lines (words on one baseline) with their largest size."""
    rows: dict[int, list] = {}
    for w in words:
        rows.setdefault(round(w["bottom"]), []).append(w)
    return [(max(w["size"] for w in ws), " ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])))
            for _bottom, ws in sorted(rows.items())]


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede"])
def test_one_a1_panel_per_theme_readable_from_three_metres(session, samples, tmp_path, gemeente):
    """A1 portrait, one page, one finding: its headline in two lines at most, at 90 pt or more and about 8
    words; the bar labels and every text but the footnote at 44 pt or more, the footnote 36 pt; the
    comparison by the one rule; the plans for the finding; a band with the evening, the closing date, a
    short address and a QR code a phone reads as the participation link."""
    import pdfplumber

    from thuis_cli.products.infografiek import participation_link, plans_for

    gebied = session.municipality(gemeente)
    folder = samples.infographics(gemeente)
    found = _panels(session, gebied)
    assert sorted(p.name for p in folder.glob("paneel-*.pdf")) == sorted(f"paneel-{t}.pdf" for t in found)
    deelname = plans_for(session, gebied).deelname
    link = participation_link(deelname)
    for theme, panel in found.items():
        m = panel["paneel_b"]
        blocks = panel["paneel_blokken"]
        path = folder / f"paneel-{theme}.pdf"
        with pdfplumber.open(path) as pdf:
            assert len(pdf.pages) == 1
            page = pdf.pages[0]
            assert (round(page.width), round(page.height)) == (1684, 2384)  # A1 portrait, in points
            words = page.extract_words(extra_attrs=["size"], use_text_flow=True)
            text = " ".join(w["text"] for w in words).replace("\u00a0", " ")
        lines = _sized_lines(words)
        title = [line for size, line in lines if size >= 89.5]
        assert 1 <= len(title) <= 2, title  # two lines at most
        head = say("paneel_kop", m)
        assert " ".join(title).replace("\u00a0", " ") == head and len(head.split()) <= 12
        # every text but the footnote at 44 pt, or 40 pt beside a second finding; the footnote 36 pt
        body = 43.5 if len(blocks) == 1 else 39.5
        footnote = [w for w in words if w["size"] < body]
        assert footnote and min(w["size"] for w in footnote) >= 35.5  # only the footnote is small, 36 pt
        # (a line may break after a hyphen: "West-" at a line end, round 9)
        # (round 13: then the sender with the source)
        sender = ("Stad " if gemeente == "leuven" else "Gemeente ") + gebied.naam + " · woontest 2020."
        assert _plain(" ".join(w["text"] for w in footnote)).replace("- ", "-") == \
            _plain(panel["paneel_voet"]) + " " + sender
        bars = [(size, line) for size, line in lines if "%" in line and size < 89.5  # not a sentence's line
                and not any(_plain(line) in _plain(b["zin"]) for b in blocks)]
        assert len(bars) == sum(1 + len(b["b"].vergelijk) for b in blocks), bars
        assert all(size >= body for size, _ in bars), bars
        for block in blocks:
            b = block["b"]
            for label in _expected_bars(b, with_n=True, kort=True):
                assert label in text, (label, text)
            # every bar named, each by the one rule (round 6), the group in Flanders' sentence where it has the
            # same verdict (round 8: as on the page and the slides)
            assert _plain(block["zin"]) in _plain(text) and block["zin"]
            # (a choice drawn on its majority side: that side's verdict under a title naming it, round 9)
            assert _plain(block["zin"]).startswith(
                # (with the other side and who has no preference after it, as on every medium: round 17b)
                _plain(say("kant_vergelijking", b, b.getoond_vergelijk(), True, True)) if b.andere_kant_groter else
                _plain(word("kaart_vergelijking", b, b.vergelijk))[:-1] if b.referenties else
                _plain(say("vergelijking_zin", b))[:20])
            for p in block["plannen"]:
                assert p.tekst in text
        assert ("Wat doet de stad?" if gemeente == "leuven" else "Wat doet de gemeente?") in text
        # the band: the evening, until when, a short address (no 'https://') and the QR code
        avond = deelname.infoavond
        assert f"Infoavond {say('infoavond_dag', avond)}" in text
        assert f"Reageer tot {fmt.date(deelname.tot)} op {link.replace('https://', '')}" in text
        assert "https://" not in text
        assert _qr(path, 0, tmp_path) == link


def test_lendelede_reacts_on_a_platform_until_a_date_everywhere(samples, tmp_path):
    """The sample's example plans give a participation link and a closing date: the poster, the closing
    slide, the images and the page show the short address and the date (before: only an e-mail address)."""
    folder = samples.infographics("lendelede")
    for name in ("affiche.pdf", "presentatie.pdf"):
        last = " ".join(pdf_pages(folder / name)[-1].split())
        assert "31 maart 2027" in last and "lendelede.example/woontest" in last and "https://" not in last, last
        assert _qr(folder / name, len(pdf_pages(folder / name)) - 1, tmp_path) == "https://lendelede.example/woontest"
    html = folder.joinpath("index.html").read_text()
    # (round 16b: the example address inside the button, under its words; round 17b: the dates beside it
    # in one block)
    assert re.search(r'class="knop">Reageer online <span class="voorbeeldadres">[^<]*</span></a> '
                     r'<span class="data"><span class="tot">tot 31 maart 2027</span>', html)


def test_no_line_of_an_image_s_call_ends_inside_a_date_or_an_hour(session):
    """The band of every image, as drawn: 'tot 31 / maart 2027' and a lone 'uur' were. Round 13: the band
    says where to react in one line ('Reageer op lendelede.example/woontest (voorbeeld)'), no date or hour
    to split; the evening is in the image's post text. Round 17a: the reader could not act without the
    date: 'Reageer tot 31 maart 2027 op ...', the date kept whole on one line."""
    from thuis_cli import beelden
    from thuis_cli.products import get

    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    for slug in ("leuven", "lendelede"):
        document = get("infografiek").build(session, get("infografiek").target(session.municipality(slug)))
        for item in document.context["boodschappen"]:
            image = item["beeld_spec"]
            drawn = beelden.beeld(image, "svg-tekst").decode()
            texts = [_plain(t).strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", drawn)]
            call = _plain(image.oproep)
            # (round 17a: until when, as the poster says it, the date whole on one drawn line)
            date = fmt.date(document.context["deelname"].tot)
            assert call.startswith(f"Reageer tot {date} op ") and call in " ".join(texts), (call, texts)
            assert any(date in t for t in texts), texts
            assert not re.search(r"\buur\b", call) and len(re.findall(rf"\b({months})\b", call)) == 1, call


def test_panels_without_plans_leave_out_the_plans_and_the_call(without_plans, tmp_path):
    import pdfplumber

    write_infographics(without_plans, without_plans.municipality("lendelede"), tmp_path)
    panels = sorted((tmp_path / "lendelede" / "infografiek").glob("paneel-*.pdf"))
    assert panels
    for path in panels:
        with pdfplumber.open(path) as pdf:
            assert len(pdf.pages) == 1
            text = pdf.pages[0].extract_text()
        assert "Wat doet de gemeente?" not in text and "Praat mee" not in text and "Lendelede" in text


def test_panels_pass_pdf_ua_with_the_qr_code_described(leuven):
    import page

    for path in sorted(leuven.glob("paneel-*.pdf")):
        report = page.validate_pdf(str(path), profile="ua1")
        assert report.is_compliant, (path.name, [(f.rule_id, f.message) for f in report.failures])
        assert _figure_alts(path) == ["QR-code naar https://doemee.leuven.example/woontest"]


@pytest.mark.slow
def test_batch_delivers_the_panels_with_the_infographics_to_the_communication_address(session, tmp_path):
    """The panels are files of the infografiek document: a batch lists them in its manifest, and
    delivery attaches them to the message for the infographics' address (communicatie)."""
    import sys

    from thuis_cli.bezorging.documenten import documents_from_manifest

    (tmp_path / "plan.yaml").write_text("uit: uit\ngemeenten: [lendelede]\ninfografiek: {max: 2}\n")
    result = subprocess.run([sys.executable, "-m", "thuis_cli", "batch", tmp_path / "plan.yaml"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    [document] = documents_from_manifest(tmp_path / "uit")
    assert document.product == "infografiek"  # routed to the 'infografiek' address of ontvangers.yaml
    names = [p.name for p in document.files]
    assert {"affiche.pdf", "presentatie.pdf"} <= set(names)
    themes = {m.thema_id for m in choose_messages(session, session.municipality("lendelede"), 2)}  # a panel per
    assert themes and sorted(n for n in names if n.startswith("paneel-")) == sorted(  # theme of the messages
        f"paneel-{t}.pdf" for t in themes)


def test_a_municipality_rewords_titles_and_bar_names_with_its_own_templates(session, tmp_path):
    """The words of the citizen material are templates too (woorden/beelden.html in --sjablonen): the
    poster's title, the bar names in the images, slides and page, the heading over the plans."""
    import base64

    from thuis_cli import beelden

    own = tmp_path / "sjablonen" / "woorden"
    own.mkdir(parents=True)
    source = (resources.templates_dir() / "woorden" / "beelden.html").read_text()
    source = (source.replace('{%- if r.sleutel == "vlaanderen" -%}Vlaanderen',
                             '{%- if r.sleutel == "vlaanderen" -%}Heel Vlaanderen')
              .replace("Wat doet de gemeente?", "Wat doet de stad?")
              .replace("In {{ b.gemeente }} {{ zin.werkwoord(b, parts[0]) }}",
                       "Hier in {{ b.gemeente }} {{ zin.werkwoord(b, parts[0]) }}"))
    (own / "beelden.html").write_text(source)
    from thuis_cli.products import get

    product = get("infografiek")
    templates = tmp_path / "sjablonen"
    document = product.build(session, product.target(session.municipality("leuven")), templates)
    item = next(i for i in document.context["boodschappen"] if i["b"].verschil_vlaanderen)
    assert any(s.label == "Heel Vlaanderen" for s in item["staven"])
    slide = base64.b64decode(item["dia"].split(",", 1)[1]).decode()
    assert "Heel Vlaanderen: " in slide
    assert "Heel Vlaanderen: " in beelden.beeld(item["beeld_spec"], "svg-tekst").decode()
    write_infographics(session, session.municipality("leuven"), tmp_path / "out", templates=templates)
    folder = tmp_path / "out" / "leuven" / "infografiek"
    html = folder.joinpath("index.html").read_text()
    assert "Heel Vlaanderen: " in html and "Wat doet de stad?" in html and "Wat doet de gemeente?" not in html
    poster = " ".join(pdf_pages(folder / "affiche.pdf")[0].split())
    assert "Hier in Leuven wil" in poster


# --- pages that scale to their content: no hole under a small municipality's few figures ---------------

def _content_rows(page) -> list[tuple[float, float]]:
    """The vertical extents (top, bottom, in points) of everything printed on a page: text, rules, bars,
    boxes and images."""
    shapes = [*page.chars, *page.rects, *page.images, *page.lines]
    return sorted((float(s["top"]), float(s["bottom"])) for s in shapes if s["bottom"] - s["top"] < page.height * 0.9)


def _holes(pdf_path) -> tuple[float, float]:
    """The share of the page under its last content (down to the bottom margin) and the largest empty band
    between two pieces of content, each as a share of the page's height."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        rows, height = _content_rows(page), float(page.height)
    reach, gap = rows[0][1], 0.0
    for top, bottom in rows[1:]:
        gap, reach = max(gap, top - reach), max(reach, bottom)
    margin = 9 / 25.4 * 72 if height < 1500 else 22 / 25.4 * 72  # the poster's and the panel's bottom margin
    return (height - margin - reach) / height, gap / height


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede", "gent"])
def test_poster_and_panels_fill_their_page(samples, gemeente):
    """A poster or panel with few figures sets them larger and spreads them: nothing printed ends more
    than 3 % of the page above the bottom margin, and no empty band between two blocks is higher than
    8 % of the page (before: a third of Lendelede's panels was empty)."""
    folder = samples.infographics(gemeente)
    for path in [folder / "affiche.pdf", *sorted(folder.glob("paneel-*.pdf"))]:
        under, band = _holes(path)
        assert under <= 0.03 and band <= 0.08, (path.name, round(under, 3), round(band, 3))


def test_fill_scale_takes_the_largest_step_that_fits():
    from thuis_cli.products.infografiek import FILL, LARGEST_SCALE, fill_scale

    assert fill_scale(lambda s: 100 * s, 100 / FILL * 1.23) == pytest.approx(1.2)
    assert fill_scale(lambda s: 100 * s, 90) == 1.0  # never below the least sizes, even when over
    assert fill_scale(lambda s: 10 * s, 1000) == LARGEST_SCALE


# --- slides: one message each, nothing cut off or printed over the source line ----------------------

@pytest.mark.parametrize("gemeente", ["leuven", "lendelede", "gent"])
def test_every_slide_keeps_its_text_clear_of_the_source_line_and_says_each_plan_once(session, samples, gemeente):
    import pdfplumber

    from thuis_cli.products.infografiek import plans_for

    with pdfplumber.open(samples.infographics(gemeente) / "presentatie.pdf") as pdf:
        pages = [(p.extract_words(extra_attrs=["size"], use_text_flow=True), " ".join(p.extract_text().split()))
                 for p in pdf.pages]
    for words, _text in pages:
        source = [w for w in words if w["size"] < 23.5]
        body = [w for w in words if w["size"] >= 23.5]
        assert len({round(w["top"]) for w in source}) <= 2  # the source line and the slide number
        if source and body:
            assert max(w["bottom"] for w in body) < min(w["top"] for w in source) - 2, _text[:120]
    everything = " ".join(text for _words, text in pages)
    for plan in plans_for(session, session.municipality(gemeente)).plannen:
        if any(session.area(session.municipality(gemeente)).figure(i) for i in plan.indicatoren):
            assert everything.count(plan.tekst) <= 1, plan.tekst  # a plan answering two messages: said once


# --- the call without a participation link still says where to react ---------------------------------

def test_without_a_platform_the_call_names_the_evening_the_closing_date_and_the_contact_and_draws_no_qr_code(
        tmp_path):
    import pdfplumber

    from thuis_cli import resources

    cfg = tmp_path / "cfg"
    cfg.mkdir()
    source = (resources.config_dir() / "plannen.yaml").read_text()
    without = source.replace("    platform: https://{gemeente}.example/woontest (voorbeeld)\n", "")
    (cfg / "plannen.yaml").write_text(without)
    session = Workspace.open(None, cfg)
    assert session.config.plannen.voorbeeld.deelname.platform is None
    write_infographics(session, session.municipality("lendelede"), tmp_path)
    folder = tmp_path / "lendelede" / "infografiek"
    contact = session.config.plannen.voorbeeld.deelname.contact
    assert contact and "@" in contact
    for path in [folder / "affiche.pdf", folder / "presentatie.pdf", *sorted(folder.glob("paneel-*.pdf"))]:
        with pdfplumber.open(path) as pdf:
            last = pdf.pages[-1]
            text = " ".join(last.extract_text().split())
            assert not last.images, path.name  # no QR code without a link
        assert "31 maart 2027" in text, (path.name, text[-300:])  # until when, without a platform too
        if path.name == "presentatie.pdf":  # shown at the evening itself: how to react tonight and afterwards
            assert "Vanavond" in text and "wonen@lendelede.example" in text, text[-300:]
            continue
        filled = contact.replace("{gemeente}", "lendelede")  # the sample block's address, the municipality's name in it
        assert filled in text and "donderdag 11 maart 2027" in text and "Infoavond" in text, (path.name, text[-300:])


# --- the sample's example plans: per municipality, labelled as examples ------------------------------

def test_example_plans_differ_between_municipalities_and_are_labelled(session):
    from thuis_cli.products.infografiek import plans_for

    voorbeeld = session.config.plannen.voorbeeld
    slugs = ["lendelede", "gent", "herent", "bertem", "merelbeke", "holsbeek", "rotselaar", "oud-heverlee"]
    chosen = {slug: tuple(p.tekst for p in plans_for(session, session.municipality(slug)).plannen) for slug in slugs}
    assert len(set(chosen.values())) >= 6, chosen  # hardly two municipalities with the same plans
    groups = {(p.indicatoren, p.thema) for p in voorbeeld.plannen}
    for texts in chosen.values():
        assert len(texts) == len(groups)  # one plan of each group of variants
    every = [p.tekst for p in voorbeeld.plannen] + [p.tekst for g in session.config.plannen.gemeenten.values()
                                                    for p in g.plannen]
    assert all("(voorbeeld)" in t for t in every)  # invented, and a resident reads that it is


def test_a_centrumstad_heading_states_the_comparison_group_when_it_really_differs():
    from dataclasses import replace

    from thuis_cli.products.infografiek import Referentie

    group = Referentie("vergelijking", "Andere centrumsteden", "de andere centrumsteden", 0.64, -0.11)
    flanders = Referentie("vlaanderen", "Vlaanderen", "Vlaanderen", 0.38, 0.15)
    m = replace(_message(0.53, 0.15), referenties=(flanders, group))
    # the comparison group (the primary comparison) when it really differs, and Flanders too when it differs
    # the other way (round 16b: the primary comparison first; before, Flanders led)
    assert say("boodschap_kop", m) == ("53 % van de deelnemers uit Leuven wil een deelauto "
                                       "gebruiken: minder dan in de andere centrumsteden, meer dan in Vlaanderen")
    same_way = replace(group, diff=0.05, share=0.48)
    assert say("boodschap_kop", replace(m, referenties=(flanders, same_way))).endswith(
        "gebruiken: meer dan in de andere centrumsteden")
    named = replace(group, leden=("Gent", "Kortrijk"))
    assert say("boodschap_kop", replace(m, referenties=(flanders, named))).endswith(
        "minder dan in Gent en Kortrijk, meer dan in Vlaanderen")
    # the comparison group when only it really differs
    m = replace(_message(0.53, 0.15), referenties=(group,), vlaanderen=replace(flanders, echt=False, oordeel="gelijk"))
    assert say("boodschap_kop", m).endswith("een deelauto gebruiken: minder dan in de andere centrumsteden")
    assert say("boodschap_vergelijking", m) == "Dat is ongeveer evenveel als in Vlaanderen."


def test_the_page_s_web_fonts_are_subset_once_and_then_read_from_the_cache(tmp_path, monkeypatch):
    """Subsetting Lato for the web page takes 1.6 s; the subset is kept in the chart cache, so the next
    command reads the same bytes; with the cache off it is made each time."""
    from thuis_cli.products import infografiek

    monkeypatch.setenv("THUIS_CACHE", str(tmp_path / "cache"))
    infografiek.web_fonts.cache_clear()
    made = infografiek.web_fonts()
    assert [w for w, _ in made] == [400, 700] and all(uri.startswith("data:font/woff;base64,") for _, uri in made)

    def no_subsetting(path):
        raise AssertionError("subset again")

    monkeypatch.setattr(infografiek, "_subset_woff", no_subsetting)
    infografiek.web_fonts.cache_clear()
    assert infografiek.web_fonts() == made  # from the cache, the same bytes

    monkeypatch.setenv("THUIS_CACHE", "uit")
    infografiek.web_fonts.cache_clear()
    with pytest.raises(AssertionError, match="subset again"):
        infografiek.web_fonts()
    infografiek.web_fonts.cache_clear()


# --- one comparison rule, said the same way in every product ----------------------------------------

def _flat(text: str) -> str:
    return " ".join(_plain(text).split())


def _seems(text: str) -> bool:
    """The one rule's 'onzeker', as every medium says it: 'lijkt meer', 'lijkt minder'."""
    return re.search(r"\blijkt (meer|minder)\b", text) is not None


def _says_the_rule(where: str, text: str, m, headline_here: bool = True) -> None:
    """The text about message m says its comparison with Flanders by the one rule (infografiek.verdict):
    a betekenisvol gap as 'meer/minder dan in Vlaanderen' (in the headline), a gap under the least
    difference as 'ongeveer evenveel' without a caveat, a larger one that is not betekenisvol as 'lijkt
    meer/minder' (round 10: its doubt once per medium, not in the sentence); never a 'lijkt' where there
    is no difference, nor silence where the bars differ."""
    text, o = _flat(text), m.oordeel
    if m.andere_kant_groter:  # round 9: the verdict of the bars drawn, about the side they show
        drawn = m.getoond_vergelijk()
        assert _seems(text) == any(r.oordeel == "onzeker" for r in drawn), (where, text[:300])
        assert _drawn_verdict(m).lower() in text.lower(), (where, m.indicator, text[:300])
        return
    assert _seems(text) == (o == "onzeker"), (where, m.indicator, o, text[:300])
    # (a panel names every bar: 'ongeveer evenveel als in Gent en Kortrijk' beside a real difference with Flanders)
    group_same = any(r.sleutel == "vergelijking" and r.oordeel == "gelijk" for r in m.vergelijk)
    # (a panel, an image and a slide name every bar: round 8)
    # (the page's first block names every bar too: round 9)
    assert ("ongeveer evenveel" in text) == (o == "gelijk") or (where.startswith(("paneel", "beeld", "dia", "pagina"))
                                                                 and group_same), \
        (where, m.indicator, o, text[:300])
    if o == "betekenisvol" and headline_here and m.hoofdvergelijking.sleutel == "vlaanderen":
        assert f"{'meer' if m.vlaanderen.diff > 0 else 'minder'} dan in vlaanderen" in text.lower(), (where, text[:300])
    if o != "betekenisvol":  # about the finding's own side, named first where the bars show the other (round 8)
        # (with the group's bar of the same verdict in the same sentence: round 8)
        groups = [None, *(r for r in m.vergelijk if r.sleutel == "vergelijking")]
        assert any(_flat(say("boodschap_vergelijking", m, g)) in text for g in groups), (where, text[:300])


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede"])
def test_every_resident_text_says_a_comparison_by_the_one_rule(session, samples, gemeente):
    """Poster, panels, slides, images and page of a large and a small municipality: per message, the
    sentence matches the rule for its figures (Lendelede printed 'niet zeker' at 58 % against 58 % and
    left it out at 13 % against 34 %)."""
    import html as html_module

    from thuis_cli.products import get
    from thuis_cli.products.infografiek import panels

    gebied = session.municipality(gemeente)
    folder = samples.infographics(gemeente)
    context = get("infografiek").build(session, get("infografiek").target(gebied)).context
    items = context["boodschappen"]
    oordelen = {m.oordeel for m in (i["b"] for i in items)}
    assert oordelen == ({"betekenisvol"} if gemeente == "leuven" else {"gelijk", "onzeker"}), oordelen
    for item in items:  # the images, as drawn, with their post text (round 13: read together in a feed)
        _says_the_rule(f"beeld {item['b'].indicator}", image_medium(folder, item), item["b"])
    slides = pdf_pages(folder / "presentatie.pdf")
    for item in (i for i in items if i["op_dia"]):  # the findings the deck holds (MAX_SLIDES)
        slide = next(t for t in slides if " ".join(item["dia_kop"].split()) in " ".join(t.split()))
        _says_the_rule(f"dia {item['b'].indicator}", slide, item["b"])
    html = folder.joinpath("index.html").read_text()
    sections = [html_module.unescape(re.sub(r"<[^>]+>", " ", s.split("</section>")[0]))
                for s in html.split('<section class="boodschap">')[1:]]
    for i, (item, section) in enumerate(zip(items, sections)):  # the first block sits under the title that says it
        _says_the_rule(f"pagina {item['b'].indicator}", section, item["b"], headline_here=i > 0)
    for panel in panels(session, gebied):  # each finding of a panel (round 11: at most two), its own part
        theme = panel["thema"]["id"]
        text = _flat(pdf_pages(folder / f"paneel-{theme}.pdf")[0])
        heads = [text.index(_flat(b["kop"])) for b in panel["paneel_blokken"]] + [len(text)]
        for block, start, end in zip(panel["paneel_blokken"], heads, heads[1:]):
            _says_the_rule(f"paneel {theme}", text[start:end], block["b"])
    poster = _flat(pdf_pages(folder / "affiche.pdf")[0])
    body = poster[:poster.index("De woontest (")]  # the small print explains the rule itself
    cards = [c["b"] for c in context["kaarten"]]
    assert "niet zeker" not in body
    assert len(re.findall(r"\blijkt (meer|minder)\b", body)) == sum(m.oordeel == "onzeker" for m in cards), body
    # (round 13: every bar of a card said, the comparison group's too, now the first card's sentence names
    # Flanders as well)
    assert body.lower().count("ongeveer evenveel") == sum(r.oordeel == "gelijk" for m in cards for r in m.vergelijk
                                                           if not r.echt), body
    for n, m in enumerate(cards):
        if m.oordeel != "betekenisvol" and n > 0:
            assert _flat(say("boodschap_vergelijking", m)) in body
    if any(m.oordeel == "onzeker" for m in cards) and cards[0].klein:  # the doubt once, under the title
        assert _flat(word("kernboodschap", cards[0])) in body and body.count(_flat(context["twijfel_affiche"])) == 1
    foot = poster[poster.index("De woontest ("):]
    assert "alleen bij een betekenisvol verschil" not in foot  # the old footnote, contradicted by its cards
    assert "ongeveer evenveel" in foot and "lijkt meer" in foot  # the rule, once, in the small print


# --- the page: the first finding on the first screen, the method at the bottom ------------------------

@pytest.mark.parametrize("gemeente,small", [("leuven", False), ("lendelede", True)])
def test_the_page_reads_first_then_explains(session, gemeente, small):
    """Two short lines on how to read the bars near the top, the reading guide ('Hoe leest u dit?') after
    the last finding; its example of a count ('4 van de 31') only for a small municipality; the first
    block does not repeat the page's title; no 'De grijze staaf is Vlaanderen' beside two grey bars."""
    import html as html_module

    from thuis_cli.products import get

    product = get("infografiek")
    document = product.build(session, product.target(session.municipality(gemeente)))
    html = html_module.unescape(render_text(document, next(a for a in document.artifacts
                                                           if a.name == "index.html"), None)).replace("\u00a0", " ")
    first = html.index('<section class="boodschap">')
    guide = html.index("Hoe leest u dit?")
    assert guide > html.rindex('<section class="boodschap">') and "<details>" in html[first:]
    # round 8: the key message's number with its n and the call to react first; the two lines on how to
    # read the bars right after the first result, before the second
    second = html.index('<section class="boodschap">', first + 1)
    top = html[:first]
    assert "Reageer online" in top
    # (round 16: the n without the title's percentage again, 'antwoordden op deze vraag')
    assert ("antwoordden op deze vraag" in top) != small  # a small one's title gives the count
    assert say("lezen_kort") not in top and say("lezen_kort") in html[first:second]
    assert ("„4 van de 31”" in html) == small
    assert "grijze staaf" not in html
    title = " ".join(re.sub(r"<[^>]+>", " ", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)).split())
    heading = re.search(r"<h2>(.*?)</h2>", html[first:], re.S).group(1).strip()
    # (round 16b: the page's title is the poster's, its comparison only where that fits three lines)
    assert title == word("kernboodschap", document.context["kernboodschap"], document.context["titel_vergelijking"])
    first_b = document.context["boodschappen"][0]["b"]
    # the title states its finding (with or without a meaningful difference): the block names what
    # the bars measure
    # (round 14: the block's heading is a message, the poster card's short sentence with its number,
    # never a label; shorter than the title)
    # (round 15: under a title that states its finding, the first block's heading says what the block adds,
    # with whom its bars compare, not the finding with its number again: test_infografiek_ronde15.py)
    assert " ".join(heading.split()) != title
    expected = word("eerste_blok_kop", first_b) if first_b.vergelijk else \
        document.context["boodschappen"][0]["pagina_kop"]
    assert " ".join(heading.split()) == " ".join(expected.split())
    assert heading != word("onderwerp_kort", first_b)


# --- the fourth reading: plain words, a plan against the wish said so, a way to react offline ---------

@pytest.mark.parametrize("gemeente", ["leuven", "lendelede"])
def test_resident_material_speaks_plain_words(samples, gemeente):
    """No policy or statistics words a resident stumbles over ('compacter wonen', 'levendige buurt',
    'betekenisvol', 'procentpunt'), no tool name in the page's footer, and a city is 'de stad'."""
    import html as html_module

    folder = samples.infographics(gemeente)
    page = html_module.unescape(re.sub(r"<[^>]+>", " ", folder.joinpath("index.html").read_text().split("<body", 1)[1]))
    texts = [page, *pdf_pages(folder / "affiche.pdf"), *pdf_pages(folder / "presentatie.pdf"),
             *(t for p in folder.glob("paneel-*.pdf") for t in pdf_pages(p))]
    for text in texts:
        flat = " ".join(text.split()).lower()
        for stumble in ("compacter", "levendige buurt", "betekenisvol", "procentpunt", "gemaakt met thuis"):
            assert stumble not in flat, (stumble, flat[:200])
        if gemeente == "leuven":
            assert "van de gemeente" not in flat and "wat doet de gemeente" not in flat, flat[:200]
    assert "5 op de 100 of meer" in " ".join(page.split())  # what a clear difference is, in words


def test_the_page_offers_an_offline_way_to_react_beside_the_button(leuven):
    """Not everyone reacts online: the contact (mail, phone, the counter) stands right under the
    'Reageer online' button at the top of the page."""
    html = leuven.joinpath("index.html").read_text()
    header = html.split("<header>", 1)[1].split("</header>", 1)[0]
    assert 'class="knop">Reageer online' in header
    after_button = header.split("Reageer online", 1)[1]
    assert "wonen@leuven.example" in after_button and "balie van het stadhuis" in after_button
    assert '<a href="tel:016000000">' in after_button  # (round 16b: the number of its own, a link a tap calls)


def test_the_poster_s_small_print_says_not_everyone_answered_every_question(leuven):
    """'1.530 inwoners' and '4 van de 31' on a bar would otherwise read as a mistake; who took part stands
    in the small print at the foot, the headline is the first thing read (round 6)."""
    first = " ".join(pdf_pages(leuven / "affiche.pdf")[0].split())
    headline = first.index("In Leuven wil ")
    assert first.index("Niet iedereen beantwoordde elke vraag") > headline
    assert first.index("1.530 mensen uit Leuven") > headline
    assert first[:headline].strip() in ("", "Synthetische cijfers")

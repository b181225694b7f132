"""Citizen material, round 17b (issue 28, blind reading of round 16b): one figure per topic on every
medium, one caption under the QR code, the poster's other ways to react, why figures of 2020 still
matter, and fit on the closing slide and between the poster's cards."""

import html
import re

import pytest

from thuis_cli.workspace import Workspace

from conftest import image_medium, pdf_pages, plain
from conftest import infographic_context as _build_context


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


_CONTEXTS: dict = {}


def infographic_context(session, gemeente: str) -> dict:
    """The resident material's context, built once per module and municipality (tests only read it)."""
    if (id(session), gemeente) not in _CONTEXTS:
        _CONTEXTS[(id(session), gemeente)] = _build_context(session, gemeente)
    return _CONTEXTS[(id(session), gemeente)]


SAMPLES = ["leuven", "lendelede"]


def _page_text(folder) -> str:
    source = (folder / "index.html").read_text(encoding="utf-8")
    source = re.sub(r"<style.*?</style>", " ", source, flags=re.S)
    return plain(html.unescape(re.sub(r"<[^>]+>", " ", source)))


_READ: dict = {}


def _media(folder, item) -> dict[str, str]:
    """What a resident reads on each medium of a municipality: the poster, the slides, the page, every
    panel (each read once per module) and the message's own image with its post."""
    if folder not in _READ:
        media = {name: plain(" ".join(pdf_pages(folder / f"{name}.pdf"))) for name in ("affiche", "presentatie")}
        media.update({p.stem: plain(" ".join(pdf_pages(p))) for p in sorted(folder.glob("paneel-*.pdf"))})
        media["index"] = _page_text(folder)
        _READ[folder] = media
    return {**_READ[folder], "beeld": image_medium(folder, item)}


def _said(number: str, phrase: str, text: str) -> bool:
    """`phrase` said with `number` as its subject: '29 % kiest ...', '7 van de 30 kiezen ...', '(18 van
    de 30) kiezen ...', '52 % van de deelnemers uit Leuven kiest ...'."""
    return re.search(rf"(?<![\d,]){re.escape(number)}(?: van de [\d.]+)?\)?(?: van de deelnemers)?"
                     rf"(?: uit [\w-]+)? {re.escape(phrase)}", text) is not None


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_a_two_sided_choice_gives_the_same_parts_on_every_medium(session, samples, gemeente):
    """Leuven's 'rustige buurt' read 29 % on the image and 19 % on the poster (the side that wants a lively
    neighbourhood, and who has no preference): every medium that shows such a choice gives its headline
    figure, the other side and who has no preference, each with its own words. (A choice with a third
    answer, 'kiezen een andere woonvorm', keeps its parts off a card by design: round 14.)"""
    from thuis_cli import fmt
    from thuis_cli.templating import macro

    folder = samples.infographics(gemeente)
    two_sided = [i for i in infographic_context(session, gemeente)["boodschappen"]
                 if i["b"].andere_kant_groter and not i["b"].anderen]
    assert two_sided, gemeente
    for item in two_sided:
        b = item["b"]
        singular = b.klein is False

        def verb(phrase: str, singular: bool = singular) -> str:
            return macro("_zinnen.html", "enkelvoud", phrase) if singular else phrase

        headline = (str(b.andere_aantal) if b.klein else b.getoond_percentage, verb(b.andere_kant))
        own = (str(b.aantal) if b.klein else fmt.pct(b.share), verb(b.kern_kort))
        neither = round(b.n) - round(b.aantal + b.andere_aantal)
        rest = (str(neither) if b.klein else fmt.pct(neither / b.n),
                "heeft geen voorkeur" if singular else "hebben geen voorkeur")
        shown = {name: text for name, text in _media(folder, item).items() if headline[1] in text}
        assert {"affiche", "presentatie", "index", "beeld"} & set(shown), (gemeente, b.indicator)
        for name, text in shown.items():
            for number, phrase in (headline, own, rest):
                assert _said(plain(number), phrase, text), (gemeente, name, number, phrase)


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_a_topic_s_headline_figure_is_the_same_on_every_medium(session, samples, gemeente):
    """One topic, one headline figure: wherever a medium says a message's heading ('52 % kiest een rustige
    buurt', '54 % wil ...'), the number in front of it is the figure its bars draw for the municipality."""
    folder = samples.infographics(gemeente)
    for item in infographic_context(session, gemeente)["boodschappen"]:
        heading = plain(item["pagina_kop"])
        match = re.match(r"(\d+ %|\d+ van de [\d.]+(?: \(\d+ %\))?) (.+)$", heading)
        if not match:
            continue
        figure, phrase = match.groups()
        for name, text in _media(folder, item).items():
            said = re.findall(rf"(\d+ %|\d+ van de [\d.]+(?: \(\d+ %\))?) {re.escape(phrase)}", text)
            assert all(s == figure for s in said), (gemeente, name, figure, said)


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_one_caption_under_the_qr_code_on_every_medium(session, samples, gemeente):
    """The poster said 'Scan en praat mee' under the code, the closing slide 'Alle resultaten': the code
    leads to one address, so the poster, the slides and every panel say the same words under it (the
    shared word, woorden/beelden.html 'qr_figuur'); the page has a button, no code."""
    from thuis_cli.templating import macro

    folder = samples.infographics(gemeente)
    context = infographic_context(session, gemeente)
    caption = re.search(r"<figcaption>(.*?)</figcaption>", macro("woorden/beelden.html", "qr_figuur",
                                                                 context["qr"], context["deelname_link"]), re.S)
    assert caption and caption.group(1).strip(), gemeente
    said = plain(caption.group(1))
    media = {name: text for name, text in _media(folder, context["boodschappen"][0]).items() if name != "beeld"}
    for name in ["affiche", "presentatie", *(n for n in media if n.startswith("paneel-"))]:
        assert said in media[name], (gemeente, name)
    assert "Alle resultaten" not in " ".join(media.values()), gemeente
    assert "<figcaption" not in (folder / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_the_poster_gives_every_other_way_to_react_on_its_one_page(session, samples, gemeente):
    """The poster gave only the platform's address and the evening: under its call it gives the e-mail,
    the phone number as text (on paper nobody taps it; kept on one line) and the counter from
    plannen.yaml, every sample value marked '(voorbeeld)', and it stays one A3 page."""
    deelname = infographic_context(session, gemeente)["deelname"]
    assert deelname.contact and deelname.telefoon and deelname.loket
    assert all("(voorbeeld)" in v for v in (deelname.contact, deelname.telefoon, deelname.loket))
    pages = pdf_pages(samples.infographics(gemeente) / "affiche.pdf")
    assert len(pages) == 1
    poster = plain(pages[0])
    number = deelname.telefoon.replace(" (voorbeeld)", "")
    # (round 17c: one sentence, "Of mail naar …, bel … of kom langs bij … (voorbeeldgegevens).", one mark
    # for the lot where all three are examples, test_infografiek_ronde17c)
    assert f"bel {number} of kom langs bij" in poster
    assert any(number in plain(line) for line in pages[0].splitlines()), "the phone number breaks over two lines"
    assert plain(deelname.contact).replace(" (voorbeeld).", "").removeprefix("Of ") + "," in poster
    assert f"kom langs bij {deelname.loket.replace(' (voorbeeld)', '')} (voorbeeldgegevens)." in poster


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_every_medium_says_why_figures_of_2020_still_matter(session, samples, gemeente):
    """No medium said why figures of 2020 still count: the poster's small print, the presenter's notes
    for the title slide and the page say it in one plain sentence (the city as 'de stad'); the title slide
    itself keeps its few words."""
    folder = samples.infographics(gemeente)
    who = "de stad" if infographic_context(session, gemeente)["stad"] else "de gemeente"
    why = ("Waarom cijfers van 2020? Wat mensen willen voor hun woning en buurt, verandert traag; "
           f"{who} gebruikt ze nu voor haar plannen tot 2030.")
    poster = pdf_pages(folder / "affiche.pdf")
    assert len(poster) == 1 and why in plain(poster[0])
    assert why in _page_text(folder)
    notes = plain((folder / "teksten.md").read_text(encoding="utf-8").split("## Bij de dia's", 1)[1]
                  .split("##", 1)[0])
    assert why in notes
    assert "Waarom cijfers" not in plain(pdf_pages(folder / "presentatie.pdf")[0])


def test_poster_cards_keep_a_fixed_gap_between_them(session):
    """Leuven's second card sat tight under the first card's plan box: every card after the first keeps a
    fixed gap above its blue rule, even where the cards fill the page (here two cards and the call, more
    than one page holds, so nothing is left to spread). Measured in the rendered PDF: from the first card's
    box (its rule to its plan box's bottom) to the second card's rule."""
    import io

    import pdfplumber

    from thuis_cli.pdf import html_to_pdf
    from thuis_cli.products.infografiek import POSTER_MM, card_heading, card_sentence
    from thuis_cli.templating import render_html

    context = infographic_context(session, "leuven")
    cards = [{**i, "kaart_kop": card_heading(i["b"], n == 0), "kaart_zin": card_sentence(i["b"], n == 0)}
             for n, i in enumerate(context["boodschappen"][:2])]
    pdf = html_to_pdf(render_html("affiche.html", {**context, "kaarten": cards}))
    blue = (0.0, 0.352941, 0.54902)  # the card's rule (#005A8C), drawn as its box with a 5 pt top border
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        boxes = [r for r in page.rects if r.get("non_stroking_color") == blue and r["width"] > page.width * 0.8]
        rules = sorted((r["top"], r["height"]) for r in boxes
                       if any(abs(o["top"] - r["top"] - 5) < 0.5 for o in boxes))
    assert len(rules) == 2, rules
    (first_top, first_height), (second_top, _) = rules
    gap_mm = (second_top - (first_top + first_height)) * 25.4 / 72
    assert gap_mm >= POSTER_MM["card_gap"], gap_mm


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_the_closing_slide_keeps_a_margin_above_its_source_line(session, samples, gemeente):
    """Leuven's closing slide ran its contact lines down to the source line and had no fit check: its
    text beside the code is estimated like every other slide (`closing_slide_mm`), gives the counter only
    where that leaves the margin, and in the rendered deck every line ends at least 3 mm above the source
    line."""
    import pdfplumber

    from thuis_cli.products.infografiek import CLOSING_MM, closing_slide_mm
    from thuis_cli.templating import macro

    context = infographic_context(session, gemeente)
    deelname = context["deelname"]
    shown = macro("_zinnen.html", "slot_tekst", deelname, context["deelname_link"], context["infoavond"],
                  context["slot_loket"])
    assert closing_slide_mm(shown, "Scan en praat mee") <= CLOSING_MM["room"]
    with pdfplumber.open(samples.infographics(gemeente) / "presentatie.pdf") as pdf:
        words = pdf.pages[-1].extract_words(extra_attrs=["size"])
    source = min(w["top"] for w in words if w["size"] < 23.5 and w["text"] == "Woontest")
    body = max(w["bottom"] for w in words if w["size"] >= 23.5)
    assert (source - body) * 25.4 / 72 >= 3, (gemeente, source, body)
    assert ("kom langs bij" in plain(" ".join(w["text"] for w in words))) == context["slot_loket"]


def test_the_page_s_column_reads_as_a_column_on_a_desktop(samples):
    """At 1280 px the page's lines ran to about 100 characters and, beside the button, the evening's date
    wrapped to a line of its own with a stray '·': the column keeps lines of at most 90 characters of body
    text (Lato at the page's size), and the closing date and the evening stand in one block beside the
    button, one under the other, the separator hidden."""
    from thuis_cli.products.infografiek import _font

    page = (samples.infographics("leuven") / "index.html").read_text(encoding="utf-8")
    body = re.search(r"\n  body \{([^}]*)\}", page).group(1)
    width_rem = float(re.search(r"max-width: ([\d.]+)rem", body).group(1))
    pad_rem = float(re.search(r"padding: [\d.]+rem ([\d.]+)rem", body).group(1))
    size_rem = float(re.search(r"font-size: ([\d.]+)rem", body).group(1))
    sentence = plain(html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="zin">(.*?)</p>', page, re.S)
                                          .group(1))))
    px_per_char = _font(False, size_rem * 16).getlength(sentence) / 10 / len(sentence)  # at 10x, in px
    assert (width_rem - 2 * pad_rem) * 16 / px_per_char <= 90
    button = re.search(r'<p class="reageer">.*?</p>', page, re.S).group(0)
    dates = re.search(r'<span class="data">(.*)</span></p>', button, re.S).group(1)
    assert "tot 31 maart 2027" in dates and "infoavond" in dates
    assert ".reageer .data { display: inline-block;" in page and ".reageer .data .tot { display: block; }" in page
    assert ".reageer .data .scheiding { display: none; }" in page

"""Citizen material, fifteenth round (issue 28, blind reading of round 14): the poster's QR caption stays in
its box; one finding has one headline number on every medium."""


import re
from html import unescape

import pytest

from thuis_cli import fmt
from thuis_cli.workspace import Workspace

from conftest import infographic_context, pdf_pages, plain, resident_word, say


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


LIGHT_BLUE = (0.94902, 0.960784, 0.972549)  # the call box's fill (#F2F5F8)


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede"])
def test_the_qr_caption_lies_inside_the_poster_s_call_box(samples, gemeente):
    """'Scan en praat mee' ran across the right border of Lendelede's call box: the caption wraps under the
    code where the text beside it needs the room, and every letter of it lies inside the box's border; the
    poster stays one A3 page."""
    import pdfplumber

    with pdfplumber.open(samples.infographics(gemeente) / "affiche.pdf") as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        box = max((r for r in page.rects if r["width"] > 0.85 * page.width
                   and r.get("non_stroking_color") == LIGHT_BLUE), key=lambda r: r["top"])
        words = page.extract_words()
        chars = [c for c in page.chars if box["top"] <= c["top"] <= box["bottom"]]
    # the caption: from 'Scan', the words in its column on its line and the next (the code stands above it)
    scan = next(w for w in words if w["text"] == "Scan" and box["top"] < w["top"] < box["bottom"])
    # (round 16: the column right of the text beside the code; 'praat mee' kept together, the caption's
    # second, centred line starts left of 'Scan')
    caption = [w for w in words if scan["top"] - 1 <= w["top"] <= scan["bottom"] + 0.5 * (w["bottom"] - w["top"])
               and w["x0"] >= 0.6 * page.width]
    assert plain(" ".join(w["text"] for w in caption)) == "Scan en praat mee"
    border = 4  # pt
    for w in caption:
        assert box["x0"] + border <= w["x0"] and w["x1"] <= box["x1"] - border, (gemeente, w["text"])
        assert box["top"] + border <= w["top"] and w["bottom"] <= box["bottom"] - border, (gemeente, w["text"])
    # and no other letter in the box's height runs across its border either
    assert all(box["x0"] + border <= c["x0"] and c["x1"] <= box["x1"] - border for c in chars)


def test_the_call_box_grows_by_what_its_wrapped_caption_needs_and_is_measured_so(session, samples):
    """Where the caption wraps (Lendelede's poster, set 1.2 times its least size) the code's column is taller
    by the caption's second line; the box's estimate that the poster's cards are fitted with counts it, so
    it stays within a line of the box the PDF draws (round 8's rule, now also for a wrapped caption)."""
    import pdfplumber

    from thuis_cli.products.infografiek import (POSTER_MM, PT_MM, call_box_mm, call_texts, participation_link,
                                                plans_for)

    from thuis_cli.products.infografiek import _say, contact_mm, plain_text

    context = infographic_context(session, "lendelede")
    deelname = plans_for(session, session.municipality("lendelede")).deelname
    html, caption = call_texts(deelname, participation_link(deelname), None)
    # (round 17b: the box closes with the contact line, which leaves the poster's scale at 1: the caption
    # wraps at 1.2 times its least size, as it was set then)
    wrapped = call_box_mm(html, caption, POSTER_MM["oproep"], 1.2)
    one_line = call_box_mm(html, "Scan", POSTER_MM["oproep"], 1.2)
    assert wrapped == pytest.approx(one_line + 24 * 1.2 * 1.2 * PT_MM, abs=1)  # the caption's second line, counted
    scale = context["schaal"]
    estimate = call_box_mm(html, caption, POSTER_MM["oproep"], scale) + contact_mm(
        plain_text(_say(None)("contact_regel", deelname)), scale)
    line_mm = 24 * scale * 1.2 * PT_MM
    with pdfplumber.open(samples.infographics("lendelede") / "affiche.pdf") as pdf:
        page = pdf.pages[0]
        box = max((r for r in page.rects if r["width"] > 0.85 * page.width
                   and r.get("non_stroking_color") == LIGHT_BLUE), key=lambda r: r["top"])
    drawn_mm = box["height"] * 25.4 / 72
    assert drawn_mm - 2 <= estimate <= drawn_mm + line_mm, (estimate, drawn_mm)


def _headline_number(b) -> str:
    """The finding's one headline number: the side its headline states first (what most chose, for a choice
    most made the other way), as a percentage, or with few answers as a count."""
    other = b.andere_kant_groter
    if b.klein:
        return f"{b.andere_aantal if other else b.aantal} van de {b.n:.0f}"
    return plain(fmt.pct(b.andere_share if other else b.share))


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede"])
def test_a_finding_has_one_headline_number_on_every_medium(session, samples, gemeente):
    """'54 %' on the image and 'Iets meer dan de helft' on the slide and the poster for the same finding: one
    finding has one headline number on every medium, its percentage (with few answers its count). The
    poster's cards, the panels, the slides, the images and the page's sections all print it in their
    headline, and no headline says a share in words ('op de 10', 'de helft')."""
    context = infographic_context(session, gemeente)
    page = unescape((samples.infographics(gemeente) / "index.html").read_text(encoding="utf-8"))
    sections = [plain(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
    cards = {id(c["b"]): c["kaart_kop"] for c in context["kaarten"]}
    for n, item in enumerate(context["boodschappen"]):
        b = item["b"]
        headlines = {"beeld": item["beeld_spec"].kop, "pagina": item["pagina_kop"], "paneel": say("paneel_kop", b)}
        if item["op_dia"]:
            headlines["dia"] = item["dia_kop"]
        if id(b) in cards and cards[id(b)]:
            headlines["affiche"] = cards[id(b)]
        number = _headline_number(b)
        for medium, headline in headlines.items():
            text = plain(headline)
            assert text.lower().startswith(number.lower()) or f"({number})" in text, (gemeente, medium, text)
            assert not re.search(r"op de 10\b|helft", text), (gemeente, medium, text)
        # the page prints it as its section's heading (the first block's finding: as the page's title)
        assert plain(item["pagina_kop"]) in sections or n == 0, item["pagina_kop"]
    key = plain(resident_word("kernboodschap", context["kernboodschap"]))
    assert _headline_number(context["kernboodschap"]) in key and "helft" not in key


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede"])
def test_the_page_s_first_section_heading_does_not_repeat_its_title(samples, gemeente):
    """'De meeste deelnemers uit Lendelede (26 van de 31) willen een vrijstaande of halfopen woning' over
    '26 van de 31 willen een vrijstaande of halfopen woning': the first section repeated the page's title.
    Its heading says what the section adds, with whom its bars compare ('Lendelede naast Vlaanderen en
    vergelijkbare gemeenten'): no number of the title, and every area its bars name."""
    page = unescape((samples.infographics(gemeente) / "index.html").read_text(encoding="utf-8"))
    title = plain(re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)))
    first = page[page.index('<section class="boodschap">'):]
    heading = plain(re.sub(r"<[^>]+>", "", re.search(r"<h2>(.*?)</h2>", first, re.S).group(1)))
    assert heading != title and not re.search(r"\d", heading), heading
    assert not set(re.findall(r"\d+ ?%?", title)) & set(re.findall(r"\d+ ?%?", heading))
    section = first.split("</section>", 1)[0]
    bars = [plain(re.sub(r"<[^>]+>", "", t)).split(":")[0]
            for t in re.findall(r'<p class="staaf-tekst">(.*?)</p>', section, re.S)]
    assert len(bars) >= 2 and heading.startswith(bars[0] + " naast ")
    assert all(name.lower() in heading.lower() for name in bars[1:]), (heading, bars)


def test_leuven_s_comparison_group_is_named_by_what_it_is_before_its_members(samples):
    """'Gent en Kortrijk' puzzled residents ('waarom niet Antwerpen?'): the page's first sentence under the
    bars and the poster's small print name the group first, its members after it, and the poster says once
    why the other centrumsteden are not there."""
    folder = samples.infographics("leuven")
    page = plain(re.sub(r"<[^>]+>", " ", unescape((folder / "index.html").read_text(encoding="utf-8"))))
    poster = plain(" ".join(pdf_pages(folder / "affiche.pdf")))
    assert "ongeveer evenveel als in de andere centrumsteden in deze cijfers (Gent en Kortrijk)." in page
    assert ("De andere centrumsteden in deze cijfers: Gent en Kortrijk (uit de overige deden te weinig mensen "
            "mee).") in poster
    assert poster.count("te weinig mensen mee") == 1
    for text in (page, poster):
        assert "Gent en Kortrijk: de andere" not in text and "Gent en Kortrijk, de andere" not in text


def test_the_sender_and_source_line_is_written_once_for_every_medium():
    """'{{ afzender }} · {{ opvolging.bron_kort(…) }}' was written out in the poster, the panels, four times
    in the slides and in the page: one macro (_bevraging.html 'bron_regel') writes it, so a municipality
    rewords it in one place; it says the sender, then the source."""
    from thuis_cli import resources
    from thuis_cli.templating import macro

    for name in ("affiche.html", "paneel.html", "presentatie.html", "infografiek.html"):
        text = (resources.templates_dir() / name).read_text(encoding="utf-8")
        assert "afzender }} ·" not in text and "bron_regel(afzender" in text, name
    assert macro("_bevraging.html", "bron_regel", "Stad Leuven", None, 2020) == "Stad Leuven · woontest 2020"
    assert macro("_bevraging.html", "bron_regel", "Stad Leuven", None, 2020, True) == "Stad Leuven · Woontest 2020"
    assert macro("_bevraging.html", "bron_regel", "Stad Leuven", None, 2020, False, True) == \
        "Stad Leuven · woontest „Thuis in de Toekomst” (2020)"


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede"])
def test_every_image_names_one_evening_the_call_s_or_none(session, gemeente):
    """Lendelede's image 6 spoke of 'een infoavond over samenhuizen' beside the call to the information
    evening of 11 March: readers took it for a second evening. No image names an evening other than the
    call's: an image that says 'infoavond' gives the call's date."""
    from thuis_cli import beelden

    context = infographic_context(session, gemeente)
    day = plain(say("infoavond_dag", context["infoavond"]))
    for item in context["boodschappen"]:
        svg = beelden.beeld(item["beeld_spec"], "svg-tekst").decode()
        text = plain(unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))))
        assert "infoavond" not in text.lower() or day in text, (item["b"].indicator, text)

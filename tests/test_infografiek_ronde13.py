"""Citizen material, thirteenth round: the poster's title in three lines and one number for the same
people in its large print."""

import re

import pytest

from thuis_cli import fmt
from thuis_cli.workspace import Workspace

from conftest import infographic_context, plain


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


def _poster_lines(folder):
    """The poster's lines (words on one baseline) as (largest size, text), top to bottom."""
    import pdfplumber

    with pdfplumber.open(folder / "affiche.pdf") as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"], use_text_flow=True)
    rows: dict[int, list] = {}
    for w in words:
        rows.setdefault(round(w["bottom"]), []).append(w)
    return [(max(w["size"] for w in ws), plain(" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"]))))
            for _bottom, ws in sorted(rows.items())]


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede"])
def test_the_poster_title_takes_three_lines_at_most_and_the_bars_still_say_how_it_compares(
        session, samples, gemeente):
    """Leuven's title ran to five lines at 56 pt. Measured in the PDF, the title (its largest type) takes
    at most three lines; a title that leaves out how it compares to fit has that comparison said under
    its bars, by the one rule, so the poster still says it."""
    context = infographic_context(session, gemeente)
    lines = _poster_lines(samples.infographics(gemeente))
    title_pt = max(size for size, _text in lines)
    title = [text for size, text in lines if size == title_pt]
    assert 1 <= len(title) <= 3, title
    assert title_pt >= 43.9
    if not context["titel_vergelijking"]:
        key = context["kernboodschap"]
        assert key.referenties
        first = plain(context["kaarten"][0]["kaart_zin"])
        assert any(r.sleutel == "vlaanderen" for r in key.referenties) <= ("dan in Vlaanderen" in first)
        text = " ".join(t for _size, t in lines)
        assert first in text


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede"])
def test_the_poster_s_large_print_gives_one_number_for_the_same_people(session, samples, gemeente):
    """Leuven's poster set '1.495 deelnemers' in its large print beside '1.530 inwoners': two numbers for
    the same people. The large print gives only how many answered each question; how many took part in
    all stands in the small print only, said as the same people ('hoeveel van hen')."""
    total = fmt.count(session.respondents(session.municipality(gemeente)))
    lines = _poster_lines(samples.infographics(gemeente))
    large = " ".join(text for size, text in lines if size >= 20)
    small = " ".join(text for size, text in lines if size < 20)
    assert not re.search(rf"(?<![\d.]){re.escape(total)}(?![\d.]| maart)", large), large  # (not the date)
    assert "inwoners online mee" not in small
    assert f"{total} mensen uit" in small and "hoeveel van hen die vraag beantwoordden" in small
    context = infographic_context(session, gemeente)
    for card in context["kaarten"]:
        assert fmt.count(card["b"].n) in large


def _drawn_words(spec) -> str:
    """The text layer of a published image: every text it draws, as text."""
    from html import unescape

    from thuis_cli import beelden

    svg = beelden.beeld(spec, "svg-tekst").decode()
    return plain(unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))))


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede"])
def test_a_social_image_carries_few_words_and_its_post_text_the_rest(session, samples, gemeente):
    """The images carried about 80 words each; one is read in three seconds in a feed. Each image's text
    layer holds at most 35 words (figures such as '54 %' are read as figures): its finding, its number
    with its n, where to react and its sender, and what the municipality does where that fits. Its post
    text in teksten.md carries what it leaves out: the caveat, how it compares, the plan in full and
    until when to react; the alt text stays whole."""
    from thuis_cli.products.infografiek import IMAGE_WORDS, image_words

    assert IMAGE_WORDS <= 35
    context = infographic_context(session, gemeente)
    teksten = plain((samples.infographics(gemeente) / "teksten.md").read_text(encoding="utf-8"))
    posts = re.findall(r"\*\*Bericht bij het beeld:\*\* (.*?)(?= \*\*|$)", teksten)
    assert len(posts) == len(context["boodschappen"])
    alts = re.findall(r"\*\*Alt-tekst:\*\* (.*?)(?= \*\*|$)", teksten)
    assert len(alts) == len(posts) and all("niet alle inwoners" in a for a in alts)  # the full alt text
    caveat = "zelf een online vragenlijst in; dat is niet heel"
    with_line = 0
    for item, post in zip(context["boodschappen"], posts):
        m, spec = item["b"], item["beeld_spec"]
        drawn = _drawn_words(spec)
        assert image_words(drawn) <= 35, (m.indicator, image_words(drawn), drawn)
        assert fmt.count(m.n) in drawn or f"van de {fmt.count(m.n)}" in drawn  # the figure with its n
        assert "Reageer op" in drawn
        assert caveat not in drawn and caveat in post
        if m.plannen:
            assert plain(m.plannen[0].tekst) in post
        assert "Reageer tot" in post
        # bars that only seem to differ never stand without their doubt on the image
        if any(r.oordeel == "onzeker" for r in (*m.vergelijk, *m.getoond_vergelijk())):
            assert "lijkt" in drawn or "toeval" in drawn, drawn
        with_line += "Wat doet de" in drawn or "Nog geen plan" in drawn
    assert with_line >= len(posts) // 2  # most images say what the municipality does (the rest: their post)

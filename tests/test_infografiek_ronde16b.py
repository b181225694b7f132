"""Citizen material, round 16b (issue 28, blind reading of round 15): slides that hold few words, a city's
headline that leads with its primary comparison, sample contacts that cannot reach a real address, one
banner rule and a resident sentence that agrees with itself."""

import pytest

from thuis_cli.workspace import Workspace

from conftest import infographic_context, pdf_pages, plain


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


LIGHT_BLUE = (0.94902, 0.960784, 0.972549)  # the plan box's fill (#F2F5F8)
SAMPLES = ["leuven", "lendelede"]


def _plan_boxes(pdf_path) -> list[tuple[int, str]]:
    """(slide number, text) of every plan box of a deck: the words inside a light blue box."""
    import pdfplumber

    boxes = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            rects = [r for r in page.rects if r.get("non_stroking_color") == LIGHT_BLUE]
            words = page.extract_words()
            for r in rects:
                inside = [w["text"] for w in words if r["x0"] - 1 <= w["x0"] and w["x1"] <= r["x1"] + 1
                          and r["top"] - 1 <= w["top"] and w["bottom"] <= r["bottom"] + 1]
                boxes.append((number, " ".join(inside)))
    return boxes


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_a_slide_s_plan_box_holds_at_most_25_words(samples, gemeente):
    """Lendelede's slides 3 and 5 put about 50 words in the plan box (the plan, the line that most chose
    otherwise, the reason in full and the question): a plan box holds at most 25 words, the reason only
    where it fits; the page and the poster keep it in full."""
    boxes = _plan_boxes(samples.infographics(gemeente) / "presentatie.pdf")
    assert boxes, gemeente
    for number, text in boxes:
        assert len(text.split()) <= 25, (gemeente, number, text)
    if gemeente == "lendelede":  # its plans go against what most chose: the box still says so and asks
        against = [t for _, t in boxes if "Dat is niet wat de meeste deelnemers kozen." in t]
        assert len(against) == 2 and all(t.endswith("Wat vindt u?") for t in against)


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_the_title_slide_keeps_one_line_of_method(samples, gemeente):
    """Both title slides carried two paragraphs of method text: the title slide has its title, the
    invitation and one line of method; who took part and the comparison group are in the presenter's
    texts (teksten.md, 'Bij de dia's')."""
    folder = samples.infographics(gemeente)
    first = plain(pdf_pages(folder / "presentatie.pdf")[0])
    method = "Open online bevraging, 2020: de cijfers tonen wie meedeed, niet alle inwoners."
    assert method in first
    assert "vulden" not in first and "in deze cijfers" not in first and "Vergelijkbare" not in first
    body = first.split("zeggen", 1)[1].split(" Gemeente " if gemeente == "lendelede" else " Stad ", 1)[0]
    assert len(body.split()) <= 32, body
    notes = plain((folder / "teksten.md").read_text(encoding="utf-8").split("## Bij de dia's", 1)[1]
                  .split("##", 1)[0])
    assert "inwoners vulden in 2020 zelf een online vragenlijst in" in notes
    assert ("Gent en Kortrijk" if gemeente == "leuven" else "Harelbeke") in notes


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_a_deck_with_fewer_findings_than_the_page_says_where_the_rest_is(session, samples, gemeente):
    """The deck shows three findings, the page six: the closing slide says under its QR code that all
    results are at that address; a deck that shows every finding does not say so."""
    context = infographic_context(session, gemeente)
    on_slides = [i for i in context["boodschappen"] if i["op_dia"]]
    assert len(on_slides) < len(context["boodschappen"])
    last = plain(pdf_pages(samples.infographics(gemeente) / "presentatie.pdf")[-1])
    assert "Alle resultaten" in last
    assert context["deelname_link"] and context["qr"]


def test_a_deck_with_every_finding_has_no_pointer_to_the_rest(session):
    """The pointer says something only when the page holds more: the deck's HTML with every finding on a
    slide has no 'Alle resultaten'."""
    from thuis_cli.templating import render_html

    context = infographic_context(session, "leuven")
    every = {**context, "boodschappen": [{**i, "op_dia": True} for i in context["boodschappen"]]}
    assert "Alle resultaten" in render_html("presentatie.html", context)
    assert "Alle resultaten" not in render_html("presentatie.html", every)


def test_a_city_s_headline_leads_with_its_primary_comparison_or_says_both(session, samples):
    """Leuven's poster and page headline said 'meer dan in Vlaanderen' while its primary comparison (the other
    centrumsteden: Gent en Kortrijk) was 'ongeveer evenveel', only on the next line. A headline that names
    Flanders also names the primary comparison in the same clause; where that group really differs, the
    headline leads with it. The poster's title then states both or neither and stays within three lines
    on one A3 page; its first card's sentence says both."""
    import pdfplumber

    from conftest import say

    context = infographic_context(session, "leuven")
    group = "in Gent en Kortrijk"
    for item in context["boodschappen"]:
        b = item["b"]
        kop = plain(say("boodschap_kop", b))
        if b.andere_kant_groter or not b.referenties:
            continue
        first = kop.split(": ", 1)[1]
        if "vergelijking" in {r.sleutel for r in b.referenties}:  # a real difference with the group
            assert first.split(",")[0].endswith(group), kop  # the primary comparison first
        else:
            assert "in Vlaanderen" in first and f"ongeveer evenveel als {group}" in first, kop
    key = context["kernboodschap"]
    assert key.indicator == "woningtype_gewenst" and key.groep.oordeel == "gelijk"
    folder = samples.infographics("leuven")
    page = plain(folder.joinpath("index.html").read_text(encoding="utf-8").split("<h1>", 1)[1].split("</h1>")[0])
    assert page.endswith(f"meer dan in Vlaanderen, ongeveer evenveel als {group}"), page
    with pdfplumber.open(folder / "affiche.pdf") as pdf:
        assert len(pdf.pages) == 1
        text = plain(pdf.pages[0].extract_text())
    title = text.split("Leuven:", 1)[0]
    assert ("Vlaanderen" in title) == (group in title), title
    assert f"Meer dan in Vlaanderen, ongeveer evenveel als {group}." in text

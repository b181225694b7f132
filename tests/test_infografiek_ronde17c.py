"""Citizen material, round 17c (issue 28, the poster's layout after round 17): nothing on the poster
touches (a fixed gap above the call box and above the small print), and its other ways to react in one
compact sentence with one example mark."""

from types import SimpleNamespace

import pytest

from thuis_cli.products.infografiek import POSTER_GAP_MM
from thuis_cli.templating import macro
from thuis_cli.workspace import Workspace

from conftest import pdf_pages, plain
from conftest import infographic_context as _build_context

SAMPLES = ["leuven", "lendelede", "herent", "gent"]
MM = 25.4 / 72
BOX = (0.94902, 0.960784, 0.972549)  # the plan's and the call's background (#F2F5F8)


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


_CONTEXTS: dict = {}


def infographic_context(session, gemeente: str) -> dict:
    """The resident material's context, built once per module and municipality (tests only read it)."""
    if gemeente not in _CONTEXTS:
        _CONTEXTS[gemeente] = _build_context(session, gemeente)
    return _CONTEXTS[gemeente]


def _layout(pdf) -> tuple[float, float, float, float]:
    """The poster's parts down the page, in mm: the lowest edge of the cards (rules, bars, plan boxes),
    the call box's top and bottom, and the top of the small print (the words under 14 pt)."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        call = max((r for r in page.rects if r.get("non_stroking_color") == BOX), key=lambda r: r["top"])
        cards = [r for r in page.rects if r["top"] < call["top"] - 1]
        small = [w for w in page.extract_words(extra_attrs=["size"]) if w["size"] < 14]
    return (max(r["bottom"] for r in cards) * MM, call["top"] * MM, call["bottom"] * MM,
            min(w["top"] for w in small) * MM)


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_nothing_on_the_poster_touches(samples, gemeente):
    """Lendelede's plan box ran 2 mm into the call box (the layout estimate took its seven-line small
    print as 30 mm and the cards shrank to fit): the last card, the call box and the small print each keep
    a fixed gap (POSTER_GAP_MM) between them, measured in the rendered PDF, and the poster is one page."""
    pdf = samples.infographics(gemeente) / "affiche.pdf"
    cards_end, call_top, call_end, small_top = _layout(pdf)
    assert call_top - cards_end >= POSTER_GAP_MM, (gemeente, cards_end, call_top)
    assert small_top - call_end >= POSTER_GAP_MM, (gemeente, call_end, small_top)
    assert len(pdf_pages(pdf)) == 1


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_the_poster_gives_the_other_ways_to_react_in_at_most_two_lines(session, samples, gemeente):
    """The e-mail, the phone and the counter took three heavy lines, each with its '(voorbeeld)': one
    sentence now, at most two lines on the poster, with every configured way to react (the phone number on
    one line) and, as all three are examples, one mark for the lot."""
    deelname = infographic_context(session, gemeente)["deelname"]
    mark = " (voorbeeld)"
    lines = [plain(line) for line in pdf_pages(samples.infographics(gemeente) / "affiche.pdf")[0].splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Of mail"))
    contact = " ".join(lines[start:start + 2])
    assert contact.endswith("(voorbeeldgegevens)."), contact  # the sentence ends within two lines
    assert contact.count("(voorbeeld") == 1, contact
    address = deelname.contact.replace(mark, "").removeprefix("Of ").rstrip(".")
    number = deelname.telefoon.replace(mark, "")
    assert f"Of {address}, bel {number} of kom langs bij {deelname.loket.replace(mark, '')}" in contact
    assert any(number in line for line in lines[start:start + 2]), "the phone number breaks over two lines"


def test_ways_to_react_that_are_not_all_examples_keep_their_own_marks():
    """Only where every way given is an example does one '(voorbeeldgegevens)' stand for the lot; a real
    e-mail beside an example phone number keeps that number's own mark, and a single way needs no 'of'."""
    mixed = SimpleNamespace(contact="Of mail naar wonen@gemeente.be.", telefoon="056 00 00 00 (voorbeeld)",
                            loket="het onthaal")
    assert plain(macro("_zinnen.html", "contact_regel", mixed)) == (
        "Of mail naar wonen@gemeente.be, bel 056 00 00 00 (voorbeeld) of kom langs bij het onthaal.")
    only_phone = SimpleNamespace(contact=None, telefoon="056 00 00 00", loket=None)
    assert plain(macro("_zinnen.html", "contact_regel", only_phone)) == "Of bel 056 00 00 00."


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_the_address_s_example_mark_keeps_room_before_the_box_s_edge(samples, gemeente):
    """Leuven's '(voorbeeld)' after the web address ran up to the call box's right border: the mark ends
    at least POSTER_MM['oproep']['adres_rechts'] inside the box's padding, on the address's line where it
    fits so, else on the next line (measured in the rendered PDF)."""
    import pdfplumber

    from thuis_cli.products.infografiek import POSTER_MM

    sizes = POSTER_MM["oproep"]
    with pdfplumber.open(samples.infographics(gemeente) / "affiche.pdf") as document:
        page = document.pages[0]
        call = max((r for r in page.rects if r.get("non_stroking_color") == BOX), key=lambda r: r["top"])
        words = [w for w in page.extract_words() if call["top"] < w["top"] and w["bottom"] < call["bottom"]]
    address = next(w for w in words if "/woontest" in w["text"])
    mark = next(w for w in words if w["text"] == "(voorbeeld)" and w["top"] > address["top"] - 1)
    assert mark["top"] < address["bottom"] + 15  # on the address's line or the next
    assert (call["x1"] - mark["x1"]) * MM >= sizes["chrome_w"] / 2 + sizes["adres_rechts"] - 0.5, gemeente

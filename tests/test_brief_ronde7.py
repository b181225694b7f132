"""Issue 27, seventh blind reading of the department brief: headlines in clear Dutch word order, page 1 never
silent about lying on the other side of Flanders, and the interval width stated once."""

import re

import pytest

from thuis_cli.products.brief import brief_context, ordered_references

from conftest import pdf_pages

FULL = [("leuven", "ruimte"), ("leuven", "wonen"), ("merelbeke-melle", "ruimte"), ("merelbeke-melle", "wonen")]


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def loose(text: str) -> str:
    """Without spaces and hyphens: a name the PDF breaks at its hyphen ('Vlaams-|Brabant') still matches."""
    return re.sub(r"[-\s]", "", text)


@pytest.fixture(scope="module")
def ws(samples):
    return samples.ws


@pytest.fixture(scope="module")
def pages(samples):
    return {(g, d): [plain(p) for p in pdf_pages(samples.brief(g, d))] for g, d in FULL}


def _headlines(first_page: str) -> list[str]:
    """The numbered finding headlines of page 1, each up to its figure line ('Leuven 35 % (…')."""
    return re.findall(r"\b\d\. (Een (?:kleiner|groter) deel .*?)(?= [A-Z][\w-]+ \d+ % \()", first_page)


# --- 1. the comparison right after its subject ------------------------------------------------------------

@pytest.mark.parametrize("dienst", ["ruimte", "wonen"])
def test_a_headline_puts_its_comparison_right_after_the_participants(ws, pages, dienst):
    """'Een kleiner deel van de deelnemers in Leuven dan in Gent en Kortrijk kiest …', never '… kiest een
    compacte woning … dan in Gent en Kortrijk' (which reads as 'rather than in Gent')."""
    ctx = brief_context(ws, ws.municipality("leuven"), dienst)
    points = [p for p in ctx["oogopslag"] if p["bevinding"].kind == "verschil"]
    heads = _headlines(pages["leuven", dienst][0])
    assert points and len(heads) >= len(points)
    for p, head in zip(points, heads):
        assert head.startswith(f"Een {'groter' if p['bevinding'].diff > 0 else 'kleiner'} deel van de deelnemers "
                               "in Leuven dan in Gent en Kortrijk"), head
        assert head.endswith(p["kernlabel"]), head  # the verb phrase closes the sentence
    assert "dicht bij voorzieningen dan in Gent" not in pages["leuven", "ruimte"][0]


# --- 2. the other side of Flanders said on page 1 --------------------------------------------------------

@pytest.mark.parametrize("gemeente,dienst", FULL)
def test_a_page_one_finding_names_every_reference_on_the_other_side(ws, pages, gemeente, dienst):
    """A municipality below its comparison group but betekenisvol above the province or Flanders (the one
    verdict, area.versus) says so in the headline, with the figure and n in the line below it."""
    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    area = ws.area(ws.municipality(gemeente))
    first = pages[gemeente, dienst][0]
    for p in ctx["oogopslag"]:
        f = p["bevinding"]
        if f.kind != "verschil":
            continue
        other_side = [ref.gebied.in_zin for key, ref in ordered_references(area)
                      if (c := area.versus(f.indicator, key)).comparable and c.real and (c.diff > 0) != (f.diff > 0)]
        assert [t["gebied"].in_zin for t in p["tegen"]] == other_side
        if other_side:
            more = "minder" if f.diff > 0 else "meer"
            assert loose(f", maar {more} dan in {' en '.join(other_side)}, {p['kernlabel']}") in loose(first)
            for t in p["tegen"]:
                assert loose(f"{t['gebied'].in_zin}: {round(t['cijfer'].share * 100)} % (") in loose(first)


def test_leuven_below_the_centrumsteden_but_above_the_province_says_so_in_headline_and_key_message(pages):
    first = loose(pages["leuven", "ruimte"][0])
    assert loose("Een kleiner deel van de deelnemers in Leuven dan in Gent en Kortrijk, maar meer dan in de "
            "provincie Vlaams-Brabant, kiest (eerder) een compacte woning dicht bij voorzieningen") in first
    assert loose("een compacte woning dicht bij voorzieningen kiest (16 procentpunt minder, maar meer dan in de "
            "provincie Vlaams-Brabant)") in first
    wonen = loose(pages["leuven", "wonen"][0])
    assert loose("in een dorpskern of in de stad wil wonen (11 procentpunt minder, maar meer dan in de provincie "
            "Vlaams-Brabant en Vlaanderen)") in wonen


# --- 3. one story on page 1 --------------------------------------------------------------------------------

def _key_message(first_page: str) -> str:
    return first_page[first_page.index("Wat valt op voor uw dienst") + len("Wat valt op voor uw dienst"):
                      first_page.index("Hoe zeker:")].strip()


@pytest.mark.parametrize("gemeente,dienst", FULL)
def test_no_key_message_is_taken_back_later_on_page_one(ws, pages, gemeente, dienst):
    """A group gap that is common elsewhere ('Binnen uw gemeente': not clearly larger here) never leads; a
    page 1 without a finding says so in its key message, not two paragraphs after a key message that
    sounded like one."""
    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    first = pages[gemeente, dienst][0]
    key = _key_message(first)
    for w in ctx["binnen"]:
        assert f"‘{w['groep'].lower()}’" not in key, (key, w["groep"])
    if not ctx["oogopslag"]:
        assert key.startswith(f"{ctx['gemeente']} wijkt voor de onderwerpen van deze dienst niet betekenisvol af van "
                              f"{ctx['primair'].in_zin}: een eigen bevinding met een volgende stap is er niet."), key
        assert "Wat uw dienst wel kan doen: " in key
        assert first.count("eigen bevinding met een volgende stap") == 1  # said once, at the top
    else:
        assert "een eigen bevinding met een volgende stap is er niet" not in first


def test_merelbeke_melle_wonen_leads_with_no_finding_and_what_to_do_instead(ws, pages):
    ctx = brief_context(ws, ws.municipality("merelbeke-melle"), "wonen")
    assert not ctx["oogopslag"] and ctx["binnen"] and ctx["vragen"]  # the reading's case: group gaps, no finding
    key = _key_message(pages["merelbeke-melle", "wonen"][0])
    assert "65 jaar of ouder" not in key and "procentpunt" not in key
    assert key.endswith("de vragen onderaan met het team bespreken.")


# --- 5. the interval width stated once --------------------------------------------------------------------

@pytest.mark.parametrize("gemeente,dienst", FULL)
def test_page_one_states_the_interval_width_once_in_hoe_zeker(ws, pages, gemeente, dienst):
    first = pages[gemeente, dienst][0]
    limit = ws.config.instellingen.oogopslag.max_interval_pp
    assert "Hoe zeker:" in first and re.search(r"intervallen tot \d+ procentpunt breed", first)
    assert f"hoogstens {limit:g} procentpunt breed" not in " ".join(pages[gemeente, dienst])
    assert "Tussen haakjes: het 95%-interval en n, het aantal antwoorden." in " ".join(pages[gemeente, dienst])

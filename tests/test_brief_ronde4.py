"""Issue 27, fourth blind reading of the department brief: page 1 claims only what the brief's own rules
support ('net als' a comparison group only when that group itself differs betekenisvol), advice scaled
to a self-selected survey and addressed to the forum that decides, the rental stock said as a finding
about landlords, small municipalities pointed to better sources, no method jargon on the reader pages,
and page 1 ending on page 1."""

import re

import pytest

from thuis_cli.products.brief import brief_context, page_one
from thuis_cli.templating import macro

from conftest import plain

BRIEFS = [("leuven", "ruimte"), ("leuven", "wonen"), ("merelbeke-melle", "ruimte"), ("lendelede", "ruimte"),
          ("spiere-helkijn", "ruimte")]


@pytest.fixture(scope="module")
def pages(samples):
    return {(g, d): samples.brief_pages(g, d) for g, d in BRIEFS}


# --- 1. claims the brief's own rules support -----------------------------------------------------------

@pytest.mark.parametrize("gemeente,dienst", BRIEFS)
def test_net_als_names_only_a_difference_the_comparison_group_itself_shows(ws, gemeente, dienst):
    area = ws.area(ws.municipality(gemeente))
    one = page_one(ws, ws.municipality(gemeente), dienst)
    group = area.reference(area.primary_key()) if area.primary_key() else None
    min_pp = ws.config.instellingen.statistiek.min_verschil_pp
    assert group is not None or not one.context
    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    for c in ctx["context"]:
        if not c["net_als"]:  # said plainly, with the primary comparison's figure beside it
            continue
        f = c["bevinding"]
        key = one.scope.key_of(f.reference_area)
        theirs = group.versus(f.indicator, key)
        assert theirs.real and theirs.diff * f.diff > 0 and abs(theirs.diff) * 100 >= min_pp, \
            (gemeente, f.indicator, key, theirs.diff)


def test_a_group_barely_above_flanders_is_no_net_als(pages):
    """The other centrumsteden choose green over parking 45 % against Flanders' 42 %: less than the
    minimal difference, so Leuven does not lie above Flanders 'like the other centrumsteden'."""
    first = pages["leuven", "ruimte"][0]
    net_als = re.findall(r"Net als [^.]*\.", first)
    assert not any("groen" in s for s in net_als), net_als
    first = pages["merelbeke-melle", "ruimte"][0]
    assert not any("levendige" in s for s in re.findall(r"Net als [^.]*\.", first))


@pytest.mark.parametrize("gemeente,dienst", BRIEFS + [("gent", "ruimte"), ("bierbeek", "wonen")])
def test_every_comparison_group_gap_page_one_prints_stands_in_the_annex(ws, gemeente, dienst):
    """'Eigenaar ... In vergelijkbare gemeenten: −9 pp' on Merelbeke-Melle's page 1 stood nowhere in the
    annex: each 'Binnen uw gemeente' gap set against the comparison's has its line under that table."""
    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    notes = {b["id"]: " ".join(plain(macro("woorden/brief.html", "groep_elders", e, ctx["gemeente"]))
                               for e in b["groepen_elders"]) for b in ctx["bewijs"]}
    for w in ctx.get("binnen") or []:
        if not w["elders"]:
            continue
        h, t = w["verschil"], w["elders"]["verschil"]  # in words (sixth reading), the same numbers
        here, there = f"{h.amount} procentpunt {h.direction}", f"{t.amount} procentpunt {t.direction}"
        note = notes[w["indicator"]]
        assert f"‘{w['groep']}’ tegenover de andere deelnemers: {here} in {ctx['gemeente']}, {there} in" in note, \
            (gemeente, dienst, w["groep"], here, there, note)
        verdict = ("duidelijk groter" if w["uitzonderlijk"]
                   else "misschien groter, maar dat is niet zeker" if w["elders_kleiner"]
                   else "ongeveer even groot")
        assert f"; in {ctx['gemeente']} {verdict}" in note, note


def test_merelbeke_melle_owners_living_in_a_kern_have_their_annex_line(ws):
    ctx = brief_context(ws, ws.municipality("merelbeke-melle"), "ruimte")
    kern = next(b for b in ctx["bewijs"] if b["label"] == "Wil in een kern wonen")
    assert any(e["groep"] == "Eigenaar" for e in kern["groepen_elders"])


# --- 2. advice scaled to the evidence, to real owners and forums ----------------------------------------

FORUMS = ("Gecoro", "college", "lokaal woonoverleg", "woonoverleg", "gemeenteraad", "Meerjarenplan",
          "Beleidsplan Ruimte", "lokaal woonbeleidsplan", "mobiliteitsplan", "woonloket", "omgevingsvergunning",
          "projectoverleg", "intergemeentelijk", "klimaatplan", "Sociaal Huis", "seniorenraad", "adviesraad",
          "overleg", "plan", "programma", "vergunning", "begroting", "reglement", "premie", "loket", "raad")


def test_the_agenda_field_names_a_forum_never_a_source(ws):
    for dienst_id, dienst in ws.config.diensten.diensten.items():
        for a in dienst.acties:
            assert "register" not in a.instrument.lower(), (dienst_id, a.instrument)
            assert a.wie != "de Gecoro-secretaris", (dienst_id, a.resultaat)  # the Gecoro advises, it does not do


def test_no_budget_straight_from_a_self_selected_survey_and_bbc_words(ws, pages):
    text = " ".join(" ".join(p) for p in pages.values())
    assert "budgetwijziging" not in text
    for dienst in ws.config.diensten.diensten.values():
        for a in dienst.acties:
            assert not a.resultaat.lower().startswith("budget"), a.resultaat
            assert "budgetwijziging" not in a.moment
    wonen = pages["leuven", "wonen"][0]
    assert "Budget voor aanpasbaar wonen" not in wonen


def test_leuven_does_not_count_the_comparison_group_s_permits_in_its_own_register(pages):
    first = pages["leuven", "ruimte"][0]
    assert "kleiner dan in de vergelijkingsgroep?" not in first
    if "vergunningenregister" in first:
        assert "Statbel" in first


# --- 5. no method jargon on the reader's pages --------------------------------------------------------

@pytest.mark.parametrize("gemeente,dienst", BRIEFS)
def test_no_method_jargon_and_one_explanation_of_the_two_thresholds(pages, gemeente, dienst):
    text = " ".join(pages[gemeente, dienst])
    for jargon in ("Benjamini", "Hochberg", "de toets", "valt weg na de correctie", "Gemaakt met thuis",
                   "te klein om mee te tellen", "niet aan te tonen)"):
        assert jargon not in text, (gemeente, dienst, jargon)
    if "Bijlage: alle cijfers" in text:
        assert text.count("gecorrigeerd voor het aantal vergelijkingen") == 1


# --- 3. tenants and renovation: a finding about the rental stock -----------------------------------------

def within_bullets(page: str) -> list[str]:
    part = page[page.index("Binnen uw gemeente"):]
    part = part[:part.index("De cijfers achter")] if "De cijfers achter" in part else part
    return [b.strip() for b in part.split("•")[1:]]


@pytest.mark.parametrize("gemeente,dienst", [("leuven", "wonen"), ("leuven", "ruimte")])
def test_the_landlord_sentence_stands_under_the_renovation_bullet_only(pages, gemeente, dienst):
    text = " ".join(pages[gemeente, dienst][:2])
    bullets = within_bullets(text)
    assert bullets
    for b in bullets:
        if "verhuurder" in b:
            assert "energierenovatie" in b and b.startswith("Huurwoningen"), b
        if "energierenovatie" in b and "huurders" in b:
            assert "Over renovatie beslist de verhuurder" in b
        assert not b.startswith("Huurder: ") or "energierenovatie" not in b  # no 'tenants do not renovate' truism
    if dienst == "wonen":  # the tenants' renovation gap: on page 1 ('Ook van belang'), or under 'Binnen uw gemeente'
        assert any(b.startswith("Huurwoningen") for b in bullets) or \
            "maar niet eigen aan Leuven: huurders plannen minder vaak een energierenovatie" \
            in pages[gemeente, dienst][0]


# --- 6. layout: page 1 ends on page 1; a note under an annex table stays with it ---------------------------

@pytest.mark.parametrize("gemeente,dienst", BRIEFS)
def test_the_page_one_block_ends_on_page_one(pages, gemeente, dienst):
    """Merelbeke-Melle's page 1 ran over: 'Ook het bespreken waard' alone with one bullet on top of p2."""
    second = pages[gemeente, dienst][1]
    kort = "Wat we over" in pages[gemeente, dienst][0]
    first_heading = second.split("Woontest Thuis in de Toekomst", 1)[-1].strip()
    if not kort:
        assert first_heading.startswith(("Binnen uw gemeente", "De cijfers achter de bevindingen")), first_heading[:120]
    assert "bespreken waard" not in second and "Volgende stappen" not in second
    assert not first_heading.startswith("•")


def test_page_one_leaves_the_suppression_explanation_to_the_annex(pages):
    first, rest = pages["merelbeke-melle", "ruimte"][0], " ".join(pages["merelbeke-melle", "ruimte"][1:])
    assert "door af te trekken" not in first and "door af te trekken" in rest
    assert "eerste meerjarenplan" not in first

"""Issue 27, sixteenth blind reading of the department brief: one owner per finding across a municipality's briefs,
the housing office's own topics first, reasons that fit the breakdown, a short brief that separates its own figures
from the region's, and page-1 words that are defined where they are used."""

import pytest

from thuis_cli import actions

MUNICIPALITIES = ("leuven", "lendelede", "merelbeke-melle")


@pytest.fixture(scope="module")
def contexts(samples):
    from thuis_cli.products.brief import brief_context

    ws = samples.ws
    return {(g, d): brief_context(ws, ws.municipality(g), d) for g in MUNICIPALITIES for d in ("ruimte", "wonen")}


def _steps(context: dict) -> list[dict]:
    return [p for p in context.get("oogopslag") or [] if p.get("actie") is not None]


def _finding(p: dict) -> tuple:
    f = p["bevinding"]
    return (f.indicator, f.kind, f.direction, f.group, f.reference_area.naam if f.reference_area else None)


# --- 1. one owner per finding --------------------------------------------------------------------------------------

@pytest.mark.parametrize("gemeente", MUNICIPALITIES)
def test_one_finding_has_one_step_owner_and_instrument_across_a_municipalitys_briefs(contexts, gemeente):
    """Leuven's ruimte brief gave 'find out why fewer want to live in a kern' to de dienst omgeving via the Beleidsplan
    Ruimte, its wonen brief to de dienst wonen via the lokaal woonoverleg: now the same finding has one (wie, via)."""
    owners: dict[tuple, set[tuple[str, str]]] = {}
    for dienst in ("ruimte", "wonen"):
        for p in _steps(contexts[gemeente, dienst]):
            owners.setdefault(_finding(p), set()).add((p["actie"].wie, p["actie"].instrument))
    assert all(len(pairs) == 1 for pairs in owners.values()), owners


def test_leuven_wonen_says_omgeving_leads_the_kern_question_and_gives_its_own_part(samples, contexts):
    """The lead is the department whose core topic it is (ligging_gewenst: ruimte); the wonen brief names that lead
    and its own part, the rondvraag bij de woonmaatschappij."""
    config = samples.ws.config
    assert actions.lead_department(config.diensten.diensten, "ligging_gewenst") == "ruimte"
    kern = [p for p in _steps(contexts["leuven", "wonen"]) if p["indicator"] == "ligging_gewenst"]
    assert kern and kern[0]["actie"].wie == "de dienst omgeving" and kern[0]["uw_deel"]["wie"] == "de dienst wonen"
    page = samples.brief_pages("leuven", "wonen")[0]
    assert "De dienst omgeving trekt dit: zoek uit" in page and "(via Beleidsplan Ruimte, " in page
    assert "uw deel: een rondvraag" in page
    assert "via: lokaal woonoverleg · wanneer: op het woonoverleg van najaar 2027, vóór" not in page


def test_a_core_topic_of_two_departments_is_led_by_the_first_in_diensten_yaml(samples):
    """The tie-break (docs/methode.md): renovation plans are core to wonen and, here, to milieu-klimaat too."""
    diensten = dict(samples.ws.config.diensten.diensten)
    climate = diensten["milieu-klimaat"].model_copy(update={"kern": ["renovatieplannen"]})
    both = {"milieu-klimaat": climate, **{k: v for k, v in diensten.items() if k != "milieu-klimaat"}}
    assert actions.lead_department(both, "renovatieplannen") == "milieu-klimaat"
    assert actions.lead_department(diensten, "renovatieplannen") == "wonen"
    assert actions.lead_department(diensten, "tuin_delen") is None


# --- 2. the housing office's own topics first ------------------------------------------------------------------------

def test_leuven_wonen_page_one_carries_the_tenants_renovation_gap_with_its_landlord_step(samples, contexts):
    """The woonloket's own result (tenants 6 % against 26 % plan an energy renovation) stood on page 2. It is as large
    in the other centrumsteden, so page 1 says so in the same line instead of calling it special, and gives the step
    aimed at landlords."""
    extra = contexts["leuven", "wonen"]["ook_van_belang"]
    assert extra is not None and extra["huurders"] and extra["actie"].voor in ("verhuurders", "huurders", "iedereen")
    page = samples.brief_pages("leuven", "wonen")[0]
    line = page[page.index("maar niet eigen aan Leuven:"):]  # round 18: labelled as context
    assert "In de andere centrumsteden is dat verschil" in line and "geen eigenheid van Leuven" in line
    assert "verhuurders" in line[:line.index("Over deze cijfers")]  # round 18: after the numbered findings


def test_leuven_wonen_gives_its_own_topics_before_a_finding_another_department_leads(samples, contexts):
    """Page 1 of the wonen brief: its core topics, the tenants' renovation gap included, come before the kern finding
    de dienst omgeving leads."""
    points = contexts["leuven", "wonen"]["oogopslag"]
    led = [p["elders_getrokken"] for p in points]
    assert led == sorted(led) and any(led)
    page = samples.brief_pages("leuven", "wonen")[0]
    # round 18: a line that is not special for Leuven is context: after every finding, its own included
    assert page.index("De dienst omgeving trekt dit") < page.index("maar niet eigen aan Leuven:")


# --- 3. a step's reason fits the brief's own breakdown ---------------------------------------------------------------

REASON = ("zodat", "want", "omdat")
LONG = (("leuven", "ruimte"), ("leuven", "wonen"), ("merelbeke-melle", "ruimte"))


def test_every_numbered_step_on_page_one_of_the_long_briefs_says_why(contexts):
    """Leuven ruimte step 1 (fewer choose compact homes: quality requirements to the Gecoro) had no because-clause;
    every numbered step now says why it follows from its finding."""
    for key in LONG:
        for p in _steps(contexts[key]):
            words = (p["actie"].besluit or p["actie"].resultaat).lower()
            assert any(f" {w} " in f" {words} " for w in REASON), (key, words)
    compact = next(p for p in _steps(contexts["leuven", "ruimte"]) if p["indicator"] == "vrijstaand_of_compact")
    assert "zodat meer mensen compact kiezen" in compact["actie"].besluit


def test_the_staying_longer_reason_never_stands_where_the_65_plussers_are_not_below(samples, contexts):
    """Leuven wonen argued 'wie niet kleiner wil wonen, blijft langer in een woning die later niet meer past' while its
    65-plussers are more willing to live smaller (50 % against 24 %): a reason that rests on a group (steunt_op) fits
    only when that group lies on the finding's side."""
    from thuis_cli.products.brief import groups_same_way, page_one

    ws = samples.ws
    for gemeente, dienst in LONG + (("merelbeke-melle", "wonen"),):
        first = page_one(ws, ws.municipality(gemeente), dienst)
        for f, a in zip(first.findings, first.actions):
            if a is not None and "blijft langer in een woning" in a.besluit:
                assert "leeftijd:65+" in groups_same_way(first.scope, f), (gemeente, dienst)
    leuven = page_one(ws, ws.municipality("leuven"), "wonen")
    smaller = next(f for f in leuven.findings if f.indicator == "kleiner_wonen")
    assert "leeftijd:65+" not in groups_same_way(leuven.scope, smaller)
    assert "blijft langer in een woning" not in samples.brief_pages("leuven", "wonen")[0]


def test_steunt_op_lets_the_reason_stand_where_the_group_lies_on_the_findings_side(samples):
    """The other side of the rule: where the 65-plussers are below the others too, the staying-longer step fits."""
    from thuis_cli.actions import Situation, ranked

    ws = samples.ws
    wonen = ws.config.diensten.diensten["wonen"]
    ind = ws.config.catalogus.by_id["kleiner_wonen"]
    below = Situation(ind, -1, "vergelijking", same_way=frozenset({"leeftijd:65+"}))
    above = Situation(ind, -1, "vergelijking")
    assert "blijft langer in een woning" in ranked(wonen, below)[0].besluit
    assert all("blijft langer in een woning" not in a.besluit for a in ranked(wonen, above))


# --- 6. a term is defined on the page that uses it -------------------------------------------------------------------

def test_andere_situatie_is_defined_in_the_annex_that_uses_it_not_on_page_one(samples):
    """Page 1's 'Over deze cijfers' defined 'Andere situatie', a row only the annex tables have."""
    for gemeente, dienst in (("leuven", "ruimte"), ("merelbeke-melle", "ruimte")):
        pages = samples.brief_pages(gemeente, dienst)
        assert "‘Andere situatie’" not in pages[0] and "Andere situatie" not in pages[0]
        defined = [i for i, page in enumerate(pages) if "‘Andere situatie’ in de tabellen" in page]
        assert len(defined) == 1 and "Andere situatie" in pages[defined[0]].replace("‘Andere situatie’", "")


# --- 4. (part) the short brief's page 1 without the statistical aside --------------------------------------------

@pytest.mark.parametrize("dienst", ["ruimte", "wonen"])
def test_the_short_brief_keeps_the_interval_aside_in_over_deze_cijfers_not_on_page_one(samples, dienst):
    """'Ook een interval dat het cijfer van de provincie niet raakt, …' stood on Lendelede's page 1; it belongs with
    the other notes on the figures."""
    pages = samples.brief_pages("lendelede", dienst)
    assert len(pages) <= 2 and "interval dat" not in pages[0].split("Over deze cijfers")[0]
    text = " ".join(pages)
    assert "Een interval dat Vlaanderen niet raakt, is nog geen betekenisvol verschil." in text[
        text.index("Over deze cijfers"):]


# --- 6. one hedge per page, no page numbers in HTML -----------------------------------------------------------------

def test_no_hedge_sentence_stands_twice_on_one_page(samples):
    """Merelbeke-Melle's page 1 said 'hier misschien groter, maar dat is niet zeker' twice; a later gap says
    'evenmin zeker groter'."""
    pages = samples.brief_pages("merelbeke-melle", "ruimte")
    assert "evenmin zeker groter" in " ".join(pages)
    for page in (pages[0], samples.brief_pages("leuven", "ruimte")[1]):  # the pages with 'Binnen uw gemeente'
        assert page.count("misschien groter, maar dat is niet zeker") <= 1


def test_the_html_brief_never_refers_to_a_page(samples):
    """The HTML said 'op pagina 1'; a web page has no pages: it says 'bij ‘Wat valt op’'."""
    import re

    for gemeente, dienst in (("merelbeke-melle", "ruimte"), ("leuven", "ruimte")):
        html = samples.brief(gemeente, dienst).with_suffix(".html").read_text(encoding="utf-8")
        body = re.sub(r"<style.*?</style>|<script.*?</script>", "", html, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", body)
        assert not re.search(r"\bpagina\b", text, flags=re.I), re.findall(r".{40}pagina.{20}", text, flags=re.I)
    pages = samples.brief_pages("merelbeke-melle", "ruimte")
    assert any("bij ‘Wat valt op’" in p for p in pages)


# --- 5. a widened comparison group says its rule in one line ---------------------------------------------------------

def test_two_small_neighbours_groups_read_consistent_from_their_own_size_class(samples):
    """Lendelede's group read 'minder dan 40.000 inwoners' with members four to five times its size, Spiere-Helkijn's
    'minder dan 20.000': both now start from their own class and say how far it was widened, and why."""
    import re

    widened = {}
    for gemeente in ("Lendelede", "Spiere-Helkijn"):
        text = " ".join(samples.brief_pages(gemeente.lower(), "wonen")).replace("Spiere-\nHelkijn", "Spiere-Helkijn")
        found = re.search(rf"gemeenten met minder dan 10\.000 inwoners, zoals {gemeente}; omdat te weinig daarvan "
                          r"genoeg antwoorden hadden, verbreed tot minder dan ([\d.]+) inwoners in West-Vlaanderen",
                          text)
        assert found, gemeente
        widened[gemeente] = found.group(1)
    assert widened == {"Lendelede": "40.000", "Spiere-Helkijn": "20.000"}

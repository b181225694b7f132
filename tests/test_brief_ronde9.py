"""Issue 27, ninth blind reading of the department brief: counts that add up, neutral theme headings and a key
message that does not claim a whole theme, one rule for group gaps on page 1, and wonen's key message and steps
in the housing office's own terms."""

import re

import pytest
from thuis_cli.products.brief import brief_context

from conftest import pdf_pages, plain

FULL = [("leuven", "ruimte"), ("leuven", "wonen"), ("merelbeke-melle", "ruimte"), ("merelbeke-melle", "wonen")]
NUMBERS = {"het": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8}


@pytest.fixture(scope="module")
def ws(samples):
    return samples.ws


@pytest.fixture(scope="module")
def texts(samples):
    return {(g, d): [plain(p) for p in pdf_pages(samples.brief(g, d))] for g, d in FULL}


def _key_message(first_page: str) -> str:
    start = first_page.index("Wat valt op voor uw dienst") + len("Wat valt op voor uw dienst")
    return first_page[start:first_page.index("Hoe zeker:")].strip()


# --- 1. counts that add up ------------------------------------------------------------------------------------

@pytest.mark.parametrize("gemeente,dienst", FULL)
def test_within_counts_add_up_shown_plus_annex_plus_the_named_rest_is_the_total(ws, texts, gemeente, dienst):
    """'De drie grootste van de 38 … nog 18 in de bijlage' left 17 nowhere: every gap counted is now either
    given, in the annex, or said to stand nowhere apart, and the printed numbers add up to the total."""
    text = " ".join(texts[gemeente, dienst])
    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    keuze = ctx["binnen_keuze"]
    intro = re.search(r"(?:De (\w+) grootste van de (\d+) betekenisvolle verschillen|De betekenisvolle verschillen"
                      r"|Het enige betekenisvolle verschil) tussen een groep[^.]*?"
                      r"breed\)(?:; (?:de )?(\d+) andere staan in de bijlage)?(?:, de overige (\d+) niet apart"
                      r"|; de overige (\d+) staan niet apart)?", text)
    assert intro, text[:3000]
    bullets = len(ctx["binnen"])
    total = int(intro.group(2)) if intro.group(2) else bullets
    if intro.group(1):
        assert NUMBERS[intro.group(1)] == bullets
    annex = int(intro.group(3) or 0)
    rest = int(intro.group(4) or intro.group(5) or 0)
    assert bullets + annex + rest == total == keuze["van"]
    assert (annex, rest) == (keuze["in_bijlage"], keuze["rest"])


# --- 2. neutral theme headings; a key message that does not claim the whole theme -------------------------------

@pytest.mark.parametrize("gemeente,dienst", FULL)
def test_annex_theme_headings_are_topics_never_the_catalogue_policy_goal(ws, texts, gemeente, dienst):
    text = " ".join(texts[gemeente, dienst])
    goals = [t.titel for t in ws.config.catalogus.themas.values() if t.titel.startswith("Meer mensen")]
    assert goals and not [g for g in goals if g in text]
    assert "Wonen op minder ruimte" in text


def test_a_key_message_over_part_of_a_theme_says_how_many_of_its_questions(ws, texts):
    """Leuven ruimte: three findings below Gent and Kortrijk, the theme's fourth question equal (54 % against
    54 %): 'bij drie van de vier vragen hierover', not 'bij alle drie bevindingen' as if the theme leaned so."""
    ctx = brief_context(ws, ws.municipality("leuven"), "ruimte")
    theme = ctx["kernboodschap_samen"]["thema"]
    in_theme = [i for i in ws.config.diensten.diensten["ruimte"].indicatoren
                if ws.config.catalogus.by_id[i].thema == theme]
    on_page = {p["indicator"] for p in ctx["oogopslag"]}
    assert len(in_theme) == 4 and len(on_page) == 3 and on_page < set(in_theme)
    equal = (set(in_theme) - on_page).pop()
    area = ws.area(ws.municipality("leuven"))
    assert not area.versus(equal, area.primary_key()).real
    key = _key_message(texts["leuven", "ruimte"][0])
    assert "bij drie van de vier vragen hierover" in key and "alle drie" not in key


# --- 3. one rule for group gaps on page 1, stated as applied ------------------------------------------------------

def test_the_rule_for_group_gaps_states_the_exception_page_one_makes(texts):
    """Leuven wonen keeps the tenants' renovation gap on page 1 ('Ook van belang', as large in the other
    centrumsteden); page 2's rule text says why, instead of 'niet duidelijk groter dan elders, dus niet bij
    Wat valt op' alone, and the box says it is so elsewhere too."""
    pages = texts["leuven", "wonen"]
    assert "Ook van belang: huurders plannen minder vaak een energierenovatie" in pages[0]
    box = pages[0][pages[0].index("Ook van belang"):]
    assert "zoals in de andere centrumsteden" in box[:box.index("Volgende stap")]
    rest = " ".join(pages[1:])
    assert "Niet duidelijk groter dan elders, dus niet bij ‘Wat valt op’" in rest
    assert ("Eén uitzondering staat wel op pagina 1, ook al is ze elders even groot: een groepsverschil dat een "
            "instrument van uw dienst raakt (huurders en renovatie).") in rest
    # where page 1 has no such box, no exception is announced
    assert "Ook van belang" not in texts["leuven", "ruimte"][0]
    assert "Eén uitzondering" not in " ".join(texts["leuven", "ruimte"])


# --- 4. wonen's key message and steps speak wonen ---------------------------------------------------------------

def test_wonen_key_message_speaks_housing_and_differs_from_ruimte(texts):
    wonen, ruimte = (_key_message(texts["leuven", d][0]) for d in ("wonen", "ruimte"))
    assert wonen != ruimte
    assert "wonen op minder ruimte" in ruimte and "wonen op minder ruimte" not in wonen
    assert "kleiner of in een kern wonen" in wonen
    assert wonen.endswith(": van belang voor aanpasbaar wonen en doorstroming.")


def test_wonen_steps_differ_from_ruimte_and_link_the_figure_to_the_action(ws):
    steps = {}
    for dienst in ("wonen", "ruimte"):
        ctx = brief_context(ws, ws.municipality("leuven"), dienst)
        steps[dienst] = {p["indicator"]: p["actie"] for p in ctx["oogopslag"]}
    shared = set(steps["wonen"]) & set(steps["ruimte"])
    assert "ligging_gewenst" in shared
    for ind in shared:
        assert steps["wonen"][ind].resultaat != steps["ruimte"][ind].resultaat, ind
        assert steps["wonen"][ind].instrument != "Beleidsplan Ruimte"
    for ind, action in steps["wonen"].items():
        # the link from the figure to the action, in one clause before the colon
        assert ":" in action.resultaat, (ind, action.resultaat)

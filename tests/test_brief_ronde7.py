"""Issue 27, seventh blind reading of the department brief: headlines in clear Dutch word order, page 1 never
silent about lying on the other side of Flanders, and the interval width stated once."""

import re
from pathlib import Path

import pytest

from collections import Counter

from thuis_cli.comparison_groups import centrumsteden
from thuis_cli.products.brief import brief_context, ordered_references


SHORT = [("lendelede", "wonen"), ("lendelede", "ruimte"), ("spiere-helkijn", "ruimte"), ("spiere-helkijn", "wonen")]
FULL = [("leuven", "ruimte"), ("leuven", "wonen"), ("merelbeke-melle", "ruimte"), ("merelbeke-melle", "wonen")]


def loose(text: str) -> str:
    """Without spaces and hyphens: a name the PDF breaks at its hyphen ('Vlaams-|Brabant') still matches."""
    return re.sub(r"[-\s]", "", text)


@pytest.fixture(scope="module")
def pages(samples):
    return {(g, d): samples.brief_pages(g, d) for g, d in FULL + SHORT}


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
                assert loose(f"{t['gebied'].kort} {round(t['cijfer'].share * 100)} % (") in loose(first)


def test_leuven_below_the_centrumsteden_but_above_the_province_says_so_in_headline_and_figure_line(pages):
    """Round 8: the key message tells the findings' one story (tests/test_brief_ronde8.py); the headline
    names the other side, and the figure line gives the province and Flanders with their figures."""
    first = loose(pages["leuven", "ruimte"][0])
    assert loose("Een kleiner deel van de deelnemers in Leuven dan in Gent en Kortrijk, maar meer dan in de "
            "provincie Vlaams-Brabant, kiest (eerder) een compacte woning dicht bij voorzieningen") in first
    assert loose("16 procentpunt minder, betekenisvol. Vlaams-Brabant 28 % (27–29 %; n = 7.572), Vlaanderen 31 %") \
        in first
    assert loose("Een kleiner deel van de deelnemers in Leuven dan in Gent en Kortrijk, maar meer dan in de provincie "
            "Vlaams-Brabant en Vlaanderen, wil het liefst in een dorpskern of in de stad wonen") in first
    # round 14: the housing office numbers its own topics first, then location while page 1 has room; its
    # headline says both sides there too
    wonen = pages["leuven", "wonen"]
    assert loose("Een kleiner deel van de deelnemers in Leuven dan in Gent en Kortrijk, maar meer dan in de provincie "
                 "Vlaams-Brabant en Vlaanderen, wil het liefst in een dorpskern of in de stad wonen") in loose(wonen[0])


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
        # round 13: with a step beside a gap 'Binnen uw gemeente' the key message no longer denies a step
        said = ("een eigen bevinding is er niet." if ctx["binnen_stap"]
                else "een eigen bevinding met een volgende stap is er niet.")
        assert key.startswith(f"{ctx['gemeente']} wijkt voor de onderwerpen van deze dienst niet betekenisvol af van "
                              f"{ctx['primair'].in_zin}: {said}"), key
        assert "Wat uw dienst wel kan doen: " in key
        assert first.count(said) == 1  # said once, at the top
    else:
        assert "een eigen bevinding met een volgende stap is er niet" not in first


def test_merelbeke_melle_wonen_leads_with_no_finding_and_what_to_do_instead(ws, pages):
    ctx = brief_context(ws, ws.municipality("merelbeke-melle"), "wonen")
    assert not ctx["oogopslag"] and ctx["binnen"] and ctx["vragen"]  # the reading's case: group gaps, no finding
    key = _key_message(pages["merelbeke-melle", "wonen"][0])
    assert "65 jaar of ouder" not in key and "procentpunt" not in key
    # round 13: its page 1 gives a step beside a gap 'Binnen uw gemeente' instead of the standing questions
    assert ctx["binnen_stap"]
    assert key.endswith("(ze bestaan ook elders; de volgende stap staat bij het verschil waarvoor uw dienst een "
                        "instrument heeft).")


# --- 4. steps that fit the department and the data --------------------------------------------------------

def test_a_merger_s_step_does_not_deny_figures_the_brief_shows_per_former_municipality(ws, pages):
    """Merelbeke-Melle's brief shows Melle and Merelbeke side by side: its step names what the woontest
    really lacks (streets and neighbourhoods), not 'per kern'."""
    ctx = brief_context(ws, ws.municipality("merelbeke-melle"), "ruimte")
    assert ctx["onderdelen"]
    text = " ".join(pages["merelbeke-melle", "ruimte"])
    assert "geen cijfers per kern" not in text
    assert "bij elke straatheraanleg" in pages["merelbeke-melle", "ruimte"][0]  # per street (round 14's words)


def _first_role(wie: str) -> str:
    return wie.split(",")[0].removesuffix(" (trekker)").strip()


def test_a_trekker_is_named_first_in_every_step(ws):
    for dienst in ws.config.diensten.diensten.values():
        for a in dienst.acties:
            if "(trekker)" in a.wie:
                assert a.wie.split(",")[0].endswith(" (trekker)"), (dienst.naam, a.wie)


@pytest.mark.parametrize("gemeente,dienst", FULL)
def test_the_department_itself_leads_a_page_one_step(ws, gemeente, dienst):
    """The role most of the department's steps name first (de dienst omgeving, de woonambtenaar) leads at
    least one step on page 1 of its own brief, or takes part in it when the instrument is another department's
    (round 14: green against parking in the mobiliteitsplan is led by mobility, 'met de dienst omgeving')."""
    from thuis_cli.products.brief import fitted_role

    own = Counter(_first_role(a.wie) for a in ws.config.diensten.diensten[dienst].acties).most_common(1)[0][0]
    own = fitted_role(ws, ws.municipality(gemeente), own)  # round 8: a centrumstad's 'de dienst wonen'
    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    steps = [p["actie"] for p in ctx["oogopslag"]] + ([ctx["ook_van_belang"]["actie"]] if ctx["ook_van_belang"] else [])
    steps = [a for a in steps if a is not None]
    if steps:
        assert any(_first_role(a.wie) == own or own in a.wie for a in steps), (own, [a.wie for a in steps])


@pytest.mark.parametrize("gemeente", ["leuven", "merelbeke-melle", "lendelede", "spiere-helkijn"])
def test_a_ruimte_brief_routes_its_steps_through_planning_channels(pages, gemeente):
    text = " ".join(pages[gemeente, "ruimte"]).lower()
    assert "intergemeentelijk woonproject" not in text and "woonoverleg of" not in text


@pytest.mark.parametrize("gemeente,dienst", SHORT)
def test_a_small_municipality_talks_with_peers_of_its_size_not_a_centrumstad(ws, pages, gemeente, dienst):
    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    peers = ctx["buurt"]["collegas"]
    group = next(g for g in ctx["vergelijkingsgebieden"] if g["primair"])
    cities = {ws.gebieden.resolve(s).naam for s in centrumsteden(ws)}
    assert peers and set(peers) <= {m["naam"] for m in group["leden"]} and not set(peers) & cities
    # round 9: the members closest in population, never a municipality several times larger first
    own = ws.municipality(gemeente).bevolking
    ratio = {m["naam"]: max(ws.municipality(m["naam"]).bevolking, own) / min(ws.municipality(m["naam"]).bevolking, own)
             for m in group["leden"] if m["naam"] not in cities}
    assert sorted(ratio.values())[:len(peers)] == sorted(ratio[p] for p in peers), (peers, ratio)
    text = " ".join(pages[gemeente, dienst])
    step = text[text.index("Een gesprek met de collega's van"):]
    step = step[:step.index("?")]
    assert all(p in step for p in peers) and not any(c in step for c in cities), step


def test_spiere_helkijn_talks_with_kuurne_ledegem_and_lendelede_not_kortrijk(ws):
    ctx = brief_context(ws, ws.municipality("spiere-helkijn"), "ruimte")
    assert "Kortrijk" in ctx["buurt"]["buren"]  # config/buren.csv lists it as a neighbour
    # round 9: the two members closest in population (Spiere-Helkijn about 2.100 inhabitants)
    assert ctx["buurt"]["collegas"] == ["Lendelede", "Ledegem"]


# --- 5. the interval width stated once --------------------------------------------------------------------

@pytest.mark.parametrize("gemeente,dienst", FULL)
def test_page_one_states_the_interval_width_once_in_hoe_zeker(ws, pages, gemeente, dienst):
    first = pages[gemeente, dienst][0]
    limit = ws.config.instellingen.oogopslag.max_interval_pp
    assert "Hoe zeker:" in first and re.search(r"intervallen tot \d+ procentpunt breed", first)
    assert f"hoogstens {limit:g} procentpunt breed" not in " ".join(pages[gemeente, dienst])
    assert "Tussen haakjes: het 95%-interval en n, het aantal antwoorden." in " ".join(pages[gemeente, dienst])


# --- 6. small municipalities: the region, the order of the steps, the group's footnote ----------------------

def test_spiere_helkijn_s_region_sentence_names_its_neighbours_and_group_together(ws, pages):
    first = " ".join(pages["spiere-helkijn", "ruimte"])
    # round 8: Zwevegem's 25 % beside Flanders' 22 % is under the minimal difference, so 'kiest een gedeelde
    # tuin' no longer has them all above Flanders; no other question does either
    # round 9: in plain words, and page 1 says the same
    # round 10: Kortrijk, a centrumstad, is read apart; Zwevegem and the group then lie together below Flanders
    # round 11: both betekenisvol by their own families (the one verdict rule), said so
    assert ("Wat de streek toont voor deze dienst: bij ‘wil een rijwoning of appartement’ liggen de buren en de "
            "vergelijkbare gemeenten allemaal betekenisvol onder Vlaanderen: Zwevegem 21 % (n = 225) en de "
            "vergelijkbare gemeenten 20 % (n = 237), tegenover 34 % (n = 38.532) in Vlaanderen. Kortrijk is een "
            "centrumstad en lezen we apart") in first
    assert "het verst van Vlaanderen" not in first


@pytest.mark.parametrize("gemeente,dienst", SHORT)
def test_the_sample_step_says_why_it_comes_after_the_own_survey(pages, gemeente, dienst):
    text = " ".join(pages[gemeente, dienst])
    if gemeente == "spiere-helkijn":  # round 9: too few participants for a joint sample survey (test_brief_ronde9)
        assert "Representatieve cijfers" not in text
        return
    # round 18: the reason is the step's title
    assert "3. Pas als stap 2 te weinig zegt: een steekproef met de buren" in text
    assert len(pages[gemeente, dienst]) <= 2


@pytest.mark.parametrize("gemeente,dienst", SHORT)
def test_when_the_population_is_counted_goes_with_the_group_s_size(pages, gemeente, dienst):
    text = " ".join(pages[gemeente, dienst])
    assert "zelf telt niet mee (inwoners op 1 januari 2020" not in text
    # round 9: a broadened group says its size bound with the date right after it
    dated = r"inwoners in [\w-]+ \(op 1 januari 2020, gemeenten zoals sinds 2025\), geen centrumsteden"
    assert re.search(dated, text) or "inwoners op 1 januari 2020, gemeenten zoals sinds 2025), geen centrumsteden" \
        in text


@pytest.mark.parametrize("gemeente,dienst", SHORT)
def test_a_short_brief_keeps_its_steps_together_and_the_table_with_its_notes(pages, gemeente, dienst):
    """All next steps on page 1; the neighbours' table, the group's description and 'Over deze cijfers'
    together on page 2 (no page 2 of a cut-off method box and two steps)."""
    first, second = pages[gemeente, dienst]
    assert "1. Eerst:" in first and "3. " in first and "Volgende stappen" in first
    assert "Aandeel deelnemers met het antwoord dat we tellen" in second and "Over deze cijfers" in second
    assert second.index("Aandeel deelnemers met het antwoord") < second.index("zelf telt niet mee") \
        < second.index("Over deze cijfers")


# --- 8. plain words -----------------------------------------------------------------------------------------

def test_a_held_back_cell_says_in_plain_words_why_wherever_the_brief_shows_one(ws, pages):
    """Never 'anders uit de andere cijfers uit te rekenen' (round 8: the reason is one annex footnote)."""
    for text in pages.values():
        joined = " ".join(text)
        assert "uit de andere cijfers uit te rekenen" not in joined and "af te leiden is" not in joined


# --- 7. a chart's labels never run into its bars ----------------------------------------------------------

@pytest.mark.parametrize("label", ["Vergelijkbare gemeenten", "Andere centrumsteden", "Oost-Vlaanderen"])
def test_a_chart_label_ends_before_the_bars_begin(label):
    """The label column is as wide as its longest label, measured in the bold font the own row uses
    ('Vergelijkbare gemeenten' ran into the bars at 1280 px and in the PDF)."""
    import logging

    from fontTools.ttLib import TTFont

    from thuis_cli import chart, resources

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fonts = [resources.fonts_dir() / "Lato-Bold.ttf"]
    # a browser shows the chart as an <img>, which loads no web font: the common fallback, where installed
    fonts += [f for f in [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")] if f.exists()]
    ink = 0.0
    for path in fonts:
        font = TTFont(path)
        cmap, upm = font.getBestCmap(), font["head"].unitsPerEm
        ink = max(ink, sum(font["hmtx"][cmap[ord(ch)]][0] for ch in label) / upm * 8.0)  # pt at 8 pt
    svg = chart.stacked_bars.__wrapped__(("Ja", "Nee"), ((label, (0.5, 0.5), True), ("Vlaanderen", (0.4, 0.6), False)),
                                         17.0, 8.0).svg.decode()
    first_bar = min(float(x) for x in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="13', svg))
    assert ink < first_bar, (label, ink, first_bar)

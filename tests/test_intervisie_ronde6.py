"""The workbook after a sixth blind reading by a facilitator: every question of a municipality's copy is
that municipality's question, its own page draws on its strengths, the small group keeps its contrasts, and
the facilitator has a ready answer on chance."""

import re


from thuis_cli.products.intervisie import _Words

from conftest import SMALL, plain, workbook_copies, workbook_questions





# --- 1. every question in a copy is about that municipality ------------------------------------------------

def test_every_question_in_a_copy_is_asked_to_that_municipality(small, large):
    """A copy's question names its municipality: with its own figure, or asking it what it can learn from or
    offer the others. 'Herkent X dit' only where X's own figure lies on the same side."""
    checked = 0
    for _peers, document, _texts in (small, large):
        for name, theme, q, a, text in workbook_questions(document, facilitator=False):
            question = text[text.rindex(":") + 1:] if a["bevinding"] is not None else text
            assert name in question, (name, theme["id"], q["id"], text)
            if f"herkent {name}" in text:  # (without figures of its own: in its residents, round 7)
                assert a["bij"]["zelfde_kant"] or a["bij"]["lid"] or a["bij"]["cijfer"] is None, (name, text)
            if a["bevinding"] is not None and not a["bij"]["lid"]:
                explicit = (f"{name} leren van" in text or "aanbieden" in text or f"wil {name} van" in text
                            or f"toestand in {name}" in text or "overnemen van" in text
                            or "samen met" in question
                            or (a["bij"]["cijfer"] is not None and re.search(rf"; {re.escape(name)} \d", plain(text)))
                            or "eigen praktijk" in question or "eigen inwoners" in question
                            or "eigen werking" in question
                            or f"inwoners van {name}" in question
                            # (round 16: a neighbour city's figure asks how it is in its own municipality)
                            or f"volgens {name} in de eigen gemeente" in question
                            # (round 14: a city's gap, asked as a city effect, says what it means for this one)
                            or f"voor {name}" in question)
                # (round 13: its own figure reads 'Herent 35 %', without a second colon; 'de inwoners van X' names
                # whose residents)
                # asked about the others, shown its own figure, or (without figures) its own practice
                assert explicit, (name, q["id"], text)
            checked += 1
    assert checked == (3 + 6) * 3 * 4


def test_herent_is_not_asked_to_recognise_leuven_s_lead_nor_what_others_can_do_together(large):
    _peers, _document, texts = large
    herent = texts["herent"]
    talk = herent[herent.index("Bespreking:"):]
    assert "herkent Herent dit bij zichzelf, en wat kan Herent Leuven" not in talk
    assert "wat kunnen zij samen doen" not in talk
    assert re.search(r"Herent 35\s%\)", talk)  # its own figure beside Leuven's 53 % on living in a centre


# --- 2. the own page: four fields, four indicators; 'aanbieden' on a strength -----------------------------

def _indicators(prompt: dict) -> list[str]:
    if prompt.get("bevindingen"):
        return [d["bevinding"].indicator for d in prompt["bevindingen"]]
    return [prompt["bevinding"].indicator] if prompt.get("bevinding") is not None else []


def test_no_indicator_is_spread_over_two_fields_of_a_municipality_s_own_page(small, large):
    for _peers, document, _texts in (small, large):
        for name, context in workbook_copies(document, facilitator=False):
            named = [i for e in context["eigen"] for i in _indicators(e["aanleiding"])]
            assert len(named) == len(set(named)), (name, named)


def test_what_a_municipality_can_offer_is_a_favourable_betekenisvol_difference(ws, small, large):
    """'Wat kunnen wij anderen aanbieden?' names a betekenisvol lead over Flanders or over a neighbour of the
    group; none of Herent's leads over a neighbour is left that no theme question already asks about."""
    from thuis_cli.peer_findings import PeerFindings

    indicators = [i for i in ws.config.catalogus.indicatoren if i.thema != "profiel"]
    for peers, document, _texts in (small, large):
        found = PeerFindings(ws, peers, indicators)
        for name, context in workbook_copies(document, facilitator=False):
            offer = next(e["aanleiding"] for e in context["eigen"] if e["id"] == "aanbieden")
            f, focus = offer["bevinding"], next(g for g in peers if g.naam == name)
            if f is None:
                continue
            gap = found.versus_flanders(focus, f.indicator)
            lead = offer["soort"] == "paar" and f.high.nis == focus.nis
            assert (gap.real and gap.diff > 0) or lead, (name, offer["soort"], f.indicator)
    herent = large[2]["herent"]
    page = herent[herent.index("Wat kunnen wij anderen aanbieden?"):][:300]
    # (round 7: not its parking lead over Holsbeek, which a theme question of its copy already asks about, nor
    # travelling without a car, the shared challenge of a theme question: the general question instead)
    assert "parkeerplaats" not in page and "zonder auto" not in page


def test_the_group_s_besluit_is_not_about_the_indicator_of_the_theme_s_third_question(small, large):
    words = _Words(None)
    for _peers, document, _texts in (small, large):
        for theme in document.context["themas"]:
            third = theme["vragen"][2]["aanleiding"]
            prompt = words.say("besluit", theme)
            assert theme["titel"] in prompt
            if third["bevinding"] is not None:
                assert f"‘{third['label']}’" not in prompt, (theme["id"], prompt)


def test_a_pre_read_names_each_indicator_in_one_bullet(ws, large):
    """Herent's pre-read said 'Wil een rijwoning of appartement' in two bullets; the shared challenge now
    stands in the bullet of Herent's own gap."""
    _peers, _document, texts = large
    labels = [i.label for i in ws.config.catalogus.indicatoren]
    for copy, text in texts.items():
        if copy.endswith("-voorbereiding"):
            for label in labels:  # a bullet opens with its indicator and theme: 'Label (Theme): …'
                assert text.count(f"{label} (") <= 1, (copy, label)
    herent = texts["herent-voorbereiding"]
    assert herent.count("Wil een rijwoning of appartement (") == 1
    assert "Een gedeelde uitdaging: 5 van de 6 gemeenten liggen lager dan Vlaanderen" in herent


# --- 3. the small group keeps its contrasts in every theme ------------------------------------------------

def test_the_small_group_ties_every_theme_to_its_pair_contrasts_and_gaps_and_repeats_no_question(small):
    """With two municipalities with figures, each one's gaps with Flanders carry the questions as far as the rule
    of round 9 allows (no municipality anchors more than half); where the figures run out, the members are asked in
    turn about their own practice on the theme: no theme has only general questions, and no two themes print the
    same words."""
    words = _Words(None)
    _peers, document, _texts = small
    contexts = list(workbook_copies(document, facilitator=False))
    for name, context in contexts:
        seen = {}
        for theme in context["themas"]:
            tied = [q for q in theme["vragen"] if q["aanleiding"]["soort"] != "algemeen"]
            assert tied, (name, theme["id"], [q["aanleiding"]["soort"] for q in theme["vragen"]])
            for q in theme["vragen"]:
                text = words.say("deelvraag", q["id"], q["aanleiding"], name)
                assert text not in seen, (name, theme["id"], seen.get(text), text)
                seen[text] = theme["id"]
            besluit = words.say("besluit", theme)
            assert besluit not in seen
            seen[besluit] = theme["id"]


def test_a_lead_over_flanders_is_never_a_problem_in_its_pitfall_or_crossing_question(small, large):
    words = _Words(None)
    for _peers, document, _texts in (small, large):
        for name, context in list(workbook_copies(document, facilitator=False)):
            for theme in context["themas"]:
                for q in theme["vragen"]:
                    a = q["aanleiding"]
                    if a["soort"] != "vlaanderen" or a["bevinding"].direction < 0:
                        continue
                    text = words.say("deelvraag", q["id"], a, name)
                    assert "probleem" not in text and "voor de hand te liggen" not in text, text
                    assert "aan doen?" not in text, text  # a lead is built on, not fixed


# --- 5. a ready answer on chance ----------------------------------------------------------------------------

def test_the_facilitator_copy_has_a_ready_answer_why_a_larger_gap_can_be_chance(large, small):
    """Holsbeek 22 % (n = 103) against Flanders' 38 % is 'kan toeval zijn', Herent 22 % against 34 % (n = 196)
    is betekenisvol: the facilitator copy says why in plain words (its words are macros of the template)."""
    words = _Words(None)
    for _peers, document, texts in (large, small):
        # (round 17: 'een even groot verschil' where the session's example sets two equal gaps side by side)
        question = words.say("als_iemand_vraagt_vraag", document.context["toeval_breedte"])
        assert question.startswith("Als iemand vraagt")
        # (round 8: the answer names this session's own figures, see test_intervisie_ronde8)
        answer = words.say("als_iemand_vraagt_antwoord", document.context["toeval_breedte"])
        # (round 9: the correction is said once, on the reading page above; the answer names the number of answers)
        assert "foutmarge" in answer and "aantal antwoorden" in answer
        assert len(re.findall(r"[.!?](?:\s|$)", answer)) <= 3
        assert question in texts["facilitator"] and " ".join(answer.split()) in texts["facilitator"]
        for copy, text in texts.items():
            if copy != "facilitator":
                assert question not in text
    reading = large[2]["facilitator"]
    reading = reading[reading.index("Over de cijfers"):reading.index("Als iemand vraagt")]
    assert len(reading) < 3800, len(reading)  # shorter than the 4,400 characters of round 5


# --- 6. small fixes ------------------------------------------------------------------------------------------

def test_the_code_on_a_copy_is_explained_in_words(large):
    _peers, document, texts = large
    code = document.context["sessie"]
    # (round 9: every copy prints the code in its footer, and the facilitator is told so in plain words)
    # (round 11: not 'zit ook in het bestand', which no one reading the paper can check; the pre-reads print it too)
    assert (f"met de code {code}. De code staat onderaan elke pagina van elk exemplaar en van elke voorbereiding: zo "
            "komt elk exemplaar bij de juiste sessie en gemeente terecht.") in texts["facilitator"]


def test_a_copy_s_agenda_names_its_own_take_away_page(large):
    _peers, _document, texts = large
    assert "Herent vult de pagina ‘Wat neemt Herent mee’ in" in texts["herent"]
    assert "Wat neemt … mee" not in texts["herent"]


def test_no_heading_promises_largest_differences_where_none_is_betekenisvol(small, large):
    for _peers, document, texts in (small, large):
        for theme in document.context["themas"]:
            if not theme["verschillen"]:
                text = texts["facilitator"]
                part = text[text.index(theme["titel"]):text.index(f"Bespreking: {theme['titel'].lower()}")]
                assert "Grootste verschillen tussen vergelijkbare gemeenten" not in part


def test_an_own_survey_is_said_not_to_be_directly_comparable_with_the_2020_survey(small):
    _peers, _document, texts = small
    own = texts["spiere-helkijn"]
    assert "niet rechtstreeks te vergelijken met die van de woontest van 2020, een open online bevraging" in own
    assert "verwerkt tot dezelfde cijfers" not in own


# --- 4. the small group's layout and its municipality without figures --------------------------------------

def test_every_theme_opens_a_page_of_its_own_in_the_facilitator_copy(samples):
    """Table, chart and findings of a theme start on a clean page and its discussion follows, in the small
    group as in the large one (they no longer run on below the previous theme's discussion)."""
    from conftest import pdf_pages

    pdf = next(p for p in samples.workbook(*SMALL) if p.stem.endswith("-facilitator"))
    pages = [re.sub(r"\s+", " ", page) for page in pdf_pages(pdf)]
    data = [page for page in pages if "Aandeel deelnemers per gemeente, met n" in page]
    assert len(data) == 3
    for page in data:
        assert "Bespreking:" not in page.split("Aandeel deelnemers per gemeente, met n")[0]
        assert "Besluit van de groep" not in page


def test_the_municipality_without_figures_speaks_last_with_guidance_and_a_fitting_own_page(small):
    _peers, document, texts = small
    facilitator = texts["facilitator"]
    opening = facilitator[facilitator.index("Openingsronde Wat viel"):]
    fields = opening[opening.index("aan de anderen."):]
    assert fields.index("Kortrijk") < fields.index("Zwevegem") < fields.index("Spiere-Helkijn")
    assert ("Spiere-Helkijn heeft te weinig deelnemers voor eigen cijfers: laat Spiere-Helkijn als laatste vertellen"
            in opening)
    own = texts["spiere-helkijn"]
    assert "Wat herkent u uit de eigen praktijk?" in own and "Wat herkennen wij in onze cijfers?" not in own
    assert "Wat herkennen wij in onze cijfers?" in texts["kortrijk"]
    pre = texts["spiere-helkijn-voorbereiding"]
    neighbours = pre[pre.index("Wat opvalt bij de buren"):pre.index("Ter voorbereiding")]
    assert 2 <= len(re.findall(r"in (?:Kortrijk|Zwevegem) \(n = [\d.]+\)", neighbours)) <= 3
    assert "in deze volgorde, eerst die met eigen cijfers: Kortrijk, Zwevegem, Spiere-Helkijn" in pre
    # its footnote defines only what its page says: no shared challenge on it, so no definition of one
    assert "Gedeelde uitdaging:" not in pre and "gedeelde uitdaging" not in pre.lower()


def test_a_copy_is_asked_whether_it_recognises_a_finding_only_when_its_own_figure_is_clearly_on_that_side(small):
    """Zwevegem (58 %) at Flanders' level on wanting more green (58 %) is not asked whether it recognises
    Kortrijk's lead (66 %): 'same side' means at least min_verschil_pp on it, as the majority rule counts."""
    words = _Words(None)
    _peers, document, _texts = small
    for name, context in workbook_copies(document, facilitator=False):
        for theme in context["themas"]:
            for q in theme["vragen"]:
                a = q["aanleiding"]
                if a["bij"]["zelfde_kant"] and a["soort"] in ("vlaanderen", "gedeeld", "patroon"):
                    ref = a["bevinding"].reference.share
                    assert (a["bij"]["cijfer"].share - ref) * a["bevinding"].direction >= 0.05, (name, a["label"])
    zwevegem = dict(workbook_copies(document, facilitator=False))["Zwevegem"]
    green = [q for t in zwevegem["themas"] for q in t["vragen"]
             if q["aanleiding"]["label"] == "Wil meer groen in de buurt"]
    # (round 9: Kortrijk's lead on green is a city effect the small group no longer rests a question on)
    for q in green:
        assert "herkent Zwevegem" not in words.say("deelvraag", q["id"], q["aanleiding"], "Zwevegem")

"""The workbook after a fourteenth blind reading by a facilitator: the agenda says truly where the figures to read
are (the rows the questions use, marked on each theme's data page), ..."""


from conftest import plain, workbook_copies


# --- 1. the agenda points to the rows the questions use, marked on the data page ------------------------------

def test_every_row_a_question_cites_is_marked_with_its_question_numbers_and_no_other(small, large):
    """A theme's data table marks (bold, with 'vraag N') exactly the rows whose figures a sub-question of the theme
    cites, in every copy; a question without a figure (general, in turn) marks no row."""
    marked_somewhere = False
    for _peers, document, _texts in (small, large):
        for name, context in workbook_copies(document):
            for theme in context["themas"]:
                cited: dict[str, list[int]] = {}
                for nr, q in enumerate(theme["vragen"], 1):
                    if q["aanleiding"]["bevinding"] is not None:
                        cited.setdefault(q["aanleiding"]["label"], []).append(nr)
                marked = {r["label"]: r["vragen"] for r in theme["rijen"] if r["vragen"]}
                assert marked == cited, (name, theme["id"], marked, cited)
                marked_somewhere = marked_somewhere or bool(marked)
    assert marked_somewhere


def test_the_printed_table_shows_the_marks_and_their_key(large):
    """The rendered data table prints 'vraag N' after each cited row's label, and its caption says what bold means."""
    _peers, document, texts = large
    facilitator = plain(texts["facilitator"])
    for theme in document.context["themas"]:
        for r in theme["rijen"]:
            if r["vragen"]:
                nrs = [str(n) for n in r["vragen"]]
                words = ("vraag " + nrs[0]) if len(nrs) == 1 else ("vragen " + ", ".join(nrs[:-1]) + " en " + nrs[-1])
                assert f"{r['label']} {words}" in facilitator, (r["label"], words)
    assert "Vet, met nummer: de rij waarover een vraag gaat." in facilitator


def test_the_agenda_does_not_say_the_figures_were_in_the_pre_read(small, large):
    """The pre-read holds one to three figures, not the themes' tables: the agenda's arithmetic says the facilitator
    points to the marked rows while the group reads, and never that the figures were in the pre-read."""
    for _peers, document, texts in (small, large):
        facilitator = plain(texts["facilitator"])
        arithmetic = facilitator[facilitator.index("Verdeeld naar het aantal gemeenten"):]
        reading = arithmetic[:arithmetic.index(" per vraag")]
        assert "voorbereiding" not in reading
        assert ("de facilitator de rijen aanwijst waarover de vragen gaan (vet op de cijferpagina van het thema)"
                in reading)
        # and what the pre-reads list is indeed fewer figures than the themes' tables
        rows = sum(len(t["rijen"]) for t in document.context["themas"])
        for a in document.artifacts:
            if "voorbereiding" in a.name:
                listed = len(a.context.get("vlaanderen") or []) + len(a.context.get("buren") or [])
                assert listed < rows


# --- 2. the centrumstad rule and the city questions agree --------------------------------------------------------

CITY_RULE = ("Wijkt een centrumstad zelf betekenisvol af van Vlaanderen, dan vraagt de bespreking alleen of dat eigen "
             "is aan een stad, of wat de stad de buren kan aanbieden.")


def _city_questions(document):
    """(copy, theme id, question id, printed sub-question) of every question on a centrumstad's own gap with Flanders
    in a group with other municipalities."""
    from conftest import workbook_questions

    for name, theme, q, a, words in workbook_questions(document):
        if a["soort"] == "vlaanderen" and a.get("lezing") == "stad":
            yield name, theme["id"], q["id"], plain(words)


def test_the_reading_page_states_the_city_rule_and_every_city_question_is_one_of_its_two_kinds(small, large):
    """The reading page no longer says a city's gap is 'geen vraag van de bespreking' while Leuven is asked what it
    can offer: it states the one rule, and every question on a city's gap asks whether it is proper to a city, or
    what the city can offer (the 'leren' question)."""
    for _peers, document, texts in (small, large):
        for copy, text in texts.items():
            if not copy.endswith("-voorbereiding"):
                assert CITY_RULE in plain(text), copy
                assert "staan apart, als achtergrond (geen vraag" not in plain(text)
        asked = list(_city_questions(document))
        assert asked
        for name, theme, q, words in asked:
            tail = words.split("):", 1)[1]
            if q == "leren" and "aanbieden" in tail:
                assert "wat kan " in tail, (name, theme, tail)
            else:  # (round 17: asked in full once, later a back-reference to the theme where it was asked)
                assert "eigen aan een stad als" in tail or "speelt hier weer de stad mee, zoals bij ‘" in tail, \
                    (name, theme, q, tail)


def test_a_group_without_a_centrumstad_has_no_city_rule(samples):
    from conftest import workbook_texts

    _peers, _document, texts = workbook_texts(samples.ws, ["herent", "bierbeek"])
    assert CITY_RULE not in plain(texts["facilitator"])


# --- 3. a wish of residents is a need, not a lead ----------------------------------------------------------------

def test_a_city_s_higher_share_on_a_wish_is_asked_as_a_need_not_as_something_to_offer():
    """'Wil meer groen in de buurt' higher in Kortrijk signals a shortage: its 'leren' question asks whether the wish
    is proper to a city and how the municipalities answer it, never what Kortrijk can offer; on a share that is no
    wish, the same question asks what the city can offer."""
    from thuis_cli.products.intervisie import _Words

    say = _Words(None).say
    for nr in range(3):
        for wie in (None, "Zwevegem"):
            wish = say("stad_staart", "leren", "Kortrijk", wie, nr, {"wens": True, "thema_id": "nabijheid"})
            offer = say("stad_staart", "leren", "Kortrijk", wie, nr,
                        {"wens": False, "aanbod": True, "thema_id": "nabijheid"})
            assert "eigen aan een stad als Kortrijk" in wish and "aanbieden" not in wish, wish
            # (round 16: a member is asked whether it recognises the wish among its own residents, not how it answers
            # 'dezelfde wens', which its figures cannot show)
            assert any(w in wish for w in ("beantwoord", "spelen", "speelt", "doet", "doen", "herkent",
                                           "herkenbaar")), wish
            assert "wat kan Kortrijk" in offer and "aanbieden" in offer, offer


def test_no_question_on_a_wish_treats_a_higher_share_as_a_lead(small, large, samples):
    """Over both sample groups: a sub-question on a wish indicator (catalogue 'lezing: wens') never asks what a
    municipality can offer, teach or learn from its higher share."""
    from conftest import workbook_questions

    catalogue = samples.ws.config.catalogus.by_id
    seen = 0
    for _peers, document, _texts in (small, large):
        for name, _theme, _q, a, words in workbook_questions(document):
            f = a["bevinding"]
            if f is None or catalogue[f.indicator].lezing != "wens" or a["soort"] != "vlaanderen" or f.direction < 0:
                continue
            seen += 1
            tail = plain(words).split("):", 1)[1]
            for lead in ("aanbieden", "leren van", "voorsprong", "wat weet", "dat de buren kunnen gebruiken"):
                assert lead not in tail, (name, tail)
    assert seen


# --- 6. words -----------------------------------------------------------------------------------------------------

def test_the_same_kind_rule_names_only_the_kinds_present_in_the_group(large):
    """With one centrumstad there is no 'centrumstad met centrumstad' to compare first: the reading page names only
    the kinds that have two municipalities with figures."""
    from thuis_cli.products.intervisie import _Words

    _peers, _document, texts = large
    for copy, text in texts.items():
        if not copy.endswith("-voorbereiding"):
            said = plain(text)
            assert "van dezelfde soort (andere gemeente met andere gemeente)" in said, copy
            assert "centrumstad met centrumstad" not in said, copy
    say = _Words(None).say
    assert "(centrumstad met centrumstad en andere gemeente met andere gemeente)" in plain(say("zelfde_soort", 2, 3))
    assert "(centrumstad met centrumstad)" in plain(say("zelfde_soort", 2, 1))


# --- 4. the questions fit their owner ----------------------------------------------------------------------------

def test_no_member_hears_in_two_themes_that_its_figure_may_be_chance(small, large):
    """Zwevegem heard three times that its figures are noise: a member gets a 'kan toeval zijn' question about its
    own figure in one theme of a session at most."""
    for _peers, document, _texts in (small, large):
        themes: dict[str, set[str]] = {}
        for theme in document.context["themas"]:
            for q in theme["vragen"]:
                if q["aanleiding"]["soort"] == "misschien":
                    themes.setdefault(q["aanleiding"]["bevinding"].area.naam, set()).add(theme["id"])
        assert themes
        assert all(len(t) == 1 for t in themes.values()), themes


def test_only_a_member_betekenisvol_farther_tells_the_other_about_it(small, large):
    """'wat kan Herent Bierbeek daarover vertellen' while Herent has 24 % and Bierbeek 31 % was backwards: a copy's
    municipality tells the anchor only where its own figure is betekenisvol from Flanders and farther on that side."""
    from conftest import workbook_questions

    checked = 0
    for _peers, document, _texts in (small, large):
        for name, _theme, q, a, words in workbook_questions(document, facilitator=False):
            if a["soort"] != "vlaanderen" or not a.get("bij") or a["bevinding"].area.naam == name:
                continue
            x = a["bevinding"].area.naam
            if f"wat kan {name} {x} daarover vertellen" in plain(words):
                own, shown = a["bij"]["cijfer"], a["bevinding"].figure
                assert a["bij"]["verder"] and (own.share - shown.share) * a["bevinding"].direction > 0, (name, words)
            if a["bij"]["zelfde_kant"] and q["id"] == "versterken" and not a["bij"]["verder"]:
                assert f"{name} {x} daarover vertellen" not in plain(words), (name, words)
                checked += 1
    assert checked


def test_herent_is_not_told_to_tell_bierbeek_about_renovation(large):
    _peers, _document, texts = large
    assert "wat kan Herent Bierbeek daarover vertellen" not in plain(texts["herent"])


def test_a_member_at_the_flemish_level_is_not_asked_what_it_sees_in_its_residents(small, large, samples):
    """Herent 25 % against Flanders 26 %: its figure already says how it is with its residents. A copy's question on
    others' figures never asks a municipality at the Flemish level on that indicator what it sees or how it is 'bij de
    eigen inwoners'; it asks what makes the difference."""
    least = samples.ws.config.instellingen.statistiek.min_verschil_pp / 100
    at_level = 0
    from conftest import workbook_questions

    for _peers, document, _texts in (small, large):
        flanders = {p.title: p.reference for t in document.context["themas"] for p in t["panelen"]}
        for name, _theme, _q, a, words in workbook_questions(document, facilitator=False):
            bij = a.get("bij") or {}
            own = bij.get("cijfer")
            ref = flanders.get(a["label"]) if a["label"] else None
            if own is None or ref is None or bij.get("lid") or abs(own.share - ref) >= least:
                continue
            if a["soort"] in ("vlaanderen", "misschien") and a["bevinding"].area.naam == name:
                continue
            tail = plain(words).split(":", 1)[-1]
            for phrase in (f"wat ziet {name} hiervan bij de eigen inwoners", f"bij de eigen inwoners van {name}",
                           "hoe ligt het bij de eigen inwoners"):
                assert phrase not in tail, (name, words)
            at_level += 1
    assert at_level


def test_the_chance_example_is_one_self_contained_sentence_in_every_copy(small, large):
    """A copy's reading page said '… hoger ligt dan die foutmarge' with no margin before it to point to: the example
    sentence names what the bar lies above ('de foutmarge van één cijfer') and points back to nothing."""
    for _peers, document, texts in (small, large):
        if not document.context["toeval_breedte"].get("toeval"):
            continue
        for name, text in texts.items():
            said = plain(text)
            assert "die foutmarge" not in said, name
            if "voorbereiding" not in name:
                assert "hoger ligt dan de foutmarge van één cijfer" in said, name

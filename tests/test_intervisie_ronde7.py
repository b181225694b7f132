"""The workbook after a seventh blind reading by a facilitator: the small group obeys its own rule (a difference
between a centrumstad and another municipality is background, never a question's anchor), the municipality
without figures gets questions that fit it, no point is made three times in one copy, the template sentences fit
their topic, what is meaningful is worded honestly, and the facilitator has guidance and visible arithmetic."""


from thuis_cli.comparison_groups import municipality_type
from thuis_cli.products.intervisie import _Words

from conftest import SMALL, workbook_copies, workbook_questions, workbook_texts





def anchors(context):
    """Every finding a question of this copy rests on: the theme questions and the own page."""
    for theme in context["themas"]:
        for q in theme["vragen"]:
            yield theme["id"], q["id"], q["aanleiding"]
    for q in context["eigen"]:
        yield "eigen", q["id"], q["aanleiding"]


# --- 1. the small group obeys its own rule -----------------------------------------------------------------

def test_no_question_rests_on_a_pair_the_reading_page_calls_background(ws, small, large):
    """The reading page puts a difference between a centrumstad and another municipality apart, as background:
    no theme question and no question of a copy's own page is anchored on such a pair, in the small group
    (two municipalities with figures, one of them a centrumstad) as in the large one."""
    checked = 0
    for _peers, document, _texts in (small, large):
        for name, context in workbook_copies(document):
            for theme_id, q, a in anchors(context):
                f = a.get("bevinding")
                if a["soort"] == "paar" and f is not None:
                    checked += 1
                    assert municipality_type(ws, f.high) == municipality_type(ws, f.low), (name, theme_id, q)
    assert checked  # the large group still learns from pairs of the same type
    _peers, document, texts = small
    assert "Kortrijk betekenisvol hoger dan Zwevegem" not in texts["facilitator"].replace("\xa0", " ")
    words = _Words(None)
    for theme in document.context["themas"]:  # the small group's questions rest on its figures or on its members
        tied = [q for q in theme["vragen"] if q["aanleiding"]["soort"] != "algemeen"]
        assert tied, (theme["id"], [words.say("deelvraag", q["id"], q["aanleiding"]) for q in theme["vragen"]])


# --- 2. the municipality without figures gets questions that fit it ----------------------------------------

def _tail(text, names, labels):
    """A sub-question's question part (after its figure), with names and labels left out: its wording."""
    question = text[text.rindex(":") + 1:] if "):" in text else text
    for word in sorted(names + labels, key=len, reverse=True):
        question = question.replace(word, "…")
    return question.strip()


def test_a_municipality_without_figures_sets_its_own_practice_beside_the_neighbours_figures(small):
    """Spiere-Helkijn (9 answers) is asked whether it recognises the neighbours' figure in its residents and its
    own practice; 'leren van' at most once per theme; no two of its questions share their wording across themes;
    its own page asks where it seeks help instead of steering it to an own survey."""
    words = _Words(None)
    _peers, document, texts = small
    [(name, context)] = [(n, c) for n, c in workbook_copies(document) if n == "Spiere-Helkijn"]
    names = [g["naam"] for g in context["gemeenten"]]
    labels = [q["aanleiding"]["label"] for t in context["themas"] for q in t["vragen"] if q["aanleiding"]["label"]]
    wordings = {}
    for theme in context["themas"]:
        said = [words.say("deelvraag", q["id"], q["aanleiding"], name) for q in theme["vragen"]]
        assert sum(s.count("leren van") for s in said) <= 1, said
        # (round 14: a turn to it alone, 'Spiere-Helkijn: wat loopt … goed in uw gemeente', asks its own practice too)
        assert any("eigen praktijk" in s or "eigen inwoners" in s or (s.startswith("Om de beurt") and name in s)
                   or s.startswith(name + ":") for s in said), said
        for s in said:
            tail = _tail(s, names, labels)
            assert tail not in wordings, (theme["id"], wordings.get(tail), s)
            wordings[tail] = theme["id"]
    [hulp] = [q for q in context["eigen"] if q["id"] == "hulp"]
    prompt = words.say("eigen_deelvraag", "hulp", hulp["aanleiding"], name)
    assert prompt.startswith("Bij welke vraag") and prompt.split("?")[0].count(name) == 1, prompt
    assert "Wil Spiere-Helkijn dat doen" not in texts["spiere-helkijn"]


# --- 4. template sentences that fit the topic -------------------------------------------------------------

def test_what_crosses_the_border_fits_the_theme_and_an_attitude_gets_no_policy_to_copy(small, large):
    """The cross-border explanation depends on the theme: contact with neighbours is never explained by the
    housing market or transport; a pitfall on a residents' answer asks which measure seems logical by the figure,
    never what another municipality would wrongly copy from it; the general 'leren' question differs from the
    general 'versterken' one."""
    for _peers, document, _texts in (small, large):
        for _name, theme, _q, a, text in workbook_questions(document):
            if "woningmarkt" in text:
                assert theme["id"] == "minder-ruimte", text
            assert "ten onrechte overnemen van" not in text or a["soort"] == "paar", text
    algemeen = {"soort": "algemeen", "bevinding": None, "label": "",
                "thema": "Meer mensen wonen dicht bij voorzieningen"}
    words = _Words(None)
    for wie in (None, "Herent"):
        versterken = words.say("deelvraag", "versterken", algemeen, wie)
        leren = words.say("deelvraag", "leren", algemeen, wie)
        assert "aanpak" not in leren and "aanpak" in versterken, (versterken, leren)
    # (round 11: the words fit the indicator, not the theme: car sharing and contact with the neighbours differ)
    from types import SimpleNamespace

    said = [words.say("over_de_grens", {"bevinding": SimpleNamespace(indicator=i)})
            for i in ("kleiner_wonen", "autodelen", "contact_buren", "vervoer_hoofd")]
    assert len(set(said)) == 4 and "woningmarkt" not in said[1], said


# --- 3. no point three times in one copy -------------------------------------------------------------------

def test_a_copy_s_own_page_uses_only_differences_the_facilitator_shows_and_not_again_in_its_questions(small, large):
    """A difference between two neighbours on a copy's own page is one the facilitator copy lists on its theme
    page (so not Herent 16 % against Bierbeek 34 % on contact with neighbours), and no theme question of the
    copy rests on that indicator again (not Herent against Holsbeek on parking twice, nor travelling without a
    car on its own page and again as the shared challenge of a theme question)."""
    key = lambda b: (b.indicator, b.high.nis, b.low.nis)  # noqa: E731
    used = 0
    for _peers, document, _texts in (small, large):
        shown = {key(d["bevinding"]) for t in document.context["themas"] for d in t["verschillen"]}
        for name, context in workbook_copies(document):
            asked = {q["aanleiding"]["bevinding"].indicator for t in context["themas"] for q in t["vragen"]
                     if q["aanleiding"]["bevinding"] is not None}
            for q in context["eigen"]:
                a = q["aanleiding"]
                if a["soort"] == "paar":
                    used += 1
                    assert key(a["bevinding"]) in shown, (name, q["id"], a["label"])
                    assert a["bevinding"].indicator not in asked, (name, q["id"], a["label"])
    _peers, _document, texts = large
    herent = texts["herent"].replace("\xa0", " ")
    assert "Op ‘Wil veel contact met buren’ verschillen Bierbeek (34 %" not in herent


def test_a_question_on_a_pair_the_copy_is_not_part_of_asks_to_learn_once(large):
    """Where the copy's municipality is not in a pair, its question asks what it can learn, once."""
    _peers, document, _texts = large
    for name, _theme, _q, a, text in workbook_questions(document):
        if name and a["soort"] == "paar" and name not in (a["bevinding"].high.naam, a["bevinding"].low.naam):
            question = text[text.rindex(":") + 1:]
            assert question.count("?") == 1 and "van beide weten" not in question, text


# --- 5. honest wording of what is meaningful ----------------------------------------------------------------

def test_a_shared_challenge_says_where_it_is_meaningful_and_the_correction_is_explained_plainly(large):
    """'Wil een rijwoning of appartement': five municipalities lie lower, only at Herent is that betekenisvol, and
    the question says so; the reading page explains the correction by few answers and each municipality's own
    comparisons (no 'brief', no small municipality compared on more points); a pattern that may be chance is not
    followed by 'dus geen patroon'."""
    _peers, document, texts = large
    for _name, _theme, _q, a, text in workbook_questions(document):
        if a["soort"] in ("gedeeld", "patroon") and len(a["bevinding"].real) < len(a["bevinding"].members):
            assert "betekenisvol" in text[:text.rindex(":")], text
    facilitator = texts["facilitator"].replace("\xa0", " ")
    assert "Vlaanderen (34 %); alleen bij Herent is dat betekenisvol" in facilitator
    for copy, text in texts.items():
        assert "dus geen patroon" not in text, copy
        assert "eigen brief" not in text and "op veel punten tegelijk" not in text, copy
        if "voorbereiding" not in copy:
            plain = text.replace("\n", " ")
            # (round 9: the correction in the one sentence every copy shares)
            assert "Omdat we veel cijfers tegelijk vergelijken, ligt de lat voor ‘betekenisvol’ hoger" in plain, copy


def test_the_pre_read_says_in_plain_words_that_there_is_no_other_shared_challenge(large):
    """Herent's pre-read: no 'deelt … een uitdaging … of staat ze er apart van', but plain words that match the
    copy's 'gedeelde uitdaging'."""
    _peers, _document, texts = large
    pre = texts["herent-voorbereiding"].replace("\n", " ")
    assert "staat ze er apart van" not in pre and "staat er ook niet apart van" not in pre
    # (round 11: 'Een andere gedeelde uitdaging … is er niet' read as 'another' without a first: left out)
    # (round 13: 'Wat Herent met de buren deelt … staat hierboven' was filler: where its gap bullets already say the
    # shared challenge, the pre-read has no section 'Samen met de buren' to fill)
    assert "staat hierboven" not in pre
    assert "Een gedeelde uitdaging" in pre
    assert "Een andere gedeelde uitdaging" not in pre


# --- 6. facilitator guidance and arithmetic ---------------------------------------------------------------

def test_the_facilitator_copy_says_how_to_run_a_question_and_shows_the_actions_sum(ws, large):
    """With six municipalities the facilitator goes round only those the sub-question names; the joint actions'
    minutes follow visibly from the agenda (a printed sum that adds up); role examples use a neutral placeholder,
    the agenda no '…', and a municipality is 'ze'/'haar'."""
    _peers, document, texts = large
    text = texts["facilitator"].replace("\n", " ").replace("\xa0", " ")
    assert "eerst de gemeenten die de deelvraag noemt, daarna vullen de andere kort aan" in text
    # (round 8: no placeholder in brackets, a real example: the first municipality with figures)
    assert "[naam van de gemeente]" not in text and "(bij Leuven: ‘Voor Leuven zelf’ en ‘Wat neemt Leuven mee’)" in text
    assert "Wat neemt … mee" not in text
    t = document.context["tijd"]
    parts = [t.welcome, t.opening, sum(x.minutes for x in t.themes), t.pause, t.exchange, t.takeaway, t.closing]
    assert t.duration - sum(parts) == t.actions
    assert f"De gezamenlijke acties krijgen wat overblijft: {t.duration} − {t.welcome} (welkom)" in text
    assert f"(afsluiting) = {t.actions} minuten." in text
    small = workbook_texts(ws, SMALL)[2]["facilitator"].replace("\n", " ")
    assert "wat het in de cijfers" not in small and "naar zijn aanpak" not in small
    assert "naar haar aanpak" in small


def test_the_opening_round_uses_each_municipality_s_own_page(large):
    """The opening round asks what each municipality wrote on its own page, not only what struck it."""
    _peers, _document, texts = large
    text = texts["facilitator"].replace("\n", " ")
    opening = text[text.index("Openingsronde Wat viel"):][:400]
    assert "op haar eigen pagina bij ‘Wat herkennen wij in onze cijfers?’" in opening

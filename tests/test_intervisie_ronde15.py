"""The workbook after a fifteenth blind reading by a facilitator: a member without figures starts from the
neighbour most like it, questions fit the figure they ask about (no border that is not in the data, a difference
rather than 'deze vraag', a preference is no obstacle), ..."""

import re

from conftest import plain, workbook_questions

from thuis_cli.comparison_groups import municipality_type


def _copy(document, slug: str, preread: bool = False):
    return next(a for a in document.artifacts
                if a.copy_of == slug and ("voorbereiding" in a.name) == preread)


# --- 1. the neighbour most like a member comes first ----------------------------------------------------------

def test_spiere_helkijn_starts_from_zwevegem_and_the_city_comes_second(small, samples):
    """Spiere-Helkijn's copy and pre-read started from Kortrijk's figures (a centrumstad of 75 000): its own page
    opens with a figure of Zwevegem, the neighbour of its own kind, and its pre-read lists Zwevegem first and
    Kortrijk after it."""
    _peers, document, texts = small
    copy = _copy(document, "spiere-helkijn").context
    opening = next(e["aanleiding"] for e in copy["eigen"] if e["id"] == "herkennen")
    assert opening["bevinding"].area.naam == "Zwevegem"
    pre = _copy(document, "spiere-helkijn", preread=True).context
    names = [d["bevinding"].area.naam for d in pre["buren"]]
    assert names[0] == "Zwevegem" and "Kortrijk" in names[1:], names
    said = plain(texts["spiere-helkijn-voorbereiding"])
    assert said.index("in Zwevegem (n =") < said.index("in Kortrijk (n ="), said


def test_a_member_without_figures_opens_with_a_neighbour_of_its_own_kind_where_one_has_a_gap(small, large, samples):
    """In both groups: a copy without figures of its own opens its own page with a neighbour of its own kind
    whenever such a neighbour has a betekenisvol gap with Flanders."""
    from thuis_cli.peer_findings import PeerFindings

    ws = samples.ws
    indicators = [i for i in ws.config.catalogus.indicatoren if i.thema != "profiel"]
    checked = 0
    for peers, document, _texts in (small, large):
        found = PeerFindings(ws, peers, indicators)
        for g in peers:
            if found.published(g, indicators):
                continue
            kind = municipality_type(ws, g)
            alike = [h for h in peers if h.nis != g.nis and municipality_type(ws, h) == kind
                     and found.versus_flanders_real(h, indicators)]
            opening = next(e["aanleiding"] for e in _copy(document, g.slug).context["eigen"] if e["id"] == "herkennen")
            if alike:
                assert municipality_type(ws, opening["bevinding"].area) == kind, (g.naam, opening["bevinding"].area)
                checked += 1
    assert checked


# --- 2. questions that fit the figure -------------------------------------------------------------------------

def test_no_question_frames_a_border_says_the_survey_item_is_a_city_s_or_treats_a_wish_as_an_obstacle(
        small, large, samples):
    """'wat merkt Spiere-Helkijn aan de eigen kant van de grens' (the data is about no border), 'is deze vraag
    eigen aan een stad' (the survey item is no city's: the difference is) and 'wat houdt Zwevegem tegen' on a
    wish (a preference is no obstacle): none of them in any question of either group."""
    catalogue = samples.ws.config.catalogus.by_id
    wishes = 0
    for _peers, document, _texts in (small, large):
        for name, _theme, _q, a, text in workbook_questions(document):
            said = plain(text)
            assert "kant van de grens" not in said and not re.search(r"\bde grens\b", said), (name, said)
            assert "deze vraag eigen aan" not in said and "deze vraag van de inwoners eigen aan" not in said, said
            if a["bevinding"] is not None and catalogue[a["bevinding"].indicator].lezing == "wens":
                assert "tegenhoud" not in said and not re.search(r"\bhoudt\b.*\btegen\b", said), (name, said)
                wishes += 1
    assert wishes


def test_a_lower_wish_asks_why_residents_choose_it_less_often():
    """The words themselves: on a lower share of a wish the facilitator asks why the residents choose it less
    often and what that means for the local offer, for every theme's wording."""
    from thuis_cli.products.intervisie import _Words

    words = _Words(None)
    for nr in range(3):
        said = words.say("nood_staart", "versterken", "laag", "Zwevegem", None, nr, {"thema_id": "minder-ruimte"})
        assert "tegen" not in said, said
    first = words.say("nood_staart", "versterken", "laag", "Zwevegem", None, 0, {"thema_id": "minder-ruimte"})
    assert "waarom kiezen de inwoners van Zwevegem hier minder vaak voor" in first
    assert "wat betekent dat voor het woningaanbod in Zwevegem" in first


# --- 3. the agenda's minutes follow from the number of members ------------------------------------------------

def test_a_general_question_has_two_minutes_per_member_and_the_sum_shown_adds_up(small, large):
    """With three municipalities the agenda gave 2-minute general questions that cannot go round the table: a
    general question gets at least 2 minutes per municipality, the note says so, and the sum printed under the
    agenda adds up to the session's length and to the actions' minutes in the table."""
    for peers, document, texts in (small, large):
        time = document.context["tijd"]
        assert time.general_question >= 2 * len(peers)
        assert sum(s["minuten"] for s in time.slots()) == time.duration
        said = plain(texts["facilitator"])
        if any(t.tied < 4 for t in time.themes):
            assert f"{time.general_question} per algemene vraag (ze gaat de tafel rond: 2 per gemeente)" in said
        sum_ = re.search(r"wat overblijft: (\d+) ((?:− \d+ \([^)]*\) )+)= (\d+) minuten", said)
        assert sum_, said
        total, parts, rest = int(sum_[1]), [int(x) for x in re.findall(r"− (\d+)", sum_[2])], int(sum_[3])
        assert total == time.duration and total - sum(parts) == rest == time.actions, sum_[0]
        for theme in time.themes:
            assert theme.questions >= 4 * theme.tied + time.general_question * (4 - theme.tied) or time.tight

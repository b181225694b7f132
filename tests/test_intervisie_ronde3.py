"""The workbook after a blind reading by a facilitator: one significance rule a participant can follow,
a member without figures of its own, questions tied to printed figures and to the copy's reader, a
time plan that follows from what there is to discuss, and forms that fit what people write."""

import math

import pytest

from thuis_cli.peer_findings import PeerFindings
from thuis_cli.products.intervisie import resolve_peers
from thuis_cli.workspace import Workspace

from conftest import LARGE, SMALL, artifact_text


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


def _indicators(ws):
    return [i for i in ws.config.catalogus.indicatoren if i.thema != "profiel"]


def test_no_pair_is_called_real_on_weaker_evidence_than_a_gap_with_flanders_called_chance(ws):
    """One rule for both: a gap with Flanders of at least 5 pp that its municipality's own family calls
    chance sets the bar; a pair of municipalities is betekenisvol only with a smaller p-value. The
    sample group has such gaps (Holsbeek, Oud-Heverlee) and pairs that BH alone would call real above them."""
    peers = resolve_peers(ws, LARGE)
    indicators = _indicators(ws)
    found = PeerFindings(ws, peers, indicators)
    chance = [c.p_value for g in peers for ind in indicators
              if (c := found.versus_flanders(g, ind.id)).comparable and not c.real
              and abs(c.diff) * 100 >= 5]
    assert chance, "the sample group has gaps of 5 pp or more that are called chance"
    floor = min(chance)
    assert found.chance_floor(indicators) == floor
    pairs = found.real_pairs(indicators)
    assert pairs and all(b.comparison.p_value < floor for b in pairs)
    # the pair the reader recomputed (Bierbeek 31 % against Oud-Heverlee 14 % on energy renovation)
    # passes Benjamini-Hochberg alone, but is weaker evidence than Oud-Heverlee's own gaps called chance
    family = found._family(indicators)
    bierbeek, oud_heverlee = (ws.gebieden.resolve(n) for n in ("bierbeek", "oud-heverlee"))
    tested = family[("paar", "renovatieplannen", bierbeek.nis, oud_heverlee.nis)]
    assert tested.q_value < 0.05 and abs(tested.diff) * 100 >= 5 and tested.p_value > floor
    assert not tested.real
    assert math.isinf(PeerFindings(ws, peers[:1] + peers[1:2], []).chance_floor([]))


# --- a member without figures of its own ---------------------------------------------------------

def test_a_member_without_figures_is_told_so_not_that_it_does_not_differ(ws, small):
    peers, _document, texts = small
    own = texts["spiere-helkijn"]
    assert ws.respondents(peers[0]) == 9
    assert "wijkt op geen enkele vraag betekenisvol af" not in own
    # (round 13: 'te weinig antwoorden om cijfers te tonen', not 'geen cijfers' beside its 9 answers)
    assert "Spiere-Helkijn heeft 9 antwoorden, te weinig antwoorden om cijfers te tonen" in own
    # its page turns to the neighbours' figures and to an own follow-up survey, in reader words
    assert "Wel van de buren:" in own and "een korte eigen bevraging van de inwoners" in own
    assert "thuis vragenlijst" not in own
    # no promise the copy cannot keep
    assert "Onder elke vraag staat een cijfer van Spiere-Helkijn" not in own
    assert "de balken van Spiere-Helkijn blauw" not in own
    assert "Spiere-Helkijn: te weinig deelnemers voor eigen cijfers" in own
    # a municipality with figures keeps the colour key
    assert "zijn de balken van Zwevegem blauw" in texts["zwevegem"]


def test_no_same_type_sentence_without_a_same_type_pair_with_data(small):
    """Spiere-Helkijn and Zwevegem are both 'andere gemeente', but Spiere-Helkijn has no figure: there is no
    pair of the same type to compare, so the workbook does not say that such pairs do not differ."""
    _peers, document, texts = small
    assert not any(t["vergelijkbare_paren"] for t in document.context["themas"])
    for text in texts.values():
        assert "Gemeenten van dezelfde soort verschillen op dit thema niet betekenisvol" not in text


def test_the_cli_warns_about_a_member_with_too_few_participants(tmp_path):
    from clirunner import thuis

    result = thuis("intervisie", *SMALL, "--uit", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Spiere-Helkijn heeft 9 deelnemers: te weinig voor eigen cijfers" in result.stderr
    assert "overweeg een grotere groep" in result.stderr
    assert "Kortrijk heeft" not in result.stderr


def test_a_thin_group_gets_fewer_minutes_per_theme_and_time_to_exchange_practices(small):
    _peers, document, texts = small
    time = document.context["tijd"]
    tied = [sum(1 for q in t["vragen"] if q["aanleiding"]["soort"] != "algemeen") for t in document.context["themas"]]
    # (round 17: no longer 'little to discuss in at least one theme': every theme of the small group has its spine)
    assert all(t.minutes < 4 * 4 + 3 + 3 + 4 for t, k in zip(time.themes, tied) if k < 4)
    # (round 15: a general question goes round the table, 2 minutes per municipality; the exchange of practices
    # gets what the themes leave, in fives and at least ten, and the small sample leaves less)
    left = time.available - sum(t.minutes for t in time.themes)
    assert (time.exchange >= 10) == (left >= 10) and time.actions >= 15
    assert ("Praktijken uitwisselen" in texts["facilitator"]) == (time.exchange > 0)


def test_the_chart_keeps_the_flanders_line_out_of_a_row_without_a_bar():
    """'te weinig' stands where the bar would be; the dashed Flanders line is drawn only through rows with
    a bar, and the verdict dots are drawn (filled: betekenisvol, open: can be chance)."""
    import re

    from thuis_cli import chart, palette

    bars = (chart.Bar("Spiere-Helkijn", None, None, None, 0.0, palette.AREA),
            chart.Bar("Kortrijk", 0.46, 0.41, 0.51, 410, palette.AREA, mark="echt"),
            chart.Bar("Zwevegem", 0.28, 0.22, 0.34, 225, palette.AREA, mark="toeval"),
            chart.Bar("Vlaanderen", 0.34, 0.33, 0.35, 38000, palette.FLANDERS, is_reference=True))
    legend = ("Vlaanderen", "betekenisvol verschil met Vlaanderen", "minstens 5 pp verschil, maar kan toeval zijn")
    svg = chart._draw_small_multiples((chart.Panel("Wil een rijwoning", bars, 0.34, legend),), 3, 17.0).decode()
    assert "te weinig" in svg and "Spiere-Helkijn" in svg
    # one dashed segment per row with a bar (three) and one in the legend, none through the empty row
    assert len(re.findall(r"stroke-dasharray", svg)) == 3 + 1, len(re.findall(r"stroke-dasharray", svg))
    assert "betekenisvol verschil met Vlaanderen" in svg and "kan toeval zijn" in svg


# --- questions tied to figures and to the reader ----------------------------------------------------

def test_the_statistics_lesson_is_asked_once_and_no_question_is_city_against_countryside(large):
    _peers, document, texts = large
    kinds = [q["aanleiding"]["soort"] for t in document.context["themas"] for q in t["vragen"]]
    assert kinds.count("toeval") <= 1 and "structureel" not in kinds
    assert texts["facilitator"].count("waar lezen we te veel in verschillen die toeval kunnen zijn?") <= 1
    # the pitfall of the other themes is one of policy, on a printed finding
    pitfalls = [q["aanleiding"] for t in document.context["themas"] for q in t["vragen"] if q["id"] == "valkuilen"]
    assert all(p["soort"] != "algemeen" for p in pitfalls)


def test_a_themes_questions_spread_over_its_indicators(large):
    _peers, document, _texts = large
    for t in document.context["themas"]:
        named = [q["aanleiding"]["bevinding"].indicator for q in t["vragen"] if q["aanleiding"]["bevinding"]]
        assert len(set(named)) >= min(len(named), 2), (t["id"], named)


def test_a_municipality_copy_never_asks_another_municipality_to_explain_itself(large):
    peers, _document, texts = large
    for g in peers:
        others = [o.naam for o in peers if o.nis != g.nis]
        copy = texts[g.slug]
        questions = copy[copy.index("Bespreking"):]
        for other in others:
            assert f"hoe verklaart {other} dit verschil" not in questions, (g.naam, other)
            assert f"hoe verklaren {other}" not in questions, (g.naam, other)
        assert "jullie" not in copy


def test_the_facilitator_copy_promises_sub_questions_only_as_far_as_they_are_tied(small, large):
    for _peers, document, texts in (small, large):
        total = len(document.context["themas"]) * 4
        tied = document.context["gebonden"] - document.context["beurten"]  # (round 9: a question in turn has no figure)
        text = texts["facilitator"]
        if tied == total:
            assert "onder elke vraag een deelvraag die naar een cijfer van dat thema verwijst" in text
        else:
            assert f"Onder {tied} van de {total} vragen staat een deelvraag bij een cijfer" in text
            assert "onder elke vraag een deelvraag" not in text


def test_a_pre_read_carries_the_date_and_place_when_given_else_points_to_the_invitation(ws):
    from thuis_cli.products import get

    peers = resolve_peers(ws, LARGE[:3])
    product = get("intervisie")
    given = product.build(ws, product.target(peers, date="12 maart, 14 uur", place="gemeentehuis Herent"))
    blank = product.build(ws, product.target(peers))
    pre = [a for a in given.artifacts if "voorbereiding" in a.name][0]
    assert "De sessie: 12 maart, 14 uur, gemeentehuis Herent." in artifact_text(given, pre)
    from thuis_cli.publish.render import render_text

    pre_blank = [a for a in blank.artifacts if "voorbereiding" in a.name][0]
    # round 5: no blank line to fill in, but where to find them (instellingen.yaml intervisie: can give them)
    assert 'class="invullijn"' not in render_text(blank, pre_blank, None)
    text = artifact_text(blank, pre_blank)
    assert "De sessie: datum, uur en plaats staan in de uitnodiging." in text
    assert "elk met dezelfde vier vragen" in text and "Waar kunnen we elkaar versterken?" in text
    assert "sessiecode" not in text.lower()

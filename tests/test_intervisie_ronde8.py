"""The workbook after an eighth blind reading by a facilitator: the answer on chance states this session's own
widths, each municipality with figures anchors a question on its own figure and the one without figures mirrors
more than one neighbour, the questions' forms fit what they ask, the pre-read agrees with the copy, and the
facilitator copy's pointers and sums are true."""

import re

from thuis_cli import fmt
from thuis_cli.products.intervisie import _Words

from conftest import plain


def _bars(document):
    """(panel, bar) of every municipality's drawn bar in the facilitator copy's charts."""
    for theme in document.context["themas"]:
        for panel in theme["panelen"]:
            for bar in panel.bars:
                if not bar.is_reference and bar.share is not None:
                    yield panel, bar


# --- 1. the chance box tells the truth ----------------------------------------------------------------------

def test_the_answer_on_chance_states_this_session_s_fewest_answers_and_widest_gap_still_chance(small, large):
    """'Als iemand vraagt …' gives no rule of thumb ('tot bijna tien procentpunt' at a hundred answers, while the
    charts mark 17 points as possibly chance): it names the figure with the fewest answers in these charts, and
    the widest printed gap with Flanders the charts still mark with an open dot."""
    for _peers, document, texts in (small, large):
        text = plain(texts["facilitator"])
        box = text[text.index("Als iemand vraagt"):text.index("Bron:", text.index("Als iemand vraagt"))]
        assert "honderdtal" not in box and "bijna tien" not in box, box
        bars = list(_bars(document))
        fewest = min(b.n for _p, b in bars)
        assert f"n = {fmt.count(fewest)})" in box, box
        chance = [(abs(fmt.gap(b.share, p.reference).value), p.title) for p, b in bars if b.mark == "toeval"]
        widest, label = max(chance)
        assert f"het verschil van {fmt.number(float(widest))} procentpunt met Vlaanderen" in box, box
        assert label in box, box
        for copy, text in texts.items():  # a municipality's reading page names the same gap, not a number of its own
            if copy != "facilitator" and "voorbereiding" not in copy:
                assert f"Ook {fmt.number(float(widest))} procentpunt kan toeval zijn" in plain(text), copy


def test_a_filled_dot_s_whisker_never_reaches_the_line_of_flanders(small, large):
    """A bar drawn with the filled dot ('betekenisvol verschil met Vlaanderen') has a 95 % interval that does not
    touch the dashed line of Flanders: the dot and the whisker tell one story (an open dot may, and the reading
    page says why in one sentence)."""
    checked = 0
    for _peers, document, texts in (small, large):
        for panel, bar in _bars(document):
            if bar.mark == "echt":
                checked += 1
                assert not bar.lo <= panel.reference <= bar.hi, (panel.title, bar.label)
        assert "kan dus nog toeval zijn" in plain(texts["facilitator"])
    assert checked


# --- 2. every municipality's own signals are used -------------------------------------------------------------

def _own_real_anchor(item, name) -> bool:
    """Whether a question's finding rests on this municipality's own betekenisvol figure."""
    f = item.get("bevinding")
    if f is None:
        return False
    if item["soort"] == "vlaanderen":
        return f.area.naam == name
    if item["soort"] == "paar":
        return name in (f.high.naam, f.low.naam)
    if item["soort"] in ("gedeeld", "patroon", "toeval"):
        return any(g.naam == name for g in f.real)
    return False


def test_each_municipality_with_figures_anchors_a_question_on_its_own_figure(small, large):
    for _peers, document, _texts in (small, large):
        context = document.context
        items = [q["aanleiding"] for t in context["themas"] for q in t["vragen"]]
        for g in context["gemeenten"]:
            if g["cijfers"]:
                assert any(_own_real_anchor(a, g["naam"]) for a in items), g["naam"]


def test_the_copy_without_figures_mirrors_each_neighbour_in_turn_another_municipality_first(small):
    """Spiere-Helkijn (no figures) holds its practice against Zwevegem and Kortrijk in turn, Zwevegem (not the
    centrumstad) first, and its sub-question prints the mirror's own figure where the gap is the other's."""
    words = _Words(None)
    _peers, document, _texts = small
    [copy] = [a.context for a in document.artifacts
              if a.copy_of == "spiere-helkijn" and "voorbereiding" not in a.name]
    mirrored = [(q["id"], q["aanleiding"]) for t in copy["themas"] for q in t["vragen"] if q["aanleiding"].get("spiegel")]
    names = [a["spiegel"]["naam"] for _q, a in mirrored]
    assert names[0] == "Zwevegem" and set(names) == {"Zwevegem", "Kortrijk"}, names
    assert all(x != y for x, y in zip(names, names[1:])), names
    for q, a in mirrored:
        if a["bevinding"].area.naam != a["spiegel"]["naam"]:
            said = plain(words.say("deelvraag", q, a, "Spiere-Helkijn"))
            assert f"; {a['spiegel']['naam']}: {fmt.pct(a['spiegel']['cijfer'].share)}".replace("\xa0", " ") in said

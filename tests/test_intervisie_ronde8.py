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

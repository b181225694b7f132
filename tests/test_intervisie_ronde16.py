"""The workbook after a sixteenth blind reading by a facilitator: markers that cannot contradict the row beside
them, participants rather than residents, one label per profile, no figure asked twice, open questions without
presumptions, and one role for the action list (issue 28, workbook part)."""

import re

from conftest import plain, workbook_copies, workbook_questions

from thuis_cli.products.intervisie import QUESTIONS, _named, _Words

WORDS = _Words(None)


# --- 1. 'Ook opvallend' names whom no question asks, per member -------------------------------------------------

def test_also_notable_says_per_member_that_no_question_asks_about_it(small, large):
    """A row may carry a question number for another member: the 'Ook opvallend' line never says a bare 'geen
    vraag gaat erover' beside it, but 'geen vraag over <member> hier' for each member it names, and no question of
    the theme names that member on that row."""
    checked = 0
    for _peers, document, _texts in (small, large):
        for name, context in workbook_copies(document):
            for theme in context["themas"]:
                if not theme["ook"]:
                    continue
                said = plain(WORDS.say("ook_opvallend", theme["ook"]))
                assert "geen vraag gaat erover" not in said.lower(), (name, said)
                asked = {(g.nis, q["aanleiding"]["bevinding"].indicator) for q in theme["vragen"]
                         if q["aanleiding"]["bevinding"] is not None for g in _named(q["aanleiding"])}
                for line in theme["ook"]:
                    assert f"(geen vraag over {line['naam']} hier)" in said, (name, said)
                    for d in line["hoger"] + line["lager"]:
                        assert (d["bevinding"].area.nis, d["bevinding"].indicator) not in asked, (name, line["naam"])
                        checked += 1
    assert checked


# --- 2. a figure describes participants, not residents ----------------------------------------------------------

RESIDENTS_CHOOSE = (re.compile(r"\b(?:kiezen|kiest|willen|wil) de (?:eigen )?inwoners\b"),
                    re.compile(r"\binwoners\b(?: (?:van|uit) [A-Z][\w-]*)?(?: \w+){0,3} (?:kiezen|kiest|willen|wil)\b"))


def test_no_question_says_what_the_residents_of_a_member_choose_or_want(small, large):
    """The reading page says the figures describe 'de deelnemers, niet alle inwoners': no question of either group,
    in any copy, says 'waarom kiezen de inwoners van Zwevegem hier minder vaak voor' or 'wat de inwoners willen';
    a question about what a figure shows speaks of the participants ('de deelnemers uit Zwevegem')."""
    participants = 0
    for _peers, document, _texts in (small, large):
        for name, _theme, _q, _a, text in workbook_questions(document):
            said = plain(text)
            for pattern in RESIDENTS_CHOOSE:
                assert not pattern.search(said), (name, said)
            participants += "deelnemers" in said
    assert participants
    said = plain(WORDS.say("nood_staart", "versterken", "laag", "Zwevegem", None, 0, {"thema_id": "minder-ruimte"}))
    assert "waarom kiezen de deelnemers uit Zwevegem" in said, said

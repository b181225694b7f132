"""The workbook after a fourteenth blind reading by a facilitator: the agenda says truly where the figures to read
are (the rows the questions use, marked on each theme's data page), ..."""

import re

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
        assert "de facilitator de rijen aanwijst waarover de vragen gaan (vet op de cijferpagina van het thema)" in reading
        # and what the pre-reads list is indeed fewer figures than the themes' tables
        rows = sum(len(t["rijen"]) for t in document.context["themas"])
        for a in document.artifacts:
            if "voorbereiding" in a.name:
                listed = len(a.context.get("vlaanderen") or []) + len(a.context.get("buren") or [])
                assert listed < rows

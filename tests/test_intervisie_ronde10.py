"""The workbook after a tenth blind reading by a facilitator: the small group uses its figures (no municipality
anchors more than half of a theme's questions, measured against the theme's questions), every member is asked
on every theme in both groups, the pages do not contradict each other, every request of the pre-read has its
place in the agenda, and the words fit what the figures say."""

from thuis_cli.products.intervisie import QUESTIONS, TURN, anchor

from conftest import plain, workbook_copies, workbook_questions


def _figure_questions(theme: dict) -> list[dict]:
    return [q["aanleiding"] for q in theme["vragen"] if q["aanleiding"]["soort"] not in ("algemeen", TURN)]


# --- 1. the small group uses its figures --------------------------------------------------------------------

def test_the_small_group_rests_at_least_five_questions_on_a_figure_none_more_than_half_a_theme(small, large):
    """Kortrijk has eleven betekenisvol gaps with Flanders: the small group's theme questions rest on a figure
    at least five times (not two), while no municipality anchors more than half of any theme's questions."""
    _peers, document, _texts = small
    figures = [a for t in document.context["themas"] for a in _figure_questions(t)]
    assert len(figures) >= 5, [a["soort"] for a in figures]
    for _peers, document, _texts in (small, large):
        for theme in document.context["themas"]:
            anchors = [nis for a in _figure_questions(theme) if (nis := anchor(a)) is not None]
            assert all(anchors.count(nis) <= len(QUESTIONS) // 2 for nis in anchors), theme["titel"]

"""The workbook after an eleventh blind reading by a facilitator: a question names at most three municipalities
and never ranks between equal shares, a centrumstad's gap with Flanders anchors at most one question per theme,
the copy and the pre-read start from the same figure, and the words hold for whom they are asked."""

import re

from thuis_cli import fmt

from conftest import plain, workbook_questions


def _names_in(text: str, peers, skip: str | None = None) -> list[str]:
    return [g.naam for g in peers if g.naam != skip and re.search(rf"\b{re.escape(g.naam)}\b", plain(text))]


# --- 1. a question can be run in its four minutes ------------------------------------------------------------

def test_a_question_names_at_most_three_municipalities_besides_the_copy_s_own(small, large):
    """'Eerst Holsbeek, Oud-Heverlee en Herent…, dan kort Bierbeek en Rotselaar' cannot be asked in four minutes:
    every printed question of every copy names at most three municipalities other than the copy's own."""
    for peers, document, _texts in (small, large):
        for name, _theme, q, _a, text in workbook_questions(document):
            assert len(_names_in(text, peers, skip=name)) <= 3, (name, q["id"], text)


def test_a_question_on_a_wide_pattern_never_ranks_between_equal_printed_shares(small, large):
    """Holsbeek and Rotselaar are both 33 % on travelling without a car: a question that names some members of a
    shared challenge names every member whose printed share is as far from Flanders as a named one's that is
    not betekenisvol (both or neither), and the members it leaves out are named elsewhere in the theme."""
    checked = 0
    for peers, document, _texts in (small, large):
        for name, theme, _q, a, text in workbook_questions(document):
            if a["soort"] not in ("gedeeld", "patroon") or len(a["bevinding"].members) <= 3:
                continue
            checked += 1
            f = a["bevinding"]
            real = {g.nis for g in f.real}
            named = set(_names_in(text, peers, skip=name))
            far = [abs(c.share - f.reference.share) for g, c in f.members
                   if g.naam in named and g.nis not in real]
            for g, c in f.members:
                if g.naam not in named and g.naam != name and far:
                    left = fmt.pct(c.share)
                    assert all(fmt.pct(x.share) != left for h, x in f.members if h.naam in named
                               and h.nis not in real), (name, g.naam, text)
                    assert abs(c.share - f.reference.share) < min(far), (name, g.naam, text)
            if name is None:  # the facilitator's theme names the others in another question
                others = " ".join(plain(t) for n, th, _q, _a, t in workbook_questions(document)
                                  if n is None and th["id"] == theme["id"])
                assert all(g.naam in others for g, _c in f.members), (theme["id"], others)
    assert checked

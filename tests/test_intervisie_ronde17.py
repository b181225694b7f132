"""The workbook after a seventeenth blind reading by a facilitator: a spine for a group without a shared challenge,
a question about Spiere-Helkijn's own situation, a difference between two members asked to those two, a clearer
example of chance, an example row for the actions and a fuller first page of a copy (issue 28, workbook part)."""

import re

from conftest import plain, workbook_copies, workbook_questions

from thuis_cli import fmt
from thuis_cli.peer_findings import PeerFindings
from thuis_cli.products.intervisie import _named, pair_key


def _found(ws, peers) -> PeerFindings:
    return PeerFindings(ws, peers, [i for i in ws.config.catalogus.indicatoren if i.thema != "profiel"])


def _theme_indicators(ws, theme_id: str) -> list:
    return [i for i in ws.config.catalogus.indicatoren if i.thema == theme_id]


# --- 1. a spine for every theme of a group without a shared challenge ------------------------------------------

def test_a_theme_without_shared_challenge_opens_with_its_largest_difference_between_two_members(samples, small):
    """Where a theme has no shared challenge, pattern or pair question, its first question asks the two members of
    its largest betekenisvol difference between members (on an indicator no other question names where there is
    one), and names those two: the small group's car sharing, Kortrijk 35 % against Zwevegem 20 %, is asked."""
    peers, document, _texts = small
    found = _found(samples.ws, peers)
    spines = 0
    for theme in document.context["themas"]:
        pairs = found.real_pairs(_theme_indicators(samples.ws, theme["id"]))
        first = theme["vragen"][0]["aanleiding"]
        assert not theme["gedeeld"] and not theme["patronen"], theme["id"]
        assert pairs, theme["id"]
        assert first["soort"] in ("paar", "structureel"), (theme["id"], first["soort"])
        others = {q["aanleiding"]["bevinding"].indicator for q in theme["vragen"][1:] if q["aanleiding"]["bevinding"]}
        free = [b for b in pairs if b.indicator not in others] or pairs
        spine = first["bevinding"]
        # the largest printed gap (a tie between equal printed gaps may go either way)
        assert float(spine.gap.value) >= max(float(b.gap.value) for b in free), theme["id"]
        assert {g.nis for g in _named(first)} == {spine.high.nis, spine.low.nis}
        spines += 1
    assert spines == 3
    delen = next(t for t in document.context["themas"] if t["id"] == "delen")
    assert delen["vragen"][0]["aanleiding"]["bevinding"].indicator == "autodelen"


CITY_FRAMING = re.compile(r"eigen aan (?:een stad|\S+ als centrumstad)|ligt dat aan \S+ als centrumstad")


def test_the_question_whether_the_city_explains_a_difference_is_asked_once_per_copy(small, large):
    """'Is dit eigen aan een stad als Kortrijk' (or 'ligt dat aan Kortrijk als centrumstad') is asked in full at
    most once in a copy's theme questions; a later question on a city's difference refers back to that theme."""
    back = 0
    for _peers, document, _texts in (small, large):
        for name, context in workbook_copies(document):
            texts = [plain(t) for n, _th, _q, _a, t in workbook_questions(document) if n == name]
            full = [t for t in texts if CITY_FRAMING.search(t)]
            assert len(full) <= 1, (name, full)
            titles = "|".join(re.escape(t["titel"]) for t in context["themas"])
            refers = [t for t in texts if re.search(r"(?:zoals bij|zie) ‘(" + titles + ")’", t)]
            back += len(refers)
    assert back


def test_no_betekenisvol_difference_between_two_members_is_silently_dropped(samples, small, large):
    """Every betekenisvol difference between two members of a theme is asked in a question of that theme, printed
    in one of the page's lists (same kind; the facilitator's background list), or named
    under 'Ook opvallend', in every copy of both groups."""
    checked = 0
    for peers, document, _texts in (small, large):
        found = _found(samples.ws, peers)
        for name, context in workbook_copies(document):
            for theme in context["themas"]:
                asked = {pair_key(q["aanleiding"]["bevinding"]) for q in theme["vragen"]
                         if q["aanleiding"]["soort"] in ("paar", "structureel")}
                listed = {pair_key(d["bevinding"]) for d in theme["verschillen"]}
                if name is None:  # (the background list is the facilitator's)
                    listed |= {pair_key(d["bevinding"]) for d in theme["structureel"]}
                notable = {pair_key(b) for p in theme["ook_paren"] for o in p["op"] for b in o["bevindingen"]}
                for b in found.real_pairs(_theme_indicators(samples.ws, theme["id"])):
                    assert pair_key(b) in asked | listed | notable, (name, theme["id"], b.indicator, b.high.naam)
                    checked += 1
                    if pair_key(b) in notable:
                        said = plain(_words().say("ook_opvallend", theme["ook"], True, theme["ook_paren"]))
                        assert b.high.naam in said and f"‘{found.ws.config.catalogus.by_id[b.indicator].label}’" in said
    assert checked


def _words():
    from thuis_cli.products.intervisie import _Words

    return _Words(None)


# --- 2. Spiere-Helkijn gets a question about its own situation -------------------------------------------------

def test_the_member_without_figures_is_asked_about_its_situation_with_a_neighbours_figure(samples, small):
    """In the facilitator's copy and its own, Spiere-Helkijn (9 answers) gets a question that names it beside a
    printed figure of Kortrijk or Zwevegem and asks how it is with its own residents."""
    peers, document, _texts = small
    found = _found(samples.ws, peers)
    spiere = next(g for g in peers if g.slug == "spiere-helkijn")
    neighbours = [g for g in peers if g.nis != spiere.nis]
    for copy in (None, "Spiere-Helkijn"):
        hits = []
        for name, theme, _q, a, text in workbook_questions(document):
            said = plain(text)
            if name != copy or a["bevinding"] is None or "Spiere-Helkijn" not in said:
                continue
            figures = [plain(fmt.pct(f.share)) for g in neighbours
                       if (f := found.figure(g, a["bevinding"].indicator)) is not None and not f.suppressed]
            if any(f"({p})" in said for p in figures) and re.search(r"eigen inwoners|inwoners van uw|eigen werking",
                                                                      said.split("Spiere-Helkijn", 1)[1]):
                hits.append(theme["id"])
        assert hits, copy


# --- 3. a difference between two members is asked to those two ------------------------------------------------

def test_a_question_about_two_members_difference_is_addressed_to_those_two(small, large):
    """A question on the difference between A and B names A or B as the first municipality after its figures; a
    third member is named only in a clause that asks it 'daarna' (the follow-up), never as the question's
    addressee (Herent was asked about the gap between Rotselaar and Oud-Heverlee). Every copy of both groups."""
    checked = followed = 0
    for peers, document, _texts in (small, large):
        names = [g.naam for g in peers]
        for name, _theme, _q, a, text in workbook_questions(document):
            if a["soort"] not in ("paar", "structureel"):
                continue
            f = a["bevinding"]
            said = plain(text)
            head = plain(f"betekenisvol hoger dan {f.low.naam} ({f.gap.b_text})")
            assert head in said, said
            rest = re.sub(r"^; [^:]*:", "", said[said.index(head) + len(head):])  # (the copy's own figure first)
            mentioned = sorted((m.start(), n) for n in names for m in re.finditer(rf"\b{re.escape(n)}\b", rest))
            assert not mentioned or mentioned[0][1] in (f.high.naam, f.low.naam), (name, said)
            for clause in re.split(r"[,?.]", rest):
                if any(re.search(rf"\b{re.escape(n)}\b", clause) for n in names if n not in (f.high.naam, f.low.naam)):
                    assert "daarna" in clause, (name, clause, said)
                    followed += 1
            checked += 1
    assert checked and followed

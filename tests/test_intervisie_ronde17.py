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


# --- 4. the chance example shows the rule -----------------------------------------------------------------------

def test_the_chance_example_pairs_the_widest_chance_gap_with_the_betekenisvol_gap_closest_in_size(small, large):
    """'Als iemand vraagt…' sets the widest gap the charts mark as possibly chance beside the betekenisvol gap of
    the charts closest to it in size and no larger (printed points): no betekenisvol gap lies between the two. In
    the small group both are 8 points, so the question asks why an equally large gap is chance at one municipality
    and not at the other, and the answer names both numbers of answers."""
    for _peers, document, texts in (small, large):
        b = document.context["toeval_breedte"]
        chance, real = b["toeval"], b["echt"]
        assert real is not None and real["waarde"] <= chance["waarde"]
        marked = [fmt.gap(bar.share, p.reference) for t in document.context["themas"] for p in t["panelen"]
                  for bar in p.bars if bar.mark == "echt" and not bar.is_reference and p.reference is not None]
        assert not [g for g in marked if real["waarde"] < abs(g.value) <= chance["waarde"]], (real, chance)
        box = plain(texts["facilitator"]).split("Als iemand vraagt")[1][:900]
        assert plain(fmt.n_label(chance["n"])) in box and plain(fmt.n_label(real["n"])) in box, box
    box = plain(small[2]["facilitator"]).split("Als iemand vraagt")[1][:900]
    assert small[1].context["toeval_breedte"]["even"] and "een even groot verschil bij de andere niet" in box, box
    assert "en is evenveel bij Kortrijk" in box, box


# --- 5. an example row for the actions --------------------------------------------------------------------------

def test_the_action_table_has_an_example_row_from_the_session_s_top_finding(small, large):
    """The action table opens with one grey example row and a line on how to fill it ('één actie per rij, een naam
    en een datum'); the row names a member of the session who pulls it, a member with whom, and the label and
    theme of a finding a question of the session asks."""
    words = _words()
    for peers, document, texts in (small, large):
        v = document.context["voorbeeld_actie"]
        nis = {g.nis for g in peers}
        assert v["wie"].nis in nis and v["met"].nis in nis and v["wie"].nis != v["met"].nis
        asked = [q["aanleiding"] for t in document.context["themas"] for q in t["vragen"] if t["titel"] == v["thema"]]
        assert any(a is v["aanleiding"] for a in asked), v["thema"]
        row = [plain(words.say("voorbeeld_actie", k, v)) for k in ("thema", "wat", "stap", "wie", "wanneer")]
        assert row[0] == v["thema"] and f"‘{v['aanleiding']['label']}’" in row[1]
        assert v["wie"].naam in row[3] and v["met"].naam in row[3] and "datum" in row[4]
        for copy, text in texts.items():
            if copy.endswith("-voorbereiding"):
                continue
            said = plain(text)
            assert "Eén actie per rij, een naam en een datum" in said and "De grijze rij is een voorbeeld" in said
            assert all(cell in said for cell in row), copy


# --- 6. page 1 of a municipality's copy ------------------------------------------------------------------------

def test_page_one_of_a_copy_lists_the_figures_its_member_brings_with_n(samples, small):
    """Page 1 of each municipality's copy was half empty: it now lists, below the agenda, the figures its member
    brings (its largest gaps with Flanders, the betekenisvol ones first; a member without figures: the neighbours'
    figures its copy starts from), each with its n, and carries at least 300 words (the agenda alone left about
    250). (The small group's PDFs are built once for the run: test_intervisie_ronde5, 6 and 9 read them too.)"""
    from conftest import SMALL, pdf_pages

    _peers, document, _texts = small
    copies = {context["exemplaar"]["gemeente"]: context for _name, context in workbook_copies(document, False)}
    checked = 0
    for pdf in samples.workbook(*SMALL):
        if pdf.suffix != ".pdf" or pdf.stem.endswith("-facilitator") or "voorbereiding" in pdf.stem:
            continue
        first = plain(pdf_pages(pdf)[0])
        context = next(c for name, c in copies.items() if pdf.stem.endswith(name.lower()))
        bring = context["meebrengen"]
        assert bring and "om mee te brengen" in first, pdf.stem
        for d in bring:
            assert plain(fmt.n_label(d["bevinding"].figure.n)) in first and d["label"] in first, (pdf.stem, d["label"])
        assert len(first.split()) >= 300, (pdf.stem, len(first.split()))
        checked += 1
    assert checked == 3

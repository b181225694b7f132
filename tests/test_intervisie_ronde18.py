"""The workbook after an eighteenth blind reading by a facilitator: one list of a member's differences, alike in
every copy, and every difference in one block (issue 28, workbook part)."""

from thuis_cli.products.intervisie import pair_key


def _ook_members(theme: dict) -> dict[tuple[str, str], set[str]]:
    """(higher member, indicator label) -> the members the 'Ook opvallend' line says it lies above."""
    named: dict[tuple[str, str], set[str]] = {}
    for p in theme["ook_paren"]:
        for o in p["op"]:
            for b in o["bevindingen"]:
                named.setdefault((p["hoog"], b.indicator), set()).add(b.low.naam)
    return named


def _copies(document):
    from conftest import workbook_copies

    return list(workbook_copies(document))


# --- 1. a member's differences: all of them, alike in every copy, in one block ---------------------------------

def test_every_copy_names_the_same_members_a_municipality_differs_from(large, small):
    """The 'Ook opvallend' line names, per member and indicator, the same members in the facilitator's copy and in
    every municipality's copy (round 18: the facilitator's line left out Holsbeek, which stood only in the
    background list, where Herent's copy said 'hoger dan elke andere gemeente')."""
    for _peers, document, _texts in (large, small):
        copies = _copies(document)
        facilitator = {t["id"]: _ook_members(t) for t in copies[0][1]["themas"]}
        assert any(facilitator.values())
        for name, context in copies[1:]:
            assert {t["id"]: _ook_members(t) for t in context["themas"]} == facilitator, name


def test_no_difference_between_two_members_stands_in_two_blocks(large, small):
    """A betekenisvol difference between two members stands in one block of a theme: the 'Ook opvallend' line,
    the list of differences between members of the same type or the background list, never in two."""
    for _peers, document, _texts in (large, small):
        for name, context in _copies(document):
            for t in context["themas"]:
                blocks = [{pair_key(b) for p in t["ook_paren"] for o in p["op"] for b in o["bevindingen"]},
                          {pair_key(b["bevinding"]) for b in t["verschillen"]},
                          {pair_key(b["bevinding"]) for b in t["structureel"]}]
                for i, one in enumerate(blocks):
                    for other in blocks[i + 1:]:
                        assert not one & other, (name, t["id"], one & other)


# --- 3. the neighbours' figures on page 1 of a copy without figures: the largest, in order -----------------------

def test_a_copy_without_figures_lists_the_largest_neighbour_gaps_in_order(samples, small):
    """Spiere-Helkijn's page 1 lists the neighbours' largest betekenisvol gaps with Flanders, largest first, and its
    caption says how many (round 18: an unexplained pick left out Kortrijk's 'zonder auto', 57 % against 42 %)."""
    from conftest import plain

    from thuis_cli.peer_findings import PeerFindings

    peers, document, texts = small
    focus = next(g for g in peers if g.slug == "spiere-helkijn")
    found = PeerFindings(samples.ws, peers, [i for i in samples.ws.config.catalogus.indicatoren
                                             if i.thema != "profiel"])
    every = [(b.area.nis, b.indicator, abs(b.figure.share - b.reference.share))
             for g in peers if g.nis != focus.nis for b in found.versus_flanders_real(g, found.indicators)]
    largest = sorted(every, key=lambda t: -t[2])[:3]
    context = next(c for name, c in _copies(document) if name == focus.naam)
    listed = [(m["bevinding"].area.nis, m["bevinding"].indicator,
               abs(m["bevinding"].figure.share - m["bevinding"].reference.share)) for m in context["meebrengen"]]
    assert len(listed) == 3
    assert [t[2] for t in listed] == [t[2] for t in largest]
    assert [t[2] for t in listed] == sorted((t[2] for t in listed), reverse=True)
    assert "De drie grootste betekenisvolle verschillen van de buren met Vlaanderen" in plain(texts["spiere-helkijn"])


# --- 2. the small group's spine between a city and another member: the rule and the question agree ---------------

def test_a_spine_between_a_city_and_another_member_is_asked_as_the_rule_says_and_not_listed_as_background(small):
    """The reading page says a theme without a shared challenge opens with the largest difference between two
    members, also between a centrumstad and another municipality, and asks whether it lies with the city or with
    something the other one can learn or change; that spine pair is then in no list of the theme (round 18: the
    rules called it background while the question rested on it)."""
    from conftest import plain, workbook_questions

    _peers, document, texts = small
    reading = plain(texts["facilitator"])
    assert "ook een tussen een centrumstad en een andere gemeente: ligt het aan de stad, of aan iets anders" in reading
    spines = 0
    for name, theme, _q, item, said in workbook_questions(document):
        if item["soort"] != "structureel" or not item.get("spil"):
            continue
        spines += 1
        b = item["bevinding"]
        other = b.low if b.high.nis == item["stad"].nis else b.high
        assert f"ligt dat aan de stad, of aan iets anders dat {other.naam} kan leren of veranderen?" in plain(said)
        listed = {pair_key(x["bevinding"]) for x in theme["structureel"] + theme["verschillen"]} | {
            pair_key(x) for p in theme["ook_paren"] for o in p["op"] for x in o["bevindingen"]}
        assert pair_key(b) not in listed, (name, theme["id"])
    assert spines


# --- 4. turns that are turns ---------------------------------------------------------------------------------------

def test_the_turn_questions_name_the_one_member_that_answers_them(small):
    """All the small group's turn questions go to Spiere-Helkijn: the reading page and the agenda note say so, not
    'om de beurt aan de gemeenten' (round 18)."""
    from conftest import plain

    _peers, document, texts = small
    assert document.context["beurten"] and document.context["beurt_namen"] == ["Spiere-Helkijn"]
    said = plain(texts["facilitator"])
    assert "om de beurt" not in said
    assert "een vraag aan Spiere-Helkijn, dat daar geen andere vraag krijgt" in said
    assert "vragen voor Spiere-Helkijn" in said




# --- 5. the action example row: visibly grey --------------------------------------------------------------------

def test_the_example_action_row_is_grey_not_only_italic(small):
    """The reading says 'De grijze rij is een voorbeeld': the row has a light grey fill under its grey italic text
    (round 18: only italic, it did not read as grey)."""
    import re
    from pathlib import Path

    css = (Path(__file__).parents[1] / "templates" / "static" / "intervisie.css").read_text(encoding="utf-8")
    fill = re.search(r"tr\.voorbeeld td[^{]*\{[^}]*background:\s*#([0-9A-Fa-f]{6})", css)
    assert fill, "the example row has no fill"
    r, g, b = (int(fill.group(1)[i:i + 2], 16) for i in (0, 2, 4))
    assert r == g == b and 200 <= r < 255  # a light grey, under the text
    assert "De grijze rij is een voorbeeld" in small[2]["facilitator"]
    # and the rule reaches the row: the facilitator's action table has its example row with that class
    from thuis_cli.publish.render import render_text

    document = small[1]
    facilitator = next(a for a in document.artifacts if a.copy_of == "facilitator")
    html = render_text(document, facilitator, None)
    table = html[html.index('class="acties"'):]
    assert re.search(r'<tr class="voorbeeld"><th scope="row"[^>]*>Vb\.</th>', table[:table.index("</table>")])

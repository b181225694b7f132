"""The workbook after a fourth blind reading by a facilitator: a pre-read a member without figures can
answer, a page and a time slot for what the agenda asks (exchanging practices, what each municipality
takes along), and questions that only state as fact what the figures carry."""

import json
import re


from thuis_cli.products.intervisie import resolve_peers

from conftest import LARGE, artifact_text, workbook_texts



# --- the pre-read -----------------------------------------------------------------------------------

def test_the_pre_read_of_a_member_without_figures_says_so_and_asks_what_it_can_answer(small):
    _peers, _document, texts = small
    pre = texts["spiere-helkijn-voorbereiding"]
    assert "9 antwoorden: te weinig voor eigen cijfers" in pre
    # no verdict on figures it does not have
    assert "Op geen enkele vraag wijkt Spiere-Helkijn betekenisvol af" not in pre
    assert "staat er ook niet apart van" not in pre
    # an opening question it can answer without figures of its own
    assert "Welke cijfers van Kortrijk of Zwevegem herkent u in Spiere-Helkijn, en welke niet?" in pre
    assert "Welk cijfer van Spiere-Helkijn in het werkboek verrast u het meest" not in pre
    # a member with figures keeps its findings
    assert "te weinig voor eigen cijfers" not in texts["kortrijk-voorbereiding"]


def test_every_pre_read_says_the_copy_comes_with_it_and_asks_an_approach_for_the_exchange(small, large):
    for _peers, document, texts in (small, large):
        exchange = document.context["tijd"].exchange > 0
        for key, text in texts.items():
            if not key.endswith("-voorbereiding"):
                continue
            name = next(g["naam"] for g in document.context["gemeenten"] if key == g["slug"] + "-voorbereiding")
            assert "Uw exemplaar van het werkboek komt met deze pagina mee" in text
            assert f"Vul daarin vóór de sessie de pagina ‘Voor {name} zelf’ in" in text
            asked = f"Breng voor het onderdeel ‘Praktijken uitwisselen’ één aanpak van {name} mee" in text
            assert asked == exchange, (key, exchange)


# --- a page and a slot for what the agenda asks -------------------------------------------------------

def test_the_agenda_ends_with_five_minutes_for_what_each_municipality_takes_along(small, large):
    for peers, document, texts in (small, large):
        slots = document.context["agenda"]
        assert [s["soort"] for s in slots][-3:] == ["acties", "mee", "afsluiting"]
        assert slots[-2]["minuten"] == 5 and slots[-1]["tot"] == "2:00"
        assert "Wat neemt elke gemeente mee" in texts["facilitator"]
        # and the municipality page it fills says when
        assert "Vul in aan het einde van de sessie" in texts[peers[1].slug]


def test_exchanging_practices_gets_a_page_in_every_copy_when_the_agenda_has_it(ws):
    from thuis_cli.products.intervisie import PRACTICE, practice_fields

    # (round 15: a general question goes round the table, 2 minutes per municipality, and the three-member sample
    # has no time left to exchange practices; a two-member session has)
    peers, document, texts = workbook_texts(ws, ["herent", "bierbeek"])
    assert document.context["tijd"].exchange > 0
    slugs = [g.slug for g in peers]
    for a in document.artifacts:
        if "voorbereiding" in a.name:
            continue
        html = artifact_text(document, a)
        page = html[html.rindex("Praktijken uitwisselen"):]
        assert "Aanpak" in page and "Wat werkt" in page and "Contact" in page
        assert all(g.naam in page for g in peers)
        from thuis_cli.publish.render import render_text

        raw = render_text(document, a, None)
        for name in practice_fields(a.copy_of, slugs):
            assert f'name="{name}"' in raw, (a.name, name)
    meta = document.context["meta"]
    assert PRACTICE in (json.loads(meta) if isinstance(meta, str) else meta)["velden"]


def test_a_session_without_time_to_exchange_has_no_such_page(ws):
    from thuis_cli.products import get

    peers = resolve_peers(ws, LARGE)
    product = get("intervisie")
    document = product.build(ws, product.target(peers, duration=100))
    assert document.context["tijd"].exchange == 0 and not document.context["praktijken"]
    facilitator = next(a for a in document.artifacts if a.copy_of == "facilitator")
    assert "Noteer per gemeente de aanpak" not in artifact_text(document, facilitator)


# --- questions only on what the figures carry -----------------------------------------------------------

def test_a_question_that_states_a_gap_says_it_is_betekenisvol_and_reads_aloud_without_n(small, large):
    for _peers, _document, texts in (small, large):
        for copy, text in texts.items():
            if copy.endswith("-voorbereiding"):
                continue
            talk = text[text.index("Bespreking:"):]
            talk = talk[:talk.index("Praktijken uitwisselen")] if "Praktijken uitwisselen" in talk else talk
            for sentence in re.findall(r"(?:ligt|liggen) op ‘[^’]+’ [^:?]*dan Vlaanderen \([^)]*\):", talk):
                assert "betekenisvol" in sentence, (copy, sentence)
            for sentence in re.findall(r"Op ‘[^’]+’ ligt \S+ \([^)]*\) [^:]*hoger dan [^:]*:", talk):
                assert "betekenisvol hoger" in sentence, (copy, sentence)
            # the questions are spoken: no n in them (the table and charts carry it)
            for question in re.findall(r"\d\. [^?]+\? ([^?]+\?)", talk):
                assert "n = " not in question, (copy, question)
            assert "waar lezen we te veel in kleine verschillen" not in talk
            # no question presumes a municipality has an approach for a gap with Flanders
            assert "wie heeft er al een aanpak voor" not in talk and "welke aanpak van een buur" not in talk


def test_the_reading_page_explains_why_equal_gaps_can_get_different_verdicts(large):
    _peers, _document, texts = large
    text = texts["facilitator"]
    # (round 9: the correction in one sentence, the same everywhere; the reason a gap differs is the answers)
    assert "Omdat we veel cijfers tegelijk vergelijken, ligt de lat voor ‘betekenisvol’ hoger" in text
    # (round 8: said once, in the answer box, with this session's own gaps: a larger one chance, a smaller one not)
    # (round 11: the sentence also says why a gap beyond the margin can be chance: the stricter bar)
    assert re.search(r"Zo kan \d+ procentpunt verschil met Vlaanderen bij .+? toeval zijn, omdat .+? hoger ligt "
                     r"dan de foutmarge van één cijfer, en is \d+ procentpunt bij .+? betekenisvol: dat komt door "
                     r"het aantal antwoorden\.",
                     text.replace("\xa0", " ")), text
    assert "In het exemplaar van elke gemeente zijn de deelvragen verwoord voor die gemeente." in text


def test_no_copy_tells_its_reader_the_tool_version(small):
    """The tool's name and version mean nothing to a participant (the PDF's metadata keeps them)."""
    _peers, _document, texts = small
    assert not any("Gemaakt met thuis" in text for text in texts.values())


def test_a_value_label_stands_on_a_white_ground_above_the_flanders_line():
    """Bierbeek 16 % beside its dot, with the dashed Flanders line (42 %) running where the label stands:
    the label is drawn after the line on a white ground, so the line never cuts a digit ('16' read '●6')."""
    from thuis_cli import chart, palette

    bars = (chart.Bar("Bierbeek", 0.16, 0.10, 0.22, 141, palette.AREA, mark="echt"),
            chart.Bar("Vlaanderen", 0.42, 0.41, 0.43, 38000, palette.FLANDERS, is_reference=True))
    svg = chart._draw_small_multiples((chart.Panel("Verplaatst zich zonder auto", bars, 0.42),), 3, 17.0).decode()
    for label in (">16<", ">42<"):
        text = svg.index(label)
        group = svg[svg.rindex('<g id="text_', 0, text):text]
        assert 'style="fill: #ffffff"' in group, label  # its own white patch, in the text's group
        assert svg.rindex("stroke-dasharray", 0, text) < text  # drawn after (above) the dashed line

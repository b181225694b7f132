"""The workbook after a ninth blind reading by a facilitator: a group with a centrumstad is not all about the
city (no municipality anchors more than half of the figure questions, every member is asked on every theme),
and the small group's words fit a table of three."""

from thuis_cli.products.intervisie import QUESTIONS, TURN, _named, anchor

from conftest import plain, workbook_copies


def _figure_questions(theme: dict) -> list[dict]:
    return [q["aanleiding"] for q in theme["vragen"] if q["aanleiding"]["soort"] not in ("algemeen", TURN)]


def test_no_municipality_anchors_more_than_half_of_the_figure_questions(small, large):
    """In a group with a centrumstad and other municipalities, at most half of a theme's questions rest on one
    municipality's gap with Flanders: the city's effects are background, not the session. (Round 10: the half is
    of the theme's four questions; round 9 measured it against the figure questions left, and against the
    session's, which shrank to one figure question per municipality and left the small group's figures unused.)"""
    for _peers, document, _texts in (small, large):
        for theme in document.context["themas"]:
            anchors = [nis for a in _figure_questions(theme) if (nis := anchor(a)) is not None]
            assert all(anchors.count(nis) <= len(theme["vragen"]) // 2 for nis in anchors), theme["titel"]


def test_every_member_is_named_in_a_question_of_every_theme(small, large):
    """Each municipality is addressed on every theme: by a figure question that names it, or by a question that
    asks the members no figure names, in turn, about their own practice on the theme (the facilitator's
    promise to ask Spiere-Helkijn on each theme about its approach is kept on the page)."""
    for peers, document, _texts in (small, large):
        for theme in document.context["themas"]:
            named = {g.nis for q in theme["vragen"] if q["aanleiding"]["soort"] != "algemeen"
                     for g in _named(q["aanleiding"])}
            assert named >= {g.nis for g in peers}, theme["titel"]
    _peers, document, texts = small
    text = plain(texts["facilitator"])
    for theme in document.context["themas"]:
        page = text[text.index("Bespreking: " + theme["titel"].lower()):]
        page = page[:page.index("Besluit van de groep")]
        assert "Spiere-Helkijn" in page, theme["titel"]


def test_a_question_in_turn_names_at_most_three_and_asks_about_the_theme(small, large):
    """A question in turn names its members (at most three: each gets time to answer) and the theme's topic,
    and needs no figure."""
    for _peers, document, texts in (small, large):
        text = plain(texts["facilitator"])
        for theme in document.context["themas"]:
            for q in theme["vragen"]:
                a = q["aanleiding"]
                if a["soort"] == TURN:
                    assert 1 <= len(a["namen"]) <= 3 and q["id"] in QUESTIONS
                    names = [g.naam for g in a["namen"]]
                    start = ("Om de beurt " + ", ".join(names[:-1]) + " en " + names[-1]) if len(names) > 1 \
                        else names[0]
                    assert f"{start}: " in text
                    assert f"rond ‘{theme['titel'].lower()}’" in text


# --- 4. words that fit the group --------------------------------------------------------------------------------

def test_a_small_group_goes_round_the_table_and_a_large_one_does_not(small, large):
    """'Met 3 gemeenten gaat u bij een vraag niet de hele tafel rond' was the six-member text: with at most three
    members the facilitator goes round the table at every question."""
    small_text, large_text = plain(small[2]["facilitator"]), plain(large[2]["facilitator"])
    # (round 15: a general question goes round the table, with its minutes per member; a question that names
    # municipalities begins with them and the others add to it briefly)
    assert "Met 3 gemeenten gaat u bij een algemene vraag de tafel rond" in small_text
    assert "niet de hele tafel rond" not in small_text
    assert "Met 6 gemeenten gaat u bij een vraag niet de hele tafel rond" in large_text


def test_the_session_code_the_facilitator_copy_names_is_printed_on_every_copy(small):
    """'Na de sessie' speaks of the code in plain words (no command name), and a printed copy shows it: every
    copy's running footer carries it."""
    from thuis_cli.publish.render import render_text

    _peers, document, texts = small
    code = document.context["sessie"]
    assert "thuis verzamel" not in plain(texts["facilitator"])
    assert "De code staat onderaan elke pagina van elk exemplaar" in plain(texts["facilitator"])
    copies = [a for a in document.artifacts if "voorbereiding" not in a.name]
    assert len(copies) == 4
    for artifact in copies:  # the running footer (thuis.css: string(voet)) is the cover's data-voet
        html = render_text(document, artifact, None)
        assert f'data-voet="synthetische voorbeeldgegevens · sessiecode {code}"' in html, artifact.name


def test_the_goal_is_written_down_and_the_roles_name_both_pages_with_the_municipality_s_name(small, large):
    """Page 2 opens with the goal, two sentences to read out at the welcome; 'Elke gemeente' names the two pages
    that carry its name instead of 'de pagina met haar naam'."""
    for peers, _document, texts in (small, large):
        text = plain(texts["facilitator"])
        goal = text[text.index("Doel, om voor te lezen bij het welkom:"):text.index("Agenda van de sessie")]
        assert goal.count(".") == 2 and all(g.naam in goal for g in peers), goal
        assert text.index("Zo verloopt de sessie") < text.index("Doel, om voor te lezen") < text.index("Rollen")
        assert "de pagina met haar naam" not in text
        first = next(g.naam for g in peers if g.naam != "Spiere-Helkijn")
        assert f"‘Voor {first} zelf’ en ‘Wat neemt {first} mee’" in text


# --- 2. a need is not expertise ---------------------------------------------------------------------------------

KNOW_HOW = ("wat weet {x}", "kennis van {x}", "bij {x} te weten", "leren van hoe {x}", "leren van {x}",
            "wat biedt {x}", "bij {x} langsgaan", "wat stelt {x} voor", "wat kan {x} de buren daarover vertellen",
            "{x} met de buren delen",
            "bij {x} gaan kijken", "wat ziet {x} daarvan in de eigen werking, en wat kunnen de buren daarmee")




def test_a_need_or_a_city_effect_is_never_asked_as_know_how(small, large):
    """A gap on a wish of residents ('wil meer groen', catalogue `lezing: wens`), a lower share, or a centrumstad's
    lead among other municipalities is asked as what the municipality needs and who at the table tried something,
    never as what it knows or offers, in every copy of both groups."""
    from thuis_cli.products.intervisie import _Words

    words = _Words(None)
    read = {"nood": 0, "stad": 0}
    for _peers, document, _texts in (small, large):
        for name, context in workbook_copies(document):
            for theme in context["themas"]:
                for q in theme["vragen"]:
                    a = q["aanleiding"]
                    if a["soort"] != "vlaanderen" or a["lezing"] == "kennis":
                        continue
                    read[a["lezing"]] += 1
                    x = a["bevinding"].area.naam
                    text = plain(words.say("deelvraag", q["id"], a, name))
                    for phrase in KNOW_HOW:
                        assert phrase.format(x=x) not in text, (name, q["id"], text)
                    if a["lezing"] == "stad" and name and name != x:
                        assert "leren van" not in text, (name, text)
    assert read["nood"] and read["stad"], read


def test_how_a_gap_is_read_follows_the_catalogue_and_the_direction(small, large, ws):
    """'Wil meer groen in de buurt' is a wish (lezing: wens in the catalogue): a gap on it reads as a need, also
    where the share is higher; a lower share reads as a need; a centrumstad's lead in a mixed group as a city
    effect. The catalogue field is checked: an unknown reading is refused."""
    import pytest
    from pydantic import ValidationError

    from thuis_cli.config_catalogue import Indicator

    green = ws.config.catalogus.by_id["meer_groen"]
    assert green.lezing == "wens"
    with pytest.raises(ValidationError):
        Indicator.model_validate({**green.model_dump(), "lezing": "wensen"})
    for _peers, document, _texts in (small, large):
        for theme in document.context["themas"]:
            for q in theme["vragen"]:
                a = q["aanleiding"]
                if a["soort"] != "vlaanderen":
                    continue
                f = a["bevinding"]
                # (round 12: a centrumstad's gap in a mixed group is a city effect on either side, also on a wish)
                if document.context["gemeenten"][[g["naam"] for g in document.context["gemeenten"]]
                                                 .index(f.area.naam)]["soort"] == "centrumstad":
                    assert a["lezing"] == "stad"
                elif ws.config.catalogus.by_id[f.indicator].lezing == "wens" or f.direction < 0:
                    assert a["lezing"] == "nood"
                else:
                    assert a["lezing"] == "kennis"


# --- 3. no question twice, and pointers that match -------------------------------------------------------------

def test_the_own_page_of_a_copy_without_figures_starts_from_a_figure_no_theme_question_asks(small, samples):
    """Spiere-Helkijn's 'Wat herkent u uit de eigen praktijk?' and its first theme question both held it against
    Zwevegem's 'Wil een rijwoning of appartement': the own page now takes a neighbour's finding no theme question
    anchors. (Round 11 let a neighbour of its own kind come first even when a theme question anchored that figure;
    round 12 reverses that: an unasked figure first, and among those a neighbour of its own kind.)"""
    from thuis_cli.comparison_groups import municipality_type
    from thuis_cli.peer_findings import PeerFindings

    peers, document, _texts = small
    [copy] = [a.context for a in document.artifacts
              if a.copy_of == "spiere-helkijn" and "voorbereiding" not in a.name]
    [own] = [e["aanleiding"] for e in copy["eigen"] if e["id"] == "herkennen"]
    asked = {q["aanleiding"]["bevinding"].indicator for t in copy["themas"] for q in t["vragen"]
             if q["aanleiding"]["bevinding"] is not None}
    f = own["bevinding"]
    kind = municipality_type(samples.ws, next(g for g in peers if g.slug == "spiere-helkijn"))
    # (round 15 reverses round 12 again: Spiere-Helkijn's copy started from Kortrijk, a centrumstad; a neighbour of
    # its own kind comes first, and among that neighbour's figures one no theme question asks, where it has one)
    assert f is not None, own["label"]
    found = PeerFindings(samples.ws, peers, [i for i in samples.ws.config.catalogus.indicatoren
                                             if i.thema != "profiel"])
    same_kind = [b for g in peers if g.slug != "spiere-helkijn" and municipality_type(samples.ws, g) == kind
                 for b in found.versus_flanders_real(g, found.indicators)]
    assert municipality_type(samples.ws, f.area) == kind or not same_kind, own["label"]
    assert f.indicator not in asked or all(b.indicator in asked for b in same_kind), own["label"]


def test_the_opening_round_quotes_the_heading_each_copy_prints(small, large):
    """The opening round asks what each municipality wrote under the heading of its own page, word for word: the
    municipality without figures has a heading of its own, and the facilitator quotes it too."""
    import re

    for _peers, _document, texts in (small, large):
        opening = plain(texts["facilitator"])
        opening = opening[opening.index("Openingsronde Wat viel"):]
        opening = opening[:opening.index("minuten per gemeente")]
        for name, text in texts.items():
            if name == "facilitator" or "voorbereiding" in name:
                continue
            text = plain(text)
            heading = re.search(r"zelf Vul deze pagina in .*? (Wat herken\w+ [^?]*\?)", text).group(1)
            assert f"‘{heading}’" in opening, (name, heading)


def test_the_pre_read_s_bullets_do_not_all_end_with_the_same_sentence(small, large):
    """'Herkent u dat in Spiere-Helkijn?' closed every bullet, and the preparation question asked it once more."""
    import re

    from thuis_cli.publish.render import render_text

    checked = 0
    for _peers, document, _texts in (small, large):
        for artifact in document.artifacts:
            if "voorbereiding" not in artifact.name:
                continue
            bullets = re.findall(r"<li>(.*?)</li>", render_text(document, artifact, None), re.S)
            endings = [re.split(r"(?<=[.?!]) ", plain(re.sub(r"<[^>]+>", " ", b)))[-1] for b in bullets
                       if "(n = " in b.replace("\xa0", " ")]
            if len(endings) > 1:
                checked += 1
                assert len(set(endings)) > 1, (artifact.name, endings)
    assert checked


# --- 5. one description of the correction ---------------------------------------------------------------------

def test_every_copy_describes_the_correction_in_one_and_the_same_sentence(small, large):
    """The facilitator copy and every copy's reading page said three ways what correcting for many comparisons
    does: now one sentence, once per copy, and a copy says why a larger gap can be chance and a smaller one not
    with this session's own figures: the number of answers."""
    from thuis_cli import fmt

    one = ("Omdat we veel cijfers tegelijk vergelijken, ligt de lat voor ‘betekenisvol’ hoger: van alle verschillen "
           "die we zo noemen, is naar verwachting hoogstens 5 % toeval.")
    for _peers, document, texts in (small, large):
        widths = document.context["toeval_breedte"]
        for name, text in texts.items():
            if "voorbereiding" in name:
                continue
            text = plain(text)
            assert text.count(one) == 1, name
            for other in ("gecorrigeerd", "houdt rekening met alle vergelijkingen", "wie veel tegelijk vergelijkt",
                          "lat hoger leggen"):
                assert other not in text, (name, other)
            if name != "facilitator" and widths["echt"]:
                # (round 12: the copy gives the facilitator's own example sentence, test_intervisie_ronde12)
                chance, real = widths["toeval"], widths["echt"]
                assert (f"({plain(fmt.n_label(real['n']))}) betekenisvol: dat komt door het aantal antwoorden."
                        in text), name
                assert f"Zo kan {chance['verschil']} procentpunt verschil met Vlaanderen bij {chance['naam']}" in text


# --- 6. no repetition in the large group ------------------------------------------------------------------------

def test_the_large_group_s_questions_vary_per_theme_and_name_at_most_three(large, small):
    """'Wat kunnen zij samen doen dat geen van hen alleen kan?' and 'een bezoek, een gesprek met de dienst, een
    voorbeeld' stood under every theme: in every copy a wording and an example appear under one theme at most, and a
    question names at most three municipalities in its question part (the three farthest from Flanders first, the
    others briefly)."""
    import re

    from thuis_cli.products.intervisie import _Words

    words = _Words(None)
    for peers, document, _texts in (large, small):
        names = [g.naam for g in peers]
        for name, context in workbook_copies(document):
            seen: dict[str, str] = {}
            for theme in context["themas"]:
                for q in theme["vragen"]:
                    text = plain(words.say("deelvraag", q["id"], q["aanleiding"], name))
                    for phrase in ("geen van hen alleen kan", "een bezoek, een gesprek met de dienst",
                                   "wie neemt het voortouw", "beter samen"):
                        if phrase in text:
                            assert seen.setdefault(phrase, theme["id"]) == theme["id"], (name, phrase)
                    question = text[text.index(":") + 1:] if ":" in text else text
                    # (round 11: a wide pattern's question names at most three of its members, never 'dan kort')
                    named = [n for n in names if n != name and re.search(rf"\b{re.escape(n)}\b", question)]
                    assert len(named) <= 3, (name, text)
                    assert " dan kort " not in text, text


# --- 7. the action table's theme column ---------------------------------------------------------------------------

def test_the_action_table_s_theme_column_holds_the_longest_theme_title(samples, small):
    """'Thema' was 18 mm wide, a theme's title ran to six lines: every theme cell holds the longest title of the
    session in the three lines of its height, and 'Wat' still holds a 60-character action in three."""
    from test_intervisie import _lines, widgets

    from conftest import SMALL

    _peers, document, _texts = small
    longest = max((t["titel"] for t in document.context["themas"]), key=len)
    action = "Gezamenlijke infoavond over kangoeroewonen en zorgwonen in mei"
    for pdf in samples.workbook(*SMALL):
        if pdf.suffix != ".pdf" or "voorbereiding" in pdf.stem:
            continue
        fields = widgets(pdf)
        for key, field in fields.items():
            last = key.split("__")[-1]
            if key.startswith("actie__") and "thema" in key.split("__"):
                x0, _y0, x1, _y1 = field["rect"]
                assert _lines(longest, x1 - x0 - 4, field["size"]) <= 3, (pdf.name, key)
            if key.startswith("actie__") and "wat" in key.split("__") and last in ("wat",) + tuple(
                    g.slug for g in _peers):
                x0, _y0, x1, _y1 = field["rect"]
                assert _lines(action, x1 - x0 - 4, field["size"]) <= 3, (pdf.name, key)

"""Issue 27, sixth blind reading of the department brief: no command lines, one order of next steps on both
pages of a short brief, 'Hoe zeker' about what page 1 shows, no residual group as a finding, the comparison
group explained, plain words in the annex, next steps in body-size type, and a sentence on the neighbours."""

import html as htmllib
import re

import pytest
import typer.main

from thuis_cli.cli import app
from thuis_cli.products.brief import brief_context

from conftest import plain

BRIEFS = [("leuven", "ruimte"), ("leuven", "wonen"), ("merelbeke-melle", "ruimte"), ("merelbeke-melle", "wonen"),
          ("lendelede", "wonen"), ("lendelede", "ruimte"), ("spiere-helkijn", "ruimte"), ("spiere-helkijn", "wonen")]
SHORT = [("lendelede", "wonen"), ("lendelede", "ruimte"), ("spiere-helkijn", "ruimte"), ("spiere-helkijn", "wonen")]


def html_text(path) -> str:
    """The words of the --html brief a reader sees: tags and the style sheet left out."""
    source = path.with_suffix(".html").read_text(encoding="utf-8")
    source = re.sub(r"<(style|script)\b.*?</\1>", " ", source, flags=re.S)
    body = source[source.index("<body"):]
    return plain(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture(scope="module")
def pages(samples):
    return {(g, d): samples.brief_pages(g, d) for g, d in BRIEFS}


@pytest.fixture(scope="module")
def webpages(samples):
    return {(g, d): html_text(samples.brief(g, d)) for g, d in BRIEFS}


# --- 1. no command lines in a brief --------------------------------------------------------------------

def test_no_brief_prints_a_command_line(pages, webpages):
    """A department head never sees a command: no 'thuis <subcommand>' and no option ('--') in the PDF or
    the --html brief of any municipality and department of the sample."""
    commands = sorted(typer.main.get_command(app).commands)
    command_line = re.compile(r"\bthuis (%s)\b" % "|".join(commands))
    for key in BRIEFS:
        for text in (" ".join(pages[key]), webpages[key]):
            assert not command_line.search(text), (key, command_line.search(text))
            assert "--" not in text, (key, text[max(0, text.find("--") - 80):text.find("--") + 80])


def test_the_short_brief_says_its_own_survey_in_words_who_what_deliverable_and_when(pages):
    for key in SHORT:
        first = pages[key][0]
        step = first[first.index("2. Daarna: leg het college een korte eigen bevraging voor"):]
        # round 11: Lendelede and Spiere-Helkijn (under 10.000 inhabitants) have a colleague, not a department
        # round 18: a step on page 1 is its title and who and when; the questionnaire's form is cut
        for part in ("met de collega die communicatie opvolgt", "over wat de monitor niet meet",
                     "wanneer: binnen drie maanden"):
            assert part in step, (key, part)


# --- 2. page 1 and page 2 tell one story about what to do first -----------------------------------------

@pytest.mark.parametrize("gemeente,dienst", SHORT)
def test_both_pages_follow_one_order_of_steps_and_call_no_open_survey_certainty(ws, pages, gemeente, dienst):
    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    order = ctx["stappen_volgorde"]
    # one place decides: the Gemeente-Stadsmonitor first, then the short own survey, on page 1; the rest after
    assert order["pagina_een"] == ["stadsmonitor", "eigen_bevraging"]
    # round 9: fewer participants than a shown share needs (Spiere-Helkijn, 9): no joint sample survey
    small = ctx["deelnemers"] == "9"
    assert (order["verder"][0] == "steekproef") is not small
    text = " ".join(pages[gemeente, dienst])
    first = pages[gemeente, dienst][0]
    monitor = text.index("1. Eerst: wat zegt de Gemeente-Stadsmonitor")
    own = text.index("2. Daarna: leg het college een korte eigen bevraging voor over wat de monitor niet meet")
    sample = len(text) if small else text.index("3. Pas als stap 2 te weinig zegt: een steekproef met de buren")
    assert monitor < own < sample and own < len(first)
    assert text.count("Gemeente-Stadsmonitor") == 1  # said once, as the first step; page 2 does not restart
    # an open own survey is no sample: never the way to certainty
    assert "Zekerheid over" not in text and "blijft zelfgekozen" not in text and "kijk daar eerst" not in text
    # round 18: said once, on page 2
    assert "de woontest en een eigen bevraging" in pages[gemeente, dienst][1].lower()


# --- 7. the next steps in body-size type with real contrast ---------------------------------------------

def _font_sizes(pdf, marker: str) -> set[float]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        words = doc.pages[0].extract_words(extra_attrs=["size"])
    return {round(w["size"], 1) for w in words if w["text"] == marker}


def _contrast(a: str, b: str) -> float:
    def lum(hex_colour: str) -> float:
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_next_step_is_set_no_smaller_than_the_finding_and_with_aa_contrast(samples):
    from thuis_cli import resources

    css = (resources.templates_dir() / "static" / "brief.css").read_text(encoding="utf-8")
    base = (resources.templates_dir() / "static" / "thuis.css").read_text(encoding="utf-8")
    colour = dict(re.findall(r"--(\w+):\s*(#[0-9A-Fa-f]{6})", base))
    rule = re.search(r"^\.ermee \{([^}]*)\}", css, flags=re.M).group(1)
    assert "color: var(--tekst)" in rule
    assert _contrast(colour["tekst"], colour["kader"]) >= 4.5  # WCAG AA for body text on the step's box
    finding = float(re.search(r"\.bevinding \.cijfers \{[^}]*font-size: ([\d.]+)pt", css).group(1))
    step = float(re.search(r"font-size: ([\d.]+)pt", rule).group(1))
    assert step >= finding
    screen = css[css.index("@media screen"):]
    assert re.search(r"\.ermee, \.bevinding \.cijfers \{ font-size: 1rem; \}", screen)  # --html alike
    # in the PDF as printed: the word 'wie:' of a step is as large as the text of a finding
    leuven = samples.brief("leuven", "wonen")
    assert min(_font_sizes(leuven, "wie:")) >= finding - 0.05
    lendelede = samples.brief("lendelede", "wonen")
    assert min(_font_sizes(lendelede, "wie:")) >= finding - 0.05


# --- 3. 'Hoe zeker' covers every figure page 1 shows ------------------------------------------------------

INTERVAL = re.compile(r"(\d+)–(\d+) %")


@pytest.mark.parametrize("gemeente,dienst", [k for k in BRIEFS if k not in SHORT])
def test_how_sure_names_an_interval_width_that_covers_every_figure_on_page_one(pages, gemeente, dienst):
    """Round 8: 'Hoe zeker' covers the findings above 'Binnen uw gemeente'; that section states the width of
    its own groups (it runs onto page 1 or not, depending on the room), so no width names groups page 1
    does not show."""
    first = pages[gemeente, dienst][0]
    top, _, within = first.partition("Binnen uw gemeente")
    label = re.search(r"Hoe zeker: [^(]*\(([^)]*)\)", top).group(1)
    widths = [int(w) for w in re.findall(r"tot (\d+) procentpunt", label)]
    shown_widths = [int(hi) - int(lo) for lo, hi in INTERVAL.findall(top)]
    assert max(shown_widths, default=0) <= max(widths), (label, shown_widths)
    if len(widths) == 2:  # the groups said apart from all participants together, only for groups shown here
        assert "voor alle deelnemers samen" in label and "voor de groepen minder zeker" in label
        assert max(shown_widths) >= widths[1] - 1, (label, shown_widths)
    if INTERVAL.findall(within):
        own = int(re.search(r"intervallen tot (\d+) procentpunt breed", within).group(1))
        assert max(int(hi) - int(lo) for lo, hi in INTERVAL.findall(within)) <= own


def test_leuven_wonen_and_merelbeke_melle_say_the_groups_are_less_sure_where_they_show_them(pages):
    leuven = pages["leuven", "wonen"][0]
    assert "Hoe zeker: redelijk zeker (1.530 deelnemers, intervallen tot 6 procentpunt breed)" in leuven
    merelbeke = pages["merelbeke-melle", "ruimte"][0]
    assert "Hoe zeker: beperkt zeker (261 deelnemers, intervallen tot 12 procentpunt breed)" in merelbeke
    within = merelbeke[merelbeke.index("Binnen uw gemeente"):]
    assert "(43–73 %" in within and "(intervallen tot 30 procentpunt breed)" in within


# --- 4. a residual group is no page-1 finding ----------------------------------------------------------

@pytest.mark.parametrize("gemeente,dienst", [k for k in BRIEFS if k not in SHORT])
def test_no_page_one_finding_is_about_a_group_named_by_what_it_is_not(ws, gemeente, dienst):
    from thuis_cli.products.brief import page_one

    cat = ws.config.catalogus
    one = page_one(ws, ws.municipality(gemeente), dienst)
    assert not [f for f in one.findings if f.kind == "groepsverschil" and cat.is_residual_group(f.group)]


def test_leuven_wonen_s_ander_huishouden_gap_is_betekenisvol_but_no_page_one_finding(ws, pages):
    from thuis_cli.products.brief import page_one, solid

    cat = ws.config.catalogus
    assert cat.is_residual_group("huishouden:andere") and not cat.is_residual_group("huishouden:alleen")
    one = page_one(ws, ws.municipality("leuven"), "wonen")
    residual = [f for f in one.candidates if f.kind == "groepsverschil" and f.group == "huishouden:andere"
                and solid(f, ws.config.instellingen.oogopslag.max_interval_pp)]
    assert residual  # the fifth reading's finding 3: a solid, betekenisvol gap of 'ander huishouden'
    assert all(f.group != "huishouden:andere" for f in one.findings)
    assert "‘ander huishouden’" not in pages["leuven", "wonen"][0]


# --- 5. the comparison group explained where it is small -----------------------------------------------

def test_a_group_of_two_centrumsteden_says_they_are_the_only_ones_with_enough_answers(ws, pages):
    ctx = brief_context(ws, ws.municipality("leuven"), "wonen")
    group = next(g for g in ctx["vergelijkingsgebieden"] if g["primair"])
    # which other centrumsteden the data lack, from the configured list and the data themselves
    configured = {ws.gebieden.resolve(n).naam for n in ws.config.instellingen.vergelijking.centrumsteden}
    members = {m["naam"] for m in group["leden"]}
    assert members == {"Gent", "Kortrijk"}
    assert set(group["zonder"]["geen"]) | set(group["zonder"]["te_weinig"]) == configured - members - {"Leuven"}
    assert all(not ws.dataset.has(ws.gebieden.resolve(n)) for n in group["zonder"]["geen"])
    first, text = pages["leuven", "wonen"][0], " ".join(pages["leuven", "wonen"])
    # the annex says the others have no answers at all: the header does not say 'genoeg' (eighth reading)
    assert not group["zonder"]["te_weinig"]
    assert ("vergeleken met Gent en Kortrijk (de enige andere centrumsteden met antwoorden in deze "
            "gegevens, 2.179 deelnemers; Gent telt 81 % van die antwoorden: lees dit vooral als Leuven tegenover "
            "Gent)") in first
    assert "Geen antwoorden in deze gegevens van Aalst, Antwerpen, Brugge" in text


def test_a_group_of_similar_municipalities_says_who_is_in_it_and_why_in_plain_words(pages):
    lendelede = " ".join(pages["lendelede", "wonen"])
    # round 9: a broadened group is said as what it is, never 'ongeveer evenveel inwoners'
    # round 10: with the rule that widened it, so that a reader sees why Lendelede's group is wider
    # round 15: one wording pattern for every group by size: '... geen centrumsteden; Lendelede zelf telt niet mee.'
    # round 16: from Lendelede's own size class, then the widening in one line
    assert ("gemeenten met minder dan 10.000 inwoners, zoals Lendelede; omdat te weinig daarvan genoeg antwoorden "
            "hadden, verbreed tot minder dan 40.000 inwoners in West-Vlaanderen (op 1 januari 2020, gemeenten zoals "
            "sinds 2025), geen centrumsteden; Lendelede zelf telt niet mee. Een groep telt minstens 3 gemeenten met "
            "elk minstens 30 deelnemers.") in lendelede
    assert "ongeveer evenveel inwoners als Lendelede" not in lendelede
    merelbeke = " ".join(pages["merelbeke-melle", "ruimte"])
    # when the population is counted goes with the size it describes (seventh reading)
    # round 15: in the same pattern as every other group by size, never 'ongeveer evenveel inwoners'
    merelbeke = re.sub(r"Oost-?\s*Vlaanderen", "Oost-Vlaanderen", merelbeke)  # a line break in the province's name
    assert ("gemeenten met 20.000 tot 40.000 inwoners in Oost-Vlaanderen (op 1 januari 2020, gemeenten zoals sinds "
            "2025), geen centrumsteden; Merelbeke-Melle zelf telt niet mee") in merelbeke
    assert "ongeveer evenveel inwoners" not in merelbeke
    for key in BRIEFS:
        text = " ".join(pages[key])
        assert "klasse ernaast" not in text and "kan de grens" not in text


# --- 6. plain words in the annex -------------------------------------------------------------------------

STATISTICS_COURSE = ("zo ook elders", "niet uitzonderlijk", "(te klein)", "aan te tonen vanaf", "(kan toeval zijn)",
                     "Betekenisvol?")


@pytest.mark.parametrize("gemeente,dienst", BRIEFS)
def test_the_annex_and_the_group_sentences_speak_plain_dutch(pages, gemeente, dienst):
    text = " ".join(pages[gemeente, dienst])
    for words in STATISTICS_COURSE:
        assert words not in text, (gemeente, dienst, words)
    # a gap in a sentence is said in words ('28 procentpunt meer'), never as '+28 pp'
    assert not re.search(r"(In|in) [^.:]*: [+−]\d+ pp", text), (gemeente, dienst)


def test_the_reasons_for_nee_say_what_the_answers_can_and_cannot_show(ws, pages):
    text = " ".join(pages["leuven", "ruimte"])
    assert "nee (minder dan 5 procentpunt verschil)" in text
    # round 13: the reason names the numbers, never 'te weinig antwoorden' beside an area of thousands
    assert re.search(r"nee \(met deze aantallen antwoorden valt een verschil kleiner dan \d+ procentpunt "
                     r"niet te zien\)", text)
    leuven = " ".join(pages["leuven", "wonen"])
    assert "Ook in de andere centrumsteden zo (" in leuven and "procentpunt meer)." in leuven


def test_a_cell_held_back_says_its_reason_in_a_few_words_and_leaves_the_rest_to_the_annex_footnote(ws):
    """Round 8: the long reason stood in every table's row ('Huurder – niet getoond – met de andere cijfers …'); it is
    one footnote at the top of the annex (tests/test_brief_ronde8.py). Round 13: 'Huurder: niet getoond' alone read
    as missing data, so the row's last column says why in one short clause."""
    from thuis_cli.products.brief import _row
    from thuis_cli.compute import Cijfer

    held = Cijfer("x", "eigendom:huurder", 40, 100, 0.4, 0.3, 0.5, True, reden="afgeleid")
    row = _row("Huurder", held, None, 30)
    assert row.aandeel == "niet getoond"
    assert row.betekenisvol == "anders valt een groep van minder dan 30 af te leiden"


# --- 8. the neighbours' table gets one sentence on what the region shows ----------------------------------

@pytest.mark.parametrize("gemeente,dienst", SHORT)
def test_the_neighbour_table_opens_with_what_the_region_shows_for_this_department(ws, pages, gemeente, dienst):
    """What the neighbours and the comparison group show together (the seventh reading: no one other
    municipality picked out), every figure with its n. Round 11: read from each one's own verdict against
    Flanders (the one rule): the question on which the most of them differ betekenisvol on one side, and
    none on the other; else that none of them differs."""
    from thuis_cli import fmt

    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    buurt = ctx["buurt"]
    s = buurt["streek"]
    kinds = [k["soort"] for k in buurt["kolommen"]]
    names = [k["naam"] for k in buurt["kolommen"]]
    best = {}
    for r in buurt["rijen"]:
        # round 10: a centrumstad among a smaller municipality's neighbours is read apart
        verdicts = [v for v, k, name, c in zip(r["oordelen"], kinds, names, r["cellen"])
                    if k in ("buur", "vergelijking") and c is not None and not c.suppressed
                    and name not in buurt["centrumsteden"]]
        if len({v for v in verdicts if v}) == 1:
            best[r["label"]] = len([v for v in verdicts if v])
    text = " ".join(pages[gemeente, dienst])
    start = "Wat de streek toont voor deze dienst:" if s["gebieden"] else "Noch de buren"
    sentence = plain(text[text.index(start):])
    sentence = re.match(r".*?\.(?= [A-Z‘]|$)", sentence).group(0)  # up to its full stop, not '1.082
    if not best:
        assert not s["gebieden"] and "betekenisvol van Vlaanderen" in sentence
    else:
        assert best[s["label"]] == max(best.values())
        assert f"‘{s['label'].lower()}’" in sentence and "betekenisvol" in sentence
        for g in s["gebieden"] + s["overige"]:  # every neighbour and the group, each figure with its n
            assert f"{plain(fmt.pct(g['cijfer'].share))} (n = {plain(fmt.count(g['cijfer'].n))})" in sentence, sentence
        assert f"{plain(fmt.pct(s['vlaanderen'].share))}" in sentence
    assert "het verst" not in sentence  # side by side, never one picked out
    assert text.index(start) < text.index("Aandeel deelnemers met het antwoord dat we tellen")


@pytest.mark.parametrize("gemeente,dienst", SHORT)
def test_a_short_brief_stays_within_two_pages(pages, gemeente, dienst):
    assert len(pages[gemeente, dienst]) <= 2

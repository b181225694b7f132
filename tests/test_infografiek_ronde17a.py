"""Citizen material, round 17a (issue 28, blind reading of round 16b): a plan against what most chose
always gives its reason (or asks), an image's doubt in the poster's words, images that say until when to
react and keep their plan clear of the source line, and panels read from three metres with a contact line."""

import re
from dataclasses import replace

import pytest

from thuis_cli import fmt

from conftest import plain, resident_media

SAMPLES = ["leuven", "lendelede"]
LINE = "Dat is niet wat de meeste deelnemers kozen."


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_the_line_that_most_chose_otherwise_is_always_followed_by_the_reason_or_a_question(
        samples, resident_contexts, gemeente):
    """'Dat is niet wat de meeste deelnemers kozen.' without the reason (Lendelede's poster, slide 3,
    images 1-2) read as the municipality ignoring residents: on every medium the line is followed by the
    plan's reason ('De gemeente kiest hiervoor omdat ...', round 18: also in short, no longer 'Maar ...')
    or, for a plan without one, by 'Wat vindt u?'."""
    follows = re.compile(re.escape(LINE) + r" (De gemeente kiest hiervoor omdat [^.]+\.|Wat vindt u\?)")
    said = 0
    for name, text in resident_media(samples, resident_contexts[gemeente], gemeente).items():
        assert text.count(LINE) == len(follows.findall(text)), (name, text)
        said += text.count(LINE)
    if gemeente == "lendelede":  # its two plans against the choice, on the poster, slides, images, page, texts
        assert said >= 8


def test_a_plan_against_the_choice_without_a_reason_asks_what_residents_think(resident_contexts):
    """Where a plan has no `waarom`, every form of the line asks 'Wat vindt u?' after it, never leaves it bare;
    with one, the short media give its short form and the page its full sentence."""
    from thuis_cli.products.infografiek import _say

    say = _say(None)
    m = next(i["b"] for i in resident_contexts["lendelede"]["boodschappen"] if i["b"].plan_tegen)
    assert any(p.waarom_kort for p in m.plannen)
    bare = replace(m, plannen=tuple(p.model_copy(update={"waarom": "", "waarom_kort": ""}) for p in m.plannen))
    assert bare.plan_tegen
    for form in (say("plan_tegen", bare), say("plan_tegen_kort", bare),
                 say("plan_tegen_dia", bare, "Wat doet de gemeente?")):
        assert plain(form) == f"{LINE} Wat vindt u?"
    reason = next(p for p in m.plannen if p.waarom)
    assert plain(say("plan_tegen", m)) == f"{LINE} De gemeente kiest hiervoor omdat {reason.waarom}. Wat vindt u?"
    assert plain(say("plan_tegen_kort", m)) == f"{LINE} De gemeente kiest hiervoor omdat {reason.waarom_kort}."


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_no_resident_text_says_the_gap_is_too_small_to_be_sure(samples, resident_contexts, gemeente):
    """'met 31 antwoorden is het verschil te klein om zeker te zijn' read as 'the gap is small': an image
    says it in the poster's words ('met 31 antwoorden kan dat verschil toeval zijn'), and no resident text
    says 'te klein om zeker' (nor round 10's 'niet zeker')."""
    for name, text in resident_media(samples, resident_contexts[gemeente], gemeente).items():
        assert "te klein om zeker" not in text and "niet zeker" not in text, name
    for item in resident_contexts[gemeente]["boodschappen"]:
        b, sentence = item["b"], plain(item["beeld_spec"].zin)
        if b.klein and any(r.oordeel == "onzeker" for r in b.getoond_vergelijk()):
            # (round 18: where the plan's reason needs the room and the headline gives the count, ': dat kan
            # toeval zijn.' without it)
            assert (f"met {fmt.count(b.n)} antwoorden kan" in sentence or (f"van de {fmt.count(b.n)}" in
                    item["beeld_spec"].kop and sentence.endswith(": dat kan toeval zijn."))), sentence
            assert sentence.endswith("toeval zijn."), sentence


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_every_image_says_until_when_and_where_to_react(resident_contexts, gemeente):
    """The images had no date and the reader could not act: each image's bar says 'Reageer tot 31 maart
    2027 op lendelede.example/woontest', the date the poster uses (plannen.yaml deelname.tot)."""
    context = resident_contexts[gemeente]
    deelname = context["deelname"]
    address = context["deelname_link"].replace("https://", "").rstrip("/")
    assert deelname.tot
    for item in context["boodschappen"]:
        call = plain(item["beeld_spec"].oproep)
        assert call.startswith(f"Reageer tot {fmt.date(deelname.tot)} op {address}"), call


CLEAR_PX = 24  # the least room between an image's last text under its bars and its source line


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_an_image_s_plan_ends_clear_of_its_source_line(resident_contexts, gemeente):
    """Lendelede's images 1-2: the plan's line touched the source line. Measured on the laid-out image,
    every image draws its sentence and its plan, and the plan's last line ends at least CLEAR_PX above the
    source line (and the source line above the call's band)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from thuis_cli import beelden

    for item in resident_contexts[gemeente]["boodschappen"]:
        fig, parts = beelden.laid_out(item["beeld_spec"])
        fig.set_dpi(100)
        renderer = FigureCanvasAgg(fig).get_renderer()
        box = {name: text.get_window_extent(renderer) for name, text in parts.items()}
        assert {"kop", "zin", "plan", "voet", "oproep"} <= set(box), (item["b"].slug, sorted(box))
        assert box["plan"].y0 - box["voet"].y1 >= CLEAR_PX, (item["b"].slug, box["plan"].y0, box["voet"].y1)
        assert box["zin"].y0 > box["plan"].y1, item["b"].slug
        assert box["voet"].y0 > box["oproep"].y1, item["b"].slug


def test_the_panels_key_line_size_follows_the_legibility_rule():
    """The documented rule: a key line's capitals stand at least 1/200 of the reading distance high (15 mm at
    3 m); at PANEL_KEY_PT, Lato's capitals (read from the font) are that high."""
    from fontTools.ttLib import TTFont

    from thuis_cli import resources
    from thuis_cli.products.infografiek import LATO_CAP_HEIGHT, PANEL_DISTANCE_MM, PANEL_KEY_PT

    font = TTFont(resources.fonts_dir() / "Lato-Regular.ttf")
    cap = font["OS/2"].sCapHeight / font["head"].unitsPerEm
    assert abs(cap - LATO_CAP_HEIGHT) < 0.001 and PANEL_DISTANCE_MM == 3000
    assert PANEL_KEY_PT * 25.4 / 72 * cap >= PANEL_DISTANCE_MM / 200  # 15 mm capitals


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_a_panel_s_bars_comparison_and_plan_read_from_three_metres_with_a_contact_line(
        samples, resident_contexts, gemeente):
    """From 3 m 'Vlaanderen: 64 %' and the plan (46 pt) could not be read, and a panel gave no e-mail,
    phone or counter. Measured in each sample panel (one A1 page each): the bars' names and numbers, the
    comparison and the plan's lines are at least PANEL_KEY_PT, and the band at the foot gives the contact
    line the page gives (plannen.yaml deelname: contact and telefoon)."""
    import pdfplumber

    from test_infografiek_ronde13 import _panel_lines

    from thuis_cli.products.infografiek import PANEL_KEY_PT

    folder = samples.infographics(gemeente)
    deelname = resident_contexts[gemeente]["deelname"]
    paths = sorted(folder.glob("paneel-*.pdf"))
    assert paths
    for path in paths:
        with pdfplumber.open(path) as pdf:
            assert len(pdf.pages) == 1, path.name
        lines, _boxes, _size = _panel_lines(path)
        texts = [t for *_rest, t in lines]
        start = next(i for i, t in enumerate(texts) if t.startswith(("Vlaanderen:", "Lendelede:", "Leuven:")))
        end = next(i for i, t in enumerate(texts) if "vulden in" in t)  # the small print under the plan
        key = [line for line in lines[start:end] if not line[-1].startswith("Wat doet de")]  # (its heading: 64 pt)
        assert any(t.startswith("Vlaanderen:") for *_r, t in key), path.name
        for *_rest, size, text in key:
            assert size >= PANEL_KEY_PT - 0.5, (path.name, size, text)
        band = plain(" ".join(texts[end:]).replace("Scan en praat mee", ""))  # (the QR code's caption beside it)
        assert plain(deelname.contact) in band and f"Of bel {plain(deelname.telefoon)}." in band, band


@pytest.mark.parametrize("gemeente", SAMPLES)
def test_every_image_s_post_says_why_figures_of_2020(samples, resident_contexts, gemeente):
    """Readers asked why a post shows figures of 2020: each image's post text says it once, in one line of
    resident words, after who took part."""
    from conftest import image_post

    folder = samples.infographics(gemeente)
    line = ("Waarom cijfers van 2020? De woontest is de grootste bevraging over wonen in Vlaanderen; wat mensen "
            "willen, verandert traag.")
    for item in resident_contexts[gemeente]["boodschappen"]:
        post = image_post(folder, item["b"].slug)
        assert post.count(line) == 1, post
        assert post.index("zelf een online vragenlijst in") < post.index(line), post

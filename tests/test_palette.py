"""The palette meets WCAG 2.1 AA: charts 3:1 and text 4.5:1 against the page."""

import itertools
import re

import colourvision
import pytest

from thuis_cli import palette, resources


def test_contrast_formula_known_values():
    assert palette.contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert palette.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("colour", palette.CHART_COLOURS)
def test_chart_colours_reach_3_to_1(colour):
    assert palette.contrast(colour, palette.BACKGROUND) >= 3.0


@pytest.mark.parametrize("colour", palette.TEXT_COLOURS)
@pytest.mark.parametrize("surface", palette.SURFACES.values())
def test_text_colours_reach_4_5_to_1_on_every_surface(colour, surface):
    assert palette.contrast(colour, surface) >= 4.5


# Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula", table 1: pairs 1, 7, 17, 25.
SHARMA = [((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
          ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
          ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
          ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644)]


@pytest.mark.parametrize("lab1,lab2,expected", SHARMA)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert colourvision.ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_simulation_keeps_greys_grey_and_collapses_red_green():
    for vision in colourvision.MACHADO_2009:
        assert colourvision.simulate("#808080", vision) == pytest.approx(colourvision.rgb("#808080"), abs=2e-3)
    # The pair the audit found: clearly different to most readers, nearly one colour without red cones.
    assert colourvision.difference("#B35A00", "#8A6D00") > 15
    assert colourvision.difference("#B35A00", "#8A6D00", "protanopie") < 3


# CIEDE2000 of 10 between two bar colours: about twice the difference that readers still tell apart
# between small areas that are not side by side (ΔE00 around 5), so bars a panel apart stay apart.
MIN_DIFFERENCE = 10


@pytest.mark.parametrize("vision", colourvision.VISIONS)
@pytest.mark.parametrize("product", sorted(palette.PALETTES))
def test_colours_that_share_a_chart_stay_apart_for_colour_blind_readers(product, vision):
    colours = palette.PALETTES[product]
    for a, b in itertools.combinations(colours, 2):
        difference = colourvision.difference(a, b, vision)
        assert difference >= MIN_DIFFERENCE, (product, vision, a, b, round(difference, 1))


def test_workbook_uses_only_its_palette():
    names = ["a", "b", "c"]
    assert set(palette.group_colours(names).values()) == {palette.AREA}
    focused = palette.group_colours(names, focus="b")
    assert focused == {"a": palette.PEER, "b": palette.AREA, "c": palette.PEER}
    assert set(focused.values()) <= set(palette.PALETTES["werkboek"])


def test_focus_municipality_stands_out_in_greyscale_print():
    # Beside a focus municipality the others are grey: a lightness step that survives greyscale.
    lightness = {c: colourvision.lab(colourvision.rgb(c))[0] for c in palette.PALETTES["werkboek"]}
    assert abs(lightness[palette.PEER] - lightness[palette.AREA]) >= MIN_DIFFERENCE
    assert abs(lightness[palette.PEER] - lightness[palette.FLANDERS]) >= MIN_DIFFERENCE


@pytest.mark.parametrize("bar", palette.BAR_COLOURS)
def test_interval_whiskers_reach_3_to_1_on_every_bar_and_on_the_page(bar):
    # A whisker runs over the end of its bar and on past it over the page: both must carry it.
    assert palette.contrast(palette.WHISKER, bar) >= 3.0
    assert palette.contrast(palette.WHISKER, palette.BACKGROUND) >= 3.0


def test_stylesheet_text_colours_pass_on_their_surfaces():
    css = (resources.static_dir() / "thuis.css").read_text()
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}", css))
    text = {"#1A1A1A", "#4D4D4D", "#005A8C"}
    assert text <= colours
    for colour in text:
        for surface in ("#FFFFFF", "#F2F5F8", "#FFF6E5"):
            assert palette.contrast(colour, surface) >= 4.5, (colour, surface)

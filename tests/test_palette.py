"""The palette meets WCAG 2.1 AA: charts 3:1 and text 4.5:1 against the page."""

import re

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


def test_chart_colours_are_distinct_for_colour_blind_readers():
    # Municipality, province and Flanders differ clearly in lightness as well as hue.
    lums = sorted(palette.luminance(c) for c in (palette.AREA, palette.PROVINCE, palette.FLANDERS))
    assert all(b / a > 1.05 for a, b in zip(lums, lums[1:]))


def test_stylesheet_text_colours_pass_on_their_surfaces():
    css = (resources.static_dir() / "thuis.css").read_text()
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}", css))
    text = {"#1A1A1A", "#4D4D4D", "#005A8C"}
    assert text <= colours
    for colour in text:
        for surface in ("#FFFFFF", "#F2F5F8", "#FFF6E5"):
            assert palette.contrast(colour, surface) >= 4.5, (colour, surface)

"""Colours shared by every product: colour-blind-safe (Okabe-Ito based), WCAG 2.1 AA contrast.

Chart colours reach 3:1 against the page background, text colours 4.5:1, and the interval whiskers
(drawn in TEXT over the end of every bar) 3:1 against every bar colour. Colours that share a chart
(PALETTES) stay at least 10 CIEDE2000 apart for normal vision and under simulated protanopia,
deuteranopia and tritanopia (tests/test_palette.py). Colour is never the only cue: every bar carries
its label.
"""

from __future__ import annotations

BACKGROUND = "#FFFFFF"
TEXT = "#1A1A1A"
TEXT_MUTED = "#4D4D4D"
ACCENT = "#005A8C"  # headings, rules

# One colour per role in charts: the municipality, its province, Flanders; beside a focus
# municipality, the other municipalities of a group. Every bar colour lies between 3:1 against the
# page and 3:1 against the whisker, which leaves mid-tones only.
AREA = "#0072B2"  # Okabe-Ito blue: the municipality the document is about
PROVINCE = "#B35A00"  # darkened Okabe-Ito orange
FLANDERS = "#6A6A6A"  # neutral grey
PEER = "#919191"  # light grey: the other municipalities beside a focus municipality
WHISKER = TEXT  # interval whiskers, drawn over the end of the bar

OUTLINE = "#6B6B6B"  # empty dots in the infographic grid

BAR_COLOURS = [AREA, PROVINCE, FLANDERS, PEER]
# Colours that appear together in one chart and must stay apart for every reader.
PALETTES = {
    "briefing": (AREA, PROVINCE, FLANDERS),
    "werkboek": (AREA, PEER, FLANDERS),
    "infografiek": (AREA, OUTLINE),
}
CHART_COLOURS = [*BAR_COLOURS, OUTLINE]
TEXT_COLOURS = [TEXT, TEXT_MUTED, ACCENT, AREA]
SURFACES = {"achtergrond": BACKGROUND, "kader": "#F2F5F8", "signaal": "#FFF6E5"}


def group_colours(names: list[str], focus: str | None = None) -> dict[str, str]:
    """Bar colour per municipality of a group. Without a focus every municipality has the area colour
    (its label says which one it is); with one, the focus keeps it and the others turn light grey."""
    return {name: AREA if focus is None or name == focus else PEER for name in names}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio between two colours (1..21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)

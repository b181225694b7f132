"""Colours shared by every product: colour-blind-safe (Okabe-Ito based), WCAG 2.1 AA contrast.

Chart colours reach 3:1 against the page background, text colours 4.5:1 (tests/test_palette.py).
"""

from __future__ import annotations

BACKGROUND = "#FFFFFF"
TEXT = "#1A1A1A"
TEXT_MUTED = "#4D4D4D"
ACCENT = "#005A8C"  # headings, rules

# One colour per role in charts: the municipality, its province, Flanders.
AREA = "#0072B2"  # Okabe-Ito blue
PROVINCE = "#B35A00"  # darkened Okabe-Ito orange
FLANDERS = "#5A5A5A"  # neutral grey
SERIES = ["#0072B2", "#B35A00", "#007A5E", "#A3487A", "#8A6D00", "#5E4FA2"]  # one per municipality

OUTLINE = "#6B6B6B"  # empty dots in the infographic grid

CHART_COLOURS = [AREA, PROVINCE, FLANDERS, OUTLINE, *SERIES]
TEXT_COLOURS = [TEXT, TEXT_MUTED, ACCENT, AREA]
SURFACES = {"achtergrond": BACKGROUND, "kader": "#F2F5F8", "signaal": "#FFF6E5"}


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

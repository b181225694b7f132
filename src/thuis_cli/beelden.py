"""The 1080 x 1080 px image of one citizen message: the words, the municipality's bar beside the bars of
the areas it differs from (Flanders, its comparison group), each with its number, and the sentence.

Drawn once per message and kept in the chart cache; one figure saved as the PNG and the portable SVG
(text as paths) that are published, and on request as SVG with its text kept as text (to read it back).
The texts arrive written (from the template macros); this module only draws."""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from . import chart, palette

SIZE_PX = 1080
PUBLISHED = ("png", "svg")  # what every image is drawn as; 'svg-tekst' only when asked for
TRACK = "#EFEFEF"  # the empty part of a bar (the brief's track): every fill reaches 3:1 against it


@dataclass(frozen=True)
class Staaf:
    """One bar: the area's name and its share, written ('54 %'); `eigen` for the municipality's own."""

    label: str
    share: float
    waarde: str
    eigen: bool = False

    @property
    def colour(self) -> str:
        return palette.AREA if self.eigen else palette.FLANDERS


@dataclass(frozen=True)
class Beeld:
    share: float
    kop: str  # the message: 'Deelnemers uit Leuven willen vaker compacter wonen dan in Vlaanderen'
    percentage: str
    cijfer: str  # 'van 1.495 deelnemers'
    vergelijking: str  # the share in Flanders in words, or '' (in the alt text: the bars draw it)
    zin: str
    voet: str
    bovenregel: str
    staven: tuple[Staaf, ...] = ()  # the municipality first, then the areas it really differs from


def _wrap(text: str, width: int) -> str:
    """Lines of at most `width` characters; '2 op de 10' and '54 %' stay on one line."""
    text = re.sub(r"(\d+) op de (\d+)", "\\1\u00a0op\u00a0de\u00a0\\2", text)
    return "\n".join(textwrap.wrap(text, width))


def _wrapped(text: str, size: float, width_chars: float, largest: int = 3) -> tuple[str, float]:
    """The text wrapped to the width, shrunk a step at a time until it fits in `largest` lines."""
    while True:
        lines = _wrap(text, max(12, int(width_chars))).split("\n")
        if len(lines) <= largest or size <= 30:
            return "\n".join(lines), size
        width_chars *= 1.1
        size /= 1.1


def _draw(b: Beeld, formats: tuple[str, ...] = PUBLISHED) -> dict[str, bytes]:
    from matplotlib.patches import Rectangle

    fig = chart.figure(SIZE_PX / 100 * 2.54, SIZE_PX / 100 * 2.54)
    fig.patch.set_facecolor(palette.BACKGROUND)
    left, right = 0.07, 0.93
    fig.text(left, 0.945, b.bovenregel, fontsize=22, color=palette.TEXT_MUTED, va="top")
    kop, size = _wrapped(b.kop, 46, 30)
    fig.text(left, 0.885, kop, fontsize=size, fontweight="bold", color=palette.ACCENT, va="top",
             linespacing=1.1)
    fig.text(left, 0.665, b.percentage, fontsize=80, fontweight="bold", color=palette.AREA, va="top")
    fig.text(left + 0.03 + 0.055 * len(b.percentage), 0.605, b.cijfer, fontsize=28, color=palette.TEXT,
             va="center")
    # the bars: the municipality's, then each area it really differs from, each with its name and number
    # (the comparison in words is in the alt text: the bars say it here)
    top, row = 0.525, 0.08
    for i, s in enumerate(b.staven or (Staaf("", b.share, b.percentage, True),)):
        y = top - i * row
        fig.text(left, y, f"{s.label}: {s.waarde}" if s.label else s.waarde, fontsize=24, va="top",
                 fontweight="bold" if s.eigen else "normal", color=palette.TEXT)
        fig.patches.append(Rectangle((left, y - 0.07), right - left, 0.032, transform=fig.transFigure,
                                     facecolor=TRACK, edgecolor="none", figure=fig))
        fig.patches.append(Rectangle((left, y - 0.07), (right - left) * min(1.0, max(0.0, s.share)), 0.032,
                                     transform=fig.transFigure, facecolor=s.colour, edgecolor="none", figure=fig))
    fig.text(left, top - max(1, len(b.staven)) * row - 0.015, _wrap(b.zin, 54), fontsize=25, color=palette.TEXT,
             va="top", linespacing=1.25)
    fig.text(left, 0.035, _wrap(b.voet, 76), fontsize=17, color=palette.TEXT_MUTED,
             va="bottom", linespacing=1.3)
    return _save(fig, formats)


def _save(fig, formats: tuple[str, ...]) -> dict[str, bytes]:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    out = {}
    if "png" in formats:
        from PIL import Image

        fig.set_dpi(100)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        buffer = io.BytesIO()
        # The image is opaque: RGB at zlib level 3 is as exact, smaller, and a third faster to write
        # than matplotlib's RGBA at level 6. No text chunks: the same image gives the same bytes.
        Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB").save(
            buffer, "png", compress_level=3, dpi=(100, 100))
        out["png"] = buffer.getvalue()
    if "svg" in formats:
        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "path"}):  # portable: no font needed to view it
            FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
        out["svg"] = buffer.getvalue()
    if "svg-tekst" in formats:
        buffer = io.BytesIO()
        FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
        out["svg-tekst"] = buffer.getvalue()
    return out


def load() -> None:
    """matplotlib, its two canvases and thuis's fonts, loaded (a batch does so before it forks)."""
    from matplotlib.backends import backend_agg, backend_svg  # noqa: F401 - loaded, not used here

    chart.figure(1, 1)


@lru_cache(maxsize=16)
def _drawn(b: Beeld) -> dict[str, bytes]:
    """The published formats of one image from one drawing: asking for the PNG after the SVG draws nothing."""
    return _draw(b)


@lru_cache(maxsize=128)
def beeld(b: Beeld, fmt_name: str) -> bytes:
    """One format of a message's image, drawn at most once per process and kept in the chart cache."""
    if fmt_name not in PUBLISHED:
        return chart.cached(f"infografiek-{fmt_name}", b, lambda: _draw(b, (fmt_name,))[fmt_name])
    return chart.cached(f"infografiek-{fmt_name}", b, lambda: _drawn(b)[fmt_name])


# --- the slide chart: drawn at the size it has on a 16:9 slide, so its points are the slide's --------

SLIDE_CHART_MM = (226.0, 56.0)  # the full width of a slide's content, under the headline; 56 mm for 3 bars
SLIDE_ROW_MM = 17.0  # a bar's row: its name and number (24 pt) and the bar
SLIDE_LEAST_MM = 41.0  # the percentage (66 pt) and its n in two lines (24 pt)


def slide_chart_mm(bars: int) -> float:
    """The slide chart's height: as high as its bars need, never lower than the percentage and its n."""
    return max(SLIDE_LEAST_MM, bars * SLIDE_ROW_MM)


@dataclass(frozen=True)
class Dia:
    share: float
    percentage: str
    cijfer: str  # 'van 1.495 deelnemers'
    staven: tuple[Staaf, ...]  # the municipality first, then the areas it really differs from


def _draw_slide(d: Dia) -> bytes:
    """The percentage and its n left, the bars right: the municipality's and each area it really
    differs from, every bar with its name and its number above it. Written as SVG at slide size, in
    points: every text is 24 pt or more on the slide, and the chart is a few nodes."""
    from markupsafe import escape

    # as high as its bars need, never lower than the percentage and its n
    high_mm = slide_chart_mm(len(d.staven))
    width, height = (mm * chart.PT_PER_CM / 10 for mm in (SLIDE_CHART_MM[0], high_mm))
    parts = [f'<text x="0" y="{0.72 * 66:.1f}" font-size="66" font-weight="700" '
             f'fill="{palette.AREA}">{escape(d.percentage)}</text>']
    for i, line in enumerate(_wrap(d.cijfer, 16).split("\n")):
        parts.append(f'<text x="0" y="{66 + 0.75 * 24 + i * 1.2 * 24:.1f}" font-size="24" '
                     f'fill="{palette.TEXT}">{escape(line)}</text>')
    left, bar_w, row = 0.34 * width, 0.66 * width, SLIDE_ROW_MM * chart.PT_PER_CM / 10
    for i, s in enumerate(d.staven):
        top = i * row
        weight = ' font-weight="700"' if s.eigen else ""
        parts.append(f'<text x="{left:.1f}" y="{top + 0.75 * 24:.1f}" font-size="24"{weight} '
                     f'fill="{palette.TEXT}">{escape(s.label)}: {escape(s.waarde)}</text>')
        parts.append(f'<rect x="{left:.1f}" y="{top + 26:.1f}" width="{bar_w:.1f}" height="{0.3 * row:.1f}" '
                     f'fill="{TRACK}"/>')
        parts.append(f'<rect x="{left:.1f}" y="{top + 26:.1f}" width="{min(1.0, max(0.0, s.share)) * bar_w:.1f}" '
                     f'height="{0.3 * row:.1f}" fill="{s.colour}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SLIDE_CHART_MM[0]}mm" height="{high_mm:.2f}mm" '
            f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="Lato">' + "".join(parts) + "</svg>").encode()


def slide_chart(d: Dia) -> bytes:
    """The slide-shaped chart of one message as SVG (text as text, set in thuis's own font)."""
    return chart.cached("infografiek-dia", d, lambda: _draw_slide(d))

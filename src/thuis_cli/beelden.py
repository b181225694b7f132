"""The 1080 x 1080 px image of one citizen message: the words, a 10 x 10 dot grid, the sentence.

Drawn once per message and kept in the chart cache; one figure saved as the PNG and the portable SVG
(text as paths) that are published, and on request as SVG with its text kept as text (to read it back).
The texts arrive written (from the template macros); this module only draws."""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from . import chart, fmt, palette

SIZE_PX = 1080
PUBLISHED = ("png", "svg")  # what every image is drawn as; 'svg-tekst' only when asked for


@dataclass(frozen=True)
class Beeld:
    share: float
    kop: str  # the message: 'Deelnemers uit Leuven willen vaker compacter wonen dan in Vlaanderen'
    percentage: str
    cijfer: str  # 'van 1.495 deelnemers'
    vergelijking: str  # the share in Flanders, or ''
    zin: str
    voet: str
    bovenregel: str


def _dots(ax, share: float, filled_r: float = 0.38, empty_r: float = 0.33, lw: float = 2.2) -> None:
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Circle

    filled = fmt.whole_percent(share)
    centres = [(k % 10 + 0.5, 9.5 - k // 10) for k in range(100)]
    # Two collections (filled, outlined), not 100 patches: one draw call each.
    ax.add_collection(PatchCollection([Circle(c, filled_r) for c in centres[:filled]], facecolor=palette.AREA,
                                      edgecolor="none", linewidth=0), autolim=False)
    # an outlined dot: 3:1 against the page and clearly not filled
    ax.add_collection(PatchCollection([Circle(c, empty_r) for c in centres[filled:]], facecolor="none",
                                      edgecolor=palette.OUTLINE, linewidth=lw), autolim=False)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_aspect("equal")
    ax.axis("off")


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
    fig = chart.figure(SIZE_PX / 100 * 2.54, SIZE_PX / 100 * 2.54)
    fig.patch.set_facecolor(palette.BACKGROUND)
    _dots(fig.add_axes((0.07, 0.28, 0.34, 0.34)), b.share)
    fig.text(0.07, 0.945, b.bovenregel, fontsize=22, color=palette.TEXT_MUTED, va="top")
    kop, size = _wrapped(b.kop, 46, 30)
    fig.text(0.07, 0.885, kop, fontsize=size, fontweight="bold", color=palette.ACCENT, va="top",
             linespacing=1.1)
    fig.text(0.48, 0.62, b.percentage, fontsize=72, fontweight="bold", color=palette.AREA, va="top")
    fig.text(0.48, 0.505, b.cijfer, fontsize=24, color=palette.TEXT, va="top")
    if b.vergelijking:
        fig.text(0.48, 0.43, _wrap(b.vergelijking, 26), fontsize=22, color=palette.TEXT,
                 va="top", linespacing=1.3)
    fig.text(0.07, 0.235, _wrap(b.zin, 50), fontsize=25, color=palette.TEXT, va="top",
             linespacing=1.25)
    fig.text(0.07, 0.035, _wrap(b.voet, 62), fontsize=17, color=palette.TEXT_MUTED,
             va="bottom", linespacing=1.3)
    return _save(fig, formats)


def _save(fig, formats: tuple[str, ...]) -> dict[str, bytes]:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    out = {}
    if "png" in formats:
        buffer = io.BytesIO()
        fig.set_dpi(100)
        FigureCanvasAgg(fig).print_png(buffer, metadata={"Software": None})
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


def dot_grid_svg(share: float, title: str) -> bytes:
    """A 10 x 10 grid of dots with the whole percentage filled: small, exact, no fonts needed."""
    from markupsafe import escape

    filled = fmt.whole_percent(share)
    dots = []
    for k in range(100):
        row, col = divmod(k, 10)
        if k < filled:
            dots.append(f'<circle cx="{col * 10 + 5}" cy="{row * 10 + 5}" r="3.9" fill="{palette.AREA}"/>')
        else:
            dots.append(f'<circle cx="{col * 10 + 5}" cy="{row * 10 + 5}" r="3.4" fill="none" '
                        f'stroke="{palette.OUTLINE}" stroke-width="1"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
            f'<title>{escape(title)}</title>{"".join(dots)}</svg>').encode()


# --- the slide chart: drawn at the size it has on a 16:9 slide, so its points are the slide's --------

SLIDE_CHART_MM = (226.0, 56.0)  # the full width of a slide's content, under the headline


@dataclass(frozen=True)
class Dia:
    share: float
    percentage: str
    cijfer: str  # 'van 1.495 deelnemers'
    gebied: str
    vlaanderen: float | None  # Flanders' share, only with a real difference
    vlaanderen_tekst: str = ""  # 'Vlaanderen: 34 %'


def _draw_slide(d: Dia) -> bytes:
    """Dot grid left, the percentage and its n beside it, and (with a real difference) the bar pair
    against Flanders right. Drawn at slide size: every text is 24 pt or more on the slide."""
    from matplotlib.patches import Rectangle

    width, height = SLIDE_CHART_MM
    fig = chart.figure(width / 10, height / 10)
    fig.patch.set_alpha(0)
    grid = height / width  # the grid is square: as tall as the chart
    _dots(fig.add_axes((0.0, 0.0, grid, 1.0)), d.share, lw=1.3)
    x = grid + 0.035
    fig.text(x, 0.97, d.percentage, fontsize=66, fontweight="bold", color=palette.AREA, va="top")
    fig.text(x, 0.38, _wrap(d.cijfer, 16), fontsize=24, color=palette.TEXT, va="top",
             linespacing=1.2)
    if d.vlaanderen is not None:
        left = 0.60
        ax = fig.add_axes((left, 0.0, 1.0 - left, 1.0))
        rows = [(d.gebied, d.share, palette.AREA),  # its percentage stands large beside the grid
                (d.vlaanderen_tekst, d.vlaanderen, palette.FLANDERS)]
        for i, (label, share, colour) in enumerate(rows):
            top = 1.0 - i * 0.5
            ax.text(0, top - 0.02, label, fontsize=24, color=palette.TEXT, va="top")
            ax.add_patch(Rectangle((0, top - 0.36), share, 0.13, color=colour, lw=0))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.axis("off")
    buffer = io.BytesIO()
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def slide_chart(d: Dia) -> bytes:
    """The slide-shaped chart of one message as SVG (text as text, set in thuis's own font)."""
    return chart.cached("infografiek-dia", d, lambda: _draw_slide(d))

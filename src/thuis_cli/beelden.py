"""The 1080 x 1080 px image of one citizen message: the words, a 10 x 10 dot grid, the sentence.

Drawn once per message and kept in the chart cache; one figure saved three ways: PNG, portable SVG
(text as paths) and SVG with text kept as text (for the documents thuis renders with its own font).
The texts arrive written (from the template macros); this module only draws."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from . import chart, fmt, palette

SIZE_PX = 1080
FORMATS = ("png", "svg", "svg-tekst")


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
    import matplotlib

    filled = fmt.whole_percent(share)
    for k in range(100):
        row, col = divmod(k, 10)
        if k < filled:
            ax.add_patch(matplotlib.patches.Circle((col + 0.5, 9.5 - row), filled_r, color=palette.AREA, lw=0))
        else:  # an outlined dot: 3:1 against the page and clearly not filled
            ax.add_patch(matplotlib.patches.Circle((col + 0.5, 9.5 - row), empty_r, fill=False,
                                                   edgecolor=palette.OUTLINE, lw=lw))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_aspect("equal")
    ax.axis("off")


def _wrapped(text: str, size: float, width_chars: float, largest: int = 3) -> tuple[str, float]:
    """The text wrapped to the width, shrunk a step at a time until it fits in `largest` lines."""
    while True:
        lines = textwrap.wrap(text, max(12, int(width_chars)))
        if len(lines) <= largest or size <= 30:
            return "\n".join(lines), size
        width_chars *= 1.1
        size /= 1.1


def _draw(b: Beeld) -> dict[str, bytes]:
    fig = chart.figure(SIZE_PX / 100 * 2.54, SIZE_PX / 100 * 2.54)
    fig.patch.set_facecolor(palette.BACKGROUND)
    _dots(fig.add_axes((0.07, 0.29, 0.38, 0.38)), b.share)
    fig.text(0.07, 0.945, b.bovenregel, fontsize=22, color=palette.TEXT_MUTED, va="top")
    kop, size = _wrapped(b.kop, 46, 30)
    fig.text(0.07, 0.885, kop, fontsize=size, fontweight="bold", color=palette.ACCENT, va="top",
             linespacing=1.1)
    fig.text(0.50, 0.665, b.percentage, fontsize=72, fontweight="bold", color=palette.AREA, va="top")
    fig.text(0.50, 0.545, b.cijfer, fontsize=24, color=palette.TEXT, va="top")
    if b.vergelijking:
        fig.text(0.50, 0.47, "\n".join(textwrap.wrap(b.vergelijking, 24)), fontsize=22, color=palette.TEXT,
                 va="top", linespacing=1.3)
    fig.text(0.07, 0.235, "\n".join(textwrap.wrap(b.zin, 46)), fontsize=27, color=palette.TEXT, va="top",
             linespacing=1.25)
    fig.text(0.07, 0.035, "\n".join(textwrap.wrap(b.voet, 62)), fontsize=17, color=palette.TEXT_MUTED,
             va="bottom", linespacing=1.3)
    return _save(fig)


def _save(fig) -> dict[str, bytes]:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    out = {}
    buffer = io.BytesIO()
    fig.set_dpi(100)
    FigureCanvasAgg(fig).print_png(buffer, metadata={"Software": None})
    out["png"] = buffer.getvalue()
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path"}):  # portable: no font needed to view it
        FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    out["svg"] = buffer.getvalue()
    buffer = io.BytesIO()
    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    out["svg-tekst"] = buffer.getvalue()
    return out


@lru_cache(maxsize=128)
def beeld(b: Beeld, fmt_name: str) -> bytes:
    """One format of a message's image, drawn at most once per process and kept in the chart cache."""
    drawn: dict[str, bytes] = {}

    def make() -> bytes:
        if not drawn:
            drawn.update(_draw(b))
        return drawn[fmt_name]

    return chart.cached(f"infografiek-{fmt_name}", b, make)


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

SLIDE_CHART_MM = (128.0, 84.0)


@dataclass(frozen=True)
class Dia:
    share: float
    percentage: str
    cijfer: str  # 'van 1.495 deelnemers'
    gebied: str
    vlaanderen: float | None  # Flanders' share, only with a real difference
    vlaanderen_pct: str = ""


def _draw_slide(d: Dia) -> bytes:
    """Dot grid left; the percentage, its n and (with a real difference) a bar pair against Flanders
    right. Every text at 24 pt or more on the slide."""
    width, height = SLIDE_CHART_MM
    fig = chart.figure(width / 10, height / 10)
    fig.patch.set_alpha(0)
    side = height / width  # the grid is square: as tall as the chart
    _dots(fig.add_axes((0.0, 0.02, side * 0.96, 0.96)), d.share, lw=1.4)
    x = side + 0.05
    fig.text(x, 0.98, d.percentage, fontsize=54, fontweight="bold", color=palette.AREA, va="top")
    fig.text(x, 0.64, d.cijfer, fontsize=24, color=palette.TEXT, va="top")
    if d.vlaanderen is not None:
        ax = fig.add_axes((x, 0.04, 0.96 - x, 0.34))
        rows = [(d.gebied, d.share, d.percentage, palette.AREA), ("Vlaanderen", d.vlaanderen, d.vlaanderen_pct,
                                                                   palette.FLANDERS)]
        for i, (name, share, text, colour) in enumerate(rows):
            y = 1 - i
            ax.barh(y, share, height=0.42, color=colour, left=0)
            ax.text(0, y + 0.26, f"{name}: {text}", fontsize=24, color=palette.TEXT, va="bottom")
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.3, 2.0)
        ax.axis("off")
    buffer = io.BytesIO()
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def slide_chart(d: Dia) -> bytes:
    """The slide-shaped chart of one message as SVG (text as text, set in thuis's own font)."""
    return chart.cached("infografiek-dia", d, lambda: _draw_slide(d))

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
    kop: str  # 'Bijna 7 op de 10'
    percentage: str
    zijtekst: str  # participants and the comparison
    zin: str
    voet: str
    bovenregel: str


def _draw(b: Beeld) -> dict[str, bytes]:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    fig = chart.figure(SIZE_PX / 100 * 2.54, SIZE_PX / 100 * 2.54)
    fig.patch.set_facecolor(palette.BACKGROUND)
    filled = fmt.whole_percent(b.share)
    ax = fig.add_axes((0.07, 0.30, 0.40, 0.40))
    for k in range(100):
        row, col = divmod(k, 10)
        if k < filled:
            ax.add_patch(matplotlib.patches.Circle((col + 0.5, 9.5 - row), 0.38, color=palette.AREA, lw=0))
        else:  # an outlined dot: 3:1 against the page and clearly not filled
            ax.add_patch(matplotlib.patches.Circle((col + 0.5, 9.5 - row), 0.33, fill=False,
                                                   edgecolor=palette.OUTLINE, lw=2.2))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.text(0.07, 0.93, b.bovenregel, fontsize=22, color=palette.TEXT_MUTED, va="top")
    fig.text(0.07, 0.86, b.kop, fontsize=58, fontweight="bold", color=palette.ACCENT, va="top")
    fig.text(0.52, 0.67, b.percentage, fontsize=64, fontweight="bold", color=palette.AREA, va="top")
    fig.text(0.52, 0.56, "\n".join(textwrap.wrap(b.zijtekst, 26)), fontsize=21, color=palette.TEXT,
             va="top", linespacing=1.3)
    fig.text(0.07, 0.25, "\n".join(textwrap.wrap(b.zin, 44)), fontsize=28, color=palette.TEXT, va="top",
             linespacing=1.25)
    fig.text(0.07, 0.035, "\n".join(textwrap.wrap(b.voet, 62)), fontsize=17, color=palette.TEXT_MUTED,
             va="bottom", linespacing=1.3)
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

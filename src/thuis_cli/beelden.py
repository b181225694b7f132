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


def _cells(share: float) -> tuple[int, list[tuple[int, int]]]:
    """How many of the 100 dots are filled (the whole percentage), and the cells (column, row) in the
    order they fill: row by row from the top left. Every dot grid, drawn or written, follows it."""
    return fmt.whole_percent(share), [(k % 10, k // 10) for k in range(100)]


def _dots(ax, share: float, filled_r: float = 0.38, empty_r: float = 0.33, lw: float = 2.2) -> None:
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Circle

    filled, cells = _cells(share)
    centres = [(col + 0.5, 9.5 - row) for col, row in cells]  # matplotlib's y runs upwards
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


KAPPA = 0.5522847498  # a quarter circle as a cubic Bézier curve: control points at this fraction of r


def _circles(centres, r: float) -> str:
    """Circles as one path: one SVG node for many dots. Each circle is four cubic Bézier curves (the
    usual approximation, 0.03 % off), not two arcs: WeasyPrint turns every arc into curves in Python,
    which made the dot grids half the time of a poster; a curve it passes on as it is. Written short
    (relative, smooth curves, no zeros or spaces a number does not need)."""
    k, q = KAPPA * r, (1 - KAPPA) * r
    quarters = _path_numbers("c", 0, k, -q, r, -r, r) + _path_numbers("s", -r, -q, -r, -r) + \
        _path_numbers("s", q, -r, r, -r) + _path_numbers("s", r, q, r, r) + "z"
    return "".join(_path_numbers("M", x + r, y) + quarters for x, y in centres)


def _path_numbers(command: str, *values: float) -> str:
    """'c0 2.15-1.75 3.9': at most two decimals, a minus sign as the separator where there is one."""
    numbers = (f"{v:.2f}".rstrip("0").rstrip(".") for v in values)  # '2.50' -> '2.5', '-0.00' -> '-0'
    return command + " ".join("0" if n == "-0" else n for n in numbers).replace(" -", "-")


def _dot_grid(share: float, x0: float, y0: float, pitch: float, filled_r: float, empty_r: float,
              stroke: float) -> str:
    """A 10 x 10 grid of dots, the whole percentage filled (row by row from the top left), the rest
    outlined: two path elements however many dots."""
    filled, cells = _cells(share)
    centres = [(x0 + (col + 0.5) * pitch, y0 + (row + 0.5) * pitch) for col, row in cells]
    paths = []
    if filled:
        paths.append(f'<path d="{_circles(centres[:filled], filled_r)}" fill="{palette.AREA}"/>')
    if filled < 100:
        paths.append(f'<path d="{_circles(centres[filled:], empty_r)}" fill="none" stroke="{palette.OUTLINE}" '
                     f'stroke-width="{stroke}"/>')
    return "".join(paths)


def dot_grid_svg(share: float, title: str) -> bytes:
    """A 10 x 10 grid of dots with the whole percentage filled: small, exact, no fonts needed."""
    from markupsafe import escape

    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
            f'<title>{escape(title)}</title>{_dot_grid(share, 0, 0, 10, 3.9, 3.4, 1)}</svg>').encode()


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
    against Flanders right. Written as SVG at slide size, in points: every text is 24 pt or more on
    the slide, and the grid is two paths (WeasyPrint draws a few nodes fast, not hundreds)."""
    from markupsafe import escape

    width, height = (mm * chart.PT_PER_CM / 10 for mm in SLIDE_CHART_MM)
    pitch = height / 10  # the grid is square: as tall as the chart
    parts = [_dot_grid(d.share, 0, 0, pitch, 0.38 * pitch, 0.33 * pitch, 1.3)]
    x = height + 0.035 * width
    parts.append(f'<text x="{x:.1f}" y="{0.03 * height + 0.72 * 66:.1f}" font-size="66" font-weight="700" '
                 f'fill="{palette.AREA}">{escape(d.percentage)}</text>')
    for i, line in enumerate(_wrap(d.cijfer, 16).split("\n")):
        parts.append(f'<text x="{x:.1f}" y="{0.62 * height + 0.75 * 24 + i * 1.2 * 24:.1f}" font-size="24" '
                     f'fill="{palette.TEXT}">{escape(line)}</text>')
    if d.vlaanderen is not None:
        left, bar_w = 0.60 * width, 0.40 * width
        rows = [(d.gebied, d.share, palette.AREA),  # its percentage stands large beside the grid
                (d.vlaanderen_tekst, d.vlaanderen, palette.FLANDERS)]
        for i, (label, share, colour) in enumerate(rows):
            top = i * 0.5 * height
            parts.append(f'<text x="{left:.1f}" y="{top + 0.02 * height + 0.75 * 24:.1f}" font-size="24" '
                         f'fill="{palette.TEXT}">{escape(label)}</text>')
            parts.append(f'<rect x="{left:.1f}" y="{top + 0.23 * height:.1f}" width="{max(0.0, share) * bar_w:.1f}" '
                         f'height="{0.13 * height:.1f}" fill="{colour}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SLIDE_CHART_MM[0]}mm" height="{SLIDE_CHART_MM[1]}mm" '
            f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="Lato">' + "".join(parts) + "</svg>").encode()


def slide_chart(d: Dia) -> bytes:
    """The slide-shaped chart of one message as SVG (text as text, set in thuis's own font)."""
    return chart.cached("infografiek-dia", d, lambda: _draw_slide(d))

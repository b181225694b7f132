"""Charts as vector SVG (text kept as text, fixed hash salt, no dates): same data, same bytes.

Each chart comes with alt text generated from its data. Charts are cached per process, so a chart
that several briefs share is drawn once.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import __version__, fmt, palette, resources
from .cache import cache_root


@dataclass(frozen=True)
class Bar:
    label: str
    share: float | None  # None: suppressed
    lo: float | None
    hi: float | None
    n: float
    colour: str
    hidden_as: str = fmt.SUPPRESSED  # the words for a suppressed bar ('onderdrukt' for a secondary one)
    # the workbook: the verdict against the panel's reference ('echt': betekenisvol, filled dot; 'toeval':
    # at least the threshold apart but it can be chance, open dot; '': closer), and whether the bar is the
    # reference itself (striped, apart from the plain grey bars of the other municipalities)
    mark: str = ""
    is_reference: bool = False


@dataclass(frozen=True)
class Chart:
    svg: bytes
    alt: str
    # stacked bars: the segments too narrow for their number (row label, answer index, whole percentage),
    # which the document then gives outside the chart
    unlabelled: tuple[tuple[str, int, int], ...] = ()

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


_configured = False


def figure(width_cm: float, height_cm: float):
    """A bare matplotlib Figure (no pyplot state), fonts registered once per process."""
    from matplotlib.figure import Figure

    configure()
    return Figure(figsize=(width_cm / 2.54, height_cm / 2.54))


def configure() -> None:
    """Register the bundled fonts and set the drawing defaults, once per process: before anything draws or
    measures text (a measurement taken before it used matplotlib's own default font, so an image's wrapping
    depended on whether a chart had been drawn first in the process, or came from the cache)."""
    global _configured
    import matplotlib

    if not _configured:
        from matplotlib import font_manager

        for path in sorted(resources.fonts_dir().glob("*.ttf")):
            font_manager.fontManager.addfont(str(path))
        matplotlib.rcParams.update({
            "svg.fonttype": "none",
            "svg.hashsalt": "thuis",
            "font.family": "Lato",
            "font.size": 9,
            "axes.edgecolor": palette.TEXT_MUTED,
            "axes.labelcolor": palette.TEXT,
            "xtick.color": palette.TEXT,
            "ytick.color": palette.TEXT,
            "text.color": palette.TEXT,
        })
        _configured = True


def _svg(fig) -> bytes:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.BytesIO()
    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def cache_dir() -> Path | None:
    """Where drawn charts are kept between runs: `grafieken` in thuis's cache folder
    (`cache.cache_root`); None when the cache is off. The key covers the chart's data and the versions
    of thuis and matplotlib, so a cached chart is byte-for-byte the one that would be drawn."""
    root = cache_root()
    return root / "grafieken" if root is not None else None


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The drawing code itself is part of every cache key: a changed layout is never served stale."""
    package = Path(__file__).parent
    digest = hashlib.sha256(f"{__version__} {resources.installed_version('matplotlib')}".encode())
    for path in sorted(package.rglob("*.py")):  # every module: no list of drawing modules to keep up
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    for font in sorted(resources.fonts_dir().glob("*.ttf")):
        digest.update(font.name.encode())
    return digest.hexdigest()


def cached(kind: str, key, draw) -> bytes:
    """Drawn bytes from the cache folder, else `draw()` (kept for next time); `key` is the data drawn."""
    folder = cache_dir()
    digest = hashlib.sha256(repr((kind, key, _code_fingerprint())).encode()).hexdigest()
    path = folder / f"{digest}.svg" if folder else None
    if path is not None:
        try:
            return path.read_bytes()
        except OSError:
            pass
    svg = draw()
    if path is not None:
        try:
            from .write import atomic_write

            atomic_write(path, svg)
        except OSError:
            pass  # a read-only home is no reason to fail a brief
    return svg


def _draw_bars(ax, bars, fontsize: float, suppressed: str, label, thin: bool = False) -> list[int]:
    """Horizontal bars with interval whiskers and a value label clear of the whisker's end (a fixed
    offset in points, whatever the panel's width); a verdict dot between the two where the bar has one;
    a suppressed bar gets text instead. A reference bar is striped, apart from the plain grey bars."""
    ys = list(range(len(bars)))[::-1]
    for y, bar in zip(ys, bars):
        if bar.share is None:
            ax.text(1.5, y, bar.hidden_as if bar.hidden_as != fmt.SUPPRESSED else suppressed, va="center",
                    ha="left", fontsize=fontsize, color=palette.TEXT_MUTED, style="italic")
            continue
        value = bar.share * 100
        if bar.is_reference:
            ax.barh(y, value, height=0.66 if thin else 0.62, color=bar.colour)
            ax.barh(y, value, height=0.66 if thin else 0.62, facecolor="none", edgecolor="white", linewidth=0.0,
                    hatch="////")  # white stripes over the reference's own grey
        else:
            ax.barh(y, value, height=0.66 if thin else 0.62, color=bar.colour)
        ax.errorbar(value, y, xerr=[[value - bar.lo * 100], [bar.hi * 100 - value]], fmt="none",
                    ecolor=palette.WHISKER, elinewidth=0.7 if thin else 0.9, capsize=1.8 if thin else 2.5)
        end = min(bar.hi * 100, 100)
        text = label(bar)
        # on a white ground above the Flanders line, so that the line never runs through a digit ('16' read '●6')
        ax.annotate(text, (end, y), xytext=(4.0, 0), textcoords="offset points", va="center", ha="left",
                    fontsize=fontsize, color=palette.TEXT, annotation_clip=False, zorder=5,
                    bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"})
        if bar.mark:
            # the verdict dot after the value ('54 ●'), on its own white ground: never a circle on the Flanders line
            after = 4.0 + len(text) * DIGIT_EM * fontsize + 5.0
            ax.plot([end], [y], color=palette.TEXT, linestyle="none", marker="o", markersize=4.2, markeredgewidth=0.9,
                    markeredgecolor=palette.TEXT, markerfacecolor=palette.TEXT if bar.mark == "echt" else "white",
                    transform=ax.transData + _points(ax, after), clip_on=False, zorder=6)
    return ys


def _points(ax, dx: float):
    """A shift of `dx` points to the right, for an artist placed in data coordinates."""
    from matplotlib.transforms import ScaledTranslation

    return ScaledTranslation(dx / 72, 0, ax.figure.dpi_scale_trans)


def _bar_axis(ax, xmax: float, ticks: list[int], fontsize: float) -> None:
    ax.set_xlim(0, xmax)
    ax.set_xticks(ticks, [f"{t} %" for t in ticks], fontsize=fontsize)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#D9D9D9", linewidth=0.5)
    ax.set_axisbelow(True)


@dataclass(frozen=True)
class Panel:
    title: str
    bars: tuple[Bar, ...]
    reference: float | None = None  # a share drawn as a dashed line across the panel (the workbook: Flanders)
    # the words of the legend under the panels (reference line, filled dot, open dot), from the caller's
    # template; none: no legend
    legend: tuple[str, ...] = ()


def panels_alt(title: str, panels: tuple[Panel, ...]) -> str:
    """Every bar's share with its 95 % interval and n: what the whiskers show, in words."""
    def said(b: Bar) -> str:
        if b.share is None or b.lo is None or b.hi is None:
            return f"{b.label} {b.hidden_as}"
        interval = f"95%-interval {fmt.number(b.lo * 100)}–{fmt.pct(b.hi)}"
        return f"{b.label} {fmt.pct(b.share)} ({interval}, {fmt.n_label(b.n)})"

    parts = [f"{panel.title}: " + ", ".join(said(b) for b in panel.bars) for panel in panels]
    return f"Kleine grafieken, één per indicator: {title}. " + "; ".join(parts) + "."


@lru_cache(maxsize=128)
def small_multiples(title: str, panels: tuple[Panel, ...], columns: int = 3, width_cm: float = 17.0) -> Chart:
    """One small bar panel per indicator, the same areas in the same colours in every panel."""
    svg = cached("small_multiples", (panels, columns, width_cm),
                  lambda: _draw_small_multiples(panels, columns, width_cm))
    return Chart(svg, panels_alt(title, panels))


def _draw_small_multiples(panels: tuple[Panel, ...], columns: int, width_cm: float) -> bytes:
    import textwrap

    rows = -(-len(panels) // columns)
    n_bars = max(len(p.bars) for p in panels)
    panel_h = 0.38 * n_bars + 1.75  # (round 15: 0.46 per bar left a copy no room for its notes under the chart)
    legend_cm = 0.6 if panels[0].legend else 0.0
    height_cm = panel_h * rows + legend_cm
    fig = figure(width_cm, height_cm)
    label_cm = 2.25  # every panel names its own bars: colour is never the only cue
    gap_cm = 0.35
    cell_w = (width_cm - gap_cm * (columns - 1)) / columns
    panel_w = cell_w - label_cm
    for i, panel in enumerate(panels):
        row, col = divmod(i, columns)
        cell_left = col * (cell_w + gap_cm)
        bottom = (rows - row - 1) * panel_h + 0.55 + legend_cm
        ax = fig.add_axes(((cell_left + label_cm) / width_cm, bottom / height_cm, panel_w * 0.8 / width_cm,
                           (panel_h - 1.7) / height_cm))
        # Labels at 8 pt at least: the chart is printed at its own width (17 cm, the page's text width).
        ys = _draw_bars(ax, panel.bars, fontsize=8, suppressed="te weinig", thin=True,
                        label=lambda b: fmt.number(b.share * 100))
        ax.set_yticks(ys, [b.label for b in panel.bars], fontsize=8)
        ax.set_ylim(-0.6, len(panel.bars) - 0.4)  # a row with text only ('te weinig') keeps its place and name
        # The axis stops at 100 %: a share cannot go further; the value labels stand right of it.
        _bar_axis(ax, xmax=100, ticks=[0, 50, 100], fontsize=8)
        for text in ax.texts:
            text.set_clip_on(False)
        if panel.reference is not None:
            # dark and dashed, but not through a row without a bar: 'te weinig' stays readable
            for y, bar in zip(ys, panel.bars):
                if bar.share is not None:
                    ax.vlines(panel.reference * 100, y - 0.5, y + 0.5, color=palette.TEXT, linewidth=1.3,
                              linestyle=(0, (3, 2)), zorder=3)
        # Titles hang from one line, so that a two-line title starts level with a one-line one.
        fig.text((cell_left + 0.05) / width_cm, (bottom + panel_h - 1.7 + 0.95) / height_cm,
                 "\n".join(textwrap.wrap(panel.title, 30)), fontsize=8.5, fontweight="bold", ha="left",
                 va="top")
    if legend_cm:
        _legend(fig, width_cm, height_cm, panels[0].legend)
    return _svg(fig)


def _legend(fig, width_cm: float, height_cm: float, words: tuple[str, ...]) -> None:
    """One line under the panels: the reference line and the two verdict dots, with their `words`."""
    from matplotlib.lines import Line2D

    y = 0.3 / height_cm
    items = list(zip(("lijn", palette.TEXT, "white"), words, (0.6, 0.3, 0.3)))
    left = 0.05
    for kind, text, sample_cm in items:
        if kind == "lijn":
            line = Line2D([left / width_cm, (left + 0.5) / width_cm], [y, y], color=palette.TEXT, linewidth=1.3,
                          linestyle=(0, (3, 2)))
        else:
            line = Line2D([(left + 0.15) / width_cm], [y], color=palette.TEXT, linestyle="none", marker="o",
                          markersize=4.2,
                          markeredgewidth=0.9, markeredgecolor=palette.TEXT, markerfacecolor=kind)
        line.set_transform(fig.transFigure)
        fig.add_artist(line)
        fig.text((left + sample_cm + 0.15) / width_cm, y, text, fontsize=8, va="center", ha="left")
        left += sample_cm + 0.35 + len(text) * 0.155


# --- 100 % stacked bars of an answer distribution, written as plain SVG (few nodes) ------------

PT_PER_CM = 72 / 2.54


def _mix(a: str, b: str, t: float) -> str:
    """The colour a fraction t of the way from a to b."""
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb))


def shades(dark: str, light: str, k: int) -> list[str]:
    """k shades from dark to light: ordered answers read as an ordered scale."""
    return [dark] if k == 1 else [_mix(dark, light, i / (k - 1)) for i in range(k)]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# Lato's figures are tabular: every digit is 1160/2000 em wide, with no kerning between them, so the
# width of a number is known without the font (test_brief_bevindingen checks it against the font file).
DIGIT_EM = 0.58
# A generous average width of a bold character in em, for a label column that never runs into the bars:
# Lato Bold, and DejaVu Sans Bold, the wider font a browser falls back to (an SVG in an <img> loads no Lato).
LABEL_EM = 0.65
# The same for a legend item in regular weight, in the wider font a browser may fall back to: 'Eerder een
# compacte woning' ran into the next swatch in the narrow chart of the brief as a web page
LEGEND_EM = 0.56


def _centred(text: str, x: float, y: float, font_pt: float, attributes: str = "") -> str:
    """A <text> centred on x. A number is placed by its start, computed from the figure width: a label
    with text-anchor="middle" costs WeasyPrint a group of its own in the PDF (150 of them were 5 % of
    a brief). Anything but digits keeps the anchor."""
    if text.isdigit():
        return f'<text x="{x - len(text) * DIGIT_EM * font_pt / 2:.1f}" y="{y:.1f}"{attributes}>{text}</text>'
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle"{attributes}>{_esc(text)}</text>'


@lru_cache(maxsize=512)
def stacked_bars(answers: tuple[str, ...], rows: tuple[tuple[str, tuple[float, ...] | None, bool], ...],
                 width_cm: float = 17.0, font_pt: float = 8.0, counted: tuple[bool, ...] | None = None) -> Chart:
    """One 100 % bar per area (label, shares per answer or None when suppressed, own area?): the own
    area in blues, the references in greys, a legend of the answers on top; text at least 8 pt.
    Suppressed areas get the suppression text and no bar. The alt text comes from the caller's template.
    The numbers in the segments add up to what is printed beside them (`fmt.whole_parts`): the `counted`
    answers to the share the heading gives, all of them to 100."""
    k = len(answers)
    own_colours = shades("#084B7A", "#BFDDF2", k)
    ref_colours = shades("#3A3A3A", "#E0E0E0", k)
    width = width_cm * PT_PER_CM
    # the label column as wide as its longest label ('Vergelijkbare gemeenten' in bold ran into the bars):
    # at least 3.3 cm, and LABEL_EM of the font size per character, the bold own row included
    label_w = max(3.3 * PT_PER_CM, max((len(label) for label, _, _ in rows), default=0) * LABEL_EM * font_pt)
    gap, bar_h, row_h = 4.0, 13.0, 17.0
    bar_w = width - label_w - gap
    # Legend: swatch pairs (own colour over reference colour) with the answer, wrapped over lines.
    legend, x, y, line_h = [], 0.0, 0.0, font_pt + 4
    for i, answer in enumerate(answers):
        item_w = 12 + len(answer) * font_pt * LEGEND_EM + 10
        if x > 0 and x + item_w > width:
            x, y = 0.0, y + line_h
        legend.append(f'<rect x="{x:.1f}" y="{y + 1:.1f}" width="8" height="4" fill="{own_colours[i]}"/>'
                      f'<rect x="{x:.1f}" y="{y + 5:.1f}" width="8" height="4" fill="{ref_colours[i]}"/>'
                      f'<text x="{x + 11:.1f}" y="{y + font_pt:.1f}">{_esc(answer)}</text>')
        x += item_w
    top = y + line_h + 4
    body = []
    outside: list[tuple[str, int, int]] = []
    for r, (label, shares, own) in enumerate(rows):
        ry = top + r * row_h
        weight = ' font-weight="700"' if own else ""
        body.append(f'<text x="0" y="{ry + bar_h / 2 + font_pt * 0.35:.1f}"{weight}>{_esc(label)}</text>')
        if shares is None:
            body.append(f'<text x="{label_w + gap:.1f}" y="{ry + bar_h / 2 + font_pt * 0.35:.1f}" '
                        f'font-style="italic" fill="{palette.TEXT_MUTED}">{fmt.SUPPRESSED}</text>')
            continue
        colours = own_colours if own else ref_colours
        x0 = label_w + gap
        whole = fmt.whole_parts(shares, counted)
        for i, share in enumerate(shares):
            w = max(0.0, share) * bar_w
            if w <= 0:
                continue
            body.append(f'<rect x="{x0:.1f}" y="{ry:.1f}" width="{w:.1f}" height="{bar_h}" fill="{colours[i]}"/>')
            if w >= font_pt * 2.6:  # room for the number inside the segment
                ink = max(("#FFFFFF", palette.TEXT), key=lambda c: palette.contrast(c, colours[i]))
                body.append(_centred(str(whole[i]), x0 + w / 2, ry + bar_h / 2 + font_pt * 0.35,
                                     font_pt, f' fill="{ink}"'))
            elif whole[i] > 0:
                outside.append((label, i, whole[i]))
            x0 += w
    height = top + len(rows) * row_h
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_cm:.2f}cm" '
           f'height="{height / PT_PER_CM:.2f}cm" viewBox="0 0 {width:.1f} {height:.1f}" '
           f'font-family="Lato" font-size="{font_pt}" fill="{palette.TEXT}">'
           + "".join(legend) + "".join(body) + "</svg>")
    return Chart(svg.encode("utf-8"), "", tuple(outside))

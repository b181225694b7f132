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
from typing import Sequence
from functools import lru_cache

from . import chart, palette, resources

SIZE_PX = 1080
PUBLISHED = ("png", "svg")  # what every image is drawn as; 'svg-tekst' only when asked for
TRACK = "#EFEFEF"  # the empty part of a bar (the brief's track): every fill reaches 3:1 against it
NUMBER_PT = 42  # the municipality's number on an image: never larger than its headline (the message leads)
CALL_PT = 24  # the call under an image: regular type on a light band (the number is the loudest element)
CALL_CHARS = 54  # its characters a line at that size
TEXT_CHARS = 58  # a line of the sentence and the plan under the bars (25 pt)
CALL_LINE = CALL_PT * 1.2 / 72 / (SIZE_PX / 100)  # a line's share of the image's height
GROUP = "#858585"  # the comparison group's bar: a lighter grey than Flanders' (3:1 on the track), so the
# two reference bars differ and neither draws the eye from the municipality's blue one
REFERENCE_TEXT = palette.TEXT_MUTED  # a reference bar's label: grey as its bar, AA on white


@dataclass(frozen=True)
class Staaf:
    """One bar: the area's name and its share, written ('54 %'); `eigen` for the municipality's own."""

    label: str
    share: float
    waarde: str
    eigen: bool = False
    soort: str = "vlaanderen"  # a reference's kind: 'vlaanderen' or 'vergelijking' (its own darker grey)
    basis: str = ""  # a reference's base after its number: 'van 37.812 deelnemers'

    @property
    def colour(self) -> str:
        if self.eigen:
            return palette.AREA
        return GROUP if self.soort == "vergelijking" else palette.FLANDERS

    @property
    def tekst(self) -> str:
        """The name and number above the bar, with a reference's base."""
        text = f"{self.label}: {self.waarde}" if self.label else self.waarde
        return f"{text} {self.basis}" if self.basis else text


@lru_cache(maxsize=4)
def _lato(bold: bool):
    from PIL import ImageFont

    return ImageFont.truetype(str(resources.fonts_dir() / ("Lato-Bold.ttf" if bold else "Lato-Regular.ttf")), 100)


def fit_pt(text: str, pt: float, width_pt: float, bold: bool = False) -> float:
    """`pt`, or the smaller size at which `text` (one line of Lato) stays within `width_pt`: a bar's
    long name ('Andere centrumsteden: Gent en Kortrijk: 46 % van 2.117 deelnemers') never runs off."""
    natural = _lato(bold).getlength(text) / 100 * pt
    return pt if natural <= width_pt else pt * width_pt / natural


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
    staven: tuple[Staaf, ...] = ()  # the municipality, Flanders (grey), then the areas it really differs from
    oproep: str = ""  # where to react, until when, the evening: one readable line under the message
    plan: str = ""  # 'Wat doet de gemeente? ...': the message's plan, under its sentence where there is room
    # the series' sizes (`series_sizes`): every image of a municipality sets its headline and its number at
    # the sizes the fullest image of the series takes (0: its own largest that fits)
    kop_pt: float = 0
    cijfer_pt: float = 0
    schaal: float = 0  # the series' scale of the bars and texts (`SCALES`; 0: its own largest that fits)


def _wrap(text: str, width: int) -> str:
    """Lines of at most `width` characters; '2 op de 10', '54 %' and a number with the bracket after it
    stay on one line."""
    text = re.sub(r"(\d+) op de (\d+)", "\\1\u00a0op\u00a0de\u00a0\\2", text)
    text = re.sub(r"(\d) \(", "\\1\u00a0(", text)  # 'Dorpsplein 1 (voorbeeld)': no line ends in a bare number
    return "\n".join(textwrap.wrap(text, width))


TEXT_WIDTH = 0.86  # the sentence's and the plan's lines stay between the margins (0.07 to 0.93 of the width)


def _wrap_text(text: str, pt: float) -> str:
    """The sentence or the plan under the bars, wrapped at TEXT_CHARS (at 25 pt) and, where a line measured in
    the image's font would still run past the right margin (round 18: Lendelede's sixth plan line), at a
    character less until every line fits TEXT_WIDTH."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    room_pt = TEXT_WIDTH * SIZE_PX / 100 * 72 * 0.98  # the rendered line runs ~1 % wider than its path
    chart.configure()  # the bundled font measured, whatever this process drew before (or took from the cache)
    prop = FontProperties(family="Lato", size=pt)
    chars = int(TEXT_CHARS * 25 / pt)
    while True:
        wrapped = _wrap(text, chars)
        if chars <= 20 or all(text_to_path.get_text_width_height_descent(line, prop, ismath=False)[0] <= room_pt
                              for line in wrapped.split("\n")):
            return wrapped
        chars -= 1


def _wrapped(text: str, size: float, width_chars: float, largest: int = 3) -> tuple[str, float]:
    """The text wrapped to the width, shrunk a step at a time until it fits in `largest` lines."""
    while True:
        lines = _wrap(text, max(12, int(width_chars))).split("\n")
        if len(lines) <= largest or size <= 30:
            return "\n".join(lines), size
        width_chars *= 1.1
        size /= 1.1


def _kop_top(b: Beeld) -> float:
    """Where the headline starts: under the line above it, or at the top when there is none."""
    return 0.885 if b.bovenregel else 0.935


LABEL_PT = 26  # a bar's name and number, at the least scale
SCALES = (1.4, 1.3, 1.2, 1.1, 1.0)  # how much larger than their least size the bars and texts may grow
KOP_PT = (56, 52, 48, 44, 42, 38, 34, 30, 28, 26)  # the headline's sizes, largest first
HEADLINE_LEAD = 48  # the headline's size wherever some scale of the bars leaves it the room
CLEAR = 0.022  # the texts under the bars end at least this far (24 px) above the source line (round 17a:
# Lendelede's plan line touched it)


def _layout(b: Beeld) -> tuple:
    """Where an image's parts go and at which sizes (see `_draw`): the call band, the small print, the
    headline's and the number's sizes, the bars' rows, the sentence's size, whether its plan fits and the
    scale of the bars and texts (an image with room to spare draws them larger, up to SCALES[0])."""
    band = 0.0
    oproep = ""
    if b.oproep:  # a light band in regular type: the finding stays the loudest part of the image
        oproep = "\n".join(_wrap(part, CALL_CHARS) for part in b.oproep.split(" · "))
        band = CALL_LINE * (oproep.count("\n") + 1) + 0.04
    voet = "\n".join(_wrap(part, 64) for part in b.voet.split("\n"))  # each paragraph starts a line
    caveat_top = band + 0.025 + (voet.count("\n") + 1) * 20 * 1.3 / 72 / (SIZE_PX / 100)
    # the headline as large as leaves the bars clear of the caveat (three lines at most)
    bars = b.staven or (Staaf("", b.share, b.percentage, True),)
    # under the bars the sentence (the doubt, where the bars only seem to differ) and what the municipality
    # does (its plan, or that it has none yet): room is made for both first, by a smaller headline and
    # smaller bars, closer rows, a smaller number (still the largest text) and then these two texts a
    # little smaller, before the sentence is left out; the plan's line always stands
    def text_mm(text: str, pt: float, gap: float) -> float:
        return ((_wrap_text(text, pt).count("\n") + 1) * pt * 1.25 / 72 / (SIZE_PX / 100) + gap) if text else 0

    def fits(need: float, row: float, number_pt: float, bar_h: float = 0.036,
             starts=(42, 38, 34, 30, 28), label_pt: float = LABEL_PT) -> tuple | None:
        extra = (number_pt - label_pt) / 72 / (SIZE_PX / 100)
        gap = 0.041 * label_pt / LABEL_PT  # the label's height above its bar
        for start in starts:
            kop, size = _wrapped(b.kop, start, 33 * 42 / start, 3)
            lines = kop.count("\n") + 1
            top = _kop_top(b) - lines * size * 1.15 / 72 / (SIZE_PX / 100) - 0.045
            # the texts under the bars end CLEAR above the source line (drawn 0.017 under the bars, the
            # plan's gap of 0.01 counted in `need`)
            if top - extra - (len(bars) - 1) * row - gap - bar_h - need >= caveat_top + CLEAR + 0.008:
                return kop, size, top, extra, row, number_pt, bar_h
        return None

    # a row is its label (26 pt) and its bar; a thinner bar (0.028) lets the rows come closer, never over
    # the label under them
    largest_scale = b.schaal or SCALES[0]
    # (the number stays clearly larger than the bars' names: its smallest step only at the least scale)
    with_sentence = [(text_mm(b.zin, pt * scale, 0.02) + text_mm(b.plan, pt * scale, 0.01), row * scale,
                      number * scale, bar_h * scale, pt * scale, scale)
                     for scale in SCALES if scale <= largest_scale
                     for pt in (25, 23) for row, bar_h in ((0.084, 0.036), (0.076, 0.028))
                     for number in (NUMBER_PT, NUMBER_PT - 8, *((NUMBER_PT - 14,) if scale == 1 else ()))]
    # without the sentence, room is made for the plan the same way
    without = [(text_mm(b.plan, pt, 0.01), row, number, bar_h, pt, 1.0)
               for pt in (25, 23) for row, bar_h in ((0.084, 0.036), (0.076, 0.028))
               for number in (NUMBER_PT, NUMBER_PT - 8, NUMBER_PT - 14)]
    layout, text_pt, scale = None, 25.0, 1.0
    if b.kop_pt and b.cijfer_pt and b.schaal:  # the series' sizes (`series_sizes`), where they fit
        for need, row, _number, bar_h, pt, at in with_sentence:
            if at == b.schaal and (layout := fits(need, row, b.cijfer_pt, bar_h, (b.kop_pt,),
                                                  LABEL_PT * at)) is not None:
                return oproep, band, voet, bars, text_mm, layout, pt, at
    # the sentence first (round 17a: a headline of 48 pt over a plan alone cost two images their sentence),
    # then a large headline (the finding leads: at least HEADLINE_LEAD where any scale allows it), then
    # the largest bars and texts that leave it that room
    for tries in (with_sentence, without):
        for floor in (HEADLINE_LEAD, 0):
            for need, row, largest, bar_h, pt, at in tries:
                number = largest  # (the headline is the largest text: the number never above it)
                starts = tuple(x for x in KOP_PT if max(number, floor) <= x)
                if starts and (layout := fits(need, row, number, bar_h, starts, LABEL_PT * at)) is not None:
                    text_pt, scale = pt, at
                    break
            if layout is not None:
                break
        if layout is not None:
            break
    if layout is None:  # nothing fits: the smallest headline, as before
        layout = fits(-1.0, 0.093, NUMBER_PT, starts=(28,))
    return oproep, band, voet, bars, text_mm, layout, text_pt, scale


def series_sizes(images: Sequence[Beeld]) -> tuple[float, float, float]:
    """One size scale for a municipality's images: the smallest headline, number and scale of the bars
    and texts any of them takes, so every image of the series shows them at the same size."""
    layouts = [_layout(b) for b in images]
    kop = min(x[5][1] for x in layouts)
    return kop, min(kop, *(x[5][5] for x in layouts)), min(x[7] for x in layouts)


def _draw(b: Beeld, formats: tuple[str, ...] = PUBLISHED) -> dict[str, bytes]:
    return _save(laid_out(b)[0], formats)


def laid_out(b: Beeld) -> tuple:
    """The image's figure, laid out, and its texts by part ('kop', 'zin', 'plan', 'voet', 'oproep'; those
    drawn), so a test can measure where each ends on the image."""
    from matplotlib.patches import Rectangle

    parts: dict = {}

    fig = chart.figure(SIZE_PX / 100 * 2.54, SIZE_PX / 100 * 2.54)
    fig.patch.set_facecolor(palette.BACKGROUND)
    left, right = 0.07, 0.93
    fig.text(left, 0.945, b.bovenregel, fontsize=22, color=palette.TEXT_MUTED, va="top")
    oproep, band, voet, bars, text_mm, layout, text_pt, scale = _layout(b)
    kop, size, top, extra, row, number_pt, bar_h = layout  # type: ignore[misc]
    label_pt, gap = LABEL_PT * scale, 0.041 * scale
    # the room the series' sizes leave under the plan's line is spread: a part between the headline and
    # the bars, a part between the bars and the texts under them, so an image has no empty half
    zin, plan = _wrap_text(b.zin, text_pt), _wrap_text(b.plan, text_pt)
    line = text_pt * 1.25 / 72 / (SIZE_PX / 100)
    zin_h, plan_h = (zin.count("\n") + 1) * line, (plan.count("\n") + 1) * line if b.plan else 0
    foot = band + 0.025 + (voet.count("\n") + 1) * 20 * 1.3 / 72 / (SIZE_PX / 100)
    under = top - extra - (max(1, len(b.staven)) - 1) * row - gap - bar_h - 0.017 - foot
    spare = max(0.0, under - plan_h - (zin_h + 0.02 if b.zin and zin_h + 0.02 + plan_h < under - 0.005 else 0)
                - 0.03)
    top -= spare * 0.4
    parts["kop"] = fig.text(left, _kop_top(b), kop, fontsize=size, fontweight="bold", color=palette.ACCENT, va="top",
             linespacing=1.1)
    # the bars right under the headline: the municipality's (its number once, with its n), Flanders in
    # grey always, each other area it really differs from; the number is not repeated in large type
    width_pt = (right - left) * SIZE_PX / 100 * 72 * 0.98
    for i, s in enumerate(bars):
        y = top - i * row - (extra if i else 0)
        if s.eigen:  # 'Leuven: ' and ' van 1.495 deelnemers' at the label's size around the number in large type
            before, after = (f"{s.label}: " if s.label else ""), (f" {b.cijfer}" if b.cijfer else "")
            small = _lato(True).getlength(before + after) / 100 * label_pt
            big = min(number_pt, (width_pt - small) / max(1.0, _lato(True).getlength(s.waarde) / 100))
            x, base = left, y - extra - label_pt / 72 / (SIZE_PX / 100) * 0.8
            for part, pt in ((before, label_pt), (s.waarde, big), (after, label_pt)):
                if part:
                    fig.text(x, base, part, fontsize=pt, va="baseline", fontweight="bold", color=palette.AREA)
                    x += _lato(True).getlength(part) / 100 * pt / 72 / (SIZE_PX / 100)
            y -= extra
        else:
            size = fit_pt(s.tekst, label_pt, width_pt, False)
            fig.text(left, y, s.tekst, fontsize=size, va="top", color=REFERENCE_TEXT)
        fig.patches.append(Rectangle((left, y - gap - bar_h), right - left, bar_h, transform=fig.transFigure,
                                     facecolor=TRACK, edgecolor="none", figure=fig))
        fig.patches.append(Rectangle((left, y - gap - bar_h), (right - left) * min(1.0, max(0.0, s.share)), bar_h,
                                     transform=fig.transFigure, facecolor=s.colour, edgecolor="none", figure=fig))
    y = top - extra - (max(1, len(b.staven)) - 1) * row - gap - bar_h - 0.017 - spare * 0.3
    if b.oproep:
        fig.patches.append(Rectangle((0, 0), 1, band, transform=fig.transFigure,
                                     facecolor=palette.SURFACES["kader"], edgecolor="none", figure=fig))
        fig.patches.append(Rectangle((0, band - 0.006), 1, 0.006, transform=fig.transFigure,
                                     facecolor=palette.ACCENT, edgecolor="none", figure=fig))
        parts["oproep"] = fig.text(left, band / 2, oproep, fontsize=CALL_PT, color=palette.TEXT, va="center",
                                   linespacing=1.2)
    parts["voet"] = fig.text(left, band + 0.025, voet, fontsize=20, color=palette.TEXT_MUTED, va="bottom",
                             linespacing=1.3)
    # the message under the bars, where it does not run into the caveat (a long headline over three
    # bars leaves no room: the headline and the bars say it then)
    free = y - foot
    # the sentence only where the plan's line still fits under it: what the municipality does always stands
    if b.zin and zin_h + 0.02 + plan_h < free - CLEAR:
        parts["zin"] = fig.text(left, y, zin, fontsize=text_pt, color=palette.TEXT, va="top", linespacing=1.25)
        y, free = y - zin_h - 0.02, free - zin_h - 0.02
    # what the municipality does about it, in the room left under the sentence (never over the caveat)
    if b.plan and plan_h < free - CLEAR:
        parts["plan"] = fig.text(left, y, plan, fontsize=text_pt, color=palette.ACCENT, va="top",
                                 linespacing=1.25)
    return fig, parts


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

SLIDE_CHART_MM = (226.0, 60.0)  # the full width of a slide's content, under the headline; 60 mm for 3 bars
SLIDE_ROW_MM = 19.0  # a bar's row: its name and number (28 pt), the bar (4 mm), a gap of 6 mm (clear of the bar above)
SLIDE_LEAST_MM = 34.0  # two rows: the municipality and Flanders
SLIDE_LABEL_PT = 28  # the municipality's bar label (bold, its number once) ...
SLIDE_REFERENCE_PT = 24  # ... and the other bars': both under the slide's 32 pt headline


def slide_chart_mm(bars: int) -> float:
    """The slide chart's height: as high as its bars need."""
    return max(SLIDE_LEAST_MM, bars * SLIDE_ROW_MM)


@dataclass(frozen=True)
class Dia:
    share: float
    percentage: str
    cijfer: str  # 'van 1.495 deelnemers' ('' with few answers: the bar's number is the count)
    staven: tuple[Staaf, ...]  # the municipality first, then Flanders (grey), then the areas it really differs from


def _draw_slide(d: Dia) -> bytes:
    """The bars across the slide: the municipality's (its number once, in its colour, with its n),
    Flanders and each area it really differs from, every bar with its name and number above it.
    Written as SVG at slide size, in points: the municipality's label 28 pt, the others 24 pt (the
    headline above is 32 pt), and the chart is a few nodes."""
    from markupsafe import escape

    high_mm = slide_chart_mm(len(d.staven))
    width, height = (mm * chart.PT_PER_CM / 10 for mm in (SLIDE_CHART_MM[0], high_mm))
    parts = []
    row = SLIDE_ROW_MM * chart.PT_PER_CM / 10
    for i, s in enumerate(d.staven):
        top = i * row
        weight = ' font-weight="700"' if s.eigen else ""
        colour = palette.AREA if s.eigen else REFERENCE_TEXT
        text = s.tekst + (f" {d.cijfer}" if s.eigen and d.cijfer else "")
        size = fit_pt(text, SLIDE_LABEL_PT if s.eigen else SLIDE_REFERENCE_PT, width * 0.99, s.eigen)
        parts.append(f'<text x="0" y="{top + 0.75 * 28:.1f}" font-size="{size:.1f}"{weight} '
                     f'fill="{colour}">{escape(text)}</text>')
        parts.append(f'<rect x="0" y="{top + 29:.1f}" width="{width:.1f}" height="{0.22 * row:.1f}" '
                     f'fill="{TRACK}"/>')
        parts.append(f'<rect x="0" y="{top + 29:.1f}" width="{min(1.0, max(0.0, s.share)) * width:.1f}" '
                     f'height="{0.22 * row:.1f}" fill="{s.colour}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SLIDE_CHART_MM[0]}mm" height="{high_mm:.2f}mm" '
            f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="Lato">' + "".join(parts) + "</svg>").encode()


def slide_chart(d: Dia) -> bytes:
    """The slide-shaped chart of one message as SVG (text as text, set in thuis's own font)."""
    return chart.cached("infografiek-dia", d, lambda: _draw_slide(d))

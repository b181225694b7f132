"""SVG text drawn a run at a time instead of a letter at a time, for the WeasyPrint it was checked on.

WeasyPrint lays out every letter of an SVG <text> on its own (a Pango layout per letter), because SVG
allows a position, shift or rotation per letter. The charts in the documents never use those: a label
is one run at one x and y. Laid out per letter, the chart labels of a six-page brief cost 0.06-0.09 s
of its 0.8 s, and every letter became its own text object in the PDF.

`install` replaces WeasyPrint's text function with one that lays out such a run at once and hands
every other text (several x or y values, dx, dy, rotate, letter-spacing, textLength, direction or a
baseline setting, an empty text) to the original. A run laid out at once is kerned like any HTML text;
its position, anchor, bounding box and colour are found as the original finds them. It is installed
only over the exact files it was written against: every WeasyPrint module it replaces or imports from,
by SHA-256 (`KNOWN`, WeasyPrint 70.0). A WeasyPrint that changed any of them keeps its own, slower
drawing, and `tests/test_internals.py` fails until the new files are checked and `KNOWN` updated.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

# The WeasyPrint 70.0 files `text` was written against: the one it replaces and every one it imports from.
KNOWN = {
    "weasyprint.svg": "eb1ee636d1f85e538a1fc7c71845adead1f58c0f4d8b6d5470e1ffc88f933abd",
    "weasyprint.svg.text": "743266ead497a963fa836a0ceb68a8c37bc0be415167c4e10ab2be92ffd30bd8",
    "weasyprint.svg.utils": "6e1d2c4c959b495339b9adecd767d2bd0b77e30d01171eb026b28ea427ae90cb",
    "weasyprint.svg.bounding_box": "009edd694377b363b3c90e6fa85a6e7791b36028b8be15d9c8e92e05ec62c180",
    "weasyprint.draw.text": "c9a450aa209277e760227e1fed2da492647bd28e5a5ebc4c9d8aaedecc400d77",
    "weasyprint.matrix": "bf504fb729fff92ff84eb01483338e47ebe251781daac0012919dd084a6b90f7",
    "weasyprint.text.ffi": "530e83118f7841d2791678ece23d5e43a7a24150ee1ea64bb4ba70c70b3eb5da",
    "weasyprint.text.line_break": "1f5a855ad992e0bebaf5512d2b806fd991090e0e91bf79d3d5a3a0176b22af97",
    "weasyprint.css.properties": "872a2e5602b5f52d369c64a808cdb5074b2d6145d71209812da480c1b383dc6d",
}
PER_LETTER = frozenset(("dx", "dy", "rotate", "letter-spacing", "textLength", "lengthAdjust", "direction",
                        "display-anchor", "dominant-baseline", "alignment-baseline"))
_state: dict = {}


def install() -> bool:
    """Draw single runs at once from now on; False (and nothing changed) for an unknown WeasyPrint."""
    if "original" in _state:
        return True
    svg = sys.modules["weasyprint.svg"]
    module = sys.modules["weasyprint.svg.text"]
    if changed_files() or svg.text is not module.text:
        return False
    original = module.text
    _state["original"] = original
    # draw_node compares TAGS entries with this name to find text nodes. setattr: a module attribute replaced
    # on purpose, which the type checker cannot see on a module taken from sys.modules.
    setattr(svg, "text", text)  # noqa: B010
    for tag, function in list(svg.TAGS.items()):
        if function is original:
            svg.TAGS[tag] = text
    return True


def changed_files() -> list[str]:
    """The modules of `KNOWN` whose file is not the one `text` was checked against (all loaded here)."""
    import importlib

    changed = []
    for name, digest in KNOWN.items():
        try:
            path = Path(importlib.import_module(name).__file__ or "")
            found = hashlib.sha256(path.read_bytes()).hexdigest()
        except (ImportError, OSError):
            found = None
        if found != digest:
            changed.append(name)
    return changed


def one_run(node) -> bool:
    """Whether WeasyPrint would place every letter of the node where a run at once puts it."""
    if not node.text or "\n" in node.text or any(name in node.attrib for name in PER_LETTER):
        return False
    return len(_values(node, "x")) <= 1 and len(_values(node, "y")) <= 1


def _values(node, axis: str) -> list[str]:
    """The values of an x or y attribute, split as WeasyPrint splits them."""
    from weasyprint.svg.utils import normalize

    return normalize(node.attrib[axis]).strip().split(" ") if axis in node.attrib else []


def text(svg, node, font_size):
    """WeasyPrint 70's `weasyprint.svg.text.text` for a single run, laid out once."""
    if not one_run(node):
        return _state["original"](svg, node, font_size)
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.utils import size
    from weasyprint.text.ffi import FROM_UNITS, pango
    from weasyprint.text.line_break import create_layout, line_size

    text_module = sys.modules["weasyprint.svg.text"]
    style = _style(text_module.Style(), svg, node, font_size)
    # What split_first_line measures for a run with no width to fit (its first line, with the metrics
    # of first_line_metrics), from a layout that then stays active for drawing: split_first_line drops
    # its layout after measuring, and laying it out again to draw it cost a brief 5-8 ms.
    layout = create_layout(node.text, style, svg.context, None, 0)
    width, height = line_size(layout.get_first_line()[0], style)
    baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS

    x_values, y_values = _values(node, "x"), _values(node, "y")
    if x_values:
        svg.cursor_d_position[0] = 0
    if y_values:
        svg.cursor_d_position[1] = 0
    x = size(x_values[0], font_size, svg.inner_width) if x_values else svg.cursor_position[0]
    y = size(y_values[0], font_size, svg.inner_height) if y_values else svg.cursor_position[1]
    svg.cursor_position = x + width, y
    x_position, y_position = x + svg.cursor_d_position[0], y + svg.cursor_d_position[1]
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box,
        ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height)))

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    svg.fill_stroke(fill, stroke, text=True)
    box = text_module.TextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position))
    layout.deactivate()
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def _style(style, svg, node, font_size):
    """The text style, made as WeasyPrint 70 makes it for SVG text."""
    from weasyprint.css.properties import INITIAL_VALUES

    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    weight = {"normal": 400, "bold": 700}.get(weight, weight)
    try:
        style["font_weight"] = int(weight)
    except ValueError:
        style["font_weight"] = 400
    style["font_size"] = font_size
    return style

"""A chart label is laid out as one run: drawn where and as WeasyPrint draws it letter by letter, for
a fraction of the work; text that positions letters one by one keeps WeasyPrint's own drawing."""

from __future__ import annotations

import base64
import subprocess
import sys
from types import SimpleNamespace

import pytest

from thuis_cli import svgtext
from thuis_cli.pdf import html_to_pdf, load_weasyprint

load_weasyprint()
INSTALLED = svgtext.install()
needs_fast_path = pytest.mark.usefixtures("fast_path")


@pytest.fixture
def fast_path():
    """The run-at-once drawing is installed: on another WeasyPrint these tests fail, they never skip
    (test_internals.py names the files that changed)."""
    assert INSTALLED, f"svgtext is not installed over this WeasyPrint: {svgtext.changed_files()}"

LABELS = ('<text x="0" y="20" font-weight="700">Leuven</text>'
          '<text x="150" y="20" text-anchor="middle" fill="#FFFFFF">16 %</text>'
          '<text x="300" y="20" text-anchor="end">Andere centrumsteden</text>'
          '<text x="0" y="45" font-size="12">Vlaams-Brabant <tspan font-weight="700">42</tspan></text>')
PER_LETTER = '<text x="0 12 24 36" y="70">Wonen</text><text x="100" y="70" dx="0 3 3">gaan</text>'


def _page(svg_body: str) -> str:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="320" height="80" viewBox="0 0 320 80" '
           f'font-family="Lato" font-size="9" fill="#1A1A1A"><rect width="320" height="80" fill="#084B7A" '
           f'fill-opacity="0.2"/>{svg_body}</svg>')
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return (f'<html lang="nl-BE"><head><meta charset="utf-8"><title>t</title>'
            f'<link rel="stylesheet" href="static/thuis.css"></head>'
            f'<body><p>Grafiek</p><img src="{src}" alt="Grafiek" style="width: 12cm"></body></html>')


@pytest.fixture
def letter_by_letter(monkeypatch):
    """WeasyPrint's own drawing, for comparison."""
    svg = sys.modules["weasyprint.svg"]
    original = svgtext._state["original"]
    monkeypatch.setattr(svg, "text", original)
    for tag, function in list(svg.TAGS.items()):
        if function is svgtext.text:
            monkeypatch.setitem(svg.TAGS, tag, original)


def _pixels(pdf: bytes, tmp_path, name: str):
    from PIL import Image

    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(tmp_path / f"{name}.pdf"),
                    str(tmp_path / name)], check=True)
    return Image.open(tmp_path / f"{name}.png").convert("L")


def _text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


@needs_fast_path
def test_a_run_is_laid_out_once_not_once_per_letter(monkeypatch):
    from weasyprint.text import line_break

    laid_out = []
    original = line_break.Layout.set_text
    monkeypatch.setattr(line_break.Layout, "set_text",
                        lambda self, text, *a, **k: laid_out.append(text) or original(self, text, *a, **k))
    html_to_pdf(_page('<text x="0" y="20">Leuven</text>'))
    assert laid_out.count("Leuven") == 1  # measured and drawn from one layout, not laid out again to draw
    assert "L" not in laid_out


@needs_fast_path
def test_labels_are_drawn_where_weasyprint_draws_them_letter_by_letter(tmp_path, request):
    html = _page(LABELS + PER_LETTER)
    fast = html_to_pdf(html)
    request.getfixturevalue("letter_by_letter")
    slow = html_to_pdf(html)
    assert _text(fast) == _text(slow)
    assert "Leuven" in _text(fast) and "Andere centrumsteden" in _text(fast)

    from PIL import ImageChops

    a, b = _pixels(fast, tmp_path, "fast"), _pixels(slow, tmp_path, "slow")
    assert a.size == b.size
    ink = sum(ImageChops.invert(b).histogram()[97:])
    differing = sum(ImageChops.difference(a, b).histogram()[97:])
    assert differing < 0.12 * ink  # kerning moves a few glyph edges (6 %); a label 0.5 mm off: 90 %
    assert len(fast) < len(slow)  # one text object per label instead of one per letter


def test_text_that_places_letters_one_by_one_keeps_weasyprint_s_drawing():
    def node(text="Wonen", **attrib):
        return SimpleNamespace(text=text, attrib=attrib)

    assert svgtext.one_run(node(x="0", y="20"))
    assert svgtext.one_run(node())  # placed at the cursor, after the text before it
    assert not svgtext.one_run(node(x="0 12 24", y="20"))
    assert not svgtext.one_run(node(x="10-5"))  # two values, as WeasyPrint reads them
    assert not svgtext.one_run(node(text=""))
    for name in ("dx", "dy", "rotate", "letter-spacing", "textLength", "direction", "dominant-baseline"):
        assert not svgtext.one_run(node(**{"x": "0", name: "1"}))


def test_an_unknown_weasyprint_keeps_its_own_drawing(monkeypatch):
    monkeypatch.setattr(svgtext, "_state", {})
    monkeypatch.setattr(svgtext, "KNOWN", {**svgtext.KNOWN, "weasyprint.svg.utils": "0" * 64})
    svg = sys.modules["weasyprint.svg"]
    before = dict(svg.TAGS)
    assert svgtext.install() is False
    assert svg.TAGS == before

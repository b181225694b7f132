"""The web page's own fonts cover every letter the page shows, in both weights (the golden files only
describe the fonts, so this is where a subset that lost 'ë' or '€' is caught)."""

from __future__ import annotations

import base64
import html
import io
import re

from fontTools.ttLib import TTFont

from thuis_cli.products import get
from thuis_cli.products.infografiek import web_fonts
from thuis_cli.workspace import Workspace


def _covered(uri: str) -> set[int]:
    return set(TTFont(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).getBestCmap())


def _page_text(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    body = re.sub(r'\s(?:src|href)="[^"]*"', " ", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_both_weights_cover_the_letters_of_the_sample_page_and_of_dutch():
    ws = Workspace.open(None, None)
    product = get("infografiek")
    document = product.build(ws, product.target(gemeente=ws.municipality("leuven")))
    page = next(a for a in document.artifacts if a.name == "index.html")
    from thuis_cli.publish.render import render_text

    shown = {ord(c) for c in _page_text(render_text(document, page, None)) if not c.isspace()}
    dutch = {ord(c) for c in "àáâäçèéêëïîíñóôöüûúÀÉÈËÏÖÜ€–—‘’“”…•→ĳĲ%½"}
    faces = dict(web_fonts())
    assert set(faces) == {400, 700}
    for weight, uri in faces.items():
        missing = (shown | dutch) - _covered(uri)
        assert not missing, f"Lato {weight} mist {''.join(map(chr, sorted(missing)))}"

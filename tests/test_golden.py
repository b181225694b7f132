"""Golden files (in the style of Pelican): the HTML context and the rendered HTML of the sample
municipality's brief, intervision workbook and infographic page are compared with committed files.

A change in output is a reviewed diff: `make golden` regenerates the files and prints what changed
(`git diff tests/golden` shows it again). The files test this project, not its libraries: embedded data
that a library encodes is replaced by a description that does not depend on the encoder's bytes (a
WOFF font by its family, weight and code points; a matplotlib picture or a QR code by its kind and
size), and only the pictures thuis writes itself (the SVG charts) by a short hash of their bytes.
`test_web_fonts.py` checks separately that the fonts cover every letter the page uses; PDF bytes are
checked by the determinism tests.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import difflib
import enum
import hashlib
import io
import json
import re
import struct
import sys
from decimal import Decimal
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
DATA_URI = re.compile(r"data:([a-z]+/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]+)")


def _ranges(codes: list[int]) -> str:
    """Code points as compact hexadecimal ranges: 20-7e,a0-17f,2013."""
    parts: list[str] = []
    for code in sorted(codes):
        if parts and code == int(parts[-1].rsplit("-", 1)[-1], 16) + 1:
            parts[-1] = f"{parts[-1].split('-')[0]}-{code:x}"
        else:
            parts.append(f"{code:x}")
    return ",".join(parts)


def describe(mime: str, data: bytes) -> str:
    """What an embedded file is, in words that do not change with the bytes of the library that made it."""
    if mime.startswith("font/"):
        from fontTools.ttLib import TTFont

        font = TTFont(io.BytesIO(data))
        family = font["name"].getDebugName(1)
        return (f"{mime};family={family};weight={font['OS/2'].usWeightClass};"
                f"codepoints={_ranges(list(font.getBestCmap()))}")
    if mime == "image/png":
        width, height = struct.unpack(">II", data[16:24])
        return f"{mime};{width}x{height}"
    if mime == "image/svg+xml" and (b"matplotlib" in data or b"segno" in data):
        size = re.search(rb'<svg[^>]*?width="([^"]+)"[^>]*?height="([^"]+)"', data)
        maker = "matplotlib" if b"matplotlib" in data else "segno (QR-code)"
        return f"{mime};made-by={maker};{size.group(1).decode()}x{size.group(2).decode()}" if size else mime
    return f"{mime};sha256={hashlib.sha256(data).hexdigest()[:16]}"


def _short(match: re.Match) -> str:
    return "data:" + describe(match.group(1), base64.b64decode(match.group(2)))


def normalise(text: str) -> str:
    return DATA_URI.sub(_short, text)


def _plain(value):
    """A context as plain JSON data: dataclasses, pydantic models, paths and dates included."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):
        return _plain(value.model_dump())
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, (Path, dt.date, Decimal)):
        return str(value)
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, str):
        return normalise(value)
    return value


def products() -> dict[str, tuple[dict, str]]:
    """(context, rendered HTML) per golden product of the sample municipality (Leuven)."""
    from thuis_cli.products import get
    from thuis_cli.workspace import Workspace

    ws = Workspace.open(None, None)
    leuven = ws.municipality("leuven")
    peers = [ws.gebieden.resolve(n) for n in ("leuven", "herent", "bertem")]
    wanted = {
        "brief-ruimte": ("brief", {"gemeente": leuven, "dienst": "ruimte"}, "brief-ruimte.pdf"),
        "intervisie": ("intervisie", {"peers": peers}, "intervisie-leuven-herent-bertem-facilitator.pdf"),
        "infografiek": ("infografiek", {"gemeente": leuven}, "index.html"),
    }
    out = {}
    from thuis_cli.publish.render import render_text

    for name, (product, target, artifact) in wanted.items():
        document = get(product).build(ws, get(product).target(**target))
        html = next(a for a in document.artifacts if a.name == artifact)
        out[name] = (document.context_for(html), render_text(document, html, None))
    return out


def golden_files() -> dict[str, str]:
    files = {}
    for name, (context, html) in products().items():
        files[f"{name}.context.json"] = json.dumps(_plain(context), indent=1, ensure_ascii=False,
                                                   sort_keys=True) + "\n"
        files[f"{name}.html"] = normalise(html)
    return files


@pytest.fixture(scope="module")
def current():
    return golden_files()


@pytest.mark.parametrize("name", ["brief-ruimte", "intervisie", "infografiek"])
@pytest.mark.parametrize("kind", ["context.json", "html"])
def test_output_matches_the_committed_golden_file(current, name, kind):
    path = GOLDEN / f"{name}.{kind}"
    assert path.is_file(), f"{path} ontbreekt: maak het met 'make golden'"
    expected = path.read_text(encoding="utf-8")
    assert current[path.name] == expected, (
        f"{path.name} verschilt van de gouden versie (maak ze opnieuw met 'make golden'):\n"
        + diff(expected, current[path.name], path.name, most=60))


def diff(old: str, new: str, name: str, most: int | None = None) -> str:
    """A unified diff, long lines folded so that a changed word in a 2,000-character line shows."""
    def lines(text: str) -> list[str]:
        return [chunk for line in text.splitlines()
                for chunk in (line[i:i + 160] for i in range(0, max(len(line), 1), 160))]

    out = list(difflib.unified_diff(lines(old), lines(new), f"{name} (goud)", f"{name} (nu)", lineterm="", n=2))
    if most is not None and len(out) > most:
        out = out[:most] + [f"... nog {len(out) - most} regels verschil"]
    return "\n".join(out)


if __name__ == "__main__":  # `make golden`
    if "--write" not in sys.argv:
        sys.exit("gebruik: python tests/test_golden.py --write")
    GOLDEN.mkdir(exist_ok=True)
    for filename, text in golden_files().items():
        path = GOLDEN / filename
        before = path.read_text(encoding="utf-8") if path.is_file() else ""
        if before == text:
            print(f"Ongewijzigd: {path}")
            continue
        print(diff(before, text, filename))
        path.write_text(text, encoding="utf-8")
        print(f"Geschreven: {path}")

"""Golden files (in the style of Pelican): the HTML context and the rendered HTML of the sample
municipality's brief, intervision workbook and infographic page are compared with committed files.

A change in output is a reviewed diff: `make golden` regenerates the files, `git diff tests/golden`
shows what changed. Embedded pictures (data: URIs) are replaced by a short hash of their bytes, so the
files stay readable; PDF bytes are checked by the determinism tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
DATA_URI = re.compile(r"data:([a-z]+/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=]+)")


def _short(match: re.Match) -> str:
    return f"data:{match.group(1)};sha256={hashlib.sha256(match.group(2).encode()).hexdigest()[:16]}"


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
    for name, (product, target, artifact) in wanted.items():
        document = get(product).build(ws, get(product).target(**target))
        html = next(a for a in document.artifacts if a.name == artifact)
        out[name] = (document.context_for(html), document.render_text(html, None))
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
        f"{path.name} verschilt van de gouden versie; bekijk het verschil met 'make golden' en 'git diff'")


if __name__ == "__main__":  # `make golden`
    if "--write" not in sys.argv:
        sys.exit("gebruik: python tests/test_golden.py --write")
    GOLDEN.mkdir(exist_ok=True)
    for filename, text in golden_files().items():
        (GOLDEN / filename).write_text(text, encoding="utf-8")
        print(f"Geschreven: {GOLDEN / filename}")

"""A command that makes several PDFs makes them at once, one per core: the same bytes as one at a
time, in the same order, and an error in a worker reaches the user as if it happened in the command."""

from __future__ import annotations

import importlib
import os

import pytest

from thuis_cli import workers
from thuis_cli.errors import InputError, Problem
from thuis_cli.products import get
from thuis_cli.workspace import Workspace

publish_render = importlib.import_module("thuis_cli.publish.render")  # the module, not its function


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def briefs(ws):
    product = get("brief")
    gebied = ws.municipality("herent")
    return [product.build(ws, product.target(gebied, d)) for d in ("wonen", "ruimte", "welzijn")]


def test_several_pdfs_are_made_in_worker_processes_with_the_same_bytes_in_the_same_order(briefs, monkeypatch,
                                                                                           tmp_path):
    original = publish_render.render_artifact

    def noting_the_process(document, artifact, templates):
        (tmp_path / f"{os.getpid()}-{artifact.name}").touch()
        return original(document, artifact, templates)

    monkeypatch.setattr(publish_render, "render_artifact", noting_the_process)
    at_once = publish_render.render_many(briefs, jobs=2)
    pids = {int(p.name.split("-")[0]) for p in tmp_path.iterdir()}
    assert os.getpid() not in pids and len(pids) == 2  # made by two workers, not by the command itself
    for path in tmp_path.iterdir():
        path.unlink()
    one_by_one = publish_render.render_many(briefs, jobs=1)
    assert {int(p.name.split("-")[0]) for p in tmp_path.iterdir()} == {os.getpid()}
    assert at_once == one_by_one
    assert [list(files) for files in at_once] == [["brief-wonen.pdf"], ["brief-ruimte.pdf"], ["brief-welzijn.pdf"]]


def _fails_on_the_second(state, item):
    if item == 2:
        raise InputError("Sjabloonfout in brief.html", [Problem("onbekende naam", file="brief.html", line=3)])
    return item * state


def test_an_error_in_a_worker_comes_back_whole_and_stops_the_rest():
    with pytest.raises(InputError) as caught:
        workers.map_forked(_fails_on_the_second, [1, 2, 3], 2, 10)
    assert str(caught.value) == "Sjabloonfout in brief.html\n  - brief.html, regel 3: onbekende naam"
    assert workers.map_forked(_fails_on_the_second, [1, 3], 2, 10) == [10, 30]


def test_the_cli_writes_every_brief_of_alle(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "thuis_cli", "brief", "--dienst", "alle", "--gemeente", "herent",
                             "--uit", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "herent").glob("*.pdf"))
    assert len(written) == len(Workspace.open(None, None).config.diensten.diensten) == 9
    assert result.stdout.count("Geschreven:") == 9

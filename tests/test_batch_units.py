"""The batch's pure parts, without running a batch: what a document depends on, what a rerun decides
and says, and taking over the lock of a dead run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from thuis_cli.batch_output import LOCK, BatchBusy, OutputLock
from thuis_cli.batch_planning import Decision, area_states, decide, job_hash, static_parts, why_changed
from thuis_cli.batch_report import Outcome, Status
from thuis_cli.products import get
from thuis_cli.workspace import Workspace


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def target(ws):
    return get("brief").target(ws.municipality("leuven"), "wonen")


def test_the_hash_changes_with_each_thing_a_document_depends_on(ws, target):
    static = static_parts(ws, None)
    areas = area_states(ws, target)
    base = job_hash(target, static, areas)
    assert job_hash(target, dict(static), dict(areas)) == base  # stable
    assert job_hash(target, {**static, "configuratie: diensten.yaml": "x"}, areas) != base
    assert job_hash(target, static, {**areas, "24062": "andere gegevens"}) != base
    assert job_hash(get("brief").target(ws.municipality("leuven"), "ruimte"), static, areas) != base


def test_a_brief_depends_on_its_municipality_its_province_and_flanders(ws, target):
    assert set(area_states(ws, target)) == {"24062", "20001", "02000"}


def test_config_files_and_templates_are_parts_of_the_static_hash(ws, tmp_path):
    own = tmp_path / "sjablonen"
    own.mkdir()
    (own / "brief.html").write_text("eigen")
    parts = static_parts(ws, own)
    assert "configuratie: diensten.yaml" in parts and "sjabloon: brief.html" in parts
    assert "eigen sjabloon: brief.html" in parts and parts["thuis"]


def test_a_rerun_says_what_changed_in_words(ws, target):
    static = static_parts(ws, None)
    areas = area_states(ws, target)
    previous = {"gebieden": {**areas, "24062": "oud"}}
    text = why_changed(ws, previous, static, {**static, "configuratie: diensten.yaml": "oud"}, areas)
    assert text == "gewijzigd: gegevens van Leuven; configuratie: diensten.yaml"


def test_decide_new_unchanged_missing_forced_and_refused(ws, target, tmp_path):
    static = static_parts(ws, None)
    areas = area_states(ws, target)
    (tmp_path / "leuven").mkdir()
    (tmp_path / "leuven" / "brief-wonen.pdf").write_bytes(b"%PDF")
    manifest = {"uitvoer": {target.id: {"hash": job_hash(target, static, areas), "gebieden": areas,
                                        "bestanden": ["leuven/brief-wonen.pdf"], "exemplaren": {}}}, "vast": static}

    def reason(**kwargs) -> str:
        m = kwargs.get("manifest", manifest)
        return decide(kwargs.get("ws", ws), [target], tmp_path, m, static, kwargs.get("force", False))[0].reason

    assert reason() == "ongewijzigd"
    older = {"uitvoer": {target.id: {k: v for k, v in manifest["uitvoer"][target.id].items() if k != "exemplaren"}}}
    assert reason(manifest=older).startswith("gemaakt door een oudere versie van thuis")  # a sink needs what it lacks
    assert reason(force=True) == "geforceerd"
    assert reason(manifest={"uitvoer": {}}) == "nieuw"
    (tmp_path / "leuven" / "brief-wonen.pdf").unlink()
    assert reason() == "bestand ontbreekt"
    refused = Workspace(ws.config, ws.gebieden, ws.dataset, ws.project, {"24062": "leuven.csv, rij 3: fout"})
    assert reason(ws=refused).startswith("mislukt: ongeldige gegevens (leuven.csv, rij 3")


def test_the_report_speaks_dutch():
    row = Outcome("brief/leuven/wonen", Status.MISLUKT, 1.23456, ["a.pdf"], "kapot", 100.04, cpu_seconds=1.1004,
                  io_seconds={"schrijven": 0.00123, "fsync": 0.0021, "hernoemen": 0.0001}, worker=4321).report()
    assert row == {"document": "brief/leuven/wonen", "status": "mislukt", "seconden": 1.235,
                   "bestanden": ["a.pdf"], "fout": "kapot", "geheugen_mb": 100.0, "cpu_seconden": 1.1,
                   "werkproces": 4321, "schrijven_seconden": 0.0012, "fsync_seconden": 0.0021,
                   "hernoemen_seconden": 0.0001}
    assert Decision(None, "", {}, "ongewijzigd").skip and Decision(None, "", {}, "mislukt: x").refused


def test_a_live_run_keeps_the_lock(tmp_path):
    with OutputLock(tmp_path):
        with pytest.raises(BatchBusy, match="Er loopt al een batch"):
            OutputLock(tmp_path).__enter__()


def test_the_lock_of_a_dead_run_is_taken_over_even_when_a_stray_process_holds_it(tmp_path):
    """A stray worker of a killed run still has the lock file open; the run itself is gone."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / LOCK).write_text(json.dumps({"pid": dead.pid, "gestart": "gisteren"}))
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time\n"
        f"h = open({str(tmp_path / LOCK)!r}, 'a+'); fcntl.flock(h, fcntl.LOCK_EX)\n"
        "print('vast', flush=True); time.sleep(60)")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "vast"
        with OutputLock(tmp_path) as lock:
            assert lock.taken_over_from == dead.pid
            assert json.loads((tmp_path / LOCK).read_text())["pid"] == os.getpid()
    finally:
        holder.kill()
        holder.wait()


def test_the_manifest_is_saved_after_each_document_while_saving_is_cheap_and_throttled_when_it_is_not(tmp_path,
                                                                                                   monkeypatch):
    from thuis_cli import batch_output

    now = [0.0]
    saves = []

    def save(folder, manifest):
        saves.append(dict(manifest["uitvoer"]))
        now[0] += cost  # the save takes this long

    monkeypatch.setattr(batch_output, "save_manifest", save)
    manifest = {"uitvoer": {}}
    cost = 0.001  # a small manifest: every document is saved at once
    keeper = batch_output.ManifestKeeper(tmp_path, manifest, clock=lambda: now[0], share=0.02)
    for i in range(10):
        manifest["uitvoer"][f"doc{i}"] = i
        keeper.changed()
        now[0] += 0.5  # a document every half second
    assert len(saves) == 10
    saves.clear()
    cost = 1.0  # a manifest of thousands of documents: at most 2 % of the run goes to saving it
    for i in range(10, 110):
        manifest["uitvoer"][f"doc{i}"] = i
        keeper.changed()
        now[0] += 0.5
    assert 1 <= len(saves) <= 100 * 0.5 * 0.02 / 1.0 + 1
    keeper.save()  # the end of the run, however it ended
    assert saves[-1] == manifest["uitvoer"] and len(saves[-1]) == 110


def test_the_manifest_says_for_whom_a_document_and_each_copy_is(ws, target, tmp_path, monkeypatch):
    """What a sink (e-mail) needs, written by the batch so that nobody parses a document id: the
    municipalities with slug, NIS code and name, the department, and whose copy each file is."""
    import importlib

    from thuis_cli.batch import document_entry, make_document

    rendering = importlib.import_module("thuis_cli.publish.render")

    assert document_entry(ws, target) == {"gemeenten": [{"slug": "leuven", "nis": "24062", "naam": "Leuven"}],
                                          "dienst": "wonen"}
    far = get("intervisie").target([ws.gebieden.resolve(n) for n in ("sint-truiden", "gingelom")])
    assert document_entry(ws, far)["gemeenten"] == [{"slug": "sint-truiden", "nis": "71053", "naam": "Sint-Truiden"},
                                                    {"slug": "gingelom", "nis": "71017", "naam": "Gingelom"}]
    workbook = get("intervisie").target([ws.municipality(n) for n in ("leuven", "herent")])
    monkeypatch.setattr(rendering, "render",
                        lambda document, templates=None: {a.name: b"%PDF" for a in document.artifacts})
    monkeypatch.setattr(rendering, "render_key_points", lambda document, templates=None: [])
    outcome = make_document(ws, workbook, tmp_path, None)
    assert outcome.status == Status.GEMAAKT, outcome.error
    group = "intervisie/intervisie-leuven-herent"
    assert outcome.copies == {f"{group}-facilitator.pdf": "facilitator", f"{group}-leuven.pdf": "leuven",
                              f"{group}-herent.pdf": "herent", f"{group}-voorbereiding-leuven.pdf": "leuven",
                              f"{group}-voorbereiding-herent.pdf": "herent"}  # the pre-read goes with the copy

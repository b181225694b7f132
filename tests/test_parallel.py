"""A command's PDFs are made in workers forked as it starts: the same bytes as made in the command
itself, written in the same order, and an error in a worker reaches the user as if it happened in the
command."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest

from thuis_cli import workers
from thuis_cli.errors import InputError, Problem
from thuis_cli.products import get
from thuis_cli.pdf import warm_up
from thuis_cli.workspace import Workspace

publish_render = importlib.import_module("thuis_cli.publish.render")  # the module, not its function


@pytest.fixture(scope="module")
def briefs():
    ws = Workspace.open(None, None)
    product = get("brief")
    gebied = ws.municipality("spiere-helkijn")  # short briefs: the workers are under test, not the pages
    return [product.build(ws, product.target(gebied, d)) for d in ("wonen", "ruimte", "welzijn")]


def _pdf_noting_the_process(folder, html, templates, identifier, forms):
    (folder / str(os.getpid())).touch()
    return publish_render.html_to_pdf(html, templates, identifier, forms)


def test_the_pdfs_are_made_in_the_workers_with_the_same_bytes_in_the_same_order(briefs, tmp_path):
    class Noting:  # the command's workers, noting which process made each PDF
        def __init__(self, ahead):
            self.ahead = ahead

        def submit(self, func, *args):
            assert func is publish_render.html_to_pdf
            return self.ahead.submit(_pdf_noting_the_process, tmp_path, *args)

    ahead = workers.Ahead(2, warm_up)
    try:
        at_once = publish_render.render_many(briefs, pdf_workers=Noting(ahead))
    finally:
        ahead.close()
    pids = {int(p.name) for p in tmp_path.iterdir()}
    assert os.getpid() not in pids and len(pids) == 2  # made by two workers, not by the command
    assert at_once == publish_render.render_many(briefs)  # the same bytes as made here, one by one
    assert [list(files) for files in at_once] == [["brief-wonen.pdf"], ["brief-ruimte.pdf"], ["brief-welzijn.pdf"]]


def _fails(value):
    if value == 2:
        raise InputError("Sjabloonfout in brief.html", [Problem("onbekende naam", file="brief.html", line=3)])
    return value * 10


def test_an_error_in_a_worker_comes_back_whole():
    ahead = workers.Ahead(1, lambda: None)
    try:
        assert ahead.submit(_fails, 1).result() == 10
        with pytest.raises(InputError) as caught:
            ahead.submit(_fails, 2).result()
    finally:
        ahead.close(failed=True)
    assert str(caught.value) == "Sjabloonfout in brief.html\n  - brief.html, regel 3: onbekende naam"


def test_alle_writes_every_brief_in_order_and_says_each_line_once(tmp_path):
    result = subprocess.run([sys.executable, "-m", "thuis_cli", "brief", "--dienst", "alle", "--gemeente",
                             "spiere-helkijn", "--uit", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    diensten = list(Workspace.open(None, None).config.diensten.diensten)
    written = [line.split("/")[-1] for line in result.stdout.splitlines() if line.startswith("Geschreven:")]
    assert written == [f"brief-{d}.pdf" for d in diensten]
    # the workers are forks of the command: nothing it printed before them may come out twice
    assert result.stdout.count("synthetische voorbeeldgegevens") == 1
    assert not result.stderr


def test_a_bad_input_stops_the_command_with_its_message_and_no_worker_left(tmp_path):
    bad = tmp_path / "kapot.csv"
    bad.write_text("nis,gebied\n24062,Leuven\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "thuis_cli", "brief", "--dienst", "alle", "--data", str(bad),
                             "--uit", str(tmp_path / "uit")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "kapot.csv" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "uit").exists()


def test_one_core_makes_the_pdfs_in_the_command_itself(tmp_path):
    result = subprocess.run(["taskset", "-c", "0", sys.executable, "-c",
                             "from thuis_cli import workers; from thuis_cli.commands import pdf_workers\n"
                             "with pdf_workers(several=True) as w: print(workers.cores(), w)"],
                            capture_output=True, text=True)
    assert result.stdout.split() == ["1", "None"], result.stderr


def _noting_html_to_pdf(html, user_templates=None, identifier="", forms=False):
    from pathlib import Path

    (Path(os.environ["THUIS_TEST_PIDS"]) / f"{os.getpid()}-{len(html)}").touch()
    return _original_html_to_pdf(html, user_templates, identifier, forms)


_original_html_to_pdf = publish_render.html_to_pdf


@pytest.mark.parametrize("dienst,workers_wanted", [("wonen", 1), ("alle", 2)])
def test_the_cli_makes_its_pdfs_in_workers_one_for_one_brief_one_per_core_for_alle(dienst, workers_wanted, tmp_path,
                                                                                    monkeypatch):
    from typer.testing import CliRunner

    from thuis_cli import pdf
    from thuis_cli.cli import app

    if workers.cores() < 2:
        pytest.skip("one core: the command makes its PDFs itself")
    noted = tmp_path / "pids"
    noted.mkdir()
    monkeypatch.setenv("THUIS_TEST_PIDS", str(noted))
    # the same function under both names, so that a worker gets it by reference
    monkeypatch.setattr(pdf, "html_to_pdf", _noting_html_to_pdf)
    monkeypatch.setattr(publish_render, "html_to_pdf", _noting_html_to_pdf)
    result = CliRunner().invoke(app, ["brief", "--dienst", dienst, "--gemeente", "spiere-helkijn",
                                      "--uit", str(tmp_path / "uit")])
    assert result.exit_code == 0, result.output
    made = [p.name.split("-") for p in noted.iterdir()]
    pids = {int(pid) for pid, length in made if int(length) != len(pdf.WARM_UP)}  # not the warm-up
    assert os.getpid() not in pids
    assert len(pids) == min(workers_wanted, workers.cores())


# --- workers forked before the command line is parsed -----------------------------------------------

@pytest.mark.parametrize("argv, jobs", [
    (["brief", "--dienst", "ruimte"], 1),
    (["--debug", "brief", "--dienst", "wonen", "--gemeente", "herent"], 1),
    (["brief", "--dienst", "alle"], "cores"),
    (["brief", "--dienst=alle"], "cores"),
    (["intervisie", "leuven", "herent"], "cores"),
    (["infografiek"], "cores"),
    (["brief", "--help"], 0),
    (["--version"], 0),
    (["check"], 0),
    (["batch", "plan.yaml"], 0),  # the batch forks its own workers, later, with the data loaded
    ([], 0),
])
def test_the_start_knows_how_many_pdf_workers_a_command_line_will_want(argv, jobs):
    if workers.cores() < 2:
        pytest.skip("one core: no PDF workers at all")
    assert workers.pdf_jobs_for(argv) == (workers.cores() if jobs == "cores" else jobs)


def test_workers_forked_at_the_start_serve_the_command_that_wants_as_many(monkeypatch):
    if workers.cores() < 2:
        pytest.skip("one core: no PDF workers at all")
    workers.start_early(["brief", "--dienst", "ruimte"])
    early = workers._EARLY[0]
    assert workers.claim(1) is early and not workers._EARLY
    assert early.submit(pow, 2, 5).result() == 32
    early.close()

    workers.start_early(["brief", "--dienst", "alle"])
    several = workers._EARLY[0]
    assert workers.claim(1) is None and not workers._EARLY  # the wrong size: stopped, the command forks its own
    assert several.closed

    workers.start_early(["infografiek"])
    unused = workers._EARLY[0]
    workers.release_early()  # the command failed before it made a PDF
    assert not workers._EARLY and unused.closed


def test_the_program_forks_its_pdf_worker_before_it_loads_the_command_line(tmp_path):
    """`python -m thuis_cli brief`: the worker is forked before typer is imported, and the brief is made."""
    probe = ("import sys, runpy\n"
             "from thuis_cli import workers\n"
             "original = workers.Ahead.__init__\n"
             "def noting(self, jobs, warm):\n"
             "    print('typer geladen' if 'typer' in sys.modules else 'typer nog niet geladen', jobs,"
             " file=sys.stderr)\n"
             "    original(self, jobs, warm)\n"
             "workers.Ahead.__init__ = noting\n"
             "sys.argv = ['thuis', 'brief', '--dienst', 'ruimte', '--gemeente', 'herent', '--uit', sys.argv[1]]\n"
             "runpy.run_module('thuis_cli', run_name='__main__')\n")
    result = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    forks = [line for line in result.stderr.splitlines() if "typer" in line]
    assert forks == (["typer nog niet geladen 1"] if workers.cores() >= 2 else [])
    assert (tmp_path / "herent" / "brief-ruimte.pdf").stat().st_size > 10_000


def test_a_command_that_fails_before_its_pdf_stops_the_early_worker_and_says_why(tmp_path):
    result = subprocess.run([sys.executable, "-m", "thuis_cli", "brief", "--dienst", "ruimte", "--gemeente",
                             "Atlantis", "--uit", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Atlantis" in result.stderr and "Traceback" not in result.stderr and "Bad file" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_the_early_worker_compiles_the_command_s_templates_for_a_first_run(tmp_path, monkeypatch):
    """With an empty template cache, the worker compiles what the command will render (and what that
    extends and imports); the command then loads them compiled."""
    from jinja2 import Environment

    from thuis_cli import templating

    monkeypatch.setenv("THUIS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(templating, "_ENVIRONMENTS", {})
    templating.compile_ahead(workers.pdf_templates_for("brief"))
    # brief, base, _macros, _zinnen, woorden/brief, woorden/pdf (base imports it), _bevraging, _sinds2020
    assert len(list((tmp_path / "cache" / "sjablonen").iterdir())) == 8

    compiled = []
    original = Environment.compile
    monkeypatch.setattr(Environment, "compile", lambda self, *a, **k: compiled.append(a) or original(self, *a, **k))
    monkeypatch.setattr(templating, "_ENVIRONMENTS", {})  # the command's own environment, as in a new process
    for name in ("brief.html", "base.html", "_macros.html", "_zinnen.html", "woorden/brief.html", "woorden/pdf.html"):
        templating._environment_cached(None).get_template(name)
    assert compiled == []


def _collector_state():
    import gc

    return gc.get_threshold(), gc.get_freeze_count() > 0


def test_a_pdf_worker_settles_the_garbage_collector_once_it_has_loaded(monkeypatch):
    """Loaded libraries frozen, and the collector run after 5,000 new objects, not 700: it cost 8-10 %
    of a brief."""
    ahead = workers.Ahead(1, warm_up)
    try:
        assert ahead.submit(_collector_state).result() == (workers.GC_THRESHOLDS, True)
    finally:
        ahead.close()


def test_settling_freezes_what_is_loaded_but_leaves_the_main_process_collector_as_it_was():
    """The batch's main process settles before it forks: its own garbage collector keeps Python's
    thresholds (with raised ones its memory grew, and every fork inherited it)."""
    probe = ("import gc\nfrom thuis_cli import workers\nbefore = gc.get_threshold()\nworkers.settle()\n"
             "print(gc.get_threshold() == before, gc.get_freeze_count() > 0)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["True", "True"], result.stderr


def test_the_early_worker_compiles_exactly_the_templates_each_command_renders():
    """A product's ABOUT.pdf_templates is read before the products load; it must name what they render."""
    ws = Workspace.open(None, None)
    leuven, herent = ws.municipality("leuven"), ws.municipality("herent")
    built = {"brief": get("brief").target(herent, "ruimte"), "intervisie": get("intervisie").target([leuven, herent]),
             "infografiek": get("infografiek").target(leuven)}
    for command, target in built.items():
        document = get(command).build(ws, target)
        made = {a.template for a in document.artifacts if a.template}
        assert set(workers.pdf_templates_for(command)) == made, command


def _collector_during_task(_):
    import gc

    return gc.isenabled(), gc.get_stats()[2]["collections"]


def test_a_command_worker_makes_its_document_without_the_collector_and_collects_before_the_next():
    """A layout's objects are not walked again and again while the PDF is made: the collector is off
    during a task, and the garbage of one task is collected (all at once) before the next starts."""
    ahead = workers.Ahead(1, lambda: None)
    try:
        (enabled, before), (_, after) = [ahead.submit(_collector_during_task, i).result() for i in range(2)]
    finally:
        ahead.close()
    assert not enabled
    assert after == before + 1

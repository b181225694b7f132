"""`thuis batch`: unattended, incremental, parallel, and safe to interrupt."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from thuis_cli import resources
from thuis_cli.batch_output import LOCK, OutputLock
from thuis_cli.write import MANIFEST

pytestmark = pytest.mark.slow  # every test here runs the real command end to end

THUIS = [sys.executable, "-m", "thuis_cli"]
SAMPLE = {p.name: p for p in resources.sample_data_files()}


def run(*args, cwd=None, timeout=600):
    return subprocess.run([*THUIS, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def sample_rows(codes: set[str]) -> pd.DataFrame:
    data = pd.read_csv(SAMPLE["woontest-synthetisch-gemeenten.csv"], dtype={"nis": str})
    return data[data.nis.isin(codes)]


def write_plan(folder: Path, text: str) -> Path:
    path = folder / "plan.yaml"
    path.write_text(text)
    return path


def fill(folder: Path) -> Path:
    """Leuven and Herent in one file, Bertem in its own file, the reference file beside them."""
    sample_rows({"24062", "24038"}).to_csv(folder / "leuven-herent.csv", index=False)
    sample_rows({"24009"}).to_csv(folder / "bertem.csv", index=False)
    (folder / "ref.csv").write_bytes(SAMPLE["woontest-synthetisch-referentie.csv"].read_bytes())
    return folder


@pytest.fixture
def project(tmp_path):
    return fill(tmp_path)


PLAN = """
data: [leuven-herent.csv, bertem.csv, ref.csv]
uit: uit
gemeenten: [leuven, herent, bertem]
briefs: {diensten: [wonen]}
infografiek: {max: 2}
intervisie: {groepen: [[leuven, herent]]}
"""

# The three briefs only: for the tests of the run itself (locks, logs, what is remade), not of the products.
BRIEFS_ONLY = PLAN.replace("infografiek: {max: 2}\n", "").replace("intervisie: {groepen: [[leuven, herent]]}\n", "")
# One brief: for the tests of what a run says and cleans up, where the number of documents does not matter.
ONE_BRIEF = BRIEFS_ONLY.replace("gemeenten: [leuven, herent, bertem]", "gemeenten: [leuven]")


def report(out: Path) -> dict:
    return {d["document"]: d for d in json.loads((out / "verslag.json").read_text())["documenten"]}


class FirstRun:
    """A project and the one `thuis batch` run already made in it: made once per plan and module, and
    copied (modification times kept) for each test that goes on from there."""

    def __init__(self, folder: Path, result: subprocess.CompletedProcess):
        self.folder, self.result = folder, result

    def copy(self, target: Path) -> tuple[Path, Path]:
        """The copied project and its plan."""
        shutil.copytree(self.folder, target, symlinks=True)
        return target, target / "plan.yaml"


def _first_run(tmp_path_factory, text: str, *args: str) -> FirstRun:
    folder = fill(tmp_path_factory.mktemp("eerste-run"))
    result = run("batch", write_plan(folder, text), *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return FirstRun(folder, result)


@pytest.fixture(scope="module")
def plan_run(tmp_path_factory) -> FirstRun:
    """The whole small plan (briefs, infographics, a workbook), run once on two jobs."""
    return _first_run(tmp_path_factory, PLAN, "--jobs", "2")


@pytest.fixture(scope="module")
def briefs_run(tmp_path_factory) -> FirstRun:
    """The three briefs of the plan, run once."""
    return _first_run(tmp_path_factory, BRIEFS_ONLY)


def test_small_plan_end_to_end(plan_run):
    result, out = plan_run.result, plan_run.folder / "uit"
    for path in ("leuven/brief-wonen.pdf", "herent/brief-wonen.pdf", "bertem/brief-wonen.pdf",
                 "leuven/infografiek/affiche.pdf", "intervisie/intervisie-leuven-herent-facilitator.pdf",
                 "intervisie/intervisie-leuven-herent-leuven.pdf", "intervisie/intervisie-leuven-herent-herent.pdf"):
        assert (out / path).is_file(), path
    done = report(out)
    assert len(done) == 3 + 3 + 1 and all(d["status"] == "gemaakt" for d in done.values())
    assert "Batch klaar" in result.stdout and "7 gemaakt" in result.stdout
    assert all(line[:4].isdigit() for line in result.stdout.splitlines()[:2])  # timestamped lines (no terminal)


def test_failing_municipality_does_not_stop_the_others(project):
    broken = pd.read_csv(project / "bertem.csv", dtype=str)
    broken.loc[3, "aantal"] = "veel"
    broken.to_csv(project / "bertem.csv", index=False)
    plan = write_plan(project, PLAN.replace("infografiek: {max: 2}", "infografiek: false"))
    result = run("batch", plan, "--jobs", "2")
    assert result.returncode == 1
    done = report(project / "uit")
    assert done["brief/leuven/wonen"]["status"] == "gemaakt" and done["intervisie/leuven-herent"]["status"] == "gemaakt"
    assert done["brief/bertem/wonen"]["status"] == "mislukt"
    assert "bertem.csv" in done["brief/bertem/wonen"]["fout"]
    assert "Mislukt:" in result.stdout and "brief/bertem/wonen" in result.stdout
    assert not (project / "uit" / "bertem").exists()


def test_incremental_rebuild_after_a_data_change(plan_run, tmp_path):
    project, plan = plan_run.copy(tmp_path / "project")
    out = project / "uit"
    leuven_before = (out / "leuven" / "brief-wonen.pdf").stat().st_mtime_ns
    again = run("batch", plan, "--jobs", "2")
    assert again.returncode == 0 and all(d["status"] == "overgeslagen" for d in report(out).values())
    # Herent changes: two answers swap counts in every group, so the totals and the groups stay valid.
    data = pd.read_csv(project / "leuven-herent.csv", dtype={"nis": str})
    question = (data.nis == "24038") & (data.indicator == "kleiner_wonen")
    first, last = data.loc[question, "antwoord"].unique()[[0, 4]]
    a, b = data.index[question & (data.antwoord == first)], data.index[question & (data.antwoord == last)]
    data.loc[a, "aantal"], data.loc[b, "aantal"] = data.loc[b, "aantal"].to_numpy(), data.loc[a, "aantal"].to_numpy()
    data.to_csv(project / "leuven-herent.csv", index=False)
    result = run("batch", plan, "--jobs", "2")
    assert result.returncode == 0
    status = {k: v["status"] for k, v in report(out).items()}
    assert status == {"brief/leuven/wonen": "overgeslagen", "infografiek/leuven": "overgeslagen",
                      "brief/herent/wonen": "gemaakt", "infografiek/herent": "gemaakt",
                      "brief/bertem/wonen": "overgeslagen", "infografiek/bertem": "overgeslagen",
                      "intervisie/leuven-herent": "gemaakt"}
    assert (out / "leuven" / "brief-wonen.pdf").stat().st_mtime_ns == leuven_before


def test_a_deleted_output_is_made_again_and_forceer_remakes_all(briefs_run, tmp_path):
    project, plan = briefs_run.copy(tmp_path / "project")
    (project / "uit" / "herent" / "brief-wonen.pdf").unlink()
    run("batch", plan)
    assert report(project / "uit")["brief/herent/wonen"]["status"] == "gemaakt"
    run("batch", plan, "--forceer")
    assert all(d["status"] == "gemaakt" for d in report(project / "uit").values())


def test_droog_makes_nothing(project):
    plan = write_plan(project, PLAN)
    result = run("batch", plan, "--droog")
    assert result.returncode == 0
    assert "maken  brief/leuven/wonen  (nieuw)" in result.stdout and "er werd niets gemaakt" in result.stdout
    assert not (project / "uit").exists()


def test_plan_errors_are_reported_together(project):
    plan = write_plan(project, PLAN.replace("[leuven, herent, bertem]", "[leuven, lueven, antwerpen]")
                      .replace("[wonen]", "[wonen, ruimtee]").replace("[[leuven, herent]]", "[[leuven]]"))
    result = run("batch", plan)
    assert result.returncode == 2
    for needed in ("gemeenten[1]", "lueven", "gemeenten[2]", "geen gegevens voor Antwerpen",
                   "briefs.diensten[1]", "ruimtee", "intervisie.groepen[0]", "minstens 2"):
        assert needed in result.stderr, needed
    assert not (project / "uit").exists()


def test_plan_with_unknown_key(project):
    result = run("batch", write_plan(project, PLAN + "extra: ja\n"))
    assert result.returncode == 2 and "onbekende sleutel 'extra'" in result.stderr


def test_a_second_run_on_the_same_folder_is_refused(project):
    plan = write_plan(project, PLAN)
    out = project / "uit"
    with OutputLock(out):
        result = run("batch", plan)
    assert result.returncode == 3
    assert "Er loopt al een batch" in result.stderr and str(os.getpid()) in result.stderr


def test_stale_lock_of_a_killed_run_is_taken_over(project):
    plan = write_plan(project, ONE_BRIEF)
    out = project / "uit"
    out.mkdir()
    (out / LOCK).write_text(json.dumps({"pid": 999999, "gestart": "2026-01-01T03:00:00"}))
    (out / "leuven").mkdir()
    (out / "leuven" / ".brief-wonen.pdf.abc123.tmp").write_bytes(b"%PDF-1.7 half")
    result = run("batch", plan)
    assert result.returncode == 0, result.stderr
    assert "stopte onverwacht" in result.stdout and "opgeruimd" in result.stdout
    assert not list(out.rglob("*.tmp"))


# Enough documents (2 departments x 3 municipalities, and the workbook's 5 files) to kill a run mid-flight.
DEPARTMENTS = ("ruimte", "wonen")
LONG_PLAN = PLAN.replace("[wonen]", f"[{', '.join(DEPARTMENTS)}]").replace("infografiek: {max: 2}",
                                                                         "infografiek: false")
ALL_PDFS = 3 * len(DEPARTMENTS) + 5  # the workbook: the facilitator copy, two municipality copies and their pre-reads


def test_interrupted_run_leaves_no_partial_file_and_the_next_run_completes(project):
    plan = write_plan(project, LONG_PLAN)
    out = project / "uit"
    process = subprocess.Popen([*THUIS, "batch", str(plan), "--jobs", "2"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.rglob("*.pdf"))) < 3:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the whole run, workers included, mid-flight
    process.wait()
    made = list(out.rglob("*.pdf"))
    assert 3 <= len(made) < ALL_PDFS, len(made)
    for pdf in made:  # whatever is there under its real name is complete
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
        PdfReader(str(pdf))
    manifest = json.loads((out / MANIFEST).read_text())
    briefs = {f"brief/{g}/{d}" for g in ("leuven", "herent", "bertem") for d in DEPARTMENTS}
    assert set(manifest["uitvoer"]) <= briefs | {"intervisie/leuven-herent"}
    result = run("batch", plan, "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list(out.rglob("*.pdf"))) == ALL_PDFS
    assert not list(out.rglob("*.tmp"))
    statuses = {d["status"] for d in report(out).values()}
    assert statuses <= {"gemaakt", "overgeslagen"} and "overgeslagen" in statuses


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_kill_9_of_the_main_process_leaves_no_worker_and_no_lock_behind(project):
    """Under cron an OOM kill hits the main process only: its workers must not live on holding the
    lock, and the next night's run must complete."""
    plan = write_plan(project, LONG_PLAN)
    out = project / "uit"
    process = subprocess.Popen([*THUIS, "batch", str(plan), "--jobs", "2"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and (len(list(out.rglob("*.pdf"))) < 2 or not workers):
        workers |= _children(process.pid)
        time.sleep(0.05)
    assert workers, "the run started no worker processes"
    process.kill()  # SIGKILL to the main process only
    process.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert not [w for w in workers if _alive(w)], "workers outlived their run"
    result = run("batch", plan, "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list(out.rglob("*.pdf"))) == ALL_PDFS


def test_a_refused_file_fails_only_the_documents_that_need_it_even_in_an_intervision(project):
    """Herent's file is broken: her brief and the workbook she is in fail with the file's own error
    (file, row, column, value); Leuven's brief is made; exit 1."""
    sample_rows({"24062"}).to_csv(project / "leuven.csv", index=False)
    herent = sample_rows({"24038"}).astype({"aantal": object})
    herent.loc[herent.index[3], "aantal"] = "veel"
    herent.to_csv(project / "herent.csv", index=False)
    plan = write_plan(project, "data: [leuven.csv, herent.csv, ref.csv]\nuit: uit\ngemeenten: [leuven, herent]\n"
                               "briefs: {diensten: [wonen]}\nintervisie: {groepen: [[leuven, herent]]}\n")
    result = run("batch", plan)
    assert result.returncode == 1, result.stdout + result.stderr
    done = report(project / "uit")
    assert done["brief/leuven/wonen"]["status"] == "gemaakt"
    for failed in ("brief/herent/wonen", "intervisie/leuven-herent"):
        assert done[failed]["status"] == "mislukt"
        assert "herent.csv" in done[failed]["fout"] and "'veel'" in done[failed]["fout"], done[failed]["fout"]


def test_fatal_errors_reach_the_log_file(project):
    plan = write_plan(project, "gemeenten: [lueven]\nbriefs: {diensten: [wonen]}\n")
    result = run("batch", plan, "--stil", "--log", project / "nacht.log")
    assert result.returncode == 2
    log = (project / "nacht.log").read_text()
    assert "Fout: Het plan" in log and "Onbekende gemeente 'lueven'" in log
    with OutputLock(project / "uit"):
        busy = run("batch", write_plan(project, PLAN), "--log", project / "nacht.log")
    assert busy.returncode == 3 and "Er loopt al een batch" in (project / "nacht.log").read_text()


def test_a_batch_section_in_thuis_yaml_uses_that_files_own_data_config_and_output(project):
    (project / "cfg").mkdir()
    (project / "cfg" / "instellingen.yaml").write_text("standaard_gemeente: herent\n")
    (project / "thuis.yaml").write_text("data: [leuven-herent.csv, ref.csv]\nconfig: cfg\nuit: eigen-uit\n"
                                        "batch:\n  gemeenten: [herent]\n  briefs: {diensten: [wonen]}\n")
    result = run("batch", "--stil", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "eigen-uit" / "herent" / "brief-wonen.pdf").is_file()
    assert "synthetische" not in result.stdout + result.stderr


def test_a_plan_without_data_warns_even_when_silent(project):
    plan = write_plan(project, "gemeenten: [leuven]\nbriefs: {diensten: [wonen]}\nuit: uit\n")
    result = run("batch", plan, "--stil")
    assert result.returncode == 0 and "synthetische voorbeeldgegevens" in result.stderr


def test_droog_says_which_municipality_and_which_config_file_changed(briefs_run, tmp_path):
    project, plan = briefs_run.copy(tmp_path / "project")
    rows = sample_rows({"24062", "24038"})
    rows.loc[rows.index[rows.nis == "24038"][0], "aantal"] += 1
    rows.to_csv(project / "leuven-herent.csv", index=False)
    result = run("batch", plan, "--droog")
    assert "maken  brief/herent/wonen  (gewijzigd: gegevens van Herent)" in result.stdout
    assert "overslaan  brief/leuven/wonen  (ongewijzigd)" in result.stdout


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    from thuis_cli import write

    target = tmp_path / "brief.pdf"
    target.write_bytes(b"oud en goed")

    def broken_replace(src, dst):
        raise OSError("schijf vol")

    monkeypatch.setattr(write.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write.atomic_write(target, b"nieuw")
    assert target.read_bytes() == b"oud en goed"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_stil_prints_nothing_on_success(project):
    plan = write_plan(project, ONE_BRIEF)
    result = run("batch", plan, "--stil", "--log", project / "batch.log")
    assert result.returncode == 0 and result.stdout == ""
    log = (project / "batch.log").read_text()
    assert "gemaakt   brief/leuven/wonen" in log and "Batch klaar" in log


def test_a_municipality_with_nothing_to_publish_is_not_a_failure(tmp_path):
    plan = write_plan(tmp_path, "gemeenten: [spiere-helkijn, kortrijk]\nbriefs: false\ninfografiek: {max: 2}\n"
                                "uit: uit\n")
    result = run("batch", plan)
    assert result.returncode == 0, result.stdout + result.stderr
    done = report(tmp_path / "uit")
    assert done["infografiek/spiere-helkijn"]["status"] == "leeg"
    assert done["infografiek/kortrijk"]["status"] == "gemaakt"
    assert "Zonder publiceerbaar cijfer (geen fout): infografiek/spiere-helkijn" in result.stdout
    again = run("batch", plan)
    assert again.returncode == 0 and report(tmp_path / "uit")["infografiek/spiere-helkijn"]["status"] == "leeg"


def test_workers_start_with_the_renderers_loaded_and_a_no_op_run_loads_nothing(project, monkeypatch):
    """WeasyPrint, the fonts and stylesheets, matplotlib: loaded once before the workers are forked,
    not by every fresh worker; a run with nothing to make does not load them at all."""
    from typer.testing import CliRunner

    from thuis_cli import batch, chart, pdf, workers
    from thuis_cli.cli import app

    loads, settled = [], []
    real = batch.load_for_workers
    monkeypatch.setattr(batch, "load_for_workers", lambda products: loads.append(products) or real(products))
    monkeypatch.setattr(workers, "settle", lambda: settled.append(True))  # not in the test process itself
    monkeypatch.chdir(project)
    # one document of each product is enough to see what the workers were given
    plan = write_plan(project, PLAN.replace("gemeenten: [leuven, herent, bertem]", "gemeenten: [herent]"))
    assert CliRunner().invoke(app, ["batch", str(plan), "--stil"]).exit_code == 0
    assert loads == [{"brief", "infografiek", "intervisie"}] and settled == [True]
    assert pdf._SHEETS and pdf._font_config.cache_info().currsize and chart._configured  # forks inherit it
    assert CliRunner().invoke(app, ["batch", str(plan), "--stil"]).exit_code == 0
    assert len(loads) == 1



def test_stil_is_silent_with_thuis_yaml_in_a_folder_above(project):
    (project / "thuis.yaml").write_text("data: [leuven-herent.csv, ref.csv]\nuit: uit\n"
                                        "batch:\n  gemeenten: [herent]\n  briefs: {diensten: [wonen]}\n")
    (project / "nacht").mkdir()
    result = run("batch", "--stil", "--log", project / "nacht.log", cwd=project / "nacht")
    assert result.returncode == 0 and result.stdout + result.stderr == ""  # cron mails nothing
    assert f"Standaarden uit {project / 'thuis.yaml'}" in (project / "nacht.log").read_text()
    assert "Standaarden uit" in run("batch", "--droog", cwd=project / "nacht").stderr  # without --stil: said

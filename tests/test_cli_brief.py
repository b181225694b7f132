"""`thuis brief` from the command line: in the test's process with a test environment (clirunner),
and once through the real entry point with its early PDF workers."""

import subprocess
import sys


from clirunner import thuis as run

from conftest import pdf_pages

THUIS = [sys.executable, "-m", "thuis_cli"]


def run_process(*args, cwd=None):
    return subprocess.run([*THUIS, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_brief_alle_on_sample_data(tmp_path):
    result = run_process("brief", "--dienst", "alle", "--uit", tmp_path / "out", "--html")
    assert result.returncode == 0, result.stderr
    assert "synthetische voorbeeldgegevens (Leuven)" in result.stdout
    pdfs = sorted((tmp_path / "out" / "leuven").glob("brief-*.pdf"))
    assert len(pdfs) == 9 and len(list((tmp_path / "out" / "leuven").glob("brief-*.html"))) == 9
    for pdf in pdfs:  # 2 to 4 pages to read, then the annex with all figures
        pages = pdf_pages(pdf)
        annex = next(i for i, text in enumerate(pages, start=1) if "Bijlage: alle cijfers" in text)
        assert 2 <= annex <= 4 and len(pages) <= annex + 4, (pdf.name, annex, len(pages))


def test_unknown_department_lists_valid_names(tmp_path):
    result = run("brief", "--dienst", "ruimtelijk", "--uit", tmp_path)
    assert result.returncode == 2
    assert "Onbekende dienst 'ruimtelijk'" in result.stderr and "lokale-economie" in result.stderr
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


def test_unknown_municipality_suggests(tmp_path):
    result = run("brief", "--dienst", "ruimte", "--gemeente", "Kortrik", "--uit", tmp_path)
    assert result.returncode == 2 and "Kortrijk" in result.stderr


def test_municipality_without_data(tmp_path):
    result = run("brief", "--dienst", "ruimte", "--gemeente", "Antwerpen", "--uit", tmp_path)
    assert result.returncode == 2 and "geen resultaten voor Antwerpen" in result.stderr


def test_failed_render_keeps_the_previous_good_brief(samples, tmp_path):
    out = tmp_path / "out"
    (out / "leuven").mkdir(parents=True)
    good = samples.brief("leuven", "wonen").read_bytes()  # what an earlier run made
    (out / "leuven" / "brief-wonen.pdf").write_bytes(good)
    broken = tmp_path / "sjablonen"
    broken.mkdir()
    (broken / "brief.html").write_text("{% extends 'ingebouwd/brief.html' %}"
                                       "{% block inhoud %}{{ nergens.iets }}{% endblock %}")
    result = run("brief", "--dienst", "wonen", "--uit", out, "--sjablonen", broken)
    assert result.returncode == 2 and "Sjabloonfout" in result.stderr
    assert (out / "leuven" / "brief-wonen.pdf").read_bytes() == good
    assert not [p for p in (out / "leuven").iterdir() if p.name.startswith(".")]


# --- issue 27, item 6: configuration faults stop or warn ------------------------------------------

def _config_with_empty_department(tmp_path):
    import yaml

    from thuis_cli import resources

    data = yaml.safe_load((resources.config_dir() / "diensten.yaml").read_text(encoding="utf-8"))
    data["diensten"]["cultuur"] = {"naam": "Cultuur", "indicatoren": []}
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "diensten.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_check_and_brief_stop_on_a_department_without_indicators(tmp_path):
    folder = _config_with_empty_department(tmp_path)
    for args in (("check",), ("brief", "--dienst", "cultuur", "--uit", tmp_path / "out"),
                 ("brief", "--dienst", "alle", "--uit", tmp_path / "out")):
        result = run(*args, "--config", folder)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "diensten.cultuur: de dienst 'Cultuur' heeft geen indicatoren" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def _data_without_references(tmp_path, codes=("24062", "24038")):
    """The sample data of Leuven and Herent, without any row of Flanders or a province."""
    from thuis_cli.workspace import Workspace

    ws = Workspace.open(None, None)
    table = ws.dataset.table
    rows = table[table["nis"].astype(str).isin(codes)].copy()
    rows["gebied"] = [ws.gebieden.get(str(c)).naam for c in rows["nis"]]
    path = tmp_path / "zonder-referenties.csv"
    rows[["nis", "gebied", "indicator", "antwoord", "groep", "aantal", "n"]].to_csv(path, index=False)
    return path


def test_without_reference_figures_every_document_command_warns(tmp_path):
    data = _data_without_references(tmp_path)
    out = tmp_path / "out"
    for args in (("brief", "--dienst", "ruimte", "--gemeente", "leuven", "--html"),
                 ("infografiek", "--gemeente", "leuven", "--max", "1"),  # one message: the warning is the point
                 ("intervisie", "leuven", "herent")):
        result = run(*args, "--data", data, "--uit", out)
        assert result.returncode == 0, (args, result.stderr)
        assert "Let op: de gegevens bevatten geen cijfers voor Vlaanderen of de provincies" in result.stderr, args
    html = (out / "leuven" / "brief-ruimte.html").read_text(encoding="utf-8")
    header = html[html.index('class="kerngegevens-regel"'):]
    header = header[:header.index("</p>")]
    assert "vergeleken met" not in header and "zonder vergelijking" in header, header


def test_without_reference_figures_batch_warns_too(tmp_path):
    data = _data_without_references(tmp_path, codes=("24062",))
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"gemeenten: [leuven]\nbriefs: {{diensten: [ruimte]}}\ndata: [{data}]\n", encoding="utf-8")
    result = run("batch", plan, "--droog", "--uit", tmp_path / "uit", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "De gegevens bevatten geen cijfers voor Vlaanderen of de provincies" in result.stdout + result.stderr

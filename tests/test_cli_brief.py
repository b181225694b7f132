"""`thuis brief` through the real entry point."""

import subprocess
import sys

from pypdf import PdfReader

THUIS = [sys.executable, "-m", "thuis_cli"]


def run(*args, cwd=None):
    return subprocess.run([*THUIS, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_brief_alle_on_sample_data(tmp_path):
    result = run("brief", "--dienst", "alle", "--uit", tmp_path / "out", "--html")
    assert result.returncode == 0, result.stderr
    assert "synthetische voorbeeldgegevens (Leuven)" in result.stdout
    pdfs = sorted((tmp_path / "out" / "leuven").glob("brief-*.pdf"))
    assert len(pdfs) == 9 and len(list((tmp_path / "out" / "leuven").glob("brief-*.html"))) == 9
    for pdf in pdfs:  # 2 to 4 pages to read, then the annex with all figures
        pages = [page.extract_text() for page in PdfReader(str(pdf)).pages]
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


def test_failed_render_keeps_the_previous_good_brief(tmp_path):
    out = tmp_path / "out"
    assert run("brief", "--dienst", "wonen", "--uit", out).returncode == 0
    good = (out / "leuven" / "brief-wonen.pdf").read_bytes()
    broken = tmp_path / "sjablonen"
    broken.mkdir()
    (broken / "brief.html").write_text("{% extends 'ingebouwd/brief.html' %}"
                                       "{% block inhoud %}{{ nergens.iets }}{% endblock %}")
    result = run("brief", "--dienst", "wonen", "--uit", out, "--sjablonen", broken)
    assert result.returncode == 2 and "Sjabloonfout" in result.stderr
    assert (out / "leuven" / "brief-wonen.pdf").read_bytes() == good
    assert not [p for p in (out / "leuven").iterdir() if p.name.startswith(".")]

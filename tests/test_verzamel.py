"""verzamel tells what it noticed and writes summaries that read well (issue 14, point 16)."""

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfWriter

from thuis_cli.verzamel import MAX_ANSWER_CHARS, collect, write_summary


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    from thuis_cli.products.intervisie import resolve_peers
    from thuis_cli.workspace import Workspace

    from conftest import write_workbook

    session = Workspace.open(None, None)
    return write_workbook(session, resolve_peers(session, ["leuven", "herent"]), tmp_path_factory.mktemp("wb"))


def fill(source: Path, target: Path, values: dict[str, str]) -> Path:
    writer = PdfWriter(clone_from=str(source))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_an_unfilled_workbook_gets_a_warning(workbook, capsys):
    collect([workbook])
    assert f"Let op: {workbook.name}: het werkboek is niet ingevuld" in capsys.readouterr().err


def test_a_filled_workbook_gets_no_such_warning(workbook, tmp_path, capsys):
    collect([fill(workbook, tmp_path / "a.pdf", {"delen__leren__herent": "Samen leren"})])
    assert "niet ingevuld" not in capsys.readouterr().err


def test_an_answer_that_is_cut_is_announced(workbook, tmp_path, capsys):
    long = "woord " * 2000  # 12,000 characters
    summary = collect([fill(workbook, tmp_path / "a.pdf", {"delen__leren__herent": long})])
    err = capsys.readouterr().err
    assert "a.pdf: het antwoord in delen__leren__herent is ingekort tot 10000 tekens (was 11999)" in err
    assert len(summary.answers[0][3]) == MAX_ANSWER_CHARS + len(" […]")


def test_the_spreadsheet_has_column_widths_and_wrapped_text(workbook, tmp_path):
    summary = collect([fill(workbook, tmp_path / "a.pdf", {"delen__leren__herent": "een\nlang\nantwoord"})])
    xlsx = write_summary(summary, tmp_path / "out")[0]
    sheet = openpyxl.load_workbook(xlsx)["Bespreking"]
    assert sheet.column_dimensions["D"].width >= 60 and sheet.column_dimensions["B"].width >= 30
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    assert sheet["A1"].font.bold


def test_a_multi_line_answer_stays_inside_its_list_item(workbook, tmp_path):
    from markdown_it import MarkdownIt

    answer = "Eerste punt\n- geen nieuw lijstelement\n\n2. ook geen genummerde lijst\nlaatste regel"
    summary = collect([fill(workbook, tmp_path / "a.pdf", {"delen__leren__herent": answer,
                                                          "delen__leren__leuven": "kort"})])
    md = write_summary(summary, tmp_path / "out")[1].read_text(encoding="utf-8")
    html = MarkdownIt().render(md)
    item = next(li for li in html.split("<li>")[1:] if "Herent" in li.split("</li>")[0]).split("</li>")[0]
    for line in ("Eerste punt", "- geen nieuw lijstelement", "2. ook geen genummerde lijst", "laatste regel"):
        assert line in item, (line, html)
    assert html.count("<ul>") == 1 and "<ol" not in html  # the answer starts no list of its own

"""Result files load the same whatever spreadsheet produced them."""

from pathlib import Path

import openpyxl
import pytest

from thuis_cli.data import load_dataset
from thuis_cli.errors import InputError
from thuis_cli.validate import parse_number

from conftest import HEADER, LEUVEN_WONINGTYPE, csv_text, question, write_csv


def shares(dataset):
    t = dataset.table
    return {(r.nis, r.antwoord): (r.aantal, r.n) for r in t.itertuples()}


def load(paths, config, gebieden):
    return load_dataset([Path(p) for p in paths], config, gebieden)


@pytest.fixture
def rows():
    return question("24062", "Leuven", "woningtype_gewenst", LEUVEN_WONINGTYPE)


@pytest.fixture
def expected(small_file, config, gebieden):
    return shares(load([small_file], config, gebieden))


def test_plain_csv(small_file, config, gebieden):
    data = load([small_file], config, gebieden)
    assert shares(data)[("24062", "appartement")] == (50.0, 100.0)
    assert data.codes == {"24062", "02000"}


def test_belgian_excel_csv_semicolon_decimal_comma_cp1252(tmp_path, rows, config, gebieden):
    weighted = [r[:5] + [float(r[5]) + 0.25, float(r[6]) + 1.25] for r in rows]
    path = write_csv(tmp_path / "be.csv", weighted, delimiter=";", decimal=",", encoding="cp1252")
    assert b";" in path.read_bytes() and b"20,25" in path.read_bytes()
    data = load([path], config, gebieden)
    assert shares(data)[("24062", "vrijstaand")] == (20.25, 101.25)


def test_utf8_with_bom_and_accented_names(tmp_path, rows, config, gebieden):
    rows = [["24062", "Léuven"] + r[2:] for r in rows]
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(rows).encode("utf-8"))
    assert shares(load([path], config, gebieden))[("24062", "rijwoning")] == (15.0, 100.0)


def test_windows_1252_accents_are_read(tmp_path, rows, config, gebieden):
    rows = [["24062", "Lèuven"] + r[2:] for r in rows]
    path = write_csv(tmp_path / "cp.csv", rows, delimiter=";", encoding="cp1252")
    assert load([path], config, gebieden).table["nis"].tolist()[0] == "24062"


def test_percent_signs_thousands_spaces_and_header_case(tmp_path, config, gebieden):
    header = ["  NIS ", "Gebied", "INDICATOR", "Antwoord ", " groep", "Percentage", "N"]
    rows = [[" 24062 ", " Leuven ", " woningtype_gewenst ", " appartement ", " totaal ", " 50,0 % ", " 1.200 "],
            ["24062", "Leuven", "woningtype_gewenst", "vrijstaand", "totaal", "50%", "1.200"]]
    path = write_csv(tmp_path / "pct.csv", rows, delimiter=";", header=header)
    data = load([path], config, gebieden)
    assert shares(data)[("24062", "appartement")] == (600.0, 1200.0)


def test_empty_trailing_rows_and_columns(tmp_path, rows, config, gebieden):
    text = csv_text(rows, delimiter=";").replace("\n", ";;\n") + ";;;;;;;;\n\n;;;\n"
    path = tmp_path / "trailing.csv"
    path.write_text(text)
    assert len(load([path], config, gebieden).table) == len(rows)


def test_crlf_line_endings_and_quoted_cells(tmp_path, rows, config, gebieden):
    text = csv_text([[f'"{v}"' if i == 1 else v for i, v in enumerate(r)] for r in rows])
    path = tmp_path / "crlf.csv"
    path.write_bytes(text.replace("\n", "\r\n").replace('"""', '"').encode())
    assert len(load([path], config, gebieden).table) == len(rows)


def test_several_files_are_combined(tmp_path, rows, config, gebieden):
    a = write_csv(tmp_path / "leuven.csv", rows)
    b = write_csv(tmp_path / "ref.csv", question("02000", "Vlaanderen", "woningtype_gewenst",
                                                   {"vrijstaand": 5, "appartement": 5}))
    data = load([a, b], config, gebieden)
    assert data.codes == {"24062", "02000"}
    assert data.sources == [a, b]


def _xlsx(path, rows, sheet="Blad1", extra_sheet_first=False, percent=False):
    book = openpyxl.Workbook()
    first = book.active
    if extra_sheet_first:
        first.title = "Toelichting"
        first.append(["Deze tab is uitleg, geen gegevens"])
        ws = book.create_sheet(sheet)
    else:
        ws = first
        ws.title = sheet
    header = HEADER if not percent else HEADER[:5] + ["percentage", "n"]
    ws.append(header)
    for r in rows:
        if percent:
            r = r[:5] + [r[5] / r[6], r[6]]
        ws.append([int(r[0]) if r[0].isdigit() else r[0]] + r[1:])
        if percent:
            ws.cell(ws.max_row, 6).number_format = "0.0%"
    book.save(path)
    return path


def test_xlsx_first_sheet_with_numeric_nis_codes(tmp_path, rows, config, gebieden):
    rows = rows + question("02000", "Vlaanderen", "woningtype_gewenst", {"vrijstaand": 5, "appartement": 5})
    path = _xlsx(tmp_path / "r.xlsx", rows)
    data = load([path], config, gebieden)
    assert data.codes == {"24062", "02000"}  # 2000 from Excel becomes 02000 again
    assert shares(data)[("24062", "appartement")] == (50.0, 100.0)


def test_xlsx_sheet_named_resultaten_is_preferred(tmp_path, rows, config, gebieden):
    path = _xlsx(tmp_path / "r.xlsx", rows, sheet="Resultaten", extra_sheet_first=True)
    assert len(load([path], config, gebieden).table) == len(rows)


def test_xlsx_percentage_cells_formatted_as_percent(tmp_path, rows, config, gebieden):
    path = _xlsx(tmp_path / "p.xlsx", rows, percent=True)
    aantal, n = shares(load([path], config, gebieden))[("24062", "appartement")]
    assert (round(aantal, 6), n) == (50.0, 100.0)


@pytest.mark.parametrize("text,comma,expected", [
    ("12", False, 12.0), ("12,5", False, 12.5), ("1.234,5", True, 1234.5), ("1,234.5", False, 1234.5),
    ("45 %", False, 45.0), ("1.200", True, 1200.0), ("1.200", False, 1.2), ("-0", False, 0.0),
    ("abc", False, None), ("nan", False, None), ("inf", False, None), ("#DEEL/0!", False, None), ("", False, None),
])
def test_parse_number(text, comma, expected):
    assert parse_number(text, comma) == expected


def test_missing_file_is_a_clear_error(tmp_path, config, gebieden):
    with pytest.raises(InputError, match="bestaat niet"):
        load([tmp_path / "weg.csv"], config, gebieden)

"""Result files load the same whatever spreadsheet produced them."""

from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- number format per column (issue 14, point 6) -----------------------------------------------

def _belgian(tmp_path, rows, name="be.csv", header=HEADER):
    return write_csv(tmp_path / name, rows, delimiter=";", header=header)


def test_whole_counts_with_thousands_points_and_no_decimal_comma_anywhere(tmp_path, config, gebieden):
    counts = {"vrijstaand": "431", "halfopen": "229", "rijwoning": "262", "appartement": "545", "andere": "28"}
    rows = [["24062", "Leuven", "woningtype_gewenst", a, "totaal", c, "1.495"] for a, c in counts.items()]
    rows += [["02000", "Vlaanderen", "woningtype_gewenst", "appartement", "totaal", "8.210", "38.532"],
             ["02000", "Vlaanderen", "woningtype_gewenst", "vrijstaand", "totaal", "30.322", "38.532"]]
    data = load([_belgian(tmp_path, rows)], config, gebieden)
    assert shares(data)[("24062", "appartement")] == (545.0, 1495.0)
    assert shares(data)[("02000", "vrijstaand")] == (30322.0, 38532.0)


def test_the_documented_belgian_example_is_valid(tmp_path, config, gebieden):
    doc = (Path(__file__).parents[1] / "docs" / "gegevensformaat.md").read_text()
    example = doc.split("Hetzelfde uit Belgische Excel")[1].split("```csv\n")[1].split("```")[0]
    assert "1.495" in example
    path = tmp_path / "doc.csv"
    path.write_text(example)
    data = load([path], config, gebieden)
    rows = {(r.antwoord): (round(r.aantal, 3), r.n) for r in data.table.itertuples()}
    assert rows["appartement"][1] == 1495.0


def test_a_thousands_point_in_a_column_that_also_has_decimal_commas(tmp_path, config, gebieden):
    rows = [["24062", "Leuven", "woningtype_gewenst", "appartement", "totaal", "1.000,5", "1.495"],
            ["24062", "Leuven", "woningtype_gewenst", "vrijstaand", "totaal", "494,5", "1.495"]]
    data = load([_belgian(tmp_path, rows)], config, gebieden)
    assert shares(data)[("24062", "appartement")] == (1000.5, 1495.0)


def test_a_column_that_could_be_read_two_ways_is_named_with_the_fix(tmp_path, config, gebieden):
    rows = [["24062", "Leuven", "woningtype_gewenst", "appartement", "totaal", "20.25", "1.495"],
            ["24062", "Leuven", "woningtype_gewenst", "vrijstaand", "totaal", "1474.75", "1.495"]]
    path = write_csv(tmp_path / "amb.csv", rows)
    with pytest.raises(InputError) as err:
        load([path], config, gebieden)
    message = str(err.value)
    assert "kolom 'n'" in message and "niet eenduidig" in message
    assert "'1.495' (rij 2)" in message and "zonder scheidingsteken voor duizendtallen (1495)" in message


def test_a_column_mixing_decimal_comma_and_point_is_refused_with_both_examples(tmp_path, config, gebieden):
    rows = [["24062", "Leuven", "woningtype_gewenst", "appartement", "totaal", "20,5", "100"],
            ["24062", "Leuven", "woningtype_gewenst", "vrijstaand", "totaal", "79.5", "100"]]
    with pytest.raises(InputError) as err:
        load([_belgian(tmp_path, rows)], config, gebieden)
    assert "'20,5' (rij 2)" in str(err.value) and "'79.5' (rij 3)" in str(err.value)


# --- where the table starts (issue 14, point 7) -------------------------------------------------

def test_a_title_row_above_the_header_is_skipped(tmp_path, rows, config, gebieden):
    path = tmp_path / "titel.csv"
    path.write_text("Resultaten woontest - gemeente Leuven\n\n" + csv_text(rows, delimiter=";"))
    data = load([path], config, gebieden)
    assert shares(data)[("24062", "appartement")] == (50.0, 100.0)
    assert data.table["_rij"].min() == 4  # row numbers still point into the file


def test_xlsx_data_on_a_second_sheet_after_an_explanation_sheet(tmp_path, rows, config, gebieden):
    path = _xlsx(tmp_path / "r.xlsx", rows, sheet="Gegevens", extra_sheet_first=True)
    book = openpyxl.load_workbook(path)
    book["Toelichting"].append(["toelichting bij de resultaten", "meer uitleg", "nog meer"])
    book["Gegevens"].insert_rows(1)
    book["Gegevens"]["A1"] = "Resultaten woontest - gemeente Leuven"
    book.save(path)
    assert len(load([path], config, gebieden).table) == len(rows)


def test_when_no_header_is_found_the_message_says_which_sheet_and_row_were_read(tmp_path, config, gebieden):
    book = openpyxl.Workbook()
    book.active.title = "Uitleg"
    book.active.append(["toelichting bij de resultaten"])
    book.active.append(["code", "naam", "vraag"])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(InputError) as err:
        load([tmp_path / "x.xlsx"], config, gebieden)
    assert "tabblad 'Uitleg', rij 1" in str(err.value)


# --- gebied is informational; n = 0 (issue 14, points 8 and 9) ----------------------------------

@pytest.mark.parametrize("name", ["Vlaams Gewest - totaal", "Région flamande", "Flanders"])
def test_other_names_for_flanders_are_accepted(tmp_path, name, config, gebieden, capsys):
    rows = question("02000", name, "woningtype_gewenst", {"vrijstaand": 5, "appartement": 5})
    assert load([write_csv(tmp_path / "r.csv", rows)], config, gebieden).codes == {"02000"}
    assert "Let op" not in capsys.readouterr().err


def test_the_name_of_another_municipality_is_a_warning_not_a_refusal(tmp_path, rows, config, gebieden, capsys):
    path = write_csv(tmp_path / "r.csv", [r[:1] + ["Herent"] + r[2:] for r in rows])
    assert load([path], config, gebieden).codes == {"24062"}
    assert "rij 2, kolom 'gebied': NIS-code 24062 is Leuven, niet 'Herent'" in capsys.readouterr().err


def test_each_wrong_name_is_named_once_on_the_first_row_it_stands_on(tmp_path, config, gebieden, capsys):
    leuven = question("24062", "Leuven", "woningtype_gewenst", {"vrijstaand": 5, "appartement": 5})
    herent = question("24038", "Herent", "woningtype_gewenst", {"vrijstaand": 5, "appartement": 5})
    rows = [leuven[0], herent[0][:1] + ["Leuven"] + herent[0][2:],
            leuven[1], herent[1][:1] + ["Leuven"] + herent[1][2:]]
    assert load([write_csv(tmp_path / "r.csv", rows)], config, gebieden).codes == {"24062", "24038"}
    err = capsys.readouterr().err
    assert err.count("NIS-code 24038 is Herent, niet 'Leuven'") == 1 and "rij 3, kolom 'gebied'" in err
    assert "24062 is Leuven" not in err


@pytest.mark.parametrize("empty", ["", "#DEEL/0!", "#DIV/0!"])
def test_an_empty_percentage_with_n_zero_means_no_answers(tmp_path, empty, config, gebieden):
    header = HEADER[:5] + ["percentage", "n"]
    rows = [["24062", "Leuven", "woningtype_gewenst", a, "totaal", empty, 0] for a in LEUVEN_WONINGTYPE]
    # another municipality with answers (a group inside Leuven's empty total would not fit: issue 26)
    rows += [["24009", "Bertem", "woningtype_gewenst", "appartement", "totaal", "100%", 4]]
    data = load([write_csv(tmp_path / "r.csv", rows, header=header)], config, gebieden)
    assert shares(data)[("24062", "vrijstaand")] == (0.0, 0.0)


def test_an_empty_percentage_with_answers_is_still_refused(tmp_path, config, gebieden):
    header = HEADER[:5] + ["percentage", "n"]
    rows = [["24062", "Leuven", "woningtype_gewenst", "appartement", "totaal", "#DEEL/0!", 10]]
    with pytest.raises(InputError, match="kolom 'percentage': waarde '#DEEL/0!'"):
        load([write_csv(tmp_path / "r.csv", rows, header=header)], config, gebieden)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_cells_are_stripped_alike_with_or_without_quotes_in_the_file(tmp_path, delimiter, config, gebieden):
    """A file without quotes is stripped in one pass over its text; one with quotes cell by cell:
    the same table either way (spaces, tabs, no-break spaces, Windows line ends)."""
    pad = ["", " ", "\u00a0", "  \u2009"] + (["\t"] if delimiter != "\t" else [])
    rows = question("24062", "Leuven", "woningtype_gewenst", LEUVEN_WONINGTYPE)
    padded = [[f"{pad[(i + j) % len(pad)]}{v}{pad[(i * 3 + j) % len(pad)]}" for j, v in enumerate(r)]
              for i, r in enumerate(rows)]
    plain = "\r\n".join(delimiter.join(map(str, r)) for r in [HEADER, *padded]) + "\r\n"
    (tmp_path / "zonder.csv").write_text(plain, newline="")
    (tmp_path / "met.csv").write_text(plain.replace("Leuven", '"Leuven"'), newline="")
    without, with_quotes = (load([tmp_path / name], config, gebieden) for name in ("zonder.csv", "met.csv"))
    columns = ["nis", "indicator", "antwoord", "groep", "aantal", "n"]
    assert without.table[columns].equals(with_quotes.table[columns])
    assert shares(without)[("24062", "appartement")] == (50.0, 100.0)


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="ab;,\t\n \r\xa0\u2003\x0b", max_size=40), delimiter=st.sampled_from([";", ",", "\t"]))
def test_white_space_around_a_cell_is_found_as_the_regular_expression_finds_it(text, delimiter):
    import re

    from thuis_cli.load import has_space_around_cells

    space = r"[^\S\n\t]" if delimiter == "\t" else r"[^\S\n]"
    ends = "[" + re.escape(delimiter) + r"\n]"
    expected = re.search(rf"{space}{ends}|{ends}{space}|\A{space}|{space}\Z", text) is not None
    assert has_space_around_cells(text, delimiter) == expected


@pytest.mark.parametrize("tail,expected", [("x,y\n", False), ("x ,y\n", True), ("x,y \n", True)])
def test_white_space_is_found_also_in_a_file_full_of_spaces_inside_cells(tail, expected):
    """With few spaces each is visited; with many (here 40,000) the pairs are looked for in the text."""
    from thuis_cli.load import has_space_around_cells

    assert has_space_around_cells("naam met spatie,1\n" * 20_000 + tail, ",") is expected


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_every_kind_of_line_end_gives_the_same_table(tmp_path, line_end, config, gebieden):
    """Unix, Windows and old Mac line ends."""
    rows = question("24062", "Leuven", "woningtype_gewenst", LEUVEN_WONINGTYPE)
    path = tmp_path / "r.csv"
    path.write_text(line_end.join(",".join(map(str, r)) for r in [HEADER, *rows]) + line_end, newline="")
    assert shares(load([path], config, gebieden))[("24062", "appartement")] == (50.0, 100.0)


# --- LibreOffice: .ods is read like .xlsx; the flat XML .fods gets a clear message ------------------

def _ods(path, rows, percent=False, extra_sheet_first=False):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def cell(value, as_percent=False):
        if isinstance(value, (int, float)):
            kind = "percentage" if as_percent else "float"
            made = TableCell(valuetype=kind, value=str(value))
        else:
            made = TableCell(valuetype="string")
        made.addElement(P(text=str(value)))
        return made

    document = OpenDocumentSpreadsheet()
    if extra_sheet_first:
        note = Table(name="Toelichting")
        row = TableRow()
        row.addElement(cell("Deze tab is uitleg, geen gegevens"))
        note.addElement(row)
        document.spreadsheet.addElement(note)
    table = Table(name="Blad1")
    header = HEADER if not percent else HEADER[:5] + ["percentage", "n"]
    row = TableRow()
    for v in header:
        row.addElement(cell(v))
    table.addElement(row)
    table.addElement(TableRow(numberrowsrepeated=2))  # two empty rows: the next row is row 4
    for r in rows:
        r = r[:5] + [r[5] / r[6], r[6]] if percent else r
        row = TableRow()
        for i, v in enumerate([int(r[0]) if r[0].isdigit() else r[0]] + r[1:]):
            row.addElement(cell(v, percent and i == 5))
        row.addElement(TableCell(numbercolumnsrepeated=1000))  # LibreOffice's empty tail
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def test_ods_is_read_like_xlsx_with_percent_cells_and_row_numbers(tmp_path, rows, config, gebieden):
    path = _ods(tmp_path / "r.ods", rows, percent=True, extra_sheet_first=True)
    data = load([path], config, gebieden)
    aantal, n = shares(data)[("24062", "appartement")]
    assert (round(aantal, 6), n) == (50.0, 100.0)
    assert data.table["_rij"].min() == 4  # the row number LibreOffice shows, empty rows counted


def test_an_ods_error_names_the_row_libreoffice_shows(tmp_path, rows, config, gebieden):
    rows[1][4] = "leeftijd:99"
    with pytest.raises(InputError) as caught:
        load([_ods(tmp_path / "r.ods", rows)], config, gebieden)
    assert f"{tmp_path / 'r.ods'}, rij 5, kolom 'groep': waarde 'leeftijd:99'" in str(caught.value)


def test_fods_gets_a_clear_dutch_message(tmp_path, config, gebieden):
    path = tmp_path / "r.fods"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office="urn:oasis:names:tc:'
                    'opendocument:xmlns:office:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
                    "</office:document>\n")
    with pytest.raises(InputError, match=r"platte XML \(\.fods\); thuis leest dat niet\. Bewaar het in LibreOffice "
                                         r"als \.ods"):
        load([path], config, gebieden)


def test_a_broken_xlsx_names_no_library_exception(tmp_path, config, gebieden):
    import zipfile

    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("iets.txt", "geen werkboek")
    with pytest.raises(InputError) as caught:
        load([path], config, gebieden)
    assert "Exception" not in str(caught.value) and "Error" not in str(caught.value)
    assert "geen leesbaar Excel-bestand (.xlsx)" in str(caught.value)


def test_a_quote_never_closed_in_a_csv_is_said_in_dutch(tmp_path, config, gebieden):
    path = tmp_path / "r.csv"
    rows = csv_text(question("24062", "Leuven", "woningtype_gewenst", LEUVEN_WONINGTYPE))
    path.write_text(rows + '24062,"Leuven' + ",woningtype_gewenst" * 10_000 + "\n")  # a quote never closed
    with pytest.raises(InputError) as caught:
        load([path], config, gebieden)
    assert "rij 7: een waarde is veel te lang (ontbreekt een '\"' die een tekst afsluit?)" in str(caught.value)
    assert "CSV-fout" not in str(caught.value) and "unexpected" not in str(caught.value)

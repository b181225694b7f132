"""Read woontest result files (.csv, .xlsx, .ods) into one raw table of text cells.

Belgian Excel exports load without hand-editing: `;` or `,` delimiter, decimal comma, UTF-8 with or
without BOM or Windows-1252, `%` signs, surrounding spaces, header case, empty trailing rows and
columns. Every row keeps its file and spreadsheet row number, so later messages can point at it.
Numbers are parsed later (validate.py); here everything stays text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, Problem

MAX_FILE_BYTES = 40 * 1024 * 1024  # all of Flanders in the canonical format is about 15 MB
MAX_ROWS = 600_000
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 150  # a real sheet compresses 5-20x; a zip bomb thousands of times
SHEET_NAME = "resultaten"
COLUMN_NAMES = {"nis", "gebied", "indicator", "antwoord", "groep", "aantal", "percentage", "n"}
HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the header


@dataclass(frozen=True)
class RawTable:
    """One file's rows as text, and where its header was found (for messages)."""

    path: Path
    frame: pd.DataFrame  # normalised column names + _bestand, _rij
    header_row: int = 1
    sheet: str | None = None  # the worksheet read, for .xlsx

    @property
    def place(self) -> str:
        """'tabblad 'Blad2', rij 3' / 'rij 3': where the header was read."""
        where = f"rij {self.header_row}"
        return f"tabblad '{self.sheet}', {where}" if self.sheet else where


def read_results(paths: list[Path]) -> list[RawTable]:
    return [read_file(Path(p)) for p in paths]


def file_head(path: Path, noun: str = "bestand", most_bytes: int = MAX_FILE_BYTES, length: int = 2048) -> bytes:
    """The first bytes of an input file, to tell its format; a Dutch message when it is missing, no file,
    empty or larger than `most_bytes` (`noun`: what the user calls it, e.g. 'antwoordenbestand')."""
    name = str(path)
    if not path.exists():
        raise InputError(f"Het {noun} {name} bestaat niet.")
    if not path.is_file():
        raise InputError(f"{name} is geen bestand.")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"Het {noun} {name} is leeg.")
    if size > most_bytes:
        raise InputError(f"Het {noun} {name} is te groot ({size // 2**20} MB; hoogstens "
                         f"{most_bytes // 2**20} MB).")
    with path.open("rb") as handle:
        return handle.read(length)


def read_file(path: Path) -> RawTable:
    name = str(path)
    head = file_head(path)
    if head.startswith(b"PK\x03\x04"):
        if _is_ods(path):
            sheet, rows = _ods_rows(path)
        else:
            sheet, rows = _xlsx_rows(path)
        frame, header_row = _to_frame(rows, name, sheet)
        return RawTable(path, frame, header_row, sheet)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{name} is een oud Excel-bestand (.xls); bewaar het als .xlsx, .ods of .csv.")
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        raise InputError(f"{name} is geen geldig Excel-bestand (.xlsx).")
    elif path.suffix.lower() == ".ods":
        raise InputError(f"{name} is geen geldig LibreOffice-rekenblad (.ods).")
    elif path.suffix.lower() == ".fods" or (head.lstrip().startswith(b"<") and b"office:document" in head):
        raise InputError(f"{name} is een LibreOffice-rekenblad als platte XML (.fods); thuis leest dat niet. "
                         "Bewaar het in LibreOffice als .ods (het gewone formaat), .xlsx of .csv.")
    else:
        rows = _csv_rows(path)
    frame, header_row = _to_frame(rows, name)
    return RawTable(path, frame, header_row)


# --- CSV ------------------------------------------------------------------------------------

def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export is UTF-16
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name} lijkt UTF-16-tekst maar is beschadigd.") from None
    if b"\x00" in raw[:65536]:
        raise InputError(f"{name} is geen tekstbestand (binaire inhoud); "
                         "geef een .csv- of .xlsx-bestand.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _sniff_delimiter(text: str) -> str:
    """The separator of the header: the first line that names a known column, else the first line
    (a title line above the header has no separators worth counting)."""
    lines = [line for line in text.split("\n", 200)[:200] if line.strip()][:HEADER_SEARCH_ROWS]
    header = next((line for line in lines if _known_columns(re.split(r"[;,\t]", line)) >= 3),
                  lines[0] if lines else "")
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _known_columns(cells) -> int:
    return sum(1 for cell in cells if normalise_header(str(cell).strip('"')) in COLUMN_NAMES)


def _csv_rows(path: Path):
    text = _decode(path.read_bytes(), str(path))
    delimiter = _sniff_delimiter(text)
    if '"' not in text:
        lines = text.replace("\r\n", "\n") if "\r" in text else text  # Windows line ends: the same lines
        if "\r" not in lines:  # no quotes and no old Mac line ends: the fast path
            return _simple_csv_rows(lines, delimiter, str(path))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS + 1:
                raise InputError(f"{path} heeft te veel rijen (meer dan {MAX_ROWS:,}).".replace(",", "."))
    except csv.Error as exc:
        raise InputError(f"{path} is geen leesbaar CSV-bestand.", [
            Problem(_csv_reason(str(exc)), file=str(path), row=reader.line_num)]) from None
    return rows


def _csv_reason(reason: str) -> str:
    """The csv module's English reason in Dutch."""
    if "unexpected end of data" in reason or "EOF" in reason:
        return "het bestand eindigt midden in een waarde tussen aanhalingstekens (ontbreekt een '\"'?)"
    if "new-line character seen in unquoted field" in reason:
        return "een regeleinde midden in een waarde; bewaar het bestand opnieuw als CSV"
    if "field larger than field limit" in reason:
        return "een waarde is veel te lang (ontbreekt een '\"' die een tekst afsluit?)"
    if "NUL" in reason or "null byte" in reason:
        return "het bestand bevat een nulteken; is het wel een tekstbestand?"
    return "de CSV-opmaak klopt hier niet (aanhalingstekens of scheidingstekens)"


def _simple_csv_rows(text: str, delimiter: str, name: str):
    """Fast path for files without quoting (pandas' C parser): one line is one row, so line
    numbers are exact. Ragged rows fall back to the csv module."""
    if text.count("\n") > MAX_ROWS + 2:
        raise InputError(f"{name} heeft te veel rijen (meer dan {MAX_ROWS:,}).".replace(",", "."))
    width = max((line.count(delimiter) for line in text.split("\n", 50)[:50]), default=0) + 1
    text = _strip_cells(text, delimiter)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, keep_default_na=False,
                            skip_blank_lines=False, engine="c", quoting=csv.QUOTE_NONE, names=range(width))
    except (pd.errors.ParserError, ValueError):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [(reader.line_num, cells) for cells in reader]
    frame.insert(0, "_line", range(1, len(frame) + 1))
    frame.attrs["stripped"] = True
    return frame


def _strip_cells(text: str, delimiter: str) -> str:
    """The text with the white space around every cell removed, as str.strip() would per cell, in one
    pass over the text (stripping 300,000 cells one by one in pandas took 0.12 s). Only for text
    without quotes, where every delimiter ends a cell."""
    if not has_space_around_cells(text, delimiter):
        return text  # the usual case
    space = r"[^\S\n\t]" if delimiter == "\t" else r"[^\S\n]"
    ends = "[" + re.escape(delimiter) + r"\n]"
    return re.sub(rf"{space}+(?={ends}|\Z)|(?:(?<={ends})|\A){space}+", "", text)


_ASCII_SPACE = " \t\r\x0b\x0c\x1c\x1d\x1e\x1f"  # str.isspace() within ASCII, but for the newline


def has_space_around_cells(text: str, delimiter: str) -> bool:
    """Whether a cell starts or ends with white space (a delimiter or a line end beside a space, a
    tab, a carriage return, ...). Looked for as plain substrings of the white space the text holds:
    six times faster than one regular expression over a 2 MB file (50 ms)."""
    present = _ASCII_SPACE if text.isascii() else set(text)
    spaces = [c for c in present if c.isspace() and c != "\n" and not c == delimiter == "\t" and c in text]
    return text[:1] in spaces or text[-1:] in spaces or any(_touches(text, c, (delimiter, "\n")) for c in spaces)


def _touches(text: str, char: str, ends: tuple[str, str], visits: int = 20_000) -> bool:
    """Whether `char` stands right before or after one of `ends`. A results file has a space in a few
    names only: visiting each is 20 times faster than looking for the four pairs in all of the text,
    which is done when there are many."""
    at = text.find(char)
    for _ in range(visits):
        if at == -1:
            return False
        if text[at - 1:at] in ends or text[at + 1:at + 2] in ends:
            return True
        at = text.find(char, at + 1)
    return any(char + end in text or end + char in text for end in ends)


# --- XLSX -----------------------------------------------------------------------------------

def _xlsx_rows(path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """The rows of the sheet that holds the results: the first sheet (`resultaten` first) whose top
    rows name the columns, else `resultaten` or the first sheet. An explanation sheet before the
    data is passed over."""
    name = str(path)
    _open_zip(path, "Excel-bestand (.xlsx)")
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        raise InputError(f"{name} is geen leesbaar Excel-bestand (.xlsx): de inhoud is beschadigd of het is een "
                         "ander formaat. Open het in Excel of LibreOffice en bewaar het opnieuw als .xlsx.") from None
    try:
        sheets = sorted(book.worksheets, key=lambda ws: ws.title.strip().lower() != SHEET_NAME)
        sheet = next((ws for ws in sheets if _has_header(ws)), sheets[0])
        rows = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            rows.append((number, [_xlsx_cell(c) for c in cells]))
            if len(rows) > MAX_ROWS + 1:
                raise InputError(f"{name} heeft te veel rijen (meer dan {MAX_ROWS:,}).".replace(",", "."))
        return sheet.title, rows
    finally:
        book.close()


def _open_zip(path: Path, kind: str) -> list[zipfile.ZipInfo]:
    """The members of a spreadsheet package, refused when broken or when it unpacks far too big."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputError(f"{name} is geen geldig {kind}: het is beschadigd.") from None
    total = sum(info.file_size for info in members)
    packed = sum(info.compress_size for info in members) or 1
    if total > MAX_XLSX_UNCOMPRESSED or (total > 10 * 2**20 and total / packed > MAX_ZIP_RATIO):
        raise InputError(f"{name} is uitgepakt te groot ({total // 2**20} MB uit {packed // 1024} kB); "
                         "is het wel een resultatenbestand?")
    return members


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def _is_ods(path: Path) -> bool:
    """An OpenDocument spreadsheet (LibreOffice's own .ods): its package names its type first."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").strip() == ODS_MIMETYPE
    except (zipfile.BadZipFile, OSError, KeyError):
        return path.suffix.lower() == ".ods"


def _ods_rows(path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """The rows of the sheet that holds the results, chosen as in an .xlsx, each with its row number as
    LibreOffice shows it. A cell formatted as a percentage is read as one ('57,4 %'), like in an .xlsx."""
    name = str(path)
    _open_zip(path, "LibreOffice-rekenblad (.ods)")
    from odf.opendocument import load as load_ods
    from odf.table import Table

    try:
        document = load_ods(str(path))
        tables = document.spreadsheet.getElementsByType(Table)
    except Exception:  # noqa: BLE001 - odfpy raises many kinds on broken files
        raise InputError(f"{name} is geen leesbaar LibreOffice-rekenblad (.ods): de inhoud is beschadigd. "
                         "Open het in LibreOffice en bewaar het opnieuw.") from None
    if not tables:
        raise InputError(f"Het bestand {name} bevat geen tabbladen.")
    sheets = sorted(tables, key=lambda t: str(t.getAttribute("name") or "").strip().lower() != SHEET_NAME)
    read = [(str(t.getAttribute("name") or ""), _ods_table_rows(t, name)) for t in sheets]
    chosen = next((sheet for sheet in read if _rows_have_header(sheet[1])), read[0])
    return chosen


def _ods_table_rows(table, name: str) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    number = 0
    from odf.table import TableRow

    for row in table.getElementsByType(TableRow):
        repeat = int(row.getAttribute("numberrowsrepeated") or 1)
        cells: list[str] = []
        for cell in row.childNodes:
            if getattr(cell, "qname", ("", ""))[1] not in ("table-cell", "covered-table-cell"):
                continue
            text = _ods_cell(cell)
            times = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            cells.extend([text] * (times if text else min(times, 1_000)))  # an empty tail repeats 16,000 times
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows += [(number + k + 1, cells) for k in range(min(repeat, MAX_ROWS + 2 - len(rows)))]
            if len(rows) > MAX_ROWS + 1:
                raise InputError(f"{name} heeft te veel rijen (meer dan {MAX_ROWS:,}).".replace(",", "."))
        number += repeat
    return rows


def _ods_cell(cell) -> str:
    kind = cell.getAttribute("valuetype")
    value = cell.getAttribute("value")
    if kind == "percentage" and value is not None:
        return repr(round(float(value) * 100, 10)) + "%"
    if kind in ("float", "currency") and value is not None:
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    if kind == "boolean":
        return str(cell.getAttribute("booleanvalue"))
    if kind == "date":
        return str(cell.getAttribute("datevalue"))
    return str(cell).strip()


def _rows_have_header(rows: list[tuple[int, list[str]]]) -> bool:
    return any(_known_columns(cells) >= 3 for _, cells in rows[:HEADER_SEARCH_ROWS])


def _has_header(sheet) -> bool:
    top = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS * 3, values_only=True)
    filled = [row for row in top if any(v not in (None, "") for v in row)][:HEADER_SEARCH_ROWS]
    return any(_known_columns([v for v in row if isinstance(v, str)]) >= 3 for row in filled)


def _xlsx_cell(cell) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if "%" in (getattr(cell, "number_format", "") or ""):
            value = value * 100
            return repr(round(value, 10)) + "%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


# --- common ---------------------------------------------------------------------------------

def normalise_header(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("\ufeff", "").strip().lower())


def _to_frame(rows, name: str, sheet: str | None = None) -> tuple[pd.DataFrame, int]:
    """Rows (a list of (line, cells) or a frame with a _line column) -> (named columns + _bestand, _rij;
    the header's row number). The header is the first of the top rows that names at least three known
    columns; rows above it (a title, a note) are skipped."""
    if isinstance(rows, pd.DataFrame):
        raw = rows
    else:
        width = max((len(cells) for _, cells in rows), default=0)
        raw = pd.DataFrame([cells + [""] * (width - len(cells)) for _, cells in rows], dtype=object)
        raw.insert(0, "_line", [n for n, _ in rows])
    cells = raw.drop(columns="_line").astype(str)
    if not raw.attrs.get("stripped"):
        cells = cells.apply(lambda col: col.str.strip())
    # once, a column at a time: comparing 200,000 cells as one frame costs 6 ms, by column 2 ms
    filled_cells = np.column_stack([cells[c].to_numpy(dtype=object) != "" for c in cells.columns])
    keep_rows = filled_cells.any(axis=1)
    cells, lines, filled_cells = cells[keep_rows], raw["_line"].to_numpy()[keep_rows], filled_cells[keep_rows]
    if cells.empty:
        raise InputError(f"Het bestand {name} bevat geen gegevens.")
    top = [_known_columns(cells.iloc[i].tolist()) for i in range(min(HEADER_SEARCH_ROWS, len(cells)))]
    start = next((i for i, known in enumerate(top) if known >= 3), 0)
    cells, lines = cells.iloc[start:], lines[start:]
    header_row = int(lines[0])
    header = [normalise_header(h) for h in cells.iloc[0].tolist()]
    body, body_filled = cells.iloc[1:], filled_cells[start + 1:]
    named = sum(1 for h in header if h)
    if named >= 3 and len(body):
        lonely = body_filled.sum(axis=1) == 1
        if lonely.sum() > len(body) / 2:
            first = int(lines[1:][lonely][0])
            raise InputError(f"{name} mengt scheidingstekens: de kopregel heeft {named} kolommen, maar de meeste "
                             f"rijen (bv. rij {first}) vallen in één kolom. Bewaar het bestand opnieuw met één "
                             "scheidingsteken (; of ,).")
    # Drop columns without a name that hold nothing (trailing empty columns in Excel exports).
    # body_filled is two-dimensional: any(axis=0) is an array (np.asarray only tells mypy so, no copy)
    filled = np.asarray(body_filled.any(axis=0)) if len(body) else [False] * len(header)
    keep = [i for i, h in enumerate(header) if h or filled[i]]
    problems = [Problem("kolom zonder naam bevat gegevens", file=name, row=header_row,
                        column=f"nr. {i + 1}") for i in keep if not header[i]]
    seen: set[str] = set()
    for i in keep:
        if header[i] and header[i] in seen:
            problems.append(Problem("deze kolom komt twee keer voor", file=name, row=header_row,
                                    column=header[i]))
        seen.add(header[i])
    if problems:
        place = f"tabblad '{sheet}', rij {header_row}" if sheet else f"rij {header_row}"
        raise InputError(f"De kolommen van {name} kloppen niet (kopregel gelezen op {place}; thuis zoekt de "
                         f"kopregel met de kolommen in de eerste {HEADER_SEARCH_ROWS} rijen).", problems)
    frame = body.iloc[:, keep].copy()
    frame.columns = [header[i] for i in keep]
    frame = frame.reset_index(drop=True)
    frame["_bestand"] = name
    frame["_rij"] = lines[1:].astype(int)
    return frame, header_row

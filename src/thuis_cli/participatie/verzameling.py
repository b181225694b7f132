"""Read the actions from a `thuis verzamel` summary (.xlsx sheet 'Acties', or the .csv rows 'Actie')."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import InputError, Problem
from ..verzamel import FORMULA_STARTS

MAX_BYTES = 20 * 1024 * 1024
XLSX_HEADER = ["Nr.", "Wat", "Wie", "Tegen wanneer"]
CSV_HEADER = ["Onderdeel", "Thema", "Vraag of nr.", "Gemeente of wie", "Tekst", "Tegen wanneer"]


def _unguard(text: str) -> str:
    """Undo the apostrophe `verzamel` puts before a cell that would start a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def read_actions(path: Path) -> list[tuple[str, str, str]]:
    """(what, who, by when) per action, in the order of the summary."""
    name = str(path)
    if not path.is_file():
        raise InputError(f"Het bestand {name} bestaat niet.")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"{name} is te groot voor een verzameling van thuis verzamel.")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _from_xlsx(path)
    if suffix == ".csv":
        return _from_csv(path)
    raise InputError(f"{name}: geef de .xlsx of .csv die 'thuis verzamel' schreef "
                     f"(niet {suffix or 'zonder extensie'}).")


def _from_xlsx(path: Path) -> list[tuple[str, str, str]]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InputError(f"{path} is geen leesbaar Excel-bestand (.xlsx).") from None
    try:
        if "Acties" not in book.sheetnames:
            raise InputError(f"{path} is geen verzameling van thuis verzamel.",
                             [Problem("het werkblad 'Acties' ontbreekt", file=str(path))])
        rows = list(book["Acties"].iter_rows(values_only=True))
    finally:
        book.close()
    header = [str(v or "").strip() for v in (rows[0] if rows else ())][:4]
    if header != XLSX_HEADER:
        raise InputError(f"{path} is geen verzameling van thuis verzamel.",
                         [Problem(f"werkblad 'Acties', rij 1: verwacht de kolommen {', '.join(XLSX_HEADER)}",
                                  file=str(path), row=1, value=", ".join(header))])
    actions = []
    for row in rows[1:]:
        cells = [_unguard(str(v)) if v is not None else "" for v in (tuple(row) + ("",) * 4)[:4]]
        if any(cells[1:]):
            actions.append((cells[1], cells[2], cells[3]))
    return actions


def _from_csv(path: Path) -> list[tuple[str, str, str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is geen UTF-8-tekst; gebruik de .csv die 'thuis verzamel --csv' schreef.") from None
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not rows or [c.strip() for c in rows[0]] != CSV_HEADER:
        raise InputError(f"{path} is geen verzameling van thuis verzamel.",
                         [Problem(f"regel 1: verwacht de kolommen {'; '.join(CSV_HEADER)}", file=str(path), line=1)])
    actions = []
    for row in rows[1:]:
        cells = [_unguard(c) for c in (row + [""] * 6)[:6]]
        if cells[0] == "Actie" and (cells[4] or cells[3] or cells[5]):
            actions.append((cells[4], cells[3], cells[5]))
    return actions

"""`thuis verzamel`: read filled-in intervision workbooks and write one summary.

Answers are text from other hands: never code, markup or formulas. Spreadsheet cells are written as
text (a leading =, +, -, @, tab or carriage return cannot start a formula), Markdown escapes markup.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem
from .products.intervisie import ACTION_COLUMNS, ACTION_ROWS, WORKBOOK_KIND, field_name
from .write import atomic_write, safe_join

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_ANSWER_CHARS = 10_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Summary:
    sessie: str
    gemeenten: list[str]
    answers: list[tuple[str, str, str, str]] = field(default_factory=list)  # theme, question, municipality, text
    actions: list[tuple[str, str, str, str]] = field(default_factory=list)  # nr, what, who, when
    followup: tuple[str, str] = ("", "")
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _text(value) -> str:
    text = str(value).replace("\r\n", "\n").replace("\x00", "")
    return text.strip()


def read_workbook(path: Path) -> tuple[dict, dict[str, str]]:
    """The workbook's session data and its filled-in fields (name -> text)."""
    import pikepdf

    name = str(path)
    if not path.is_file():
        raise InputError(f"Het bestand {name} bestaat niet.")
    if path.stat().st_size > MAX_PDF_BYTES:
        raise InputError(f"{name} is te groot voor een werkboek ({path.stat().st_size // 2**20} MB).")
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, ValueError, OSError):
        raise InputError(f"{name} is geen leesbare PDF.") from None
    with pdf:
        raw = pdf.docinfo.get("/thuiswerkboek")
        try:
            meta = json.loads(str(raw)) if raw is not None else None
        except (json.JSONDecodeError, ValueError):
            meta = None
        if not isinstance(meta, dict) or meta.get("soort") != WORKBOOK_KIND:
            raise InputError(f"{name} is geen intervisiewerkboek van thuis.")
        fields: dict[str, str] = {}
        acroform = pdf.Root.get("/AcroForm")
        stack = list(acroform.get("/Fields", [])) if acroform is not None else []
        while stack:
            node = stack.pop()
            if "/T" in node:
                value = node.get("/V")
                fields[str(node.T)] = _text(value) if value is not None else ""
            stack.extend(node.get("/Kids", []))
    return meta, fields


def expected_fields(meta: dict) -> list[str]:
    names = [field_name(t["id"], q["id"], g["slug"]) for t in meta["themas"] for q in meta["vragen"]
             for g in meta["gemeenten"]]
    names += [field_name("actie", str(i), key) for i in range(1, ACTION_ROWS + 1) for key, _ in ACTION_COLUMNS]
    return names + [field_name("opvolging", "afspraken"), field_name("opvolging", "datum")]


def collect(paths: list[Path]) -> Summary:
    if not paths:
        raise InputError("Geef minstens één ingevuld werkboek.")
    workbooks = [(Path(p), *read_workbook(Path(p))) for p in paths]
    first_path, meta, _ = workbooks[0]
    problems = []
    for path, other, _fields in workbooks[1:]:
        if other.get("sessie") != meta.get("sessie"):
            problems.append(Problem(f"hoort bij een andere sessie ({other.get('sessie')}) dan {first_path.name} "
                                    f"({meta.get('sessie')})", file=str(path)))
    expected = expected_fields(meta)
    for path, _meta, fields in workbooks:
        missing = [f for f in expected if f not in fields]
        if missing:
            problems.append(Problem(f"het werkboek mist {len(missing)} velden (bv. {missing[0]}); "
                                    "is het wel een ongewijzigd werkboek van thuis?", file=str(path)))
    if problems:
        raise InputError("De werkboeken passen niet samen:", problems)

    summary = Summary(meta["sessie"], [g["naam"] for g in meta["gemeenten"]],
                      files=[p.name for p, _m, _f in workbooks])
    for path, _meta, fields in workbooks:
        extra = sorted(set(fields) - set(expected))
        if extra:
            summary.notes.append(f"{path.name}: {len(extra)} onbekende velden genegeerd ({', '.join(extra[:3])}).")
        if not any(fields.get(name) for name in expected):
            summary.notes.append(f"{path.name}: het werkboek is niet ingevuld (alle velden zijn leeg). Is het de "
                                 "ingevulde versie, en bewaarde het PDF-programma de velden?")

    def value(name: str) -> str:
        found = []
        for path, _meta, fields in workbooks:
            text = fields.get(name, "")
            if len(text) > MAX_ANSWER_CHARS:
                summary.notes.append(f"{path.name}: het antwoord in {name} is ingekort tot "
                                     f"{MAX_ANSWER_CHARS} tekens (was {len(text)}).")
                text = text[:MAX_ANSWER_CHARS] + " […]"
            if text and text not in [t for _p, t in found]:
                found.append((path.name, text))
        if len(found) > 1:
            return "\n".join(f"[{p}] {t}" for p, t in found)
        return found[0][1] if found else ""

    for theme in meta["themas"]:
        for question in meta["vragen"]:
            for g in meta["gemeenten"]:
                text = value(field_name(theme["id"], question["id"], g["slug"]))
                if text:
                    summary.answers.append((theme["titel"], question["tekst"], g["naam"], text))
    for i in range(1, ACTION_ROWS + 1):
        row = [value(field_name("actie", str(i), key)) for key, _ in ACTION_COLUMNS]
        if any(row):
            summary.actions.append((str(i), *row))
    summary.followup = (value(field_name("opvolging", "afspraken")), value(field_name("opvolging", "datum")))
    from .notices import warn

    for note in summary.notes:  # the user sees them now, not only in the .md
        warn(note)
    return summary


# --- output -----------------------------------------------------------------------------------

def as_spreadsheet_text(text: str) -> str:
    """A cell that could start a formula gets a leading apostrophe (CSV); see also _xlsx()."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _md(text: str, indent: str = "") -> str:
    """Text as Markdown that shows it literally. Line breaks stay line breaks; `indent` keeps the next
    lines inside a list item, and a line that would start a list or a heading there is escaped."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_[]|#":
        escaped = escaped.replace(char, "\\" + char)
    lines = [re.sub(r"^(\s*\d+)([.)]\s)", r"\1\\\2", re.sub(r"^(\s*)([-+]\s)", r"\1\\\2", line)) if i else line
             for i, line in enumerate(escaped.split("\n"))]
    return ("  \n" + indent).join(lines)


def _tables(summary: Summary) -> dict[str, list[list[str]]]:
    return {
        "Bespreking": [["Thema", "Vraag", "Gemeente", "Antwoord"], *map(list, summary.answers)],
        "Acties": [["Nr.", "Wat", "Wie", "Tegen wanneer"], *map(list, summary.actions)],
        "Opvolging": [["Afspraken", "Datum"], list(summary.followup)],
    }


COLUMN_WIDTHS = {  # in characters; long texts wrap inside their column
    "Bespreking": [28, 45, 18, 80],
    "Acties": [6, 60, 24, 18],
    "Opvolging": [80, 24],
}


def _xlsx(summary: Summary) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.remove(book.active)
    wrap, bold = Alignment(wrap_text=True, vertical="top"), Font(bold=True)
    for title, rows in _tables(summary).items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(r, c)
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # always text: a leading = never becomes a formula
                cell.alignment = wrap
                if r == 1:
                    cell.font = bold
        for c, width in enumerate(COLUMN_WIDTHS[title], start=1):
            sheet.column_dimensions[get_column_letter(c)].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.properties.creator = "thuis"
    import datetime as dt

    fixed = dt.datetime(2020, 1, 1)
    book.properties.created = book.properties.modified = fixed
    book.save(buffer)
    return buffer.getvalue()


def _markdown(summary: Summary) -> str:
    lines = [f"# Intervisie woontest: {_md(' – '.join(summary.gemeenten))}", "",
             f"Sessiecode {summary.sessie}. Samengevoegd uit: {_md(', '.join(summary.files))}.", ""]
    current_theme = current_question = None
    for theme, question, municipality, text in summary.answers:
        if theme != current_theme:
            lines += [f"## {_md(theme)}", ""]
            current_theme, current_question = theme, None
        if question != current_question:
            lines += [f"### {_md(question)}", ""]
            current_question = question
        lines += [f"- **{_md(municipality)}**: {_md(text, indent='  ')}"]
    lines += ["", "## Acties", "", "| Nr. | Wat | Wie | Tegen wanneer |", "| --- | --- | --- | --- |"]
    lines += [f"| {' | '.join(_md(v).replace(chr(10), ' ') for v in row)} |" for row in summary.actions]
    lines += ["", "## Opvolging", "", f"Afspraken: {_md(summary.followup[0]) or '–'}", "",
              f"Volgende bijeenkomst: {_md(summary.followup[1]) or '–'}", ""]
    if summary.notes:
        lines += ["## Opmerkingen", ""] + [f"- {_md(n, indent='  ')}" for n in summary.notes] + [""]
    return "\n".join(lines)


def write_summary(summary: Summary, out: Path, as_csv: bool = False) -> list[Path]:
    folder_parts = ("intervisie",)
    base = f"verzameling-{summary.sessie}"
    written = []
    if as_csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Onderdeel", "Thema", "Vraag of nr.", "Gemeente of wie", "Tekst", "Tegen wanneer"])
        for theme, question, municipality, text in summary.answers:
            writer.writerow(map(as_spreadsheet_text, ["Bespreking", theme, question, municipality, text, ""]))
        for nr, what, who, when in summary.actions:
            writer.writerow(map(as_spreadsheet_text, ["Actie", "", nr, who, what, when]))
        writer.writerow(map(as_spreadsheet_text, ["Opvolging", "", "", "", summary.followup[0], summary.followup[1]]))
        written.append(atomic_write(safe_join(out, *folder_parts, base + ".csv"),
                                    buffer.getvalue().encode("utf-8-sig")))
    else:
        written.append(atomic_write(safe_join(out, *folder_parts, base + ".xlsx"), _xlsx(summary)))
    written.append(atomic_write(safe_join(out, *folder_parts, base + ".md"), _markdown(summary).encode("utf-8")))
    return written

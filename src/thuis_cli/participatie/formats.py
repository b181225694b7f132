"""The files each platform imports, as bytes. Pure functions: items and ids in, bytes out.

Decidim (decidim-admin `Import::Readers::CSV/XLSX`, decidim-proposals `ProposalCreator`): the first
row holds the headers; `title/<locale>` and `body/<locale>` are required for the organisation's default
locale; `scope/id` and `taxonomies/ids` (comma-separated) are optional; an `id` column is dropped. The
CSV reader is Ruby's `CSV.read(file, col_sep: ";")` without a BOM option, so the file has no BOM (a
BOM would become part of the first header). Cells are read literally: an apostrophe stays in the text.

Go Vocal (public API v2, `POST /api/v2/ideas`): the request body is `{"idea": {...}}` with
`project_id`, `title_multiloc`, `body_multiloc`, `topic_ids`, `phase_ids`.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re

from ..verzamel import FORMULA_STARTS
from .items import Onderwerp

# Bodies in the simple HTML both platforms accept: paragraphs, everything else escaped.
#
# Decidim shows a proposal's body as sanitised HTML only when it counts as safe: an official proposal
# (imports are official since decidim/decidim#17301, July 2026) or an organisation with the rich text
# editor in public views. Otherwise (imports by an admin in the versions before that, most platforms)
# it strips the tags and runs `simple_format`, which makes paragraphs of text separated by blank
# lines. A blank line between the <p> elements makes both read as paragraphs; without it strip_tags
# glued "...3 op de 10.Wat doet de gemeente?...".
DECIDIM_BETWEEN = "\n\n"


def body_html(item: Onderwerp, between: str = "") -> str:
    return between.join(f"<p>{html.escape(p, quote=False)}</p>" for p in item.alineas)


def csv_cell(value: str) -> str:
    """A cell a spreadsheet would read as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def guarded_cells(rows: list[list[str]]) -> int:
    return sum(1 for row in rows for v in row if v.startswith(FORMULA_STARTS))


def _csv(rows: list[list[str]], bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def _xlsx(rows: list[list[str]], sheet_title: str) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"  # always text: '=...' stays text, '12,14' never becomes a number
    return reproducible_xlsx(book)


def reproducible_xlsx(book) -> bytes:
    """An openpyxl workbook as bytes that depend on its content only: fixed core properties and zip
    entry times (openpyxl stamps both with the clock). Also for the XLSForm of thuis vragenlijst."""
    book.properties.creator = "thuis"
    book.properties.created = book.properties.modified = dt.datetime(2020, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """openpyxl stamps the zip entries and the core properties with the clock; the same input should give the
    same bytes."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets 'modified' to now on save
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", content)
            target.writestr(fixed, content)
    return out.getvalue()


# --- Decidim ----------------------------------------------------------------------------------

def decidim_rows(items: list[Onderwerp], taal: str = "nl", scope: int | None = None,
                 taxonomieen: list[int] | tuple[int, ...] = ()) -> list[list[str]]:
    header = [f"title/{taal}", f"body/{taal}"]
    extra = []
    if scope is not None:
        header.append("scope/id")
        extra.append(str(scope))
    if taxonomieen:
        header.append("taxonomies/ids")
        extra.append(",".join(str(t) for t in taxonomieen))
    return [header] + [[item.titel, body_html(item, DECIDIM_BETWEEN), *extra] for item in items]


def decidim_csv(rows: list[list[str]]) -> bytes:
    return _csv(rows, bom=False)


def decidim_xlsx(rows: list[list[str]], sheet_title: str = "Voorstellen") -> bytes:
    """`sheet_title`: woorden/participatie.html 'blad' (the default serves a caller without templates)."""
    return _xlsx(rows, sheet_title[:31])


# --- Go Vocal ---------------------------------------------------------------------------------

def govocal_ideas(items: list[Onderwerp], project_id: str | None, topic_ids=(), phase_ids=(),
                  taal: str = "nl-BE") -> list[dict]:
    """One request body per idea for `POST /api/v2/ideas`."""
    ideas = []
    for item in items:
        idea: dict[str, object] = {"project_id": project_id,  # null until the config or environment names it
                                   "title_multiloc": {taal: item.titel},
                                   "body_multiloc": {taal: body_html(item)}}
        if topic_ids:
            idea["topic_ids"] = list(topic_ids)
        if phase_ids:
            idea["phase_ids"] = list(phase_ids)
        ideas.append({"idea": idea})
    return ideas


def govocal_json(ideas: list[dict]) -> bytes:
    return (json.dumps(ideas, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- generic ----------------------------------------------------------------------------------

GENERIC_HEADER = ["titel", "tekst", "soort", "thema", "indicator", "cijfer", "n", "plan", "meerjarenplan"]


def generic_rows(items: list[Onderwerp]) -> list[list[str]]:
    rows = [GENERIC_HEADER]
    for item in items:
        rows.append([item.titel, item.tekst, item.soort, item.thema, item.indicator, item.cijfer,
                     "" if item.n is None else str(round(item.n)),
                     " | ".join(p.tekst for p in item.plannen),
                     " | ".join(p.meerjarenplan for p in item.plannen if p.meerjarenplan)])
    return rows


def generic_csv(rows: list[list[str]]) -> bytes:
    """For any other platform and for people: UTF-8 with BOM so that Excel shows accents."""
    return _csv(rows, bom=True)

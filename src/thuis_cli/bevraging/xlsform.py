"""The questionnaire as an XLSForm (.xlsx) that KoboToolbox and ODK import.

Three sheets, as the XLSForm standard has them (https://xlsform.org): `survey` (type, name, label, hint,
constraint), `choices` (list_name, name, label) and `settings` (form_title, form_id, version,
default_language). Labels are Dutch in the column `label::Nederlands (nl)`, the language name with its
code as KoboToolbox wants it. One group per theme (begin_group/end_group), the profile group last;
`select_one` for a single choice, `select_multiple` for a multiple choice (with a constraint when a
resident may tick only some). A question's name is the indicator id and a choice's name the answer id,
so a KoboToolbox export names its columns and values in the catalogue's words.
"""

from __future__ import annotations

from pathlib import Path

from .vragenlijst import Vragenlijst, xml_name

LANGUAGE = "Nederlands (nl)"
SURVEY_COLUMNS = ("type", "name", f"label::{LANGUAGE}", f"hint::{LANGUAGE}", "constraint",
                  f"constraint_message::{LANGUAGE}", "appearance")
CHOICE_COLUMNS = ("list_name", "name", f"label::{LANGUAGE}")
SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language")


def form_id(vl: Vragenlijst) -> str:
    return xml_name(f"woonbevraging_{vl.gemeente_slug.replace('-', '_')}")


def sheets(vl: Vragenlijst, templates: Path | None = None) -> dict[str, list[dict[str, str]]]:
    """The three sheets as rows of column -> cell (pyxform reads this same shape)."""
    from . import teksten

    label, hint = f"label::{LANGUAGE}", f"hint::{LANGUAGE}"
    survey: list[dict[str, str]] = [
        {"type": "note", "name": "thuis_welkom", label: teksten.welkom(vl, templates)}]
    choices: list[dict[str, str]] = []
    for group in vl.groepen:
        survey.append({"type": "begin_group", "name": xml_name(group.thema),
                       label: teksten.groepstitel(group, templates), "appearance": "field-list"})
        if uitleg := teksten.groepsuitleg(group, templates):
            survey.append({"type": "note", "name": f"thuis_uitleg_{xml_name(group.thema)}", label: uitleg})
        for vraag in group.vragen:
            row = {"type": f"{'select_multiple' if vraag.meervoudig else 'select_one'} {vraag.naam}",
                   "name": vraag.naam, label: vraag.tekst, hint: teksten.hint(vraag, templates)}
            if vraag.beperkt is not None:
                row["constraint"] = f"count-selected(.) <= {vraag.beperkt}"
                row[f"constraint_message::{LANGUAGE}"] = row[hint]
            survey.append(row)
            choices += [{"list_name": vraag.naam, "name": k.id, label: k.label} for k in vraag.keuzes]
        survey.append({"type": "end_group", "name": ""})
    survey.append({"type": "note", "name": "thuis_einde", label: teksten.einde(vl, templates)})
    settings = [{"form_title": vl.titel, "form_id": form_id(vl), "version": vl.sleutel[:10],
                 "default_language": LANGUAGE}]
    return {"survey": survey, "choices": choices, "settings": settings}


def workbook(vl: Vragenlijst, templates: Path | None = None) -> bytes:
    """The .xlsx, byte for byte the same for the same questionnaire (fixed dates in the file and its zip)."""
    import openpyxl
    from openpyxl.styles import Font

    from ..participatie.formats import reproducible_xlsx

    book = openpyxl.Workbook()
    book.remove(book.active)
    columns = {"survey": SURVEY_COLUMNS, "choices": CHOICE_COLUMNS, "settings": SETTINGS_COLUMNS}
    for name, rows in sheets(vl, templates).items():
        sheet = book.create_sheet(name)
        sheet.append(list(columns[name]))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([row.get(column, "") or None for column in columns[name]])
            for cell in sheet[sheet.max_row]:
                cell.data_type = "s" if cell.value is not None else cell.data_type
        sheet.freeze_panes = "A2"
    return reproducible_xlsx(book)

"""The questionnaire as a LimeSurvey survey structure file (.lss), as LimeSurvey 6 exports and imports it.

Checked against LimeSurvey's importer (`application/helpers/admin/import_helper.php`, `XMLImportSurvey`,
and the models it saves through; docs/bevraging.md says which version and what was checked):

- the root holds `LimeSurveyDocType` 'Survey', `DBVersion` and the `languages`;
- `surveys` (one row: `sid`, `language`, ...; unknown columns are dropped with a warning) and
  `surveys_languagesettings` (`surveyls_survey_id`, `surveyls_language`, `surveyls_title`, ...);
- `groups` (`gid`, `sid`, `group_order`, ...) with their texts in `group_l10ns` (`gid`, `group_name`,
  `description`, `language`);
- `questions` (`qid`, `parent_qid` 0, `sid`, `gid` of a group, `type`, `title` = the question code, ...)
  and `subquestions` (the same columns, `parent_qid` a question's `qid`); both share one id space in the
  importer, so every `qid` is unique over the two; their texts in `question_l10ns` (`qid`, `question`,
  `help`, `language`);
- `answers` (`aid`, `qid`, `code`, `sortorder`, `assessment_value`, `scale_id`) with their texts in
  `answer_l10ns` (`aid`, `answer`, `language`);
- `question_attributes` (`qid`, `attribute`, `value`, `language`).

Single choices (enkelvoudig, schaal, afweging) are list radio questions (type L) with answer codes
A1..An in the catalogue's order; a multiple choice (meervoudig) is type M with subquestions SQ001..;
nobody is obliged to answer (mandatory N). Ids are numbered from 1; the survey id comes from the
questionnaire's fingerprint (LimeSurvey takes it when it is free and assigns another otherwise).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path

from .vragenlijst import Vragenlijst

DOC_TYPE = "Survey"
DB_VERSION = 631  # application/config/version.php of LimeSurvey 6.13.2 (dbversionnumber)
LANGUAGE = "nl"
QUESTION_THEMES = {"L": "listradio", "M": "multiplechoice"}

SURVEY_FIELDS = ("sid", "gsid", "language", "additional_languages", "anonymized", "format", "datestamp",
                 "ipaddr", "ipanonymize", "refurl", "allowprev", "showprogress", "questionindex", "usecookie")
LANGUAGE_FIELDS = ("surveyls_survey_id", "surveyls_language", "surveyls_title", "surveyls_description",
                   "surveyls_welcometext", "surveyls_endtext", "surveyls_numberformat")
GROUP_FIELDS = ("gid", "sid", "group_order", "randomization_group", "grelevance")
GROUP_L10N_FIELDS = ("id", "gid", "group_name", "description", "language")
QUESTION_FIELDS = ("qid", "parent_qid", "sid", "gid", "type", "title", "preg", "other", "mandatory", "encrypted",
                   "question_order", "scale_id", "same_default", "relevance", "question_theme_name", "modulename")
QUESTION_L10N_FIELDS = ("id", "qid", "question", "help", "script", "language")
ANSWER_FIELDS = ("aid", "qid", "code", "sortorder", "assessment_value", "scale_id")
ANSWER_L10N_FIELDS = ("id", "aid", "answer", "language")
ATTRIBUTE_FIELDS = ("qid", "attribute", "value", "language")


def survey_id(vl: Vragenlijst) -> int:
    """A six-digit survey id from the questionnaire's fingerprint (LimeSurvey's own are 5 or 6 digits)."""
    return 100000 + int(vl.sleutel[:12], 16) % 900000


def _paragraphs(text: str) -> str:
    """Plain text as LimeSurvey's HTML: one <p> per paragraph (blank line), escaped."""
    return "".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def survey_xml(vl: Vragenlijst, templates: Path | None = None) -> bytes:
    from . import teksten

    sid = survey_id(vl)
    tables: dict[str, list[dict[str, object]]] = {name: [] for name in (
        "answers", "answer_l10ns", "groups", "group_l10ns", "questions", "subquestions", "question_l10ns",
        "question_attributes")}
    qid = 0
    subquestions = []
    aid = 0
    for order, group in enumerate(vl.groepen, start=1):
        gid = order
        tables["groups"].append({"gid": gid, "sid": sid, "group_order": order, "randomization_group": "",
                                 "grelevance": "1"})
        tables["group_l10ns"].append({"id": gid, "gid": gid, "group_name": teksten.groepstitel(group, templates),
                                      "description": _paragraphs(teksten.groepsuitleg(group, templates)),
                                      "language": LANGUAGE})
        for q_order, vraag in enumerate(group.vragen, start=1):
            qid += 1
            kind = "M" if vraag.meervoudig else "L"
            tables["questions"].append(_question_row(qid, 0, sid, gid, kind, vraag.code, q_order))
            tables["question_l10ns"].append({"qid": qid, "question": _paragraphs(vraag.tekst),
                                             "help": teksten.hint(vraag, templates), "script": "",
                                             "language": LANGUAGE})
            if vraag.meervoudig:
                subquestions.append((qid, gid, vraag))
                if vraag.beperkt is not None:
                    tables["question_attributes"].append({"qid": qid, "attribute": "max_answers",
                                                          "value": vraag.beperkt, "language": ""})
            else:
                for sort, keuze in enumerate(vraag.keuzes, start=1):
                    aid += 1
                    tables["answers"].append({"aid": aid, "qid": qid, "code": keuze.code, "sortorder": sort,
                                              "assessment_value": 0, "scale_id": 0})
                    tables["answer_l10ns"].append({"id": aid, "aid": aid, "answer": keuze.label,
                                                   "language": LANGUAGE})
    for parent, gid, vraag in subquestions:  # after every question: one id space, questions first
        for sort, keuze in enumerate(vraag.keuzes, start=1):
            qid += 1
            tables["subquestions"].append(_question_row(qid, parent, sid, gid, "M", keuze.code, sort))
            tables["question_l10ns"].append({"qid": qid, "question": keuze.label, "help": "", "script": "",
                                             "language": LANGUAGE})
    for n, row in enumerate(tables["question_l10ns"], start=1):
        row["id"] = n

    root = ET.Element("document")
    ET.SubElement(root, "LimeSurveyDocType").text = DOC_TYPE
    ET.SubElement(root, "DBVersion").text = str(DB_VERSION)
    languages = ET.SubElement(root, "languages")
    ET.SubElement(languages, "language").text = LANGUAGE
    fields = {"answers": ANSWER_FIELDS, "answer_l10ns": ANSWER_L10N_FIELDS, "groups": GROUP_FIELDS,
              "group_l10ns": GROUP_L10N_FIELDS, "questions": QUESTION_FIELDS, "subquestions": QUESTION_FIELDS,
              "question_l10ns": QUESTION_L10N_FIELDS, "question_attributes": ATTRIBUTE_FIELDS}
    for name, rows in tables.items():
        if rows:  # an empty table is left out, as LimeSurvey's own export does
            _table(root, name, fields[name], rows)
    _table(root, "surveys", SURVEY_FIELDS, [{
        "sid": sid, "gsid": 1, "language": LANGUAGE, "additional_languages": "",
        "anonymized": "Y",  # responses are not linked to a participant
        "format": "G", "datestamp": "Y",  # group by group; submitdate holds the real date
        "ipaddr": "N", "ipanonymize": "Y", "refurl": "N", "allowprev": "Y", "showprogress": "Y",
        "questionindex": 0, "usecookie": "N"}])
    _table(root, "surveys_languagesettings", LANGUAGE_FIELDS, [{
        "surveyls_survey_id": sid, "surveyls_language": LANGUAGE, "surveyls_title": vl.titel,
        "surveyls_description": _paragraphs(teksten.beschrijving(vl, templates)),
        "surveyls_welcometext": _paragraphs(teksten.welkom(vl, templates)),
        "surveyls_endtext": _paragraphs(teksten.einde(vl, templates)),
        "surveyls_numberformat": 1}])  # decimal comma
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                     xml_declaration=False) + b"\n"


def _question_row(qid: int, parent: int, sid: int, gid: int, kind: str, code: str, order: int) -> dict[str, object]:
    return {"qid": qid, "parent_qid": parent, "sid": sid, "gid": gid, "type": kind, "title": code, "preg": "",
            "other": "N", "mandatory": "N", "encrypted": "N", "question_order": order, "scale_id": 0,
            "same_default": 0, "relevance": "1",
            "question_theme_name": QUESTION_THEMES[kind] if parent == 0 else "", "modulename": ""}


def _table(root: ET.Element, name: str, fields: tuple[str, ...], rows: list[dict[str, object]]) -> None:
    table = ET.SubElement(root, name)
    names = ET.SubElement(table, "fields")
    for field in fields:
        ET.SubElement(names, "fieldname").text = field
    body = ET.SubElement(table, "rows")
    for row in rows:
        element = ET.SubElement(body, "row")
        for field in fields:
            value = row.get(field, "")
            cell = ET.SubElement(element, field)
            if value != "":
                cell.text = str(value)

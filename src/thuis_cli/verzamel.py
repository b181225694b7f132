"""`thuis verzamel`: read the filled-in copies of one intervision session and write one summary.

A session has a facilitator copy (the session, the people at the table, the opening round, the joint
actions, the follow-up) and a copy per municipality (its answers to the four questions per theme);
each copy says in its metadata which session it belongs to and whose it is. Copies of another session
are refused; a missing copy is reported.

Answers are text from other hands: never code, markup or formulas. Spreadsheet cells are written as
text (a leading =, +, -, @, tab or carriage return cannot start a formula), Markdown escapes markup
(the `md` filter of the template `verzameling.md`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import fmt
from .errors import InputError, Problem
from .products.intervisie import (ACTION_COLUMNS, ACTION_EXTRA, FACILITATOR, GROUP_NOTES, OWN, PRACTICE,
                                  PRACTICE_PARTS, TAKEAWAY, TAKEAWAY_ACTIONS, WORKBOOK_KIND, answer_fields,
                                  conclusion_field, field_name, joint_action_field, practice_fields, session_fields)
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
    session: tuple[str, str] = ("", "")  # date, place
    people: list[tuple[str, str, str]] = field(default_factory=list)  # municipality, name, role
    opening: list[tuple[str, str]] = field(default_factory=list)  # municipality, text
    missing: list[str] = field(default_factory=list)  # whose copy is missing ('de facilitator', 'Herent')


@dataclass
class Copy:
    path: Path
    meta: dict
    fields: dict[str, str]

    @property
    def owner(self) -> str:
        return str(self.meta.get("exemplaar", ""))


def _text(value) -> str:
    text = str(value).replace("\r\n", "\n").replace("\x00", "")
    return text.strip()


def read_workbook(path: Path) -> tuple[dict, dict[str, str]]:
    """The copy's session data and its filled-in fields (name -> text)."""
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
    """The fields a copy has: the facilitator's session fields, or a municipality's answers."""
    practices = (practice_fields(str(meta.get("exemplaar")), [g["slug"] for g in meta["gemeenten"]])
                 if PRACTICE in meta.get("velden", ()) else [])
    if meta.get("exemplaar") == FACILITATOR:
        conclusions = [t["id"] for t in meta["themas"]] if "conclusie" in meta.get("velden", ()) else []
        return session_fields([g["slug"] for g in meta["gemeenten"]], int(meta.get("tafelrijen", 0)),
                              conclusions) + practices
    return answer_fields([t["id"] for t in meta["themas"]], str(meta.get("exemplaar")), OWN in meta.get("velden", ()),
                         TAKEAWAY in meta.get("velden", ()), GROUP_NOTES in meta.get("velden", ())) + practices


def _check(copies: list[Copy]) -> list[Problem]:
    """Problems that stop the merge: an old workbook, a stranger, a copy of another session, a copy
    that is not whole."""
    problems = []
    first = copies[0]
    for c in copies:
        slugs = [g.get("slug") for g in c.meta.get("gemeenten", []) if isinstance(g, dict)]
        if "exemplaar" not in c.meta:
            problems.append(Problem("is een werkboek van een oudere versie van thuis (één werkboek voor alle "
                                    "gemeenten); maak de exemplaren opnieuw met 'thuis intervisie'", file=str(c.path)))
        elif c.owner != FACILITATOR and c.owner not in slugs:
            problems.append(Problem(f"zegt niet van wie het is (exemplaar '{c.owner}')", file=str(c.path)))
        elif c.meta.get("sessie") != first.meta.get("sessie"):
            problems.append(Problem(f"hoort bij een andere sessie ({c.meta.get('sessie')}) dan {first.path.name} "
                                    f"({first.meta.get('sessie')})", file=str(c.path)))
        else:
            missing = [f for f in expected_fields(c.meta) if f not in c.fields]
            if missing:
                problems.append(Problem(f"het werkboek mist {len(missing)} velden (bv. {missing[0]}); "
                                        "is het wel een ongewijzigd werkboek van thuis?", file=str(c.path)))
    return problems


def collect(paths: list[Path]) -> Summary:
    if not paths:
        raise InputError("Geef minstens één ingevuld werkboek.")
    copies = [Copy(Path(p), *read_workbook(Path(p))) for p in paths]
    problems = _check(copies)
    if problems:
        raise InputError("De werkboeken passen niet samen:", problems)

    meta = copies[0].meta
    municipalities = meta["gemeenten"]
    names = {g["slug"]: g["naam"] for g in municipalities}
    summary = Summary(meta["sessie"], [g["naam"] for g in municipalities], files=[c.path.name for c in copies])
    by_owner: dict[str, list[Copy]] = {}
    for c in copies:
        by_owner.setdefault(c.owner, []).append(c)
    if FACILITATOR not in by_owner:
        summary.missing.append("de facilitator")
        summary.notes.append("Het exemplaar van de facilitator ontbreekt: de sessie, wie aan tafel zat, de "
                             "openingsronde, de acties en de opvolging staan niet in het overzicht.")
    for g in municipalities:
        if g["slug"] not in by_owner:
            summary.missing.append(g["naam"])
            summary.notes.append(f"Het exemplaar van {g['naam']} ontbreekt: de antwoorden van {g['naam']} staan "
                                 "niet in het overzicht.")
    for owner, same in by_owner.items():
        if len(same) > 1:
            whose = "de facilitator" if owner == FACILITATOR else names[owner]
            summary.notes.append(f"{len(same)} exemplaren van {whose} ({', '.join(c.path.name for c in same)}): "
                                 "waar ze verschillen, staan beide antwoorden in het overzicht.")
    for c in copies:
        expected = expected_fields(c.meta)
        extra = sorted(set(c.fields) - set(expected))
        if extra:
            summary.notes.append(f"{c.path.name}: {len(extra)} onbekende velden genegeerd ({', '.join(extra[:3])}).")
        if not any(c.fields.get(name) for name in expected):
            summary.notes.append(f"{c.path.name}: het werkboek is niet ingevuld (alle velden zijn leeg). Is het de "
                                 "ingevulde versie, en bewaarde het PDF-programma de velden?")

    def value(owner: str, name: str, label: str) -> str:
        """The text of field `name` in the owner's copies; `label` names the field for a reader."""
        found: list[tuple[str, str]] = []  # (file name, text)
        for c in by_owner.get(owner, []):
            text = c.fields.get(name, "")
            if len(text) > MAX_ANSWER_CHARS:
                summary.notes.append(f"{c.path.name}: {label} is ingekort tot {fmt.count(MAX_ANSWER_CHARS)} tekens "
                                     f"(was {fmt.count(len(text))}).")
                text = text[:MAX_ANSWER_CHARS] + " […]"
            if text and text not in [t for _p, t in found]:
                found.append((c.path.name, text))
        if len(found) > 1:
            return "\n".join(f"[{p}] {t}" for p, t in found)
        return found[0][1] if found else ""

    session = FACILITATOR
    summary.session = (value(session, field_name("sessie", "datum"), "de datum van de sessie"),
                       value(session, field_name("sessie", "plaats"), "de plaats van de sessie"))
    for role in meta.get("rollen", ()):  # who led, noted and kept the time (page 1 of the facilitator copy)
        if who := value(session, field_name("sessie", role), f"de {role} van de sessie"):
            summary.people.append(("de sessie", who, role))
    rows = int(meta.get("tafelrijen", 0))
    for g in municipalities:
        for i in range(1, rows + 1):
            person = [value(session, field_name("tafel", g["slug"], str(i), part),
                            f"de {part} op rij {i} van {g['naam']} aan tafel") for part in ("naam", "rol")]
            if any(person):
                summary.people.append((g["naam"], *person))
    for g in municipalities:
        text = value(session, field_name("opening", g["slug"]), f"de openingsronde van {g['naam']}")
        if text:
            summary.opening.append((g["naam"], text))
    for question in meta.get("eigen", []) if OWN in meta.get("velden", ()) else []:  # filled before the session
        for g in municipalities:
            text = value(g["slug"], field_name(OWN, question["id"], g["slug"]),
                         f"het antwoord van {g['naam']} op '{question['tekst']}' (voor de eigen gemeente)")
            if text:
                summary.answers.append(("Voor de eigen gemeente", question["tekst"], g["naam"], text))
    for theme in meta["themas"]:
        for question in meta["vragen"]:
            for g in municipalities:
                text = value(g["slug"], field_name(theme["id"], question["id"], g["slug"]),
                             f"het antwoord van {g['naam']} op '{question['tekst']}' ({theme['titel']})")
                if text:
                    summary.answers.append((theme["titel"], question["tekst"], g["naam"], text))
    for theme in meta["themas"] if "conclusie" in meta.get("velden", ()) else ():
        text = value(session, conclusion_field(theme["id"]), f"het besluit over '{theme['titel']}'")
        if text:
            summary.answers.append((theme["titel"], "Besluit van de groep", "de groep", text))
    for g in municipalities if GROUP_NOTES in meta.get("velden", ()) else ():  # what a municipality noted itself
        for theme in meta["themas"]:
            text = value(g["slug"], conclusion_field(theme["id"], g["slug"]),
                         f"het besluit over '{theme['titel']}' van {g['naam']}")
            if text:
                summary.answers.append((theme["titel"], "Besluit van de groep", f"genoteerd door {g['naam']}", text))
        for i in range(1, int(meta.get("actierijen", 0)) + 1):
            parts = [value(g["slug"], joint_action_field(i, key, g["slug"]), f"actie {i} van {g['naam']}")
                     for key in ("thema", "wat", "stap", "wie", "wanneer")]
            text = "; ".join(f"{title}: {p}" for title, p in
                             zip(("Thema", "Wat", "Eerste stap", "Wie", "Tegen wanneer"), parts) if p)
            if text:
                summary.answers.append(("Gezamenlijke acties", f"Actie {i}", f"genoteerd door {g['naam']}", text))
    if PRACTICE in meta.get("velden", ()):  # the notes on each municipality's approach, in every copy
        for owner in by_owner:
            noted_by = "de facilitator" if owner == FACILITATOR else names[owner]
            for g in municipalities:
                parts = [value(owner, field_name(PRACTICE, owner, g["slug"], part), f"{title} van {g['naam']}")
                         for part, title in zip(PRACTICE_PARTS, ("de aanpak", "wat werkt", "het contact"))]
                text = "; ".join(f"{title}: {p}" for title, p in zip(("Aanpak", "Wat werkt", "Contact"), parts) if p)
                if text:
                    summary.answers.append(("Praktijken uitwisselen", f"Aanpak van {g['naam']}", noted_by, text))
    for i in range(1, int(meta.get("actierijen", 0)) + 1):
        what, who, when = (value(session, field_name("actie", str(i), key), f"actie {i}, '{title}'")
                           for key, title in zip(ACTION_COLUMNS, ("Wat", "Wie", "Tegen wanneer")))
        added = {key: value(session, field_name("actie", str(i), key), f"actie {i}, '{key}'")
                 for key in meta.get("actie_extra", ())}  # the theme and first step, on newer copies
        theme, step = added.get("thema", ""), added.get("stap", "")
        what = " ".join(p for p in (f"[{theme}]" if theme else "", what, f"(eerste stap: {step})" if step else "") if p)
        if what or who or when:
            summary.actions.append((str(i), what, who, when))
    for g in municipalities if TAKEAWAY in meta.get("velden", ()) else ():  # each municipality's own page
        for i in range(1, 10):
            taken = [value(g["slug"], field_name(TAKEAWAY, g["slug"], "persoon", str(i), part),
                           f"de {part} op rij {i} van {g['naam']}") for part in ("naam", "rol")]
            if any(taken):
                summary.people.append((g["naam"], *taken))
        for i in range(1, 10):
            what, who, when = (value(g["slug"], field_name(TAKEAWAY, g["slug"], "actie", str(i), key),
                                     f"eigen actie {i} van {g['naam']}") for key in ACTION_COLUMNS)
            if GROUP_NOTES in meta.get("velden", ()) and i <= TAKEAWAY_ACTIONS:  # with its theme and first step
                theme, step = (value(g["slug"], field_name(TAKEAWAY, g["slug"], "actie", str(i), key),
                                     f"eigen actie {i} van {g['naam']}") for key in ACTION_EXTRA)
                what = " ".join(p for p in (f"[{theme}]" if theme else "", what,
                                            f"(eerste stap: {step})" if step else "") if p)
            if what or who or when:
                summary.actions.append((f"{g['naam']} {i}", what, who, when))
    summary.followup = (value(session, field_name("opvolging", "afspraken"), "de afspraken"),
                        value(session, field_name("opvolging", "datum"), "de volgende bijeenkomst"))
    from .notices import warn

    for note in summary.notes:  # the user sees them now, not only in the .md
        warn(note)
    return summary


# --- output -----------------------------------------------------------------------------------

def as_spreadsheet_text(text: str) -> str:
    """A cell that could start a formula gets a leading apostrophe (CSV); see also _xlsx()."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _tables(summary: Summary) -> dict[str, list[list[str]]]:
    return {
        "Sessie": [["Onderdeel", "Gemeente", "Naam of tekst", "Rol"], ["Datum", "", summary.session[0], ""],
                   ["Plaats", "", summary.session[1], ""],
                   *(["Aan tafel", g, name, role] for g, name, role in summary.people),
                   *(["Openingsronde", g, text, ""] for g, text in summary.opening)],
        "Bespreking": [["Thema", "Vraag", "Gemeente", "Antwoord"], *map(list, summary.answers)],
        "Acties": [["Nr.", "Wat", "Wie", "Tegen wanneer"], *map(list, summary.actions)],
        "Opvolging": [["Afspraken", "Datum"], list(summary.followup)],
    }


COLUMN_WIDTHS = {  # in characters; long texts wrap inside their column
    "Sessie": [16, 18, 80, 30],
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
    """The summary as Markdown, from the template `verzameling.md` (answers escaped by its `md` filter)."""
    from .templating import render_html

    themes: list[dict] = []
    for theme, question, municipality, text in summary.answers:
        if not themes or themes[-1]["titel"] != theme:
            themes.append({"titel": theme, "vragen": []})
        questions = themes[-1]["vragen"]
        if not questions or questions[-1]["tekst"] != question:
            questions.append({"tekst": question, "antwoorden": []})
        questions[-1]["antwoorden"].append({"gemeente": municipality, "tekst": text})
    return render_html("verzameling.md", {
        "gemeenten": summary.gemeenten, "sessie": summary.sessie, "bestanden": summary.files,
        "datum": summary.session[0], "plaats": summary.session[1],
        "tafel": [{"gemeente": g, "naam": name, "rol": role} for g, name, role in summary.people],
        "opening": [{"gemeente": g, "tekst": text} for g, text in summary.opening],
        "themas": themes,
        "acties": [{"nr": nr, "wat": what, "wie": who, "wanneer": when} for nr, what, who, when in summary.actions],
        "afspraken": summary.followup[0], "volgende": summary.followup[1],
        "ontbreekt": summary.missing, "opmerkingen": summary.notes,
    }).rstrip("\n") + "\n"


def write_summary(summary: Summary, out: Path, as_csv: bool = False) -> list[Path]:
    folder_parts = ("intervisie",)
    base = f"verzameling-{summary.sessie}"
    written = []
    if as_csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(["Onderdeel", "Thema", "Vraag of nr.", "Gemeente of wie", "Tekst", "Tegen wanneer"])
        writer.writerow(map(as_spreadsheet_text, ["Sessie", "", "Datum", "", summary.session[0], ""]))
        writer.writerow(map(as_spreadsheet_text, ["Sessie", "", "Plaats", "", summary.session[1], ""]))
        for municipality, name, role in summary.people:
            writer.writerow(map(as_spreadsheet_text, ["Aan tafel", "", role, municipality, name, ""]))
        for municipality, text in summary.opening:
            writer.writerow(map(as_spreadsheet_text, ["Openingsronde", "", "", municipality, text, ""]))
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

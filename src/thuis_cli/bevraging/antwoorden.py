"""Respondent-level responses of a follow-up survey: LimeSurvey exports (CSV, XLSX), KoboToolbox/ODK
exports of an XLSForm (CSV with `;` or `,`, XLSX) and SPSS `.sav` files, read through the mapping
(`bevraging.yaml`) into answer codes per respondent.

What a user would expect from a survey export is handled, counted and reported with file, row and
column, never with the value itself (it may be a resident's own words): incomplete responses are left
out, a response id seen before is left out, a code the mapping does not know counts as no answer, and
columns the mapping does not name (free text, other questions) are never read into a document.
Only a structural problem stops the run (exit 2): a mapped column missing, an unknown indicator.

Row numbers are those a spreadsheet shows: the heading is row 1, the first response row 2.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .mapping import Koppeling

MAX_ROWS_LISTED = 5  # rows named per column in a report line
MAX_FILE_BYTES = 400 * 1024 * 1024

# Columns a survey tool adds to every export: never free text of a resident.
SYSTEM_COLUMNS = {
    # LimeSurvey
    "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl",
    "token", "interviewtime", "optout",
    # KoboToolbox / ODK
    "start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid", "audit",
    "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
    "__version__", "_version_", "_tags", "_index", "_xform_id_string", "_attachments", "_geolocation",
    "meta/instanceid", "meta/instanceID", "formhub/uuid", "meta/rootuuid", "meta/deprecatedid",
}


@dataclass(frozen=True)
class Kolomprobleem:
    """Cells of one column that were not used, with the first rows (never their values)."""

    column: str
    count: int
    rows: tuple[int, ...]


@dataclass
class Verslag:
    """What reading the responses found: counts and places, no values."""

    bestand: str
    gelezen: int = 0  # response rows in the file
    onvolledig: int = 0
    dubbel: int = 0
    dubbel_rijen: tuple[int, ...] = ()
    buiten_bereik: list[Kolomprobleem] = field(default_factory=list)  # codes the mapping does not know
    vrije_tekst: list[Kolomprobleem] = field(default_factory=list)  # unmapped columns with content, not read
    niet_te_wegen: int = 0  # set by the weighting: a weighting variable missing
    bruikbaar: int = 0

    def lines(self) -> list[str]:
        """The report in Dutch, one line per finding (places only)."""
        from ..fmt import aantal

        out = [f"{self.bestand}: {aantal(self.gelezen, 'antwoord', 'antwoorden')} gelezen, "
               f"{fmt_count(self.bruikbaar)} gebruikt."]
        if self.onvolledig:
            out.append(f"{aantal(self.onvolledig, 'onvolledig antwoord', 'onvolledige antwoorden')} weggelaten "
                       "(niet afgerond).")
        if self.dubbel:
            out.append(f"{aantal(self.dubbel, 'dubbel antwoord', 'dubbele antwoorden')} weggelaten (hetzelfde "
                       f"antwoordnummer; het eerste telt), rij {_rows(self.dubbel_rijen, self.dubbel)}.")
        for p in self.buiten_bereik:
            out.append(f"kolom '{p.column}': {aantal(p.count, 'onbekende code', 'onbekende codes')}, als 'geen "
                       f"antwoord' geteld, rij {_rows(p.rows, p.count)}.")
        for p in self.vrije_tekst:
            out.append(f"kolom '{p.column}': {aantal(p.count, 'ingevulde cel', 'ingevulde cellen')} niet gekoppeld "
                       f"(vrije tekst of een andere vraag), niet gelezen, rij {_rows(p.rows, p.count)}.")
        if self.niet_te_wegen:
            out.append(f"{aantal(self.niet_te_wegen, 'antwoord', 'antwoorden')} weggelaten: een wegingsvraag "
                       "(leeftijd, huishouden of eigendom) is niet beantwoord.")
        return out


def fmt_count(n: int) -> str:
    from ..fmt import count

    return count(n)


def _rows(rows: tuple[int, ...], count: int) -> str:
    text = ", ".join(str(r) for r in rows)
    return text + (", …" if count > len(rows) else "")


@dataclass
class Antwoorden:
    """The usable responses as answer codes, one position per respondent; never the export's text."""

    koppeling: Koppeling
    n: int
    single: dict[str, np.ndarray]  # indicator -> answer index per respondent (-1: no answer)
    multiple: dict[str, tuple[np.ndarray, np.ndarray]]  # indicator -> (chosen: n x answers, answered: n)
    periode: tuple[str, str] | None  # first and last response date (YYYY-MM-DD)
    verslag: Verslag

    def subset(self, keep: np.ndarray) -> Antwoorden:
        """Only the respondents where `keep` is true."""
        single = {k: v[keep] for k, v in self.single.items()}
        multiple = {k: (c[keep], a[keep]) for k, (c, a) in self.multiple.items()}
        return Antwoorden(self.koppeling, int(keep.sum()), single, multiple, self.periode, self.verslag)


# --- reading a file into text columns ---------------------------------------------------------

def read_table(path: Path) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """The export as text cells (empty string for nothing), and per column its value labels (.sav)."""
    from ..load import file_head

    head = file_head(path, "antwoordenbestand", MAX_FILE_BYTES, 8)
    if path.suffix.lower() == ".sav" or head.startswith((b"$FL2", b"$FL3")):
        return _read_sav(path)
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path), {}
    return _read_csv(path), {}


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]  # the heading: question codes hold no separators
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
                            engine="c")
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"{path} is geen leesbaar CSV-bestand ({type(exc).__name__}): bewaar de export opnieuw "
                         "als CSV.") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _read_xlsx(path: Path) -> pd.DataFrame:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        raise InputError(f"{path} is geen leesbaar Excel-bestand (.xlsx).") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [("" if c is None else str(c).strip()) for c in next(rows, ())]
        data = [["" if c is None else _cell_text(c) for c in row] for row in rows]
    finally:
        book.close()
    width = len(header)
    data = [(row + [""] * width)[:width] for row in data if any(c != "" for c in row)]
    return pd.DataFrame(data, columns=header, dtype=str)


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value)


def _read_sav(path: Path) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=False)
    except Exception:  # noqa: BLE001 - pyreadstat raises its own kinds on broken files
        raise InputError(f"{path} is geen leesbaar SPSS-bestand (.sav).") from None
    text = pd.DataFrame({col: _sav_column(frame[col]) for col in frame.columns})
    labels = {col: {_value_text(v): str(lab) for v, lab in mapping.items()}
              for col, mapping in (meta.variable_value_labels or {}).items()}
    return text, labels


def _sav_column(values: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values):
        out = values.map(_value_text)
        return out.astype(str)
    return values.fillna("").map(_cell_text).astype(str)


def _value_text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _cell_text(value)


# --- from text columns to answer codes --------------------------------------------------------

def resolve_columns(headers: list[str], wanted: list[str], name: str) -> dict[str, str]:
    """Mapped column -> the export's heading. A KoboToolbox export may put group names before a
    question's name (`grp/woningtype_gewenst`): a heading that ends in '/' + the name is the column."""
    present = set(headers)
    by_tail: dict[str, list[str]] = {}
    for h in headers:
        parts = h.split("/")
        for k in range(1, len(parts)):
            by_tail.setdefault("/".join(parts[k:]), []).append(h)
    found, problems = {}, []
    for col in wanted:
        if col in present:
            found[col] = col
        elif len(by_tail.get(col, [])) == 1:
            found[col] = by_tail[col][0]
        else:
            problems.append(Problem("deze kolom uit de koppeling staat niet in de export" if col not in by_tail else
                                    "deze kolom staat meer dan eens in de export (in verschillende groepen)",
                                    file=name, row=1, column=col))
    if problems:
        raise InputError(f"De export {name} past niet bij de koppeling (bevraging.yaml): controleer of ze van "
                         "dezelfde vragenlijst komen en of de export de vraagcodes als kolomkoppen heeft.", problems)
    return found


def read_antwoorden(path: Path, koppeling: Koppeling, catalogus) -> Antwoorden:
    """Read, check and code the responses of one export."""
    name = str(path)
    frame, labels = read_table(Path(path))
    columns = resolve_columns(list(frame.columns), koppeling.columns(), name)
    verslag = Verslag(name, gelezen=len(frame))
    rows = np.arange(2, len(frame) + 2)
    keep = np.ones(len(frame), dtype=bool)

    if koppeling.volledig:
        complete = _stripped(frame[columns[koppeling.volledig]]).to_numpy() != ""
        verslag.onvolledig = int((~complete).sum())
        keep &= complete
    ids = _stripped(frame[columns[koppeling.respondent_id]])
    has_id = ids.to_numpy() != ""
    repeated = ids.duplicated(keep="first").to_numpy() & has_id
    first_complete_dupes = repeated & keep
    verslag.dubbel = int(first_complete_dupes.sum())
    verslag.dubbel_rijen = tuple(int(r) for r in rows[first_complete_dupes][:MAX_ROWS_LISTED])
    keep &= ~repeated

    used = set(columns.values())
    known_bases = {c.split("/")[-2] for c in used if "/" in c}  # Kobo's space-separated select_multiple column
    for col in frame.columns:
        if col in used or not col or col in SYSTEM_COLUMNS or col.split("/")[-1] in known_bases | SYSTEM_COLUMNS:
            continue
        filled = (frame[col].to_numpy() != "") & keep
        if filled.any():
            verslag.vrije_tekst.append(Kolomprobleem(col, int(filled.sum()),
                                                     tuple(int(r) for r in rows[filled][:MAX_ROWS_LISTED])))

    single: dict[str, np.ndarray] = {}
    multiple: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for vraag in koppeling.vragen:
        ind = catalogus.by_id[vraag.indicator]
        if vraag.kolom is not None:
            col = columns[vraag.kolom]
            codes, unknown = _code_column(frame[col], vraag.codes or {}, ind, labels.get(col, {}))
            bad = unknown & keep
            if bad.any():
                verslag.buiten_bereik.append(Kolomprobleem(col, int(bad.sum()),
                                                           tuple(int(r) for r in rows[bad][:MAX_ROWS_LISTED])))
            single[ind.id] = codes
        else:
            chosen_values = set(vraag.gekozen)
            order = list(ind.answer_ids)
            chosen = np.zeros((len(frame), len(order)), dtype=bool)
            seen = np.zeros(len(frame), dtype=bool)
            for kolom, answer in (vraag.kolommen or {}).items():
                codes, uniques = pd.factorize(frame[columns[kolom]])
                values = [str(u).strip() for u in np.asarray(uniques, dtype=object)]
                chosen[:, order.index(answer)] = np.array([v in chosen_values for v in values] + [False])[codes]
                seen |= np.array([v != "" for v in values] + [False])[codes]
            # A respondent answered the question when any of its columns holds something (LimeSurvey
            # writes 'Y' or nothing; Kobo writes 1 or 0 for everyone who saw the question).
            multiple[ind.id] = (chosen, seen | chosen.any(axis=1))
    periode = _period(frame[columns[koppeling.datum]][keep]) if koppeling.datum else None
    result = Antwoorden(koppeling, len(frame), single, multiple, periode, verslag).subset(keep)
    verslag.bruikbaar = result.n
    return result


def _code_column(values: pd.Series, codes: dict[str, str], ind, labels: dict[str, str]):
    """Answer index per row (-1: empty or unknown) and where a non-empty value was unknown. A value is
    looked up as an export code, then (an SPSS file) through its value label as a code, an answer id or
    the catalogue's answer label."""
    index = {a: i for i, a in enumerate(ind.answer_ids)}
    by_label = {a.label.strip().lower(): a.id for a in ind.antwoorden}
    inverse, found = pd.factorize(values)  # every distinct value is looked up once
    uniques = [str(u).strip() for u in np.asarray(found, dtype=object)]
    lookup = np.full(len(uniques) + 1, -1, dtype=np.int16)  # the last: a missing value (code -1)
    unknown = np.zeros(len(uniques) + 1, dtype=bool)
    for k, value in enumerate(uniques):
        if value == "":
            continue
        answer = codes.get(value)
        if answer is None and value in labels:
            label = labels[value].strip()
            answer = codes.get(label) or (label if label in index else by_label.get(label.lower()))
        if answer is None:
            unknown[k] = True
        else:
            lookup[k] = index[answer]
    return lookup[inverse], unknown[inverse]


def _period(values: pd.Series) -> tuple[str, str] | None:
    import re

    days = {str(v).strip()[:10] for v in pd.unique(values.to_numpy(dtype="U20"))}
    days = {d for d in days if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)}
    return (min(days), max(days)) if days else None


def _stripped(values: pd.Series) -> pd.Series:
    """The column without white space around its cells (each distinct value stripped once)."""
    codes, uniques = pd.factorize(values)
    stripped = np.array([str(u).strip() for u in np.asarray(uniques, dtype=object)] + [""], dtype=object)
    return pd.Series(stripped[codes], index=values.index)

"""A municipality's own follow-up questionnaire, made from the indicator catalogue.

`build` chooses the indicators (all, some themes, or a list) and adds the profile questions the
weighting needs (the catalogue's `groepen`: leeftijd, huishouden, eigendom); `document` turns the
questionnaire into one document with five files: a LimeSurvey structure (`vragenlijst.lss`), an
XLSForm for KoboToolbox and ODK (`vragenlijst.xlsx`), a paper version (`vragenlijst.pdf`) and, for
each online form, the mapping file (`bevraging.yaml` shape) that says which export column holds which
indicator and which code means which answer. Same input, same bytes: nothing comes from the clock.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError, Problem
from ..suggest import did_you_mean

if TYPE_CHECKING:

    from ..config_catalogue import Catalogus, Indicator
    from ..gebieden import Gebied

FOLDER = "vragenlijst"
MAX_CODE = 20  # LimeSurvey: a question code is 1 to 20 characters (Question::rules, 'length')
# Question codes LimeSurvey refuses (Question::rules: ExpressionScript's reserved words), and the columns
# of its own in a response export: a question headed 'ID' beside the export's 'id' would confuse a reader.
RESERVED_CODES = frozenset({"LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "ID", "SUBMITDATE",
                            "LASTPAGE", "STARTLANGUAGE", "SEED", "STARTDATE", "DATESTAMP", "IPADDR", "REFURL"})


@dataclass(frozen=True)
class Keuze:
    """One answer of a question: the catalogue's id and label, and its LimeSurvey code (A1.. for a
    single choice, SQ001.. for a subquestion of a multiple choice)."""

    id: str
    label: str
    code: str


@dataclass(frozen=True)
class Vraag:
    indicator: str
    tekst: str
    soort: str
    code: str  # LimeSurvey question code (letters and digits, starts with a letter, at most 20)
    naam: str  # XLSForm name (the indicator id when that is a valid XML name)
    keuzes: tuple[Keuze, ...]
    max_keuzes: int | None = None
    polen: tuple[str, str] | None = None

    @property
    def meervoudig(self) -> bool:
        return self.soort == "meervoudig"

    @property
    def beperkt(self) -> int | None:
        """The most answers a resident may tick, when that is fewer than all of them."""
        if self.meervoudig and self.max_keuzes is not None and self.max_keuzes < len(self.keuzes):
            return self.max_keuzes
        return None


@dataclass(frozen=True)
class Groep:
    thema: str
    titel: str
    inleiding: str
    vragen: tuple[Vraag, ...]
    profiel: bool = False


@dataclass(frozen=True)
class Vragenlijst:
    titel: str
    gemeente_naam: str
    gemeente_nis: str
    gemeente_slug: str
    groepen: tuple[Groep, ...]
    terug: str = ""  # where residents hand in the paper form; empty: the template's sentence
    min_n: int = 30  # the smallest group a figure is shown for (instellingen.yaml), as residents are told

    @property
    def vragen(self) -> list[Vraag]:
        return [v for g in self.groepen for v in g.vragen]

    @property
    def sleutel(self) -> str:
        """A short fingerprint of the questionnaire (titles, codes, answers): the XLSForm's version and
        the LimeSurvey survey id come from it, so the same questionnaire gives the same files."""
        text = "\n".join([self.titel, self.gemeente_nis] + [
            f"{g.thema}|{v.code}|{v.tekst}|" + "|".join(f"{k.code}={k.id}={k.label}" for k in v.keuzes)
            for g in self.groepen for v in g.vragen])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- choosing the indicators -------------------------------------------------------------------

def _split(values: list[str] | None) -> list[str]:
    """'a,b' and repeated options alike: ['a', 'b']."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def choose(cat: Catalogus, indicatoren: list[str] | None = None, themas: list[str] | None = None) -> list[Indicator]:
    """The indicators asked for, in catalogue order: a list of ids, the indicators of some themes, or
    (neither) all of them; then the weighting profile questions (the indicators behind `groepen`) that
    are not yet chosen. Every unknown id or theme is reported at once."""
    ids, theme_ids = _split(indicatoren), _split(themas)
    if ids and theme_ids:
        raise InputError("Kies --indicatoren of --thema, niet beide.")
    by_id = cat.by_id
    problems = [Problem(f"onbekende indicator '{i}'.{did_you_mean(i, by_id)} (zie 'thuis lijst indicatoren')")
                for i in dict.fromkeys(ids) if i not in by_id]
    problems += [Problem(f"onbekend thema '{t}'.{did_you_mean(t, cat.themas)} Kies uit: {', '.join(cat.themas)}.")
                 for t in dict.fromkeys(theme_ids) if t not in cat.themas]
    if problems:
        raise InputError("De vragenlijst kan niet gemaakt worden:", problems)
    if ids:
        wanted = set(ids)
    elif theme_ids:
        wanted = {i.id for i in cat.indicatoren if i.thema in theme_ids}
    else:
        wanted = set(by_id)
    wanted |= {dim.indicator for dim in cat.groepen.values()}
    return [i for i in cat.indicatoren if i.id in wanted]


def profile_themes(cat: Catalogus) -> set[str]:
    """The themes of the weighting questions (the catalogue's 'profiel'), whose group comes last."""
    return {cat.by_id[dim.indicator].thema for dim in cat.groepen.values()}


def question_codes(ids: list[str]) -> dict[str, str]:
    """LimeSurvey question codes from indicator ids: upper case, only letters and digits, starting with
    a letter, at most 20 characters, unique (a number added where two would be the same) and never one
    of LimeSurvey's reserved words."""
    codes: dict[str, str] = {}
    used: set[str] = set()
    for indicator_id in ids:
        base = re.sub(r"[^A-Za-z0-9]", "", indicator_id).upper()
        if not base[:1].isalpha():
            base = "Q" + base
        base = base[:MAX_CODE]
        code, n = base, 1
        while code in used or code in RESERVED_CODES:
            n += 1
            code = base[:MAX_CODE - len(str(n))] + str(n)
        used.add(code)
        codes[indicator_id] = code
    return codes


_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def xml_name(indicator_id: str) -> str:
    """The XLSForm name of a question: the indicator id, or with 'v_' before it when the id starts
    with a digit (an XML element name cannot)."""
    return indicator_id if _XML_NAME.match(indicator_id) else f"v_{indicator_id}"


def build(cat: Catalogus, gemeente: Gebied, titel: str | None = None, indicatoren: list[str] | None = None,
          themas: list[str] | None = None, terug: str = "", min_n: float = 30) -> Vragenlijst:
    """The questionnaire: one group per theme in the catalogue's order, the profile group last."""
    if gemeente.is_reference:
        raise InputError(f"'{gemeente.naam}' is geen gemeente; een bevraging is voor één gemeente.")
    chosen = choose(cat, indicatoren, themas)
    codes = question_codes([i.id for i in chosen])
    profile = profile_themes(cat)
    order = [t for t in cat.themas if t not in profile] + [t for t in cat.themas if t in profile]
    groups = []
    for theme in order:
        questions = tuple(_question(i, codes[i.id]) for i in chosen if i.thema == theme)
        if questions:
            info = cat.themas[theme]
            groups.append(Groep(theme, info.titel, info.inleiding, questions, profiel=theme in profile))
    title = (titel or "").strip() or f"Woonbevraging {gemeente.naam}"
    return Vragenlijst(title, gemeente.naam, gemeente.nis, gemeente.slug, tuple(groups), terug.strip(),
                       math.ceil(min_n))


def _question(ind: Indicator, code: str) -> Vraag:
    if ind.soort == "meervoudig":
        keuzes = tuple(Keuze(a.id, a.label, f"SQ{n:03d}") for n, a in enumerate(ind.antwoorden, start=1))
    else:
        keuzes = tuple(Keuze(a.id, a.label, f"A{n}") for n, a in enumerate(ind.antwoorden, start=1))
    return Vraag(ind.id, ind.vraag, ind.soort, code, xml_name(ind.id), keuzes, ind.max_keuzes, ind.polen)


# --- the mapping files (bevraging.yaml) ---------------------------------------------------------

def mapping(vl: Vragenlijst, bron: str) -> dict:
    """The mapping file for the export of one tool: which column holds which indicator, and which
    value means which answer. LimeSurvey (CSV export with question codes as headings and answer
    codes): a single choice in column CODE with A1..; a multiple choice in CODE[SQ001].. with 'Y'.
    KoboToolbox/ODK: a select_one in column <name> with the choice name; a select_multiple in
    <name>/<choice> with 1 or 0."""
    if bron not in ("limesurvey", "xlsform"):
        raise ValueError(bron)
    vragen = []
    for v in vl.vragen:
        if bron == "limesurvey":
            if v.meervoudig:
                vragen.append({"indicator": v.indicator,
                               "kolommen": {f"{v.code}[{k.code}]": k.id for k in v.keuzes}, "gekozen": ["Y"]})
            else:
                vragen.append({"indicator": v.indicator, "kolom": v.code, "codes": {k.code: k.id for k in v.keuzes}})
        elif v.meervoudig:
            vragen.append({"indicator": v.indicator,
                           "kolommen": {f"{v.naam}/{k.id}": k.id for k in v.keuzes}, "gekozen": ["1"]})
        else:
            vragen.append({"indicator": v.indicator, "kolom": v.naam, "codes": {k.id: k.id for k in v.keuzes}})
    head = {"bevraging": {"titel": vl.titel, "gemeente": vl.gemeente_nis, "bron": bron}}
    if bron == "limesurvey":
        return {**head, "respondent_id": "id", "volledig": "submitdate", "datum": "submitdate", "vragen": vragen}
    return {**head, "respondent_id": "_uuid", "datum": "_submission_time", "vragen": vragen}


MAPPING_HEAD = {
    "limesurvey": ("# Koppeling van een LimeSurvey-export aan de indicatoren, gemaakt door 'thuis vragenlijst'.\n"
                   "# Exporteer de antwoorden als CSV met als kolomkoppen de vraagcode en als antwoorden de\n"
                   "# antwoordcodes (zie docs/bevraging.md). Ook voor de papieren antwoorden die in LimeSurvey\n"
                   "# ingetikt zijn.\n"),
    "xlsform": ("# Koppeling van een KoboToolbox- of ODK-export van vragenlijst.xlsx aan de indicatoren, gemaakt\n"
                "# door 'thuis vragenlijst'. Exporteer als XLS of CSV met de namen (XML-waarden) van vragen en\n"
                "# antwoorden, niet de labels (zie docs/bevraging.md).\n"),
}


def mapping_yaml(vl: Vragenlijst, bron: str) -> bytes:
    import yaml

    text = yaml.safe_dump(mapping(vl, bron), sort_keys=False, allow_unicode=True, width=120,
                          default_flow_style=False)
    return (MAPPING_HEAD[bron] + text).encode("utf-8")


# --- the document ------------------------------------------------------------------------------

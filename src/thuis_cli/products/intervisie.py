"""The intervision workbook: neighbouring municipalities side by side, findings, fillable fields.

One document, several copies: the facilitator's (session fields, agenda, data pages, joint actions)
and one per municipality (the data pages and that municipality's own answer fields). Each copy says
in its metadata which session it belongs to and whose it is; `thuis verzamel` merges them."""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar, Optional

import typer
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__, chart, fmt, palette
from ..commands import (AntwoordenOpt, ConfigOpt, DataOpt, FollowUp, HtmlOpt, KoppelingOpt, MargesOpt, OngewogenOpt,
                       SjablonenOpt, UitOpt, make_documents)
from ..compute import Cijfer
from ..config_catalogue import Indicator, Thema
from ..errors import InputError
from ..comparison_groups import municipality_type, related_areas
from ..peer_findings import PeerFindings
from ..gebieden import VLAANDEREN, Gebied
from .base import About, Artifact, Document, Target

ABOUT = About(
    order=30,
    help="Maak een werkboek voor intervisie met buurgemeenten: een exemplaar voor de facilitator en een per "
         "gemeente.",
    plan_help="Intervisiewerkboeken; false: geen.",
    pdf_templates=("intervisie.html", "intervisie-voorbereiding.html"),
    recipients="intervisie", recipients_help="Adressen voor het intervisiewerkboek.", facilitator_copy=True)

MIN_GROUP, MAX_GROUP = 2, 6
ACTION_ROWS = 5  # with three handwritten lines each (24 mm), the table and the follow-up fit one page
WORKBOOK_KIND = "intervisie-werkboek"
FACILITATOR = "facilitator"  # the copy of the facilitator; a municipality's copy is named by its slug
# The four guiding questions per theme, by id; their words are macros of templates/woorden/intervisie.html
# (`vraag`), so that a municipality rewords them with --sjablonen.
QUESTIONS = ("versterken", "valkuilen", "overstijgen", "leren")
# A municipality's own fields, filled before and during the session, each tied to its own findings
# (words: `eigen_vraag`, `eigen_deelvraag` in templates/woorden/intervisie.html).
OWN_QUESTIONS = ("herkennen", "doen", "hulp", "aanbieden")
OWN = "eigen"  # the field names' first part: eigen__question__municipality
OWN_MM = 36  # four of them, with their prompts, fill one page
LESSON = "toeval"  # the key under which _prompts remembers that the workbook asked its statistics lesson
ACTION_COLUMNS = ("wat", "wie", "wanneer")
ACTION_EXTRA = ("thema", "stap")  # the action's theme and its first step (verzamel adds them to 'wat')
ROLES = ("facilitator", "notulist", "tijdsbewaker")  # who does what in the session (facilitator copy, page 1)
TAKEAWAY = "mee"  # a municipality's page 'Wat neemt <gemeente> mee': its people and its own actions
TAKEAWAY_PEOPLE, TAKEAWAY_ACTIONS = 3, 4
# A municipality's copy also notes what the group decides: its conclusion per theme and the joint actions
# (the facilitator's copy is the record; a copy's notes let each municipality take them home).
GROUP_NOTES = "groep"
PRACTICE = "praktijk"  # the page 'Praktijken uitwisselen': per municipality its approach, what works, a contact
PRACTICE_PARTS = ("aanpak", "werkt", "contact")
WORDS = "woorden/intervisie.html"
SEP = "__"  # field names: theme__question__municipality (a PDF field name may not hold a period)

# The session: two hours by default (`--duur`, plan `duur`), in minutes. The fixed parts (welcome, an
# opening round of two minutes per municipality, a break in a session of 100 minutes or more, at least 15
# minutes of joint actions, five for what each municipality takes along, the close), then the themes by
# what there is to discuss: three minutes to read the figures (they were in the pre-read), four per
# question tied to a printed finding, two per general question, three for the group's conclusion. Time the
# themes do not need goes to exchanging practices (at least EXCHANGE_MIN minutes, in whole fives) and the
# rest to the actions (docs/methode.md).
SESSION_MINUTES = 120
DURATION_RANGE = (60, 480)
WELCOME, PAUSE, ACTIONS, CLOSING, OPENING_PER_MUNICIPALITY = 5, 10, 15, 5, 2
TAKEAWAY_MINUTES = 5  # then each municipality fills its page 'Wat neemt <gemeente> mee' before the close
READ_MINUTES, TIED_QUESTION, GENERAL_QUESTION, DECISION = 3, 4, 2, 3
# a general question goes round the table: about this many minutes per municipality, rounded up to whole minutes
# (round 15 gave two, which made a two-hour session of three municipalities too tight for its questions)
PER_MEMBER = 1.5
EXCHANGE_MIN = 10
MIN_THEME_MINUTES = 10
PAUSE_FROM = 100  # a session of at least this many minutes has a break
MM_PER_MINUTE = 5  # an answer field's height per minute of discussion it records
FIELD_MM = (18, 21)  # four of them, their questions and the group's conclusion fit on one page, with room above
#                     for a theme's last findings
CONCLUSION_MM = 50  # the group's conclusion on a theme: what it takes along, a practice to share, an action
CONCLUSION_COPY_MM = 24  # the same, noted in a municipality's copy below its four answers (one page per theme)
PRACTICE_PAGE_MM = 200  # the notes on the municipalities' approaches share one page
OPENING_PAGE_MM = 160  # the opening round's fields share one page: a small group gets taller fields


def opening_height(municipalities: int) -> int:
    """Millimetres for each municipality's opening-round field: the page shared out, never less than a
    field for the round's minutes, never more than 55."""
    return max(field_height(OPENING_PER_MUNICIPALITY * 2), min(55, OPENING_PAGE_MM // max(municipalities, 1) - 14))


def field_name(*parts: str) -> str:
    return SEP.join(parts)


def table_rows(municipalities: int) -> int:
    """Lines for people at the table per municipality: three, in every group (a delegation is often a
    schepen, a head of department and a policy officer)."""
    return 3


def session_fields(slugs: list[str], rows: int | None = None, theme_ids: list[str] | tuple = ()) -> list[str]:
    """The facilitator copy's fields: the session, the people at the table (`rows` per municipality),
    the opening round, the group's conclusion per theme, the joint actions and the follow-up (`slugs`:
    the session's municipalities)."""
    rows = table_rows(len(slugs)) if rows is None else rows
    names = [field_name("sessie", "datum"), field_name("sessie", "plaats")]
    names += [field_name("sessie", role) for role in ROLES]
    names += [field_name("tafel", slug, str(i), part) for slug in slugs for i in range(1, rows + 1)
              for part in ("naam", "rol")]
    names += [field_name("opening", slug) for slug in slugs]
    names += [conclusion_field(t) for t in theme_ids]
    names += [field_name("actie", str(i), key) for i in range(1, ACTION_ROWS + 1)
              for key in ACTION_COLUMNS + ACTION_EXTRA]
    return names + [field_name("opvolging", "afspraken"), field_name("opvolging", "datum")]


def conclusion_field(theme_id: str, gebied_slug: str | None = None) -> str:
    """The field for what the group concluded about one theme: the facilitator's, or (`gebied_slug`)
    the one a municipality notes in its own copy."""
    return field_name(theme_id, "conclusie", *((gebied_slug,) if gebied_slug else ()))


def joint_action_field(row: int, key: str, gebied_slug: str | None = None) -> str:
    """A cell of the joint action table: the facilitator's, or (`gebied_slug`) a municipality's notes."""
    return field_name("actie", str(row), key, *((gebied_slug,) if gebied_slug else ()))


def answer_fields(theme_ids: list[str], gebied_slug: str, own: bool = True, takeaway: bool = False,
                  group: bool = False) -> list[str]:
    """A municipality copy's fields: its own four (`own_fields`, unless `own` is false: a copy made
    before they existed), then one answer per theme and guiding question, then (`group`) its notes of
    the group's conclusion per theme and of the joint actions, then (`takeaway`) what it takes home
    (`takeaway_fields`)."""
    return ((own_fields(gebied_slug) if own else [])
            + [field_name(t, q, gebied_slug) for t in theme_ids for q in QUESTIONS]
            + ([conclusion_field(t, gebied_slug) for t in theme_ids]
               + [joint_action_field(i, key, gebied_slug) for i in range(1, ACTION_ROWS + 1)
                  for key in ACTION_COLUMNS + ACTION_EXTRA] if group else [])
            + (takeaway_fields(gebied_slug, group) if takeaway else []))


def takeaway_fields(gebied_slug: str, extra: bool = False) -> list[str]:
    """The page 'Wat neemt <gemeente> mee': who was there (name, role) and its own actions (`extra`:
    with their theme and first step, like the joint actions)."""
    return ([field_name(TAKEAWAY, gebied_slug, "persoon", str(i), part) for i in range(1, TAKEAWAY_PEOPLE + 1)
             for part in ("naam", "rol")]
            + [field_name(TAKEAWAY, gebied_slug, "actie", str(i), key) for i in range(1, TAKEAWAY_ACTIONS + 1)
               for key in ACTION_COLUMNS + (ACTION_EXTRA if extra else ())])


def practice_fields(copy: str, slugs: list[str]) -> list[str]:
    """The page 'Praktijken uitwisselen' of one copy (`copy`: 'facilitator' or a municipality's slug):
    per municipality of the session its approach, what works and whom to contact."""
    return [field_name(PRACTICE, copy, slug, part) for slug in slugs for part in PRACTICE_PARTS]


def own_fields(gebied_slug: str) -> list[str]:
    """The fields a municipality fills for itself (what it recognises, does, seeks, offers)."""
    return [field_name(OWN, q, gebied_slug) for q in OWN_QUESTIONS]


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True)
class ThemeTime:
    """One theme's minutes: what its questions need and what the session gives."""

    id: str
    title: str
    indicators: int
    tied: int  # questions tied to a printed finding (the others are general)
    need: int  # READ_MINUTES + TIED_QUESTION x tied + general_minutes x general + DECISION
    minutes: int  # the need, or less when the session is short (in proportion, rounded down)

    @property
    def read(self) -> int:
        return min(READ_MINUTES, self.minutes)

    @property
    def decision(self) -> int:
        return min(DECISION, self.minutes - self.read)

    @property
    def questions(self) -> int:
        return self.minutes - self.read - self.decision


@dataclass(frozen=True)
class Agenda:
    """The session's time: fixed parts, the themes by what they need, time the themes leave to
    exchanging practices and the joint actions."""

    duration: int
    municipalities: int
    welcome: int
    opening: int
    pause: int
    actions: int
    closing: int
    themes: tuple[ThemeTime, ...]
    exchange: int = 0
    takeaway: int = TAKEAWAY_MINUTES
    opening_per_municipality: int = OPENING_PER_MUNICIPALITY
    base_actions: int = ACTIONS
    read_minutes: int = READ_MINUTES
    tied_question: int = TIED_QUESTION
    general_question: int = GENERAL_QUESTION
    decision: int = DECISION

    @property
    def fixed(self) -> int:
        return self.welcome + self.opening + self.pause + self.base_actions + self.takeaway + self.closing

    @property
    def available(self) -> int:
        return self.duration - self.fixed

    @property
    def need(self) -> int:
        return sum(t.need for t in self.themes)

    @property
    def tight(self) -> bool:
        """The themes' questions ask more time than the session has."""
        return self.need > self.available

    @property
    def suggested(self) -> int:
        """The duration the themes ask, in whole quarters of an hour."""
        return -(-(self.fixed + self.need) // 15) * 15

    @property
    def leftover(self) -> int:
        return self.actions - self.base_actions

    def slots(self) -> list[dict]:
        parts: list[tuple[str, int, dict | None]] = [("welkom", self.welcome, None), ("opening", self.opening, None)]
        for i, t in enumerate(self.themes):
            parts.append(("thema", t.minutes, {"id": t.id, "titel": t.title, "lezen": t.read, "vragen": t.questions,
                                               "besluit": t.decision}))
            if self.pause and i + 1 == -(-len(self.themes) // 2) and i + 1 < len(self.themes):
                parts.append(("pauze", self.pause, None))
        if self.pause and len(self.themes) < 2:
            parts.append(("pauze", self.pause, None))
        if self.exchange:
            parts.append(("uitwisselen", self.exchange, None))
        parts += [("acties", self.actions, None), ("mee", self.takeaway, None), ("afsluiting", self.closing, None)]
        slots, clock = [], 0
        for kind, minutes, theme in parts:
            slots.append({"soort": kind, "minuten": minutes, "van": _clock(clock), "tot": _clock(clock + minutes),
                          "na": clock, "thema": theme})
            clock += minutes
        return slots


def check_duration(minutes: int) -> None:
    if not DURATION_RANGE[0] <= minutes <= DURATION_RANGE[1]:
        low, high = DURATION_RANGE
        raise InputError(f"--duur moet tussen {low} en {high} minuten liggen (niet {minutes}).")


def general_minutes(municipalities: int) -> int:
    """The minutes of a general question: it goes round the table, PER_MEMBER minutes for each municipality
    (round 15: with three municipalities a 2-minute general question could not go round)."""
    return max(GENERAL_QUESTION, math.ceil(PER_MEMBER * municipalities))


def theme_need(tied: int, municipalities: int) -> int:
    """The minutes one theme's discussion needs with `tied` of its four questions tied to a finding, for
    `municipalities` at the table (`general_minutes`)."""
    tied = max(0, min(tied, len(QUESTIONS)))
    return (READ_MINUTES + TIED_QUESTION * tied + general_minutes(municipalities) * (len(QUESTIONS) - tied)
            + DECISION)


def plan_time(municipalities: int, themes: list[tuple], duration: int = SESSION_MINUTES) -> Agenda:
    """The agenda of a session of `duration` minutes for `municipalities` and `themes` (id, title,
    number of indicators, and the number of questions tied to a finding; all four when left out).
    Raises InputError when a theme would get less than MIN_THEME_MINUTES."""
    opening = OPENING_PER_MUNICIPALITY * municipalities
    pause = PAUSE if duration >= PAUSE_FROM else 0
    fixed = WELCOME + opening + pause + ACTIONS + TAKEAWAY_MINUTES + CLOSING
    items = [(t[0], t[1], t[2], t[3] if len(t) > 3 else len(QUESTIONS)) for t in themes]
    needs = [theme_need(tied, municipalities) for *_rest, tied in items]
    available = duration - fixed
    total = sum(needs) or 1
    minutes = needs if total <= available else [max(available, 0) * need // total for need in needs]
    if not themes or min(minutes) < MIN_THEME_MINUTES:
        least = fixed + max(-(-MIN_THEME_MINUTES * total // min(needs or [1])), MIN_THEME_MINUTES * len(needs))
        raise InputError(f"Een sessie van {duration} minuten is te kort voor {municipalities} gemeenten en "
                         f"{len(themes)} thema's: elk thema krijgt minstens {MIN_THEME_MINUTES} minuten. "
                         f"Kies minstens {least} minuten (--duur, of 'duur' in het plan).")
    left = available - sum(minutes)
    exchange = left // 5 * 5 if left >= EXCHANGE_MIN else 0
    times = tuple(ThemeTime(i, t, k, tied, need, m) for (i, t, k, tied), need, m in zip(items, needs, minutes))
    return Agenda(duration, municipalities, WELCOME, opening, pause, ACTIONS + left - exchange, CLOSING, times,
                  exchange, general_question=general_minutes(municipalities))


def agenda(municipalities: int, themes: list[tuple], duration: int = SESSION_MINUTES) -> list[dict]:
    """The session's parts with their minutes and clock times (see `plan_time`)."""
    return plan_time(municipalities, themes, duration).slots()


def field_height(minutes: float) -> int:
    """Millimetres for an answer field that records `minutes` of discussion."""
    return int(min(max(round(minutes * MM_PER_MINUTE), FIELD_MM[0]), FIELD_MM[1]))


def resolve_peers(ws, names: list[str], buren: bool = False, include_uncertain: bool = False,
                  most: int | None = None, has_data=None) -> list[Gebied]:
    """2 to 6 municipalities with data: named ones, or one municipality and its neighbours.
    `has_data` says which municipalities count as having data (a batch also counts those whose file
    was refused: their documents fail with the file's own error, the plan does not)."""
    has_data = has_data or (lambda g: all(c in ws.dataset.codes or c in ws.refused for c in g.codes))
    if most is not None and not MIN_GROUP <= most <= MAX_GROUP:
        raise InputError(f"--max moet tussen {MIN_GROUP} en {MAX_GROUP} liggen (niet {most}).")
    if buren:
        if len(names) != 1:
            raise InputError("Met --buren noemt u precies één gemeente; thuis zoekt zelf de buren.")
        centre = ws.gebieden.resolve(names[0])
        neighbours = [g for g in ws.gebieden.neighbours(centre.nis, include_uncertain) if has_data(g)]
        if not neighbours:
            raise InputError(f"Voor {centre.naam} zijn er geen buurgemeenten met gegevens"
                             + ("" if include_uncertain else " (probeer --ook-onzeker)") + ".")
        # Most respondents first: with --max the best-documented neighbours stay at the table.
        neighbours.sort(key=lambda g: (-(ws.respondents(g) if ws.dataset.has(g) else 0), g.naam))
        group = [centre] + neighbours
        left_out = group[most or MAX_GROUP:]
        group = group[: most or MAX_GROUP]
        if left_out and most is None:  # thuis chose the size: say who is not at the table (a chosen --max is silent)
            from ..notices import info

            info(f"{centre.naam} heeft {len(neighbours)} buurgemeenten met gegevens; de groep telt er "
                 f"{len(group) - 1}, die met de meeste deelnemers. Weggelaten: "
                 f"{', '.join(g.naam for g in left_out)}. Kies een kleinere groep met --max (2 tot {MAX_GROUP}), "
                 "of noem de gemeenten zelf.")
    else:
        if most is not None:
            raise InputError("--max geldt alleen met --buren; noem anders gewoon de gemeenten die u wilt.")
        group = [ws.gebieden.resolve(n) for n in names]
    seen = set()
    for g in group:
        if g.nis in seen:
            raise InputError(f"{g.naam} staat twee keer in de groep; noem elke gemeente één keer.")
        seen.add(g.nis)
        if g.is_reference:
            raise InputError(f"{g.naam} is geen gemeente; Vlaanderen staat al in elke vergelijking.")
    check_no_overlap(group)
    if len(group) < MIN_GROUP:
        raise InputError(f"Een intervisie vraagt minstens {MIN_GROUP} gemeenten (nu {len(group)}).")
    if len(group) > MAX_GROUP:
        raise InputError(f"Een intervisie vraagt hoogstens {MAX_GROUP} gemeenten (nu {len(group)}); "
                         "kies er minder of gebruik --max.")
    missing = [g.naam for g in group if not has_data(g)]
    if missing:
        raise InputError(f"Geen resultaten in de gegevens voor: {', '.join(missing)}.")
    return group


def warn_thin_members(ws, peers: list[Gebied]) -> None:
    """Say (stderr) which municipality of the group has fewer than min_n participants: it brings no
    figures of its own to the table, so the group may want to be larger."""
    from ..notices import warn

    least = ws.config.instellingen.statistiek.min_n
    for g in peers:
        if ws.respondents(g) < least:
            warn(f"{g.naam} heeft {fmt.count(ws.respondents(g))} deelnemers: te weinig voor eigen cijfers "
                 f"(minstens {fmt.count(least)}); overweeg een grotere groep (--max) of andere buren.")


def check_no_overlap(group: list[Gebied]) -> None:
    """A 2025 merger and one of its own 2020 parts never sit in one workbook: the part's participants
    would count twice, and a test between the two would treat overlapping samples as independent."""
    for a, b in itertools.combinations(group, 2):
        if set(a.codes) & set(b.codes):
            merged, part = (a, b) if len(a.codes) > len(b.codes) else (b, a)
            raise InputError(f"{merged.naam} en {part.naam} staan samen in de groep, maar {part.naam} is sinds 2025 "
                             f"een deel van {merged.naam}: de deelnemers van {part.naam} zouden twee keer tellen. "
                             f"Kies {merged.naam} of de deelgemeenten, niet allebei.")


def session_code(ws, peers: list[Gebied]) -> str:
    """Identifies one intervision session: the group and each municipality's slice of the data."""
    parts = [f"{g.nis}:{ws.dataset.fingerprint(g)}" for g in peers]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def _cell(f: Cijfer | None) -> dict:
    if f is None:
        return {"aandeel": None, "n": "", "suppressed": True}  # the template says 'geen gegevens' (woorden)
    if f.suppressed:
        return {"aandeel": fmt.SUPPRESSED_SECONDARY if f.reden == "afgeleid" else fmt.SUPPRESSED, "n": "",
                "suppressed": True}
    return {"aandeel": fmt.pct(f.share), "n": fmt.n_label(f.n), "suppressed": False}


def _themes(ws, peers: list[Gebied]) -> list[tuple[str, Thema, list[Indicator]]]:
    """(id, theme, indicators) of every theme the workbook discusses (the profile is not one)."""
    cat = ws.config.catalogus
    found = []
    for theme_id, theme in cat.themas.items():
        indicators = [i for i in cat.indicatoren if i.thema == theme_id]
        if theme_id != "profiel" and indicators:
            found.append((theme_id, theme, indicators))
    return found


def theme_headings(theme_list: list, headings: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each theme's heading in the workbook by its id: `headings` where given (made with the user's templates),
    else the words template's `thema_kop`, a neutral topic (the catalogue's title is a policy goal)."""
    if headings is None:
        words = _Words(None)
        return {t: words.say("thema_kop", t, theme.titel) for t, theme, _i in theme_list}
    return {t: headings.get(t, theme.titel) for t, theme, _i in theme_list}


def _bar(label: str, fig: Cijfer | None, colour: str, mark: str = "", is_reference: bool = False) -> chart.Bar:
    """A chart bar; a hidden figure draws no bar and says why ('te weinig antwoorden', 'onderdrukt')."""
    if fig is None or fig.suppressed:
        hidden = fmt.SUPPRESSED_SECONDARY if fig is not None and fig.reden == "afgeleid" else fmt.SUPPRESSED
        return chart.Bar(label, None, None, None, 0.0, colour, hidden)
    return chart.Bar(label, fig.share, fig.lo, fig.hi, fig.n, colour, mark=mark, is_reference=is_reference)


def _mark(found: PeerFindings, gebied: Gebied, indicator: str) -> str:
    """The chart's verdict dot of a municipality against Flanders: 'echt' when betekenisvol (its own
    family), 'toeval' when the printed gap is at least min_verschil_pp but it can be chance, else ''."""
    cmp = found.versus_flanders(gebied, indicator)
    if not cmp.comparable or cmp.own is None or cmp.shown is None:
        return ""
    if cmp.real:
        return "echt"
    gap = abs(float(fmt.gap(cmp.own.share, cmp.shown.share).value))
    return "toeval" if gap >= found.ws.config.instellingen.statistiek.min_verschil_pp else ""


EXAMPLE_MARGIN_PP = 2  # the chance box's example gaps lie this far from the minimal difference and from each other


def chance_widths(themes: list[dict], min_pp: float = 0.0) -> dict:
    """What the facilitator's answer on chance says, taken from this session's own charts: the figure with
    the fewest and the one with the most answers and how far their 95 % interval reaches from the share
    (`klein`, `groot`: {naam, label, n, marge} in whole points), the widest printed gap with Flanders the
    charts still mark as possibly chance (`toeval`, open dot) and the betekenisvol gap closest to it in size, no
    larger (`echt`, filled dot; the rule below): {naam, label, n, verschil}, or None where the charts have none."""
    bars = [(p, b) for t in themes for p in t["panelen"] for b in p.bars
            if not b.is_reference and b.share is not None and b.lo is not None and b.hi is not None]
    if not bars:
        return {}

    def margin(p, b) -> dict:
        reach = max(b.share - b.lo, b.hi - b.share)
        return {"naam": b.label, "label": p.title, "n": b.n, "marge": fmt.number(reach * 100)}

    def gap(p, b) -> dict:
        printed = fmt.gap(b.share, p.reference)
        return {"naam": b.label, "label": p.title, "n": b.n, "verschil": printed.amount,
                "waarde": abs(printed.value)}

    fewest = min(bars, key=lambda pb: (pb[1].n, -max(pb[1].share - pb[1].lo, pb[1].hi - pb[1].share)))
    most = max(bars, key=lambda pb: pb[1].n)
    marked = {m: [gap(p, b) for p, b in bars if b.mark == m and p.reference is not None] for m in ("toeval", "echt")}
    widest = max((g for g in marked["toeval"] if g["waarde"] >= min_pp + EXAMPLE_MARGIN_PP),
                 key=lambda g: (g["waarde"], -g["n"]), default=None)
    # The choice rule of the example (round 17: '8 pp at n 226 chance, 6 pp at n 409 betekenisvol' showed little):
    # beside the widest gap that may be chance, the betekenisvol gap closest to it in size and no larger (printed
    # whole points, so rounding cannot turn the comparison around), clear of the minimal difference by a whole
    # point; of equal size the one with the most answers. Two gaps of (nearly) the same size, one chance and one
    # betekenisvol, show best that the number of answers decides; without one, the widest chance gap alone.
    clear = [g for g in marked["echt"] if g["waarde"] >= min_pp + 1
             and widest is not None and g["waarde"] <= widest["waarde"]]
    closest = max(clear, key=lambda g: (g["waarde"], g["n"]), default=None)
    return {"klein": margin(*fewest), "groot": margin(*most), "toeval": widest,
            # the answer's last sentence compares them; `even` when both print the same gap
            "echt": closest,
            "even": closest is not None and widest is not None and closest["waarde"] == widest["waarde"]}


SPOKEN_MOST = 3  # municipalities one question names: with more, each gets less than a minute of its four


def spoken_members(f) -> tuple[Gebied, ...]:
    """The members of a shared challenge or pattern (`f`, a MajorityFinding) its question names: all of them up
    to SPOKEN_MOST, else its betekenisvol members first, then the farthest from Flanders, at most SPOKEN_MOST and
    never a cut between two equal printed shares (a tie is not an order: both or neither). The others are asked
    elsewhere in the theme (`_every_member_asked`)."""
    if len(f.members) <= SPOKEN_MOST:
        return tuple(g for g, _c in f.members)
    real = {g.nis for g in f.real}
    order = sorted(f.members, key=lambda m: (m[0].nis not in real, -m[1].share * f.direction, m[0].naam))

    def tied(a, b) -> bool:
        return (a[0].nis in real) == (b[0].nis in real) and fmt.pct(a[1].share) == fmt.pct(b[1].share)

    most = SPOKEN_MOST
    while most > 0 and tied(order[most - 1], order[most]):
        most -= 1
    return tuple(g for g, _c in order[:most])


def spoken_farthest(f) -> bool:
    """Whether the members a question names (`spoken_members`) lie at least as far from Flanders as every other
    member, by their printed shares (then the question may say they lie farthest)."""
    spoken = {g.nis for g in spoken_members(f)}
    far = [abs(float(fmt.gap(c.share, f.reference.share).value)) for g, c in f.members if g.nis in spoken]
    rest = [abs(float(fmt.gap(c.share, f.reference.share).value)) for g, c in f.members if g.nis not in spoken]
    return bool(far) and min(far) > max(rest, default=-1.0)


def _named(item: dict) -> tuple[Gebied, ...]:
    """The municipalities a sub-question names."""
    f = item["bevinding"]
    if item["soort"] in ("paar", "structureel"):
        return (f.high, f.low)
    if item["soort"] in ("gedeeld", "patroon"):
        return spoken_members(f)
    if item["soort"] == "toeval":
        return tuple(g for g, _c in f.members)
    if item["soort"] in ("vlaanderen", MAYBE):
        return (f.area,)
    if item["soort"] == TURN:
        return tuple(item["namen"])
    return ()


def _seen_from(found: PeerFindings, item: dict, focus: Gebied) -> dict:
    """How a sub-question's finding stands for the municipality whose copy it is (words: `deelvraag`):
    its own printed figure on that indicator (`cijfer`, None when hidden or missing), whether the finding
    names it (`lid`), and whether its figure lies at least min_verschil_pp on the finding's side of Flanders
    (`zelfde_kant`, as the majority rule counts a member; for a pair: at least the high municipality's
    share), so that its copy only asks 'herkent … dit' where its own figure points the same way, and
    otherwise asks what it can learn or offer."""
    f = item.get("bevinding")
    if f is None:
        return {"cijfer": None, "lid": False, "zelfde_kant": False, "leert_van": False, "weet": False}
    own = found.figure(focus, f.indicator)
    own = own if own is not None and not own.suppressed else None
    least = found.ws.config.instellingen.statistiek.min_verschil_pp / 100  # as far as the majority rule asks
    member = any(g.nis == focus.nis for g in _named(item))
    if own is None:
        return {"cijfer": None, "lid": member, "zelfde_kant": False, "leert_van": False, "weet": False}
    ref = found.figure(found.ws.gebieden.references[VLAANDEREN], f.indicator)
    ref = ref if ref is not None and not ref.suppressed else None
    if item["soort"] in ("paar", "structureel"):
        same = own.share >= f.high_figure.share
        # 'wat kan … leren van <high>' only where the high municipality differs betekenisvol from this one or from
        # Flanders (not Herent 21 % against Rotselaar 25 %, both near Flanders)
        apart = any({b.high.nis, b.low.nis} == {focus.nis, f.high.nis}
                    for b in found.real_pairs([found.ws.config.catalogus.by_id[f.indicator]]))
        learns = apart or found.versus_flanders(f.high, f.indicator).real
        return {"cijfer": own, "lid": member, "zelfde_kant": same, "leert_van": learns, "weet": False}
    same = ref is not None and (own.share - ref.share) * f.direction >= least
    # 'wat weet … hierover' only where its own figure is betekenisvol on the other side of Flanders: it has
    # something to tell; a municipality at the Flemish level is asked how it is with its own residents
    knows = (ref is not None and found.versus_flanders(focus, f.indicator).real
             and (own.share - ref.share) * f.direction < 0)
    # at the Flemish level (within min_verschil_pp): its figure already says how it is with its residents, so it is
    # asked what makes the difference, never what it sees of it in its residents
    level = ref is not None and abs(own.share - ref.share) < least
    # 'wat kan … <x> daarover vertellen' only from a member betekenisvol farther on that side than x (Herent 24 % has
    # nothing to tell Bierbeek 31 %)
    shown = getattr(f, "figure", None)
    farther = (same and shown is not None and found.versus_flanders(focus, f.indicator).real
               and (own.share - shown.share) * f.direction > 0)
    return {"cijfer": own, "lid": member, "zelfde_kant": same, "leert_van": True, "weet": knows,
            "niveau": level, "verder": farther}


def reading(found: PeerFindings, peers: list[Gebied], item: dict) -> str:
    """How a question reads a municipality's gap with Flanders (words: `deelvraag`): 'kennis' where its share is
    higher on what the theme aims at, so it has experience to share; 'nood' where the indicator is a wish or need
    of residents (catalogue `lezing: wens`) or its share is lower: the question asks what it needs and who at
    the table has tried something for it; 'stad' where a centrumstad differs (either side) in a group with other
    municipalities: a city effect, asked as what it means for the neighbours, never what a village must learn
    from or a need of the city. 'kennis' for any other kind."""
    if item["soort"] != "vlaanderen":
        return "kennis"
    f = item["bevinding"]
    types = {municipality_type(found.ws, g) for g in peers}
    if municipality_type(found.ws, f.area) == "centrumstad" and len(types) > 1:
        return "stad"
    if found.ws.config.catalogus.by_id[f.indicator].lezing == "wens" or f.direction < 0:
        return "nood"
    return "kennis"


def _neighbours_alike(found: PeerFindings, peers: list[Gebied], item: dict) -> bool:
    """Whether at least one other municipality's own figure lies on the side of a municipality's gap with
    Flanders (as `_seen_from` counts 'zelfde_kant'): only then may the facilitator ask 'herkennen de buren dit'."""
    if item["soort"] != "vlaanderen":
        return False
    return any(_seen_from(found, item, g)["zelfde_kant"] for g in peers if g.nis != item["bevinding"].area.nis)


def _prompts(found: PeerFindings, peers: list[Gebied], shared: list, patterns: list, indicators: list[Indicator],
             labels: dict[str, str], named: dict[str, int]) -> dict[str, dict]:
    """What ties each guiding question to the theme's figures: the finding its sub-question names
    (the words are in templates/woorden/intervisie.html, `deelvraag`). Per question id:
    {soort, ...}; soort 'algemeen' when the theme has no such finding.
    The questions spread over the theme's indicators and the municipalities: a finding on an indicator
    no other question of the theme names wins, then the kind that fits the question best, then the one
    that names most municipalities not yet named in the workbook (`named`: how often each NIS
    code was named so far, updated here), then the least named, then the largest; so the biggest
    municipality, which is in most significant differences, does not carry every question.
    A difference between a centrumstad and another municipality is background (city against
    countryside), never a question; what may be chance is the pitfall of one theme only (`named` keeps
    `LESSON` once it was asked), the other themes get a pitfall of policy tied to their figures."""
    types = {g.nis: municipality_type(found.ws, g) for g in peers}
    pairs = found.real_pairs(indicators)
    # With two municipalities with figures or fewer there is no like-for-like pair to learn from and no one
    # else to name: the contrast between the two (city or not) and each one's gaps with Flanders carry the
    # questions, so that the second half of the session does not fall back on the same general questions.
    few = sum(1 for g in peers if found.published(g, found.indicators or indicators)) <= 2
    # a difference between a centrumstad and another municipality is background (the reading page says so), in a
    # small group too: never a question's anchor
    comparable = [b for b in pairs if types[b.high.nis] == types[b.low.nis]]
    # a centrumstad's own gap with Flanders is background: a gap of another municipality first
    gaps = [g for p in peers for g in found.versus_flanders_real(p, indicators)]
    # (named once, so every municipality is named somewhere in the workbook, then no more: a question without
    # a finding gets the general sub-question rather than one more about the centrumstad)
    gap_pref = {id(g): 1 for g in gaps}

    def item(kind: str, finding=None, **extra) -> dict:
        label = labels.get(getattr(finding, "indicator", ""), "")
        return {"soort": kind, "bevinding": finding, "label": label, **extra}

    min_pp = fmt.number(found.ws.config.instellingen.statistiek.min_verschil_pp)
    real_patterns = [b for b in patterns if b.real]  # a pattern with none betekenisvol only warns
    by_chance = [b for b in shared if len(b.real) < len(b.members)]
    lesson = [] if named.get(LESSON) else [(0, item("toeval", b, min_pp=min_pp)) for b in by_chance + patterns
                                           if not b.real]
    candidates: dict[str, list[tuple[int, dict]]] = {  # (preference, item): 0 fits best
        "versterken": [(0, item("paar", b)) for b in comparable] + [(1, item("gedeeld", b)) for b in shared]
                      + [(1, item("patroon", b)) for b in real_patterns]
                      + [(1 + gap_pref[id(b)], item("vlaanderen", b)) for b in gaps],
        # the statistics lesson once in the workbook; else a pitfall of policy on a printed finding
        "valkuilen": lesson + [(1, item("gedeeld", b)) for b in shared]
                     + [(1, item("patroon", b)) for b in real_patterns]
                     + [(1, item("paar", b)) for b in comparable]
                     + [(1 + gap_pref[id(b)], item("vlaanderen", b)) for b in gaps],
        "overstijgen": [(0, item("gedeeld", b)) for b in shared] + [(0, item("patroon", b)) for b in real_patterns]
                       + [(gap_pref[id(b)], item("vlaanderen", b)) for b in gaps],
        "leren": [(0, item("paar", b)) for b in comparable] + [(gap_pref[id(b)], item("vlaanderen", b)) for b in gaps],
    }
    prompts: dict[str, dict] = {}
    asked: set[str] = set()  # the indicators the theme's questions name so far
    order = ("overstijgen", "versterken", "leren", "valkuilen")  # the shared challenge to 'overstijgen' first

    def allowed(it: dict) -> bool:
        return few or not (it["soort"] == "vlaanderen" and types[it["bevinding"].area.nis] == "centrumstad"
                           and named.get(it["bevinding"].area.nis))

    # one indicator per question: the indicators each question could name, to keep as many apart as the findings allow
    pools = {q: {it["bevinding"].indicator for _p, it in candidates[q]
                 if allowed(it) or (q == "valkuilen" and it["soort"] != "toeval")} for q in order}
    for i, q in enumerate(order):
        rest = [pools[r] for r in order[i + 1:]]
        # an indicator another question of the theme names is not named again: the general sub-question instead
        options = [(pref, it) for pref, it in candidates[q]
                   if it["bevinding"].indicator not in asked and allowed(it)]
        if q == "overstijgen" and not few and any(it["soort"] in ("gedeeld", "patroon") for _p, it in options):
            # what several members share crosses the border; a centrumstad's own gap is a city effect
            options = [(pref, it) for pref, it in options
                       if not (it["soort"] == "vlaanderen" and types[it["bevinding"].area.nis] == "centrumstad")]
        if not options and q == "valkuilen":  # a pitfall on the centrumstad's own gap beats a general one
            options = [(pref + 9, it) for pref, it in candidates[q]
                       if it["soort"] != "toeval" and it["bevinding"].indicator not in asked]
        if not options:
            prompts[q] = item("algemeen")
            continue

        def rank(option: tuple[int, dict], rest: list = rest, q: str = q) -> tuple:
            pref, it = option
            who = _named(it)
            fresh = sum(1 for g in who if not named.get(g.nis))
            strength = getattr(it["bevinding"], "strength", 0.0)
            # how many questions of the theme name an indicator of their own, with this option: as many as can
            # then the pitfall, asked last, keeps an indicator of its own where the findings allow
            apart, pitfall = _most_apart(rest, asked | {it["bevinding"].indicator})
            spread = sum(named.get(g.nis, 0) for g in who) / max(len(who), 1)
            return (-1 - apart, not (pitfall or q == "valkuilen"), pref, -fresh, spread, -strength)

        _pref, chosen = min(options, key=rank)
        # the general sub-question when naming an indicator here would leave a later question (the pitfall
        # first) without one of its own
        best, lost = rank((_pref, chosen))[:2]
        skipped, pitfall = _most_apart(rest, asked)
        if q != "valkuilen" and (skipped, pitfall) > (-best, not lost):
            prompts[q] = item("algemeen")
            continue
        prompts[q] = chosen
        asked.add(chosen["bevinding"].indicator)
        if chosen["soort"] == "toeval":
            named[LESSON] = 1
        for g in _named(chosen):
            named[g.nis] = named.get(g.nis, 0) + 1
    return {q: prompts[q] for q in QUESTIONS}


def _most_apart(pools: list[set[str]], taken: set[str]) -> tuple[int, bool]:
    """The most questions that can each name an indicator of their own pool, no two the same and none
    of `taken`, and whether the last question can then be one of them (a matching of at most four
    questions: tried in full)."""
    if not pools:
        return 0, False
    first, rest = pools[0], pools[1:]
    if not rest:
        return (1, True) if first - taken else (0, False)
    return max([_most_apart(rest, taken)]
               + [(1 + found[0], found[1]) for i in sorted(first - taken) if (found := _most_apart(rest, taken | {i}))])


def _own_figure(pattern, focus: Gebied) -> Cijfer:
    """The municipality's own figure in a pattern (as a member, near Flanders or on the other side)."""
    return next(c for g, c in pattern.members + pattern.alike + pattern.opposite if g.nis == focus.nis)


def pair_key(b) -> tuple[str, str, str]:
    """A difference between two municipalities, as (indicator, high NIS, low NIS)."""
    return (b.indicator, b.high.nis, b.low.nis)


def own_prompts(found: PeerFindings, peers: list[Gebied], focus: Gebied, indicators: list[Indicator],
                labels: dict[str, str], shown: set[tuple] | None = None,
                asked: frozenset[str] | set[str] = frozenset()) -> dict[str, dict]:
    """What ties each of a municipality's own fields to its own figures (words: `eigen_deelvraag`):
    'herkennen' its (up to three) strongest betekenisvol differences with Flanders; 'doen' a betekenisvol
    difference with a neighbour of its own type (a centrumstad against another municipality is background), a
    pattern it does not follow, a further pattern it is part of, or a further difference of its own with Flanders;
    'hulp' a
    shared challenge or pattern it is part of, a difference with Flanders where it lags, or a neighbour
    that lies betekenisvol higher; 'aanbieden' where it stands out favourably (a pattern of the others it
    does not follow, a lead over Flanders, or a betekenisvol lead over a neighbour). No two fields name the
    same indicator: where a field has no finding of its own left, it gets the general prompt.
    A difference with a neighbour only where the facilitator copy shows it too (`shown`: pair_key of the pairs
    its theme pages list; None: no such limit) and on an indicator no theme question anchors (`asked`), so that
    a copy does not make the same point on its own page and again in a theme's questions."""
    types = {g.nis: municipality_type(found.ws, g) for g in peers}
    gaps = found.versus_flanders_real(focus, indicators)
    patterns = found.shared_by_majority(indicators) + found.patterns_by_half(indicators)
    if not found.published(focus, indicators):
        return _prompts_without_figures(found, peers, focus, indicators, labels, patterns, asked)
    member = [b for b in patterns if b.has(focus)]
    # 'apart' only on the other side of Flanders: a municipality close to Flanders is no difference to build on
    apart = [b for b in patterns if not b.has(focus) and any(g.nis == focus.nis for g, _c in b.opposite)]
    # only a neighbour of its own type: a difference between a centrumstad and another municipality is background
    pairs = [b for b in found.real_pairs(indicators) if focus.nis in (b.high.nis, b.low.nis)
             and types[b.high.nis] == types[b.low.nis] and (shown is None or pair_key(b) in shown)
             and b.indicator not in asked]
    pairs.sort(key=lambda b: (-b.strength, b.indicator))
    used: set[str] = set()  # indicators already named by an earlier field

    def item(kind: str, finding=None, **extra) -> dict:
        label = labels.get(getattr(finding, "indicator", ""), "")
        if finding is not None:
            used.add(finding.indicator)
        return {"soort": kind, "bevinding": finding, "label": label, **extra}

    def first(items: list):
        return next((b for b in items if b.indicator not in used), None)

    prompts: dict[str, dict] = {}
    if gaps:
        prompts["herkennen"] = {"soort": "vlaanderen", "bevinding": None, "label": "",
                                "bevindingen": [{"bevinding": b, "label": labels[b.indicator]} for b in gaps[:3]]}
        used.update(b.indicator for b in gaps[:3])
    elif member:  # no difference of its own, but part of a pattern of the group
        prompts["herkennen"] = item("samen", member[0], eigen=_own_figure(member[0], focus))
    else:
        prompts["herkennen"] = item("algemeen")
    if (b := first(member)) is not None:
        prompts["hulp"] = item("patroon", b, eigen=_own_figure(b, focus))
    elif (b := first([b for b in gaps if b.direction < 0])) is not None:  # help where it lags, not where it leads
        prompts["hulp"] = item("vlaanderen", b)
    elif (b := first([b for b in pairs if b.low.nis == focus.nis])) is not None:  # a neighbour lies higher
        prompts["hulp"] = item("paar", b)
    else:  # never the indicator of another field again: the page asks four things, not one four times
        prompts["hulp"] = item("algemeen")
    # Offering experience only where the municipality stands out favourably (each theme is 'Meer mensen …': a
    # higher share is the aim): a betekenisvol difference with Flanders, or a betekenisvol lead over a neighbour
    # where its own figure is not below Flanders (so that a municipality that merely matches Flanders is asked
    # about its lead over a neighbour only when no clearer strength exists; its largest lead over Flanders first).
    strong = {b.indicator for b in gaps if b.direction > 0}
    flanders = found.ws.gebieden.references[VLAANDEREN]

    def above_flanders(b) -> float:
        ref = found.figure(flanders, b.indicator)
        return b.high_figure.share - ref.share if ref is not None and not ref.suppressed else float("-inf")

    leads = sorted((b for b in pairs if b.high.nis == focus.nis and above_flanders(b) >= 0),
                   key=lambda b: (-above_flanders(b), -b.strength, b.indicator))
    if (b := first([b for b in apart if b.indicator in strong and b.direction < 0])) is not None:
        prompts["aanbieden"] = item("apart", b, eigen=_own_figure(b, focus))
    elif (b := first([b for b in pairs if b.high.nis == focus.nis and b.indicator in strong])) is not None:
        prompts["aanbieden"] = item("paar", b)
    elif (b := first([b for b in gaps if b.direction > 0])) is not None:
        prompts["aanbieden"] = item("sterk", b)
    elif (b := first(leads)) is not None:
        prompts["aanbieden"] = item("paar", b)
    else:
        prompts["aanbieden"] = item("algemeen")
    if (b := first(pairs)) is not None:
        prompts["doen"] = item("paar", b)
    elif (b := first(apart)) is not None:
        prompts["doen"] = item("apart", b, eigen=_own_figure(b, focus))
    elif (b := first(member)) is not None:  # a further pattern it is part of
        prompts["doen"] = item("patroon", b, eigen=_own_figure(b, focus))
    elif (b := first(gaps)) is not None:  # a further difference of its own with Flanders (no neighbour of its type)
        prompts["doen"] = item("vlaanderen", b)
    else:
        prompts["doen"] = item("algemeen")
    return {q: prompts[q] for q in OWN_QUESTIONS}


def _prompts_without_figures(found: PeerFindings, peers: list[Gebied], focus: Gebied, indicators: list[Indicator],
                             labels: dict[str, str], patterns: list,
                             asked: frozenset[str] | set[str] = frozenset()) -> dict[str, dict]:
    """A municipality with too few participants for any figure of its own: its page turns to what it
    can use. 'herkennen' names how few answers it has and the neighbours' clearest finding (a pattern
    of the others, else their largest betekenisvol gap with Flanders) to hold against what it knows;
    'hulp' invites it to run its own follow-up survey; the other two stay general. The example is on an indicator
    no theme question anchors (`asked`) where there is one, so that the page and a theme's first question do not
    ask the same thing twice."""
    patterns = [b for b in patterns if b.indicator not in asked] or patterns
    gaps = neighbour_gaps(found, peers, focus, indicators, asked)
    example: dict = {"soort": "te_weinig", "bevinding": None, "label": "",
                     "deelnemers": found.ws.respondents(focus)}
    if gaps:  # the pre-read's first figure too (`preread_context`)
        example.update(bevinding=gaps[0], label=labels[gaps[0].indicator], buur="vlaanderen")
    elif patterns:
        example.update(bevinding=patterns[0], label=labels[patterns[0].indicator], buur="patroon")
    general = {"soort": "algemeen", "bevinding": None, "label": ""}
    return {"herkennen": example, "doen": general,
            "hulp": {"soort": "bevraging", "bevinding": None, "label": "", "deelnemers": example["deelnemers"]},
            "aanbieden": general}


def neighbour_gaps(found: PeerFindings, peers: list[Gebied], focus: Gebied, indicators: list[Indicator],
                   asked: frozenset[str] | set[str] = frozenset()) -> list:
    """For a municipality without figures of its own: the neighbours' betekenisvol gaps with Flanders it holds its
    practice against, one per indicator: a neighbour of its own type first (a village sets itself beside a village,
    not beside the city: round 15, Spiere-Helkijn's copy and pre-read started from Kortrijk's figures), then on an
    indicator no theme question anchors (`asked`), so that its own page opens with what a theme question asks again
    only where that neighbour has no other gap (round 12), then the largest. The copy's
    own page starts from the first, and the pre-read lists them in this order."""
    own_type = municipality_type(found.ws, focus)
    gaps = sorted((b for g in peers if g.nis != focus.nis for b in found.versus_flanders_real(g, indicators)),
                  key=lambda b: (municipality_type(found.ws, b.area) != own_type, b.indicator in asked, -b.strength,
                                 b.indicator))
    first: dict[str, object] = {}
    for b in gaps:
        first.setdefault(b.indicator, b)
    return list(first.values())


PREREAD_NEIGHBOURS = 3  # the pre-read of a municipality without figures lists at most this many neighbours' figures


def copy_neighbour_figures(found: PeerFindings, peers: list[Gebied], focus: Gebied, indicators: list[Indicator],
                           labels: dict[str, str], prompts: dict) -> list:
    """The neighbours' betekenisvol gaps with Flanders that the copy of a municipality without figures of its own
    asks about, in the copy's order: its own page's figure first, then each theme's questions (`prompts`), one per
    (municipality, indicator)."""
    asked = {p["bevinding"].indicator for t in prompts.values() for p in t.values() if p["bevinding"] is not None}
    own = own_prompts(found, peers, focus, indicators, labels, asked=asked)
    items = [p for p in own.values() if p.get("buur") == "vlaanderen"]
    items += [p for t in prompts.values() for q in QUESTIONS if (p := t[q])["soort"] == "vlaanderen"]
    seen: dict[tuple[str, str], object] = {}
    for p in items:
        b = p["bevinding"]
        if b.area.nis != focus.nis:
            seen.setdefault((b.area.nis, b.indicator), b)
    return list(seen.values())


def preread_neighbours(figures: list, most: int = PREREAD_NEIGHBOURS) -> list:
    """What the pre-read of a municipality without figures lists under 'Wat opvalt bij de buren': of the figures its
    copy asks about (`copy_neighbour_figures`, in that order), the first of each neighbour, then the next ones, up
    to `most`, kept in the copy's order (round 13: it listed Kortrijk figures the copy never asks about and left out
    Zwevegem's, the copy's first question)."""
    chosen: list[int] = []
    for i, b in enumerate(figures):
        if len(chosen) < most and all(figures[j].area.nis != b.area.nis for j in chosen):
            chosen.append(i)
    for i in range(len(figures)):
        if len(chosen) < most and i not in chosen:
            chosen.append(i)
    return [figures[i] for i in sorted(chosen)]


def looks_shared(found: PeerFindings, indicators: list[Indicator]) -> list:
    """What the facilitator's theme page lists under 'Misschien een patroon (kan toeval zijn)', by one rule on every
    theme: every chance pattern (`PeerFindings.chance_patterns`: at least half of the counted municipalities, at
    least two, on one side, none of them betekenisvol; the reading page's threshold of a pattern), most members
    first. (One per theme was listed: a 3 of 6 on one theme, while the next left three of them out.)"""
    return found.chance_patterns(indicators)


def theme_prompts(found: PeerFindings, peers: list[Gebied], theme_list: list, labels: dict[str, str]) -> dict:
    """Each theme's four sub-questions (`_prompts`), in the workbook's order, so that the questions spread
    over the municipalities across themes: {theme id: {question id: item}}."""
    named: dict[str, int] = {}  # how often each municipality is named in the sub-questions so far
    found_prompts = {}
    for theme_id, _theme, indicators in theme_list:
        shared = found.shared_by_majority(indicators)[:3]
        patterns = found.patterns_by_half(indicators)[:2]
        by_chance = looks_shared(found, indicators)[:1]  # the statistics lesson asks about the first
        found_prompts[theme_id] = _prompts(found, peers, shared, patterns + by_chance, indicators, labels, named)
    types = {g.nis: municipality_type(found.ws, g) for g in peers}
    mixed = len(set(types.values())) > 1
    cities = {nis for nis, kind in types.items() if kind == "centrumstad"} if mixed else set()
    for (_theme_id, _theme, indicators), prompts in zip(theme_list, found_prompts.values()):
        # a centrumstad with other municipalities: its city effects anchor one question of a theme at most
        freed = _cap_anchors(prompts, cities) if mixed else []
        # the other members' betekenisvol gaps first, then (not a city's) their largest gaps that may be chance
        maybe = {g.nis: [{"soort": MAYBE, "bevinding": b, "label": labels.get(b.indicator, "")}
                         for b in found.versus_flanders_chance(g, indicators)] if g.nis not in cities else []
                 for g in peers}
        own_gaps = {g.nis: [{"soort": "vlaanderen", "bevinding": b, "label": labels.get(b.indicator, "")}
                            for b in sorted(found.versus_flanders_real(g, indicators), key=lambda b: -b.strength)]
                    + maybe[g.nis] for g in peers}
        _every_member_asked(prompts, peers, types, own_gaps)
        _give_to_members(prompts, [k for k in freed if prompts[k]["soort"] == "algemeen"],
                         [g for g in peers if g.nis not in cities], own_gaps)
        _one_chance_gap(prompts, peers, cities, own_gaps)
    _vary_across_themes(found, peers, found_prompts, cities)
    _cap_city_framings(found_prompts, cities)
    _one_chance_gap_per_member(found_prompts)
    for (_theme_id, _theme, indicators), prompts in zip(theme_list, found_prompts.values()):
        _give_a_spine(found, prompts, found.real_pairs(indicators), labels, types)
    _refer_back_to_city(found_prompts, cities)
    # the workbook's questions on a gap that may be chance, numbered: each gets its own wording (words: `deelvraag`)
    maybe_items = [p for prompts in found_prompts.values() for q in QUESTIONS if (p := prompts[q])["soort"] == MAYBE]
    for i, p in enumerate(maybe_items):
        p["vorm"] = i
    return found_prompts


MOVABLE = ("vlaanderen", "beurt", "algemeen")  # what a question holds that may move to another guiding question
CITY_FRAMINGS = 2  # a session asks a centrumstad's gap as a city effect at most this many times


def _anchor_names(item: dict) -> frozenset[str]:
    """The municipalities a movable question rests on (its own gap or its turn), empty for a general one."""
    return frozenset(g.nis for g in _named(item)) if item["soort"] in ("vlaanderen", TURN, MAYBE) else frozenset()


def _vary_across_themes(found: PeerFindings, peers: list[Gebied], prompts: dict[str, dict[str, dict]],
                        cities: set[str] | frozenset[str]) -> None:
    """The themes do not read as one template three times (round 13: Kortrijk's city effect always under
    'overstijgen', Zwevegem's 'kan toeval zijn' always under 'versterken', Spiere-Helkijn's turn always the
    pitfall). A gap that may be chance is a data check, the pitfall of reading too much into it: under
    'valkuilen'. The other questions that rest on one member (its gap with Flanders, a turn) or on none
    (general) are shuffled within their theme so that no member anchors the same guiding question in every
    theme where another order can avoid it; a centrumstad's gap is asked as a city effect (any question but
    'leren' on a share that is no wish of residents) at most CITY_FRAMINGS times a session where another order
    can avoid it, and once a session under 'leren' it asks what the city can offer the neighbours (`aanbod`:
    ondersteunend leren, a service or experience, not a policy behind an attitude). What several members share,
    a pair and the statistics lesson keep their question; another
    member's gap goes to 'overstijgen' only where a neighbour lies on the same side."""
    from itertools import permutations

    history: list[dict[str, frozenset[str]]] = []
    framings = 0
    offered = False

    def wish(it: dict) -> bool:
        return found.ws.config.catalogus.by_id[it["bevinding"].indicator].lezing == "wens"

    def framing(q: str, it: dict, offered: bool) -> bool:
        # every question on a city's gap asks whether it is proper to a city, except the session's one 'leren' on a
        # share that is no wish of residents, which asks what the city can offer (words: `stad_staart`)
        return anchor(it) in cities and (q != "leren" or wish(it) or offered)

    def offers(q: str, it: dict) -> bool:
        return anchor(it) in cities and q == "leren" and not wish(it)

    for theme_prompts_ in prompts.values():
        chance = next((q for q in QUESTIONS if theme_prompts_[q]["soort"] == MAYBE), None)
        if chance and chance != "valkuilen" and theme_prompts_["valkuilen"]["soort"] in MOVABLE:
            theme_prompts_[chance], theme_prompts_["valkuilen"] = theme_prompts_["valkuilen"], theme_prompts_[chance]
        slots = [q for q in QUESTIONS if theme_prompts_[q]["soort"] in MOVABLE
                 and not (q == "valkuilen" and chance)]
        items = [theme_prompts_[q] for q in slots]

        def fits(q: str, it: dict) -> bool:
            return not (q == "overstijgen" and it["soort"] == "vlaanderen" and anchor(it) not in cities
                        and not _neighbours_alike(found, peers, it))

        def score(order: tuple[int, ...], items: list[dict] = items, slots: list[str] = slots,
                  framings: int = framings, offered: bool = offered) -> tuple:
            placed = {q: items[i] for q, i in zip(slots, order)}
            same_always = sum(1 for q, it in placed.items() if (names := _anchor_names(it)) and history
                              and all(h.get(q) == names for h in history))
            new_framings = sum(framing(q, it, offered) for q, it in placed.items())
            offer = any(offers(q, it) for q, it in placed.items())
            same_last = sum(1 for q, it in placed.items() if (names := _anchor_names(it)) and history
                            and history[-1].get(q) == names)
            moved = sum(1 for k, i in enumerate(order) if k != i)
            return (max(0, framings + new_framings - CITY_FRAMINGS), same_always, not (offered or offer or not cities),
                    same_last, new_framings if framings else 0, moved)

        orders = [o for o in permutations(range(len(items))) if all(fits(q, items[i]) for q, i in zip(slots, o))]
        if orders:
            best = min(orders, key=score)
            for q, i in zip(slots, best):
                theme_prompts_[q] = items[i]
        framings += sum(framing(q, theme_prompts_[q], offered) for q in QUESTIONS)
        if not offered and offers("leren", theme_prompts_["leren"]):
            theme_prompts_["leren"]["aanbod"] = offered = True  # the words ask what the city can offer, once
        history.append({q: _anchor_names(theme_prompts_[q]) for q in QUESTIONS})


SPINE_KINDS = ("gedeeld", "patroon", "paar", "structureel")  # what gives a theme's discussion its spine


def turn_names(prompts: dict[str, dict[str, dict]], peers: list[Gebied]) -> list[str]:
    """The members that answer the session's turn questions, in the group's order."""
    named = {g.nis for t in prompts.values() for p in t.values() if p["soort"] == TURN for g in p["namen"]}
    return [g.naam for g in peers if g.nis in named]


def _give_a_spine(found: PeerFindings, prompts: dict[str, dict], pairs: list, labels: dict[str, str],
                  types: Mapping[str, str]) -> None:
    """A theme without a shared challenge, a pattern or a pair in its questions still gets a spine (round 17: the
    small group had nothing to work on together, while Kortrijk 35 % against Zwevegem 20 % on car sharing was
    asked nowhere): its first question ('versterken') asks the two members of the theme's largest betekenisvol
    difference between members (`pairs`, largest first) on an indicator no question of the theme names yet, else
    the largest: what the theme's questions already ask is not asked twice. A difference between a centrumstad and
    another municipality is 'structureel' (the reading page says the theme then opens with it). What stood in the
    first question moves to a general or turn question whose members another question names; on the spine's
    indicator it gives way (the spine asks that figure again)."""
    if not pairs or any(p["soort"] in SPINE_KINDS for p in prompts.values()):
        return
    elsewhere = {p["bevinding"].indicator for p in prompts.values() if p["bevinding"]}
    spine = min(pairs, key=lambda b: (b.indicator in elsewhere, -b.strength, b.indicator))
    kind = "paar" if types[spine.high.nis] == types[spine.low.nis] else "structureel"
    first = prompts["versterken"]
    city = spine.high if types[spine.high.nis] == "centrumstad" else spine.low
    without = [g for g in found.peers if g.nis not in (spine.high.nis, spine.low.nis)
               and not found.published(g, found.indicators or [])]
    prompts["versterken"] = {"soort": kind, "bevinding": spine, "label": labels.get(spine.indicator, ""),
                             "spil": True, "stad": city, "zonder": without}
    if first["soort"] == "algemeen" or getattr(first["bevinding"], "indicator", None) == spine.indicator:
        return

    def named(skip: str) -> set[str]:
        return {g.nis for q, p in prompts.items() if q != skip for g in _named(p)}

    # the question that gives way: a general one first, then a turn or a gap that may be chance whose members another
    # question names
    spare = [q for q in QUESTIONS[1:] if prompts[q]["soort"] == "algemeen"] + \
            [q for kind in (TURN, MAYBE) for q in QUESTIONS[1:] if prompts[q]["soort"] == kind
             and {g.nis for g in _named(prompts[q])} <= named(q) | {g.nis for g in _named(first)}]
    if spare:
        prompts[spare[0]] = first
    # a turn goes to members no other question of the theme names: the spine's two leave it
    for q in QUESTIONS[1:]:
        if prompts[q]["soort"] == TURN:
            left = [g for g in prompts[q]["namen"] if g.nis not in named(q)]
            prompts[q] = {**prompts[q], "namen": left} if left else {"soort": "algemeen", "bevinding": None,
                                                                     "label": ""}


def _cap_city_framings(prompts: dict[str, dict[str, dict]], cities: set[str] | frozenset[str]) -> None:
    """A session asks whether a centrumstad's gap is proper to a city at most CITY_FRAMINGS times (every question on
    a city's gap but the one that asks what the city can offer, `aanbod`): where the themes' order could not avoid
    more, the weakest become general questions where the city is named in another question of the theme, other
    guiding questions before 'leren' (a general 'leren' asks each member what it offers, which the city was already
    asked), so that the group does not hear the rule a third time."""
    framed = [(theme, q) for theme in prompts.values() for q in QUESTIONS if _framed(theme[q], q, cities)]
    framed.sort(key=lambda tq: (tq[1] == "leren", tq[0][tq[1]]["bevinding"].strength))
    surplus = len(framed) - CITY_FRAMINGS
    for theme, q in framed:
        # (only where the city stays named in another question of the theme: every member is asked in every theme)
        city = anchor(theme[q])
        if surplus > 0 and any(city in {g.nis for g in _named(theme[k])} for k in QUESTIONS if k != q):
            theme[q] = {"soort": "algemeen", "bevinding": None, "label": ""}
            surplus -= 1


def _framed(item: dict, q: str, cities: set[str] | frozenset[str]) -> bool:
    """Whether a question asks if a centrumstad's own gap is proper to a city (every question on it but the one that
    asks what the city can offer)."""
    return anchor(item) in cities and not (q == "leren" and item.get("aanbod"))


def _refer_back_to_city(prompts: dict[str, dict[str, dict]], cities: set[str] | frozenset[str]) -> None:
    """The question whether a centrumstad's gap is proper to a city is asked in full once per session; every later
    one refers back to the theme where it was asked (`stad_eerder`: that theme's id; words: `stad_staart`), so that
    the group does not hear 'eigen aan een stad' in every theme (round 17: three times in the small group)."""
    first = None
    for theme_id, theme in prompts.items():
        for q in QUESTIONS:
            if _framed(theme[q], q, cities):
                if first is None:
                    first = theme_id
                else:
                    theme[q]["stad_eerder"] = first


def _one_chance_gap_per_member(prompts: dict[str, dict[str, dict]]) -> None:
    """No member hears in more than one theme of a session that its figure may be chance (Zwevegem heard it three
    times): its strongest such question stays, each other one becomes a question to it in turn about its own
    practice on the theme, or a general question where another question of the theme already names it."""
    chance: dict[str, list[tuple[dict, str]]] = {}
    for theme in prompts.values():
        for q in QUESTIONS:
            if theme[q]["soort"] == MAYBE:
                chance.setdefault(theme[q]["bevinding"].area.nis, []).append((theme, q))
    for asked in chance.values():
        asked.sort(key=lambda tq: -tq[0][tq[1]]["bevinding"].strength)
        for theme, q in asked[1:]:
            member = theme[q]["bevinding"].area
            named = any(member.nis in {g.nis for g in _named(theme[k])} for k in QUESTIONS if k != q)
            theme[q] = ({"soort": "algemeen", "bevinding": None, "label": ""} if named
                        else {"soort": TURN, "bevinding": None, "label": "", "namen": [member]})


def _give_to_members(prompts: dict[str, dict], free: list[str], peers: list[Gebied],
                     own_gaps: Mapping[str, list[dict]]) -> None:
    """The questions a centrumstad's surplus left free (`free`) go to the other members' own gaps with Flanders
    (`own_gaps`: betekenisvol first, then those that may be chance), on an indicator no other question of the
    theme names: the least named member first, then the largest gap."""
    for q in free:
        asked = {p["bevinding"].indicator for p in prompts.values() if p.get("bevinding") is not None}
        times = {g.nis: sum(g.nis in {x.nis for x in _named(p)} for p in prompts.values()
                            if p["soort"] != "algemeen") for g in peers}
        options = [(times[g.nis], i, it) for g in peers for i, it in enumerate(own_gaps.get(g.nis, []))
                   if it["bevinding"].indicator not in asked]
        if not options:
            return
        _t, _i, chosen = min(options, key=lambda o: (o[0], o[2]["soort"] == MAYBE, -o[2]["bevinding"].strength))
        prompts[q] = dict(chosen)


MAYBE = "misschien"  # a member's gap with Flanders that may be chance: asked if it is recognised, never a difference
CITY_ANCHORS = 1  # a centrumstad's gaps with Flanders anchor at most this many of a theme's questions (mixed group)
TURN = "beurt"  # a question that asks named members in turn about their own practice on the theme (no figure)
TURN_MOST = 3  # names per such question: with more, each gets less than a minute


def anchor(item: dict) -> str | None:
    """The NIS code of the one municipality a figure question rests on (its own gap with Flanders), else None."""
    return item["bevinding"].area.nis if item["soort"] == "vlaanderen" else None


def _cap_anchors(prompts: dict, cities: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """No municipality's gap with Flanders anchors more than half of a theme's questions (`prompts`: one theme's,
    len(prompts) // 2, one such question always allowed), and a centrumstad's (`cities`: their NIS codes, in a
    group with other municipalities) no more than CITY_ANCHORS: its weakest beyond that are freed (general) and
    returned, for the other members' own figures (`_give_to_members`) or a question to them in turn
    (`_every_member_asked`), so that a centrumstad's city effects do not carry the theme."""
    counts: dict[str, list] = {}
    for k, p in prompts.items():
        if (nis := anchor(p)) is not None:
            counts.setdefault(nis, []).append(k)
    freed = []
    for nis, keys in counts.items():
        most_allowed = CITY_ANCHORS if nis in cities else max(1, len(prompts) // 2)
        weakest_first = sorted(keys, key=lambda k: (prompts[k]["bevinding"].strength, str(k)))
        for k in weakest_first[:max(0, len(keys) - most_allowed)]:
            prompts[k].clear()
            prompts[k].update({"soort": "algemeen", "bevinding": None, "label": ""})
            freed.append(k)
    return freed


CHANCE_GAPS = 1  # a theme asks about at most this many members' gaps with Flanders that may be chance


def _one_chance_gap(prompts: dict[str, dict], peers: list[Gebied], cities: set[str] | frozenset[str],
                    own_gaps: Mapping[str, list[dict]]) -> None:
    """At most CHANCE_GAPS of a theme's questions rest on a gap that may be chance (its strongest kept): each
    other one goes to a betekenisvol gap with Flanders on an indicator no other question of the theme names,
    another member's first, then a centrumstad's (`cities`) while its gaps anchor fewer than half of the theme's
    questions (a city effect: the words ask what it means for the neighbours); without one it is general. So a
    chance gap never crowds out a solid one (Zwevegem's four 'kan toeval zijn' beside Kortrijk's unused gaps).
    A question the theme left general stays general: the agenda gives it two minutes, and the small group's
    time to exchange practices (and its page) depends on it."""
    chance = sorted((q for q in QUESTIONS if prompts[q]["soort"] == MAYBE),
                    key=lambda q: -prompts[q]["bevinding"].strength)
    for q in chance[CHANCE_GAPS:]:
        asked = {p["bevinding"].indicator for k, p in prompts.items() if k != q and p.get("bevinding") is not None}
        city_anchors = sum(1 for k, p in prompts.items() if k != q and anchor(p) in cities)
        options = [it for g in sorted(peers, key=lambda g: g.nis in cities) for it in own_gaps.get(g.nis, [])
                   if it["soort"] == "vlaanderen" and it["bevinding"].indicator not in asked
                   and (g.nis not in cities or city_anchors < len(prompts) // 2)]
        prompts[q] = dict(options[0]) if options else {"soort": "algemeen", "bevinding": None, "label": ""}


def _every_member_asked(prompts: dict[str, dict], peers: list[Gebied], types: Mapping[str, str],
                        own_gaps: Mapping[str, list[dict]] | None = None) -> None:
    """Each member is named in at least one of a theme's questions. A member no question names that has a
    betekenisvol gap with Flanders on an indicator no other question of the theme names (`own_gaps`: per NIS code
    its gaps in the theme as question items, strongest first) gets a question on that gap; the others are asked
    in turn by a general question (at most TURN_MOST, another municipality before a centrumstad), about their
    own practice on the theme. Without a general question left, a figure question whose members other questions
    also name makes room (not the statistics lesson; the one naming most, then the weakest)."""
    def names(skip: str | None = None) -> set[str]:
        return {g.nis for q, p in prompts.items() if q != skip and p["soort"] != "algemeen" for g in _named(p)}

    def room(city: bool = False) -> str | None:
        free = [q for q in QUESTIONS if prompts[q]["soort"] == "algemeen"]
        if free:
            return free[0]
        # (what several members share stays the question that crosses the border: never made room for one member;
        # a centrumstad takes the statistics lesson's place before a difference between two other members, whose
        # like-for-like comparison the group learns most from: the charts' open dots and the questions on a gap
        # that may be chance still say what chance is)
        spare = [q for q in QUESTIONS if prompts[q]["soort"] not in ((TURN,) if city else (TURN, "toeval"))
                 and not (q == "overstijgen" and prompts[q]["soort"] in ("gedeeld", "patroon"))
                 and {g.nis for g in _named(prompts[q])} <= names(skip=q)]
        return min(spare, key=lambda q: (city and prompts[q]["soort"] == "paar", -len(_named(prompts[q])),
                                         getattr(prompts[q]["bevinding"], "strength", 0.0))) if spare else None

    waiting = sorted((g for g in peers if g.nis not in names()), key=lambda g: types[g.nis] == "centrumstad")
    mixed = len(set(types.values())) > 1
    for g in list(waiting):
        q = room(city=mixed and types[g.nis] == "centrumstad")
        if q is None:
            return
        asked = {p["bevinding"].indicator for k, p in prompts.items() if k != q and p.get("bevinding") is not None}
        gap = next((it for it in (own_gaps or {}).get(g.nis, []) if it["bevinding"].indicator not in asked), None)
        # a gap that may be chance only while a free question is left for the members still waiting, in turn
        free = sum(1 for k in QUESTIONS if k != q and prompts[k]["soort"] == "algemeen")
        if gap is not None and gap["soort"] == MAYBE and free < -(-(len(waiting) - 1) // TURN_MOST):
            continue
        if gap is not None:
            prompts[q] = dict(gap)
            waiting.remove(g)
    while waiting:
        q = room()
        if q is None:
            return
        turn, waiting = waiting[:TURN_MOST], waiting[TURN_MOST:]
        prompts[q] = {"soort": TURN, "bevinding": None, "label": "", "namen": turn}


def also_notable(found: PeerFindings, peers: list[Gebied], indicators: list[Indicator], prompts: dict[str, dict],
                 labels: dict[str, str], listed: Iterable[str] = ()) -> list[dict]:
    """A theme's 'Ook opvallend' line: per member, its betekenisvol gaps with Flanders on the theme's indicators
    that no question of the theme asks about (`_named`) and no shared challenge on the page lists (`listed`: their
    indicators; that line gives every member's figure), higher and lower apart (round 15: Kortrijk's shared garden
    and car sharing were asked nowhere)."""
    asked = {(g.nis, p["bevinding"].indicator) for p in prompts.values() if p["bevinding"] is not None
             for g in _named(p)} | {(g.nis, i) for g in peers for i in listed}
    lines = []
    for g in peers:
        gaps = [b for b in found.versus_flanders_real(g, indicators) if (g.nis, b.indicator) not in asked]
        if gaps:
            lines.append({"naam": g.naam,
                          "hoger": [{"bevinding": b, "label": labels[b.indicator]} for b in gaps if b.direction > 0],
                          "lager": [{"bevinding": b, "label": labels[b.indicator]} for b in gaps if b.direction < 0]})
    return lines


def pairs_also_notable(found: PeerFindings, indicators: list[Indicator], prompts: dict[str, dict],
                       labels: dict[str, str], listed: Iterable[tuple[str, str, str]] = ()) -> list[dict]:
    """The 'Ook opvallend' line's differences between members: every betekenisvol difference between two members on
    the theme's indicators (`real_pairs`) that no question of the theme asks (a 'paar' or 'structureel' question on
    that pair) and no list on the page prints (`listed`: their `pair_key`), so that none is silently dropped (round
    17: Kortrijk 35 % against Zwevegem 20 % on car sharing appeared nowhere). One entry per higher member and
    indicator, grouped per higher member (one sentence each) and the members it lies above (one clause):
    {hoog, op: [{labels, laag: [names], allen, bevindingen}]};
    `allen` where it lies higher than every other member with a figure there (the words say so, not five names)."""
    asked = {pair_key(p["bevinding"]) for p in prompts.values() if p["soort"] in ("paar", "structureel")}
    skip = asked | set(listed)
    by_high: dict[str, dict] = {}
    for b in found.real_pairs(indicators):
        if pair_key(b) in skip:
            continue
        high = by_high.setdefault(b.high.nis, {"hoog": b.high.naam, "op": {}})
        entry = high["op"].setdefault(b.indicator, {"label": labels[b.indicator], "laag": [], "bevindingen": []})
        entry["laag"].append(b.low.naam)
        entry["bevindingen"].append(b)
    for high_nis, high in by_high.items():
        for indicator, entry in high["op"].items():
            others = {g.naam for g in found.peers if g.nis != high_nis
                      and (f := found.figure(g, indicator)) is not None and not f.suppressed}
            entry["allen"] = len(others) > 1 and set(entry["laag"]) == others
        merged: dict[tuple, dict] = {}  # the indicators on which it lies above the same members: one clause
        for entry in high["op"].values():
            key = (entry["allen"], tuple(sorted(entry["laag"])) if not entry["allen"] else ())
            into = merged.setdefault(key, {**entry, "labels": [], "bevindingen": []})
            into["labels"].append(entry["label"])
            into["bevindingen"] += entry["bevindingen"]
        high["op"] = list(merged.values())
    return list(by_high.values())


EXAMPLE_KINDS = ("gedeeld", "structureel", "paar", "patroon", "vlaanderen")  # the example action's finding, best first


def example_action(themes: list[dict], peers: list[Gebied]) -> dict | None:
    """The action table's example row (round 17: the facilitator had no guidance on how to fill it), built from the
    session's top finding that a question asks: a shared challenge first, then a difference between two members, a
    pattern, a member's gap with Flanders (EXAMPLE_KINDS), the largest of its kind; its theme's title, the item
    (`aanleiding`), who pulls it (`wie`: a member it names, the lower one of a pair, which has most to gain) and
    with whom (`met`: another member it names, else another member with figures). None without such a question."""
    options = [(EXAMPLE_KINDS.index(q["aanleiding"]["soort"]), -getattr(q["aanleiding"]["bevinding"], "strength", 0.0),
                nr, t, q["aanleiding"]) for nr, t in enumerate(themes) for q in t["vragen"]
               if q["aanleiding"]["soort"] in EXAMPLE_KINDS]
    if not options:
        return None
    *_rank, theme, item = min(options, key=lambda o: o[:3])
    named = list(_named(item))
    if item["soort"] in ("paar", "structureel"):
        named.reverse()  # the lower member pulls it, with the higher one
    partner = named[1] if len(named) > 1 else next((g for g in peers if g.nis != named[0].nis), None)
    return {"thema": theme["titel"], "aanleiding": item, "wie": named[0], "met": partner}


BRING = 3  # the figures page 1 of a municipality's copy lists for it to bring to the session


def bring_along(found: PeerFindings, peers: list[Gebied], focus: Gebied, labels: dict[str, str],
                prompts: dict) -> list:
    """The figures a municipality brings to the session, on page 1 of its copy (round 17: that page was half
    empty): its largest betekenisvol gaps with Flanders, then its largest that may be chance (`real` false: the
    table says so), at most BRING; without figures of its own, the neighbours' BRING largest betekenisvol gaps
    (`largest_neighbour_gaps`). FlandersGap items."""
    indicators = found.indicators or []
    if found.published(focus, indicators):
        # its betekenisvol gaps first; where it has fewer, its largest gaps that may be chance, said as such
        return (found.versus_flanders_real(focus, indicators)
                + found.versus_flanders_chance(focus, indicators))[:BRING]
    # without figures: the neighbours' BRING largest betekenisvol gaps, largest first (round 18: a pick by the copy's
    # questions left out Kortrijk's 'zonder auto', 57 % against 42 %, the largest and theme 3's first question)
    return largest_neighbour_gaps(found, peers, focus, indicators)[:BRING]


def largest_neighbour_gaps(found: PeerFindings, peers: list[Gebied], focus: Gebied,
                           indicators: list[Indicator]) -> list:
    """Every betekenisvol gap with Flanders of the other members, largest first (in percentage points, unrounded;
    ties by strength, then indicator): the order of the table on page 1 of a copy without figures of its own."""
    gaps = [b for g in peers if g.nis != focus.nis for b in found.versus_flanders_real(g, indicators)]
    return sorted(gaps, key=lambda b: (-abs(b.figure.share - b.reference.share), -b.strength, b.indicator,
                                       b.area.naam))


def opening_figures(own: Mapping[str, dict]) -> set[tuple[str, str]]:
    """The figures a member brings in at the opening, as (NIS code, indicator): what its own page asks it to
    recognise ('herkennen': its strongest gaps with Flanders, the first of which its pre-read asks about too, or, for
    a member without figures, the neighbour's figure it holds against its own practice)."""
    first = own["herkennen"]
    findings = [d["bevinding"] for d in first.get("bevindingen", [])] + [first["bevinding"]]
    return {(b.area.nis, b.indicator) for b in findings if b is not None and hasattr(b, "area")}


def refer_back(themes: list[dict], peers: list[Gebied], focus: Gebied | None,
               openings: Mapping[str, set[tuple[str, str]]]) -> None:
    """A theme question on a member's gap with Flanders that a member already brought in at the opening asks the
    next step instead of the same question (round 16; not a centrumstad's city effect): in a municipality's copy when
    its own opening had that figure, in the facilitator's when the member whose figure it is had it; a copy's question
    on a pattern its member shares says its own figure was at the opening (the question already asks what to do
    together). Marks the
    question's 'aanleiding' with that member's name ('opening'; words: `terug_naar_opening`)."""
    names = {g.nis: g.naam for g in peers}
    for theme in themes:
        for q in theme["vragen"]:
            a = q["aanleiding"]
            b = a["bevinding"]
            # (a centrumstad's own gap is asked as the reading page's city rule says: a city effect or an offer, which
            # the opening did not ask)
            if b is not None and focus is not None and a["soort"] in ("gedeeld", "patroon") and b.has(focus) \
                    and (focus.nis, b.indicator) in openings.get(focus.nis, set()):
                a["opening"] = focus.naam  # its own figure in a pattern it shares: said, the question asks what next
                continue
            if a["soort"] not in ("vlaanderen", MAYBE) or b is None or a.get("lezing") == "stad":
                continue
            key = (b.area.nis, b.indicator)
            who = focus.nis if focus is not None else b.area.nis
            if key in openings.get(who, set()):
                a["opening"] = names[who]


def tied_questions(prompts: dict) -> int:
    """How many of a theme's questions are tied to a printed finding."""
    return sum(1 for p in prompts.values() if p["soort"] != "algemeen")


def cited_rows(prompts: dict[str, dict]) -> dict[str, list[int]]:
    """{indicator id: the numbers (1-4) of the theme's questions whose sub-question cites that indicator's figures}."""
    cited: dict[str, list[int]] = {}
    for nr, q in enumerate(QUESTIONS, 1):
        finding = prompts[q]["bevinding"]
        if finding is not None:
            cited.setdefault(finding.indicator, []).append(nr)
    return cited


def mirrors(found: PeerFindings, peers: list[Gebied], focus: Gebied | None, prompts: dict) -> dict[tuple, dict]:
    """For a copy of a municipality without figures of its own: per (theme id, question id) anchored on one
    neighbour's betekenisvol gap with Flanders, the neighbour it holds its own practice against ({naam, cijfer}):
    that same neighbour, so that the question never starts from one municipality's figure and asks about
    another's measure (the questions spread over the neighbours by `_cap_anchors`). Empty for the facilitator
    and a copy with figures."""
    if focus is None or found.published(focus, found.indicators or []):
        return {}
    chosen: dict[tuple, dict] = {}
    for theme_id, questions in prompts.items():
        for q in QUESTIONS:
            item = questions[q]
            if item["soort"] == "vlaanderen":
                area = item["bevinding"].area
                chosen[(theme_id, q)] = {"naam": area.naam, "cijfer": item["bevinding"].figure}
    return chosen


def workbook_context(ws, peers: list[Gebied], focus: Gebied | None = None,
                     duration: int = SESSION_MINUTES, legend: tuple[str, ...] = (),
                     headings: Mapping[str, str] | None = None) -> dict:
    """Everything one copy of the workbook shows (`headings`: each theme's heading by its id, a neutral topic
    from the words template; without, the catalogue's title). Without `focus` it is the facilitator's copy
    (session fields, agenda with its arithmetic, data pages, the questions and the group's conclusion
    per theme, joint actions; every municipality alike in the charts); with one it is that
    municipality's copy (the data pages with its bars standing out, and its own answer fields for the
    four questions per theme, sized to the minutes the agenda gives)."""
    config = ws.config
    found = PeerFindings(ws, peers, [i for i in config.catalogus.indicatoren if i.thema != "profiel"])
    flanders = ws.gebieden.references[VLAANDEREN]
    colours = palette.group_colours([g.nis for g in peers], focus.nis if focus else None)
    code = session_code(ws, peers)
    labels = {i.id: i.label for i in config.catalogus.indicatoren}
    theme_list = _themes(ws, peers)
    titles = theme_headings(theme_list, headings)
    all_prompts = theme_prompts(found, peers, theme_list, labels)
    time = plan_time(len(peers), [(t, titles[t], len(inds), tied_questions(all_prompts[t]))
                                  for t, theme, inds in theme_list], duration)
    slots = time.slots()
    theme_minutes = {t.id: t.minutes for t in time.themes}
    copy = FACILITATOR if focus is None else focus.slug
    stat = config.instellingen.statistiek
    mirror = mirrors(found, peers, focus, all_prompts)
    themes: list[dict] = []
    for theme_nr, (theme_id, theme, indicators) in enumerate(theme_list):
        areas = peers + ([flanders] if ws.dataset.has(flanders) else [])
        # each row says which of the theme's questions cite it (their numbers): the data page marks those rows, and
        # the facilitator points to them while the group reads the figures
        cited = cited_rows(all_prompts[theme_id])
        rows = [{"label": ind.label, "kernlabel": ind.kernlabel, "vragen": cited.get(ind.id, []),
                 "cellen": [_cell(found.figure(g, ind.id)) for g in areas]} for ind in indicators]
        panels = []
        for ind in indicators:
            bars = []
            for g in areas:
                f = found.figure(g, ind.id)
                reference = g.nis == flanders.nis
                bars.append(_bar(g.naam, f, colours.get(g.nis, palette.FLANDERS),
                                 "" if reference else _mark(found, g, ind.id), reference))
            ref = found.figure(flanders, ind.id)
            panels.append(chart.Panel(ind.label, tuple(bars),
                                      ref.share if ref is not None and not ref.suppressed else None, legend))
        picture = chart.small_multiples(titles[theme_id], tuple(panels))
        shared = found.shared_by_majority(indicators)[:3]
        patterns = found.patterns_by_half(indicators)[:2]
        by_chance = looks_shared(found, indicators)
        ranking = found.differences_by_type(indicators, most=2)
        minutes = theme_minutes[theme_id] / len(QUESTIONS)
        prompts = all_prompts[theme_id]
        spines = {pair_key(p["bevinding"]) for p in prompts.values() if p["soort"] == "structureel"}
        # one list of the differences no question asks, alike in every copy (round 18: the facilitator's 'Ook
        # opvallend' left out Holsbeek, which stood only in the background list, where Herent's copy said 'hoger dan
        # elke andere gemeente'); the background list keeps only what that line does not print: no pair in two blocks
        also_pairs = pairs_also_notable(found, indicators, prompts, labels, [pair_key(b) for b in ranking.comparable])
        printed = {pair_key(b) for p in also_pairs for o in p["op"] for b in o["bevindingen"]}
        background = [b for b in ranking.structural if pair_key(b) not in spines | printed]
        themes.append({
            "id": theme_id, "titel": titles[theme_id], "inleiding": theme.inleiding, "minuten": theme_minutes[theme_id],
            "kolommen": [g.naam for g in areas], "rijen": rows,
            "grafiek": picture.data_uri, "panelen": panels,  # the chart's alt text: woorden/intervisie.html
            "gedeeld": [{"bevinding": b, "label": labels[b.indicator]} for b in shared],
            "patronen": [{"bevinding": b, "label": labels[b.indicator], "min_pp": fmt.number(stat.min_verschil_pp)}
                         for b in patterns],
            "toeval": [{"bevinding": b, "label": labels[b.indicator], "min_pp": fmt.number(stat.min_verschil_pp)}
                       for b in by_chance],
            "verschillen": [{"bevinding": b, "label": labels[b.indicator]} for b in ranking.comparable],
            # (not the pair a question asks: the theme's spine, `_give_a_spine`)
            "structureel": [{"bevinding": b, "label": labels[b.indicator], "soorten": ranking.types}
                            for b in background],
            "vergelijkbare_paren": ranking.has_comparable_pairs,
            "ook_paren": also_pairs,
            "ook": also_notable(found, peers, indicators, all_prompts[theme_id], labels,
                                [b.indicator for b in shared]),
            # (the theme's title: a general sub-question names its theme, so no two themes ask the same words; its
            # id and place: the words of what crosses the municipal border fit the theme, and a copy without
            # figures of its own varies its questions from theme to theme)
            "vragen": [{"id": q, "aanleiding": {**prompts[q], "thema": titles[theme_id], "thema_id": theme_id,
                                                "thema_nr": theme_nr,
                                                **({"eerder_titel": titles[prompts[q]["stad_eerder"]]}
                                                   if prompts[q].get("stad_eerder") else {}),
                                                **({"bij": _seen_from(found, prompts[q], focus)} if focus else {}),
                                                **({"spiegel": mirror[(theme_id, q)]} if (theme_id, q) in mirror
                                                   else {}),
                                                "buren_zelfde_kant": _neighbours_alike(found, peers, prompts[q]),
                                                **({"genoemd": list(spoken_members(prompts[q]["bevinding"])),
                                                    "verst": spoken_farthest(prompts[q]["bevinding"])}
                                                   if prompts[q]["soort"] in ("gedeeld", "patroon") else {}),
                                                "lezing": reading(found, peers, prompts[q]),
                                                # a wish or need of residents (catalogue 'lezing: wens'): a higher
                                                # share is no lead to offer or learn from
                                                "wens": prompts[q]["bevinding"] is not None and config.catalogus.by_id[
                                                    prompts[q]["bevinding"].indicator].lezing == "wens"},
                        "veld": field_name(theme_id, q, focus.slug) if focus else None,
                        "hoogte_mm": field_height(minutes)} for q in QUESTIONS],
            "conclusie": conclusion_field(theme_id, focus.slug if focus else None),
        })
    shown_pairs = {pair_key(d["bevinding"]) for t in themes for d in t["verschillen"]}
    anchored = {p["bevinding"].indicator for t in all_prompts.values() for p in t.values()
                if p["bevinding"] is not None}
    openings = {g.nis: opening_figures(own_prompts(found, peers, g, found.indicators or [], labels, shown=shown_pairs,
                                                   asked=anchored)) for g in peers}
    refer_back(themes, peers, focus, openings)
    example = example_action(themes, peers)
    bring = [] if focus is None else bring_along(found, peers, focus, labels, all_prompts)
    meta = {"soort": WORKBOOK_KIND, "sessie": code, "versie": __version__, "exemplaar": copy,
            "gemeenten": [{"slug": g.slug, "naam": g.naam} for g in peers],
            "themas": [{"id": t["id"], "titel": t["titel"]} for t in themes],
            "vragen": [{"id": q} for q in QUESTIONS],  # the words: added by the template's own macros
            "tafelrijen": table_rows(len(peers)), "actierijen": ACTION_ROWS,
            "eigen": [{"id": q} for q in OWN_QUESTIONS],  # the words: added by the template's own macros
            "rollen": list(ROLES), "actie_extra": list(ACTION_EXTRA),
            # a conclusion field per theme (facilitator), own fields and the take-away page (municipality)
            "velden": ["conclusie", OWN, TAKEAWAY, GROUP_NOTES] + ([PRACTICE] if time.exchange else [])}
    opening_minutes = next(s["minuten"] for s in slots if s["soort"] == "opening")
    return {
        "gemeente": ", ".join(g.naam for g in peers),
        "groep": [g.naam for g in peers],
        "exemplaar": {"soort": "facilitator" if focus is None else "gemeente",
                      "gemeente": focus.naam if focus else None},
        "gemeenten": [{"naam": g.naam, "slug": g.slug,
                       "provincie": ws.gebieden.province(g).kort if ws.gebieden.province(g) else "",
                       "soort": municipality_type(ws, g), "deelnemers": ws.respondents(g),
                       "eigen": focus is not None and g.nis == focus.nis,
                       "cijfers": found.published(g, found.indicators or []),
                       "tafel": [{"nr": i, "naam": field_name("tafel", g.slug, str(i), "naam"),
                                  "rol": field_name("tafel", g.slug, str(i), "rol")}
                                 for i in range(1, table_rows(len(peers)) + 1)],
                       "opening": field_name("opening", g.slug)}
                      for g in peers],
        "sessie": code,
        "terugsturen": config.instellingen.intervisie,  # where and by when the filled copies go
        "eigen_cijfers": focus is None or found.published(focus, found.indicators or []) > 0,
        "zonder_cijfers": [g.naam for g in peers if not found.published(g, found.indicators or [])],
        # two municipalities of one type that both have figures: the reading page says whether pairs come first
        "vergelijkbare_paren": any(t["vergelijkbare_paren"] for t in themes),
        "gebonden": sum(tied_questions(all_prompts[t["id"]]) for t in themes),
        # of those, the questions that ask members in turn about their own practice (no figure)
        "beurten": sum(p["soort"] == TURN for t in themes for p in all_prompts[t["id"]].values()),
        # who answers them (round 18: 'om de beurt aan de gemeenten' where all three went to Spiere-Helkijn)
        "beurt_namen": turn_names(all_prompts, peers),
        "sessievelden": {"datum": field_name("sessie", "datum"), "plaats": field_name("sessie", "plaats"),
                         **{role: field_name("sessie", role) for role in ROLES}},
        "rollen": list(ROLES),
        "mee": {"personen": [{"nr": i, **{part: field_name(TAKEAWAY, focus.slug, "persoon", str(i), part)
                                          for part in ("naam", "rol")}} for i in range(1, TAKEAWAY_PEOPLE + 1)],
                "acties": [{"nr": i, "velden": {key: field_name(TAKEAWAY, focus.slug, "actie", str(i), key)
                                                for key in ACTION_COLUMNS + ACTION_EXTRA}}
                           for i in range(1, TAKEAWAY_ACTIONS + 1)]}
        if focus else None,
        "agenda": slots,
        "tijd": time,
        # the page 'Praktijken uitwisselen', when the agenda has that part: notes on each municipality's approach
        "praktijken": [{"naam": g.naam, "eigen": focus is not None and g.nis == focus.nis,
                        "velden": {part: field_name(PRACTICE, copy, g.slug, part) for part in PRACTICE_PARTS}}
                       # in the opening round's order: the municipalities with figures of their own first
                       for g in sorted(peers, key=lambda g: not found.published(g, found.indicators or []))]
        if time.exchange else [],
        "opening_hoogte_mm": opening_height(len(peers)),
        "praktijk_hoogte_mm": min(50, PRACTICE_PAGE_MM // max(len(peers), 1) - 4),
        "opening_minuten": opening_minutes,
        "conclusie_hoogte_mm": CONCLUSION_MM if focus is None else CONCLUSION_COPY_MM,
        # 'Niet getoond' on the reading page only where a data page hides a figure that has enough answers (round
        # 15: the paragraph on subtracting from a fusiegemeente stood where nothing was hidden for it)
        "niet_getoond": any(c["aandeel"] == fmt.SUPPRESSED_SECONDARY for t in themes for r in t["rijen"]
                            for c in r["cellen"]),
        "fusie": any(len(related_areas(ws, g)) > 1 for g in peers),  # its words name a fusiegemeente only then
        "meta": meta,
        "peildatum": fmt.date(config.instellingen.gegevens.peildatum),
        "bron": config.instellingen.gegevens.bron,
        "synthetisch": ws.dataset.synthetic,
        "themas": themes,
        "toeval_breedte": chance_widths(themes, stat.min_verschil_pp),  # the answer on chance, from these figures
        "vragen": list(QUESTIONS),
        "eigen": [{"id": q, "veld": field_name(OWN, q, focus.slug), "aanleiding": a, "hoogte_mm": OWN_MM}
                  for q, a in own_prompts(found, peers, focus, found.indicators or [], labels,
                                          shown=shown_pairs, asked=anchored).items()]
        if focus else [],
        "acties": [{"nr": i, "velden": {key: joint_action_field(i, key, focus.slug if focus else None)
                                        for key in ACTION_COLUMNS + ACTION_EXTRA}}
                   for i in range(1, ACTION_ROWS + 1)],
        "voorbeeld_actie": example,
        "spil": any(p.get("spil") for t in all_prompts.values() for p in t.values()),  # a theme opens with a pair
        # page 1 of a copy: the figures its member brings to the session, with n and their theme
        "meebrengen": [{"bevinding": b, "label": labels[b.indicator],
                        "thema": titles[config.catalogus.by_id[b.indicator].thema]} for b in bring],
        "opvolging": {"afspraken": field_name("opvolging", "afspraken"),
                      "datum": field_name("opvolging", "datum")},
        "min_n": stat.min_n,
        "min_pp": stat.min_verschil_pp,
        "fdr": fmt.number(stat.fdr * 100),
        "bestanden": [p.name for p in ws.dataset.sources],
        "versie": __version__,
    }


def preread_context(ws, peers: list[Gebied], focus: Gebied, duration: int = SESSION_MINUTES, date: str = "",
                    place: str = "", headings: Mapping[str, str] | None = None) -> dict:
    """The one-page pre-read sent with a municipality's copy ('Wat opvalt voor uw gemeente'): its
    betekenisvol differences with Flanders, the shared challenges it is part of or stands apart from,
    its betekenisvol differences with a municipality of its own type, and the questions to think about
    before the session (the words: templates/intervisie-voorbereiding.html)."""
    config = ws.config
    indicators = [i for i in config.catalogus.indicatoren if i.thema != "profiel"]
    found = PeerFindings(ws, peers, indicators)
    labels = {i.id: i.label for i in indicators}
    titles = theme_headings(_themes(ws, peers), headings)
    by_theme = {t: [i for i in indicators if i.thema == t] for t in titles}
    shared: list[dict] = []
    apart: list[dict] = []
    pairs: list[dict] = []
    for t, inds in by_theme.items():
        for b in found.shared_by_majority(inds):
            if not b.has(focus) and not any(g.nis == focus.nis for g, _c in b.opposite):
                continue  # close to Flanders: no difference to build a question on
            (shared if b.has(focus) else apart).append({"bevinding": b, "label": labels[b.indicator],
                                                        "thema": titles[t]})
        ranking = found.differences_by_type(inds, most=len(inds))
        pairs += [{"bevinding": b, "label": labels[b.indicator], "thema": titles[t]} for b in ranking.comparable
                  if focus.nis in (b.high.nis, b.low.nis)]
    gaps = [{"bevinding": b, "label": labels[b.indicator], "thema": titles[config.catalogus.by_id[b.indicator].thema]}
            for b in found.versus_flanders_real(focus, indicators)]
    pairs.sort(key=lambda d: -d["bevinding"].strength)
    patroon = [{"bevinding": b, "label": labels[b.indicator],
                "thema": titles[config.catalogus.by_id[b.indicator].thema]}
               for b in found.patterns_by_half(indicators) if b.has(focus)]
    theme_list = _themes(ws, peers)
    prompts = theme_prompts(found, peers, theme_list,
                            {i.id: i.label for i in config.catalogus.indicatoren})
    time = plan_time(len(peers), [(t, titles[t], len(inds), tied_questions(prompts[t]))
                                  for t, inds in by_theme.items()], duration)
    stat = config.instellingen.statistiek
    # only the comparisons the workbook shows: each municipality against Flanders and against the others
    # one indicator, one bullet: a shared challenge on a gap already listed is said in that gap's bullet
    shown = 3
    listed = {d["bevinding"].indicator for d in gaps[:shown]}
    for d in gaps[:shown]:
        d["gedeeld"] = next((s["bevinding"] for s in shared if s["bevinding"].indicator == d["bevinding"].indicator),
                            None)
        d["apart"] = next((s["bevinding"] for s in apart if s["bevinding"].indicator == d["bevinding"].indicator),
                          None)
    shared = [d for d in shared if d["bevinding"].indicator not in listed]
    apart = [d for d in apart if d["bevinding"].indicator not in listed]
    patroon = [d for d in patroon if d["bevinding"].indicator not in listed]
    pairs = [d for d in pairs if d["bevinding"].indicator not in listed]
    named_first = gaps + shared + patroon + pairs
    order = [g for g in peers if found.published(g, indicators)] + [g for g in peers
                                                                     if not found.published(g, indicators)]
    # without figures of its own: the neighbours' gaps in the order the copy's own page takes them (its first)
    beside = preread_neighbours(copy_neighbour_figures(found, peers, focus, indicators, labels, prompts))
    example_theme = named_first[0]["thema"] if named_first else ""  # the theme of its first finding
    return {
        "gemeente": ", ".join(g.naam for g in peers),
        "eigen": focus.naam,
        "andere": [g.naam for g in peers if g.nis != focus.nis],
        "deelnemers": ws.respondents(focus),
        "vlaanderen": gaps[:shown],
        "gedeeld": shared[:2], "apart": apart[:1],
        # one page: at most five findings, a pair of neighbours last (the workbook has them all)
        # (the page's room counted in short bullets: a gap bullet that also says the shared challenge, and a
        # pattern with its members and their verdicts, count as two)
        "paren": pairs[:max(0, min(2, 4 - len(gaps[:shown]) - len(shared[:2]) - len(apart[:1])
                                   - 2 * len(patroon[:max(2 - len(shared), 0)])
                                   - sum(1 for d in gaps[:shown] if d["gedeeld"] or d["apart"])))],
        "patronen": patroon[:max(2 - len(shared), 0)],
        # the opening round: the municipalities with figures of their own first (as the facilitator copy has it)
        "volgorde": [g.naam for g in order], "plaats": next(i for i, g in enumerate(order, 1) if g.nis == focus.nis),
        # without figures of its own: the neighbours' clearest gaps with Flanders, with n, to hold against its practice
        "buren": [{"bevinding": b, "label": labels[b.indicator],
                   "thema": titles[config.catalogus.by_id[b.indicator].thema]} for b in beside]
        if not found.published(focus, indicators) else [],
        "voorbeeld_thema": example_theme,
        # too few answers for figures of its own: the page says so instead of 'no difference'
        "zonder_cijfers": not found.published(focus, indicators),
        "met_cijfers": [g.naam for g in peers if found.published(g, indicators)],  # whom the majority rule counts
        "uitwisselen": time.exchange > 0,  # the agenda has 'Praktijken uitwisselen': bring one approach
        "themas": list(titles.values()), "vragen": list(QUESTIONS),
        # the session's date and place: --datum/--plaats or the plan, else instellingen.yaml, else 'zie de uitnodiging'
        "datum": date or config.instellingen.intervisie.datum,
        "plaats_sessie": place or config.instellingen.intervisie.plaats,
        "terugsturen": config.instellingen.intervisie,
        "tijd": time,
        "sessie": session_code(ws, peers),
        "peildatum": fmt.date(config.instellingen.gegevens.peildatum),
        "synthetisch": ws.dataset.synthetic,
        "min_n": stat.min_n, "min_pp": stat.min_verschil_pp,
        "versie": __version__,
    }


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BurenSpec(_Strict):
    """One municipality and its neighbours."""

    gemeente: str
    ook_onzeker: bool = False
    max: int | None = Field(default=None, ge=MIN_GROUP, le=MAX_GROUP)


class IntervisieSpec(_Strict):
    """Plan section `intervisie`: named groups of 2 to 6 municipalities, and/or municipalities with
    their neighbours, and the length of each session in minutes."""

    groepen: list[list[str]] = []
    buren: list[BurenSpec] = []
    duur: int = Field(default=SESSION_MINUTES, ge=DURATION_RANGE[0], le=DURATION_RANGE[1])
    datum: str = Field(default="", description="Datum en uur van de sessie, zoals ze in de voorbereiding staan.")
    plaats: str = Field(default="", description="Plaats van de sessie, zoals ze in de voorbereiding staat.")


class Intervisie:
    name: ClassVar[str] = "intervisie"
    plan_key: ClassVar[str] = "intervisie"
    Spec: ClassVar[type[BaseModel]] = IntervisieSpec
    expected_seconds: ClassVar[float] = 3.0

    def target(self, peers: list[Gebied], duration: int = SESSION_MINUTES, date: str = "", place: str = "") -> Target:
        params = (() if duration == SESSION_MINUTES else (("duur", duration),)) + \
            ((("datum", date),) if date else ()) + ((("plaats", place),) if place else ())
        return Target(self.name, "intervisie/" + "-".join(g.slug for g in peers), tuple(g.nis for g in peers),
                      params)

    def targets(self, ws, spec: IntervisieSpec, municipalities: list[Gebied], check) -> list[Target]:
        groups = []
        for i, names in enumerate(spec.groepen):
            groups.append(check(f"groepen[{i}]", lambda names=names: resolve_peers(ws, names)))
        for i, b in enumerate(spec.buren):
            groups.append(check(f"buren[{i}]", lambda b=b: resolve_peers(ws, [b.gemeente], True, b.ook_onzeker,
                                                                         b.max)))
        return [self.target(g, spec.duur, spec.datum, spec.plaats) for g in groups if g]

    def load(self) -> None:
        pass

    def build(self, ws, target: Target, templates: Path | None = None) -> Document:
        peers = [ws.gebieden.get(c) for c in target.codes]
        check_no_overlap(peers)
        missing = [g.naam for g in peers if not ws.dataset.has(g)]
        if missing:
            raise InputError(f"Geen resultaten in de gegevens voor: {', '.join(missing)}.")
        duration = target.param("duur", SESSION_MINUTES)
        words = _Words(templates)
        minimum = fmt.number(ws.config.instellingen.statistiek.min_verschil_pp)
        legend = tuple(words.say("grafiek_legende", minimum).split("|"))  # the charts' legend, from the template
        # each theme's heading: a neutral topic (the catalogue's title is a policy goal and reads as a conclusion)
        headings = {t: words.say("thema_kop", t, theme.titel) for t, theme, _i in _themes(ws, peers)}  # user's words
        context = workbook_context(ws, peers, duration=duration, legend=legend, headings=headings)
        context["meta"] = json.dumps(words.meta(context["meta"]), ensure_ascii=False, sort_keys=True)
        context["titel"] = words.title(context["groep"])
        group = "intervisie-" + "-".join(g.slug for g in peers)
        artifacts = [Artifact(f"{group}-{FACILITATOR}.pdf", "pdf-form", "intervisie.html", copy_of=FACILITATOR)]
        for g in peers:
            copy = workbook_context(ws, peers, focus=g, duration=duration, legend=legend, headings=headings)
            copy["meta"] = json.dumps(words.meta(copy["meta"]), ensure_ascii=False, sort_keys=True)
            artifacts.append(Artifact(f"{group}-{g.slug}.pdf", "pdf-form", "intervisie.html", context=copy,
                                      copy_of=g.slug))
            preread = preread_context(ws, peers, g, duration, target.param("datum", ""), target.param("plaats", ""),
                                      headings)
            preread["titel"] = words.say("voorbereiding_titel", g.naam)
            artifacts.append(Artifact(f"{group}-voorbereiding-{g.slug}.pdf", "pdf", "intervisie-voorbereiding.html",
                                      context=preread, copy_of=g.slug))
        if getattr(ws, "bevraging", None) is not None:  # a follow-up survey of one of the municipalities
            context.update(next((c for g in peers if (c := ws.bevraging.document_context(ws, g, []))), {}))
        return Document(target, ("intervisie",), context, artifacts, title=context["titel"])


class _Words:
    """The workbook's words that leave the template (the document title, the question texts in the
    metadata `thuis verzamel` reads), from the macros of templates/woorden/intervisie.html, so that a
    municipality's --sjablonen folder rewords them everywhere alike."""

    def __init__(self, templates: Path | None):
        self.templates = templates

    def say(self, name: str, *args) -> str:
        from ..templating import macro

        return macro(WORDS, name, *args, user_templates=self.templates)

    def title(self, names: list[str]) -> str:
        return self.say("titel", names)

    def meta(self, meta: dict) -> dict:
        return {**meta, "vragen": [{"id": q["id"], "tekst": self.say("vraag", q["id"])} for q in meta["vragen"]],
                "eigen": [{"id": q["id"], "tekst": self.say("eigen_vraag", q["id"])} for q in meta["eigen"]]}


PRODUCT = Intervisie()


def command(
    gemeenten: Annotated[list[str], typer.Argument(metavar="GEMEENTE",
                                                   help="2 tot 6 gemeenten (naam, slug of NIS-code).")],
    buren: Annotated[bool, typer.Option("--buren", help="Neem de gemeente en haar buurgemeenten.")] = False,
    ook_onzeker: Annotated[bool, typer.Option(
        "--ook-onzeker", help="Met --buren: ook buren die maar in een punt of over een korte grens raken.")] = False,
    max_: Annotated[Optional[int], typer.Option(
        "--max", metavar="N",
        help="Met --buren: hoogstens N gemeenten (2 tot 6; standaard 6, de buren met de meeste deelnemers).")] = None,
    duur: Annotated[int, typer.Option(
        "--duur", metavar="MINUTEN",
        help="Duur van de sessie in minuten (60 tot 480). De agenda verdeelt de tijd over de thema's.")] = 120,
    datum: Annotated[str, typer.Option(
        "--datum", metavar="TEKST",
        help="Datum en uur van de sessie, voor de voorbereiding (bv. '12 maart, 14 uur').")] = "",
    plaats: Annotated[str, typer.Option(
        "--plaats", metavar="TEKST", help="Plaats van de sessie, voor de voorbereiding.")] = "",
    data: DataOpt = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    sjablonen: SjablonenOpt = None,
    html: HtmlOpt = False,
    antwoorden: AntwoordenOpt = None,
    koppeling: KoppelingOpt = None,
    marges: MargesOpt = None,
    ongewogen: OngewogenOpt = False,
) -> None:
    def targets(ws) -> list[Target]:
        check_duration(duur)
        peers = resolve_peers(ws, gemeenten, buren, ook_onzeker, max_)
        warn_thin_members(ws, peers)
        return [PRODUCT.target(peers, duur, datum.strip(), plaats.strip())]

    make_documents(PRODUCT, targets, data=data, config=config, uit=uit, sjablonen=sjablonen, html=html,
                   follow_up=FollowUp(antwoorden, koppeling, marges, ongewogen))  # a copy per municipality

"""The intervision workbook: neighbouring municipalities side by side, findings, fillable fields.

One document, several copies: the facilitator's (session fields, agenda, data pages, joint actions)
and one per municipality (the data pages and that municipality's own answer fields). Each copy says
in its metadata which session it belongs to and whose it is; `thuis verzamel` merges them."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path
import json
from typing import Annotated, ClassVar, Optional

import typer

from pydantic import BaseModel, ConfigDict, Field

from .. import __version__, chart, fmt, palette
from ..commands import ConfigOpt, DataOpt, HtmlOpt, SjablonenOpt, UitOpt, make_documents
from ..compute import Cijfer
from ..config import Indicator, Thema
from ..errors import InputError
from ..findings import PeerFindings, municipality_type
from ..gebieden import VLAANDEREN, Gebied
from .base import About, Artifact, Document, Target

ABOUT = About(
    order=30,
    help="Maak een werkboek voor intervisie met buurgemeenten: een exemplaar voor de facilitator en een per "
         "gemeente.",
    plan_help="Intervisiewerkboeken; false: geen.",
    pdf_templates=("intervisie.html",),
    recipients="intervisie", recipients_help="Adressen voor het intervisiewerkboek.", facilitator_copy=True)

MIN_GROUP, MAX_GROUP = 2, 6
ACTION_ROWS = 10
WORKBOOK_KIND = "intervisie-werkboek"
FACILITATOR = "facilitator"  # the copy of the facilitator; a municipality's copy is named by its slug
QUESTIONS = (
    ("versterken", "Waar kunnen we elkaar versterken?"),
    ("valkuilen", "Wat zijn mogelijke valkuilen?"),
    ("overstijgen", "Op welke manier kunnen we problemen overstijgen?"),
    ("leren", "Lerend ondersteunen en ondersteunend leren: wat leren we van elkaar, en hoe?"),
)
ACTION_COLUMNS = (("wat", "Wat"), ("wie", "Wie"), ("wanneer", "Tegen wanneer"))
SEP = "__"  # field names: theme__question__municipality (a PDF field name may not hold a period)

# The session: two hours, in minutes. Each municipality tells in two minutes what struck it most.
SESSION_MINUTES = 120
WELCOME, ACTIONS, CLOSING, OPENING_PER_MUNICIPALITY = 10, 20, 10, 2
MM_PER_MINUTE = 9  # an answer field's height per minute of discussion it records
FIELD_MM = (22, 46)


def field_name(*parts: str) -> str:
    return SEP.join(parts)


def table_rows(municipalities: int) -> int:
    """Lines for people at the table per municipality: three, two in a large group (one page)."""
    return 3 if municipalities <= 4 else 2


def session_fields(slugs: list[str], rows: int | None = None) -> list[str]:
    """The facilitator copy's fields: the session, the people at the table (`rows` per municipality),
    the opening round, the joint actions and the follow-up (`slugs`: the session's municipalities)."""
    rows = table_rows(len(slugs)) if rows is None else rows
    names = [field_name("sessie", "datum"), field_name("sessie", "plaats")]
    names += [field_name("tafel", slug, str(i), part) for slug in slugs for i in range(1, rows + 1)
              for part in ("naam", "rol")]
    names += [field_name("opening", slug) for slug in slugs]
    names += [field_name("actie", str(i), key) for i in range(1, ACTION_ROWS + 1) for key, _ in ACTION_COLUMNS]
    return names + [field_name("opvolging", "afspraken"), field_name("opvolging", "datum")]


def answer_fields(theme_ids: list[str], gebied_slug: str) -> list[str]:
    """A municipality copy's fields: one answer per theme and guiding question."""
    return [field_name(t, q, gebied_slug) for t in theme_ids for q, _text in QUESTIONS]


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def agenda(municipalities: int, themes: list[tuple[str, str]]) -> list[dict]:
    """The session's parts with their minutes: welcome, an opening round of two minutes per
    municipality, the themes in equal slots (in steps of five minutes) with a break halfway when
    there is time for one, the actions and the closing. `themes` are (id, title)."""
    opening = max(10, -(-(OPENING_PER_MUNICIPALITY * municipalities + 3) // 5) * 5)
    rest = SESSION_MINUTES - WELCOME - opening - ACTIONS - CLOSING
    per_theme = max(10, rest // max(len(themes), 1) // 5 * 5)
    leftover = max(rest - per_theme * len(themes), 0)
    pause = min(leftover, 10) if leftover >= 5 else 0
    parts: list[tuple[str, int, dict[str, str] | None]] = [("welkom", WELCOME, None), ("opening", opening, None)]
    for i, (theme_id, title) in enumerate(themes):
        parts.append(("thema", per_theme, {"id": theme_id, "titel": title}))
        if pause and i + 1 == -(-len(themes) // 2) and i + 1 < len(themes):
            parts.append(("pauze", pause, None))
    parts += [("acties", ACTIONS + leftover - pause, None), ("afsluiting", CLOSING, None)]
    slots, clock = [], 0
    for kind, minutes, theme in parts:
        slots.append({"soort": kind, "minuten": minutes, "van": _clock(clock), "tot": _clock(clock + minutes),
                      "thema": theme})
        clock += minutes
    return slots


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
        return {"aandeel": "geen gegevens", "n": "", "suppressed": True}
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


def _bar(label: str, fig: Cijfer | None, colour: str) -> chart.Bar:
    """A chart bar; a hidden figure draws no bar and says why ('te weinig antwoorden', 'onderdrukt')."""
    if fig is None or fig.suppressed:
        hidden = fmt.SUPPRESSED_SECONDARY if fig is not None and fig.reden == "afgeleid" else fmt.SUPPRESSED
        return chart.Bar(label, None, None, None, 0.0, colour, hidden)
    return chart.Bar(label, fig.share, fig.lo, fig.hi, fig.n, colour)


def workbook_context(ws, peers: list[Gebied], focus: Gebied | None = None) -> dict:
    """Everything one copy of the workbook shows. Without `focus` it is the facilitator's copy
    (session fields, agenda, data pages, joint actions; every municipality alike in the charts);
    with one it is that municipality's copy (the data pages with its bars standing out, and its own
    answer fields for the four questions per theme, sized to the minutes the agenda gives)."""
    config = ws.config
    found = PeerFindings(ws, peers, [i for i in config.catalogus.indicatoren if i.thema != "profiel"])
    flanders = ws.gebieden.references[VLAANDEREN]
    colours = palette.group_colours([g.nis for g in peers], focus.nis if focus else None)
    code = session_code(ws, peers)
    labels = {i.id: i.label for i in config.catalogus.indicatoren}
    theme_list = _themes(ws, peers)
    slots = agenda(len(peers), [(t, theme.titel) for t, theme, _i in theme_list])
    theme_minutes = {s["thema"]["id"]: s["minuten"] for s in slots if s["thema"]}
    copy = FACILITATOR if focus is None else focus.slug
    themes = []
    for theme_id, theme, indicators in theme_list:
        areas = peers + ([flanders] if ws.dataset.has(flanders) else [])
        rows = [{"label": ind.label, "kernlabel": ind.kernlabel,
                 "cellen": [_cell(found.figure(g, ind.id)) for g in areas]} for ind in indicators]
        panels = []
        for ind in indicators:
            bars = []
            for g in areas:
                f = found.figure(g, ind.id)
                bars.append(_bar(g.naam, f, colours.get(g.nis, palette.FLANDERS)))
            panels.append(chart.Panel(ind.label, tuple(bars)))
        picture = chart.small_multiples(theme.titel, tuple(panels))
        shared = found.shared_by_majority(indicators)[:3]
        ranking = found.differences_by_type(indicators)
        minutes = theme_minutes[theme_id] / len(QUESTIONS)
        themes.append({
            "id": theme_id, "titel": theme.titel, "inleiding": theme.inleiding, "minuten": theme_minutes[theme_id],
            "kolommen": [g.naam for g in areas], "rijen": rows,
            "grafiek": picture.data_uri, "alt": picture.alt,
            "gedeeld": [{"bevinding": b, "label": labels[b.indicator]} for b in shared],
            "groep": ([] if shared else
                      [{"bevinding": b, "label": labels[b.indicator]}
                       for b in found.pooled_versus_flanders(indicators, leaning=True)[:3]]),
            "verschillen": [{"bevinding": b, "label": labels[b.indicator]} for b in ranking.comparable],
            "structureel": [{"bevinding": b, "label": labels[b.indicator], "soorten": ranking.types}
                            for b in ranking.structural],
            "vergelijkbare_paren": ranking.has_comparable_pairs,
            "vragen": [{"id": q, "tekst": text,
                        "veld": field_name(theme_id, q, focus.slug) if focus else None,
                        "hoogte_mm": field_height(minutes)} for q, text in QUESTIONS],
        })
    stat = config.instellingen.statistiek
    meta = {"soort": WORKBOOK_KIND, "sessie": code, "versie": __version__, "exemplaar": copy,
            "gemeenten": [{"slug": g.slug, "naam": g.naam} for g in peers],
            "themas": [{"id": t["id"], "titel": t["titel"]} for t in themes],
            "vragen": [{"id": q, "tekst": text} for q, text in QUESTIONS],
            "tafelrijen": table_rows(len(peers)), "actierijen": ACTION_ROWS}
    opening_minutes = next(s["minuten"] for s in slots if s["soort"] == "opening")
    return {
        "titel": "Woontest: intervisie " + " – ".join(g.naam for g in peers),
        "gemeente": ", ".join(g.naam for g in peers),
        "exemplaar": {"soort": "facilitator" if focus is None else "gemeente",
                      "gemeente": focus.naam if focus else None},
        "gemeenten": [{"naam": g.naam, "slug": g.slug,
                       "provincie": ws.gebieden.province(g).kort if ws.gebieden.province(g) else "",
                       "soort": municipality_type(ws, g), "deelnemers": ws.respondents(g),
                       "eigen": focus is not None and g.nis == focus.nis,
                       "tafel": [{"nr": i, "naam": field_name("tafel", g.slug, str(i), "naam"),
                                  "rol": field_name("tafel", g.slug, str(i), "rol")}
                                 for i in range(1, table_rows(len(peers)) + 1)],
                       "opening": field_name("opening", g.slug)}
                      for g in peers],
        "sessie": code,
        "sessievelden": {"datum": field_name("sessie", "datum"), "plaats": field_name("sessie", "plaats")},
        "agenda": slots,
        "opening_hoogte_mm": field_height(OPENING_PER_MUNICIPALITY),
        "opening_minuten": opening_minutes,
        "meta": json.dumps(meta, ensure_ascii=False, sort_keys=True),
        "peildatum": fmt.date(config.instellingen.gegevens.peildatum),
        "bron": config.instellingen.gegevens.bron,
        "synthetisch": ws.dataset.synthetic,
        "themas": themes,
        "vragen": [text for _q, text in QUESTIONS],
        "acties": [{"nr": i, "velden": {key: field_name("actie", str(i), key) for key, _label in ACTION_COLUMNS}}
                   for i in range(1, ACTION_ROWS + 1)],
        "opvolging": {"afspraken": field_name("opvolging", "afspraken"),
                      "datum": field_name("opvolging", "datum")},
        "min_n": stat.min_n,
        "min_pp": stat.min_verschil_pp,
        "fdr": fmt.number(stat.fdr * 100),
        "bestanden": [p.name for p in ws.dataset.sources],
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
    their neighbours."""

    groepen: list[list[str]] = []
    buren: list[BurenSpec] = []


class Intervisie:
    name: ClassVar[str] = "intervisie"
    plan_key: ClassVar[str] = "intervisie"
    Spec: ClassVar[type[BaseModel]] = IntervisieSpec
    expected_seconds: ClassVar[float] = 3.0

    def target(self, peers: list[Gebied]) -> Target:
        return Target(self.name, "intervisie/" + "-".join(g.slug for g in peers), tuple(g.nis for g in peers))

    def targets(self, ws, spec: IntervisieSpec, municipalities: list[Gebied], check) -> list[Target]:
        groups = []
        for i, names in enumerate(spec.groepen):
            groups.append(check(f"groepen[{i}]", lambda names=names: resolve_peers(ws, names)))
        for i, b in enumerate(spec.buren):
            groups.append(check(f"buren[{i}]", lambda b=b: resolve_peers(ws, [b.gemeente], True, b.ook_onzeker,
                                                                         b.max)))
        return [self.target(g) for g in groups if g]

    def load(self) -> None:
        pass

    def build(self, ws, target: Target, templates: Path | None = None) -> Document:
        peers = [ws.gebieden.get(c) for c in target.codes]
        check_no_overlap(peers)
        missing = [g.naam for g in peers if not ws.dataset.has(g)]
        if missing:
            raise InputError(f"Geen resultaten in de gegevens voor: {', '.join(missing)}.")
        context = workbook_context(ws, peers)
        group = "intervisie-" + "-".join(g.slug for g in peers)
        artifacts = [Artifact(f"{group}-{FACILITATOR}.pdf", "pdf-form", "intervisie.html", copy_of=FACILITATOR)]
        artifacts += [Artifact(f"{group}-{g.slug}.pdf", "pdf-form", "intervisie.html",
                               context=workbook_context(ws, peers, focus=g), copy_of=g.slug) for g in peers]
        return Document(target, ("intervisie",), context, artifacts, title=context["titel"])


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
    data: DataOpt = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    sjablonen: SjablonenOpt = None,
    html: HtmlOpt = False,
) -> None:
    make_documents(PRODUCT, lambda ws: [PRODUCT.target(resolve_peers(ws, gemeenten, buren, ook_onzeker, max_))],
                   data=data, config=config, uit=uit, sjablonen=sjablonen, html=html)  # a copy per municipality

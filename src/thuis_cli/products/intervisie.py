"""The intervision workbook: neighbouring municipalities side by side, findings, fillable fields."""

from __future__ import annotations

import hashlib
from pathlib import Path
import json
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .. import __version__, chart, fmt, palette
from ..compute import Cijfer
from ..errors import InputError
from ..findings import PeerFindings
from ..gebieden import VLAANDEREN, Gebied
from .base import Artifact, Document, Target

MIN_GROUP, MAX_GROUP = 2, 6
ACTION_ROWS = 8
WORKBOOK_KIND = "intervisie-werkboek"
QUESTIONS = (
    ("versterken", "Waar kunnen we elkaar versterken?"),
    ("valkuilen", "Wat zijn mogelijke valkuilen?"),
    ("overstijgen", "Op welke manier kunnen we problemen overstijgen?"),
    ("leren", "Lerend ondersteunen en ondersteunend leren: wat leren we van elkaar, en hoe?"),
)
ACTION_COLUMNS = (("wat", "Wat"), ("wie", "Wie"), ("wanneer", "Tegen wanneer"))
SEP = "__"  # field names: theme__question__municipality (a PDF field name may not hold a period)


def field_name(*parts: str) -> str:
    return SEP.join(parts)


def field_title(question: str, theme: str, municipality: str) -> str:
    """A field's accessible name (its tooltip, PDF /TU): the question, the theme and the municipality,
    so that no two fields of a workbook sound the same to someone tabbing through them."""
    return f"{question} – thema {theme} – {municipality}"


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
    if len(group) < MIN_GROUP:
        raise InputError(f"Een intervisie vraagt minstens {MIN_GROUP} gemeenten (nu {len(group)}).")
    if len(group) > MAX_GROUP:
        raise InputError(f"Een intervisie vraagt hoogstens {MAX_GROUP} gemeenten (nu {len(group)}); "
                         "kies er minder of gebruik --max.")
    missing = [g.naam for g in group if not has_data(g)]
    if missing:
        raise InputError(f"Geen resultaten in de gegevens voor: {', '.join(missing)}.")
    return group


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


def workbook_context(ws, peers: list[Gebied], focus: Gebied | None = None) -> dict:
    """Everything the workbook template shows. With a `focus` municipality (the one a copy is for),
    its bars stand out and the others are grey; without one all municipalities look alike."""
    config = ws.config
    found = PeerFindings(ws, peers, [i for i in config.catalogus.indicatoren if i.thema != "profiel"])
    flanders = ws.gebieden.references[VLAANDEREN]
    colours = palette.group_colours([g.nis for g in peers], focus.nis if focus else None)
    code = session_code(ws, peers)
    labels = {i.id: i.label for i in config.catalogus.indicatoren}
    themes = []
    for theme_id, theme in config.catalogus.themas.items():
        if theme_id == "profiel":
            continue
        indicators = [i for i in config.catalogus.indicatoren if i.thema == theme_id]
        if not indicators:
            continue
        areas = peers + ([flanders] if ws.dataset.has(flanders) else [])
        rows = [{"label": ind.label, "kernlabel": ind.kernlabel,
                 "cellen": [_cell(found.figure(g, ind.id)) for g in areas]} for ind in indicators]
        panels = []
        for ind in indicators:
            bars = []
            for g in areas:
                f = found.figure(g, ind.id)
                colour = colours.get(g.nis, palette.FLANDERS)
                hidden = fmt.SUPPRESSED_SECONDARY if f is not None and f.reden == "afgeleid" else fmt.SUPPRESSED
                bars.append(chart.Bar(g.naam, None, None, None, 0.0, colour, hidden) if f is None or f.suppressed
                            else chart.Bar(g.naam, f.share, f.lo, f.hi, f.n, colour))
            panels.append(chart.Panel(ind.label, tuple(bars)))
        picture = chart.small_multiples(theme.titel, tuple(panels))
        themes.append({
            "id": theme_id, "titel": theme.titel, "inleiding": theme.inleiding,
            "kolommen": [g.naam for g in areas], "rijen": rows,
            "grafiek": picture.data_uri, "alt": picture.alt,
            "gedeeld": [{"bevinding": b, "label": labels[b.indicator]} for b in found.shared(indicators)[:3]],
            "verschillen": [{"bevinding": b, "label": labels[b.indicator]} for b in found.differences(indicators)],
            "vragen": [{"id": q, "tekst": text,
                        "velden": [{"naam": field_name(theme_id, q, g.slug), "gemeente": g.naam,
                                    "titel": field_title(text, theme.titel, g.naam)} for g in peers]}
                       for q, text in QUESTIONS],
        })
    stat = config.instellingen.statistiek
    meta = {"soort": WORKBOOK_KIND, "sessie": code, "versie": __version__,
            "gemeenten": [{"slug": g.slug, "naam": g.naam} for g in peers],
            "themas": [{"id": t["id"], "titel": t["titel"]} for t in themes],
            "vragen": [{"id": q, "tekst": text} for q, text in QUESTIONS]}
    return {
        "titel": "Woontest: intervisie " + " – ".join(g.naam for g in peers),
        "gemeente": ", ".join(g.naam for g in peers),
        "gemeenten": [{"naam": g.naam, "provincie": (ws.gebieden.province(g).kort
                                                      if ws.gebieden.province(g) else ""),
                       "deelnemers": fmt.count(ws.respondents(g))}
                      for g in peers],
        "sessie": code,
        "meta": json.dumps(meta, ensure_ascii=False, sort_keys=True),
        "peildatum": fmt.date(config.instellingen.gegevens.peildatum),
        "bron": config.instellingen.gegevens.bron,
        "synthetisch": ws.dataset.synthetic,
        "themas": themes,
        "vragen": [text for _q, text in QUESTIONS],
        "acties": [{"nr": i, "velden": [{"naam": field_name("actie", str(i), key), "label": label}
                                        for key, label in ACTION_COLUMNS]} for i in range(1, ACTION_ROWS + 1)],
        "actiekolommen": [label for _k, label in ACTION_COLUMNS],
        "opvolging": {"afspraken": field_name("opvolging", "afspraken"),
                      "datum": field_name("opvolging", "datum")},
        "min_n": fmt.number(stat.min_n),
        "min_pp": fmt.number(stat.min_verschil_pp),
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

    def build(self, ws, target: Target, templates: Path | None = None) -> Document:
        peers = [ws.gebieden.get(c) for c in target.codes]
        missing = [g.naam for g in peers if not ws.dataset.has(g)]
        if missing:
            raise InputError(f"Geen resultaten in de gegevens voor: {', '.join(missing)}.")
        context = workbook_context(ws, peers)
        name = "intervisie-" + "-".join(g.slug for g in peers) + ".pdf"
        return Document(target, ("intervisie",), context, [Artifact(name, "pdf-form", "intervisie.html")],
                        title=context["titel"])


PRODUCT = Intervisie()

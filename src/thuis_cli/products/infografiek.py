"""Citizen infographics: key messages in plain Dutch as images, an A3 poster, 16:9 slides, a web page
and the texts for the communication department."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .. import __version__, beelden, fmt, plain
from ..config import Actie, GemeentePlannen
from ..errors import NothingToPublish
from ..gebieden import Gebied
from ..render import macro
from .base import Artifact, Document, Target


@dataclass(frozen=True)
class Boodschap:
    """One message for residents: the numbers and what the sentence needs, no words of its own."""

    nr: int
    indicator: str
    label: str
    thema: str
    gemeente: str
    share: float
    n: float
    zin_inwoners: str  # the indicator's resident phrase: 'wonen liever in ...'
    woorden: plain.Fraction
    verschil_vlaanderen: float | None  # only a real difference with Flanders
    woorden_vlaanderen: plain.Fraction | None
    plannen: tuple[Actie, ...]
    opvallend: bool

    @property
    def percentage(self) -> str:
        return fmt.pct(self.share)

    @property
    def slug(self) -> str:
        return f"boodschap-{self.nr}-{self.indicator.replace('_', '-')}"


def plans_for(ws, gebied: Gebied) -> GemeentePlannen | None:
    """The municipality's own plans (by slug or NIS), else the example plans with the sample data."""
    plannen = ws.config.plannen
    for key in (gebied.slug, gebied.nis):
        if key in plannen.gemeenten:
            return plannen.gemeenten[key]
    return plannen.voorbeeld if ws.dataset.synthetic else None


def choose_messages(ws, gebied: Gebied, most: int | None = None) -> list[Boodschap]:
    """Where the municipality stands out first, then (if configured) the other candidates; never a
    suppressed figure, never more than `most`."""
    config = ws.config
    rules = config.infografiek
    most = most or rules.max
    area = ws.area(gebied)
    candidates = [config.catalogus.by_id[i] for i in rules.kandidaten]
    scope = area.document_scope(candidates, rules.signalen, references=("vlaanderen",))
    found = scope.signals()
    ranked = list(dict.fromkeys(f.indicator for f in found))
    if rules.aanvullen:
        ranked += [i.id for i in candidates if i.id not in ranked]
    flanders = area.reference("vlaanderen")
    own_plans = plans_for(ws, gebied)
    messages = []
    for ind_id in ranked:
        ind = config.catalogus.by_id[ind_id]
        fig = area.figure(ind_id)
        if fig is None or fig.suppressed:
            continue
        cmp = scope.versus(ind_id, "vlaanderen")
        plans = tuple(p for p in (own_plans.plannen if own_plans else [])
                      if p.indicator == ind_id or p.thema == ind.thema)
        messages.append(Boodschap(
            nr=len(messages) + 1, indicator=ind_id, label=ind.label,
            thema=config.catalogus.themas[ind.thema].titel, gemeente=gebied.naam, share=fig.share, n=fig.n,
            zin_inwoners=ind.zin_inwoners or ind.kernlabel, woorden=plain.fraction(fig.share),
            verschil_vlaanderen=cmp.diff if cmp.real else None,
            woorden_vlaanderen=plain.fraction(flanders.figure(ind_id).share) if cmp.real else None,
            plannen=plans, opvallend=ind_id in {f.indicator for f in found}))
        if len(messages) == most:
            break
    return messages


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def image_of(b: Boodschap, synthetic: bool, templates: Path | None) -> beelden.Beeld:
    """The message's image, its texts written by the sentence macros (a municipality's own
    _zinnen.html rewords the images too)."""
    def say(name: str, *args) -> str:
        return macro("_zinnen.html", name, *args, user_templates=templates)

    footer = "Open online bevraging (2020), geen representatieve steekproef."
    if synthetic:
        footer = "Voorbeeld met verzonnen cijfers. " + footer
    side = say("boodschap_deelnemers", b) + "."
    if b.verschil_vlaanderen:
        side += " " + say("boodschap_vergelijking", b)
    return beelden.Beeld(b.share, say("hoofdletter", say("aandeel_woorden", b.woorden)), b.percentage, side,
                         say("boodschap_zin", b), footer, "Woontest Thuis in de Toekomst · " + b.gemeente)


def infographic_context(ws, gebied: Gebied, messages: list[Boodschap], templates: Path | None = None) -> dict:
    own = plans_for(ws, gebied)
    deelname = own.deelname if own else None
    all_plans = []
    for p in (own.plannen if own else []):
        target = (ws.config.catalogus.by_id[p.indicator].label if p.indicator
                  else ws.config.catalogus.themas[p.thema].titel)
        all_plans.append({"onderwerp": target, "tekst": p.tekst, "meerjarenplan": p.meerjarenplan})
    synthetic = ws.dataset.synthetic
    items = []
    for m in messages:
        image = image_of(m, synthetic, templates)
        items.append({"b": m, "beeld_spec": image,
                      "beeld": _data_uri(beelden.beeld(image, "svg")),
                      "dia": _data_uri(beelden.beeld(image, "svg-tekst")),
                      "raster": _data_uri(beelden.dot_grid_svg(m.share, f"{m.percentage} van de deelnemers"))})
    return {
        "titel": f"Woontest: wat zeggen de deelnemers in {gebied.naam}?",
        "gemeente": gebied.naam,
        "boodschappen": items,
        "plannen": all_plans,
        "plannen_voorbeeld": synthetic and own is ws.config.plannen.voorbeeld,
        "deelname": deelname,
        "deelnemers": fmt.count(ws.respondents(gebied)),
        "synthetisch": synthetic,
        "peildatum": fmt.date(ws.config.instellingen.gegevens.peildatum),
        "min_n": fmt.number(ws.config.instellingen.statistiek.min_n),
        "versie": __version__,
    }


class InfografiekSpec(BaseModel):
    """Plan section `infografiek`: citizen material for every municipality of the plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    max: int | None = Field(default=None, ge=1, le=12)


class Infografiek:
    name: ClassVar[str] = "infografiek"
    plan_key: ClassVar[str] = "infografiek"
    Spec: ClassVar[type[BaseModel]] = InfografiekSpec
    expected_seconds: ClassVar[float] = 3.5

    def target(self, gemeente: Gebied, max: int | None = None) -> Target:  # noqa: A002 - the plan's key
        return Target(self.name, f"infografiek/{gemeente.slug}", (gemeente.nis,), (("max", max),))

    def targets(self, ws, spec: InfografiekSpec, municipalities: list[Gebied], check) -> list[Target]:
        return [self.target(g, spec.max) for g in municipalities]

    def build(self, ws, target: Target, templates: Path | None = None) -> Document:
        gebied = ws.gebieden.get(target.codes[0])
        messages = choose_messages(ws, gebied, target.param("max"))
        if not messages:
            raise NothingToPublish(
                f"Geen infografiek voor {gebied.naam}: geen enkel cijfer heeft genoeg antwoorden (minstens "
                f"{fmt.number(ws.config.instellingen.statistiek.min_n)}) om te publiceren.")
        context = infographic_context(ws, gebied, messages, templates)
        artifacts = []
        for item in context["boodschappen"]:
            slug, image = item["b"].slug, item["beeld_spec"]
            artifacts += [Artifact(f"{slug}.png", "png", make=lambda i=image: beelden.beeld(i, "png")),
                          Artifact(f"{slug}.svg", "svg", make=lambda i=image: beelden.beeld(i, "svg"))]
        artifacts += [Artifact("affiche.pdf", "pdf", "affiche.html"),
                      Artifact("presentatie.pdf", "pdf", "presentatie.html"),
                      Artifact("index.html", "html", "infografiek.html"),
                      Artifact("teksten.md", "md", "teksten.md")]
        return Document(target, (gebied.slug, "infografiek"), context, artifacts, title=context["titel"])


PRODUCT = Infografiek()

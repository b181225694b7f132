"""indicatoren.yaml: the indicator catalogue (themes, indicators and their answers, respondent groups)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .config_fields import AnswerId, Slug, Strict
from .suggest import with_hint



# The answer that stands for 'none of the others' ('Andere situatie'): a group of it is a residual group.
RESIDUAL_ANSWER = "andere"

class Thema(Strict):
    """Een thema groepeert indicatoren in de documenten."""

    titel: str
    """Titel van het thema, zoals hij in de documenten staat."""
    inleiding: str = ""
    """Korte inleiding onder de titel."""


class Antwoord(Strict):
    """Een antwoordmogelijkheid van een vraag."""

    id: AnswerId
    """Id zoals in de kolom 'antwoord' van de gegevens (kleine letters, cijfers, -, _ of +)."""
    label: str
    """Het antwoord in woorden."""


class Indicator(Strict):
    """Een vraag van de woontest en hoe thuis er één cijfer van maakt: het kernaandeel."""

    id: Slug
    """Id zoals in de kolom 'indicator' van de gegevens."""
    label: str
    """Korte naam van de indicator."""
    vraag: str
    """De vraag zoals deelnemers ze lazen."""
    thema: Slug
    """Het thema (een sleutel onder 'themas'); 'profiel' voor vragen die groepen deelnemers vormen."""
    soort: Literal["enkelvoudig", "meervoudig", "schaal", "afweging"]
    """enkelvoudig: één antwoord; meervoudig: meer antwoorden mogelijk; schaal: geordende antwoorden;
    afweging: een keuze tussen twee polen."""
    antwoorden: list[Antwoord] = Field(min_length=2)
    """De antwoordmogelijkheden (minstens twee)."""
    kern: list[AnswerId] = Field(min_length=1)
    """De antwoorden die samen het kernaandeel vormen (bij een meervoudige vraag precies één)."""
    kernlabel: str
    """Het kernaandeel in woorden, als hoofdzin: '… van de deelnemers <kernlabel>'
    (bv. 'wil het liefst in een rijwoning wonen')."""
    kernlabel_bijzin: str = ""
    """Hetzelfde als bijzin, met de persoonsvorm achteraan: 'aandeel dat <kernlabel_bijzin>'
    (bv. 'het liefst in een rijwoning wil wonen'). Weggelaten: de documenten gebruiken 'label'."""
    zin_inwoners: str = ""
    """Een zin voor inwoners (infografiek)."""
    polen: tuple[str, str] | None = None
    """Bij een afweging: de twee polen [links, rechts]."""
    max_keuzes: int | None = Field(default=None, ge=1)
    """Bij een meervoudige vraag: hoeveel antwoorden een deelnemer hoogstens kon kiezen."""
    lezing: Literal["aandeel", "wens"] = "aandeel"
    """Hoe het werkboek een verschil leest. aandeel: een hoger aandeel is wat het thema nastreeft, dus ervaring
    die de gemeente kan delen; wens: het aandeel is een nood of wens van inwoners die de gemeente nog moet
    invullen (bv. 'wil meer groen in de buurt'), en het werkboek vraagt wat de gemeente nodig heeft."""

    @model_validator(mode="after")
    def _answers_consistent(self) -> Indicator:
        ids = [a.id for a in self.antwoorden]
        if len(set(ids)) != len(ids):
            raise ValueError("antwoorden: een antwoord-id komt twee keer voor")
        unknown = [k for k in self.kern if k not in ids]
        if unknown:
            raise ValueError(with_hint(f"kern verwijst naar onbekend antwoord '{unknown[0]}'", unknown[0], ids))
        if self.soort == "meervoudig" and len(self.kern) != 1:
            raise ValueError("een meervoudige vraag heeft precies één kernantwoord")
        if self.soort == "afweging" and self.polen is None:
            raise ValueError("een afweging heeft twee polen (polen: [links, rechts])")
        return self

    @property
    def answer_ids(self) -> list[str]:
        return [a.id for a in self.antwoorden]

    def answer_label(self, answer_id: str) -> str:
        return next(a.label for a in self.antwoorden if a.id == answer_id)


class Dimensie(Strict):
    """Een indeling van de deelnemers in groepen (leeftijd, huishouden, eigendom)."""

    titel: str
    """Naam van de indeling in de documenten."""
    indicator: Slug  # the profile indicator whose answers are the group values
    """De profielvraag waarvan de antwoorden de groepen zijn (groep 'leeftijd:65+' = antwoord '65+')."""


class Catalogus(Strict):
    """indicatoren.yaml: de indicatorencatalogus van thuis."""

    themas: dict[Slug, Thema]
    """De thema's, per id."""
    groepen: dict[Slug, Dimensie] = {}
    """De indelingen in groepen deelnemers, per id (de 'dimensie' in 'dimensie:waarde')."""
    indicatoren: list[Indicator] = Field(min_length=1)
    """De indicatoren, in de volgorde van de documenten."""

    @model_validator(mode="after")
    def _references(self) -> Catalogus:
        ids = [i.id for i in self.indicatoren]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"indicator '{dupes[0]}' komt twee keer voor")
        for ind in self.indicatoren:
            if ind.thema not in self.themas:
                raise ValueError(with_hint(f"indicator '{ind.id}': onbekend thema '{ind.thema}'", ind.thema,
                                           self.themas))
        for name, dim in self.groepen.items():
            if dim.indicator not in ids:
                raise ValueError(with_hint(f"groepen.{name}: onbekende indicator '{dim.indicator}'", dim.indicator,
                                           ids))
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        return self.by_id[indicator_id]

    @property
    def by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicatoren}

    def group_values(self, dimension: str) -> list[str]:
        return self.by_id[self.groepen[dimension].indicator].answer_ids

    def is_residual_group(self, group: str | None) -> bool:
        """A group named by what it is not ('Ander huishouden', 'Andere situatie'): the participants who
        gave none of the other answers of the group's question (answer id `RESIDUAL_ANSWER`)."""
        if not group or ":" not in group:
            return False
        dim, value = group.split(":", 1)
        return dim in self.groepen and value == RESIDUAL_ANSWER

    def group_label(self, group: str) -> str:
        if group == "totaal":
            return "Alle deelnemers"
        dim, value = group.split(":", 1)
        return self.by_id[self.groepen[dim].indicator].answer_label(value)

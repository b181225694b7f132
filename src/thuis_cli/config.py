"""Typed configuration: the indicator catalogue, departments with their signal rules, settings.

YAML is parsed into these models at the edge; every error is collected and reported at once with
the file and key path (`diensten.ruimte.indicatoren[3]`). A user folder overrides the built-in files
one by one.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import resources
from .errors import InputError, Problem
from .rules import chosen_indicators, is_pattern
from .suggest import did_you_mean, with_hint
from .yamlio import read_yaml

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
AnswerId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_+-]{0,39}$")]


class Strict(BaseModel):
    # Docstrings under fields and classes are Dutch: they are the descriptions in the JSON Schemas
    # (`thuis schema`) that editors show while a user edits the YAML files.
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- indicatoren.yaml -------------------------------------------------------------------------

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

    def group_label(self, group: str) -> str:
        if group == "totaal":
            return "Alle deelnemers"
        dim, value = group.split(":", 1)
        return self.by_id[self.groepen[dim].indicator].answer_label(value)


# --- diensten.yaml ----------------------------------------------------------------------------

class Signaalregel(Strict):
    """Wanneer een cijfer een aandachtspunt is. 'soort' zegt wat vergeleken wordt:
    verschil: de gemeente tegenover een referentiegebied (vlaanderen of provincie);
    groepsverschil: een groep deelnemers (bv. leeftijd:65+) tegenover alle deelnemers van de gemeente;
    niveau: het kernaandeel boven 'boven' of onder 'onder' (in %)."""

    soort: Literal["verschil", "groepsverschil", "niveau"]
    """verschil, groepsverschil of niveau."""
    referentie: Literal["vlaanderen", "provincie", "vergelijking"] = "vlaanderen"
    """Bij een verschil: vergelijk met vlaanderen, met de provincie of met de vergelijkbare gemeenten."""
    dimensie: Slug | None = None
    """Bij een groepsverschil: de indeling (leeftijd, huishouden of eigendom)."""
    min_pp: float | None = Field(default=None, ge=0, le=100)
    """Minimaal verschil in procentpunt (het verschil moet ook statistisch betekenisvol zijn)."""
    boven: float | None = Field(default=None, ge=0, le=100)
    """Bij een niveau: aandachtspunt als het kernaandeel boven deze waarde (in %) ligt."""
    onder: float | None = Field(default=None, ge=0, le=100)
    """Bij een niveau: aandachtspunt als het kernaandeel onder deze waarde (in %) ligt."""
    gewicht: float = Field(default=1.0, gt=0)
    """Hoe zwaar het punt weegt bij het kiezen van de sterkste punten (standaard 1)."""

    @model_validator(mode="after")
    def _complete(self) -> Signaalregel:
        if self.soort == "groepsverschil" and self.dimensie is None:
            raise ValueError("een groepsverschil noemt een dimensie (bv. leeftijd)")
        if self.soort == "niveau" and (self.boven is None) == (self.onder is None):
            raise ValueError("een niveauregel heeft precies één van 'boven' of 'onder'")
        return self


class Instrument(Strict):
    """Een beleidsinstrument waaraan de dienst de resultaten koppelt."""

    naam: str
    """Naam van het instrument."""
    tekst: str
    """Wat de resultaten voor dit instrument betekenen."""


IndicatorRef = Annotated[str, Field(pattern=r"^[a-z0-9_*?\[\]-]{1,40}$")]


ACTIE_VELDEN = ("gemeente", "aandeel", "n", "referentie", "referentie_aandeel", "verschil", "groep", "kernlabel",
                "wie")


Vergelijkingssoort = Literal["vergelijking", "vlaanderen", "provincie", "groep", "niveau"]
Doelgroep = Literal["iedereen", "eigenaars", "huurders", "verhuurders"]


class Wanneer(Strict):
    """Bij welke bevinding een actie hoort: een indicator of een thema (of geen van beide: elke
    bevinding), de richting, de vergelijking en de groep deelnemers."""

    indicator: Slug | None = None
    """De indicator van de bevinding."""
    thema: Slug | None = None
    """Het thema van de bevinding (als geen indicator genoemd is)."""
    richting: Literal["hoger", "lager"] | None = None
    """hoger: het cijfer ligt boven de vergelijking (of het niveau); lager: eronder; weggelaten: beide."""
    vergelijking: Vergelijkingssoort | None = None
    """Waarmee de bevinding vergelijkt: vergelijking (de vergelijkbare gemeenten of de andere
    centrumsteden), vlaanderen, provincie, groep (een groep deelnemers tegenover de andere deelnemers) of
    niveau; weggelaten: elke vergelijking."""
    groep: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]*(:[a-z0-9][a-z0-9_+-]*)?$")
    """Een groep deelnemers ('eigendom:huurder') of een hele indeling ('leeftijd'): de actie past alleen
    bij een bevinding over die groep; weggelaten: elke bevinding."""

    @model_validator(mode="after")
    def _one_target(self) -> Wanneer:
        if self.indicator is not None and self.thema is not None:
            raise ValueError("noem een indicator of een thema, niet beide")
        return self


class DienstActie(Strict):
    """Een volgende stap voor de dienst bij een soort bevinding: wie, met welk instrument, wat er
    klaar moet zijn en wanneer. Pagina 1 toont elke stap hoogstens één keer per briefing."""

    wanneer: Wanneer = Wanneer()
    """Bij welke bevindingen de stap hoort; de best passende wordt gekozen (zie docs/methode.md)."""
    wie: str = Field(min_length=1, max_length=80)
    """Wie de stap zet: een rol (bv. 'de dienst ruimte', 'de woonambtenaar', 'het Sociaal Huis')."""
    instrument: str = Field(min_length=1, max_length=80)
    """Het instrument (bv. Meerjarenplan, Gecoro, lokaal woonoverleg, Beleidsplan Ruimte)."""
    resultaat: str = Field(min_length=1, max_length=160)
    """Wat er klaar moet zijn (bv. 'een afwegingskader voor verdichting in de kernen')."""
    moment: str = Field(min_length=1, max_length=80)
    """Wanneer (bv. 'bij de volgende herziening', 'op het volgende lokaal woonoverleg')."""
    voor: Doelgroep = "iedereen"
    """Op wie het instrument mikt: iedereen, eigenaars, huurders of verhuurders. Een actie voor
    eigenaars komt nooit bij een bevinding over huurders, en omgekeerd."""
    tekst: str = Field(default="", max_length=400)
    """Een toelichting (mag leeg). Mag {gemeente}, {aandeel}, {n}, {referentie} ('in Vlaanderen'),
    {referentie_aandeel}, {verschil}, {groep}, {kernlabel} (de indicator als hoofdzin) en {wie}
    ('van de deelnemers' of 'van de groep ...') bevatten; die worden ingevuld met de cijfers van de bevinding."""

    @model_validator(mode="after")
    def _known_fields(self) -> DienstActie:
        for name in re.findall(r"\{([^{}]*)\}", self.tekst):
            if name not in ACTIE_VELDEN:
                raise ValueError(f"tekst: onbekend veld '{{{name}}}'; kies uit "
                                 f"{', '.join('{' + v + '}' for v in ACTIE_VELDEN)}.{did_you_mean(name, ACTIE_VELDEN)}")
        return self

    @model_validator(mode="after")
    def _audience_fits_group(self) -> DienstActie:
        group = self.wanneer.groep or ""
        if group == "eigendom:huurder" and self.voor == "eigenaars":
            raise ValueError("voor: een actie bij een bevinding over huurders mikt niet op eigenaars; "
                             "kies huurders, verhuurders of iedereen")
        if group == "eigendom:eigenaar" and self.voor in ("huurders", "verhuurders"):
            raise ValueError(f"voor: een actie bij een bevinding over eigenaars mikt niet op {self.voor}; "
                             "kies eigenaars of iedereen")
        return self


class Dienst(Strict):
    """Een dienst van de gemeente en wat haar briefing bevat."""

    naam: str
    """Naam van de dienst, zoals in de titel van de briefing."""
    omschrijving: str = ""
    """Korte omschrijving van het werk van de dienst."""
    indicatoren: list[IndicatorRef] = []  # ids, or patterns such as 'delen_*'
    """Indicatoren op id, of met een patroon zoals 'delen_*' (* staat voor om het even wat)."""
    themas: list[Slug] = []
    """Alle indicatoren van deze thema's."""
    patronen: list[str] = []  # older spelling of patterns in `indicatoren`; still accepted
    """Patronen zoals 'delen_*' (kan ook rechtstreeks onder 'indicatoren')."""
    signalen: list[Slug] | None = None  # None: every rule
    """De signaalregels voor deze dienst; weggelaten: alle."""
    instrumenten: list[Instrument] = []
    """Instrumenten waaraan de resultaten gekoppeld worden."""
    vragen: list[str] = []
    """Vragen voor een interne sessie."""
    tips: list[str] = []
    """Tips om het concreet te maken."""
    acties: list[DienstActie] = []
    """Volgende stappen per soort bevinding ('Volgende stap' op pagina 1): wie, instrument, resultaat
    en moment."""


class Diensten(Strict):
    """diensten.yaml: de diensten en de signaalregels voor aandachtspunten."""

    signaalregels: dict[Slug, Signaalregel]
    """De signaalregels, per id."""
    diensten: dict[Slug, Dienst] = Field(min_length=1)
    """De diensten, per id (zoals in 'thuis brief --dienst ID')."""


# --- instellingen.yaml ------------------------------------------------------------------------

class Statistiek(Strict):
    """Drempels voor eerlijke cijfers."""

    min_n: float = Field(default=30, ge=1)
    """Een aandeel op minder antwoorden wordt niet getoond ('te weinig antwoorden')."""
    betrouwbaarheid: float = Field(default=0.95, gt=0.5, lt=1)
    """Betrouwbaarheid van de intervallen (0,95 = 95 %)."""
    alfa: float = Field(default=0.05, gt=0, lt=0.5)
    """Significantieniveau van de toetsen op verschillen."""
    min_verschil_pp: float = Field(default=5, ge=0, le=100)
    """Een verschil telt pas vanaf zoveel procentpunt (en als het betekenisvol is)."""
    fdr: float = Field(default=0.05, gt=0, lt=0.5)
    """Toegelaten aandeel valse ontdekkingen per gemeente (Benjamini-Hochberg over één familie van
    vergelijkingen): van alle verschillen die de documenten van een gemeente betekenisvol noemen, is naar
    verwachting hoogstens dit aandeel toeval."""

    @field_validator("betrouwbaarheid", "alfa", "fdr", mode="before")
    @classmethod
    def _a_probability_not_a_percentage(cls, value: object, info) -> object:
        """95 for 0,95: said as what it is, with the value that was meant."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value <= 100:
            example = "0,95 voor 95 %" if info.field_name == "betrouwbaarheid" else "0,05 voor 5 %"
            meant = f"{value / 100:g}".replace(".", ",")
            raise ValueError(f"is een percentage; geef een kans tussen 0 en 1, bv. {example} (bedoeld: {meant}?)")
        return value


class Gegevens(Strict):
    """Over de gegevens, zoals de documenten ze vermelden."""

    bron: str = "Woontest 'Thuis in de Toekomst' (Vlaamse overheid, 2020)"
    """De bronvermelding."""
    peildatum: dt.date = dt.date(2020, 3, 31)
    """Tot wanneer er geantwoord kon worden (JJJJ-MM-DD)."""


class Oogopslag(Strict):
    """Welke bevindingen pagina 1 van de briefing ('Wat valt op voor uw dienst') toont."""

    min: int = Field(default=3, ge=1)
    """Bij minder bevindingen dan dit stelt de briefing ook vragen voor de bespreking voor."""
    max: int = Field(default=5, ge=1)
    """Hoogstens zoveel punten."""
    max_interval_pp: float = Field(default=20, gt=0, le=100)
    """Een bevinding komt alleen op de eerste pagina als haar interval niet breder is dan zoveel
    procentpunt (een kleine groep geeft een breed, onzeker interval)."""


CENTRUMSTEDEN = ("Aalst", "Antwerpen", "Brugge", "Genk", "Gent", "Hasselt", "Kortrijk", "Leuven", "Mechelen",
                 "Oostende", "Roeselare", "Sint-Niklaas", "Turnhout")


class Vergelijkingsgroep(Strict):
    """Met welke vergelijkbare gemeenten een gemeente vergeleken wordt (naast provincie en Vlaanderen)."""

    centrumsteden: list[str] = list(CENTRUMSTEDEN)
    """De centrumsteden (naam of NIS-code): elk wordt vergeleken met de andere centrumsteden, en het
    intervisiewerkboek zet een verschil tussen een centrumstad en een andere gemeente apart."""
    klassen: list[int] = Field(default=[10000, 20000, 40000], min_length=0)
    """Grenzen van de bevolkingsklassen (inwoners 2020, uit gemeenten.csv): een andere gemeente wordt
    vergeleken met de gemeenten van haar provincie in dezelfde klasse (hier: tot 10.000, tot 20.000,
    tot 40.000 en meer)."""
    eigen: dict[str, list[str]] = {}
    """Een eigen lijst per gemeente: naam, slug of NIS-code van de gemeente -> de gemeenten waarmee ze
    vergeleken wordt."""
    aan: bool = True
    """Zet op false om de vergelijkbare gemeenten weg te laten."""

    @model_validator(mode="after")
    def _increasing(self) -> Vergelijkingsgroep:
        if any(b <= a for a, b in zip(self.klassen, self.klassen[1:])):
            raise ValueError("de klassen zijn oplopende grenzen (bv. [10000, 20000, 40000])")
        return self


class Instellingen(Strict):
    """instellingen.yaml: drempels en standaarden."""

    statistiek: Statistiek = Statistiek()
    """Onderdrukkingsdrempel, betrouwbaarheid, significantie en minimaal verschil."""
    gegevens: Gegevens = Gegevens()
    """Bron en peildatum."""
    oogopslag: Oogopslag = Oogopslag()
    """Het aantal bevindingen op pagina 1 van de briefing en hoe zeker ze moeten zijn."""
    vergelijking: Vergelijkingsgroep = Vergelijkingsgroep()
    """De groep vergelijkbare gemeenten: centrumsteden, bevolkingsklassen of een eigen lijst."""
    standaard_gemeente: str = "leuven"
    """De gemeente zonder --gemeente en zonder thuis.yaml (naam, slug of NIS-code)."""


# --- infografiek.yaml and plannen.yaml ---------------------------------------------------------

class Infografiek(Strict):
    """infografiek.yaml: welke boodschappen de infografieken voor inwoners kiezen."""

    max: int = Field(default=6, ge=1, le=12)
    """Hoogstens zoveel boodschappen."""
    aanvullen: bool = True
    """Vul aan met de grootste cijfers als er te weinig opvallende zijn."""
    kandidaten: list[Slug] = Field(min_length=1)
    """De indicatoren waaruit gekozen wordt."""
    signalen: dict[Slug, Signaalregel] = {}
    """Signaalregels die een boodschap opvallend maken, per id."""
    koppen: dict[Slug, str] = {}
    """De kop van een boodschap per indicator: kort, in het meervoud, met het werkwoord vooraan
    ('willen compacter wonen'); anders de zin voor inwoners uit de catalogus."""

    @field_validator("koppen")
    @classmethod
    def _distinct(cls, value: dict[str, str]) -> dict[str, str]:
        seen: dict[str, str] = {}
        for ind, kop in value.items():
            if not kop.strip():
                raise ValueError(f"de kop van '{ind}' is leeg")
            if kop.strip().lower() in seen:
                raise ValueError(f"'{ind}' en '{seen[kop.strip().lower()]}' hebben dezelfde kop '{kop}': "
                                 "twee beelden dragen nooit dezelfde kop")
            seen[kop.strip().lower()] = ind
        return value


class Actie(Strict):
    """Een plan of actie van de gemeente, gekoppeld aan de indicatoren waarop het antwoordt (ids)."""

    indicatoren: tuple[Slug, ...] = ()
    """De indicatoren (ids) waarop het plan antwoordt; het plan staat naast hun boodschappen."""
    thema: Slug | None = None
    """Het thema waartoe het plan zelf behoort (een plan zonder indicatoren staat alleen in het overzicht)."""
    tekst: str = Field(min_length=1, max_length=400)
    """Het plan in één of twee zinnen voor inwoners."""
    meerjarenplan: str = ""
    """Verwijzing naar het meerjarenplan (bv. actie 2.3.1)."""

    @model_validator(mode="before")
    @classmethod
    def _one_indicator(cls, value):
        """Older files name one `indicator`: read it as a list of one."""
        if isinstance(value, dict) and "indicator" in value:
            value = dict(value)
            single = value.pop("indicator")
            value["indicatoren"] = [*value.get("indicatoren", ()), *([single] if single else [])]
        return value

    @model_validator(mode="after")
    def _target(self) -> Actie:
        if not self.indicatoren and self.thema is None:
            raise ValueError("koppel het plan aan indicatoren (ids) of geef minstens zijn thema")
        if len(set(self.indicatoren)) != len(self.indicatoren):
            raise ValueError("een indicator staat twee keer in 'indicatoren'")
        return self


def web_address(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"https?://[^\s<>\"']+", value):
        raise ValueError("is geen webadres (begint met https://, zonder spaties)")
    return value


Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]  # a platform's id (number or uuid)


class Infoavond(Strict):
    """The information evening: a sentence for the infographics, or the details for a calendar file.
    A plain string in plannen.yaml is read as `tekst` (older files stay valid)."""

    tekst: str | None = Field(default=None, max_length=300)
    datum: dt.date | None = None
    begin: str | None = None
    einde: str | None = None
    plaats: str | None = Field(default=None, max_length=200)
    beschrijving: str | None = Field(default=None, max_length=2000)
    link: str | None = Field(default=None, max_length=500)

    @field_validator("begin", "einde")
    @classmethod
    def _clock_text(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"([01]?\d|2[0-3])[:.][0-5]\d", value):
            raise ValueError('is geen uur (UU:MM tussen aanhalingstekens, bv. "19:30")')
        return value

    @field_validator("link")
    @classmethod
    def _link(cls, value: str | None) -> str | None:
        return web_address(value)

    @model_validator(mode="before")
    @classmethod
    def _from_sentence(cls, value):
        if isinstance(value, str):
            return {"tekst": value}
        if isinstance(value, dict):  # YAML 1.1 reads an unquoted 19:30 as the number 1170
            value = {k: (f"{v // 60}:{v % 60:02d}" if k in ("begin", "einde") and isinstance(v, int)
                         and not isinstance(v, bool) and 0 <= v < 24 * 60 else v) for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _times(self) -> Infoavond:
        if self.begin is None and self.einde is not None:
            raise ValueError("een einduur zonder beginuur")
        if self.begin and self.datum is None:
            raise ValueError("een beginuur zonder datum")
        if self.begin and self.einde and self.clock(self.einde) <= self.clock(self.begin):
            raise ValueError(f"het einde ({self.einde}) ligt niet na het begin ({self.begin})")
        if self.tekst is None and self.datum is None:
            raise ValueError("geef een tekst of een datum")
        return self

    @staticmethod
    def clock(text: str) -> dt.time:
        hour, minute = text.replace(".", ":").split(":")
        return dt.time(int(hour), int(minute))

    def __str__(self) -> str:
        """The sentence the infographics show (their templates print the object)."""
        if self.tekst:
            return self.tekst
        from .fmt import date

        assert self.datum is not None, "_times: an evening without a text has a date"
        weekday = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
        text = f"Infoavond op {weekday[self.datum.weekday()]} {date(self.datum)}"
        if self.begin:
            text += f" om {self.begin.replace(':', '.')} uur"
        if self.plaats:
            text += f" in {self.plaats}"
        return text


class Decidim(Strict):
    taal: str = Field(default="nl", pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    scope: int | None = Field(default=None, ge=1)
    taxonomieen: list[int] = []


class GoVocal(Strict):
    api: str | None = None
    taal: str = Field(default="nl-BE", json_schema_extra={"enum": ["nl-BE"]})  # Go Vocal's locale of a Flemish
    # platform: the key of every *_multiloc ('nl' alone is refused by Go Vocal)
    project_id: Id | None = None
    topic_ids: list[Id] = []
    phase_ids: list[Id] = []

    @field_validator("taal")
    @classmethod
    def _locale(cls, value: str) -> str:
        if value != "nl-BE":
            raise ValueError("Go Vocal noemt de taal van een Vlaams platform 'nl-BE', met de landcode; een "
                             "andere code weigert het. Zet taal: nl-BE, of laat de sleutel weg")
        return value

    @field_validator("api")
    @classmethod
    def _api(cls, value: str | None) -> str | None:
        return web_address(value)


class Deelname(Strict):
    """Hoe inwoners kunnen meedoen."""

    tekst: str | None = None
    """Een oproep in eigen woorden."""
    platform: str | None = None
    """Adres van het participatieplatform."""
    contact: str | None = Field(default=None, max_length=300)
    """Waar inwoners ook zonder platform reageren: een e-mailadres, een loket of een adres (in een zin)."""
    infoavond: Infoavond | None = None
    """De infoavond: datum, uur, plaats, beschrijving en link (of een zin)."""
    decidim: Decidim = Decidim()
    """Instellingen voor de import in Decidim."""
    govocal: GoVocal = GoVocal()
    """Instellingen voor Go Vocal (API en ids)."""


class GemeentePlannen(Strict):
    """De plannen van één gemeente."""

    plannen: list[Actie] = []
    """De plannen."""
    deelname: Deelname | None = None
    """Hoe inwoners kunnen meedoen."""


class Plannen(Strict):
    """plannen.yaml: de plannen van gemeenten voor de infografieken."""

    voorbeeld: GemeentePlannen | None = None
    """Plannen voor de synthetische voorbeeldgegevens."""
    gemeenten: dict[str, GemeentePlannen] = {}
    """Plannen per gemeente (slug, bv. leuven)."""


# --- loading ----------------------------------------------------------------------------------

CONFIG_FILES = ("indicatoren.yaml", "diensten.yaml", "instellingen.yaml", "infografiek.yaml", "plannen.yaml")
OTHER_FILES = ("ontvangers.yaml",)  # read by the commands that need them (thuis bezorg)
TABLE_FILES = ("gemeenten.csv", "buren.csv")

def key_path(root: str, loc: tuple) -> str:
    text = root
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(bovenste niveau)"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the model accepts at the place of an unknown key (for suggestions)."""
    from typing import get_origin

    current: object = model
    for part in loc[:-1]:
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            current = info.annotation if info else None
        elif get_origin(current) in (dict, list, tuple) or get_origin(current) is not None:
            current = _inner_model(current)  # part is a key or index inside a container
        if current is None:
            return []
    current = _inner_model(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: object) -> object:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def reachable_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """`model` and every model its fields hold, however nested (in lists, dicts, unions), once each."""
    found: list[type[BaseModel]] = []
    todo: list[object] = [model]
    while todo:
        current = todo.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            if current not in found:
                found.append(current)
                todo += [info.annotation for info in current.model_fields.values()]
        else:
            todo += list(getattr(current, "__args__", ()) or ())
    return found


def problems_from(exc: ValidationError, file: str, root: str, model: type[BaseModel]) -> list[Problem]:
    """pydantic's errors as Dutch problems with the key path the user wrote (no class names)."""
    from .messages import pydantic_alternatives, pydantic_message

    # pydantic puts a model's name in an error's location when a key may hold one of several things
    # (`briefs: BriefPlan | false`); a user never wrote them
    branches = {m.__name__ for m in reachable_models(model)}

    def is_branch(part) -> bool:
        return isinstance(part, str) and ("[" in part or part in branches)

    # The errors are pydantic's ErrorDetails, plain dicts at runtime; messages.py reads them as such.
    errors = cast("list[dict]", exc.errors())
    # A key that may hold a section or `false`: when the user wrote a section, only its own errors count.
    def clean(loc: tuple) -> tuple:
        return tuple(p for p in loc if not is_branch(p))

    deep = {clean(e["loc"][:i]) for e in errors for i, part in enumerate(e["loc"][:-1])
            if is_branch(part) and not str(part).startswith(("literal[", "list[", "dict["))}
    merged: dict[tuple, list[dict]] = {}
    for err in errors:
        loc = clean(err["loc"])
        if err["loc"] and is_branch(err["loc"][-1]) and loc in deep:
            continue  # the other branch of a union: the user wrote a section, so its errors count
        if err["type"] == "extra_forbidden" and loc:
            merged[(loc, len(merged))] = [err]
        else:
            merged.setdefault((loc, -1), []).append(err)
    problems = []
    for (loc, _), errs in merged.items():
        err, kind = errs[0], errs[0]["type"]
        text = pydantic_alternatives(errs) if len(errs) > 1 else None
        if text is None:
            text = "; ".join(dict.fromkeys(pydantic_message(e) for e in errs))
        if kind == "extra_forbidden" and loc:
            text = with_hint(f"onbekende sleutel '{loc[-1]}'", str(loc[-1]), _allowed_keys(model, loc))
            loc = loc[:-1]
        value = err.get("input") if kind not in ("missing", "model_type", "dict_type", "extra_forbidden") else None
        if isinstance(value, bool):  # shown as written in YAML
            value = "true" if value else "false"
        if isinstance(value, (dict, list)):
            value = None
        problems.append(Problem(f"{key_path(root, loc)}: {text}", file=file, value=value))
    return problems


def _parse(model: type[BaseModel], path: Path, root: str, problems: list[Problem]):
    try:
        data = read_yaml(path)
    except InputError as exc:
        problems.extend(exc.problems or [Problem(exc.summary)])
        return None
    if not isinstance(data, dict):
        problems.append(Problem("het bestand moet een reeks sleutels en waarden bevatten", file=str(path)))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, str(path), root, model))
        return None


@dataclass(frozen=True)
class Config:
    catalogus: Catalogus
    diensten: Diensten
    instellingen: Instellingen
    infografiek: Infografiek | None = None
    plannen: Plannen = field(default_factory=Plannen)
    files: dict[str, Path] = field(default_factory=dict)  # every file actually used, by name


def config_files(user_dir: Path | None) -> dict[str, Path]:
    """Each config file from the user's folder where it has one, else the built-in one."""
    builtin = resources.config_dir()
    if user_dir is not None and not user_dir.is_dir():
        raise InputError(f"Configuratiemap {user_dir} bestaat niet.")
    if user_dir is not None:
        _warn_unknown_files(user_dir)
    chosen = {}
    for name in CONFIG_FILES + TABLE_FILES:
        user = user_dir / name if user_dir else None
        if user is not None and user.is_file():
            chosen[name] = user
        elif (builtin / name).is_file():
            chosen[name] = builtin / name
    return chosen


def _warn_unknown_files(user_dir: Path) -> None:
    """A misspelt override ('dienstn.yaml') would silently be ignored: say so."""
    from .notices import warn
    from .suggest import closest

    known = CONFIG_FILES + TABLE_FILES + OTHER_FILES
    for path in sorted(user_dir.iterdir()):
        if path.suffix.lower() in (".yaml", ".yml", ".csv") and path.name not in known and path.is_file():
            near = closest(path.name, known)
            hint = f" Bedoelde u '{near[0]}'?" if near else f" Bekende namen: {', '.join(known)}."
            warn(f"{path}: onbekend bestand in de configuratiemap; thuis gebruikt het niet.{hint}")


def load_config(user_dir: Path | None = None) -> Config:
    files = config_files(user_dir)
    problems: list[Problem] = []
    catalogus = _parse(Catalogus, files["indicatoren.yaml"], "", problems)
    diensten = _parse(Diensten, files["diensten.yaml"], "", problems)
    instellingen = _parse(Instellingen, files["instellingen.yaml"], "", problems)
    infografiek = _parse(Infografiek, files["infografiek.yaml"], "", problems)
    plannen = _parse(Plannen, files["plannen.yaml"], "", problems)
    if catalogus and diensten:
        problems += _cross_check(catalogus, diensten, str(files["diensten.yaml"]))
    if catalogus and infografiek and plannen:
        problems += _check_residents(catalogus, infografiek, plannen, files)
    if problems:
        raise InputError("De configuratie bevat fouten:", problems)
    return Config(catalogus, diensten, instellingen, infografiek, plannen, files)


def _check_residents(cat: Catalogus, info: Infografiek, plannen: Plannen, files: dict[str, Path]) -> list[Problem]:
    problems = []
    ids = [i.id for i in cat.indicatoren]
    for i, ref in enumerate(info.kandidaten):
        if ref not in ids:
            problems.append(Problem(with_hint(f"kandidaten[{i}]: onbekende indicator '{ref}'", ref, ids),
                                    file=str(files["infografiek.yaml"])))
    for ref in info.koppen:
        if ref not in ids:
            problems.append(Problem(with_hint(f"koppen.{ref}: onbekende indicator '{ref}'", ref, ids),
                                    file=str(files["infografiek.yaml"])))
    blocks = ([("voorbeeld", plannen.voorbeeld)] if plannen.voorbeeld else []) + [
        (f"gemeenten.{k}", v) for k, v in plannen.gemeenten.items()]
    for root, block in blocks:
        for i, plan in enumerate(block.plannen):
            for j, ref in enumerate(plan.indicatoren):
                if ref not in ids:
                    problems.append(Problem(with_hint(f"{root}.plannen[{i}].indicatoren[{j}]: onbekende indicator "
                                                      f"'{ref}'", ref, ids), file=str(files["plannen.yaml"])))
            if plan.thema and plan.thema not in cat.themas:
                problems.append(Problem(with_hint(f"{root}.plannen[{i}].thema: onbekend thema '{plan.thema}'",
                                                  plan.thema, cat.themas), file=str(files["plannen.yaml"])))
    return problems


def _pattern_hint(ref: str, ids: list[str]) -> str:
    """A pattern in the spirit of what the user wrote: 'delen_*' for 'delen'."""
    stem = ref.split("_")[0].split("-")[0] or ref
    return f"{stem}_*" if any(x.startswith(f"{stem}_") for x in ids) else f"{stem}*"


def _cross_check(cat: Catalogus, diensten: Diensten, file: str) -> list[Problem]:
    """References from departments and rules to the catalogue."""
    problems = []
    ids = [i.id for i in cat.indicatoren]
    for name, rule in diensten.signaalregels.items():
        if rule.dimensie and rule.dimensie not in cat.groepen:
            problems.append(Problem(
                with_hint(f"signaalregels.{name}.dimensie: onbekende dimensie '{rule.dimensie}'", rule.dimensie,
                          cat.groepen), file=file))
    for name, dienst in diensten.diensten.items():
        root = f"diensten.{name}"
        before = len(problems)
        for i, ref in enumerate(dienst.indicatoren):
            if is_pattern(ref):
                if not any(fnmatch.fnmatchcase(x, ref) for x in ids):
                    problems.append(Problem(f"{root}.indicatoren[{i}]: patroon '{ref}' past op geen enkele "
                                            "indicator (zie 'thuis lijst indicatoren')", file=file))
            elif ref not in ids:
                problems.append(Problem(f"{root}.indicatoren[{i}]: onbekende indicator '{ref}'."
                                        f"{did_you_mean(ref, ids)} Een patroon kan ook: '{_pattern_hint(ref, ids)}' "
                                        "neemt alle indicatoren die zo beginnen.", file=file))
        for i, ref in enumerate(dienst.themas):
            if ref not in cat.themas:
                problems.append(Problem(with_hint(f"{root}.themas[{i}]: onbekend thema '{ref}'", ref, cat.themas),
                                        file=file))
        for i, pattern in enumerate(dienst.patronen):
            if not any(fnmatch.fnmatchcase(x, pattern) for x in ids):
                problems.append(Problem(f"{root}.patronen[{i}]: patroon '{pattern}' past op geen "
                                        "enkele indicator", file=file))
        # Its brief would have nothing to say (a mistyped reference is named above, not twice).
        if len(problems) == before and not chosen_indicators(cat, dienst):
            problems.append(Problem(f"{root}: de dienst '{dienst.naam}' heeft geen indicatoren; geef er een in "
                                    "'indicatoren' (id of patroon) of 'themas' (zie 'thuis lijst indicatoren'). "
                                    "De indicatoren van het thema 'profiel' tellen niet mee.", file=file))
        for i, ref in enumerate(dienst.signalen or []):
            if ref not in diensten.signaalregels:
                problems.append(Problem(with_hint(f"{root}.signalen[{i}]: onbekende signaalregel '{ref}'", ref,
                                                  diensten.signaalregels), file=file))
        for i, action in enumerate(dienst.acties):
            w = action.wanneer
            if w.indicator is not None and w.indicator not in ids:
                problems.append(Problem(with_hint(f"{root}.acties[{i}].wanneer.indicator: onbekende indicator "
                                                  f"'{w.indicator}'", w.indicator, ids), file=file))
            if w.thema is not None and w.thema not in cat.themas:
                problems.append(Problem(with_hint(f"{root}.acties[{i}].wanneer.thema: onbekend thema '{w.thema}'",
                                                  w.thema, cat.themas), file=file))
            if w.groep is not None:
                dim, _, value = w.groep.partition(":")
                if dim not in cat.groepen:
                    problems.append(Problem(with_hint(f"{root}.acties[{i}].wanneer.groep: onbekende indeling "
                                                      f"'{dim}'", dim, cat.groepen), file=file))
                elif value and value not in (values := list(cat.group_values(dim))):
                    problems.append(Problem(with_hint(f"{root}.acties[{i}].wanneer.groep: onbekende groep "
                                                      f"'{value}' in '{dim}'", value, values), file=file))
    return problems

"""infografiek.yaml and plannen.yaml: what the material for residents shows, and the municipalities'
plans and ways to take part."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import Field, field_validator, model_validator

from .config_departments import Signaalregel
from .config_fields import Id, Slug, Strict, web_address


class Afweging(Strict):
    """Een afweging die minder dan de helft van de deelnemers koos: wat de andere kant kiest."""

    andere_kant: str = Field(min_length=1)
    """Wat de deelnemers aan de andere kant kiezen, werkwoord vooraan ('kiezen een parkeerplaats voor de deur')."""
    kern_kort: str = Field(min_length=1)
    """De kop van de boodschap zelf, kort, na die andere kant ('kiezen meer groen')."""
    antwoorden: list[Slug] = []
    """Bij een vraag met meer antwoorden (enkelvoudig): de antwoorden (ids) van de andere kant
    ([vrijstaand, halfopen]); leeg bij een afweging tussen twee polen (de helft van de schaal)."""
    anderen: str = ""
    """Wat wie geen van beide kanten koos doet, werkwoord vooraan ('kiezen een andere woonvorm'); leeg: 'hebben
    geen voorkeur' (het midden van een afweging)."""


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
    afwegingen: dict[Slug, Afweging] = {}
    """Bij een keuze tussen twee polen (soort: afweging): wat de andere kant kiest. Kiezen meer
    deelnemers de andere kant, dan zegt elke kop die kant eerst ('De meeste deelnemers (18 van de 30)
    kiezen een parkeerplaats voor de deur; 7 kiezen meer groen')."""

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
    voor_kernantwoord: bool = True
    """Het plan komt tegemoet aan wie het kernantwoord van de indicator koos (meer kleinere woningen bij
    'wil een rijwoning of appartement'); false: het gaat de andere kant op. Kozen weinig deelnemers wat
    het plan brengt, dan zegt het materiaal dat en vraagt het wat inwoners ervan vinden."""
    waarom: str = Field("", max_length=300)
    """Waarom de gemeente voor dit plan kiest, voor een plan dat ingaat tegen wat de meeste deelnemers
    kozen: de rest van de zin na 'De gemeente kiest hiervoor omdat' (zonder punt). Elk medium zet hem
    meteen na 'Dat is niet wat de meeste deelnemers kozen.'; leeg: daar staat 'Wat vindt u?'."""
    waarom_kort: str = Field("", max_length=120)
    """Dezelfde reden in een paar woorden, voor de beelden, het affiche en de dia's, waar weinig plaats is:
    de rest van de zin na 'De gemeente kiest hiervoor omdat' (zonder punt), bv. 'jonge gezinnen en
    senioren moeilijk een betaalbare woning vinden'; leeg: daar staat de zin met 'waarom'."""

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
    telefoon: str | None = Field(default=None, max_length=40, pattern=r"^\+?[0-9][0-9 ./]{5,}[0-9]( \(voorbeeld\))?$")
    """Een telefoonnummer waar inwoners ook reageren (op de webpagina en de slotdia), bv. 056 12 34 56."""
    loket: str | None = Field(default=None, max_length=120)
    """Een loket waar inwoners langskomen, als deel van een zin na 'Of kom langs bij' (op het affiche, de
    webpagina en de slotdia), bv. 'de balie van het stadhuis, Grote Markt 9'."""
    tot: dt.date | None = None
    """Tot wanneer inwoners kunnen reageren (op de beelden en de slotdia: 'reageer tot ...'); leeg: geen datum."""
    infoavond: Infoavond | None = None
    """De infoavond: datum, uur, plaats, beschrijving en link (of een zin)."""
    decidim: Decidim = Decidim()
    """Instellingen voor de import in Decidim."""
    govocal: GoVocal = GoVocal()
    """Instellingen voor Go Vocal (API en ids)."""

    @property
    def platform_voorbeeld(self) -> bool:
        """The platform's address is an example ('(voorbeeld)' after it in plannen.yaml): the material
        marks it so wherever it prints the address."""
        return "(voorbeeld)" in (self.platform or "")


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

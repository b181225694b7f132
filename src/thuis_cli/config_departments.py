"""diensten.yaml: the departments, what their briefs contain, their signal rules and next steps."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from .config_fields import IndicatorRef, Slug, Strict
from .suggest import did_you_mean


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
    binnen: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]*:[a-z0-9][a-z0-9_+-]*$")
    """Een groep deelnemers ('leeftijd:65+') die binnen de gemeente betekenisvol de andere kant op wijst dan
    de bevinding (de gemeente wil minder vaak kleiner wonen, de 65-plussers juist vaker): de actie past
    alleen dan, en gaat dan voor, zodat een stap nooit tegenspreekt wat 'Binnen uw gemeente' toont."""
    steunt_op: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]*:[a-z0-9][a-z0-9_+-]*$")
    """Een groep deelnemers ('leeftijd:65+') waarop de reden van de actie steunt ('wie niet kleiner wil wonen,
    blijft langer in een woning die later niet meer past' gaat over wie ouder wordt): de actie past alleen als
    die groep binnen de gemeente dezelfde kant op wijst als de bevinding (haar cijfer, zoals afgedrukt, ligt aan
    dezelfde kant van dat van de andere deelnemers), zodat een reden nooit de eigen uitsplitsing tegenspreekt."""

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
    besluit: str = Field(default="", max_length=160)
    """Wat de dienst met de bevinding beslist of op de agenda zet, met het werkwoord voorop (bv. 'leg de
    Gecoro een voorstel voor: ...'); mag leeg. Pagina 1 zet het besluit vóór het resultaat, dat dan zegt
    wat er daarvoor klaar moet zijn."""
    onderwerp: str = Field(default="", max_length=60)
    """Waarover de stap gaat, in een paar woorden (bv. 'kwaliteit van compacte woningen'); mag leeg. Twee
    bevindingen waarvan de beste stap hetzelfde onderwerp met hetzelfde instrument en dezelfde trekker heeft,
    delen één stap: de tweede verwijst naar de eerste ('zie stap 1')."""
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
    kern: list[Slug] = []
    """De indicatoren die het hart van het werk van deze dienst zijn (ids uit 'indicatoren'): pagina 1
    begint met een bevinding over een van deze, als er een is; daarna komt de grootte van het verschil."""
    acties: list[DienstActie] = []
    """Volgende stappen per soort bevinding ('Volgende stap' op pagina 1): wie, instrument, resultaat
    en moment."""
    streek: str = ""
    """Het kanaal van de dienst voor wat ze samen met de buurgemeenten doet, zoals 'het streekoverleg' of
    'het intergemeentelijk woonproject'; weggelaten: een instrument met 'gemeentelijk' of 'regio' in de
    naam, anders 'het streekoverleg'."""


class Diensten(Strict):
    """diensten.yaml: de diensten en de signaalregels voor aandachtspunten."""

    signaalregels: dict[Slug, Signaalregel]
    """De signaalregels, per id."""
    diensten: dict[Slug, Dienst] = Field(min_length=1)
    """De diensten, per id (zoals in 'thuis brief --dienst ID')."""
    rollen_grote_gemeente: dict[str, str] = {}
    """Een rol voor één ambtenaar en wie die stap in een centrumstad of grote gemeente zet
    (instellingen.yaml planning.grote_gemeente), bv. 'de woonambtenaar': 'de dienst wonen'."""
    rollen_kleine_gemeente: dict[str, str] = {}
    """Een dienst die een kleine gemeente (onder instellingen.yaml planning.kleine_gemeente inwoners) niet
    heeft, en wie die stap daar zet, bv. 'de dienst communicatie': 'de collega die communicatie opvolgt'."""

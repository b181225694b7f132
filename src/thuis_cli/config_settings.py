"""instellingen.yaml: thresholds and defaults (statistics, data source, page 1, the comparison group)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator, model_validator

from .config_fields import Strict


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


class Groepsnaam(Strict):
    """Hoe de documenten een vergelijkingsgroep noemen."""

    naam: str = Field(min_length=1)
    """In tabellen en grafieken (bv. 'Andere centrumsteden')."""
    zin: str = Field(min_length=1)
    """In een zin (bv. 'de andere centrumsteden')."""


class Groepsnamen(Strict):
    """De namen van de vergelijkingsgroepen, per manier waarop de groep gekozen is."""

    centrumsteden: Groepsnaam = Groepsnaam(naam="Andere centrumsteden", zin="de andere centrumsteden")
    """Voor een centrumstad: de andere centrumsteden."""
    klasse: Groepsnaam = Groepsnaam(naam="Vergelijkbare gemeenten", zin="vergelijkbare gemeenten")
    """Voor een andere gemeente: de gemeenten van haar provincie in dezelfde bevolkingsklasse."""
    eigen: Groepsnaam = Groepsnaam(naam="Vergelijkbare gemeenten", zin="de vergelijkbare gemeenten")
    """Voor een gemeente met een eigen lijst (eigen:)."""


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
    namen: Groepsnamen = Groepsnamen()
    """Hoe de documenten de groepen noemen (in tabellen en in zinnen)."""

    @model_validator(mode="after")
    def _increasing(self) -> Vergelijkingsgroep:
        if any(b <= a for a, b in zip(self.klassen, self.klassen[1:])):
            raise ValueError("de klassen zijn oplopende grenzen (bv. [10000, 20000, 40000])")
        return self


class IntervisieSessie(Strict):
    """De praktische gegevens van een intervisiesessie, zoals de voorbereiding en het werkboek ze vermelden.
    --datum en --plaats (of datum en plaats in het plan) gaan voor; leeg: 'zie de uitnodiging'."""

    datum: str = ""
    """Datum en uur van de sessie (bv. 'dinsdag 12 maart, 14 uur')."""
    plaats: str = ""
    """Plaats van de sessie (bv. 'gemeentehuis Herent, raadzaal')."""
    terugsturen_naar: str = ""
    """Waar de gemeenten hun ingevulde exemplaar naartoe sturen (bv. een e-mailadres)."""
    terugsturen_voor: str = ""
    """Tegen wanneer (bv. 'vrijdag 15 maart')."""


class Planning(Strict):
    """Wanneer en door wie de volgende stappen van een briefing gebeuren."""

    jaar: int = Field(default=2027, ge=2020, le=2100)
    """Het jaar waarin de volgende stappen vallen (binnen het meerjarenplan 2026–2031): een moment met
    '{jaar}' in diensten.yaml noemt dit jaar ('bij de aanpassing van het meerjarenplan in 2027'). Nooit de
    klok: dezelfde invoer geeft dezelfde briefing."""
    grote_gemeente: int = Field(default=50000, ge=0)
    """Vanaf zoveel inwoners (en in elke centrumstad) doet een dienst de stappen, niet één ambtenaar:
    diensten.yaml 'rollen_grote_gemeente' zegt welke rol dan welke wordt."""
    kleine_gemeente: int = Field(default=10000, ge=0)
    """Onder zoveel inwoners (referentiebevolking) heeft een gemeente voor sommige taken geen eigen dienst:
    diensten.yaml 'rollen_kleine_gemeente' zegt wie het daar doet ('de collega die communicatie opvolgt')."""
    opgemaakt_op: dt.date | None = None
    """De datum 'Opgemaakt op' in het colofon van de briefing. Is SOURCE_DATE_EPOCH gezet, dan geldt die datum;
    anders deze; leeg en zonder SOURCE_DATE_EPOCH: geen datum. Nooit de klok: dezelfde invoer geeft dezelfde
    briefing."""
    afzender: str = Field(default="", max_length=120)
    """Wie de briefing opmaakt ('Opgemaakt door: ...', bv. 'de dienst beleidsondersteuning'); leeg: de dienst
    van de briefing zelf."""


class Instellingen(Strict):
    """instellingen.yaml: drempels en standaarden."""

    intervisie: IntervisieSessie = IntervisieSessie()
    """Datum, plaats en terugsturen van de intervisiesessie (voorbereiding en werkboek)."""

    statistiek: Statistiek = Statistiek()
    """Onderdrukkingsdrempel, betrouwbaarheid, significantie en minimaal verschil."""
    gegevens: Gegevens = Gegevens()
    """Bron en peildatum."""
    oogopslag: Oogopslag = Oogopslag()
    """Het aantal bevindingen op pagina 1 van de briefing en hoe zeker ze moeten zijn."""
    planning: Planning = Planning()
    """Het jaar van de volgende stappen en vanaf wanneer een gemeente groot is."""
    vergelijking: Vergelijkingsgroep = Vergelijkingsgroep()
    """De groep vergelijkbare gemeenten: centrumsteden, bevolkingsklassen of een eigen lijst."""
    standaard_gemeente: str = "leuven"
    """De gemeente zonder --gemeente en zonder thuis.yaml (naam, slug of NIS-code)."""

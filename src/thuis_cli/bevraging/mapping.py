"""`bevraging.yaml`: which column of a response export holds which indicator, and which code which
answer. `thuis vragenlijst` writes it next to the questionnaire; a user may write one by hand for any
other export (a paper survey typed into a spreadsheet, an SPSS file of a bureau)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..config_fields import Strict
from ..errors import InputError, Problem
from ..yamlio import read_yaml


class Bevraging(Strict):
    """Over de bevraging zelf, zoals de documenten ze noemen."""

    titel: str = Field(min_length=1)
    """De naam van de bevraging, zoals ze in de documenten staat (bv. 'Woonbevraging Leuven 2026')."""
    gemeente: str = Field(pattern=r"^\d{5}$")
    """De NIS-code (5 cijfers, tussen aanhalingstekens) van de bevraagde gemeente."""
    bron: Literal["limesurvey", "xlsform", "spss", "andere"] = "andere"
    """Waar de antwoorden vandaan komen: limesurvey, xlsform (KoboToolbox, ODK), spss of andere."""


class Kolomkoppeling(Strict):
    """Eén indicator (of profielvraag): een kolom met codes (één antwoord) of één kolom per antwoord
    (meer antwoorden mogelijk)."""

    indicator: str
    """Een indicator van de catalogus (config/indicatoren.yaml)."""
    kolom: str | None = None
    """Eén antwoord ('enkelvoudig', 'schaal', 'afweging'): de kolom met de antwoordcode."""
    codes: dict[str, str] | None = None
    """Bij 'kolom': code in de export -> antwoord-id van de catalogus (bv. A1: vrijstaand)."""
    kolommen: dict[str, str] | None = None
    """Meer antwoorden mogelijk ('meervoudig'): kolom -> antwoord-id, één kolom per antwoord."""
    gekozen: list[str] = ["Y", "1"]
    """Bij 'kolommen': de waarden die 'aangekruist' betekenen (andere of leeg: niet aangekruist)."""

    @model_validator(mode="after")
    def _one_shape(self) -> Kolomkoppeling:
        if (self.kolom is None) == (self.kolommen is None):
            raise ValueError("geef 'kolom' met 'codes' (één antwoord) of 'kolommen' (meer antwoorden), niet allebei")
        if self.kolom is not None and not self.codes:
            raise ValueError("bij 'kolom' horen 'codes' (code in de export -> antwoord)")
        if self.kolommen is not None and self.codes:
            raise ValueError("'codes' hoort bij 'kolom', niet bij 'kolommen'")
        return self


class Koppeling(Strict):
    """bevraging.yaml: hoe de kolommen en codes van een export van een eigen bevraging overeenkomen met
    de indicatoren en antwoorden van de catalogus."""

    bevraging: Bevraging
    """Over de bevraging: titel, gemeente (NIS-code) en bron."""
    respondent_id: str
    """De kolom met het antwoordnummer (LimeSurvey: id; KoboToolbox: _uuid)."""
    volledig: str | None = None
    """Een kolom die alleen bij volledige antwoorden ingevuld is (LimeSurvey: submitdate); weglaten als de
    export alleen volledige antwoorden bevat."""
    datum: str | None = None
    """Een kolom met de datum van het antwoord (voor de periode in de documenten)."""
    vragen: list[Kolomkoppeling] = Field(min_length=1)
    """Eén item per indicator of profielvraag."""

    def columns(self) -> list[str]:
        """Every column the mapping reads, in order."""
        cols = [self.respondent_id] + [c for c in (self.volledig, self.datum) if c]
        for v in self.vragen:
            cols += [v.kolom] if v.kolom else list(v.kolommen or {})
        return list(dict.fromkeys(cols))


def load_koppeling(path: Path, catalogus) -> Koppeling:
    """The mapping file, checked against the catalogue: every indicator known, every answer one of the
    indicator's, the question kind matching (one column for a single answer, one per answer for
    'meervoudig'). Every problem at once, with its key path."""
    from ..config import problems_from

    name = str(path)
    if not Path(path).is_file():
        raise InputError(f"Het koppelingsbestand {name} bestaat niet.")
    raw = read_yaml(Path(path))
    if not isinstance(raw, dict):
        raise InputError(f"{name}: een koppelingsbestand is een reeks sleutels en waarden.")
    try:
        koppeling = Koppeling.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"Het koppelingsbestand {name} bevat fouten:",
                         problems_from(exc, name, "", Koppeling)) from None
    problems = check_against_catalogue(koppeling, catalogus, name)
    if problems:
        raise InputError(f"Het koppelingsbestand {name} past niet bij de indicatorencatalogus:", problems)
    return koppeling


def check_against_catalogue(koppeling: Koppeling, catalogus, name: str) -> list[Problem]:
    from ..suggest import did_you_mean

    problems = []
    seen: set[str] = set()
    for i, vraag in enumerate(koppeling.vragen):
        where = f"vragen[{i}]"
        ind = catalogus.by_id.get(vraag.indicator)
        if ind is None:
            problems.append(Problem(f"{where}.indicator: onbekende indicator '{vraag.indicator}'"
                                    f"{did_you_mean(vraag.indicator, list(catalogus.by_id))}", file=name))
            continue
        if vraag.indicator in seen:
            problems.append(Problem(f"{where}.indicator: '{vraag.indicator}' staat twee keer in de koppeling",
                                    file=name))
        seen.add(vraag.indicator)
        multiple = ind.soort == "meervoudig"
        if multiple and vraag.kolom is not None:
            problems.append(Problem(f"{where}: '{ind.id}' is meervoudig (meer antwoorden mogelijk): geef 'kolommen', "
                                    "één kolom per antwoord", file=name))
            continue
        if not multiple and vraag.kolommen is not None:
            problems.append(Problem(f"{where}: '{ind.id}' heeft één antwoord ({ind.soort}): geef 'kolom' met 'codes'",
                                    file=name))
            continue
        answers = vraag.codes if vraag.codes is not None else vraag.kolommen or {}
        key = "codes" if vraag.codes is not None else "kolommen"
        for code, answer in answers.items():
            if answer not in ind.answer_ids:
                problems.append(Problem(f"{where}.{key}.{code}: '{answer}' is geen antwoord van '{ind.id}' "
                                        f"(kies uit {', '.join(ind.answer_ids)})", file=name))
    return problems


MAX_GEWICHT = 5.0  # weights are trimmed to this many times the mean (weging.py)


class Bevragingsinstellingen(BaseModel):
    """Een eigen vervolgbevraging: de antwoorden, de koppeling en de marges voor de weging."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    antwoorden: Path
    """De export van de antwoorden (LimeSurvey .csv/.xlsx, KoboToolbox .csv/.xlsx of SPSS .sav)."""
    koppeling: Path
    """Het koppelingsbestand (bevraging.yaml): welke kolom welke indicator is."""
    marges: Path | None = None
    """De bevolkingsmarges voor de weging (CSV: variabele,categorie,aantal). Verplicht tenzij 'gewogen: nee'."""
    gewogen: bool = True
    """Wegen naar de bevolking (standaard). 'nee': de cijfers beschrijven de deelnemers zelf."""
    max_gewicht: float = Field(MAX_GEWICHT, gt=1)
    """Gewichten worden afgekapt op zoveel keer het gemiddelde gewicht (en opnieuw gewogen)."""

    @field_validator("gewogen", mode="before")
    @classmethod
    def _ja_nee(cls, value):
        """'ja' and 'nee' as a Flemish user writes them."""
        if isinstance(value, str) and value.strip().lower() in ("ja", "nee"):
            return value.strip().lower() == "ja"
        return value

    def relative_to(self, base: Path) -> Bevragingsinstellingen:
        def rel(p: Path | None) -> Path | None:
            if p is None:
                return None
            p = Path(p).expanduser()
            return p if p.is_absolute() else base / p

        return self.model_copy(update={"antwoorden": rel(self.antwoorden), "koppeling": rel(self.koppeling),
                                       "marges": rel(self.marges)})

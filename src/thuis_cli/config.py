"""Typed configuration: the indicator catalogue, departments with their signal rules, settings.

YAML is parsed into these models at the edge; every error is collected and reported at once with
the file and key path (`diensten.ruimte.indicatoren[3]`). A user folder overrides the built-in files
one by one.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import resources
from .errors import InputError, Problem
from .suggest import did_you_mean
from .yamlio import read_yaml

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
AnswerId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_+-]{0,39}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- indicatoren.yaml -------------------------------------------------------------------------

class Thema(Strict):
    titel: str
    inleiding: str = ""


class Antwoord(Strict):
    id: AnswerId
    label: str


class Indicator(Strict):
    id: Slug
    label: str
    vraag: str
    thema: Slug
    soort: Literal["enkelvoudig", "meervoudig", "schaal", "afweging"]
    antwoorden: list[Antwoord] = Field(min_length=2)
    kern: list[AnswerId] = Field(min_length=1)
    kernlabel: str
    zin_inwoners: str = ""
    polen: tuple[str, str] | None = None
    max_keuzes: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _answers_consistent(self) -> Indicator:
        ids = [a.id for a in self.antwoorden]
        if len(set(ids)) != len(ids):
            raise ValueError("antwoorden: een antwoord-id komt twee keer voor")
        unknown = [k for k in self.kern if k not in ids]
        if unknown:
            raise ValueError(f"kern verwijst naar onbekend antwoord '{unknown[0]}'"
                             f"{did_you_mean(unknown[0], ids)}")
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
    titel: str
    indicator: Slug  # the profile indicator whose answers are the group values


class Catalogus(Strict):
    themas: dict[Slug, Thema]
    groepen: dict[Slug, Dimensie] = {}
    indicatoren: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Catalogus:
        ids = [i.id for i in self.indicatoren]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"indicator '{dupes[0]}' komt twee keer voor")
        for ind in self.indicatoren:
            if ind.thema not in self.themas:
                raise ValueError(f"indicator '{ind.id}': onbekend thema '{ind.thema}'"
                                 f"{did_you_mean(ind.thema, self.themas)}")
        for name, dim in self.groepen.items():
            if dim.indicator not in ids:
                raise ValueError(f"groepen.{name}: onbekende indicator '{dim.indicator}'"
                                 f"{did_you_mean(dim.indicator, ids)}")
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
    """An 'aandachtspunt' rule. `soort` says what is compared:
    verschil: the municipality against a reference area (vlaanderen or provincie);
    groepsverschil: a respondent group (e.g. leeftijd:65+) against all respondents of the municipality;
    niveau: the headline share above `boven` or below `onder` (in %)."""

    soort: Literal["verschil", "groepsverschil", "niveau"]
    referentie: Literal["vlaanderen", "provincie"] = "vlaanderen"
    dimensie: Slug | None = None
    min_pp: float | None = Field(default=None, ge=0, le=100)
    boven: float | None = Field(default=None, ge=0, le=100)
    onder: float | None = Field(default=None, ge=0, le=100)
    gewicht: float = Field(default=1.0, gt=0)

    @model_validator(mode="after")
    def _complete(self) -> Signaalregel:
        if self.soort == "groepsverschil" and self.dimensie is None:
            raise ValueError("een groepsverschil noemt een dimensie (bv. leeftijd)")
        if self.soort == "niveau" and (self.boven is None) == (self.onder is None):
            raise ValueError("een niveauregel heeft precies één van 'boven' of 'onder'")
        return self


class Instrument(Strict):
    naam: str
    tekst: str


IndicatorRef = Annotated[str, Field(pattern=r"^[a-z0-9_*?\[\]-]{1,40}$")]


def is_pattern(ref: str) -> bool:
    return any(ch in ref for ch in "*?[")


class Dienst(Strict):
    naam: str
    omschrijving: str = ""
    indicatoren: list[IndicatorRef] = []  # ids, or patterns such as 'delen_*'
    themas: list[Slug] = []
    patronen: list[str] = []  # older spelling of patterns in `indicatoren`; still accepted
    signalen: list[Slug] | None = None  # None: every rule
    instrumenten: list[Instrument] = []
    vragen: list[str] = []
    tips: list[str] = []


class Diensten(Strict):
    signaalregels: dict[Slug, Signaalregel]
    diensten: dict[Slug, Dienst] = Field(min_length=1)


# --- instellingen.yaml ------------------------------------------------------------------------

class Statistiek(Strict):
    min_n: float = Field(default=30, ge=1)
    betrouwbaarheid: float = Field(default=0.95, gt=0.5, lt=1)
    alfa: float = Field(default=0.05, gt=0, lt=0.5)
    min_verschil_pp: float = Field(default=5, ge=0, le=100)


class Gegevens(Strict):
    bron: str = "Woontest 'Thuis in de Toekomst' (Vlaamse overheid, 2020)"
    peildatum: dt.date = dt.date(2020, 3, 31)


class Oogopslag(Strict):
    min: int = Field(default=3, ge=1)
    max: int = Field(default=5, ge=1)


class Instellingen(Strict):
    statistiek: Statistiek = Statistiek()
    gegevens: Gegevens = Gegevens()
    oogopslag: Oogopslag = Oogopslag()
    standaard_gemeente: str = "leuven"


# --- infografiek.yaml and plannen.yaml ---------------------------------------------------------

class Infografiek(Strict):
    max: int = Field(default=6, ge=1, le=12)
    aanvullen: bool = True
    kandidaten: list[Slug] = Field(min_length=1)
    signalen: dict[Slug, Signaalregel] = {}


class Plan(Strict):
    indicator: Slug | None = None
    thema: Slug | None = None
    tekst: str = Field(min_length=1, max_length=400)
    meerjarenplan: str = ""

    @model_validator(mode="after")
    def _target(self) -> Plan:
        if (self.indicator is None) == (self.thema is None):
            raise ValueError("een plan hoort bij precies één indicator of één thema")
        return self


class Deelname(Strict):
    tekst: str | None = None
    platform: str | None = None
    infoavond: str | None = None


class GemeentePlannen(Strict):
    plannen: list[Plan] = []
    deelname: Deelname | None = None


class Plannen(Strict):
    voorbeeld: GemeentePlannen | None = None
    gemeenten: dict[str, GemeentePlannen] = {}


# --- loading ----------------------------------------------------------------------------------

CONFIG_FILES = ("indicatoren.yaml", "diensten.yaml", "instellingen.yaml", "infografiek.yaml", "plannen.yaml")
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


def _model_names(model: type[BaseModel]) -> set[str]:
    """Names of every model reachable from `model`: pydantic puts them in an error's location when a
    key may hold one of several things (`briefs: BriefPlan | false`); a user never wrote them."""
    names: set[str] = set()
    todo: list[object] = [model]
    while todo:
        current = todo.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            if current.__name__ in names:
                continue
            names.add(current.__name__)
            todo += [info.annotation for info in current.model_fields.values()]
        else:
            todo += list(getattr(current, "__args__", ()) or ())
    return names


def problems_from(exc: ValidationError, file: str, root: str, model: type[BaseModel]) -> list[Problem]:
    """pydantic's errors as Dutch problems with the key path the user wrote (no class names)."""
    from .messages import pydantic_alternatives, pydantic_message

    branches = _model_names(model)

    def is_branch(part) -> bool:
        return isinstance(part, str) and ("[" in part or part in branches)

    errors = exc.errors()
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
            text = f"onbekende sleutel '{loc[-1]}'" + did_you_mean(str(loc[-1]), _allowed_keys(model, loc))
            loc = loc[:-1]
        value = err.get("input") if kind not in ("missing", "model_type", "dict_type", "extra_forbidden") else None
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

    def indicators_for(self, dienst_id: str) -> list[Indicator]:
        """The department's indicators in catalogue order (by id, theme or pattern)."""
        dienst = self.diensten.diensten[dienst_id]
        chosen = []
        for ind in self.catalogus.indicatoren:
            if ind.thema == "profiel":
                continue
            if (ind.id in dienst.indicatoren or ind.thema in dienst.themas
                    or any(fnmatch.fnmatchcase(ind.id, pat) for pat in dienst.patronen + dienst.indicatoren
                           if is_pattern(pat))):
                chosen.append(ind)
        return chosen

    def rules_for(self, dienst_id: str) -> dict[str, Signaalregel]:
        names = self.diensten.diensten[dienst_id].signalen
        rules = self.diensten.signaalregels
        return dict(rules) if names is None else {n: rules[n] for n in names}

    def unmapped_indicators(self) -> list[str]:
        reached = {i.id for d in self.diensten.diensten for i in self.indicators_for(d)}
        return [i.id for i in self.catalogus.indicatoren
                if i.thema != "profiel" and i.id not in reached]


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

    known = CONFIG_FILES + TABLE_FILES
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
            problems.append(Problem(f"kandidaten[{i}]: onbekende indicator '{ref}'{did_you_mean(ref, ids)}",
                                    file=str(files["infografiek.yaml"])))
    blocks = ([("voorbeeld", plannen.voorbeeld)] if plannen.voorbeeld else []) + [
        (f"gemeenten.{k}", v) for k, v in plannen.gemeenten.items()]
    for root, block in blocks:
        for i, plan in enumerate(block.plannen):
            if plan.indicator and plan.indicator not in ids:
                problems.append(Problem(f"{root}.plannen[{i}].indicator: onbekende indicator '{plan.indicator}'"
                                        f"{did_you_mean(plan.indicator, ids)}", file=str(files["plannen.yaml"])))
            if plan.thema and plan.thema not in cat.themas:
                problems.append(Problem(f"{root}.plannen[{i}].thema: onbekend thema '{plan.thema}'"
                                        f"{did_you_mean(plan.thema, cat.themas)}", file=str(files["plannen.yaml"])))
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
                f"signaalregels.{name}.dimensie: onbekende dimensie '{rule.dimensie}'"
                f"{did_you_mean(rule.dimensie, cat.groepen)}", file=file))
    for name, dienst in diensten.diensten.items():
        root = f"diensten.{name}"
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
                problems.append(Problem(f"{root}.themas[{i}]: onbekend thema '{ref}'"
                                        f"{did_you_mean(ref, cat.themas)}", file=file))
        for i, pattern in enumerate(dienst.patronen):
            if not any(fnmatch.fnmatchcase(x, pattern) for x in ids):
                problems.append(Problem(f"{root}.patronen[{i}]: patroon '{pattern}' past op geen "
                                        "enkele indicator", file=file))
        for i, ref in enumerate(dienst.signalen or []):
            if ref not in diensten.signaalregels:
                problems.append(Problem(f"{root}.signalen[{i}]: onbekende signaalregel '{ref}'"
                                        f"{did_you_mean(ref, diensten.signaalregels)}", file=file))
    return problems

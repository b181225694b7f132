"""The configuration, loaded and validated as a whole: the indicator catalogue (`config_catalogue`),
the departments with their signal rules (`config_departments`), the settings (`config_settings`) and
the material for residents (`config_residents`), each a module of typed models.

YAML is parsed into these models at the edge; every error is collected and reported at once with
the file and key path (`diensten.ruimte.indicatoren[3]`). A user folder overrides the built-in files
one by one.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from pydantic import BaseModel, ValidationError

from . import resources
from .config_catalogue import Catalogus
from .config_departments import Diensten
from .config_residents import Infografiek, Plannen
from .config_settings import Instellingen
from .errors import InputError, Problem
from .rules import chosen_indicators, is_pattern
from .suggest import did_you_mean, with_hint
from .yamlio import read_yaml


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
    for ref in info.afwegingen:
        if ref not in ids:
            problems.append(Problem(with_hint(f"afwegingen.{ref}: onbekende indicator '{ref}'", ref, ids),
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
        own = [i.id for i in chosen_indicators(cat, dienst)]
        for i, ref in enumerate(dienst.kern):
            if ref not in own:
                problems.append(Problem(with_hint(f"{root}.kern[{i}]: '{ref}' is geen indicator van deze dienst",
                                                  ref, own), file=file))
        for i, ref in enumerate(dienst.signalen or []):
            if ref not in diensten.signaalregels:
                problems.append(Problem(with_hint(f"{root}.signalen[{i}]: onbekende signaalregel '{ref}'", ref,
                                                  diensten.signaalregels), file=file))
        for i, action in enumerate(dienst.acties):
            if "{" in action.moment.replace("{jaar}", "") or "}" in action.moment.replace("{jaar}", ""):
                problems.append(Problem(f"{root}.acties[{i}].moment: alleen {{jaar}} kan in een moment "
                                        f"(instellingen.yaml planning.jaar), niet '{action.moment}'", file=file))
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

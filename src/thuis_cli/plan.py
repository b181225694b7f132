"""Batch plans: what to make for which municipalities. Every plan error is reported at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import resources
from .config import problems_from
from .errors import InputError, Problem, ThuisError
from .yamlio import read_yaml

SAMPLE_PLAN = "batch-voorbeeld.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BriefPlan(_Strict):
    diensten: Literal["alle"] | list[str] = "alle"


class InfoPlan(_Strict):
    max: int | None = Field(default=None, ge=1, le=12)


class BurenPlan(_Strict):
    gemeente: str
    ook_onzeker: bool = False
    max: int | None = Field(default=None, ge=2, le=6)


class IntervisiePlan(_Strict):
    groepen: list[list[str]] = []
    buren: list[BurenPlan] = []


class Plan(_Strict):
    data: list[Path] = []
    config: Path | None = None
    sjablonen: Path | None = None
    uit: Path | None = None
    gemeenten: Literal["alle"] | list[str] = "alle"
    briefs: BriefPlan | Literal[False] | None = None
    infografiek: InfoPlan | Literal[False] | None = None
    intervisie: IntervisiePlan | Literal[False] | None = None
    bezorging: dict | bool | None = None  # e-mail delivery, validated by thuis_cli.bezorging


@dataclass(frozen=True)
class LoadedPlan:
    plan: Plan
    source: str  # shown in logs and the report


def read_plan(path: Path | None, project_batch: dict | None, project_source: Path | None) -> LoadedPlan:
    """The plan file, else thuis.yaml's batch section, else the built-in sample plan.
    Relative paths count from the file they are written in."""
    if path is not None:
        raw, base, source = read_yaml(path), path.parent, str(path)
    elif project_batch is not None:
        raw, base, source = project_batch, project_source.parent, f"{project_source} (batch)"
    else:
        sample = resources.config_dir() / SAMPLE_PLAN
        raw, base, source = read_yaml(sample), Path.cwd(), f"ingebouwd voorbeeldplan ({SAMPLE_PLAN})"
    if not isinstance(raw, dict):
        raise InputError(f"{source}: een plan is een reeks sleutels en waarden.")
    try:
        plan = Plan.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"Het plan {source} bevat fouten:", problems_from(exc, source, "", Plan)) from None

    def rel(p: Path | None) -> Path | None:
        return None if p is None else (p if p.is_absolute() else base / p)

    plan = plan.model_copy(update={"data": [rel(p) for p in plan.data], "config": rel(plan.config),
                                   "sjablonen": rel(plan.sjablonen), "uit": rel(plan.uit)})
    return LoadedPlan(plan, source)


def collect_plan_problems(checks: list[tuple[str, callable]], source: str) -> None:
    """Run every check; report all failures together with their key path."""
    problems = []
    for where, check in checks:
        try:
            check()
        except ThuisError as exc:
            problems.append(Problem(f"{where}: {exc.summary}", file=source))
    if problems:
        raise InputError(f"Het plan {source} bevat fouten:", problems)

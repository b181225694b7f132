"""Batch plans: what to make for which municipalities. Every plan error is reported at once.

A plan names its inputs (data, config, templates, output) and the municipalities, then one section
per product, keyed by the product's `plan_key` and validated by the product's own spec. This module
names no product: the sections come from the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from . import resources
from .bevraging.mapping import Bevragingsinstellingen
from .config import problems_from
from .errors import InputError, Problem, ThuisError
from .yamlio import read_yaml

SAMPLE_PLAN = "batch-voorbeeld.yaml"
INPUT_KEYS = ("data", "config", "sjablonen", "uit")


class PlanBase(BaseModel):
    """The inputs of a plan; the product sections are added from the registry."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    data: list[Path] = []
    config: Path | None = None
    sjablonen: Path | None = None
    uit: Path | None = None
    gemeenten: Literal["alle"] | list[str] = "alle"
    bezorging: dict | bool | None = None  # e-mail delivery after the build, validated by thuis_cli.bezorging
    bevraging: Bevragingsinstellingen | None = None  # a follow-up survey as one municipality's results


def plan_model() -> type[PlanBase]:
    """The plan's model: the inputs plus one optional section per registered product."""
    from .products import about, all_products

    keys = [p.plan_key for p in all_products()]
    # pydantic field definitions, (type, default), with types known only at runtime. Any: unpacked with **,
    # they would be checked against create_model's own __base__, __config__ ... too (no plan key is one).
    sections: dict[str, Any] = {key: (Optional[p.Spec], Field(default=None, description=about(p.name).plan_help))
                                for key, p in zip(keys, all_products())}

    def section(cls, value):
        """`false` (or leaving it out) switches a product off; anything else is its section."""
        if value is False or value is None:
            return None
        if not isinstance(value, dict):
            raise ValueError("moet een reeks sleutels en waarden of false zijn")
        return value

    validators = {"_section": field_validator(*keys, mode="before")(section)}
    return create_model("BatchPlan", __base__=PlanBase, __validators__=validators, **sections)


@dataclass(frozen=True)
class LoadedPlan:
    plan: PlanBase
    source: str  # shown in logs and the report
    sections: dict[str, BaseModel] = field(default_factory=dict)  # product name -> its spec
    inherited: tuple[str, ...] = ()  # input keys taken from thuis.yaml


def read_plan(path: Path | None, project=None) -> LoadedPlan:
    """The plan file, else thuis.yaml's batch section, else the built-in sample plan.
    Relative paths count from the file they are written in. A batch section of thuis.yaml takes
    that file's own data, config, templates and output folder unless it names its own."""
    from .products import all_products

    inherited: tuple[str, ...] = ()
    if path is not None:
        raw, base, source = read_yaml(path), path.parent, str(path)
    elif project is not None and project.batch is not None:
        raw, base, source = project.batch, project.source.parent, f"{project.source} (batch)"
    else:
        sample = resources.config_dir() / SAMPLE_PLAN
        raw, base, source = read_yaml(sample), Path.cwd(), f"ingebouwd voorbeeldplan ({SAMPLE_PLAN})"
    if not isinstance(raw, dict):
        raise InputError(f"{source}: een plan is een reeks sleutels en waarden.")
    products = all_products()
    model = plan_model()
    try:
        plan = model.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"Het plan {source} bevat fouten:", problems_from(exc, source, "", model)) from None

    def rel(p: Path | None) -> Path | None:
        if p is None:
            return None
        p = p.expanduser()
        return p if p.is_absolute() else base / p

    update = {"data": [rel(p) for p in plan.data], "config": rel(plan.config),
              "sjablonen": rel(plan.sjablonen), "uit": rel(plan.uit),
              "bevraging": plan.bevraging.relative_to(base) if plan.bevraging else None}
    if path is None and project is not None and project.batch is not None:
        own = {"data": project.data, "config": project.config, "sjablonen": project.sjablonen, "uit": project.uit}
        inherited = tuple(k for k in INPUT_KEYS if k not in raw and own[k])
        update.update({k: own[k] for k in inherited})
    plan = plan.model_copy(update=update)
    sections = {p.name: getattr(plan, p.plan_key) for p in products if getattr(plan, p.plan_key) is not None}
    return LoadedPlan(plan, source, sections, inherited)


class PlanChecks:
    """Runs the checks of a plan's entries and collects every failure with its key path."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def within(self, prefix: str):
        def check(where: str, fn):
            try:
                return fn()
            except ThuisError as exc:
                self.problems.append(Problem(f"{prefix}{where}: {exc.summary}", file=self.source))
                return None
        return check

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(f"Het plan {self.source} bevat fouten:", self.problems)

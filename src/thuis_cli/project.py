"""`thuis.yaml` in the working directory: a municipality's own defaults for every command."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .config import problems_from
from .errors import InputError
from .yamlio import read_yaml

PROJECT_FILE = "thuis.yaml"


class Project(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    gemeente: str | None = None
    data: list[Path] = []
    config: Path | None = None
    sjablonen: Path | None = None
    uit: Path | None = None
    batch: dict | None = None  # validated by the batch command itself
    source: Path | None = None  # where this project was read from (not a key in the file)


def load_project(cwd: Path | None = None) -> Project:
    path = (cwd or Path.cwd()) / PROJECT_FILE
    if not path.is_file():
        return Project()
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(f"{path} moet een reeks sleutels en waarden bevatten.")
    if "source" in raw:
        raise InputError(f"{path}: onbekende sleutel 'source'.")
    try:
        project = Project.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"{path} bevat fouten:", problems_from(exc, str(path), "", Project)) from None
    base = path.parent

    def rel(p: Path | None) -> Path | None:
        return None if p is None else (p if p.is_absolute() else base / p)

    return project.model_copy(update={
        "data": [rel(p) for p in project.data], "config": rel(project.config),
        "sjablonen": rel(project.sjablonen), "uit": rel(project.uit), "source": path})

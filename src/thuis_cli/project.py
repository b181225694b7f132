"""`thuis.yaml`: a municipality's own defaults for every command.

Found like git finds its repository: in the working directory or the nearest folder above it. Paths
in it are relative to the file; `~` is the user's home folder.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.json_schema import SkipJsonSchema

from .bevraging.mapping import Bevragingsinstellingen
from .config import problems_from
from .errors import InputError
from .yamlio import read_yaml

PROJECT_FILE = "thuis.yaml"


class Project(BaseModel):
    """thuis.yaml: de standaarden van een gemeente voor elk commando. Paden zijn relatief aan dit
    bestand; ~ is de thuismap."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gemeente: str | None = None
    """De gemeente (naam, slug of NIS-code) als --gemeente ontbreekt."""
    data: list[Path] = []
    """De resultatenbestanden (.csv, .xlsx of .ods) als --data ontbreekt."""
    config: Path | None = None
    """Eigen configuratiemap als --config ontbreekt."""
    sjablonen: Path | None = None
    """Eigen sjablonenmap als --sjablonen ontbreekt."""
    uit: Path | None = None
    """Uitvoermap als --uit ontbreekt."""
    bevraging: Bevragingsinstellingen | None = None
    """Een eigen vervolgbevraging: antwoorden, koppeling en marges (als --antwoorden ontbreekt)."""
    batch: dict | None = None  # validated by the batch command itself
    """Een plan voor 'thuis batch' zonder planbestand."""
    source: SkipJsonSchema[Path | None] = None  # where this project was read from (not a key in the file)


def find_project_file(cwd: Path | None = None) -> Path | None:
    """The nearest thuis.yaml in the working directory or a folder above it."""
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def found_higher_up(path: Path, cwd: Path | None = None) -> bool:
    return path.parent != (cwd or Path.cwd()).resolve()


def expand(path: Path | None, base: Path) -> Path | None:
    """`~/briefings` -> the home folder's briefings; a relative path -> relative to `base`."""
    if path is None:
        return None
    path = Path(path).expanduser()
    return path if path.is_absolute() else base / path


def load_project(cwd: Path | None = None, announce: bool = True) -> Project:
    """The nearest thuis.yaml, its paths made absolute. Found in a folder higher up, it is named on
    stderr (it may surprise), unless `announce` is off (`thuis batch --stil`: cron mails any output)."""
    path = find_project_file(cwd)
    if path is None:
        return Project()
    if announce and found_higher_up(path, cwd):
        from .notices import info

        info(f"Standaarden uit {path}")
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
    return project.model_copy(update={
        "data": [expand(p, base) for p in project.data], "config": expand(project.config, base),
        "sjablonen": expand(project.sjablonen, base), "uit": expand(project.uit, base), "source": path,
        "bevraging": project.bevraging.relative_to(base) if project.bevraging else None})

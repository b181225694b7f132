"""What every configuration model shares: strict models (unknown keys are errors, values frozen) and
the field types for ids, slugs and web addresses."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
AnswerId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_+-]{0,39}$")]


class Strict(BaseModel):
    # Docstrings under fields and classes are Dutch: they are the descriptions in the JSON Schemas
    # (`thuis schema`) that editors show while a user edits the YAML files.
    model_config = ConfigDict(extra="forbid", frozen=True)


IndicatorRef = Annotated[str, Field(pattern=r"^[a-z0-9_*?\[\]-]{1,40}$")]


def web_address(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"https?://[^\s<>\"']+", value):
        raise ValueError("is geen webadres (begint met https://, zonder spaties)")
    return value


Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]  # a platform's id (number or uuid)

"""The hand-off to participation platforms: Decidim and Go Vocal import files, a generic CSV and the
information evening as a calendar file (see docs/participatie.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from ..gebieden import Gebied
from .base import Artifact, Document, Target


class ParticipatieSpec(BaseModel):
    """Plan section `participatie`: platform files for every municipality of the plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    platform: Literal["decidim", "govocal", "csv", "alle"] = "alle"
    verzameling: Path | None = None  # a `thuis verzamel` output whose actions become proposals


def _made(content: bytes) -> Callable[[], bytes]:
    """`make` for a file whose bytes the export already made."""
    return lambda: content


class Participatie:
    name: ClassVar[str] = "participatie"
    plan_key: ClassVar[str] = "participatie"
    Spec: ClassVar[type[BaseModel]] = ParticipatieSpec
    expected_seconds: ClassVar[float] = 0.5

    def target(self, gemeente: Gebied, platform: str = "alle", verzameling: Path | None = None) -> Target:
        return Target(self.name, f"participatie/{gemeente.slug}", (gemeente.nis,),
                      (("platform", platform), ("verzameling", str(verzameling) if verzameling else None)))

    def targets(self, ws, spec: ParticipatieSpec, municipalities: list[Gebied], check) -> list[Target]:
        return [self.target(g, spec.platform, spec.verzameling) for g in municipalities]

    def build(self, ws, target: Target, templates: Path | None = None) -> Document:
        from ..participatie.export import participation

        gebied = ws.gebieden.get(target.codes[0])
        verzameling = target.param("verzameling")
        export = participation(ws, gebied, target.param("platform"), Path(verzameling) if verzameling else None)
        artifacts = [Artifact(name, Path(name).suffix.lstrip("."), make=_made(content),
                              revise=export.revisions.get(name))
                     for name, content in export.files.items()]
        return Document(target, (gebied.slug, "participatie"), {"export": export}, artifacts,
                        title=f"Woontest: met inwoners verder in {gebied.naam}", notes=export.notes)


PRODUCT = Participatie()

"""The hand-off to participation platforms: Decidim and Go Vocal import files, a generic CSV and the
information evening as a calendar file (see docs/participatie.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ClassVar, Literal, Optional

import typer
from pydantic import BaseModel, ConfigDict

from ..commands import (AntwoordenOpt, ConfigOpt, DataOpt, FollowUp, GemeenteOpt, KoppelingOpt, MargesOpt, OngewogenOpt,
                       UitOpt, make_documents, output_folder)
from ..gebieden import Gebied
from .base import About, Artifact, Document, Target

ABOUT = About(
    order=40,
    help="Maak bestanden om met inwoners verder te praten: Decidim, Go Vocal, CSV en de infoavond (.ics).",
    plan_help="Bestanden voor participatieplatformen; false: geen.")


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

    def load(self) -> None:
        pass

    def build(self, ws, target: Target, templates: Path | None = None) -> Document:
        from ..participatie.export import participation
        from ..participatie.items import words

        gebied = ws.gebieden.get(target.codes[0])
        verzameling = target.param("verzameling")
        export = participation(ws, gebied, target.param("platform"), Path(verzameling) if verzameling else None,
                               templates=templates)
        artifacts = [Artifact(name, Path(name).suffix.lstrip("."), make=_made(content),
                              revise=export.revisions.get(name))
                     for name, content in export.files.items()]
        return Document(target, (gebied.slug, "participatie"), {"export": export}, artifacts,
                        title=words(templates)("document_titel", gebied.naam), notes=export.notes)


PRODUCT = Participatie()


def command(
    gemeente: GemeenteOpt = None,
    platform: Annotated[str, typer.Option(
        "--platform", metavar="decidim|govocal|csv|alle", help="Voor welk platform.")] = "alle",
    verzameling: Annotated[Optional[Path], typer.Option(
        "--verzameling", metavar="BESTAND",
        help="Ook de acties uit een verzameling van 'thuis verzamel' (.xlsx of .csv), als voorstellen.")] = None,
    verstuur: Annotated[bool, typer.Option(
        "--verstuur",
        help="Stuur de ideeën naar Go Vocal (THUIS_GOVOCAL_CLIENT_ID en _SECRET in de omgeving).")] = False,
    data: DataOpt = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    antwoorden: AntwoordenOpt = None,
    koppeling: KoppelingOpt = None,
    marges: MargesOpt = None,
    ongewogen: OngewogenOpt = False,
) -> None:
    from ..env import current
    from ..errors import InputError
    from ..participatie.export import PLATFORMS
    from ..suggest import did_you_mean

    if platform not in PLATFORMS:
        raise InputError(f"Onbekend platform '{platform}'; kies uit {', '.join(PLATFORMS)}."
                         f"{did_you_mean(platform, PLATFORMS)}")
    if verstuur and platform not in ("govocal", "alle"):
        raise InputError("--verstuur kan alleen met --platform govocal (of alle).")
    sending = []

    def targets(ws) -> list[Target]:
        gebied = ws.municipality(gemeente)
        if verstuur:  # address, project and credentials checked before anything is written
            from ..participatie.verstuur import prepare
            from .infografiek import plans_for

            own = plans_for(ws, gebied)
            sending.append(prepare(own.deelname if own else None))
        return [PRODUCT.target(gebied, platform, verzameling)]

    ws, documents = make_documents(PRODUCT, targets, data=data, config=config, uit=uit,
                                   follow_up=FollowUp(antwoorden, koppeling, marges, ongewogen))
    if sending and sending[0]:
        from ..participatie.verstuur import send_export

        document = documents[0]
        folder = output_folder(ws, uit).joinpath(*document.folder)
        send_export(sending[0], document.context["export"], folder, echo=current().echo)

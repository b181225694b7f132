"""What every product's command shares: the common options and the one path from the command line to
written documents (`make_documents`). A product module's `command` declares its own options with
these and calls `make_documents`; `cli` registers every product's command from the registry.

Light on purpose (typer only): product modules import it, and it imports no product.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Callable, Optional

import typer

if TYPE_CHECKING:
    from .products.base import Document, Product, Target
    from .workspace import Workspace

DataOpt = Annotated[Optional[list[Path]], typer.Option(
    "--data", "-d", metavar="BESTAND",
    help="Resultatenbestand (.csv, .xlsx of .ods); herhaal voor meer bestanden. Standaard: thuis.yaml, "
         "anders de synthetische voorbeeldgegevens.")]
ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", "-c", metavar="MAP",
    help="Eigen configuratiemap; bestanden daarin vervangen de ingebouwde één voor één.")]
GemeenteOpt = Annotated[Optional[str], typer.Option(
    "--gemeente", "-g", metavar="GEMEENTE",
    help="Gemeente: naam, slug of NIS-code (ook een fusiegemeente van 2025). Standaard: thuis.yaml, "
         "anders de voorbeeldgemeente.")]
UitOpt = Annotated[Optional[Path], typer.Option(
    "--uit", "-u", metavar="MAP", help="Uitvoermap. Standaard: thuis.yaml, anders 'out'.")]
HtmlOpt = Annotated[bool, typer.Option("--html", help="Schrijf ook de tussenliggende HTML.")]
SjablonenOpt = Annotated[Optional[Path], typer.Option(
    "--sjablonen", metavar="MAP",
    help="Eigen sjablonen; worden gezocht vóór de ingebouwde ('ingebouwd/brief.html' is het origineel).")]
# A follow-up survey (bevraging) on every document command; without --antwoorden, thuis.yaml's `bevraging:`.
AntwoordenOpt = Annotated[Optional[Path], typer.Option(
    "--antwoorden", metavar="BESTAND",
    help="Antwoorden van een eigen vervolgbevraging (LimeSurvey .csv/.xlsx, KoboToolbox .csv/.xlsx of SPSS "
         ".sav): de cijfers van die gemeente komen dan uit de bevraging, gewogen, naast die van 2020.")]
KoppelingOpt = Annotated[Optional[Path], typer.Option(
    "--koppeling", metavar="BESTAND",
    help="Het koppelingsbestand (bevraging.yaml) bij --antwoorden: welke kolom welke indicator is.")]
MargesOpt = Annotated[Optional[Path], typer.Option(
    "--marges", metavar="BESTAND",
    help="Bevolkingsmarges (CSV) voor de weging bij --antwoorden.")]
OngewogenOpt = Annotated[bool, typer.Option(
    "--ongewogen", help="Bij --antwoorden: niet wegen (de cijfers beschrijven dan de deelnemers zelf).")]


@dataclass(frozen=True)
class FollowUp:
    """The follow-up survey options of one command, as given (`--antwoorden`, `--koppeling`, `--marges`,
    `--ongewogen`); none given: thuis.yaml's `bevraging:` section, if any."""

    antwoorden: Path | None = None
    koppeling: Path | None = None
    marges: Path | None = None
    ongewogen: bool = False

    def settings(self, project):
        """The follow-up of this command: its options, else thuis.yaml's `bevraging:`; None without one."""
        from .bevraging.mapping import Bevragingsinstellingen
        from .errors import InputError

        if self.antwoorden is None:
            if self.koppeling is not None or self.marges is not None:
                raise InputError("--koppeling en --marges horen bij --antwoorden (de antwoorden van de bevraging).")
            chosen = getattr(project, "bevraging", None)
            if chosen is not None and self.ongewogen:
                chosen = chosen.model_copy(update={"gewogen": False})
            return chosen
        if self.koppeling is None:
            raise InputError("--antwoorden heeft een koppelingsbestand nodig: geef --koppeling bevraging.yaml (thuis "
                             "vragenlijst schrijft het naast de vragenlijst).")
        return Bevragingsinstellingen(antwoorden=self.antwoorden, koppeling=self.koppeling, marges=self.marges,
                                      gewogen=not self.ongewogen)


def attach_follow_up(ws, chosen) -> None:
    """Make a follow-up survey (`bevraging.mapping.Bevragingsinstellingen`; None: nothing) the
    municipality's results in the workspace, and tell the user what reading and weighting found."""
    if chosen is None:
        return
    from . import notices
    from .bevraging.opvolging import attach

    for line in attach(ws, chosen):
        notices.info(f"Bevraging: {line}")


@contextmanager
def pdf_workers(several: bool):
    """The command's PDF workers, forked as it starts so that WeasyPrint loads there while the command
    reads its data (see workers.Ahead): one per core for several PDFs, one for a single PDF, none on a
    single core."""
    from . import workers

    jobs = workers.pdf_jobs(several)
    if not jobs:
        yield None
        return
    ahead = workers.claim(jobs) or workers.Ahead(jobs, workers.warm_pdf)
    try:
        yield ahead
    except BaseException:
        ahead.close(failed=True)
        raise
    ahead.close()


def open_workspace(data, config, follow_up: FollowUp = FollowUp()) -> Workspace:
    """The workspace of a command: its data and configuration, with the follow-up survey of its options
    (else of thuis.yaml) as the municipality's results."""
    from .project import load_project
    from .workspace import Workspace

    ws = Workspace.open(data, config, load_project())
    attach_follow_up(ws, follow_up.settings(ws.project))
    return ws


def reference_warning(ws) -> str | None:
    """Said by every command that makes a document when the data has no reference figures: its
    comparisons with Flanders or the province are missing, not zero."""
    missing = ws.missing_references()
    if missing == "alle":
        return ("de gegevens bevatten geen cijfers voor Vlaanderen of de provincies: de documenten vergelijken "
                "niet met Vlaanderen of een provincie. Voeg de rijen van die referentiegebieden toe aan de gegevens.")
    if missing == "vlaanderen":
        return ("de gegevens bevatten geen cijfers voor Vlaanderen (02000): de documenten vergelijken niet met "
                "Vlaanderen. Voeg de rijen van Vlaanderen toe aan de gegevens.")
    return None


def make_documents(product: Product, targets: Callable[[Workspace], list[Target]], *, data=None, config=None,
                   uit: Path | None = None, sjablonen: Path | None = None, html: bool = False,
                   follow_up: FollowUp = FollowUp(), several: bool | None = None,
                   pdfs: bool | None = None) -> tuple[Workspace, list[Document]]:
    """The one path every product takes from the command line: fork the PDF workers (`pdfs`: the
    product makes PDFs; `several`: more than one; by default what its ABOUT says), open the workspace
    (with the command's follow-up survey, `follow_up`), ask the product for its targets, build every
    document, render them (the PDFs in the workers, all at once) and write them to the folder in
    order."""
    from .env import current
    from .products import about

    env = current()
    if several is None:
        several = about(product.name).several is True
    if pdfs is None:
        pdfs = bool(about(product.name).pdf_templates)
    with pdf_workers(several) if pdfs else _none() as workers_:
        ws = open_workspace(data, config, follow_up)
        wanted = targets(ws)
        if ws.dataset.synthetic:
            areas = {code for target in wanted for code in target.codes}
            note = f" ({ws.gebieden.get(areas.pop()).naam})" if len(areas) == 1 else ""
            env.echo(f"Geen gegevens opgegeven: thuis gebruikt de synthetische voorbeeldgegevens{note}.")
        return ws, publish(ws, product, wanted, uit, sjablonen, html, workers_)


@contextmanager
def _none():
    yield None


def publish(ws, product: Product, targets: list[Target], uit: Path | None, sjablonen: Path | None,
            keep_html: bool = False, pdf_workers=None) -> list[Document]:
    """Build, render and write the documents of `targets` to the output folder; say what was written."""
    from . import notices
    from .env import current
    from .publish.folder import FolderSink
    from .publish.render import render_many

    env = current()
    if (lacking := reference_warning(ws)) is not None:
        notices.warn(lacking)
    templates = sjablonen or ws.project.sjablonen
    sink = FolderSink(uit or ws.project.uit or Path("out"))
    documents = [product.build(ws, target, templates) for target in targets]
    for document, files in zip(documents, render_many(documents, templates, keep_html, pdf_workers)):
        paths = sink.publish(document, files)
        for note in document.notes:
            env.echo(f"Let op: {note}")
        if len(paths) <= 3:
            for path in paths:
                env.echo(f"Geschreven: {path}")
        else:
            env.echo(f"Geschreven: {len(paths)} bestanden in {paths[0].parent}")
    return documents


def output_folder(ws, uit: Path | None) -> Path:
    return uit or ws.project.uit or Path("out")

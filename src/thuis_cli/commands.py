"""What every product's command shares: the common options and the one path from the command line to
written documents (`make_documents`). A product module's `command` declares its own options with
these and calls `make_documents`; `cli` registers every product's command from the registry.

Light on purpose (typer only): product modules import it, and it imports no product.
"""

from __future__ import annotations

from contextlib import contextmanager
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


def open_workspace(data, config) -> Workspace:
    from .project import load_project
    from .workspace import Workspace

    from . import cli_bevraging

    ws = Workspace.open(data, config, load_project())
    cli_bevraging.apply(ws)  # --antwoorden / thuis.yaml's bevraging: a follow-up survey as the municipality's results
    return ws


def reference_warning(ws) -> str | None:
    """Said by every command that makes a document when the data has no reference figures: its
    comparisons with Flanders or the province are missing, not zero."""
    missing = ws.missing_references()
    if missing == "alle":
        return ("de gegevens bevatten geen cijfers voor Vlaanderen of de provincies: de documenten vergelijken "
                "niet met Vlaanderen of de provincie. Voeg de rijen van die referentiegebieden toe aan de gegevens.")
    if missing == "vlaanderen":
        return ("de gegevens bevatten geen cijfers voor Vlaanderen (02000): de documenten vergelijken niet met "
                "Vlaanderen. Voeg de rijen van Vlaanderen toe aan de gegevens.")
    return None


def make_documents(product: Product, targets: Callable[[Workspace], list[Target]], *, data=None, config=None,
                   uit: Path | None = None, sjablonen: Path | None = None, html: bool = False,
                   several: bool | None = None, pdfs: bool | None = None) -> tuple[Workspace, list[Document]]:
    """The one path every product takes from the command line: fork the PDF workers (`pdfs`: the
    product makes PDFs; `several`: more than one; by default what its ABOUT says), open the workspace,
    ask the product for its
    targets, build every document, render them (the PDFs in the workers, all at once) and write them
    to the folder in order."""
    from .env import current

    from .products import about

    env = current()
    if several is None:
        several = about(product.name).several is True
    if pdfs is None:
        pdfs = bool(about(product.name).pdf_templates)
    with pdf_workers(several) if pdfs else _none() as workers_:
        ws = open_workspace(data, config)
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

"""`thuis vragenlijst`: a municipality's own follow-up questionnaire for LimeSurvey, KoboToolbox/ODK and paper.

Registered on the app by cli.py (this module does not import the CLI: no import cycle); only typer is
imported here, the rest inside the command, so `thuis --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .commands import ConfigOpt, GemeenteOpt, SjablonenOpt, UitOpt


def vragenlijst(
    gemeente: GemeenteOpt = None,
    indicatoren: Annotated[Optional[list[str]], typer.Option(
        "--indicatoren", metavar="ID,ID",
        help="Alleen deze indicatoren (zie 'thuis lijst indicatoren'), gescheiden door komma's.")] = None,
    thema: Annotated[Optional[list[str]], typer.Option(
        "--thema", metavar="ID",
        help="Alleen de indicatoren van dit thema (herhaal of scheid door komma's). Zonder --indicatoren en "
             "--thema: alle indicatoren.")] = None,
    titel: Annotated[Optional[str], typer.Option(
        "--titel", metavar="TEKST",
        help="Titel van de bevraging. Standaard: 'Woonbevraging' en de naam van de gemeente.")] = None,
    terug: Annotated[Optional[str], typer.Option(
        "--terug", metavar="TEKST",
        help="Waar inwoners het papieren formulier afgeven (een zin op de papieren versie).")] = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    sjablonen: SjablonenOpt = None,
) -> None:
    """Maak een eigen vragenlijst (LimeSurvey, KoboToolbox/ODK en papier) met de profielvragen om te wegen."""
    from .bevraging.document import document
    from .bevraging.vragenlijst import build
    from .env import current
    from .config import load_config
    from .data import load_gebieden
    from .project import load_project
    from .publish.folder import FolderSink
    from .publish.render import render_many
    from .resources import config_dir

    project = load_project()
    cfg = load_config(config or project.config)
    gebied = load_gebieden(cfg).resolve(gemeente or project.gemeente or cfg.instellingen.standaard_gemeente)
    questionnaire = build(cfg.catalogus, gebied, titel, indicatoren, thema, terug or "",
                          cfg.instellingen.statistiek.min_n)
    templates = sjablonen or project.sjablonen
    builtin = cfg.files["indicatoren.yaml"].resolve() == (config_dir() / "indicatoren.yaml").resolve()
    doc = document(questionnaire, templates, builtin_catalogue=builtin)
    (files,) = render_many([doc], templates)
    paths = FolderSink(uit or project.uit or Path("out")).publish(doc, files)
    parts = questionnaire.groepen
    profile = ""
    if parts and parts[-1].profiel:
        profile = " (de profielvragen om te wegen)" if len(parts) == 1 else \
            " (het laatste deel zijn de profielvragen om te wegen)"
    echo = current().echo
    echo(f"Vragenlijst '{questionnaire.titel}': {len(questionnaire.vragen)} vragen in {len(parts)} "
               f"{'deel' if len(parts) == 1 else 'delen'}{profile}.")
    for note in doc.notes:
        echo(f"Let op: {note}")
    for path in paths:
        echo(f"Geschreven: {path}")

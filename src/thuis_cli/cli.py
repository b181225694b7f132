"""The `thuis` command line: parse, load, call one library function, map errors to exit codes.

Heavy libraries (pandas, matplotlib, weasyprint) are imported inside the commands so that
`thuis --help` stays instant.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import _dutch_cli
from .errors import ExitCode, ThuisError

app = typer.Typer(
    name="thuis",
    help="Woontest 'Thuis in de Toekomst': briefings per dienst, intervisie met buurgemeenten en "
         "infografieken voor inwoners.\n\nExitcodes: 0 gelukt, 1 deels mislukt of onverwachte fout, "
         "2 ongeldige invoer, 3 er loopt al een batch op dezelfde uitvoermap, 130 onderbroken (Ctrl-C).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    subcommand_metavar="COMMANDO [ARGUMENTEN]...",
    options_metavar="[OPTIES]",
)

DataOpt = Annotated[Optional[list[Path]], typer.Option(
    "--data", "-d", metavar="BESTAND",
    help="Resultatenbestand (.csv of .xlsx); herhaal voor meer bestanden. Standaard: thuis.yaml, "
         "anders de synthetische voorbeeldgegevens.")]
ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", "-c", metavar="MAP",
    help="Eigen configuratiemap; bestanden daarin vervangen de ingebouwde één voor één.")]

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"thuis {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Toon de volledige foutmelding (traceback).")] = False,
    version: Annotated[bool, typer.Option("--version", help="Toon de versie en stop.", callback=_version,
                                          is_eager=True)] = False,
) -> None:
    _state["debug"] = debug


def _session(data, config):
    from .project import load_project
    from .session import Session

    return Session.open(data, config, load_project())


@app.command(options_metavar="[OPTIES]")
def check(data: DataOpt = None, config: ConfigOpt = None) -> None:
    """Controleer gegevens en configuratie en toon een korte samenvatting."""
    from .report import check_summary

    session = _session(data, config)
    summary, ok = check_summary(session)
    typer.echo(summary)
    if not ok:
        raise typer.Exit(ExitCode.INVALID_INPUT)


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


@app.command(options_metavar="[OPTIES]")
def brief(
    dienst: Annotated[str, typer.Option("--dienst", metavar="DIENST",
                                        help="Dienst (zie 'thuis lijst diensten'), of 'alle'.")],
    gemeente: GemeenteOpt = None,
    data: DataOpt = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    sjablonen: SjablonenOpt = None,
    html: HtmlOpt = False,
) -> None:
    """Maak een PDF-briefing per dienst: wat de woontest betekent voor het werk van de dienst."""
    from .brief import resolve_dienst, write_brief

    session = _session(data, config)
    diensten = resolve_dienst(session.config, dienst)
    gebied = session.municipality(gemeente)
    if session.dataset.synthetic:
        typer.echo(f"Geen gegevens opgegeven: thuis gebruikt de synthetische voorbeeldgegevens ({gebied.naam}).")
    out = uit or session.project.uit or Path("out")
    templates = sjablonen or session.project.sjablonen
    for dienst_id in diensten:
        path = write_brief(session, gebied, dienst_id, out, templates, keep_html=html)
        typer.echo(f"Geschreven: {path}")


@app.command(options_metavar="[OPTIES]")
def intervisie(
    gemeenten: Annotated[list[str], typer.Argument(metavar="GEMEENTE",
                                                   help="2 tot 6 gemeenten (naam, slug of NIS-code).")],
    buren: Annotated[bool, typer.Option("--buren", help="Neem de gemeente en haar buurgemeenten.")] = False,
    ook_onzeker: Annotated[bool, typer.Option(
        "--ook-onzeker", help="Met --buren: ook buren die maar in een punt of over een korte grens raken.")] = False,
    max_: Annotated[Optional[int], typer.Option(
        "--max", metavar="N",
        help="Met --buren: hoogstens N gemeenten (2 tot 6; standaard 6, de buren met de meeste deelnemers).")] = None,
    data: DataOpt = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    sjablonen: SjablonenOpt = None,
    html: HtmlOpt = False,
) -> None:
    """Maak een werkboek voor intervisie met buurgemeenten: cijfers naast elkaar en invulvelden."""
    from .intervisie import resolve_group, write_workbook

    session = _session(data, config)
    group = resolve_group(session, gemeenten, buren, ook_onzeker, max_)
    if session.dataset.synthetic:
        typer.echo("Geen gegevens opgegeven: thuis gebruikt de synthetische voorbeeldgegevens.")
    out = uit or session.project.uit or Path("out")
    path = write_workbook(session, group, out, sjablonen or session.project.sjablonen, keep_html=html)
    typer.echo(f"Geschreven: {path}")


@app.command(options_metavar="[OPTIES]")
def verzamel(
    bestanden: Annotated[list[Path], typer.Argument(metavar="BESTAND.pdf",
                                                    help="Ingevulde werkboeken van één sessie.")],
    uit: UitOpt = None,
    csv: Annotated[bool, typer.Option("--csv", help="Schrijf .csv in plaats van .xlsx.")] = False,
) -> None:
    """Voeg ingevulde intervisiewerkboeken samen tot één overzicht (.xlsx en .md, of .csv)."""
    from .verzamel import collect, write_summary

    summary = collect(bestanden)
    for path in write_summary(summary, uit or Path("out"), as_csv=csv):
        typer.echo(f"Geschreven: {path}")


@app.command(options_metavar="[OPTIES]")
def infografiek(
    gemeente: GemeenteOpt = None,
    max_: Annotated[Optional[int], typer.Option("--max", metavar="N",
                                                help="Hoogstens N boodschappen (standaard uit de configuratie: 6).")] = None,
    data: DataOpt = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    sjablonen: SjablonenOpt = None,
) -> None:
    """Maak infografieken voor inwoners: beelden, een affiche (A3), dia's (16:9), een webpagina en teksten."""
    from .errors import InputError
    from .infografiek import write_infographics

    if max_ is not None and not 1 <= max_ <= 12:
        raise InputError(f"--max moet tussen 1 en 12 liggen (niet {max_}).")
    session = _session(data, config)
    gebied = session.municipality(gemeente)
    if session.dataset.synthetic:
        typer.echo(f"Geen gegevens opgegeven: thuis gebruikt de synthetische voorbeeldgegevens ({gebied.naam}).")
    out = uit or session.project.uit or Path("out")
    paths = write_infographics(session, gebied, out, max_, sjablonen or session.project.sjablonen)
    typer.echo(f"Geschreven: {len(paths)} bestanden in {paths[0].parent}")


@app.command(options_metavar="[OPTIES]")
def batch(
    plan: Annotated[Optional[Path], typer.Argument(
        metavar="PLAN.yaml", help="Het plan. Standaard: de sectie 'batch' van thuis.yaml, anders het voorbeeldplan.")] = None,
    uit: UitOpt = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", metavar="N",
                                                help="Parallelle taken. Standaard: het aantal processorkernen.")] = None,
    forceer: Annotated[bool, typer.Option("--forceer", help="Maak alles opnieuw, ook wat ongewijzigd is.")] = False,
    droog: Annotated[bool, typer.Option("--droog", help="Toon wat gemaakt zou worden en waarom; maak niets.")] = False,
    stil: Annotated[bool, typer.Option("--stil", help="Geen voortgang; een samenvatting alleen als iets mislukt.")] = False,
    log: Annotated[Optional[Path], typer.Option("--log", metavar="BESTAND", help="Schrijf ook een logboek.")] = None,
) -> None:
    """Maak volledige pakketten volgens een plan, onbewaakt (cron, systemd): alleen wat veranderde."""
    from .batch import run_batch
    from .config import load_config
    from .data import load_dataset_lenient, load_gebieden
    from .errors import InputError
    from .plan import read_plan
    from .project import load_project
    from .session import Session

    project = load_project()
    loaded = read_plan(plan, project.batch, project.source)
    if jobs is not None and not 1 <= jobs <= 64:
        raise InputError(f"--jobs moet tussen 1 en 64 liggen (niet {jobs}).")
    config = load_config(loaded.plan.config)
    gebieden = load_gebieden(config)
    dataset, broken = load_dataset_lenient(loaded.plan.data or None, config, gebieden)
    session = Session(config, gebieden, dataset, project)
    out = uit or loaded.plan.uit or Path("out")
    result = run_batch(session, loaded, broken, out, jobs or os.cpu_count() or 1, forceer, droog, stil, log,
                       loaded.plan.sjablonen)
    raise typer.Exit(int(result.exit_code))


@app.command(options_metavar="[OPTIES]")
def schema(
    uit: Annotated[Path, typer.Option("--uit", "-u", metavar="MAP",
                                      help="Map voor de schema's. Standaard: 'schemas'.")] = Path("schemas"),
) -> None:
    """Schrijf JSON Schema's van de YAML-bestanden, zodat een editor ze aanvult en controleert."""
    from .schema import SCHEMA_FOLDER, write_schemas

    paths = write_schemas(uit)
    for path in paths:
        typer.echo(f"Geschreven: {path}")
    typer.echo(f"Zet in een YAML-bestand als eerste regel bv. '# yaml-language-server: $schema={SCHEMA_FOLDER}/"
               f"diensten.schema.json' (het pad relatief aan dat bestand).")


LIJSTEN = ("diensten", "indicatoren", "gemeenten")


@app.command(options_metavar="[OPTIES]")
def lijst(
    wat: Annotated[str, typer.Argument(metavar="WAT", help="diensten, indicatoren of gemeenten.")],
    config: ConfigOpt = None,
) -> None:
    """Toon de diensten, de indicatoren of de gemeenten."""
    from .config import load_config
    from .data import load_gebieden
    from .report import listing
    from .suggest import did_you_mean

    if wat not in LIJSTEN:
        raise ThuisError(f"Onbekende lijst '{wat}'; kies uit {', '.join(LIJSTEN)}.{did_you_mean(wat, LIJSTEN)}")
    from .project import load_project

    cfg = load_config(config or load_project().config)
    typer.echo(listing(wat, cfg, load_gebieden(cfg)))


def run(argv: list[str] | None = None, application: typer.Typer | None = None) -> None:
    """Run the CLI and exit with a documented code; Dutch messages, no traceback unless --debug.
    (`application` lets the tests run a small app through the same error handling.)"""
    from typer import Exit
    from typer._click.exceptions import ClickException, UsageError

    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    command = typer.main.get_command(application or app)
    try:
        code = command.main(args, prog_name="thuis", standalone_mode=False)
    except ThuisError as exc:
        if debug:
            raise
        typer.echo(f"Fout: {exc}", err=True)
        code = exc.exit_code
    except UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `thuis` alone: the help was shown
            sys.exit(0)
        typer.echo(_dutch_cli.usage_error_text(exc, command, args), err=True)
        code = ExitCode.INVALID_INPUT
    except ClickException as exc:
        typer.echo(f"Fout: {exc.format_message()}", err=True)
        code = ExitCode.INVALID_INPUT
    except Exit as exc:
        code = exc.exit_code
    except KeyboardInterrupt:
        typer.echo("Onderbroken.", err=True)
        code = ExitCode.INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - last resort: a clear line, not a traceback
        if debug:
            raise
        typer.echo(f"Onverwachte fout ({type(exc).__name__}). Probeer opnieuw met --debug en meld "
                   "het probleem.", err=True)
        code = ExitCode.PARTIAL_FAILURE
    sys.stdout.flush()
    sys.exit(int(code or 0))


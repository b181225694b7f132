"""The `thuis` command line: parse, load, call one library function, map errors to exit codes.

Heavy libraries (pandas, matplotlib, weasyprint) are imported inside the commands so that
`thuis --help` stays instant.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import _dutch_cli
from . import cli_bevraging as _bevraging
from .cli_bevraging import bevraging_opties
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
    context_settings={"help_option_names": ["-h", "--help"]},
)

DataOpt = Annotated[Optional[list[Path]], typer.Option(
    "--data", "-d", metavar="BESTAND",
    help="Resultatenbestand (.csv, .xlsx of .ods); herhaal voor meer bestanden. Standaard: thuis.yaml, "
         "anders de synthetische voorbeeldgegevens.")]
ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", "-c", metavar="MAP",
    help="Eigen configuratiemap; bestanden daarin vervangen de ingebouwde één voor één.")]

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
    # `--debug` is read from the raw arguments by `run`, which decides before typer parses; it is
    # declared here so that typer accepts it and the help lists it.
    del debug


@contextmanager
def _pdf_workers(several: bool):
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


def _workspace(data, config):
    from .project import load_project
    from .workspace import Workspace

    ws = Workspace.open(data, config, load_project())
    _bevraging.apply(ws)  # --antwoorden / thuis.yaml's bevraging: a follow-up survey as the municipality's results
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


def _publish(ws, product_name: str, targets, uit: Path | None, sjablonen: Path | None, keep_html: bool = False,
             synthetic_note: str = "", pdf_workers=None) -> list:
    """The one path every product takes from the command line: build every document, render them (the
    PDFs in the command's PDF workers, all at once), write them to the folder in order."""
    from .products import get
    from .publish.folder import FolderSink
    from .publish.render import render_many

    if ws.dataset.synthetic:
        typer.echo(f"Geen gegevens opgegeven: thuis gebruikt de synthetische voorbeeldgegevens{synthetic_note}.")
    product = get(product_name)
    if (lacking := reference_warning(ws)) is not None:
        from . import notices

        notices.warn(lacking)
    templates = sjablonen or ws.project.sjablonen
    sink = FolderSink(uit or ws.project.uit or Path("out"))
    documents = [product.build(ws, target, templates) for target in targets]
    for document, files in zip(documents, render_many(documents, templates, keep_html, pdf_workers)):
        paths = sink.publish(document, files)
        for note in document.notes:
            typer.echo(f"Let op: {note}")
        if len(paths) <= 3:
            for path in paths:
                typer.echo(f"Geschreven: {path}")
        else:
            typer.echo(f"Geschreven: {len(paths)} bestanden in {paths[0].parent}")
    return documents


@app.command(options_metavar="[OPTIES]")
def check(
    data: DataOpt = None,
    config: ConfigOpt = None,
    streng: Annotated[bool, typer.Option(
        "--streng", help="Faal ook bij waarschuwingen (een onvolledige configuratie, geen cijfers voor Vlaanderen).")
    ] = False,
) -> None:
    """Controleer gegevens, configuratie en thuis.yaml (ook de sectie batch) en toon een korte samenvatting."""
    from . import fmt, notices
    from .errors import InputError
    from .report import check_summary, project_problems

    said: list[str] = []  # warnings printed while loading (a misspelt config file, an area's name)
    notices.listeners.append(said.append)
    try:
        ws = _workspace(data, config)
        problems = project_problems(ws)
        if problems:
            raise InputError(f"{ws.project.source} bevat fouten:", problems)
        summary, warnings = check_summary(ws, config or ws.project.config)
    finally:
        notices.listeners.remove(said.append)
    typer.echo(summary)
    warnings = [w for w in said if w.startswith("Let op: ")] + warnings
    if warnings and streng:
        raise InputError(f"--streng: de controle gaf {fmt.aantal(len(warnings), 'waarschuwing', 'waarschuwingen')}.")
    if warnings:
        typer.echo(f"{fmt.aantal(len(warnings), 'waarschuwing', 'waarschuwingen')}; "
                   "'thuis check --streng' laat ze falen.")


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
@bevraging_opties
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
    with _pdf_workers(several=dienst == "alle") as pdfs:
        from .products import get
        from .products.brief import resolve_dienst

        ws = _workspace(data, config)
        diensten = resolve_dienst(ws.config, dienst)
        gebied = ws.municipality(gemeente)
        targets = [get("brief").target(gebied, d) for d in diensten]
        _publish(ws, "brief", targets, uit, sjablonen, html, f" ({gebied.naam})", pdfs)


@app.command(options_metavar="[OPTIES]")
@bevraging_opties
def intervisie(
    gemeenten: Annotated[list[str], typer.Argument(metavar="GEMEENTE",
                                                   help="2 tot 6 gemeenten (naam, slug of NIS-code).")],
    buren: Annotated[bool, typer.Option("--buren", help="Neem de gemeente en haar buurgemeenten.")] = False,
    ook_onzeker: Annotated[bool, typer.Option(
        "--ook-onzeker", help="Met --buren: ook buren die maar in een punt of over een korte grens raken.")] = False,
    max_: Annotated[Optional[int], typer.Option(
        "--max", metavar="N",
        help="Met --buren: hoogstens N gemeenten (2 tot 6; standaard 6, de buren met de meeste deelnemers).")] = None,
    duur: Annotated[int, typer.Option(
        "--duur", metavar="MINUTEN",
        help="Duur van de sessie in minuten (60 tot 480). De agenda verdeelt de tijd over de thema's.")] = 120,
    data: DataOpt = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    sjablonen: SjablonenOpt = None,
    html: HtmlOpt = False,
) -> None:
    """Maak een werkboek voor intervisie met buurgemeenten: een exemplaar voor de facilitator en een per gemeente."""
    with _pdf_workers(several=True) as pdfs:  # the facilitator's copy and one per municipality
        from .products import get
        from .products.intervisie import check_duration, resolve_peers

        ws = _workspace(data, config)
        check_duration(duur)
        peers = resolve_peers(ws, gemeenten, buren, ook_onzeker, max_)
        _publish(ws, "intervisie", [get("intervisie").target(peers, duur)], uit, sjablonen, html, pdf_workers=pdfs)


@app.command(options_metavar="[OPTIES]")
def verzamel(
    bestanden: Annotated[list[Path], typer.Argument(
        metavar="BESTAND.pdf", help="Ingevulde exemplaren van één sessie (facilitator en gemeenten).")],
    uit: UitOpt = None,
    csv: Annotated[bool, typer.Option("--csv", help="Schrijf .csv in plaats van .xlsx.")] = False,
) -> None:
    """Voeg de ingevulde exemplaren van een intervisie samen tot één overzicht (.xlsx en .md, of .csv)."""
    from .verzamel import collect, write_summary

    summary = collect(bestanden)
    for path in write_summary(summary, uit or Path("out"), as_csv=csv):
        typer.echo(f"Geschreven: {path}")


@app.command(options_metavar="[OPTIES]")
@bevraging_opties
def infografiek(
    gemeente: GemeenteOpt = None,
    max_: Annotated[Optional[int], typer.Option(
        "--max", metavar="N", help="Hoogstens N boodschappen (standaard uit de configuratie: 6).")] = None,
    data: DataOpt = None,
    config: ConfigOpt = None,
    uit: UitOpt = None,
    sjablonen: SjablonenOpt = None,
) -> None:
    """Maak infografieken voor inwoners: beelden, een affiche (A3), dia's (16:9), een webpagina en teksten."""
    from .errors import InputError

    if max_ is not None and not 1 <= max_ <= 12:
        raise InputError(f"--max moet tussen 1 en 12 liggen (niet {max_}).")
    with _pdf_workers(several=True) as pdfs:  # the poster and the slides
        from .products import get

        ws = _workspace(data, config)
        gebied = ws.municipality(gemeente)
        _publish(ws, "infografiek", [get("infografiek").target(gebied, max_)], uit, sjablonen,
                 synthetic_note=f" ({gebied.naam})", pdf_workers=pdfs)


@app.command(options_metavar="[OPTIES]")
@bevraging_opties
def participatie(
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
) -> None:
    """Maak bestanden om met inwoners verder te praten: Decidim, Go Vocal, CSV en de infoavond (.ics)."""
    from .errors import InputError
    from .participatie.export import PLATFORMS
    from .products import get
    from .suggest import did_you_mean

    if platform not in PLATFORMS:
        raise InputError(f"Onbekend platform '{platform}'; kies uit {', '.join(PLATFORMS)}."
                         f"{did_you_mean(platform, PLATFORMS)}")
    if verstuur and platform not in ("govocal", "alle"):
        raise InputError("--verstuur kan alleen met --platform govocal (of alle).")
    ws = _workspace(data, config)
    gebied = ws.municipality(gemeente)
    sending = None
    if verstuur:  # address, project and credentials checked before anything is written
        from .participatie.verstuur import prepare
        from .products.infografiek import plans_for

        own = plans_for(ws, gebied)
        sending = prepare(own.deelname if own else None)
    documents = _publish(ws, "participatie", [get("participatie").target(gebied, platform, verzameling)], uit, None,
                         synthetic_note=f" ({gebied.naam})")
    if sending:
        from .participatie.verstuur import send_export

        document = documents[0]
        folder = (uit or ws.project.uit or Path("out")).joinpath(*document.folder)
        send_export(sending, document.context["export"], folder, echo=typer.echo)


@app.command(options_metavar="[OPTIES]")
def batch(
    plan: Annotated[Optional[Path], typer.Argument(
        metavar="PLAN.yaml",
        help="Het plan. Standaard: de sectie 'batch' van thuis.yaml, anders het voorbeeldplan.")] = None,
    uit: UitOpt = None,
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", metavar="N", help="Parallelle taken. Standaard: het aantal processorkernen.")] = None,
    forceer: Annotated[bool, typer.Option("--forceer", help="Maak alles opnieuw, ook wat ongewijzigd is.")] = False,
    droog: Annotated[bool, typer.Option("--droog", help="Toon wat gemaakt zou worden en waarom; maak niets.")] = False,
    stil: Annotated[bool, typer.Option(
        "--stil", help="Geen voortgang; een samenvatting alleen als iets mislukt.")] = False,
    log: Annotated[Optional[Path], typer.Option("--log", metavar="BESTAND", help="Schrijf ook een logboek.")] = None,
) -> None:
    """Maak volledige pakketten volgens een plan, onbewaakt (cron, systemd): alleen wat veranderde."""
    from . import batch as runner

    handlers = runner.configure_log(stil, log, sys.stderr.isatty())
    try:
        result = _batch(plan, uit, jobs, forceer, droog, stil, handlers)
    except ThuisError as exc:
        runner.log_to_file_only(handlers, f"Fout: {exc}")
        raise
    finally:
        runner.close_log(handlers)
    raise typer.Exit(int(result))


def _batch(plan, uit, jobs, forceer, droog, stil, handlers) -> int:
    from . import batch as runner
    from .config import load_config
    from .data import load_dataset_lenient, load_gebieden
    from .errors import InputError
    from .plan import read_plan
    from .project import found_higher_up, load_project
    from .workspace import Workspace

    project = load_project(announce=not stil)
    if stil and project.source and found_higher_up(project.source):  # said in the log, not to cron
        runner.log.info(f"Standaarden uit {project.source}")
    loaded = read_plan(plan, project)
    if jobs is not None and not 1 <= jobs <= 64:
        raise InputError(f"--jobs moet tussen 1 en 64 liggen (niet {jobs}).")
    config = load_config(loaded.plan.config)
    gebieden = load_gebieden(config)
    dataset, refused = load_dataset_lenient(loaded.plan.data or None, config, gebieden)
    ws = Workspace(config, gebieden, dataset, project, refused)
    _bevraging.apply(ws, loaded.plan.bevraging or project.bevraging)  # the plan's follow-up survey, if any
    targets = runner.plan_targets(ws, loaded)  # every plan error before anything else is said or made
    if loaded.plan.bezorging and not droog:  # e-mail delivery: a bad address stops the run before the build
        from .bezorging import check_plan_delivery

        check_plan_delivery(loaded, config, gebieden)
    if dataset.synthetic:  # also under --stil: a plan that silently builds from made-up figures is a trap
        note = ("Het plan noemt geen gegevens: thuis gebruikt de synthetische voorbeeldgegevens "
                "(verzonnen cijfers).")
        typer.echo(note, err=True)
        runner.log_to_file_only(handlers, note)
    if (lacking := reference_warning(ws)) is not None:
        runner.log.warning(lacking[:1].upper() + lacking[1:])
    if loaded.inherited:
        runner.log.info(f"Uit {project.source}: {', '.join(loaded.inherited)}.")
    out = uit or loaded.plan.uit or Path("out")
    templates = loaded.plan.sjablonen
    if droog:
        for line in runner.dry_run(ws, targets, out, forceer, templates):
            typer.echo(line)
        return 0
    result = runner.run_batch(ws, loaded, targets, out, jobs or os.cpu_count() or 1, forceer, stil, templates)
    if loaded.plan.bezorging and not result.interrupted:  # the e-mail sink, after a finished build
        from .bezorging import deliver_after_build

        from .bezorging.bezorgen import report_section

        delivery = deliver_after_build(out, loaded, ws, templates, echo=runner.log.warning)
        if delivery.exit_code:
            result.outcomes.append(runner.Outcome("bezorging", runner.Status.MISLUKT, error=delivery.headline))
        runner.write_report(out, loaded, result, {"bezorging": report_section(delivery)})
    runner.log_summary(result, out)
    return int(result.exit_code)


@app.command(options_metavar="[OPTIES]")
def bezorg(
    plan: Annotated[Optional[Path], typer.Argument(
        metavar="PLAN.yaml",
        help="Het plan (uitvoermap, configuratie, sectie 'bezorging'). Standaard: thuis.yaml.")] = None,
    uit: UitOpt = None,
    config: ConfigOpt = None,
    droog: Annotated[bool, typer.Option("--droog", help="Toon wie wat zou krijgen en waarom; verstuur niets.")] = False,
    sjablonen: SjablonenOpt = None,
) -> None:
    """Bezorg de gemaakte documenten per e-mail aan hun ontvangers: elk document één keer per versie."""
    from .bezorging import run_command

    result = run_command(plan, uit, config, sjablonen, droog)
    raise typer.Exit(int(result.exit_code))


@app.command(options_metavar="[OPTIES]")
def schema(
    uit: Annotated[Path, typer.Option("--uit", "-u", metavar="MAP",
                                      help="Map voor de schema's.")] = Path("schemas"),
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


from . import cli_vragenlijst  # noqa: E402,F401  (registers 'thuis vragenlijst')


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
    except Exception as exc:  # last resort: a clear line, not a traceback (with --debug: re-raised)
        if debug:
            raise
        typer.echo(f"Onverwachte fout ({type(exc).__name__}). Probeer opnieuw met --debug en meld "
                   "het probleem.", err=True)
        code = ExitCode.PARTIAL_FAILURE
    sys.stdout.flush()
    sys.exit(int(code or 0))


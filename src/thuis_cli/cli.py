"""The `thuis` command line: parse, load, call one library function, map errors to exit codes.

Heavy libraries (pandas, matplotlib, weasyprint) are imported inside the commands so that
`thuis --help` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from . import _dutch_cli
from .commands import ConfigOpt, DataOpt, SjablonenOpt, UitOpt, reference_warning
from .env import Environment, current, listening, using
from .errors import ExitCode, ThuisError


class ProductCommand(TyperCommand):
    """A product's command (`command` in its module), listed from its declaration (`products.about`)
    and loaded only when it is used or its own help is asked for: `thuis --help` imports no product."""

    def __init__(self, name: str):
        from .products import about

        self._real: TyperCommand | None = None
        super().__init__(name, help=about(name).help, options_metavar="[OPTIES]", rich_markup_mode="rich")

    def real(self) -> TyperCommand:
        if self._real is None:
            from .products import about, module

            own = typer.Typer(rich_markup_mode="rich", add_completion=False)
            own.command(name=self.name, help=about(str(self.name)).help,
                        options_metavar="[OPTIES]")(module(str(self.name)).command)
            made = typer.main.get_command(own)
            assert isinstance(made, TyperCommand), "one command makes a command, not a group"
            self._real = made
        return self._real

    # click reads a command's parameters and callback from these attributes: the real command's
    # (what click's constructor assigns to them is ignored)
    @property  # type: ignore[override]
    def params(self):
        return self.real().params

    @params.setter
    def params(self, value) -> None:
        pass

    @property  # type: ignore[override]
    def callback(self):
        return self.real().callback

    @callback.setter
    def callback(self, value) -> None:
        pass


class ProductGroup(TyperGroup):
    """thuis's commands: its own, with a command per registered product after `check`."""

    def __init__(self, *args, **kwargs):
        from .products import names

        super().__init__(*args, **kwargs)
        own = list(self.commands.items())
        at = next((i + 1 for i, (name, _) in enumerate(own) if name == "check"), 0)
        products = [(name, ProductCommand(name)) for name in names()]
        self.commands = dict(own[:at] + products + own[at:])


app = typer.Typer(
    cls=ProductGroup,
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


def _version(value: bool) -> None:
    if value:
        from . import __version__

        _say(f"thuis {__version__}")
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


@app.command(options_metavar="[OPTIES]")
def check(
    data: DataOpt = None,
    config: ConfigOpt = None,
    streng: Annotated[bool, typer.Option(
        "--streng", help="Faal ook bij waarschuwingen (een onvolledige configuratie, geen cijfers voor Vlaanderen).")
    ] = False,
) -> None:
    """Controleer gegevens, configuratie en thuis.yaml (ook de sectie batch) en toon een korte samenvatting."""
    from . import fmt
    from .commands import open_workspace
    from .errors import InputError
    from .report import check_summary, project_problems

    said: list[str] = []  # warnings printed while loading (a misspelt config file, an area's name)
    with listening(said.append):
        ws = open_workspace(data, config)
        problems = project_problems(ws)
        if problems:
            raise InputError(f"{ws.project.source} bevat fouten:", problems)
        summary, warnings = check_summary(ws, config or ws.project.config)
    _say(summary)
    warnings = [w for w in said if w.startswith("Let op: ")] + warnings
    if warnings and streng:
        raise InputError(f"--streng: de controle gaf {fmt.aantal(len(warnings), 'waarschuwing', 'waarschuwingen')}.")
    if warnings:
        _say(f"{fmt.aantal(len(warnings), 'waarschuwing', 'waarschuwingen')}; "
                   "'thuis check --streng' laat ze falen.")


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
        _say(f"Geschreven: {path}")


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
    import logging

    from . import batch_report as report

    env = current()
    handlers = report.configure_log(stil, log, bool(env.stderr_isatty), env.stdout)
    try:
        with listening(lambda text: report.log_to_file_only(handlers, text, logging.WARNING)):
            result = _batch(plan, uit, jobs, forceer, droog, stil, handlers)
    except ThuisError as exc:
        report.log_to_file_only(handlers, f"Fout: {exc}")
        raise
    finally:
        report.close_log(handlers)
    raise typer.Exit(int(result))


def _batch(plan, uit, jobs, forceer, droog, stil, handlers) -> int:
    from . import batch as runner
    from . import batch_planning as planning
    from . import batch_report as report
    from . import workers
    from .config import load_config
    from .data import load_dataset_lenient, load_gebieden
    from .errors import InputError
    from .plan import read_plan
    from .project import found_higher_up, load_project
    from .workspace import Workspace

    project = load_project(announce=not stil)
    if stil and project.source and found_higher_up(project.source):  # said in the log, not to cron
        report.log.info(f"Standaarden uit {project.source}")
    loaded = read_plan(plan, project)
    if jobs is not None and not 1 <= jobs <= 64:
        raise InputError(f"--jobs moet tussen 1 en 64 liggen (niet {jobs}).")
    config = load_config(loaded.plan.config)
    gebieden = load_gebieden(config)
    dataset, refused = load_dataset_lenient(loaded.plan.data or None, config, gebieden)
    ws = Workspace(config, gebieden, dataset, project, refused)
    from .commands import attach_follow_up

    attach_follow_up(ws, loaded.plan.bevraging or project.bevraging)  # the plan's follow-up survey, if any
    targets = planning.plan_targets(ws, loaded)  # every plan error before anything else is said or made
    if loaded.plan.bezorging and not droog:  # e-mail delivery: a bad address stops the run before the build
        from .bezorging import check_plan_delivery

        check_plan_delivery(loaded, config, gebieden)
    if dataset.synthetic:  # also under --stil: a plan that silently builds from made-up figures is a trap
        note = ("Het plan noemt geen gegevens: thuis gebruikt de synthetische voorbeeldgegevens "
                "(verzonnen cijfers).")
        _say(note, err=True)
        report.log_to_file_only(handlers, note)
    if (lacking := reference_warning(ws)) is not None:
        report.log.warning(lacking[:1].upper() + lacking[1:])
    if loaded.inherited:
        report.log.info(f"Uit {project.source}: {', '.join(loaded.inherited)}.")
    out = uit or loaded.plan.uit or Path("out")
    templates = loaded.plan.sjablonen
    if droog:
        for line in planning.dry_run(ws, targets, out, forceer, templates):
            _say(line)
        return 0
    result = runner.run_batch(ws, loaded, targets, out, jobs or workers.cores(), forceer, stil, templates)
    if loaded.plan.bezorging and not result.interrupted:  # the e-mail sink, after a finished build
        from .bezorging import deliver_after_build

        from .bezorging.bezorgen import report_section

        delivery = deliver_after_build(out, loaded, ws, templates, echo=report.log.warning)
        if delivery.exit_code:
            result.outcomes.append(report.Outcome("bezorging", report.Status.MISLUKT, error=delivery.headline))
        report.write_report(out, loaded, result, {"bezorging": report_section(delivery)})
    report.log_summary(result, out)
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
        _say(f"Geschreven: {path}")
    _say(f"Zet in een YAML-bestand als eerste regel bv. '# yaml-language-server: $schema={SCHEMA_FOLDER}/"
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
    _say(listing(wat, cfg, load_gebieden(cfg)))


from .cli_vragenlijst import vragenlijst as _vragenlijst  # noqa: E402

app.command("vragenlijst", options_metavar="[OPTIES]")(_vragenlijst)


def _say(text: str = "", err: bool = False) -> None:
    current().echo(text, err)


def run(argv: list[str] | None = None, application: typer.Typer | None = None,
        environment: Environment | None = None) -> None:
    """Run the CLI and exit with a documented code; Dutch messages, no traceback unless --debug.
    (`application` lets the tests run a small app through the same error handling; `environment` is
    the command's streams, variables and clock: the process's own unless given.)"""
    if environment is None:
        _run(sys.argv[1:] if argv is None else argv, application)
    else:
        with using(environment):
            _run(sys.argv[1:] if argv is None else argv, application)


def _run(args: list[str], application: typer.Typer | None) -> None:
    from typer import Exit
    from typer._click.exceptions import ClickException, UsageError

    debug = "--debug" in args
    command = typer.main.get_command(application or app)
    try:
        code = command.main(args, prog_name="thuis", standalone_mode=False)
    except ThuisError as exc:
        if debug:
            raise
        _say(f"Fout: {exc}", err=True)
        code = exc.exit_code
    except UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `thuis` alone: the help was shown
            sys.exit(0)
        _say(_dutch_cli.usage_error_text(exc, command, args), err=True)
        code = ExitCode.INVALID_INPUT
    except ClickException as exc:
        _say(f"Fout: {exc.format_message()}", err=True)
        code = ExitCode.INVALID_INPUT
    except Exit as exc:
        code = exc.exit_code
    except KeyboardInterrupt:
        _say("Onderbroken.", err=True)
        code = ExitCode.INTERRUPTED
    except Exception as exc:  # last resort: a clear line, not a traceback (with --debug: re-raised)
        if debug:
            raise
        _say(f"Onverwachte fout ({type(exc).__name__}). Probeer opnieuw met --debug en meld "
                   "het probleem.", err=True)
        code = ExitCode.PARTIAL_FAILURE
    current().stdout.flush()
    sys.exit(int(code or 0))


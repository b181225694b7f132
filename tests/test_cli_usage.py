"""Every kind of click/typer usage error reads Dutch, points to the failing command's help and exits
with 2 (issue 14, points 13 and 14)."""

from pathlib import Path
from typing import Annotated, Literal, Optional

import pytest
import typer

from thuis_cli.cli import run

probe = typer.Typer(name="thuis", add_completion=False, pretty_exceptions_enable=False)


@probe.callback()
def _root() -> None:
    pass


@probe.command(options_metavar="[OPTIES]")
def maak(
    naam: Annotated[str, typer.Argument(metavar="NAAM")],
    soort: Annotated[Literal["pdf", "html"], typer.Option("--soort")] = "pdf",
    aantal: Annotated[int, typer.Option("--aantal")] = 1,
    drempel: Annotated[float, typer.Option("--drempel")] = 1.0,
    map_: Annotated[Optional[Path], typer.Option("--map", exists=True)] = None,
    html: Annotated[bool, typer.Option("--html")] = False,
    paar: Annotated[Optional[tuple[int, int]], typer.Option("--paar")] = None,
    dienst: Annotated[str, typer.Option("--dienst")] = ...,
) -> None:
    pass


@probe.command(options_metavar="[OPTIES]")
def twee(punt: Annotated[tuple[int, int], typer.Argument(metavar="X Y")]) -> None:
    pass


OK = ["maak", "x", "--dienst", "d"]
CASES = [
    # (args, Dutch message, help pointer)
    (["mak"], "Onbekend commando 'mak'. Bedoelde u: 'maak'?", "thuis --help"),
    ([], "Geef een commando.", "thuis --help"),
    (["--verbose"], "Onbekende optie --verbose.", "thuis --help"),
    (OK + ["--aantl", "3"], "Onbekende optie --aantl. Bedoelde u --aantal?", "thuis maak --help"),
    (["maak", "--dienst", "d"], "Argument NAAM ontbreekt.", "thuis maak --help"),
    (["maak", "x"], "Optie --dienst ontbreekt.", "thuis maak --help"),
    (OK + ["--aantal", "veel"], "Ongeldige waarde voor --aantal: 'veel' moet een geheel getal zijn.",
     "thuis maak --help"),
    (OK + ["--drempel", "hoog"], "Ongeldige waarde voor --drempel: 'hoog' moet een getal zijn.", "thuis maak --help"),
    (OK + ["--soort", "doc"], "Ongeldige waarde voor --soort: 'doc' is geen van 'pdf', 'html'.", "thuis maak --help"),
    (OK + ["--map", "/bestaat/niet"], "Ongeldige waarde voor --map: '/bestaat/niet' bestaat niet.",
     "thuis maak --help"),
    (OK + ["--html=ja"], "Optie --html neemt geen waarde", "thuis maak --help"),
    (["maak", "x", "--dienst"], "Optie --dienst vraagt een waarde.", "thuis maak --help"),
    (OK + ["--paar", "1"], "Optie --paar vraagt 2 waarden.", "thuis maak --help"),
    (["twee", "1"], "Argument X Y vraagt 2 waarden.", "thuis twee --help"),
    (OK + ["extra"], "Onverwacht extra argument: extra.", "thuis maak --help"),
    (OK + ["extra", "meer"], "Onverwachte extra argumenten: extra meer.", "thuis maak --help"),
]


@pytest.mark.parametrize("args,message,pointer", CASES, ids=[" ".join(c[0]) or "leeg" for c in CASES])
def test_usage_errors_are_dutch_and_exit_2(args, message, pointer, capsys):
    with pytest.raises(SystemExit) as info:
        run(args, probe)
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert f"Fout: {message}" in err, err
    assert f"Probeer '{pointer}' voor hulp." in err
    assert err.startswith("Gebruik: thuis")
    for english in ("Usage", "Error", "Try", "No such", "Missing", "Invalid", "Got unexpected", "requires",
                    "does not", "Input should", "is not", "Value error"):
        assert english not in err, (english, err)


def test_version(capsys):
    from thuis_cli import __version__

    with pytest.raises(SystemExit) as info:
        run(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"thuis {__version__}"


def test_chek_suggests_check(capsys):
    with pytest.raises(SystemExit) as info:
        run(["chek"])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "Onbekend commando 'chek'. Bedoelde u: 'check'" in err


COMMANDS = ["", "check", "lijst", "brief", "intervisie", "infografiek", "participatie", "batch", "bezorg", "schema",
            "verzamel", "vragenlijst"]


def test_the_help_tests_cover_every_command():
    import typer.main

    from thuis_cli.cli import app

    assert sorted(typer.main.get_command(app).commands) == sorted(c for c in COMMANDS if c)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_type_labels_and_nothing_cut_off(command, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        run([command, "--help"] if command else ["--help"])
    out = capsys.readouterr().out
    assert not __import__("re").search(r"<\w+(\[\w+\])?>|\[\[|\{\w|…|\.\.\.\.", out), out
    assert "Gebruik: thuis" in out


def test_top_level_help_names_every_exit_code(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        run(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    for code in ("0 gelukt", "1 deels mislukt", "2 ongeldige invoer", "3 er loopt al een batch", "130 onderbroken"):
        assert code in out


def test_usage_error_in_a_subcommand_points_to_its_help(capsys):
    with pytest.raises(SystemExit) as info:
        run(["brief", "--html=ja", "--dienst", "wonen"])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "Probeer 'thuis brief --help' voor hulp." in err
    assert err.startswith("Gebruik: thuis brief [OPTIES]")


@pytest.mark.parametrize("command", COMMANDS)
def test_h_is_the_help_like_help(command, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    with pytest.raises(SystemExit) as info:
        run([command, "-h"] if command else ["-h"])
    short = capsys.readouterr().out
    with pytest.raises(SystemExit):
        run([command, "--help"] if command else ["--help"])
    assert info.value.code == 0 and short == capsys.readouterr().out and "Gebruik: thuis" in short


@pytest.mark.parametrize("command", [c for c in COMMANDS if c])
def test_a_default_is_said_once(command, capsys, monkeypatch):
    import re

    monkeypatch.setenv("COLUMNS", "300")  # one option per line
    with pytest.raises(SystemExit):
        run([command, "--help"])
    for line in capsys.readouterr().out.splitlines():
        assert len(re.findall(r"standaard", line, re.IGNORECASE)) <= 1, line


def test_every_document_command_offers_the_follow_up_survey_options_in_its_help():
    """--antwoorden, --koppeling, --marges and --ongewogen are plain options of each document command,
    declared once (commands.AntwoordenOpt, ...) and listed with their Dutch help."""
    from clirunner import thuis

    for product in ("brief", "intervisie", "infografiek", "participatie"):
        result = thuis(product, "--help")
        assert result.returncode == 0, result.stderr
        flat = " ".join(result.stdout.split())
        for option in ("--antwoorden", "--koppeling", "--marges", "--ongewogen"):
            assert option in flat, (product, option)
        assert "koppelingsbestand" in flat and "Bevolkingsmarges" in flat, product  # their Dutch help


def test_the_follow_up_options_are_checked_together_before_the_workspace_opens(tmp_path):
    """The options travel to make_documents and open_workspace as a value (commands.FollowUp), not as
    state kept beside the command."""
    from thuis_cli.commands import FollowUp
    from thuis_cli.errors import InputError

    with pytest.raises(InputError, match="--koppeling en --marges horen bij --antwoorden"):
        FollowUp(marges=tmp_path / "marges.csv").settings(None)
    with pytest.raises(InputError, match="--antwoorden heeft een koppelingsbestand nodig"):
        FollowUp(antwoorden=tmp_path / "a.csv").settings(None)
    chosen = FollowUp(tmp_path / "a.csv", tmp_path / "bevraging.yaml", None, True).settings(None)
    assert (chosen.antwoorden, chosen.koppeling, chosen.gewogen) == (tmp_path / "a.csv", tmp_path / "bevraging.yaml",
                                                                     False)
    assert FollowUp().settings(None) is None  # no options and no thuis.yaml section: no follow-up

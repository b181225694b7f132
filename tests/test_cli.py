"""The command line: Dutch help, exit codes, no tracebacks. In the test's process with a test
environment (clirunner); as a subprocess where the process is what is tested (the installed script,
what a start imports, the traceback of --debug)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clirunner import thuis
from conftest import LEUVEN_WONINGTYPE, question, write_csv

THUIS = [sys.executable, "-m", "thuis_cli"]


def thuis_process(*args, cwd=None, env=None):
    result = subprocess.run([*THUIS, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                            env={**os.environ, "COLUMNS": "100", **(env or {})}, timeout=120)
    return result


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "thuis"
    assert script.exists()
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "Gebruik: thuis" in result.stdout


@pytest.mark.parametrize("args", [[], ["--help"], ["check", "--help"], ["lijst", "--help"],
                                  ["brief", "--help"]])
def test_help_is_dutch(args):
    result = thuis(*args)
    out = result.stdout
    assert result.returncode == 0
    assert "Gebruik:" in out and "Opties" in out and "Toon deze hulp en stop." in out
    for english in ("Usage:", "Options", "Show this message", "Commands"):
        assert english not in out


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from thuis_cli.cli import run\n"
            "try:\n    run(['--help'])\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('pandas', 'matplotlib', 'weasyprint') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in result.stdout


def test_check_on_sample_data():
    result = thuis("check")
    assert result.returncode == 0, result.stderr
    assert "Gegevens in orde." in result.stdout
    assert "synthetische voorbeeldgegevens" in result.stdout
    assert "Onderdrukt:" in result.stdout and "Elke indicator hoort bij minstens één dienst." in result.stdout


def test_check_on_bad_data_exits_2_without_traceback(tmp_path):
    rows = question("24062", "Leuven", "woningtype_gewenst", LEUVEN_WONINGTYPE)
    rows[0][5] = "veel"
    path = write_csv(tmp_path / "slecht.csv", rows)
    result = thuis("check", "--data", path)
    assert result.returncode == 2
    assert "slecht.csv, rij 2, kolom 'aantal': waarde 'veel': geen getal" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    rows = question("24062", "Leuven", "woningtype_gewenst", LEUVEN_WONINGTYPE)
    rows[0][5] = "veel"
    result = thuis_process("--debug", "check", "--data", write_csv(tmp_path / "slecht.csv", rows))
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_check_lists_unmapped_indicators_warns_and_fails_only_when_strict(tmp_path):
    import yaml

    from thuis_cli import resources

    data = yaml.safe_load((resources.config_dir() / "diensten.yaml").read_text(encoding="utf-8"))
    for dienst in data["diensten"].values():
        for key in ("indicatoren", "themas", "patronen", "kern"):
            dienst[key] = [x for x in dienst.get(key, []) if x not in ("zorgwonen", "delen_wat")]
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "diensten.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = thuis("check", "--config", tmp_path / "cfg")
    assert result.returncode == 0, result.stderr  # a deliberately partial configuration: `check && batch` works
    assert "Niet gekoppeld aan een dienst: zorgwonen, delen_wat" in result.stdout
    assert "1 waarschuwing; 'thuis check --streng' laat ze falen." in result.stdout
    strict = thuis("check", "--streng", "--config", tmp_path / "cfg")
    assert strict.returncode == 2 and "Fout: --streng: de controle gaf 1 waarschuwing." in strict.stderr


@pytest.mark.parametrize("what,expected", [("diensten", "ruimte"), ("indicatoren", "woningtype_gewenst"),
                                           ("gemeenten", "Merelbeke-Melle")])
def test_lijst(what, expected):
    result = thuis("lijst", what)
    assert result.returncode == 0 and expected in result.stdout


def test_unknown_list_and_option_are_dutch_usage_errors():
    result = thuis("lijst", "dienstn")
    assert result.returncode == 2 and "Onbekende lijst 'dienstn'" in result.stderr and "'diensten'" in result.stderr
    result = thuis("check", "--foo")
    assert result.returncode == 2 and "Onbekende optie --foo" in result.stderr


def test_thuis_yaml_in_working_directory_is_used(tmp_path, small_file):
    (tmp_path / "thuis.yaml").write_text(f"gemeente: leuven\ndata:\n  - {small_file.name}\n")
    small_file.rename(tmp_path / small_file.name)
    result = thuis("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "resultaten.csv" in result.stdout and "synthetisch" not in result.stdout


def test_thuis_yaml_with_unknown_key(tmp_path):
    (tmp_path / "thuis.yaml").write_text("gemeentee: leuven\n")
    result = thuis("check", cwd=tmp_path)
    assert result.returncode == 2 and "onbekende sleutel 'gemeentee'" in result.stderr


def test_lijst_gemeenten_shows_a_merger_that_keeps_its_code_once():
    result = thuis("lijst", "gemeenten")
    antwerpen = [line for line in result.stdout.splitlines() if line.startswith("11002")]
    assert antwerpen == [line for line in antwerpen if "fusie 2025: 11002+11007" in line] and len(antwerpen) == 1
    assert "Merelbeke-Melle" in result.stdout and "Borsbeek" in result.stdout


def test_thuis_yaml_found_from_a_subfolder_is_named_by_check(tmp_path, small_file):
    (tmp_path / "thuis.yaml").write_text(f"gemeente: leuven\ndata:\n  - {small_file.name}\n")
    (tmp_path / "sub").mkdir()
    result = thuis("check", cwd=tmp_path / "sub")
    assert result.returncode == 0, result.stderr
    assert f"Standaarden uit {tmp_path.resolve() / 'thuis.yaml'}" in result.stderr
    assert "resultaten.csv" in result.stdout and "synthetisch" not in result.stdout


def test_a_command_that_shows_no_help_does_not_load_rich():
    """The help screens need rich (and their Dutch words); a command that lists or makes documents does
    not load it (60-80 ms of every start)."""
    import subprocess
    import sys

    code = ("import sys\nfrom thuis_cli.cli import run\ntry:\n    run(['lijst', 'diensten'])\nexcept SystemExit:\n"
            "    pass\nprint('RICH', 'rich' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "RICH False" in done.stdout


def test_the_command_does_not_search_every_installed_package_for_pydantic_plugins():
    import subprocess
    import sys

    code = ("import atexit, os, sys\natexit.register(lambda: print('PLUGINS', os.environ.get("
            "'PYDANTIC_DISABLE_PLUGINS')))\nsys.argv = ['thuis', 'lijst', 'diensten']\n"
            "from thuis_cli.__main__ import main\nmain()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "PLUGINS __all__" in done.stdout


def test_a_brief_does_not_import_importlib_metadata(tmp_path):
    """Finding pydantic's plugins and the versions in the cache keys read package metadata without
    importlib.metadata, whose import is 25 ms of every command's start."""
    code = ("import atexit, sys\natexit.register(lambda: print('METADATA', 'importlib.metadata' in sys.modules))\n"
            f"sys.argv = ['thuis', 'brief', '--dienst', 'ruimte', '--uit', {str(tmp_path / 'uit')!r}]\n"
            "from thuis_cli.__main__ import main\nmain()")
    env = {**os.environ, "THUIS_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert "METADATA False" in done.stdout
    assert list((tmp_path / "uit").rglob("brief-ruimte.pdf"))


def test_installed_versions_are_those_importlib_metadata_reads():
    from importlib.metadata import version

    from thuis_cli.resources import installed_version

    for package in ("pandas", "numpy", "matplotlib", "weasyprint", "pydantic_core"):
        assert installed_version(package) == version(package)

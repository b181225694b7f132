"""README and CLI agree (the datasette habit): every command, option and exit code the README names
exists, and every command, option and exit code of the CLI is in the README."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from thuis_cli.cli import app
from thuis_cli.errors import ExitCode

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def cli_commands() -> dict[str, set[str]]:
    group = typer.main.get_command(app)
    found = {}
    for name, command in group.commands.items():
        options = set()
        for param in command.params:
            options.update(o for o in param.opts if o.startswith("--"))
        found[name] = options
    return found


def readme_commands() -> dict[str, set[str]]:
    """Per command in the README's table of commands: the long options its row names."""
    section = README.split("## Commando's", 1)[1].split("\n## ", 1)[0]
    found: dict[str, set[str]] = {}
    for line in section.splitlines():
        match = re.match(r"\|\s*`thuis ([a-z]+)([^`]*)`", line)
        if match:
            found.setdefault(match.group(1), set()).update(re.findall(r"--[a-z][a-z-]*", match.group(2)))
    return found


def readme_exit_codes() -> set[int]:
    section = README.split("### Exitcodes", 1)[1].split("\n#", 1)[0]
    return {int(m) for m in re.findall(r"^\|\s*(\d+)\s*\|", section, re.MULTILINE)}


def test_every_command_is_in_the_readme_and_every_readme_command_exists():
    assert set(readme_commands()) == set(cli_commands())


def test_every_option_is_in_the_readme_and_every_readme_option_exists():
    cli, readme = cli_commands(), readme_commands()
    for name in cli:
        assert readme[name] == cli[name], (name, "alleen in README:", readme[name] - cli[name],
                                           "alleen in de CLI:", cli[name] - readme[name])


def test_exit_codes_in_the_readme_are_the_ones_thuis_uses():
    assert readme_exit_codes() == {int(c) for c in ExitCode}

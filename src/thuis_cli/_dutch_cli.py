"""Dutch wording for the help screens and usage errors of typer's bundled click.

Typer's framework strings are English constants; thuis speaks Dutch to its users, so they are
replaced here, once, when the CLI is built.
"""

from __future__ import annotations

import re

import typer.rich_utils as ru
from typer._click import decorators, formatting

ru.ARGUMENTS_PANEL_TITLE = "Argumenten"
ru.OPTIONS_PANEL_TITLE = "Opties"
ru.COMMANDS_PANEL_TITLE = "Commando's"
ru.ERRORS_PANEL_TITLE = "Fout"
ru.ABORTED_TEXT = "Afgebroken."
ru.RICH_HELP = "Probeer [blue]'{command_path} {help_option}'[/] voor hulp."
ru.DEFAULT_STRING = "[standaard: {}]"
ru.REQUIRED_LONG_STRING = "[verplicht]"
ru.DEPRECATED_STRING = "(verouderd) "
ru.ENVVAR_STRING = "[omgevingsvariabele: {}]"

_original_help_option = decorators.help_option


def _help_option(param_decls):
    apply = _original_help_option(param_decls)

    def dutch(command):
        command = apply(command)
        command.params[-1].help = "Toon deze hulp en stop."
        return command

    return dutch


decorators.help_option = _help_option

_original_write_usage = formatting.HelpFormatter.write_usage


def _write_usage(self, prog, args="", prefix=None):
    return _original_write_usage(self, prog, args, "Gebruik: " if prefix is None else prefix)


formatting.HelpFormatter.write_usage = _write_usage
ru.highlighter.highlights = [h.replace("Usage: ", "Gebruik: ") for h in ru.highlighter.highlights]

_MESSAGES = [
    (r"No such option: (\S+)(?: Did you mean (.+)\?)?",
     lambda m: f"Onbekende optie {m[1]}." + (f" Bedoelde u {m[2]}?" if m[2] else "")),
    (r"No such command '(.+?)'\.?", lambda m: f"Onbekend commando '{m[1]}'."),
    (r"Missing argument '(.+?)'\.?", lambda m: f"Argument {m[1]} ontbreekt."),
    (r"Missing option '(.+?)'\.?", lambda m: f"Optie {m[1]} ontbreekt."),
    (r"Option '(.+?)' requires an argument\.?", lambda m: f"Optie {m[1]} vraagt een waarde."),
    (r"Got unexpected extra arguments? \((.+)\)", lambda m: f"Onverwacht extra argument: {m[1]}."),
    (r"Invalid value for '(.+?)': '(.+?)' is not a valid integer\.?",
     lambda m: f"Ongeldige waarde voor {m[1]}: '{m[2]}' is geen geheel getal."),
    (r"Invalid value for '(.+?)': (.+)", lambda m: f"Ongeldige waarde voor {m[1]}: {m[2]}"),
]


def translate_usage_error(message: str) -> str:
    for pattern, make in _MESSAGES:
        match = re.match(pattern, message)
        if match:
            return make(match)
    return message

"""Dutch help screens and usage errors for typer 0.29, which bundles its own click (`typer._click`).

Why this way (issue 14): a plain-click CLI would give public APIs for help formatting, but typer 0.29
bundles click privately and does its own value parsing (with pydantic), so switching means rewriting
every command and its parsing; and click's own words would still be English (gettext catalogs).
What is sound here:
- Usage errors are translated from the exception *types* and their attributes (`NoSuchOption.option_name`
  and `.possibilities`, `MissingParameter.param_type`, `BadParameter.param` and its pydantic cause,
  translated by error type with the config's table). English text is read only where click raises a
  bare `UsageError` or `BadOptionUsage` with nothing else to go on, and a table of tests covers every
  type, so a typer upgrade that changes one fails a test instead of leaking English.
- Help: typer.rich_utils' panel titles are module constants, set when a help screen is first shown
  (`_dutch_rich_help`: rich is not loaded for a command that makes documents); four small replacements
  (help option text, 'Gebruik:' prefix, the type column, the argument name in the usage line) are pinned
  by the help tests.
The replacements are made with setattr: the type checker rightly refuses assignments to methods and
to class variables, and these are deliberate (hence the `noqa: B010` markers).
Typer is pinned to <0.30 in pyproject.toml; `test_cli.py` shows a new version's changes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import typer.core as tc
from typer._click import decorators, exceptions, formatting

if TYPE_CHECKING:
    from collections.abc import Sequence


def _dutch_rich_help() -> None:
    """typer.rich_utils with Dutch words, imported when a help screen is shown and not before: it
    loads rich (60-80 ms), which a command that makes documents never needs."""
    import typer.rich_utils as ru

    if getattr(ru, "_dutch", False):
        return
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
    # An instance attribute in front of the class's own: only this highlighter says 'Gebruik:'.
    dutch_highlights = [h.replace("Usage: ", "Gebruik: ") for h in ru.highlighter.highlights]
    setattr(ru.highlighter, "highlights", dutch_highlights)  # noqa: B010
    setattr(ru, "_dutch", True)  # noqa: B010


def _help_in_dutch(original):
    def format_help(self, ctx, formatter):
        _dutch_rich_help()
        return original(self, ctx, formatter)

    return format_help


setattr(tc.TyperCommand, "format_help", _help_in_dutch(tc.TyperCommand.format_help))  # noqa: B010
setattr(tc.TyperGroup, "format_help", _help_in_dutch(tc.TyperGroup.format_help))  # noqa: B010

_original_help_option = decorators.help_option


def _help_option(param_decls):
    apply = _original_help_option(param_decls)

    def dutch(command):
        command = apply(command)
        command.params[-1].help = "Toon deze hulp en stop."
        return command

    return dutch


setattr(decorators, "help_option", _help_option)  # noqa: B010

_original_write_usage = formatting.HelpFormatter.write_usage


def _write_usage(self, prog, args="", prefix=None):
    return _original_write_usage(self, prog, args, "Gebruik: " if prefix is None else prefix)


setattr(formatting.HelpFormatter, "write_usage", _write_usage)  # noqa: B010


def _option_type(self, ctx):
    """The value column of an option: its metavar (MAP, N, BESTAND), nothing for a flag; never a
    Python type label such as <bool> or <list[str]>."""
    return self.metavar


def _argument_type(self, ctx):
    return None  # the argument's metavar already stands in the name column


def _argument_usage(self) -> str:
    """GEMEENTE... for a required list, [PLAN.yaml] for an optional one: the usual notation."""
    name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
    return name + ("..." if self.nargs != 1 else "")


setattr(tc.TyperOption, "display_type_rich", _option_type)  # noqa: B010
setattr(tc.TyperArgument, "display_type_rich", _argument_type)  # noqa: B010
setattr(tc.TyperArgument, "_usage_display_name", _argument_usage)  # noqa: B010


# --- usage errors ---------------------------------------------------------------------------------

_PATH_PROBLEMS = [
    (r"(?:\w+ )?'(.+)' does not exist\.?", "'{0}' bestaat niet"),
    (r"(?:\w+ )?'(.+)' is a file\.?", "'{0}' is een bestand, geen map"),
    (r"(?:\w+ )?'(.+)' is a directory\.?", "'{0}' is een map, geen bestand"),
    (r"(?:\w+ )?'(.+)' is not readable\.?", "'{0}' is niet leesbaar"),
    (r"(?:\w+ )?'(.+)' is not writable\.?", "'{0}' is niet schrijfbaar"),
]


def _bad_value(exc) -> str:
    """Why a value was refused: the pydantic cause by error type, else typer's own path checks."""
    from .messages import pydantic_message

    cause = exc.__cause__
    if cause is not None and hasattr(cause, "errors"):
        errors = cause.errors()
        if errors:
            value = errors[0].get("input")
            reason = pydantic_message(errors[0])
            return reason if reason.startswith("'") or value is None else f"'{value}' {reason}"
    for pattern, dutch in _PATH_PROBLEMS:
        match = re.fullmatch(pattern, exc.message)
        if match:
            return dutch.format(*match.groups())
    return "ongeldige waarde"


def _param_name(exc) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint)
    param = exc.param
    if param is None:
        return "een parameter"
    if isinstance(param, tc.TyperArgument) or param.param_type_name == "argument":
        return param.display_name_raw
    return max(param.opts, key=len)


def usage_message(exc: exceptions.UsageError, commands: Sequence[str] = (), ctx=None) -> str:
    """A click/typer usage error as one Dutch sentence."""
    from .suggest import did_you_mean

    if isinstance(exc, exceptions.NoSuchOption):
        from .suggest import closest

        near = closest(exc.option_name, exc.possibilities or [], limit=2) if exc.possibilities else []
        return f"Onbekende optie {exc.option_name}." + (f" Bedoelde u {' of '.join(near)}?" if near else "")
    if isinstance(exc, exceptions.MissingParameter):
        name = _param_name(exc)
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        return {"argument": f"Argument {name} ontbreekt.", "option": f"Optie {name} ontbreekt."}.get(
            kind, f"{name} ontbreekt.")
    if isinstance(exc, exceptions.BadParameter):
        return f"Ongeldige waarde voor {_param_name(exc)}: {_bad_value(exc)}."
    if isinstance(exc, exceptions.BadOptionUsage):
        name = exc.option_name
        if "does not take a value" in exc.message:
            return f"Optie {name} neemt geen waarde (het is een schakelaar: schrijf alleen {name})."
        count = re.search(r"requires (\d+) arguments", exc.message)
        if count:
            return f"Optie {name} vraagt {count[1]} waarden."
        return f"Optie {name} vraagt een waarde."
    if isinstance(exc, exceptions.BadArgumentUsage):
        match = re.match(r"Argument '(.+?)' takes (\d+) values", exc.message)
        if match:
            ctx = exc.ctx or ctx
            params = ctx.command.params if ctx else []
            name = next((p.display_name_raw for p in params if p.name == match[1]
                         and getattr(p, "display_name_raw", None)), match[1])
            return f"Argument {name} vraagt {match[2]} waarden."
        return "Verkeerd gebruik van een argument."
    message = exc.message
    match = re.match(r"No such command '(.+?)'", message)
    if match:
        return f"Onbekend commando '{match[1]}'.{did_you_mean(match[1], commands)}"
    if message.startswith("Missing command"):
        return "Geef een commando."
    match = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", message)
    if match:
        extra = match[1].split()
        return (f"Onverwacht extra argument: {match[1]}." if len(extra) == 1
                else f"Onverwachte extra argumenten: {match[1]}.")
    return "Ongeldig gebruik van het commando."


def usage_error_text(exc: exceptions.UsageError, group, args: list[str]) -> str:
    """Usage line, a pointer to the help of the command that failed (`thuis brief --help`), and the
    Dutch message. click leaves the context out of some errors; then the command is found in `args`."""
    ctx = exc.ctx
    name = next((a for a in args if a in group.commands), None)
    if name is not None and (ctx is None or ctx.command is group):
        from typer._click.core import Context

        root = Context(group, info_name="thuis")
        ctx = Context(group.commands[name], info_name=name, parent=root)
    usage = ctx.get_usage() if ctx else "Gebruik: thuis [OPTIES] COMMANDO [ARGUMENTEN]..."
    path = ctx.command_path if ctx else "thuis"
    return f"{usage}\nProbeer '{path} --help' voor hulp.\n\nFout: {usage_message(exc, list(group.commands), ctx)}"

"""The command-line options of a follow-up survey on every document command: `--antwoorden`,
`--koppeling`, `--marges` and `--ongewogen`, else the `bevraging:` section of thuis.yaml.

`cli.py` marks a command with `@bevraging_opties` (one line each) and calls `apply(ws)` where it opens
the workspace; this module adds the options to the command's signature, so typer lists them in its
help, and keeps the values for the duration of the command.
"""

from __future__ import annotations

import functools
import inspect
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import InputError

AntwoordenOpt = Annotated[Optional[Path], typer.Option(
    "--antwoorden", metavar="BESTAND",
    help="Antwoorden van een eigen vervolgbevraging (LimeSurvey .csv/.xlsx, KoboToolbox .csv/.xlsx of SPSS "
         ".sav): de cijfers van die gemeente komen dan uit de bevraging, gewogen, naast die van 2020.")]
KoppelingOpt = Annotated[Optional[Path], typer.Option(
    "--koppeling", metavar="BESTAND",
    help="Het koppelingsbestand (bevraging.yaml) bij --antwoorden: welke kolom welke indicator is.")]
MargesOpt = Annotated[Optional[Path], typer.Option(
    "--marges", metavar="BESTAND",
    help="Bevolkingsmarges (CSV) voor de weging bij --antwoorden.")]
OngewogenOpt = Annotated[bool, typer.Option(
    "--ongewogen", help="Bij --antwoorden: niet wegen (de cijfers beschrijven dan de deelnemers zelf).")]

_OPTIONS = {"antwoorden": (AntwoordenOpt, None), "koppeling": (KoppelingOpt, None), "marges": (MargesOpt, None),
            "ongewogen": (OngewogenOpt, False)}
_current: ContextVar[dict | None] = ContextVar("bevraging", default=None)


def bevraging_opties(command):
    """Add the follow-up options to a typer command; their values are kept for `apply`."""
    signature = inspect.signature(command, eval_str=True)  # typer reads a given signature as it stands
    extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
             for name, (kind, default) in _OPTIONS.items()]

    @functools.wraps(command)
    def wrapper(*args, antwoorden=None, koppeling=None, marges=None, ongewogen=False, **kwargs):
        token = _current.set({"antwoorden": antwoorden, "koppeling": koppeling, "marges": marges,
                              "ongewogen": ongewogen})
        try:
            return command(*args, **kwargs)
        finally:
            _current.reset(token)

    params = list(signature.parameters.values())
    wrapper.__signature__ = signature.replace(parameters=params + extra)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {**command.__annotations__, **{name: kind for name, (kind, _) in _OPTIONS.items()}}
    return wrapper


def settings(project):
    """The follow-up of this command: its options, else thuis.yaml's `bevraging:`; None without one."""
    from .bevraging.mapping import Bevragingsinstellingen

    given = _current.get() or {}
    if given.get("antwoorden") is None:
        if given.get("koppeling") is not None or given.get("marges") is not None:
            raise InputError("--koppeling en --marges horen bij --antwoorden (de antwoorden van de bevraging).")
        chosen = getattr(project, "bevraging", None)
        if chosen is not None and given.get("ongewogen"):
            chosen = chosen.model_copy(update={"gewogen": False})
        return chosen
    if given.get("koppeling") is None:
        raise InputError("--antwoorden heeft een koppelingsbestand nodig: geef --koppeling bevraging.yaml (thuis "
                         "vragenlijst schrijft het naast de vragenlijst).")
    return Bevragingsinstellingen(antwoorden=given["antwoorden"], koppeling=given["koppeling"],
                                  marges=given.get("marges"), gewogen=not given.get("ongewogen"))


def apply(ws, chosen=None) -> None:
    """Make the follow-up (the options', else `chosen`, else thuis.yaml's) the municipality's results in
    the workspace, and tell the user what reading and weighting found."""
    chosen = settings(ws.project) if chosen is None else chosen
    if chosen is None:
        return
    from . import notices
    from .bevraging.opvolging import attach

    for line in attach(ws, chosen):
        notices.info(f"Bevraging: {line}")

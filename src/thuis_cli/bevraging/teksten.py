"""The sentences of the online questionnaires (LimeSurvey, XLSForm), from the macros of
`templates/_vragenlijst.html`, the same ones the paper version prints; a municipality rewords them with
its own `_vragenlijst.html` in its template folder."""

from __future__ import annotations

from pathlib import Path

from .vragenlijst import Groep, Vraag, Vragenlijst

TEMPLATE = "_vragenlijst.html"


def _say(name: str, *args, templates: Path | None = None) -> str:
    from ..templating import macro

    return macro(TEMPLATE, name, *args, user_templates=templates).strip()


def _text(name: str, vl: Vragenlijst, templates: Path | None) -> str:
    """A macro's text with its paragraphs (blank lines) kept and the lines inside a paragraph joined."""
    raw = _say(name, vl, templates=templates)
    return "\n\n".join(" ".join(p.split()) for p in raw.split("\n\n") if p.strip())


def welkom(vl: Vragenlijst, templates: Path | None = None) -> str:
    return _text("welkom", vl, templates)


def beschrijving(vl: Vragenlijst, templates: Path | None = None) -> str:
    return _text("beschrijving", vl, templates)


def privacy(vl: Vragenlijst, templates: Path | None = None) -> str:
    return _text("privacy", vl, templates)


def einde(vl: Vragenlijst, templates: Path | None = None) -> str:
    return _text("einde", vl, templates)


def hint(vraag: Vraag, templates: Path | None = None) -> str:
    """How to answer: one answer, or how many; for a choice between two poles, the poles."""
    return " ".join(_say("hint", vraag, templates=templates).split())


def groepstitel(groep: Groep, templates: Path | None = None) -> str:
    """The title of a part: the theme's, or for the profile questions one addressed to the resident."""
    return " ".join(_say("groepstitel", groep, templates=templates).split())


def groepsuitleg(groep: Groep, templates: Path | None = None) -> str:
    """Why a part is asked (the profile questions: for the weighting); empty for the others."""
    return " ".join(_say("groepsuitleg", groep, templates=templates).split())

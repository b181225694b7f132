"""Discussion items for residents: what the participation files are made of.

An `Onderwerp` is plain text only. It comes from a citizen message (one figure with its n and the
plans the municipality links to it) or from an action written down at an intervision session. The
writers turn it into each platform's format; nothing here knows a platform.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .. import fmt

MAX_TITLE = 80  # Go Vocal's limit; Decidim allows more, one title serves both
WORDS = "woorden/participatie.html"  # every word of the files that is not the message's own sentence


def words(templates: Path | None = None) -> Callable[..., str]:
    """One line of plain text from a macro of woorden/participatie.html (a municipality's own, if any)."""
    from ..templating import macro

    return lambda name, *args: clean(macro(WORDS, name, *args, user_templates=templates))


@dataclass(frozen=True)
class PlanRef:
    tekst: str
    meerjarenplan: str = ""


@dataclass(frozen=True)
class Onderwerp:
    """One item residents can react to. `alinea`s are plain-text paragraphs (no markup)."""

    titel: str
    alineas: tuple[str, ...]
    soort: Literal["boodschap", "actie"]
    indicator: str = ""
    thema: str = ""
    plannen: tuple[PlanRef, ...] = ()
    share: float | None = None
    n: float | None = None
    suppressed: bool = False
    cijfer: str = ""  # the figure with its n in words ('54 % van 1.495 deelnemers'); '' for an action

    @property
    def key(self) -> str:
        """What stays the same when the figures change: the indicator of a message, the text of an
        action (a platform's register of what was posted is kept by this key)."""
        if self.soort == "boodschap" and self.indicator:
            return f"boodschap/{self.indicator}"
        first = self.alineas[0] if self.alineas else self.titel
        return f"{self.soort}/{hashlib.sha256(first.encode()).hexdigest()[:16]}"

    @property
    def tekst(self) -> str:
        return "\n\n".join(self.alineas)

    def publishable(self, min_n: float) -> bool:
        """A figure reaches residents only with enough answers and never when suppressed."""
        if self.share is None:
            return self.n is None
        return not self.suppressed and self.n is not None and self.n >= min_n


def clean(text: str) -> str:
    """One line of text: control characters and runs of white space become single spaces."""
    text = "".join(" " if (ord(c) < 32 or ord(c) == 127) else c for c in str(text))
    return re.sub(r" {2,}", " ", text).strip(" ")  # a no-break space ('54\u00a0%') stays


def short_title(text: str, most: int = MAX_TITLE) -> str:
    """At most `most` characters, cut at a word boundary with an ellipsis."""
    text = clean(text)
    if len(text) <= most:
        return text
    cut = text[: most - 1]
    space = max(cut.rfind(" "), cut.rfind("\u00a0"))
    if space > most // 2:
        cut = cut[:space]
    return cut.rstrip(" \u00a0,;:.-–") + "…"


def from_messages(messages: Iterable, plannen=None, templates=None) -> list[Onderwerp]:
    """One item per citizen message (`infografiek.Boodschap`): the sentence, the figure with its n,
    the plans linked to it, and the question to residents. `plannen` (`GemeentePlannen` or None) is
    the municipality's current plan list: a plan the message carries but the list no longer holds
    is left out. The words come from _zinnen.html and woorden/participatie.html (`templates`: a
    municipality's own folder)."""
    from ..templating import macro

    say = words(templates)
    current = None if plannen is None else set(plannen.plannen)
    items = []
    for m in messages:
        zin = macro("_zinnen.html", "boodschap_zin", m, user_templates=templates).replace("\u00a0", " ")
        vergelijking = macro("_zinnen.html", "vergelijking_zin", m, user_templates=templates)
        plans = tuple(PlanRef(clean(p.tekst), clean(p.meerjarenplan)) for p in m.plannen
                      if current is None or p in current)
        percentage, n = fmt.pct(m.share), fmt.count(m.n)
        figure = say("cijfer", percentage, n)
        first = " ".join(x for x in (clean(zin), figure, clean(vergelijking.replace("\u00a0", " "))) if x)
        items.append(Onderwerp(
            titel=short_title(say("titel", clean(m.label), percentage)),
            alineas=(first, *(say("plan", p.tekst, p.meerjarenplan) for p in plans), say("vraag"), say("bron")),
            soort="boodschap", indicator=m.indicator, thema=clean(m.thema), plannen=plans,
            share=m.share, n=m.n, suppressed=bool(getattr(m, "suppressed", False)),
            cijfer=say("cijfer_kort", percentage, n)))
    return items


def from_actions(actions: Iterable[tuple[str, str, str]], templates: Path | None = None) -> list[Onderwerp]:
    """Actions from an intervision session (what, who, by when) as proposals to react to."""
    say = words(templates)
    items = []
    for what, who, when in actions:
        what, who, when = clean(what), clean(who), clean(when)
        if not what:
            continue
        paragraphs = [say("actie", what)]
        details = " ".join(x for x in (say("actie_wie", who) if who else "",
                                       say("actie_wanneer", when) if when else "") if x)
        if details:
            paragraphs.append(details)
        paragraphs.append(say("actie_vraag"))
        items.append(Onderwerp(titel=short_title(say("actie_titel", what)), alineas=tuple(paragraphs), soort="actie"))
    return items

"""Discussion items for residents: what the participation files are made of.

An `Onderwerp` is plain text only. It comes from a citizen message (one figure with its n and the
plans the municipality links to it) or from an action written down at an intervision session. The
writers turn it into each platform's format; nothing here knows a platform.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .. import fmt

MAX_TITLE = 80  # Go Vocal's limit; Decidim allows more, one title serves both
QUESTION = "Wat vindt u? Wat zou u helpen?"
SOURCE_NOTE = ("Bron: woontest 'Thuis in de Toekomst' (2020), een open online bevraging. De cijfers tonen "
               "wat de deelnemers antwoordden, niet wat alle inwoners denken.")


@dataclass(frozen=True)
class PlanRef:
    tekst: str
    meerjarenplan: str = ""

    @property
    def line(self) -> str:
        return (f"Wat doet de gemeente? {self.tekst}"
                + (f" Meerjarenplan: {self.meerjarenplan}." if self.meerjarenplan else ""))


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

    @property
    def cijfer(self) -> str:
        if self.share is None or self.n is None:
            return ""
        return f"{fmt.pct(self.share)} van {fmt.count(self.n)} deelnemers"

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
    is left out."""
    from ..templating import macro

    current = None if plannen is None else set(plannen.plannen)
    items = []
    for m in messages:
        zin = macro("_zinnen.html", "boodschap_zin", m, user_templates=templates).replace("\u00a0", " ")
        vergelijking = macro("_zinnen.html", "boodschap_vergelijking", m, user_templates=templates)
        plans = tuple(PlanRef(clean(p.tekst), clean(p.meerjarenplan)) for p in m.plannen
                      if current is None or p in current)
        figure = f"Dat is {fmt.pct(m.share)} van {fmt.count(m.n)} deelnemers aan de woontest."
        first = " ".join(x for x in (clean(zin), figure, clean(vergelijking.replace("\u00a0", " "))) if x)
        items.append(Onderwerp(
            titel=short_title(f"{clean(m.label)}: {fmt.pct(m.share)} van de deelnemers"),
            alineas=(first, *(p.line for p in plans), QUESTION, SOURCE_NOTE),
            soort="boodschap", indicator=m.indicator, thema=clean(m.thema), plannen=plans,
            share=m.share, n=m.n, suppressed=bool(getattr(m, "suppressed", False))))
    return items


def from_actions(actions: Iterable[tuple[str, str, str]]) -> list[Onderwerp]:
    """Actions from an intervision session (what, who, by when) as proposals to react to."""
    items = []
    for what, who, when in actions:
        what, who, when = clean(what), clean(who), clean(when)
        if not what:
            continue
        paragraphs = [f"Tijdens de intervisie met buurgemeenten schreef de gemeente deze actie op: {what}"]
        details = " ".join(x for x in (f"Wie: {who}." if who else "", f"Tegen wanneer: {when}." if when else "") if x)
        if details:
            paragraphs.append(details)
        paragraphs.append("Wat vindt u van dit voorstel? Wat zou u helpen?")
        items.append(Onderwerp(titel=short_title(f"Voorstel: {what}"), alineas=tuple(paragraphs), soort="actie"))
    return items

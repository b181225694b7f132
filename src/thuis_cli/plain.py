"""Shares for residents, with honest rounding: 67 % -> 'bijna 7 op de 10'.

This module decides the numbers (which tenth, 'bijna' or 'ruim'); the words are written in the
template macro `aandeel_woorden` (templates/_zinnen.html)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import fmt


@dataclass(frozen=True)
class Fraction:
    kind: Literal["bijna_alle", "bijna_geen", "helft", "op_de_100", "op_de_10"]
    qualifier: Literal["", "bijna", "ruim"] = ""
    number: int = 0


def fraction(share: float) -> Fraction:
    """A share as a fraction a resident reads at a glance, never rounded in a misleading direction: a
    whole tenth only when the printed percentage is one (70 % is '7 op de 10', 71 % 'ruim 7 op de 10', 29 %
    'bijna 3 op de 10'), and from 45 to 55 % the half ('iets meer dan de helft' for 53 %, never 'ruim 5
    op de 10', which reads as 'about half' to some and 'well over half' to others)."""
    pct = fmt.percent(share)
    if pct >= 97.5:
        return Fraction("bijna_alle")
    if pct < 2.5:
        return Fraction("bijna_geen")
    if pct < 10:  # '6 op de 100' reads at a glance; 'ongeveer 1 op de 16' needs a sum
        return Fraction("op_de_100", "", fmt.whole_percent(share))
    whole = fmt.whole_percent(share)  # the number printed beside the words
    if 45 <= whole <= 55:
        return Fraction("helft", "" if whole == 50 else ("bijna" if whole < 50 else "ruim"))
    tens, rest = divmod(whole, 10)
    if rest == 0:
        return Fraction("op_de_10", "", tens)
    if rest >= 5:
        return Fraction("op_de_10", "bijna", tens + 1)
    return Fraction("op_de_10", "ruim", tens)

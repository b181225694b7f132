"""Shares for residents, with honest rounding: 67 % -> 'bijna 7 op de 10'.

This module decides the numbers (which tenth, 'bijna' or 'ruim'); the words are written in the
template macro `aandeel_woorden` (templates/_zinnen.html)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from . import fmt


@dataclass(frozen=True)
class Fraction:
    kind: Literal["bijna_alle", "bijna_geen", "helft", "op_de_100", "op_de_10"]
    qualifier: Literal["", "bijna", "ruim"] = ""
    number: int = 0


def fraction(share: float) -> Fraction:
    """A share as a fraction a resident reads at a glance, never rounded in a misleading direction."""
    pct = fmt.percent(share)
    if pct >= 97.5:
        return Fraction("bijna_alle")
    if pct < 2.5:
        return Fraction("bijna_geen")
    if 47.5 <= pct < 52.5:
        return Fraction("helft", "" if abs(pct - 50) < 1 else ("bijna" if pct < 50 else "ruim"))
    if pct < 10:  # '6 op de 100' reads at a glance; 'ongeveer 1 op de 16' needs a sum
        return Fraction("op_de_100", "", fmt.whole_percent(share))
    tenths = pct / 10
    nearest = fmt.round_half_away(tenths)
    if abs(tenths - nearest) < 0.15:
        return Fraction("op_de_10", "", nearest)
    if tenths < nearest:
        return Fraction("op_de_10", "bijna", nearest)
    return Fraction("op_de_10", "ruim", math.floor(tenths))

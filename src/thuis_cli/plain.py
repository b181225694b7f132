"""Figures in plain Dutch (B1) for residents, with honest rounding: 67 % -> 'bijna 7 op de 10'."""

from __future__ import annotations

import math

from . import fmt


def fraction_words(share: float) -> str:
    """A share as words a resident reads at a glance, never rounded in a misleading direction."""
    pct = fmt.percent(share)
    if pct >= 97.5:
        return "bijna alle"
    if pct < 2.5:
        return "bijna geen"
    if 47.5 <= pct < 52.5:
        return "de helft van de" if abs(pct - 50) < 1 else ("bijna de helft van de" if pct < 50 else
                                                             "iets meer dan de helft van de")
    if pct < 10:
        one_in = fmt.round_half_away(100 / pct)
        return f"ongeveer 1\u00a0op\u00a0de\u00a0{one_in}"
    tenths = pct / 10
    nearest = fmt.round_half_away(tenths)
    if abs(tenths - nearest) < 0.15:
        return f"{nearest}\u00a0op\u00a0de\u00a010"
    if tenths < nearest:
        return f"bijna {nearest}\u00a0op\u00a0de\u00a010"
    return f"ruim {math.floor(tenths)}\u00a0op\u00a0de\u00a010"


def sentence(share: float, gemeente: str, zin: str) -> str:
    """'Bijna 7 op de 10 deelnemers uit Leuven wonen liever in een buurt met winkels op wandelafstand.'"""
    words = fraction_words(share)
    subject = f"{words} deelnemers uit {gemeente}"
    return subject[0].upper() + subject[1:] + f" {zin}."


def comparison(diff: float, ref_share: float) -> str:
    direction = "meer" if diff > 0 else "minder"
    return f"Dat zijn er {direction} dan in heel Vlaanderen ({fraction_words(ref_share)})."

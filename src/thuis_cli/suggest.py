"""Closest known names for a misspelt one."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, known: Iterable[str], limit: int = 3) -> list[str]:
    from rapidfuzz import fuzz, process, utils

    choices = list(dict.fromkeys(known))
    found = process.extract(word, choices, scorer=fuzz.WRatio, limit=limit,
                            processor=utils.default_process, score_cutoff=60)
    return [name for name, _score, _index in found]


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """' Bedoelde u: a, b?' or '' when nothing is close."""
    names = closest(word, known)
    if not names:
        return ""
    return " Bedoelde u: " + ", ".join(f"'{n}'" for n in names) + "?"


def with_hint(text: str, word: str, known: Iterable[str]) -> str:
    """"onbekende sleutel 'maxx'. Bedoelde u: 'max'?": the sentence closed before the question; the text
    alone when nothing is close."""
    hint = did_you_mean(word, known)
    return f"{text}.{hint}" if hint else text

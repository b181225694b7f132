"""Warnings for the user: the command carries on, the user is told on stderr ("Let op: ...").

Every warning goes through `warn`, so a caller that keeps a log (batch `--log`) can add a listener
and nothing printed is lost.
"""

from __future__ import annotations

import sys
from typing import Callable

listeners: list[Callable[[str], None]] = []


def warn(message: str) -> None:
    text = f"Let op: {message}"
    print(text, file=sys.stderr, flush=True)
    for listener in listeners:
        listener(text)


def info(message: str) -> None:
    """A line the user should see but that is not a problem (which thuis.yaml is used)."""
    print(message, file=sys.stderr, flush=True)
    for listener in listeners:
        listener(message)

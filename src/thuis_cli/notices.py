"""Warnings for the user: the command carries on, the user is told on stderr ("Let op: ...").

Every warning goes through `warn` (or `info`), to the stderr of the command's environment and to every
listener of that environment (`env.Environment.listeners`): the batch's `--log` file and the summary of
`thuis check` hear every one, and nothing printed is lost.
"""

from __future__ import annotations

from .env import current


def warn(message: str) -> None:
    say(f"Let op: {message}")


def info(message: str) -> None:
    """A line the user should see but that is not a problem (which thuis.yaml is used)."""
    say(message)


def say(text: str) -> None:
    env = current()
    env.echo(text, err=True)
    for listener in list(env.listeners):
        listener(text)

"""Exit codes and the one error type the CLI turns into a Dutch message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PARTIAL_FAILURE = 1  # batch: some outputs failed, the rest were made
    INVALID_INPUT = 2  # bad data, config, plan or arguments
    BUSY = 3  # batch: another run holds the output folder
    NOT_SENT = 4  # bezorg, participatie --verstuur: the server could not be used (connection, TLS, login); nothing sent
    INTERRUPTED = 130


MAX_PROBLEMS_SHOWN = 50
MAX_VALUE_CHARS = 40


def show_value(value: object) -> str:
    """A cell value fit for a message: quoted, one line, cut short (never a whole row)."""
    text = str(value).replace("\n", " ").replace("\r", " ")
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    return f"'{text}'"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: str | None = None
    row: int | None = None
    line: int | None = None
    column: str | None = None  # a named column of a table
    position: int | None = None  # a character's column on `line` (YAML)
    value: object | None = None

    def __str__(self) -> str:
        place = []
        if self.file:
            place.append(self.file)
        if self.row is not None:
            place.append(f"rij {self.row}")
        if self.line is not None:
            place.append(f"regel {self.line}")
        if self.position is not None:
            place.append(f"kolom {self.position}")
        if self.column:
            place.append(f"kolom '{self.column}'")
        head = ", ".join(place)
        text = self.message
        if self.value is not None:
            text = f"waarde {show_value(self.value)}: {text}"
        return f"{head}: {text}" if head else text


class ThuisError(Exception):
    """An error the user can fix; the CLI prints it in Dutch and exits with `exit_code`."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, summary: str, problems: list[Problem] | None = None):
        super().__init__(summary)
        self.summary = summary
        self.problems = list(problems or [])

    def __reduce__(self):  # whole, problems included, when a worker process hands it back
        return type(self), (self.summary, self.problems)

    def __str__(self) -> str:
        lines = [self.summary]
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        lines += [f"  - {p}" for p in shown]
        hidden = len(self.problems) - len(shown)
        if hidden > 0:
            lines.append(f"  … en nog {hidden} {'probleem' if hidden == 1 else 'problemen'}.")
        return "\n".join(lines)


class InputError(ThuisError):
    """Invalid data, config or arguments (exit code 2)."""


class NothingToPublish(InputError):
    """Every figure of the output would be suppressed: a clear 'no' in a direct command, an empty
    (not failed) output in a batch run."""

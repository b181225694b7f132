"""The environment a command runs in, as one value (httpie's `Environment`): its standard streams,
whether they are terminals, the environment variables, the clock and who listens to notices.

The CLI edge (`cli.run`) makes one and puts it in place for the command (`using`); the code below it
asks `current()` instead of reading `sys.stdout`, `os.environ` or `isatty` itself. Tests run the CLI
in-process with an `Environment` of their own (`tests/clirunner.py`): streams in memory, variables
of their choice, a fixed clock.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, TextIO


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@dataclass
class Environment:
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    clock: Callable[[], dt.datetime] = dt.datetime.now
    listeners: list[Callable[[str], None]] = field(default_factory=list)  # hear every notice (notices.py)
    stdout_isatty: bool | None = None  # None: ask the stream
    stderr_isatty: bool | None = None

    def __post_init__(self) -> None:
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)
        if self.stderr_isatty is None:
            self.stderr_isatty = _isatty(self.stderr)

    def echo(self, text: str = "", err: bool = False) -> None:
        """A line for the user: stdout, or stderr (`err`); flushed, as a forked worker must not write it again."""
        stream = self.stderr if err else self.stdout
        stream.write(f"{text}\n")
        stream.flush()

    def now(self) -> dt.datetime:
        return self.clock()


_stack: list[Environment] = []
_process: list[Environment] = []  # the process's own, made at first use


def current() -> Environment:
    """The environment of the running command; outside a command, the process's own (with the
    streams `sys` has now: a test's capture replaces them)."""
    if _stack:
        return _stack[-1]
    if not _process:
        _process.append(Environment())
    process = _process[0]
    if process.stdout is not sys.stdout or process.stderr is not sys.stderr:
        process.stdout, process.stderr = sys.stdout, sys.stderr
        process.stdout_isatty, process.stderr_isatty = _isatty(sys.stdout), _isatty(sys.stderr)
    return process


@contextmanager
def using(environment: Environment) -> Iterator[Environment]:
    """Run a command in `environment`."""
    _stack.append(environment)
    try:
        yield environment
    finally:
        _stack.remove(environment)


@contextmanager
def listening(listener: Callable[[str], None]) -> Iterator[None]:
    """`listener` hears every notice while the block runs."""
    listeners = current().listeners
    listeners.append(listener)
    try:
        yield
    finally:
        listeners.remove(listener)

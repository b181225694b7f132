"""Run the `thuis` command line in the test's own process, with a test environment (thuis_cli.env):
output in memory, the environment variables of the test's choice, not a terminal. A subprocess is
for what needs one: the exit of the process, signals, the workers forked at its start."""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from thuis_cli.cli import run
from thuis_cli.env import Environment


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    environment: Environment


def thuis(*args, cwd: Path | str | None = None, env: dict[str, str] | None = None) -> Result:
    """`thuis ARGS` as the user would type it, run in-process; like subprocess.run's result."""
    out, err = io.StringIO(), io.StringIO()
    environment = Environment(stdout=out, stderr=err, environ={**os.environ, "COLUMNS": "100", **(env or {})},
                              stdout_isatty=False, stderr_isatty=False)
    code = 0
    # click writes help screens and its own errors to sys.stdout and sys.stderr: those are the test's too
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            contextlib.chdir(cwd or os.getcwd()), _variables({"COLUMNS": "100", **(env or {})}):
        try:
            run([str(a) for a in args], environment=environment)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return Result(code, out.getvalue(), err.getvalue(), environment)


@contextlib.contextmanager
def _variables(env: dict[str, str] | None):
    """Variables read by code that does not take them from the environment object (libraries)."""
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

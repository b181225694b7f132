"""The real command in a fresh process, without paying its start-up every time.

A test that runs `python -m thuis_cli ...` as a subprocess pays about a second of CPU for the imports
(pandas, pydantic, the CLI) before the command does anything; the hardening corpus alone runs more than
fifty of them. `Runner` starts one server process that imports those modules once and then forks a child
per command: the child sets the resource limits, moves to the command's folder, points its standard
streams at files and runs the same entry point as `thuis` (`thuis_cli.__main__.main`, which ends the
process with the command's exit code). So every command still runs in its own process, with its own
limits, exit code and streams; what it shares with the others is only the modules imported before the
fork (nothing of the command's own state: no command has run in the server).

An exception that escapes the entry point is printed with its traceback, as the interpreter would, and
the child exits with 1; a child killed by a signal reports -signal, as `subprocess` does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# What every command imports before it looks at its arguments (measured with -X importtime).
PRELOAD = ("pandas", "numpy", "yaml", "pydantic", "typer", "jinja2", "thuis_cli.cli", "thuis_cli.errors",
           "thuis_cli.config", "thuis_cli.compute", "thuis_cli.report", "thuis_cli.load", "thuis_cli.validate",
           "thuis_cli.findings", "thuis_cli.bevraging")


class Runner:
    """One server process per test session (per xdist worker); `run` is `subprocess.run` for a command."""

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="thuis-forkrun-"))
        self._server = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, cwd=self._folder)
        assert self._server.stdout is not None
        ready = self._server.stdout.readline()
        assert ready.strip() == "klaar", ready
        self._count = 0

    def run(self, args: list[str], cwd: Path, memory: int | None = None,
            seconds: int = 120) -> subprocess.CompletedProcess:
        self._count += 1
        out, err = self._folder / f"{self._count}.out", self._folder / f"{self._count}.err"
        assert self._server.stdin is not None and self._server.stdout is not None
        request = {"args": [str(a) for a in args], "cwd": str(cwd), "memory": memory, "seconds": seconds,
                   "out": str(out), "err": str(err)}
        self._server.stdin.write(json.dumps(request) + "\n")
        self._server.stdin.flush()
        reply = self._server.stdout.readline()
        assert reply, "the fork server stopped"
        code = json.loads(reply)["code"]
        result = subprocess.CompletedProcess(["thuis", *request["args"]], code,
                                             out.read_text(errors="replace"), err.read_text(errors="replace"))
        out.unlink()
        err.unlink()
        return result

    def close(self) -> None:
        if self._server.stdin:
            self._server.stdin.close()
        self._server.wait(timeout=30)
        for path in self._folder.iterdir():
            path.unlink()
        self._folder.rmdir()


def serve() -> None:
    """Import once, then per request line fork the command and answer its exit code."""
    import importlib
    import resource
    import signal

    for name in PRELOAD:
        importlib.import_module(name)
    from thuis_cli.__main__ import main

    print("klaar", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the command's own process
            try:
                if request["memory"]:
                    resource.setrlimit(resource.RLIMIT_AS, (request["memory"], request["memory"]))
                signal.alarm(request["seconds"])  # SIGALRM ends it, as subprocess's timeout would
                os.chdir(request["cwd"])
                for fd, path in ((1, request["out"]), (2, request["err"])):
                    target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                    os.dup2(target, fd)
                    os.close(target)
                sys.stdin = open(os.devnull)
                os.dup2(sys.stdin.fileno(), 0)
                sys.argv = ["thuis", *request["args"]]
                main()  # ends the process with the command's exit code
            except BaseException:  # noqa: BLE001 - what escapes the entry point: its traceback, code 1
                import traceback

                traceback.print_exc()
                sys.stderr.flush()
                os._exit(1)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        print(json.dumps({"code": code}), flush=True)


if __name__ == "__main__":
    serve()

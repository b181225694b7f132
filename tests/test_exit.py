"""The CLI leaves without the interpreter's shutdown walk, yet with the same output and exit code."""

import os
import subprocess
import sys

from thuis_cli import __main__ as entry


def run(*args, code: str = "from thuis_cli.__main__ import main; main()"):
    return subprocess.run([sys.executable, "-c", f"import sys; sys.argv[0] = 'thuis'; {code}", *args],
                          capture_output=True, env={**os.environ, "COLUMNS": "100"}, timeout=120)


def test_long_output_through_a_pipe_is_complete_and_the_same_as_a_normal_exit():
    fast = run("lijst", "gemeenten")
    normal = run("lijst", "gemeenten", code="from thuis_cli.cli import run; run()")
    assert fast.returncode == normal.returncode == 0
    assert fast.stdout == normal.stdout and len(fast.stdout.splitlines()) > 250
    assert fast.stderr == normal.stderr


def test_error_exit_code_and_message_are_kept():
    fast = run("brief", "--dienst", "ruimte", "--gemeente", "Atlantis")
    normal = run("brief", "--dienst", "ruimte", "--gemeente", "Atlantis", code="from thuis_cli.cli import run; run()")
    assert fast.returncode == normal.returncode == 2
    assert fast.stderr == normal.stderr and b"Atlantis" in fast.stderr


def test_exit_handlers_still_run(tmp_path):
    marker = tmp_path / "ran"
    result = run("--help", code=("import atexit, pathlib; "
                                 f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'ja'); "
                                 "from thuis_cli.__main__ import main; main()"))
    assert result.returncode == 0 and marker.read_text() == "ja"


def test_exit_codes_map_like_sys_exit():
    assert entry._exit_code(None) == 0
    assert entry._exit_code(2) == 2
    assert entry._exit_code(256 + 3) == 3


def test_a_running_thread_is_waited_for_as_in_a_normal_exit(tmp_path):
    marker = tmp_path / "draad"
    result = run("--help", code=("import threading, time, pathlib; "
                                 "threading.Thread(target=lambda: (time.sleep(0.5), "
                                 f"pathlib.Path({str(marker)!r}).write_text('klaar'))).start(); "
                                 "from thuis_cli.__main__ import main; main()"))
    assert result.returncode == 0 and marker.read_text() == "klaar"

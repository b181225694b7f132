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


def test_the_command_and_its_pdf_workers_remove_weasyprint_s_temporary_font_folders(tmp_path):
    """WeasyPrint removes its folder of @font-face fonts only in a finalizer that neither the command
    (it leaves without the interpreter's shutdown) nor a forked worker (os._exit) reaches by itself:
    render runs it at the end of each process. One brief has one worker, 'alle' one per core."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    for dienst in ("ruimte", "alle"):
        result = subprocess.run([sys.executable, "-m", "thuis_cli", "brief", "--dienst", dienst, "--gemeente",
                                 "spiere-helkijn", "--uit", tmp_path / "uit"], capture_output=True, env=env,
                                timeout=300)
        assert result.returncode == 0, result.stderr
        assert not list(temp.glob("weasyprint-*")), dienst


def test_ctrl_c_exits_130_and_leaves_no_worker(tmp_path):
    """Ctrl-C reaches the whole foreground process group: the command answers 130, its workers go."""
    import signal
    import time

    def as_at_a_terminal():  # a runner started in the background ignores SIGINT, and a child inherits that
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    process = subprocess.Popen([sys.executable, "-m", "thuis_cli", "brief", "--dienst", "alle", "--uit",
                                tmp_path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=as_at_a_terminal)
    time.sleep(0.5)  # started, its workers forked, long before 'alle' is done
    os.killpg(process.pid, signal.SIGINT)
    process.communicate(timeout=60)
    assert process.returncode == 130
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # anyone left in the command's process group?
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("a worker outlived the interrupted command")



def test_the_font_finalizer_leaves_nothing_for_the_interpreter_s_own_call_at_shutdown(tmp_path, monkeypatch):
    """render runs WeasyPrint's finalizer itself at the end; at a normal shutdown the interpreter calls
    `__del__` once more, possibly after clearing the module's globals (rmtree is None by then)."""
    import weasyprint.text.fonts as fonts
    from weasyprint.text.fonts import FontConfiguration

    from thuis_cli import pdf

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    config = FontConfiguration()
    config._folder = tmp_path / "weasyprint-test"
    config._folder.mkdir()
    pdf._once(config)()
    assert not (tmp_path / "weasyprint-test").exists()
    monkeypatch.setattr(fonts, "rmtree", None)
    config.__del__()  # the interpreter's call: must not reach the cleared rmtree

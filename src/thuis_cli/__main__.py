"""Entry point: `thuis` and `python -m thuis_cli`."""

from __future__ import annotations


def main() -> None:
    """Run the CLI, then leave without the interpreter's shutdown: it walks and frees every object
    (0.1 s after `thuis brief --dienst ruimte`, against 6 ms this way) for a process that is about to
    end anyway. What has an effect outside the process still happens, in the interpreter's order:
    running threads and thread pools are waited for, the exit handlers run (process pools,
    multiprocessing's finalizers, temporary folders, logging, and the finalizer of WeasyPrint's font
    configuration, which `pdf` registers), and both streams are flushed, so the exit code and the
    output are those of a normal exit. What is skipped is freeing the objects still alive; after a brief
    none of them but the font configuration had a finalizer that does more than free memory (no open
    file beside the standard streams, no other Python finalizer)."""
    import atexit
    import os
    import sys

    # pydantic looks for plugins in the metadata of every installed package the first time it builds a
    # validator (10-15 ms of every start); thuis uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__":
        _no_plugin_loader()
    from . import workers

    try:
        workers.start_early(sys.argv[1:])  # before the CLI loads: a PDF worker loads WeasyPrint meanwhile
        from .cli import run

        run()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt:  # Ctrl-C before the CLI handles it (while the workers fork, the CLI loads)
        from .errors import ExitCode

        print("Onderbroken.", file=sys.stderr)
        code = int(ExitCode.INTERRUPTED)
    finally:
        workers.release_early()
    # What the interpreter's own shutdown does first, in its order: wait for running (non-daemon)
    # threads and thread pools, then the exit handlers (process pools, temporary folders, logging).
    threading = sys.modules.get("threading")
    if threading is not None and hasattr(threading, "_shutdown"):
        threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            code = code or 120  # what Python itself returns when stdout cannot be flushed at exit
    os._exit(code)


def _no_plugin_loader() -> None:
    """pydantic's plugin loader imports importlib.metadata (25 ms) before it sees that plugins are
    switched off and returns none. With them off, a loader that returns none at once stands in for it:
    the same answer, without the import. Only its `get_plugins` is ever imported (by the validator
    factory), and only when pydantic has not loaded its own already."""
    import sys
    import types

    loader = types.ModuleType("pydantic.plugin._loader", "Stand-in: plugins are off (thuis_cli.__main__).")
    setattr(loader, "get_plugins", lambda: ())  # noqa: B010 - an attribute of a new, empty module
    sys.modules.setdefault("pydantic.plugin._loader", loader)


def _exit_code(value) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    import sys

    print(value, file=sys.stderr)  # sys.exit("message"): shown, code 1
    return 1


if __name__ == "__main__":
    main()

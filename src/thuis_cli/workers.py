"""Forked worker processes: the batch's documents, and the PDFs of a command.

A batch worker is a fork of the run: it starts with everything the run has loaded and computed and
gets only a target. A command's PDF workers (`Ahead`) are forked the moment the command starts: they
load WeasyPrint while the command reads its data and computes, then turn the command's HTML into PDFs.
Every worker dies with its parent: a killed command leaves no orphans behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial


def cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start(lock_fd: int | None = None) -> None:
    """In each fresh worker: die with the parent, let go of an inherited lock descriptor so that only
    the command itself holds its lock, and raise the garbage collector's thresholds (GC_THRESHOLDS)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
    if lock_fd is not None:
        try:
            os.close(lock_fd)
        except OSError:
            pass
    import gc

    gc.set_threshold(*GC_THRESHOLDS)


def pool(jobs: int, initializer=start, initargs: tuple = ()) -> ProcessPoolExecutor:
    """`jobs` forked workers, each running `initializer(*initargs)` first (at least `start`)."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=initializer, initargs=initargs)


class Ahead:
    """Workers forked now and warmed by `warm` (run in each), for the tasks the command submits later."""

    def __init__(self, jobs: int, warm):
        for stream in (sys.stdout, sys.stderr):  # a fork must not write the command's buffered output again
            stream.flush()
        self.jobs = jobs
        self.closed = False
        self.executor = pool(jobs, _start_warm, (warm,))
        self.executor.submit(int)  # a pool of forks starts all its workers at its first task: now

    def submit(self, func, *args) -> Future:
        return self.executor.submit(_between_collections, func, *args)

    def close(self, failed: bool = False) -> None:
        """After a failure the queued tasks are dropped. Always waits for the workers to stop: a pool
        left to stop on its own races the interpreter's exit handler for its wake-up pipe (Python 3.11
        then prints 'Bad file descriptor' with a traceback after the command's own message)."""
        self.executor.shutdown(wait=True, cancel_futures=failed)
        self.closed = True


def _between_collections(func, *args):
    """A command worker's task with the garbage collector off; the garbage of the task before it, if
    any, is collected first, at once. A document's layout is a few hundred thousand short-lived objects:
    collected while it is made, the collector walks them again and again (2-3 % of a brief); a worker
    that makes one PDF never collects at all. The memory of one document's garbage is all it costs.
    The collector being off is what says a task ran before (the warm-up leaves it on)."""
    import gc

    if not gc.isenabled():
        gc.collect()
    gc.disable()
    return func(*args)


def _start_warm(warm) -> None:
    start()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to handle; its workers die with it
    try:
        warm()
    except Exception:  # noqa: BLE001 - warming up is an optimisation; the real task reports its own errors
        pass
    settle()


# A worker's garbage collector looks at new objects after 5,000 allocations instead of Python's 700,
# and at older ones half as often: WeasyPrint allocates a great many short-lived objects per document,
# and with the defaults the collector cost 8-10 % of a brief. Higher thresholds were no faster and let
# a workbook's discarded layouts pile up (a batch worker grew from 263 to 534 MB with 50,000, 50, 100;
# these keep it within 10 MB of the defaults). Set in every worker (`start`), never in the command or
# the batch's main process, whose memory the forks inherit.
GC_THRESHOLDS = (5_000, 5, 5)


def settle() -> None:
    """Once the libraries are loaded, before the documents: what is loaded now is frozen, so that the
    garbage collector no longer walks it and forked workers keep sharing its pages."""
    import gc

    gc.collect()
    gc.freeze()


# --- PDF workers forked before the command line is even parsed -------------------------------------

# Loading typer and a command's own imports takes 0.2-0.3 s before the command itself can fork its PDF
# workers; forked at the very start (__main__), a worker is loading WeasyPrint meanwhile. The command
# line is read here only for which command it is and whether it makes one PDF or several, the rule of
# cli._pdf_workers; a wrong guess costs nothing but the head start (the command discards the pool and
# forks its own).
_EARLY: list[Ahead] = []
# Which commands make PDFs, from which templates, and which argument value means several: each
# product's ABOUT (read from its source, without importing it; see products.about).


def _command(argv: list[str]) -> str | None:
    return next((a for a in argv if not a.startswith("-")), None)  # the global options take no value


def pdf_jobs(several: bool) -> int:
    """How many PDF workers a command gets: one per core for several PDFs, one for a single PDF, none
    on a single core (the command makes its PDF itself)."""
    n = cores()
    return 0 if n < 2 else n if several else 1


def pdf_templates_for(command: str | None) -> tuple[str, ...]:
    """The templates of the PDFs the command `command` makes; none for a command that makes no PDF."""
    from .products import about, is_product

    return about(command).pdf_templates if command is not None and is_product(command) else ()


def pdf_jobs_for(argv: list[str]) -> int:
    """How many PDF workers the command line `argv` (without the program name) will ask for."""
    from .products import about

    command = _command(argv)
    if not pdf_templates_for(command) or any(a in ("--help", "-h", "--version") for a in argv):
        return 0
    assert command is not None, "pdf_templates_for gives templates only to a product's command"
    several = about(command).several
    if isinstance(several, bool):
        return pdf_jobs(several)
    return pdf_jobs(any(a == several or a.endswith("=" + several) for a in argv))


def warm_pdf(templates: tuple[str, ...] = ()) -> None:
    """A PDF worker's warm-up: the command's templates compiled into the template cache first (a first
    run then finds them compiled: the command needs them long before its PDF), then WeasyPrint loaded
    and warmed up (it waits for the command's HTML anyway)."""
    from .pdf import warm_up
    from .templating import compile_ahead

    compile_ahead(templates)
    warm_up()


def start_early(argv: list[str]) -> None:
    """Fork the PDF workers the command line will need, now (see above)."""
    jobs = pdf_jobs_for(argv)
    if jobs:
        _EARLY.append(Ahead(jobs, partial(warm_pdf, pdf_templates_for(_command(argv)))))


def claim(jobs: int) -> Ahead | None:
    """The workers forked at the start, when there are `jobs` of them; else None (and they stop)."""
    if not _EARLY:
        return None
    early = _EARLY.pop()
    if early.jobs == jobs:
        return early
    early.close(failed=True)
    return None


def release_early() -> None:
    """Stop workers forked at the start that the command did not use (it failed, or made no PDF)."""
    while _EARLY:
        _EARLY.pop().close(failed=True)

"""Forked worker processes: the batch's documents, and the PDFs of one command that makes several.

A worker is a fork of the command, so it starts with everything the command has loaded and computed
(data, findings, built documents) and gets only a small task description. Each worker dies with its
parent: a killed command leaves no orphans behind."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor

_STATE: dict = {}  # what a forked worker inherits from the command: set before the pool starts


def cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start(lock_fd: int | None = None) -> None:
    """In each fresh worker: die with the parent, and let go of an inherited lock descriptor so that
    only the command itself holds its lock."""
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


def pool(jobs: int, lock_fd: int | None = None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=start, initargs=(lock_fd,))


def _call(func, item):
    return func(_STATE["state"], item)


def map_forked(func, items: list, jobs: int, state) -> list:
    """`func(state, item)` for every item, in `jobs` forked workers that inherit `state`; the results in
    the items' order. The first error stops the rest and is raised here, as if it happened here."""
    _STATE["state"] = state
    try:
        with pool(jobs) as workers:
            futures = [workers.submit(_call, func, item) for item in items]
            try:
                return [future.result() for future in futures]
            except BaseException:
                workers.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        _STATE.clear()

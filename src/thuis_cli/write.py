"""Atomic output: write to a temporary name beside the target, fsync, rename into place.

An interrupted run never leaves a half-written file and never destroys the previous good version.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from .errors import InputError

MANIFEST = ".thuis-manifest.json"
"""The batch's manifest in an output folder: written by `thuis batch`, read by the sinks that deliver
after it (`bezorging.documenten`). Defined in this small module, which both sides already import, so
that delivery does not import the batch."""


def safe_join(root: Path, *parts: str) -> Path:
    """root/parts..., refusing any part that could leave root (separators, '..', absolute)."""
    for part in parts:
        if not part or part in (".", "..") or "/" in part or "\\" in part or "\x00" in part:
            raise InputError(f"Ongeldige naam voor een uitvoerbestand: '{part}'.")
    path = root.joinpath(*parts)
    resolved_root = root.resolve()
    if resolved_root not in path.resolve().parents and path.resolve() != resolved_root:
        raise InputError(f"Uitvoer buiten de uitvoermap is niet toegelaten: {path}.")
    return path


# Seconds this process spent in each step of atomic_write (the batch reports them per document).
SPENT = {"schrijven": 0.0, "fsync": 0.0, "hernoemen": 0.0}


def atomic_write(path: Path, content: bytes) -> Path:
    clock = time.perf_counter
    start = clock()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            written = clock()
            os.fsync(handle.fileno())
            synced = clock()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        SPENT["schrijven"] += written - start
        SPENT["fsync"] += synced - written
        SPENT["hernoemen"] += clock() - synced
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path

"""The output folder of a batch: one run at a time (a lock that a dead run's successor takes over),
the manifest of what was made, and the half-written files a killed run left."""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path
from typing import TextIO

from .env import current
from .errors import ExitCode, ThuisError
from .write import MANIFEST, atomic_write

LOCK = ".thuis-batch.lock"
MANIFEST_SHARE = 0.02  # at most this share of the run's time goes to saving the manifest in between


class BatchBusy(ThuisError):
    exit_code = ExitCode.BUSY


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutputLock:
    """An exclusive flock on <uit>/.thuis-batch.lock, with a note naming the run that holds it.

    The kernel releases the lock when the run ends. When the lock is still held although the run
    named in the note is gone (stray processes of a killed run keep the file open), the lock file is
    replaced by a fresh one: the strays hold the old file, the new run the new one."""

    def __init__(self, folder: Path):
        self.path = folder / LOCK
        self.handle: TextIO | None = None
        self.previous: dict | None = None
        self.taken_over_from: object = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):
            handle = self.path.open("a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                info = _note(handle.read())
                handle.close()
                if info.get("pid") and not _alive(info.get("pid")):
                    self.taken_over_from = info.get("pid")
                    self.path.unlink(missing_ok=True)  # strays keep the old file; we take a new one
                    continue
                who = f" (proces {info.get('pid')}, gestart {info.get('gestart')})" if info else ""
                raise BatchBusy(f"Er loopt al een batch op {self.path.parent}{who}. Wacht tot die klaar is.") from None
            if not self.path.exists() or os.stat(self.path).st_ino != os.fstat(handle.fileno()).st_ino:
                handle.close()  # another run replaced the file meanwhile: try again
                continue
            self.handle = handle
            break
        else:
            raise BatchBusy(f"Het slot van {self.path.parent} kon niet genomen worden.")
        self.handle.seek(0)
        note = self.handle.read().strip()
        if note:
            self.previous = _note(note)
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(json.dumps({"pid": os.getpid(), "gestart": timestamp()}))
        self.handle.flush()
        return self

    def fileno(self) -> int:
        assert self.handle is not None, "the lock is held only inside `with`"
        return self.handle.fileno()

    def __exit__(self, *exc):
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.close()
        return False


def _note(text: str) -> dict:
    try:
        info = json.loads(text.strip())
        return info if isinstance(info, dict) else {}
    except json.JSONDecodeError:
        return {}


def timestamp() -> str:
    return current().now().isoformat(timespec="seconds")


def load_manifest(folder: Path) -> dict:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("uitvoer"), dict) else {"uitvoer": {}}
    except (OSError, json.JSONDecodeError):
        return {"uitvoer": {}}


def save_manifest(folder: Path, manifest: dict) -> None:
    atomic_write(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8"))


class ManifestKeeper:
    """Saves the manifest during a run: after a document, unless the last save was very recent compared
    with what a save costs, so that at most MANIFEST_SHARE of the run goes to saving. With 3,000
    documents the manifest is megabytes; saved after every document, it cost the parent more than a
    worker's share of the machine. A run killed in between rebuilds only its last moments' documents."""

    def __init__(self, folder: Path, manifest: dict, clock=time.monotonic, share: float = MANIFEST_SHARE):
        self.folder, self.manifest, self.clock, self.share = folder, manifest, clock, share
        self.saved_at, self.cost = float("-inf"), 0.0

    def changed(self) -> None:
        if self.clock() - self.saved_at >= self.cost / self.share:
            self.save()

    def save(self) -> None:
        start = self.clock()
        save_manifest(self.folder, self.manifest)
        self.saved_at = self.clock()
        self.cost = self.saved_at - start


def remove_leftovers(folder: Path) -> int:
    """Temporary files of a run that was killed mid-write (only ever named .<name>.<random>.tmp)."""
    count = 0
    for path in folder.rglob(".*.tmp"):
        path.unlink(missing_ok=True)
        count += 1
    return count

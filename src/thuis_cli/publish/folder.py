"""The folder sink: a document's files under the output root, each written atomically.

A document owns what it wrote. The output root keeps a small record per document
(`<uit>/.thuis-bestanden/<document id>.json`: its folder and the names of its files). When a document is
made again, the files it wrote before and no longer makes (`boodschap-3.png` after `--max 1`) are
removed; a file thuis did not write is never touched. The records stay out of the documents' own
folders, which are often copied or published as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from ..products.base import Document
from ..write import atomic_write, safe_join

RECORDS = ".thuis-bestanden"


class FolderSink:
    """Writes into `root/<document folder>/<file>`. Names are checked to stay inside the root; every
    file is written under a temporary name and renamed into place, so an interrupted run leaves the
    previous good file."""

    def __init__(self, root: Path):
        self.root = root

    def publish(self, document: Document, files: dict[str, bytes]) -> list[Path]:
        folder = safe_join(self.root, *document.folder)
        targets = [(safe_join(folder, name), content) for name, content in files.items()]
        revise = {a.name: a.revise for a in document.artifacts if a.revise is not None}
        targets = [(path, revise[path.name](_previous(path)) if path.name in revise else content)
                   for path, content in targets]
        where = "/".join(document.folder)
        before = self.written(document.id)
        now = {(where, name) for name in files}
        if now - before:  # recorded before written: an interrupted run leaves no file unaccounted for
            self._record(document.id, before | now)
        paths = [atomic_write(path, content) for path, content in targets]
        stale = before - now
        for stale_folder, name in sorted(stale):
            self._remove(stale_folder, name)
        if stale:  # otherwise the record written above (or the one found) already says `now`
            self._record(document.id, now)
        return paths

    def written(self, document_id: str) -> set[tuple[str, str]]:
        """(folder, name) of every file the document wrote the last time, relative to the root."""
        try:
            data = json.loads(self._record_path(document_id).read_text(encoding="utf-8"))
        except (OSError, ValueError, InputError):
            return set()
        files = data.get("bestanden") if isinstance(data, dict) else None
        if not isinstance(files, list):
            return set()
        return {(f[0], f[1]) for f in files if isinstance(f, list) and len(f) == 2
                and all(isinstance(part, str) for part in f)}

    def _record_path(self, document_id: str) -> Path:
        *parts, last = document_id.split("/")
        return safe_join(self.root, RECORDS, *parts, f"{last}.json")

    def _record(self, document_id: str, files: set[tuple[str, str]]) -> None:
        text = json.dumps({"document": document_id, "bestanden": sorted(map(list, files))}, indent=1,
                          ensure_ascii=False)
        atomic_write(self._record_path(document_id), text.encode("utf-8"))

    def _remove(self, folder: str, name: str) -> None:
        """One file a document no longer makes; a record edited to point elsewhere removes nothing."""
        try:
            path = safe_join(self.root, *folder.split("/"), name)
        except InputError:
            return
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)


def _previous(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None

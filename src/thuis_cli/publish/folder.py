"""The folder sink: a document's files under the output root, each written atomically."""

from __future__ import annotations

from pathlib import Path

from ..products.base import Document
from ..write import atomic_write, safe_join


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
        return [atomic_write(path, content) for path, content in targets]


def _previous(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None

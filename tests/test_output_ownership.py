"""A document owns the files it wrote: what it made before and no longer makes is removed, from the
command and from a batch alike; a file thuis did not write is never touched."""

from pathlib import Path

import pytest

from conftest import write_infographics
from thuis_cli.batch import make_document
from thuis_cli.batch_report import Status
from thuis_cli.products import get
from thuis_cli.products.base import Document, Target
from thuis_cli.publish.folder import RECORDS, FolderSink
from thuis_cli.workspace import Workspace


def document(doc_id: str) -> Document:
    return Document(Target("brief", doc_id, ("24062",)), ("leuven",), {}, [])


def test_files_a_document_no_longer_makes_are_removed_and_nothing_else(tmp_path):
    sink, folder = FolderSink(tmp_path), tmp_path / "leuven"
    sink.publish(document("brief/leuven/wonen"), {"a.pdf": b"a", "b.pdf": b"b", "c.html": b"c"})
    sink.publish(document("brief/leuven/ruimte"), {"r.pdf": b"r"})
    (folder / "eigen-notities.txt").write_text("van de gemeente")
    sink.publish(document("brief/leuven/wonen"), {"a.pdf": b"a2"})
    assert sorted(p.name for p in folder.iterdir()) == ["a.pdf", "eigen-notities.txt", "r.pdf"]
    assert sink.written("brief/leuven/wonen") == {("leuven", "a.pdf")}
    assert (tmp_path / RECORDS / "brief" / "leuven" / "wonen.json").is_file()  # beside, not in, the documents


def test_a_document_that_moves_folder_takes_its_files_along(tmp_path):
    sink = FolderSink(tmp_path)
    sink.publish(Document(Target("x", "x/een", ()), ("oud",), {}, []), {"a.pdf": b"a"})
    sink.publish(Document(Target("x", "x/een", ()), ("nieuw",), {}, []), {"a.pdf": b"a"})
    assert not (tmp_path / "oud" / "a.pdf").exists() and (tmp_path / "nieuw" / "a.pdf").exists()


def test_a_record_edited_to_point_outside_the_folder_removes_nothing_there(tmp_path):
    sink = FolderSink(tmp_path / "uit")
    (tmp_path / "buiten.txt").write_text("niet van thuis")
    (tmp_path / "uit" / RECORDS).mkdir(parents=True)
    (tmp_path / "uit" / RECORDS / "een.json").write_text('{"bestanden": [["..", "buiten.txt"], ["leuven", "a.pdf"]]}')
    sink.publish(document("een"), {"b.pdf": b"b"})
    assert (tmp_path / "buiten.txt").exists()


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


def images(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".png", ".svg"))


def test_fewer_infographic_messages_leave_no_stale_images_from_the_command(ws, tmp_path):
    leuven = ws.municipality("leuven")
    write_infographics(ws, leuven, tmp_path, most=3)
    folder = tmp_path / "leuven" / "infografiek"
    assert len(images(folder)) == 6
    write_infographics(ws, leuven, tmp_path, most=1)
    assert len(images(folder)) == 2 and all(name.startswith(images(folder)[0][:-4]) for name in images(folder))
    assert {"affiche.pdf", "presentatie.pdf", "index.html", "teksten.md"} <= {p.name for p in folder.iterdir()}


def test_fewer_infographic_messages_leave_no_stale_images_from_a_batch(ws, tmp_path):
    product, leuven = get("infografiek"), ws.municipality("leuven")
    assert make_document(ws, product.target(leuven, 3), tmp_path, None).status == Status.GEMAAKT
    outcome = make_document(ws, product.target(leuven, 1), tmp_path, None)
    folder = tmp_path / "leuven" / "infografiek"
    assert len(images(folder)) == 2
    assert sorted(Path(f).name for f in outcome.files if f.endswith((".png", ".svg"))) == images(folder)

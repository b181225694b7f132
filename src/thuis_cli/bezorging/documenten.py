"""What there is to deliver: one `ManifestEntry` per finished output, from the batch manifest or handed
over directly by a product.

The batch writes in each manifest entry what a sink needs: the product, the municipalities (slug,
NIS code and name), the department, the title, the key points, and per file whose copy it is
(`exemplaren`). Nothing here parses a document id."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..write import MANIFEST

FACILITATOR = "facilitator"  # the copy of a workbook for the session's facilitator


@dataclass(frozen=True)
class ManifestEntry:
    id: str  # the batch's job id, a key of the manifest; never parsed
    product: str  # a product that is mailed (its ABOUT names recipients)
    municipalities: tuple[str, ...]  # slugs
    department: str | None
    version: str  # the hash of everything the document was made from
    files: tuple[Path, ...]  # what is attached (PDFs only)
    title: str | None = None
    key_points: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict, compare=False)  # slug -> the municipality's name
    copies: dict[Path, str] = field(default_factory=dict, compare=False)  # file -> slug or 'facilitator'

    def name(self, slug: str) -> str:
        return self.names.get(slug, slug)

    def copy_of(self, path: Path) -> str | None:
        """Whose copy a file is (a municipality's slug, or 'facilitator'); None: everyone's."""
        return self.copies.get(path)


def documents_from_manifest(out: Path) -> list[ManifestEntry]:
    """The finished, non-empty documents in `<out>/.thuis-manifest.json`, in a stable order."""
    path = out / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"Er is niets te bezorgen: {path} ontbreekt. Maak eerst de documenten met "
                         "'thuis batch'.") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"Kan {path} niet lezen ({exc}).") from None
    entries = manifest.get("uitvoer") if isinstance(manifest, dict) else None
    if not isinstance(entries, dict):
        raise InputError(f"{path} is geen manifest van thuis batch (sleutel 'uitvoer' ontbreekt).")
    documents, old = [], []
    mailed = mailed_products()
    for doc_id, entry in sorted(entries.items()):
        if not isinstance(entry, dict) or entry.get("leeg") or entry.get("product") not in mailed:
            continue
        if not isinstance(entry.get("gemeenten"), list):
            old.append(doc_id)
            continue
        documents.append(document_from_entry(out, doc_id, entry))
    if old:
        raise InputError(f"{len(old)} documenten in {path} werden gemaakt door een oudere versie van thuis, die "
                         f"niet noteerde voor welke gemeenten ze zijn (bv. {old[0]}). Maak ze opnieuw met "
                         "'thuis batch' en bezorg dan.")
    return documents


def mailed_products() -> list[str]:
    """The products whose documents are mailed: those whose ABOUT says who receives them."""
    from ..products import about, names

    return [name for name in names() if about(name).recipients]


def document_from_entry(out: Path, doc_id: str, entry: dict) -> ManifestEntry:
    areas = [g for g in entry["gemeenten"] if isinstance(g, dict) and g.get("slug")]
    files = tuple(out / f for f in entry.get("bestanden", []) if str(f).lower().endswith(".pdf"))
    written = entry.get("exemplaren")
    copies = written if isinstance(written, dict) else {}
    points = entry.get("kernpunten") or []
    return ManifestEntry(doc_id, entry["product"], tuple(str(g["slug"]) for g in areas), entry.get("dienst") or None,
                    str(entry.get("hash", "")), files, entry.get("titel") or None,
                    tuple(str(p) for p in points[:3]) if isinstance(points, list) else (),
                    names={str(g["slug"]): str(g.get("naam") or g["slug"]) for g in areas},
                    copies={out / f: str(owner) for f, owner in copies.items() if out / f in files})

"""What there is to deliver: one `Document` per finished output, from the batch manifest or handed
over directly by a product."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MANIFEST = ".thuis-manifest.json"  # written by `thuis batch`
PRODUCTS = ("brief", "intervisie", "infografiek")


@dataclass(frozen=True)
class Document:
    id: str  # brief/<slug>/<dienst>, intervisie/<slug>-<slug>..., infografiek/<slug>
    product: str  # brief | intervisie | infografiek
    municipalities: tuple[str, ...]  # slugs
    department: str | None
    version: str  # the hash of everything the document was made from
    files: tuple[Path, ...]  # what is attached (PDFs only)
    title: str | None = None
    key_points: tuple[str, ...] = ()


def documents_from_manifest(out: Path, known_slugs: set[str]) -> list[Document]:
    """The finished, non-empty documents in `<out>/.thuis-manifest.json`, in a stable order.
    `known_slugs` splits a workbook id like `intervisie/sint-truiden-gingelom` into its municipalities."""
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
    documents = []
    for doc_id, entry in sorted(entries.items()):
        if not isinstance(entry, dict) or entry.get("leeg"):
            continue
        document = document_from_entry(out, doc_id, entry, known_slugs)
        if document is not None:
            documents.append(document)
    return documents


def document_from_entry(out: Path, doc_id: str, entry: dict, known_slugs: set[str]) -> Document | None:
    product, _, rest = doc_id.partition("/")
    if product not in PRODUCTS or not rest:
        return None
    department = None
    if product == "brief":
        slug, _, department = rest.partition("/")
        municipalities = (slug,)
    elif product == "infografiek":
        municipalities = (rest,)
    else:
        municipalities = tuple(entry.get("gemeenten") or split_slugs(rest, known_slugs) or ())
    files = tuple(out / f for f in entry.get("bestanden", []) if str(f).lower().endswith(".pdf"))
    points = entry.get("kernpunten") or []
    return Document(doc_id, product, municipalities, department or None, str(entry.get("hash", "")), files,
                    entry.get("titel") or None,
                    tuple(str(p) for p in points[:3]) if isinstance(points, list) else ())


def split_slugs(joined: str, known: set[str]) -> list[str] | None:
    """'sint-truiden-gingelom' -> ['sint-truiden', 'gingelom'] using the known slugs; None if no split fits."""
    if joined in known:
        return [joined]
    parts = joined.split("-")
    for cut in range(len(parts) - 1, 0, -1):
        head = "-".join(parts[:cut])
        if head in known:
            tail = split_slugs("-".join(parts[cut:]), known)
            if tail is not None:
                return [head, *tail]
    return None

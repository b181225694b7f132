"""Who gets what and why, against the ledger of what was delivered before.

The ledger `<uit>/.thuis-bezorging.json` records per document and recipient the version the mail
server accepted. It is rewritten atomically after every accepted message, so a run that dies
between two messages loses nothing and the next run picks up where it stopped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..env import current
from ..write import atomic_write
from .documenten import FACILITATOR, ManifestEntry
from .ontvangers import Recipients

LEDGER = ".thuis-bezorging.json"

NEW, UPDATED, DELIVERED, NOBODY = "nieuw", "bijgewerkt", "al bezorgd", "geen ontvanger"


@dataclass(frozen=True)
class Delivery:
    document: ManifestEntry
    recipient: str | None  # None: nobody to send it to
    reason: str  # nieuw | bijgewerkt | al bezorgd | geen ontvanger
    files: tuple[Path, ...] | None = None  # what this recipient gets; None: all the document's files

    @property
    def to_send(self) -> bool:
        return self.reason in (NEW, UPDATED)

    @property
    def attachments(self) -> tuple[Path, ...]:
        return self.document.files if self.files is None else self.files


class Ledger:
    def __init__(self, path: Path, entries: dict[str, dict[str, dict]]):
        self.path = path
        self.entries = entries

    @classmethod
    def load(cls, out: Path) -> Ledger:
        path = out / LEDGER
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data.get("bezorgd", {}) if isinstance(data, dict) else {}
        except FileNotFoundError:
            entries = {}
        except (OSError, json.JSONDecodeError):
            from ..errors import InputError

            raise InputError(f"Het bezorgregister {path} is beschadigd; thuis verstuurt niets zolang het "
                             "niet hersteld is (zo krijgt niemand iets twee keer).") from None
        return cls(path, entries if isinstance(entries, dict) else {})

    def version_for(self, document_id: str, recipient: str) -> str | None:
        entry = self.entries.get(document_id, {}).get(key(recipient))
        return entry.get("versie") if isinstance(entry, dict) else None

    def record(self, delivery: Delivery, message_id: str) -> None:
        """Called right after the server accepted the message; written to disk at once."""
        assert delivery.recipient is not None, "only a delivery to send (one with a recipient) is recorded"
        self.entries.setdefault(delivery.document.id, {})[key(delivery.recipient)] = {
            "versie": delivery.document.version, "message_id": message_id,
            "tijd": current().now().isoformat(timespec="seconds")}
        content = json.dumps({"bezorgd": self.entries}, indent=1, sort_keys=True, ensure_ascii=False)
        atomic_write(self.path, content.encode("utf-8"))


def key(recipient: str) -> str:
    from email.utils import parseaddr

    return parseaddr(recipient)[1].lower()


def _addresses(document: ManifestEntry, owner: str | None, recipients: Recipients) -> list[str]:
    """Who receives the copy of `owner` (a municipality's slug, 'facilitator', or None: the copy for
    everyone who receives the document): what the product's ABOUT.recipients names, the addresses of
    the document's department (a brief) or those of its own key in the municipality's entry (a
    workbook's copies to the intervision addresses of their municipality); the facilitator's copy to
    the facilitator."""
    from ..products import about
    from ..products.base import DEPARTMENT

    if owner == FACILITATOR:
        return list(recipients.settings.facilitator or [])
    kind = about(document.product).recipients
    found: list[str] = []
    for slug in document.municipalities if owner is None else [owner]:
        if kind == DEPARTMENT:
            found += recipients.for_department(slug, document.department or "")
        elif kind:
            found += recipients.for_kind(slug, kind)
    return found


def recipients_for(document: ManifestEntry, recipients: Recipients) -> tuple[list[tuple[str, tuple[Path, ...]]],
                                                                        tuple[Path, ...]]:
    """Per recipient (once, however many entries name the address) the files that are theirs, in the
    document's order; and the files nobody receives."""
    unique: dict[str, tuple[str, list[Path]]] = {}
    nobody = []
    for path in document.files or (None,):
        addresses = _addresses(document, None if path is None else document.copy_of(path), recipients)
        if not addresses and path is not None:
            nobody.append(path)
        for address in addresses:
            files = unique.setdefault(key(address), (address, []))[1]
            if path is not None:
                files.append(path)
    return [(address, tuple(files)) for address, files in unique.values()], tuple(nobody)


def plan_deliveries(documents: list[ManifestEntry], recipients: Recipients, ledger: Ledger) -> list[Delivery]:
    plan = []
    for document in documents:
        addressed, nobody = recipients_for(document, recipients)
        if not addressed or nobody:
            plan.append(Delivery(document, None, NOBODY, nobody if addressed else None))
        for address, files in addressed:
            previous = ledger.version_for(document.id, address)
            reason = NEW if previous is None else DELIVERED if previous == document.version else UPDATED
            plan.append(Delivery(document, address, reason, files))
    return plan

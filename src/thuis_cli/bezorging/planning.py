"""Who gets what and why, against the ledger of what was delivered before.

The ledger `<uit>/.thuis-bezorging.json` records per document and recipient the version the mail
server accepted. It is rewritten atomically after every accepted message, so a run that dies
between two messages loses nothing and the next run picks up where it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..write import atomic_write
from .documenten import Document
from .ontvangers import Recipients

LEDGER = ".thuis-bezorging.json"

NEW, UPDATED, DELIVERED, NOBODY = "nieuw", "bijgewerkt", "al bezorgd", "geen ontvanger"


@dataclass(frozen=True)
class Delivery:
    document: Document
    recipient: str | None  # None: nobody to send it to
    reason: str  # nieuw | bijgewerkt | al bezorgd | geen ontvanger

    @property
    def to_send(self) -> bool:
        return self.reason in (NEW, UPDATED)


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
        self.entries.setdefault(delivery.document.id, {})[key(delivery.recipient)] = {
            "versie": delivery.document.version, "message_id": message_id,
            "tijd": dt.datetime.now().isoformat(timespec="seconds")}
        content = json.dumps({"bezorgd": self.entries}, indent=1, sort_keys=True, ensure_ascii=False)
        atomic_write(self.path, content.encode("utf-8"))


def key(recipient: str) -> str:
    from email.utils import parseaddr

    return parseaddr(recipient)[1].lower()


def recipients_for(document: Document, recipients: Recipients) -> list[str]:
    """A brief goes to its department, a workbook to the intervision addresses of each municipality
    in it, the citizen pack to the communication addresses."""
    found: list[str] = []
    for slug in document.municipalities:
        if document.product == "brief":
            found += recipients.for_department(slug, document.department or "")
        else:
            found += recipients.for_product(slug, document.product)
    unique: dict[str, str] = {}
    for address in found:
        unique.setdefault(key(address), address)
    return list(unique.values())


def plan_deliveries(documents: list[Document], recipients: Recipients, ledger: Ledger) -> list[Delivery]:
    plan = []
    for document in documents:
        addresses = recipients_for(document, recipients)
        if not addresses:
            plan.append(Delivery(document, None, NOBODY))
        for address in addresses:
            previous = ledger.version_for(document.id, address)
            reason = NEW if previous is None else DELIVERED if previous == document.version else UPDATED
            plan.append(Delivery(document, address, reason))
    return plan

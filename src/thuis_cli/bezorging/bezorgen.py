"""The delivery run: plan, send one message per document and recipient, record, report.

Exactly once per change: a delivery is recorded in the ledger right after the server accepted it,
and only then; a rerun sends what is new or changed and nothing else. One run per output folder at
a time (a lock the kernel releases when a run dies).
"""

from __future__ import annotations

import fcntl
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, fmt
from ..env import current
from ..errors import ExitCode, ThuisError
from ..write import atomic_write
from .bericht import TooLarge, message_id, outgoing
from .documenten import ManifestEntry
from .ontvangers import Recipients, read_credentials
from .planning import Delivery, Ledger, plan_deliveries
from .smtp import DeliveryFailed, Mailer, ServerUnusable

REPORT = "bezorging.json"
LOCK = ".thuis-bezorging.lock"


class DeliveryBusy(ThuisError):
    exit_code = ExitCode.BUSY


@dataclass
class DeliveryOutcome:
    delivery: Delivery
    status: str  # verstuurd | al bezorgd | geen ontvanger | mislukt | droog
    error: str = ""
    message_id: str = ""


@dataclass
class DeliveryResult:
    outcomes: list[DeliveryOutcome] = field(default_factory=list)
    dry: bool = False
    problem: str = ""  # the run could not start (settings, credentials, ledger)
    stopped: str = ""  # the server could not be used (connection, certificate, login): the rest was not tried

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[DeliveryOutcome]:
        return [o for o in self.outcomes if o.status == "mislukt"]

    @property
    def exit_code(self) -> ExitCode:
        if self.stopped and not self.count("verstuurd"):
            return ExitCode.NOT_SENT
        return ExitCode.PARTIAL_FAILURE if self.failed or self.problem else ExitCode.OK

    @property
    def headline(self) -> str:
        if self.problem:
            return f"bezorging per e-mail niet gestart: {self.problem}"
        return f"{len(self.failed)} e-mail(s) niet bezorgd (zie {REPORT})"


class _Lock:
    def __init__(self, out: Path):
        self.path = out / LOCK
        self.handle = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise DeliveryBusy(f"Er loopt al een bezorging op {self.path.parent}. Wacht tot die klaar is.") from None
        return self

    def __exit__(self, *exc):
        self.handle.close()
        return False


def deliver(out: Path, documents: list[ManifestEntry], recipients: Recipients, templates: Path | None = None, *,
            dry: bool = False, echo=None, environ: dict | None = None, sleep=time.sleep) -> DeliveryResult:
    """Send every new or changed document to its recipients; `dry` only says who would get what."""
    echo = echo or current().echo
    if dry:
        plan = plan_deliveries(documents, recipients, Ledger.load(out))
        result = DeliveryResult([DeliveryOutcome(d, "droog" if d.to_send else d.reason) for d in plan], dry=True)
        for d in plan:
            verb = "versturen" if d.to_send else "niet     "
            echo(f"{verb}  {d.document.id}{_which(d)}  ->  {d.recipient or '-'}  ({d.reason})")
        going = result.count("droog")
        echo(f"Droge run: {fmt.aantal(going, 'bericht zou', 'berichten zouden')} vertrekken; er werd niets "
             "verstuurd.")
        return result
    credentials = read_credentials(recipients.settings.smtp.inlog, environ)
    with _Lock(out):
        ledger = Ledger.load(out)
        plan = plan_deliveries(documents, recipients, ledger)
        result = DeliveryResult()
        try:
            _send_all(plan, ledger, recipients, templates, credentials, sleep, result, echo)
        finally:
            write_report(out, result, recipients.source)
    summary(result, out, echo)
    return result


def _send_all(plan, ledger, recipients, templates, credentials, sleep, result, echo) -> None:
    settings = recipients.settings
    with Mailer(settings.smtp, credentials, sleep) as mailer:
        for delivery in plan:
            if not delivery.to_send:
                result.outcomes.append(DeliveryOutcome(delivery, delivery.reason))
                continue
            if result.stopped:
                result.outcomes.append(DeliveryOutcome(delivery, "mislukt", f"niet verstuurd: {result.stopped}"))
                continue
            try:
                mailer.send(outgoing(delivery, recipients, templates))
            except ServerUnusable as exc:
                result.stopped = str(exc)
                result.outcomes.append(DeliveryOutcome(delivery, "mislukt", result.stopped))
                echo(f"MISLUKT    {delivery.document.id} -> {delivery.recipient}: {exc}")
                continue
            except FileNotFoundError as exc:
                error = f"het bestand {exc.filename} ontbreekt; maak het opnieuw met 'thuis batch --forceer'"
                result.outcomes.append(DeliveryOutcome(delivery, "mislukt", error))
                echo(f"MISLUKT    {delivery.document.id} -> {delivery.recipient}: {error}")
                continue
            except (DeliveryFailed, TooLarge) as exc:
                result.outcomes.append(DeliveryOutcome(delivery, "mislukt", str(exc)))
                echo(f"MISLUKT    {delivery.document.id} -> {delivery.recipient}: {exc}")
                continue
            ident = message_id(delivery, settings.afzender)
            ledger.record(delivery, ident)  # only now, after the server accepted it
            result.outcomes.append(DeliveryOutcome(delivery, "verstuurd", message_id=ident))
            echo(f"verstuurd  {delivery.document.id}{_which(delivery)} -> {delivery.recipient} ({delivery.reason})")


def _which(delivery: Delivery) -> str:
    """The files, when a recipient gets only some of the document's (their own copy of a workbook)."""
    files = delivery.attachments
    return "" if files == delivery.document.files else f" [{', '.join(p.name for p in files) or '-'}]"


def report_section(result: DeliveryResult) -> dict:
    """What was sent to whom, what failed and why (also the `bezorging` part of a batch's verslag.json)."""
    return {
        "aantallen": {s: result.count(s) for s in ("verstuurd", "al bezorgd", "geen ontvanger", "mislukt")},
        "probleem": result.problem,
        "bezorgingen": [{
            "document": o.delivery.document.id, "versie": o.delivery.document.version,
            "ontvanger": o.delivery.recipient, "reden": o.delivery.reason, "status": o.status,
            "fout": o.error, "message_id": o.message_id,
            "bijlagen": [p.name for p in o.delivery.attachments]} for o in result.outcomes],
    }


def write_report(out: Path, result: DeliveryResult, source: str) -> Path:
    report = {"thuis": __version__, "ontvangers": source, "klaar": current().now().isoformat(timespec="seconds"),
              **report_section(result)}
    return atomic_write(out / REPORT, json.dumps(report, indent=1, ensure_ascii=False).encode("utf-8"))


def summary(result: DeliveryResult, out: Path, echo=None) -> None:
    echo = echo or current().echo
    lines = [f"Bezorging klaar: {result.count('verstuurd')} verstuurd, {result.count('al bezorgd')} al bezorgd, "
             f"{len(result.failed)} mislukt."]
    nobody = {o.delivery.document.id for o in result.outcomes if o.status == "geen ontvanger"}
    if nobody:  # one line: a run of a whole province has dozens, the same every night
        lines.append(f"{len(nobody)} {'document' if len(nobody) == 1 else 'documenten'} (of exemplaren) zonder "
                     f"ontvanger, niet verstuurd; 'thuis bezorg --droog' toont welke.")
    if result.stopped and not result.count("verstuurd"):
        lines.append(f"Niets verstuurd: {result.stopped}.")
    elif result.failed:
        lines.append("Mislukt:")
        lines += [f"  - {o.delivery.document.id} -> {o.delivery.recipient}: {o.error}" for o in result.failed]
    lines.append(f"Verslag: {out / REPORT}")
    echo("\n".join(lines))

"""Helpers for the delivery tests: a real SMTP server (aiosmtpd) on 127.0.0.1, small output folders
with a batch manifest and tiny PDFs, and recipients settings built from a dict."""

from __future__ import annotations

import email
import email.policy
import json
import socket
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller

from thuis_cli.bezorging import parse_recipients


def pdf_bytes(label: str) -> bytes:
    """A tiny but real one-page PDF whose bytes differ per label."""
    body = f"BT /F1 12 Tf 20 50 Td ({label}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_output(out: Path, entries: dict[str, dict]) -> dict[str, bytes]:
    """An output folder as `thuis batch` leaves it: the files and the manifest. Each entry gives
    'bestanden' (names) and optionally hash, titel, kernpunten, leeg. Returns the bytes per file."""
    written = {}
    manifest = {"uitvoer": {}}
    for doc_id, entry in entries.items():
        for name in entry["bestanden"]:
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            data = pdf_bytes(f"{doc_id} {entry.get('hash', 'v1')}") if name.endswith(".pdf") else b"\x89PNG beeld"
            path.write_bytes(data)
            written[name] = data
        manifest["uitvoer"][doc_id] = {"hash": "v1", "leeg": False, **described(doc_id), **entry}
    out.mkdir(parents=True, exist_ok=True)
    (out / ".thuis-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return written


NAMES = {"leuven": "Leuven", "herent": "Herent", "bertem": "Bertem", "sint-truiden": "Sint-Truiden",
         "gingelom": "Gingelom"}


def described(doc_id: str) -> dict:
    """What the batch writes about a document besides its files: product, municipalities, department
    (a workbook's municipalities from simple slugs joined by '-'; a test names others itself)."""
    product, _, rest = doc_id.partition("/")
    slugs, department = [rest], None
    if product == "brief":
        slug, _, department = rest.partition("/")
        slugs = [slug]
    elif product == "intervisie":
        slugs = rest.split("-")
    return {"product": product, "dienst": department,
            "gemeenten": [{"slug": s, "nis": "", "naam": NAMES.get(s, s.title())} for s in slugs]}


def settings(port: int, gemeenten: dict, **smtp) -> dict:
    return {
        "smtp": {"host": "127.0.0.1", "poort": port, "modus": "plain", "pogingen": 3, "wachttijd": 0.01,
                 "time_out": 10, **smtp},
        "afzender": "Team Wonen Leuven <wonen@example.org>",
        "antwoord_aan": "Anaïs Peeters <anais.peeters@example.org>",
        "handtekening": "Anaïs Peeters\nBeleidsmedewerker wonen",
        "max_bijlage_mb": 5,
        "gemeenten": gemeenten,
    }


def recipients(raw: dict, config, gebieden, base: Path | None = None):
    return parse_recipients(raw, "ontvangers.yaml", "", base or Path.cwd(), config, gebieden)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self):
        return email.message_from_bytes(self.raw, policy=email.policy.default)


@dataclass
class Handler:
    """Accepts everything, except: recipients in `refuse` get 550; the first `busy` DATA commands
    get 451; `on_mail` is called at each MAIL FROM with the number of the transaction."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    busy: int = 0
    mails: int = 0
    on_mail: object = None

    async def handle_MAIL(self, server, session, envelope, address, options):
        self.mails += 1
        if self.on_mail is not None:
            reply = self.on_mail(self.mails)
            if reply:
                return reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.busy > 0:
            self.busy -= 1
            return "451 4.3.0 Try again later"
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"


def start_server(handler: Handler, **kwargs) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    return controller

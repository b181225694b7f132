"""One e-mail per document and recipient: Dutch subject and body from templates a municipality can
override, the PDFs attached, a Message-ID that is the same for the same version and recipient.

Headers are built from `email.headerregistry.Address` objects under the SMTP policy, so a display name
with accents or parentheses stays a name; an internationalised domain (`stad-léuven.be`) is written in
its ASCII form (IDNA), so the message needs no SMTPUTF8. Only an address with non-ASCII letters before
the @ does, and then only a server that offers SMTPUTF8 can take it (smtp.py checks)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path

from ..errors import InputError
from ..fmt import number
from .documenten import FACILITATOR
from .planning import UPDATED, Delivery, key
from .ontvangers import Recipients

TEMPLATES = {"onderwerp": "mail/onderwerp.txt", "tekst": "mail/bericht.txt", "html": "mail/bericht.html"}
WORDS = "woorden/mail.html"  # the words the three templates are given (whose copy is attached)
LANGUAGE = "nl-BE"
MB = 1024 * 1024


class TooLarge(Exception):
    """The encoded message exceeds max_bijlage_mb; it is not sent."""


@dataclass(frozen=True)
class Outgoing:
    """A message ready for the server: the envelope addresses and the bytes as they go out."""

    sender: str
    recipient: str
    raw: bytes
    smtputf8: bool  # an address needs SMTPUTF8 (non-ASCII before the @)


def ascii_address(address: str) -> str:
    """'naam@stad-léuven.be' -> 'naam@xn--stad-luven-g7a.be' (IDNA); unchanged when already ASCII, or
    when the part before the @ is not ASCII (such an address needs SMTPUTF8 whatever the domain)."""
    if address.isascii():
        return address
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(address, check_deliverability=False).ascii_email or address
    except EmailNotValidError:
        return address


def mailbox(value: str) -> Address:
    """A setting 'Naam <adres>' or 'adres' as a header address, which the policy writes once, correctly,
    whatever the name's accents or parentheses (a name someone wrote as an RFC 2047 encoded word is
    decoded first, so that it is not encoded twice)."""
    from email.header import decode_header, make_header

    name, address = parseaddr(value)
    if "=?" in name:
        name = str(make_header(decode_header(name)))
    username, _, domain = ascii_address(address).rpartition("@")
    return Address(display_name=name, username=username, domain=domain)


def megabytes(size: int) -> str:
    return number(size / MB, 1)


def message_id(delivery: Delivery, sender: str) -> str:
    assert delivery.recipient is not None, "a Message-ID is made only for a delivery with a recipient"
    digest = hashlib.sha256(f"{delivery.document.id}|{delivery.document.version}|{key(delivery.recipient)}"
                            .encode()).hexdigest()[:40]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "thuis.invalid"
    return f"<thuis.{digest}@{domain}>"


def _environment(user_templates: Path | None):
    from jinja2 import select_autoescape

    from ..templating import environment

    env = environment(user_templates)
    env.autoescape = select_autoescape(["html"], default_for_string=False, default=False)
    return env


def _render(env, name: str, use):
    """`use(template)` for the template `name`; a template error as a Dutch message naming the file."""
    from jinja2 import TemplateError, TemplateSyntaxError

    try:
        return use(env.get_template(name))
    except TemplateError as exc:
        where = ""
        if isinstance(exc, TemplateSyntaxError) and exc.lineno:  # only a syntax error knows its place
            where = f" ({exc.filename}, regel {exc.lineno})"
        raise InputError(f"Sjabloonfout in {name}{where}: {exc.message}") from None


def render_texts(delivery: Delivery, recipients: Recipients, user_templates: Path | None) -> dict[str, str]:
    document = delivery.document
    settings = recipients.settings
    copies = [document.copy_of(p) for p in delivery.attachments]
    env = _environment(user_templates)
    facilitator = _render(env, WORDS, lambda t: str(t.module.facilitator()).strip()) if FACILITATOR in copies else ""
    context = {
        "product": document.product,
        "titel": document.title,
        "kernpunten": list(document.key_points),
        "gemeenten": [document.name(s) for s in document.municipalities],
        "gemeente": document.name(document.municipalities[0]) if document.municipalities else "",
        "dienst": recipients.department_names.get(document.department or "", document.department or ""),
        "bijgewerkt": delivery.reason == UPDATED,
        "bijlagen": [p.name for p in delivery.attachments],
        # a municipality's copy and its pre-read are both its own: name it once
        "exemplaren": list(dict.fromkeys(facilitator if c == FACILITATOR else document.name(c)
                                         for c in copies if c)),
        "handtekening": settings.handtekening.strip(),
        "ontvanger": delivery.recipient,
    }
    texts = {part: _render(env, name, lambda t: t.render(**context)) for part, name in TEMPLATES.items()}
    texts["onderwerp"] = " ".join(texts["onderwerp"].split())  # one line, whatever the template does
    return texts


def build_message(delivery: Delivery, recipients: Recipients, user_templates: Path | None) -> EmailMessage:
    assert delivery.recipient is not None, "a message is built only for a delivery with a recipient"
    settings = recipients.settings
    texts = render_texts(delivery, recipients, user_templates)
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = texts["onderwerp"]
    message["From"] = mailbox(settings.afzender)
    message["To"] = mailbox(delivery.recipient)
    if settings.antwoord_aan:
        message["Reply-To"] = mailbox(settings.antwoord_aan)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id(delivery, settings.afzender)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a machine
    message["X-Auto-Response-Suppress"] = "OOF, AutoReply"  # the same for Exchange; bounces still come
    language = [f"Content-Language: {LANGUAGE}"]
    message.set_content(texts["tekst"], charset="utf-8", cte="quoted-printable", headers=language)
    message.add_alternative(texts["html"], subtype="html", charset="utf-8", cte="quoted-printable",
                            headers=language)
    for path in delivery.attachments:
        message.add_attachment(path.read_bytes(), maintype="application", subtype="pdf", filename=path.name)
    message["Content-Language"] = LANGUAGE  # after the parts: set_content moves Content-* headers into them
    return message


def outgoing(delivery: Delivery, recipients: Recipients, user_templates: Path | None) -> Outgoing:
    """The message as it goes out, or TooLarge: `max_bijlage_mb` is the size of the encoded message
    (base64 makes a PDF about 37 % larger), which is what a mail server's own limit counts."""
    settings = recipients.settings
    limit = settings.max_bijlage_mb * MB
    message = build_message(delivery, recipients, user_templates)
    sender, recipient = (ascii_address(parseaddr(a)[1]) for a in (settings.afzender, delivery.recipient or ""))
    smtputf8 = not (sender.isascii() and recipient.isascii())
    raw = message.as_bytes(policy=policy.SMTPUTF8 if smtputf8 else policy.SMTP)
    if len(raw) > limit:
        pdfs = sum(p.stat().st_size for p in delivery.attachments)
        raise TooLarge(_too_large(len(raw), pdfs, settings.max_bijlage_mb))
    return Outgoing(sender, recipient, raw, smtputf8)


def _too_large(size: int, attachments: int, most: float) -> str:
    return (f"het bericht is met de bijlage(n) {megabytes(size)} MB groot (de PDF's zelf "
            f"{megabytes(attachments)} MB; als bijlage worden ze ongeveer 37 % groter), meer dan de toegelaten "
            f"{number(most, 1 if most % 1 else 0)} MB (max_bijlage_mb); het bericht werd niet verstuurd")

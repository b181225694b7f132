"""One e-mail per document and recipient: Dutch subject and body from templates a municipality can
override, the PDFs attached, a Message-ID that is the same for the same version and recipient."""

from __future__ import annotations

import hashlib
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path

from ..errors import InputError
from .planning import UPDATED, Delivery, key
from .ontvangers import Recipients

TEMPLATES = {"onderwerp": "mail/onderwerp.txt", "tekst": "mail/bericht.txt", "html": "mail/bericht.html"}


class TooLarge(Exception):
    """The attachments exceed max_bijlage_mb; the message is not sent."""


def message_id(delivery: Delivery, sender: str) -> str:
    digest = hashlib.sha256(f"{delivery.document.id}|{delivery.document.version}|{key(delivery.recipient)}"
                            .encode()).hexdigest()[:40]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "thuis.invalid"
    return f"<thuis.{digest}@{domain}>"


def _environment(user_templates: Path | None):
    from jinja2 import select_autoescape

    from ..render import environment

    env = environment(user_templates)
    env.autoescape = select_autoescape(["html"], default_for_string=False, default=False)
    return env


def render_texts(delivery: Delivery, recipients: Recipients, user_templates: Path | None) -> dict[str, str]:
    from jinja2 import TemplateError

    document = delivery.document
    names = recipients.municipality_names
    settings = recipients.settings
    context = {
        "product": document.product,
        "titel": document.title,
        "kernpunten": list(document.key_points),
        "gemeenten": [names.get(s, s) for s in document.municipalities],
        "gemeente": names.get(document.municipalities[0], document.municipalities[0]) if document.municipalities else "",
        "dienst": recipients.department_names.get(document.department or "", document.department or ""),
        "bijgewerkt": delivery.reason == UPDATED,
        "bijlagen": [p.name for p in document.files],
        "handtekening": settings.handtekening.strip(),
        "ontvanger": delivery.recipient,
    }
    env = _environment(user_templates)
    texts = {}
    for part, name in TEMPLATES.items():
        try:
            texts[part] = env.get_template(name).render(**context)
        except TemplateError as exc:
            where = f" ({exc.filename}, regel {exc.lineno})" if getattr(exc, "lineno", None) else ""
            raise InputError(f"Sjabloonfout in {name}{where}: {exc.message}") from None
    texts["onderwerp"] = " ".join(texts["onderwerp"].split())  # one line, whatever the template does
    return texts


def build_message(delivery: Delivery, recipients: Recipients, user_templates: Path | None) -> EmailMessage:
    settings = recipients.settings
    sizes = {p: p.stat().st_size for p in delivery.document.files}
    total = sum(sizes.values())
    limit = settings.max_bijlage_mb * 1024 * 1024
    if total > limit:
        raise TooLarge(f"de bijlage(n) zijn samen {total / 1024 / 1024:.1f} MB, meer dan de toegelaten "
                       f"{settings.max_bijlage_mb:g} MB (max_bijlage_mb); het bericht werd niet verstuurd")
    texts = render_texts(delivery, recipients, user_templates)
    message = EmailMessage()
    message["Subject"] = texts["onderwerp"]
    message["From"] = settings.afzender
    message["To"] = delivery.recipient
    if settings.antwoord_aan:
        message["Reply-To"] = settings.antwoord_aan
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id(delivery, settings.afzender)
    message["Content-Language"] = "nl-BE"
    message.set_content(texts["tekst"], charset="utf-8", cte="quoted-printable")
    message.add_alternative(texts["html"], subtype="html", charset="utf-8", cte="quoted-printable")
    for path in delivery.document.files:
        message.add_attachment(path.read_bytes(), maintype="application", subtype="pdf", filename=path.name)
    return message

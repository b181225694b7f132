"""Who receives what, and how to reach the mail server: `ontvangers.yaml` or a plan's `bezorging:`.

Parsed into typed models at the edge; every error is collected with its file and key path. The file
names where credentials come from (environment variables or a file only the user can read); a
password itself never appears in it, and never in a message of thuis.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import stat
from dataclasses import dataclass, field
from email.utils import parseaddr
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema,
                      model_validator)

from ..config import Config, problems_from
from ..env import current
from ..errors import InputError, Problem
from ..gebieden import Gebieden
from ..suggest import with_hint
from ..yamlio import read_yaml

RECIPIENTS_FILE = "ontvangers.yaml"
SECRET_KEYS = {"wachtwoord", "password", "paswoord", "pass", "secret", "geheim"}
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "plain": 25}


def _address(value: str) -> str:
    """'Naam <adres>' or 'adres', checked by email-validator (syntax only, no DNS)."""
    from email_validator import EmailNotValidError, validate_email

    if not isinstance(value, str):
        raise ValueError("moet een e-mailadres (tekst) zijn")
    name, addr = parseaddr(value)
    if not addr or (name and "<" not in value) or (not name and addr != value.strip()):
        raise ValueError(f"'{value}' is geen geldig e-mailadres (verwacht: naam@domein.be of Naam <naam@domein.be>)")
    try:
        checked = validate_email(addr, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        from ..messages import email_reason

        raise ValueError(f"'{value}' is geen geldig e-mailadres ({email_reason(str(exc))})") from None
    if not name:
        return checked.normalized
    from email.headerregistry import Address  # the name as written (quoted if needed), never encoded here

    return str(Address(display_name=name, addr_spec=checked.normalized))


Adres = Annotated[str, AfterValidator(_address)]


def _one_or_more(value: object) -> object:
    return [value] if isinstance(value, str) else value


# One address or a list of them; the schema says so too (pydantic would describe only the list).
Adressen = Annotated[list[Adres], BeforeValidator(_one_or_more), Field(min_length=1), WithJsonSchema(
    {"anyOf": [{"type": "string", "minLength": 1},
               {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}]})]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Inlog(_Strict):
    """Waar de gebruikersnaam en het wachtwoord vandaan komen: twee omgevingsvariabelen, of een bestand
    (eerste regel de gebruikersnaam, tweede het wachtwoord) dat alleen de eigenaar kan lezen."""

    gebruiker_variabele: str | None = None
    """Omgevingsvariabele met de gebruikersnaam."""
    wachtwoord_variabele: str | None = None
    """Omgevingsvariabele met het wachtwoord."""
    bestand: Path | None = None
    """Bestand met gebruikersnaam en wachtwoord (chmod 600)."""

    @model_validator(mode="after")
    def _one_source(self) -> Inlog:
        env = self.gebruiker_variabele is not None or self.wachtwoord_variabele is not None
        if env == (self.bestand is not None):
            raise ValueError("noem ofwel gebruiker_variabele en wachtwoord_variabele, ofwel bestand")
        if env and (self.gebruiker_variabele is None or self.wachtwoord_variabele is None):
            raise ValueError("noem zowel gebruiker_variabele als wachtwoord_variabele")
        return self


class Smtp(_Strict):
    """De SMTP-server waarlangs thuis verstuurt."""

    host: str = Field(min_length=1)
    """Naam of adres van de server."""
    poort: int | None = Field(default=None, ge=1, le=65535)
    """Poort; standaard 587 (starttls), 465 (tls) of 25 (plain)."""
    modus: Literal["starttls", "tls", "plain"] = "starttls"
    """starttls of tls (certificaat gecontroleerd); plain alleen naar deze machine."""
    ca_bestand: Path | None = None
    """Eigen CA-certificaat (PEM) om de server mee te controleren."""
    inlog: Inlog | None = None
    """Waar gebruikersnaam en wachtwoord vandaan komen; weglaten = niet aanmelden."""
    pogingen: int = Field(default=4, ge=1, le=10)
    """Zo vaak proberen bij een tijdelijke fout."""
    wachttijd: float = Field(default=5.0, ge=0, le=600)
    """Seconden voor de tweede poging; daarna telkens dubbel zo lang."""
    time_out: float = Field(default=60.0, gt=0, le=600)
    """Seconden wachten op de server."""

    @model_validator(mode="after")
    def _plain_only_local(self) -> Smtp:
        if self.modus == "plain" and not is_loopback(self.host):
            raise ValueError(f"modus plain (zonder versleuteling) mag alleen naar deze machine "
                             f"(localhost, 127.0.0.1 of ::1), niet naar '{self.host}'; kies starttls of tls")
        return self

    @property
    def port(self) -> int:
        return self.poort or DEFAULT_PORTS[self.modus]


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _GemeenteBasis(_Strict):
    """Wie van één gemeente welk document krijgt."""

    diensten: dict[str, Adressen] = {}
    """Per dienst-id één adres of een lijst adressen: de briefing van die dienst."""


def recipient_kinds() -> list[str]:
    """The keys of a municipality's entry besides `diensten`: one per product that declares its own
    recipients (ABOUT.recipients), in the registry's order."""
    from ..products import about, names
    from ..products.base import DEPARTMENT

    return [kind for name in names() if (kind := about(name).recipients) and kind != DEPARTMENT]


class Bezorging(_Strict):
    """Bezorging per e-mail (ontvangers.yaml): de SMTP-server, de afzender en per gemeente wie welk
    document krijgt."""

    smtp: Smtp
    """De SMTP-server."""
    afzender: Adres
    """Afzender, bv. "Beleidsteam wonen <wonen@leuven.be>"."""
    antwoord_aan: Adres | None = None
    """Adres voor antwoorden (Reply-To)."""
    handtekening: str = ""
    """Handtekening onder elk bericht."""
    max_bijlage_mb: float = Field(default=10, gt=0, le=100)
    """Grootste bericht (met de bijlagen, zoals verstuurd); een groter bericht wordt niet verstuurd (en gemeld)."""
    facilitator: Adressen | None = None
    """Adressen voor het exemplaar van de facilitator van elk intervisiewerkboek."""
    gemeenten: dict[str, _GemeenteBasis] = Field(min_length=1)
    """Per gemeente (naam, slug of NIS-code) de ontvangers."""


def bezorging_model() -> type[Bezorging]:
    """The model of ontvangers.yaml for the registered products: a municipality's entry has `diensten`
    and one key per product that names its own recipients (ABOUT.recipients)."""
    from ..products import about, names

    return _bezorging_model(tuple((about(name).recipients, about(name).recipients_help) for name in names()
                                  if about(name).recipients in recipient_kinds()))


@cache
def _bezorging_model(kinds: tuple[tuple[str, str], ...]) -> type[Bezorging]:
    from pydantic import create_model

    fields: Any = {kind: (Adressen | None, Field(default=None, description=text)) for kind, text in kinds}
    municipality = create_model("GemeenteOntvangers", __base__=_GemeenteBasis, __doc__=_GemeenteBasis.__doc__,
                                **fields)
    entries: Any = {"gemeenten": (dict[str, municipality], Field(  # type: ignore[valid-type]
        min_length=1, description="Per gemeente (naam, slug of NIS-code) de ontvangers."))}
    return create_model("Bezorging", __base__=Bezorging, __doc__=Bezorging.__doc__, **entries)


@dataclass(frozen=True)
class Recipients:
    """The validated settings, with municipalities keyed by slug and the names mails use."""

    settings: Bezorging
    source: str
    by_slug: dict[str, _GemeenteBasis]
    municipality_names: dict[str, str] = field(default_factory=dict)  # slug -> name
    department_names: dict[str, str] = field(default_factory=dict)  # id -> name

    def for_department(self, slug: str, dienst: str) -> list[str]:
        entry = self.by_slug.get(slug)
        return list(entry.diensten.get(dienst, [])) if entry else []

    def for_kind(self, slug: str, kind: str) -> list[str]:
        """The addresses under a product's own key (ABOUT.recipients) in a municipality's entry."""
        entry = self.by_slug.get(slug)
        return list(getattr(entry, kind, None) or []) if entry else []


def find_recipients_file(config_dir: Path | None) -> Path | None:
    """`ontvangers.yaml` in the user's config folder; the built-in config never sends anything."""
    if config_dir is None:
        return None
    path = config_dir / RECIPIENTS_FILE
    return path if path.is_file() else None


def read_recipients_file(path: Path, config: Config, gebieden: Gebieden) -> Recipients:
    return parse_recipients(read_yaml(path), str(path), "", path.parent, config, gebieden)


def parse_recipients(raw: object, source: str, root: str, base: Path, config: Config,
                     gebieden: Gebieden) -> Recipients:
    """Validate a recipients mapping (a file, or the plan's `bezorging:` section under `root`)."""
    if not isinstance(raw, dict):
        raise InputError(f"{source}: {root or 'het bestand'} moet een reeks sleutels en waarden zijn.")
    problems = [Problem(f"{path}: een wachtwoord hoort niet in dit bestand; noem in smtp.inlog waar "
                        "thuis het vindt (omgevingsvariabelen of een beschermd bestand)", file=source)
                for path in _secret_keys(raw, root)]
    prefix = f"{root}." if root else ""
    by_slug_keys: dict[str, str] = {}  # slug -> the key as written
    names: dict[str, str] = {}
    departments = config.diensten.diensten
    raw_municipalities = raw.get("gemeenten")
    for key, entry in (raw_municipalities.items() if isinstance(raw_municipalities, dict) else []):
        where = f"{prefix}gemeenten.{key}"
        for dienst in (entry.get("diensten") or {}) if isinstance(entry, dict) else {}:
            if isinstance(entry["diensten"], dict) and dienst not in departments:
                problems.append(Problem(with_hint(f"{where}.diensten: onbekende dienst '{dienst}'", str(dienst),
                                                  departments), file=source))
        try:
            gebied = gebieden.resolve(str(key))
        except InputError as exc:
            problems.append(Problem(f"{where}: {exc.summary}", file=source))
            continue
        if gebied.is_reference:
            problems.append(Problem(f"{where}: {gebied.naam} is geen gemeente", file=source))
            continue
        if gebied.slug in by_slug_keys:
            problems.append(Problem(f"{where}: {gebied.naam} staat er twee keer in", file=source))
            continue
        by_slug_keys[gebied.slug] = str(key)
        names[gebied.slug] = gebied.naam
    clean = _without_secrets(raw)
    assert isinstance(clean, dict), "_without_secrets keeps a mapping a mapping (raw is one, checked above)"
    if isinstance(clean.get("gemeenten"), dict):  # a NIS code written bare (24062:) is a YAML number
        clean["gemeenten"] = {str(k): v for k, v in clean["gemeenten"].items()}
    try:
        model = bezorging_model()
        settings = model.model_validate(clean)
    except ValidationError as exc:
        # an unknown key's value is never echoed: it could be a secret typed in the wrong place
        problems += [dataclasses.replace(p, value=None) for p in problems_from(exc, source, root, model)]
    if problems:
        raise InputError(f"{source} bevat fouten:", problems)
    by_slug = {slug: settings.gemeenten[key] for slug, key in by_slug_keys.items()}
    smtp = settings.smtp

    def rel(p: Path | None) -> Path | None:
        return None if p is None else (p if p.expanduser().is_absolute() else base / p).expanduser()

    inlog = smtp.inlog.model_copy(update={"bestand": rel(smtp.inlog.bestand)}) if smtp.inlog else None
    settings = settings.model_copy(update={"smtp": smtp.model_copy(update={
        "ca_bestand": rel(smtp.ca_bestand), "inlog": inlog})})
    return Recipients(settings, source, by_slug, names, {k: d.naam for k, d in departments.items()})


def _secret_keys(raw: object, root: str) -> list[str]:
    found = []
    if isinstance(raw, dict):
        for key, value in raw.items():
            here = f"{root}.{key}" if root else str(key)
            if str(key).lower() in SECRET_KEYS:
                found.append(here)
            else:
                found += _secret_keys(value, here)
    elif isinstance(raw, list):
        for i, value in enumerate(raw):
            found += _secret_keys(value, f"{root}[{i}]")
    return found


def _without_secrets(raw: object) -> object:
    if isinstance(raw, dict):
        return {k: _without_secrets(v) for k, v in raw.items() if str(k).lower() not in SECRET_KEYS}
    if isinstance(raw, list):
        return [_without_secrets(v) for v in raw]
    return raw


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)


def read_credentials(inlog: Inlog | None, environ: dict | None = None) -> Credentials | None:
    """User name and password from the environment or a protected file; the values are never shown."""
    if inlog is None:
        return None
    env = current().environ if environ is None else environ
    if inlog.bestand is None:
        user_variable, password_variable = inlog.gebruiker_variabele, inlog.wachtwoord_variabele
        assert user_variable is not None and password_variable is not None, \
            "Inlog._one_source: without a file, both variables are named"
        missing = [v for v in (user_variable, password_variable) if not env.get(v)]
        if missing:
            raise InputError(f"De omgevingsvariabele(n) {', '.join(missing)} voor de aanmelding bij de "
                             "SMTP-server zijn niet gezet.")
        return Credentials(env[user_variable], env[password_variable])
    path = inlog.bestand
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"Kan het aanmeldbestand {path} niet lezen: {exc.strerror}.") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputError(f"Het aanmeldbestand {path} is leesbaar voor anderen (rechten "
                         f"{stat.S_IMODE(info.st_mode):04o}); maak het alleen voor uzelf leesbaar: "
                         f"chmod 600 {path}")
    if info.st_uid != os.getuid():
        raise InputError(f"Het aanmeldbestand {path} is niet van de gebruiker die thuis draait.")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise InputError(f"Kan het aanmeldbestand {path} niet lezen (UTF-8-tekst verwacht).") from None
    if len(lines) < 2 or not lines[0].strip() or not lines[1]:
        raise InputError(f"Het aanmeldbestand {path} heeft twee regels: de gebruikersnaam en het wachtwoord.")
    return Credentials(lines[0].strip(), lines[1])

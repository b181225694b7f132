"""Post ideas to Go Vocal's public API v2 (`--verstuur`), each idea once.

`POST <base>/api/v2/authenticate` with `{"auth": {"client_id", "client_secret"}}` answers 201 with
`{"jwt": ...}`; then one `POST <base>/api/v2/ideas` per idea with `Authorization: Bearer <jwt>`,
answered with 201 and `{"idea": {"id": ...}}`. The secret is sent once, to the authentication
endpoint over HTTPS (plain HTTP only to this machine), and never printed.

A register beside the files (`<uit>/<gemeente>/participatie/.thuis-govocal.json`), like the mail's,
records per platform and project which idea Go Vocal accepted, with the id it gave, right after each
accepted POST. A rerun posts only what is not in it: after a partial failure, what is missing; after
a success, nothing. An idea whose text changed since it was posted is not posted again (that would
be a second idea): thuis names it, with its id, to be edited in Go Vocal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ..env import current
from ..errors import ExitCode, InputError, ThuisError

ENV_ID = "THUIS_GOVOCAL_CLIENT_ID"
ENV_SECRET = "THUIS_GOVOCAL_CLIENT_SECRET"
ENV_URL = "THUIS_GOVOCAL_URL"
TIMEOUT = 30
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
LEDGER = ".thuis-govocal.json"


class SendError(ThuisError):
    """Go Vocal refused or could not be reached. With ideas posted in this run, or a refusal, it is a
    partial failure (1); when Go Vocal could not be used at all and nothing was posted, NOT_SENT (4)."""

    exit_code = ExitCode.PARTIAL_FAILURE

    def __init__(self, summary: str, problems=None, unusable: bool = False):
        super().__init__(summary, problems)
        if unusable:
            self.exit_code = ExitCode.NOT_SENT


@dataclass(frozen=True)
class Sending:
    """Everything --verstuur needs, checked before any file is written."""

    base: str
    client_id: str
    client_secret: str = field(repr=False)


@dataclass
class SendResult:
    created: list[str] = field(default_factory=list)  # the ids Go Vocal gave the new ideas
    earlier: list[str] = field(default_factory=list)  # ids of ideas posted by an earlier run
    changed: list[str] = field(default_factory=list)  # of those, the ones whose text changed since


class IdeaLedger:
    """What Go Vocal accepted, per platform and project and idea key; written after every idea."""

    def __init__(self, path: Path, entries: dict[str, dict[str, dict]]):
        self.path, self.entries = path, entries

    @classmethod
    def load(cls, folder: Path) -> IdeaLedger:
        path = folder / LEDGER
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data.get("verstuurd") if isinstance(data, dict) else None
        except FileNotFoundError:
            entries = {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            entries = None
        if not isinstance(entries, dict):
            raise InputError(f"Het register {path} is beschadigd; thuis verstuurt niets naar Go Vocal zolang het "
                             "niet hersteld is (zo komt geen idee er twee keer in).")
        return cls(path, entries)

    def get(self, space: str, key: str) -> dict | None:
        entry = self.entries.get(space, {}).get(key)
        return entry if isinstance(entry, dict) and entry.get("id") else None

    def record(self, space: str, key: str, idea_id: str, digest: str, title: str) -> None:
        from ..write import atomic_write

        self.entries.setdefault(space, {})[key] = {"id": idea_id, "inhoud": digest, "titel": title,
                                                   "tijd": dt.datetime.now().isoformat(timespec="seconds")}
        content = json.dumps({"verstuurd": self.entries}, indent=1, sort_keys=True, ensure_ascii=False)
        atomic_write(self.path, content.encode("utf-8"))


def credentials(environ=None) -> tuple[str, str]:
    env = current().environ if environ is None else environ
    client_id, secret = env.get(ENV_ID, "").strip(), env.get(ENV_SECRET, "").strip()
    missing = [name for name, value in ((ENV_ID, client_id), (ENV_SECRET, secret)) if not value]
    if missing:
        raise InputError(f"Om naar Go Vocal te versturen zijn {' en '.join(missing)} nodig in de omgeving "
                         "(Go Vocal: Beheer > Tools > Publieke API-toegang).")
    return client_id, secret


def check_base_url(base: str) -> str:
    parts = urllib.parse.urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"Het adres van Go Vocal is geen geldige URL: '{base}'.")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise InputError(f"Het adres van Go Vocal moet met https:// beginnen (niet '{base}'): "
                         "de client_secret gaat nooit onversleuteld over het netwerk.")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _post(url: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", "Accept": "application/json",
               "User-Agent": "thuis (woontest)"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # straight to the platform
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            status, raw = response.status, response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read(1_000_000) if exc.fp else b""
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SendError(f"Go Vocal is niet bereikbaar op {url} ({reason}).") from None
    try:
        data = json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = {}
    return status, data if isinstance(data, dict) else {}


def _digest(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _title(body: dict) -> str:
    titles = (body.get("idea") or {}).get("title_multiloc") or {}
    return next(iter(titles.values()), "") if isinstance(titles, dict) else ""


def send_ideas(base: str, ideas: list[dict], client_id: str, client_secret: str, *, keys: list[str] | None = None,
               ledger: IdeaLedger | None = None, echo=None) -> SendResult:
    """Authenticate, then post the ideas the ledger does not have, one by one, each recorded as soon as
    Go Vocal accepted it; stop at the first refusal. Without a ledger every idea is posted."""
    base = check_base_url(base)
    for i, body in enumerate(ideas, start=1):
        if not (body.get("idea") or {}).get("project_id"):
            raise InputError(f"Idee {i} heeft geen project_id: zet deelname.govocal.project_id in "
                             "plannen.yaml of THUIS_GOVOCAL_PROJECT_ID in de omgeving.")
    keys = keys or [str(i) for i in range(len(ideas))]
    say = echo or (lambda line: None)
    result, todo = SendResult(), []
    for key, body in zip(keys, ideas):
        space = f"{base}|{body['idea']['project_id']}"
        before = ledger.get(space, key) if ledger is not None else None
        if before is None:
            todo.append((space, key, body))
            continue
        result.earlier.append(before["id"])
        if before.get("inhoud") != _digest(body):
            result.changed.append(before["id"])
            say(f"  al verstuurd  {before['id']}  {_title(body)} (de tekst veranderde sindsdien: pas het idee "
                "aan in Go Vocal)")
        else:
            say(f"  al verstuurd  {before['id']}  {_title(body)}")
    if not todo:
        return result
    try:
        status, data = _post(f"{base}/api/v2/authenticate", {"auth": {"client_id": client_id,
                                                                        "client_secret": client_secret}})
    except SendError as exc:
        raise SendError(exc.summary, unusable=True) from None
    token = data.get("jwt")
    if status not in (200, 201) or not isinstance(token, str) or not token:
        hint = " Controleer de client_id en client_secret." if status in (401, 403, 404) else ""
        raise SendError(f"Aanmelden bij Go Vocal mislukt (HTTP {status}).{hint}", unusable=True)
    for i, (space, key, body) in enumerate(todo, start=1):
        try:
            status, data = _post(f"{base}/api/v2/ideas", body, token)
        except SendError as exc:
            raise SendError(f"{exc.summary}{_so_far(result)}", unusable=not result.created) from None
        idea_id = str((data.get("idea") or {}).get("id") or "")
        if status not in (200, 201) or not idea_id:
            errors = data.get("errors")
            detail = f": {json.dumps(errors, ensure_ascii=False)[:300]}" if errors else ""
            raise SendError(f"Go Vocal weigerde idee {i} van {len(todo)} (HTTP {status}){detail}.{_so_far(result)}")
        if ledger is not None:
            ledger.record(space, key, idea_id, _digest(body), _title(body))  # only now, after Go Vocal accepted it
        result.created.append(idea_id)
        say(f"  nieuw         {idea_id}  {_title(body)}")
    return result


def _so_far(result: SendResult) -> str:
    made = (f" {len(result.created)} ideeën werden in deze run wel aangemaakt ({', '.join(result.created)})."
            if result.created else " In deze run werd geen idee aangemaakt.")
    return (f"{made} Verstuur opnieuw zodra het probleem opgelost is: thuis stuurt alleen wat nog niet in het "
            f"register ({LEDGER}) staat.")


def prepare(deelname, environ=None) -> Sending:
    """Before anything is written: the platform's address, the API credentials and the project."""
    from .export import ENV_PROJECT, govocal_settings

    env = current().environ if environ is None else environ
    settings = govocal_settings(deelname.govocal, env) if deelname is not None else None
    base = env.get(ENV_URL, "").strip() or (settings.api if settings else None)
    if not base:
        raise InputError(f"Geef het adres van het Go Vocal-platform: deelname.govocal.api in plannen.yaml "
                         f"of {ENV_URL} in de omgeving.")
    base = check_base_url(base)
    if settings is None or not settings.project_id:
        raise InputError("Om naar Go Vocal te versturen is een project nodig: zet deelname.govocal.project_id in "
                         f"plannen.yaml of {ENV_PROJECT} in de omgeving.")
    client_id, secret = credentials(env)
    return Sending(base, client_id, secret)


def send_export(sending: Sending, export, folder: Path, echo=None) -> SendResult:
    """`--verstuur` after the files are written: the ideas the register lacks, and what it holds."""
    echo = echo or current().echo
    ledger = IdeaLedger.load(folder)
    echo("Go Vocal:")
    result = send_ideas(sending.base, export.ideas, sending.client_id, sending.client_secret,
                        keys=export.idea_keys, ledger=ledger, echo=echo)
    echo(f"Verstuurd naar Go Vocal: {len(result.created)} nieuwe ideeën, {len(result.earlier)} al eerder "
         f"verstuurd (register: {ledger.path}).")
    return result

"""Post ideas to Go Vocal's public API v2 (`--verstuur`).

`POST <base>/api/v2/authenticate` with `{"auth": {"client_id", "client_secret"}}` answers 201 with
`{"jwt": ...}`; then one `POST <base>/api/v2/ideas` per idea with `Authorization: Bearer <jwt>`,
answered with 201 and `{"idea": {"id": ...}}`. The secret is sent once, to the authentication
endpoint over HTTPS (plain HTTP only to this machine), and never printed.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from ..errors import ExitCode, InputError, ThuisError

ENV_ID = "THUIS_GOVOCAL_CLIENT_ID"
ENV_SECRET = "THUIS_GOVOCAL_CLIENT_SECRET"
ENV_URL = "THUIS_GOVOCAL_URL"
TIMEOUT = 30
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class SendError(ThuisError):
    """Go Vocal refused or could not be reached; some ideas may have been posted already."""

    exit_code = ExitCode.PARTIAL_FAILURE


@dataclass
class SendResult:
    created: list[str] = field(default_factory=list)  # the ids Go Vocal gave the new ideas


def credentials(environ=None) -> tuple[str, str]:
    env = os.environ if environ is None else environ
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


def send_ideas(base: str, ideas: list[dict], client_id: str, client_secret: str) -> SendResult:
    """Authenticate, then post the ideas one by one; stop at the first refusal."""
    base = check_base_url(base)
    for i, body in enumerate(ideas, start=1):
        if not (body.get("idea") or {}).get("project_id"):
            raise InputError(f"Idee {i} heeft geen project_id: zet deelname.govocal.project_id in "
                             "plannen.yaml of THUIS_GOVOCAL_PROJECT_ID in de omgeving.")
    status, data = _post(f"{base}/api/v2/authenticate", {"auth": {"client_id": client_id,
                                                                    "client_secret": client_secret}})
    token = data.get("jwt")
    if status not in (200, 201) or not isinstance(token, str) or not token:
        hint = " Controleer de client_id en client_secret." if status in (401, 403, 404) else ""
        raise SendError(f"Aanmelden bij Go Vocal mislukt (HTTP {status}).{hint}")
    result = SendResult()
    for i, body in enumerate(ideas, start=1):
        status, data = _post(f"{base}/api/v2/ideas", body, token)
        if status not in (200, 201):
            errors = data.get("errors")
            detail = f": {json.dumps(errors, ensure_ascii=False)[:300]}" if errors else ""
            raise SendError(f"Go Vocal weigerde idee {i} van {len(ideas)} (HTTP {status}){detail}. "
                            f"{len(result.created)} ideeën werden wel aangemaakt; verstuur niet opnieuw "
                            "zonder die eerst te verwijderen of uit het bestand te halen.")
        result.created.append(str((data.get("idea") or {}).get("id", "")))
    return result

"""The files a document may read: only files inside the template folders (the own `--sjablonen`
folder first, then the built-ins) and data: URLs; nothing from the network. A reference outside them
stops with a clear message (`RefusedResource`). `self_contained` makes a web page one file."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import resources
from .errors import InputError

class RefusedResource(InputError):
    pass


def asset_roots(user_templates: Path | None) -> list[Path]:
    """The folders a document may read files from: the own template folder first, then the built-ins."""
    return [r.resolve() for r in ([user_templates] if user_templates else []) + [resources.templates_dir()]]


def resolve_asset(path: Path, roots: list[Path]) -> Path | None:
    """The file a document means by `path`, or None when it is not inside the allowed folders.

    A relative reference in a template ('logo.svg', 'static/thuis.css') arrives resolved against the
    built-in folder; it is looked up in the own template folder first, like a template, so an own
    template's own files are found and may replace a built-in one. An absolute path or file:// URL is
    allowed only inside one of the folders; nothing outside them is read, however it is written."""
    path = Path(path).resolve()
    builtin = roots[-1]
    candidates = [path]
    if builtin == path or builtin in path.parents:
        relative = path.relative_to(builtin)
        candidates = [(root / relative).resolve() for root in roots]
    for candidate in candidates:
        if any(root == candidate or root in candidate.parents for root in roots) and candidate.is_file():
            return candidate
    return None


def refusal(url: str, roots: list[Path]) -> str:
    """Why a reference is not read, in words a template author can act on: a file that is not there (with
    the closest name in the template folders), or a source outside them that thuis never fetches."""
    parts = urlsplit(url)
    path = Path(unquote(parts.path)).resolve() if parts.scheme in ("", "file") and not parts.netloc else None
    inside = next((r for r in roots if path is not None and (r == path or r in path.parents)), None)
    own = f"uw sjablonenmap ({roots[0]})" if len(roots) > 1 else None
    if inside is None:
        where = f"{own} en de ingebouwde sjablonen" if own else "de ingebouwde sjablonen"
        return (f"Het document verwijst naar een bron die thuis niet ophaalt: {url[:200]} (thuis leest alleen "
                f"bestanden in {where}, en data:-URL's).")
    from .suggest import did_you_mean

    assert path is not None, "inside is found only for a local path"
    relative = path.relative_to(inside).as_posix()
    known = sorted({f.relative_to(r).as_posix() for r in roots for f in r.rglob("*") if f.is_file()})
    where = f"{own} en ook niet bij de ingebouwde sjablonen" if own else "bij de ingebouwde sjablonen"
    return f"Bestand niet gevonden: '{relative}', waarnaar het document verwijst, staat niet in {where}." + \
        did_you_mean(relative, known)


STYLESHEET_LINK = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"[^>]*>', re.IGNORECASE)
_CSS_URL = re.compile(r'url\(\s*(["\']?)([^"\')]+)\1\s*\)')
_SRC = re.compile(r'(<(?:img|image|source)\b[^>]*?\b(?:src|href)=")([^"]+)(")', re.IGNORECASE)
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.IGNORECASE | re.DOTALL)
_MIME = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2",
         ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
         ".gif": "image/gif", ".webp": "image/webp"}


def local_target(reference: str, folder: Path) -> Path | None:
    """The path a reference in a document names, before the asset lookup (resolve_asset): a file:
    URL or a path relative to `folder`; None for anything else (http:, another host)."""
    parts = urlsplit(reference)
    if parts.netloc or parts.scheme not in ("", "file"):
        return None
    path = Path(unquote(parts.path))
    return path if parts.scheme else folder / path


def self_contained(html: str, user_templates: Path | None = None) -> str:
    """The HTML as one file that opens styled in a browser: stylesheets inline, and the fonts and
    images they and the page use as data: URLs. The same folders as for the PDF are allowed; a
    reference outside them stops with RefusedResource."""
    roots = asset_roots(user_templates)
    builtin = roots[-1]

    def local(reference: str, folder: Path) -> Path:
        target = local_target(reference, folder)
        found = None if target is None else resolve_asset(target, roots)
        if found is None:
            url = reference if target is None else target.resolve().as_uri()
            raise RefusedResource(refusal(url, roots))
        return found

    def data_url(reference: str, folder: Path) -> str:
        if reference.startswith(("data:", "#")):
            return reference
        path = local(reference, folder)
        mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    def inline_css(css: str, folder: Path) -> str:
        return _CSS_URL.sub(lambda m: f'url("{data_url(m.group(2), folder)}")', css)

    def stylesheet(match: re.Match) -> str:
        path = local(match.group(1), builtin)
        return f"<style>\n{inline_css(path.read_text(encoding='utf-8'), path.parent)}\n</style>"

    html = STYLESHEET_LINK.sub(stylesheet, html)
    html = _STYLE_BLOCK.sub(lambda m: m.group(1) + inline_css(m.group(2), builtin) + m.group(3), html)
    return _SRC.sub(lambda m: m.group(1) + data_url(m.group(2), builtin) + m.group(3), html)

"""HTML from Jinja templates (user folder first, built-ins after), PDF from WeasyPrint.

The renderer reads nothing but data: URLs and files inside the template folders, and fetches nothing
from the network; anything else stops the rendering with a clear message. WeasyPrint warnings are
collected and turned into errors, so a missing font or unknown CSS property never goes unnoticed.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import __version__, fmt, resources
from .errors import InputError

BUILTIN_PREFIX = "ingebouwd"


def environment(user_templates: Path | None = None):
    """Jinja environment: `--sjablonen` folder first, then the built-ins; `ingebouwd/x.html` always
    names the built-in template, so an override can extend the one it replaces."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined, select_autoescape

    builtin = FileSystemLoader(str(resources.templates_dir()))
    loaders = [PrefixLoader({BUILTIN_PREFIX: builtin})]
    if user_templates is not None:
        if not user_templates.is_dir():
            raise InputError(f"Sjablonenmap {user_templates} bestaat niet.")
        loaders.append(FileSystemLoader(str(user_templates)))
    loaders.append(builtin)
    # HTML is escaped; Markdown and plain-text templates (.md, .txt) are not, and use the `tekst` filter
    # to turn a sentence from an HTML macro back into plain text.
    env = Environment(loader=ChoiceLoader(loaders), undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True,
                      autoescape=select_autoescape(("html", "htm", "xml", "svg"), default_for_string=True))
    env.filters.update(pct=fmt.pct, pp=fmt.pp, count=fmt.count, number=fmt.number, datum=fmt.date,
                       n_label=fmt.n_label, interval=fmt.interval, tekst=plain_text, md=markdown_text,
                       links=links, whole_percent=fmt.whole_percent)
    env.globals["thuis_version"] = __version__
    return env


def plain_text(value) -> str:
    """A (possibly escaped) sentence as plain text, for Markdown, e-mail text and drawn images."""
    from markupsafe import Markup

    return Markup(value).unescape() if hasattr(value, "__html__") else str(value)


def markdown_text(value) -> str:
    """Text from other hands or from config, safe inside Markdown: markup and Markdown syntax escaped,
    line breaks kept inside the same paragraph or list item."""
    text = plain_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_[]|#":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "  \n")


def macro(template: str, name: str, *args, user_templates: Path | None = None) -> str:
    """One sentence from a macro of a template (e.g. `_zinnen.html`), as plain text."""
    from jinja2 import TemplateError

    try:
        module = _environment_cached(user_templates).get_template(template).module
        return plain_text(getattr(module, name)(*args))
    except TemplateError as exc:
        where = f" ({exc.filename}, regel {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise InputError(f"Sjabloonfout in {template}{where}: {exc.message}") from None


_ENVIRONMENTS: dict = {}


def _environment_cached(user_templates: Path | None):
    key = str(user_templates)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = environment(user_templates)
    return _ENVIRONMENTS[key]


_ADDRESS = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


def links(text) -> "Markup":
    """Free text with its web addresses as links: in a PDF each becomes a link annotation, in a page a
    link a keyboard reaches. The text itself is escaped; a trailing full stop or bracket stays out."""
    from markupsafe import Markup, escape

    if text is None:
        return Markup("")
    text = str(text)
    parts, start = [], 0
    for match in _ADDRESS.finditer(text):
        address = match.group(0).rstrip(".,;:!?)")
        end = match.start() + len(address)
        href = address if "://" in address else "https://" + address
        parts += [escape(text[start:match.start()]), Markup('<a href="{}">{}</a>').format(href, address)]
        start = end
    parts.append(escape(text[start:]))
    return Markup("").join(parts)


def render_html(template: str, context: dict, user_templates: Path | None = None) -> str:
    from jinja2 import TemplateError

    try:
        return _environment_cached(user_templates).get_template(template).render(**context)
    except TemplateError as exc:
        where = f" ({exc.filename}, regel {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise InputError(f"Sjabloonfout in {template}{where}: {exc.message}") from None
    except UnicodeDecodeError:
        raise InputError(f"Sjabloon {template} is geen UTF-8-tekst.") from None
    except RecursionError:
        raise InputError(f"Sjabloon {template} verwijst (via extends of include) naar zichzelf.") from None


class RefusedResource(InputError):
    pass


def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class LockedFetcher(URLFetcher):
        """Only data: URLs and files inside the allowed folders; everything else is refused."""

        def __init__(self, roots: list[Path]):
            super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)
            self.roots = [r.resolve() for r in roots]
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if any(root == path or root in path.parents for root in self.roots) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url[:200])
            raise FatalURLFetchingError(url[:200])

    return LockedFetcher


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def html_to_pdf(html: str, user_templates: Path | None = None, identifier: str = "", forms: bool = False) -> bytes:
    """PDF/UA-1, nl-BE, fonts embedded, deterministic (the identifier is a hash of the HTML).

    With `forms`, HTML inputs and textareas become fillable PDF fields, and <meta> tags are kept as
    custom metadata (a workbook carries its session there). Every PDF then goes through one structure
    pass (`pdf_structure.finish`): artifacts, table headers, IDTree, links."""
    from weasyprint import HTML
    from weasyprint.logger import LOGGER

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # Lato's font header dates trip a warning
    from weasyprint.urls import FatalURLFetchingError

    roots = [resources.templates_dir()] + ([user_templates] if user_templates else [])
    fetcher = _fetcher_class()(roots)
    collector = _Collect()
    LOGGER.addHandler(collector)
    try:
        document = HTML(string=html, base_url=resources.templates_dir().as_uri() + "/", url_fetcher=fetcher)
        pdf = document.write_pdf(
            pdf_variant="pdf/ua-1",
            pdf_identifier=hashlib.sha256((identifier or html).encode()).hexdigest()[:32].encode(),
            pdf_forms=forms,
            custom_metadata=forms,
        )
    except FatalURLFetchingError:
        raise RefusedResource("Het document verwijst naar een bron die thuis niet ophaalt (alleen "
                              "ingebouwde sjablonen en data:-URL's zijn toegelaten): "
                              + ", ".join(fetcher.refused)) from None
    finally:
        LOGGER.removeHandler(collector)
    if fetcher.refused:
        raise RefusedResource("Geweigerde bronnen: " + ", ".join(fetcher.refused))
    if collector.messages:
        raise InputError("De weergave van het document gaf waarschuwingen:\n  - "
                         + "\n  - ".join(collector.messages[:10]))
    from .pdf_structure import finish, section_outline

    return finish(pdf, section_outline(document.etree_element), forms=forms)

"""HTML from Jinja templates (user folder first, built-ins after), PDF from WeasyPrint.

The renderer reads nothing but data: URLs and files inside the template folders, and fetches nothing
from the network; anything else stops the rendering with a clear message. WeasyPrint warnings are
collected and turned into errors, so a missing font or unknown CSS property never goes unnoticed.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from . import __version__, fmt, resources
from .errors import InputError

if TYPE_CHECKING:
    from jinja2 import BaseLoader
    from markupsafe import Markup

BUILTIN_PREFIX = "ingebouwd"


def environment(user_templates: Path | None = None):
    """Jinja environment: `--sjablonen` folder first, then the built-ins; `ingebouwd/x.html` always
    names the built-in template, so an override can extend the one it replaces."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined, select_autoescape

    builtin = FileSystemLoader(str(resources.templates_dir()))
    loaders: list[BaseLoader] = [PrefixLoader({BUILTIN_PREFIX: builtin})]
    if user_templates is not None:
        if not user_templates.is_dir():
            raise InputError(f"Sjablonenmap {user_templates} bestaat niet.")
        loaders.append(FileSystemLoader(str(user_templates)))
    loaders.append(builtin)
    # HTML is escaped; Markdown and plain-text templates (.md, .txt) are not, and use the `tekst` filter
    # to turn a sentence from an HTML macro back into plain text.
    env = Environment(loader=ChoiceLoader(loaders), undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, bytecode_cache=_bytecode_cache(),
                      autoescape=select_autoescape(("html", "htm", "xml", "svg"), default_for_string=True))
    env.filters.update(pct=fmt.pct, pp=fmt.pp, count=fmt.count, number=fmt.number, datum=fmt.date,
                       n_label=fmt.n_label, interval=fmt.interval, tekst=plain_text, md=markdown_text,
                       links=links, whole_percent=fmt.whole_percent, at_most_pp=fmt.at_most_pp)
    env.globals["thuis_version"] = __version__
    return env


def _bytecode_cache():
    """Compiled templates kept between commands (Jinja checks each against its source's checksum, so
    an edited template is compiled again); compiling them cost a one-off command 70 ms."""
    from jinja2 import FileSystemBytecodeCache

    from .cache import cache_root

    root = cache_root()
    if root is None:
        return None
    folder = root / "sjablonen"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home is no reason to fail a document
    return FileSystemBytecodeCache(str(folder))


# A template's literal references: {% extends "x" %}, {% include 'x' %}, {% import "x" as y %}, {% from "x" import y %}
_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+(["'])([^"']+)\1""")


def compile_ahead(names: tuple[str, ...]) -> None:
    """Compile built-in templates and every template they extend, import or include into the template
    cache, where the command's own environment finds them (the same names and files give the same cache
    keys). Nothing happens without a cache. The references are found by a scan of the source, not by
    parsing it: a template already in the cache is then loaded, not parsed (parsing them all cost the
    worker 60 ms on every run). A template that fails to compile is left to the command, which reports it."""
    from jinja2 import TemplateError

    env = _environment_cached(None)
    if env.bytecode_cache is None:
        return
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = env.loader.get_source(env, name)[0]
            todo += [m.group(2) for m in _REFERENCE.finditer(source)]
            env.get_template(name)
        except (TemplateError, OSError, UnicodeDecodeError):
            continue


def plain_text(value) -> str:
    """A (possibly escaped) sentence as plain text, for Markdown, e-mail text and drawn images."""
    from markupsafe import Markup

    return Markup(value).unescape() if hasattr(value, "__html__") else str(value)


def markdown_text(value) -> str:
    """Text from other hands or from config, safe inside Markdown and still readable as plain text:
    Markdown syntax escaped with a backslash (never HTML entities: '&amp;' is noise in a .md file), no
    HTML tag, autolink or character reference (a backslash before the '<' or '&' that would start one),
    line breaks kept inside the same paragraph or list item."""
    text = plain_text(value).replace("\r\n", "\n")
    for char in "\\`*_[]|#":
        text = text.replace(char, "\\" + char)
    text = _TAG_START.sub(r"\\<", text)
    text = _REFERENCE_START.sub(r"\\&", text)
    # A line may not start a list, a numbered list, a quote or an underlined heading of its own.
    text = _LINE_START.sub(r"\1\\\2", text)
    return text.replace("\n", "  \n")


_LINE_START = re.compile(r"^([ \t]*\d*)([-+=.)>])", re.MULTILINE)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")  # '<b>', '</p>', '<!--', '<https://...>'; not 'kosten < 500'
_REFERENCE_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # '&amp;', '&#60;'; not 'Ruimte & wonen'


def macro(template: str, name: str, *args, user_templates: Path | None = None) -> str:
    """One sentence from a macro of a template (e.g. `_zinnen.html`), as plain text."""
    from jinja2 import TemplateError

    try:
        module = _environment_cached(user_templates).get_template(template).module
        return plain_text(getattr(module, name)(*args))
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)  # a syntax error gives its file and line
        where = f" ({getattr(exc, 'filename', None)}, regel {line})" if line else ""
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

    from jinja2 import TemplateNotFound

    try:
        return _environment_cached(user_templates).get_template(template).render(**context)
    except TemplateNotFound as exc:
        raise InputError(f"Sjabloonfout in {template}: sjabloon '{exc.name}' niet gevonden (thuis zoekt in uw "
                         "sjablonenmap en de ingebouwde).") from None
    except TemplateError as exc:
        from .messages import jinja_reason

        file, line = _template_place(exc)
        where = f" ({file}, regel {line})" if line else f" ({file})" if file else ""
        raise InputError(f"Sjabloonfout in {template}{where}: {jinja_reason(exc.message)}") from None
    except UnicodeDecodeError:
        raise InputError(f"Sjabloon {template} is geen UTF-8-tekst.") from None
    except RecursionError:
        raise InputError(f"Sjabloon {template} verwijst (via extends of include) naar zichzelf.") from None


def _template_place(exc) -> tuple[str | None, int | None]:
    """The template file and line of an error: given for a syntax error, else the innermost template
    frame of the traceback (Jinja rewrites those to point at the template's own lines)."""
    if getattr(exc, "lineno", None):
        return exc.filename or exc.name, exc.lineno
    file = line = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".htm", ".svg", ".md", ".txt", ".j2")):
            file, line = name, tb.tb_lineno
        tb = tb.tb_next
    return file, line


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


@cache
def load_weasyprint() -> None:
    """WeasyPrint imported, its libraries found from the linker cache (native.py), its SVG chart labels
    drawn a run at a time (svgtext.py), its streams compressed at zlib's default level (pdfstreams.py).
    Called before WeasyPrint is first used: by html_to_pdf, the fetcher and the font configuration."""
    from . import native, pdfstreams, svgtext

    with native.quick_library_lookup():
        import weasyprint  # noqa: F401
    svgtext.install()
    pdfstreams.install()


def _fetcher_class():
    load_weasyprint()
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
                found = resolve_asset(Path(unquote(parts.path)), self.roots)
                if found is not None:
                    return super().fetch(found.as_uri(), headers)
            self.refused.append(refusal(url, self.roots))
            raise FatalURLFetchingError(url[:200])

    return LockedFetcher


_STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"[^>]*>', re.IGNORECASE)
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

    html = _STYLESHEET.sub(stylesheet, html)
    html = _STYLE_BLOCK.sub(lambda m: m.group(1) + inline_css(m.group(2), builtin) + m.group(3), html)
    return _SRC.sub(lambda m: m.group(1) + data_url(m.group(2), builtin) + m.group(3), html)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_SHEETS: dict = {}


@cache
def _font_config():
    """One font configuration per process: the @font-face fonts are loaded once, not per document."""
    load_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    _finalize_at_exit(config)
    return config


def _finalize_at_exit(config) -> None:
    """Run the font configuration's own finalizer (WeasyPrint's `__del__`, which removes its temporary
    folder of fonts) when this process ends. Letting go of it is not enough: the computed styles of
    every document made refer to it, and neither the command (which leaves without the interpreter's
    shutdown, see `__main__`) nor a worker (forked workers end through os._exit) frees them. The
    command runs it with its exit handlers, a worker with `multiprocessing.util`'s finalizers at its
    end. A fork starts without the finalizers and never runs the exit handlers, so a worker never
    removes the folder of a configuration it inherited from its parent (the batch's)."""
    import atexit
    from multiprocessing import util

    finalize = _once(config)
    atexit.register(finalize)
    util.Finalize(None, finalize, exitpriority=0)


def _once(config):
    """The configuration's finalizer, made harmless for the interpreter's own call of `__del__` at a
    normal shutdown, which may come after it cleared the globals of weasyprint.text.fonts (pytest's
    workers printed "'NoneType' object is not callable")."""
    def finalize() -> None:
        config.__del__()
        config._folder = None

    return finalize


def _linked_stylesheets(html: str, fetcher, collector: _Collect) -> tuple[str, list]:
    """The HTML without its links to stylesheet files, and those stylesheets, parsed once per process.

    Parsing thuis.css and loading its fonts cost every document 20-40 ms. A linked file inside the
    allowed folders (looked up like any other asset: own folder first) is parsed once and kept, keyed
    by its path, size and modification time, so an edited file is read again. It is applied in the
    same order, as a user stylesheet: a template's own <style> still wins over it. A link with a media
    attribute, to anything else, or to a file with parse warnings is left to WeasyPrint as before."""
    from weasyprint import CSS

    sheets = []

    def take(match: re.Match) -> str:
        tag = match.group(0)
        target = None if re.search(r"\bmedia=", tag, re.IGNORECASE) else local_target(match.group(1),
                                                                                        resources.templates_dir())
        found = resolve_asset(target, fetcher.roots) if target is not None else None
        if target is None or found is None:
            return tag  # WeasyPrint applies it, or refuses it with the usual message
        stat = found.stat()
        key = (str(found), stat.st_mtime_ns, stat.st_size, tuple(map(str, fetcher.roots)))
        if key not in _SHEETS:
            before = len(collector.messages)
            # read from where it was found, but resolved from where the link points, like WeasyPrint
            # does: its fonts and images are looked up in the own folder first, then the built-ins
            try:
                text = found.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                return tag  # WeasyPrint guesses the encoding
            sheet = CSS(string=text, base_url=target.as_uri(), url_fetcher=fetcher, font_config=_font_config())
            if len(collector.messages) > before:
                return tag  # its warnings are reported for this document and every next one
            _SHEETS[key] = sheet
        sheets.append(_SHEETS[key])
        return ""

    return _STYLESHEET.sub(take, html), sheets


_TABLE_TAG = r"</?(?:table|caption|colgroup|col|thead|tbody|tfoot|tr|th|td)\b[^>]*>"
_TABLE_GAP = re.compile(rf"({_TABLE_TAG})\s+(?={_TABLE_TAG})", re.IGNORECASE)


def without_table_gaps(html: str) -> str:
    """The HTML without the indentation between two table tags (`</td>  <td>`, `<tbody>\\n  <tr>`):
    white space there is never shown, but WeasyPrint parses and boxes every bit of it (2-3 % of a brief
    with an annex of tables). The text in a cell, and white space anywhere else, stays as it is."""
    return _TABLE_GAP.sub(r"\1", html)


# A chart label in each of the three faces, a bar and a swatch, as the documents' SVG charts draw them.
_WARM_UP_CHART = ('<svg xmlns="http://www.w3.org/2000/svg" width="6cm" height="1cm" viewBox="0 0 170 28" '
                  'font-family="Lato" font-size="8" fill="#1A1A1A"><rect x="0" y="0" width="8" height="4" '
                  'fill="#084B7A"/><text x="11" y="8">Eens</text><text x="40" y="8" font-weight="700">Leuven</text>'
                  '<text x="80" y="8" font-style="italic">te weinig</text><rect x="0" y="12" width="90" '
                  'height="13" fill="#3A3A3A"/><text x="10" y="21" fill="#FFFFFF">42</text>'
                  '<text x="50" y="21" text-anchor="middle">50 %</text></svg>')
# The kinds of content the documents hold, small: running header and footer over two pages, headings,
# the three faces of Lato in text, a box, a chart as an image, a table with a group row.
WARM_UP = ('<html lang="nl-BE"><head><meta charset="utf-8"><title>thuis</title>'
           '<link rel="stylesheet" href="static/thuis.css"><link rel="stylesheet" href="static/brief.css">'
           '<link rel="stylesheet" href="static/intervisie.css"></head><body>'
           '<header class="omslag" data-kop="thuis" data-voet="thuis"><h1>thuis</h1></header>'
           '<section><h2>Woontest</h2><p>Woontest <strong>Thuis</strong> in de <em>Toekomst</em>, 2020: 54 %.</p>'
           '<aside class="kader"><p class="klein">Over deze cijfers.</p></aside>'
           '<figure class="blok"><h3>Wonen</h3><img class="verdeling" alt="grafiek" src="data:image/svg+xml;base64,'
           + base64.b64encode(_WARM_UP_CHART.encode()).decode() + '"><figcaption class="vraag">Vraag: wonen?'
           '</figcaption></figure></section><section class="bijlage nieuwe-pagina"><h2>Bijlage</h2>'
           '<div class="bijlage-blok"><h3>Cijfers</h3><table><caption>Aandeel</caption><thead><tr><th>Gebied</th>'
           '<th class="getal">Aandeel</th><th class="getal">n</th></tr></thead><tbody><tr class="eigen"><th>Leuven</th>'
           '<td class="getal">34 %</td><td class="getal">1.495</td></tr><tr><th colspan="3" class="groepkop">Leeftijd'
           '</th></tr><tr><th>65+</th><td class="getal onderdrukt">te weinig</td><td class="getal">12</td></tr>'
           '</tbody></table></div></section></body></html>')


def warm_up() -> None:
    """What the first PDF of a process pays once, paid ahead: WeasyPrint and its libraries, the fonts,
    the PDF tools, and the first use of each kind of content (a face of the font, a table, an SVG chart
    with its labels), which made a brief's first PDF 25-40 ms slower than the next after a warm-up of
    one heading and one paragraph. A command's PDF workers run this while the command reads its data."""
    html_to_pdf(WARM_UP)


def html_to_pdf(html: str, user_templates: Path | None = None, identifier: str = "", forms: bool = False) -> bytes:
    """PDF/UA-1, nl-BE, fonts embedded, deterministic (the identifier is a hash of the HTML).

    With `forms`, HTML inputs and textareas become fillable PDF fields, and <meta> tags are kept as
    custom metadata (a workbook carries its session there). Every PDF's structure is completed before
    it is written (`pdf_structure.finish`): artifacts, table headers, IDTree, links."""
    load_weasyprint()
    from weasyprint import HTML
    from weasyprint.logger import LOGGER

    from . import pdf_structure

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # Lato's font header dates trip a warning
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher_class()(asset_roots(user_templates))
    collector = _Collect()
    LOGGER.addHandler(collector)
    try:
        page, sheets = _linked_stylesheets(without_table_gaps(html), fetcher, collector)
        document = HTML(string=page, base_url=resources.templates_dir().as_uri() + "/", url_fetcher=fetcher)
        pdf = document.write_pdf(
            finisher=pdf_structure.finisher(pdf_structure.section_outline(document.etree_element)),
            pdf_variant="pdf/ua-1",
            pdf_identifier=hashlib.sha256((identifier or html).encode()).hexdigest()[:32].encode(),
            pdf_forms=forms,
            custom_metadata=forms,
            stylesheets=sheets,
            font_config=_font_config(),
        )
    except FatalURLFetchingError:
        raise RefusedResource(" ".join(dict.fromkeys(fetcher.refused))) from None
    finally:
        LOGGER.removeHandler(collector)
    if fetcher.refused:
        raise RefusedResource(" ".join(dict.fromkeys(fetcher.refused)))
    if collector.messages:
        raise InputError("De weergave van het document gaf waarschuwingen:\n  - "
                         + "\n  - ".join(collector.messages[:10]))
    return pdf_structure.clean_form_fonts(pdf) if forms else pdf

"""PDF from HTML with WeasyPrint: the locked fetcher (only what `assets` allows), the fonts and
stylesheets parsed once per process, the warm-up of a PDF worker, and the PDF's structure for screen
readers (`pdf_structure`). WeasyPrint warnings are collected and turned into errors, so a missing font
or unknown CSS property never goes unnoticed."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import resources
from .assets import STYLESHEET_LINK, RefusedResource, asset_roots, local_target, refusal, resolve_asset
from .errors import InputError

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

    return STYLESHEET_LINK.sub(take, html), sheets


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

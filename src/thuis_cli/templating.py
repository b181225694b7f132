"""HTML and text from Jinja templates: the `--sjablonen` folder first, the built-ins after, with the
Dutch number filters (`fmt`) and the template cache.

A template that fails to load or render stops with a clear Dutch message naming the template and
line (`InputError`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

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
                       links=links, whole_percent=fmt.whole_percent, mean_pct=fmt.mean_pct, at_most_pp=fmt.at_most_pp,
                       adres=address)
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


_ADDRESS = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def address(text) -> str:
    """A place with a street address, its street and house number kept on one line ('Dorpsplein\u00a01',
    never 'Dorpsplein / 1 (voorbeeld)'), and the number with its '(voorbeeld)'."""
    text = re.sub(r"(?<=[A-Za-zÀ-ÿ]) (?=\d+[a-z]?\b)", "\u00a0", str(text))
    return re.sub(r"(?<=\d) \(", "\u00a0(", text)


_PHONE = re.compile(r"\b0\d{1,3}(?:[ /.]\d{2,3}){2,3}\b")


def phone_numbers_whole(text: str) -> str:
    """A phone number in free text kept on one line: its spaces non-breaking ('016\u00a027\u00a020\u00a000'),
    so a narrow screen never ends a line in '016 27 20'."""
    return _PHONE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)


_PHONE_WHOLE = re.compile(r"\b0\d{1,3}(?:[\u00a0/.]\d{2,3}){2,3}\b")


def links(text, bellen: bool = False) -> "Markup":
    """Free text with its web addresses (and e-mail addresses, as mailto links) as links: in a PDF each
    becomes a link annotation, in a page a link a keyboard reaches. The text itself is escaped; a
    trailing full stop or bracket stays out; a phone number stays on one line (`phone_numbers_whole`)
    and, with `bellen` (a web page, read on a phone), is a tel: link a tap calls."""
    from markupsafe import Markup, escape

    if text is None:
        return Markup("")
    text = phone_numbers_whole(str(text))
    found = re.compile(f"{_ADDRESS.pattern}|{_PHONE_WHOLE.pattern}" if bellen else _ADDRESS.pattern, re.IGNORECASE)
    parts, start = [], 0
    for match in found.finditer(text):
        address = match.group(0).rstrip(".,;:!?)")
        end = match.start() + len(address)
        if bellen and _PHONE_WHOLE.fullmatch(address):
            parts += [escape(text[start:match.start()]),
                      Markup('<a href="tel:{}">{}</a>').format(re.sub(r"\D", "", address), address)]
            start = end
            continue
        href = (address if "://" in address else ("mailto:" + address if "@" in address and not
                address.lower().startswith("www.") else "https://" + address))
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

"""Every word a reader sees is in a template, so a municipality can reword it with `--sjablonen`.

The test makes an override folder mechanically from the built-in templates: every literal text of
every template (the Jinja lexer's `data` tokens: text between tags and the reader-visible attributes
alt, title, aria-label, placeholder, content and the running headers data-kop/data-voet) has each
word replaced by a marker. It renders each product with that folder and reads what a reader sees
(the HTML's text and visible attributes, the PDF's text, the texts in the SVG pictures). What is left
may only be markers, numbers, punctuation and data: municipality names, catalogue labels, department
names and the other texts of the configuration. Any other word was written in Python.

Known leaks (`KNOWN`) are words still made in the three product modules whose Dutch is being moved
into templates by their own change; the list is emptied when that lands. A word listed there that no
longer leaks fails the test too, so the list cannot go stale.
"""

from __future__ import annotations

import csv
import html.parser
import io
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from thuis_cli import resources

MARKER = "Xq"
WORD = re.compile(r"[^\W\d_]+")
ENTITY = re.compile(r"&#?\w+;")
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "content", "data-kop", "data-voet"}
SHOWN_ATTRIBUTES = VISIBLE_ATTRIBUTES - {"content"}  # a meta element's content is metadata, not shown
TEMPLATE_SUFFIXES = {".html", ".md", ".txt"}

# product -> words still written in Python for its documents, to be emptied when the words move
KNOWN: dict[str, set[str]] = {"brief": set(), "intervisie": set(), "infografiek": set()}


def mark_words(text: str) -> str:
    """Every word of a text replaced by the marker; HTML entities, numbers and punctuation kept."""
    out, pos = [], 0
    for entity in ENTITY.finditer(text):
        out.append(WORD.sub(MARKER, text[pos:entity.start()]))
        out.append(entity.group(0))
        pos = entity.end()
    out.append(WORD.sub(MARKER, text[pos:]))
    return "".join(out)


class _Markup:
    """Walks the literal text of a template in order (the pieces between Jinja tags), knowing whether
    it is in the text, inside a tag (and in which attribute's value) or in a style or script block."""

    def __init__(self) -> None:
        self.state = "text"  # text | tag | value | comment | raw
        self.attribute = ""
        self.quote = ""
        self.tag = ""
        self.raw_end = ""

    def mark(self, piece: str, markdown: bool) -> str:
        if markdown:
            return mark_words(piece)
        out: list[str] = []
        i = 0
        while i < len(piece):
            if self.state == "text":
                j = piece.find("<", i)
                j = len(piece) if j < 0 else j
                out.append(mark_words(piece[i:j]))
                if j < len(piece):
                    if piece.startswith("<!--", j):
                        self.state = "comment"
                        out.append("<!--")
                        i = j + 4
                        continue
                    self.state, self.tag, self.attribute = "tag", "", ""
                    out.append("<")
                    j += 1
                i = j
            elif self.state == "comment":
                j = piece.find("-->", i)
                if j < 0:
                    out.append(piece[i:])
                    break
                out.append(piece[i:j + 3])
                self.state = "text"
                i = j + 3
            elif self.state == "raw":
                j = piece.find(self.raw_end, i)
                if j < 0:
                    out.append(piece[i:])
                    break
                out.append(piece[i:j])
                self.state = "text"
                i = j
            elif self.state == "tag":
                c = piece[i]
                if c == ">":
                    out.append(c)
                    i += 1
                    name = self.tag.lower()
                    if name in ("style", "script"):
                        self.state, self.raw_end = "raw", f"</{name}"
                    else:
                        self.state = "text"
                    continue
                if c in "\"'":
                    self.state, self.quote = "value", c
                    out.append(c)
                    i += 1
                    continue
                match = re.match(r"/?[\w:-]+", piece[i:])
                if match:  # the tag's name (with a slash: a closing tag), then its attributes' names
                    word = match.group(0)
                    if not self.tag:
                        self.tag = word
                    else:
                        self.attribute = word.lower()
                    out.append(word)
                    i += len(word)
                    continue
                out.append(c)
                i += 1
            elif self.state == "value":
                j = piece.find(self.quote, i)
                j = len(piece) if j < 0 else j
                value = piece[i:j]
                out.append(mark_words(value) if self.attribute in VISIBLE_ATTRIBUTES else value)
                if j < len(piece):
                    out.append(self.quote)
                    self.state, self.attribute = "tag", ""
                    j += 1
                i = j
        return "".join(out)


def marked_template(source: str, name: str) -> str:
    """The template with the words of its literal text replaced; every Jinja tag kept as it is."""
    from thuis_cli.templating import environment

    markup = _Markup()
    markdown = Path(name).suffix in (".md", ".txt")
    out, pos = [], 0
    for _line, kind, value in environment(None).lexer.tokeniter(source, name):
        start = source.index(value, pos) if value else pos
        out.append(source[pos:start])  # what the lexer does not give back (never text)
        out.append(markup.mark(value, markdown) if kind == "data" else value)
        pos = start + len(value)
    out.append(source[pos:])
    return "".join(out)


def marked_stylesheet(source: str) -> str:
    """A stylesheet with the words of its generated text (`content: "Pagina " counter(page)`) replaced."""
    return re.sub(r"(content:[^;}]*)", lambda m: re.sub(r'"[^"]*"', lambda q: mark_words(q.group(0)), m.group(1)),
                  source)


def make_override(folder: Path) -> Path:
    """The built-in templates and stylesheets (an own folder replaces both) with their words marked."""
    builtin = resources.templates_dir()
    for path in sorted(builtin.rglob("*")):
        target = folder / path.relative_to(builtin)
        if path.is_file() and path.suffix in TEMPLATE_SUFFIXES and "static" not in path.parts:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(marked_template(path.read_text(encoding="utf-8"), path.name), encoding="utf-8")
        elif path.is_file() and path.suffix == ".css":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(marked_stylesheet(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@cache
def template_string_words() -> frozenset[str]:
    """The words of the string literals inside Jinja tags of the built-in templates ('vaker' if ...
    else 'minder vaak'): in a template, so an own template rewords them; the override leaves them, as
    they are also names of templates, keys and filter arguments."""
    from thuis_cli.templating import environment

    words: set[str] = set()
    for path in resources.templates_dir().rglob("*"):
        if path.is_file() and path.suffix in TEMPLATE_SUFFIXES:
            for _line, kind, value in environment(None).lexer.tokeniter(path.read_text(encoding="utf-8"), path.name):
                if kind == "string":
                    words.update(w.lower() for w in WORD.findall(value))
    return frozenset(words)


# --- what a reader sees -------------------------------------------------------------------------

class _Visible(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "head"):
            self.hidden += 1 if tag != "head" else 0
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_html(text: str) -> str:
    parser = _Visible()
    parser.feed(text)
    return " ".join(parser.parts)


def visible_svg(svg: bytes) -> str:
    return " ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg.decode("utf-8"), flags=re.S))


def visible_pdf(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


@cache
def data_words() -> frozenset[str]:
    """Every word of the configuration (YAML values and keys, the CSV tables): data, not wording."""
    words: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            words.update(w.lower() for w in WORD.findall(node))

    for path in resources.config_dir().glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    for path in resources.config_dir().glob("*.csv"):
        for row in csv.reader(path.read_text(encoding="utf-8").splitlines()):
            walk(row)
    return frozenset(words)


CODE = re.compile(r"\S*\d\S*")  # a token with a digit: a number, a session code, a file name (data)


def leaked(text: str, extra: frozenset[str] = frozenset()) -> set[str]:
    """The words of `text` that are neither marker nor data; in lower case."""
    allowed = data_words() | template_string_words() | {MARKER.lower()} | extra
    return {w.lower() for w in WORD.findall(CODE.sub(" ", text)) if w.lower() not in allowed}


# --- the test -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def override(tmp_path_factory):
    return make_override(tmp_path_factory.mktemp("sjablonen"))


@pytest.fixture(scope="module")
def ws():
    from thuis_cli.workspace import Workspace

    return Workspace.open(None, None)


def test_the_override_keeps_every_jinja_tag_and_replaces_every_word():
    source = ("{% extends 'base.html' %}<p class=\"uitleg\" title=\"Meer uitleg\">Zie {{ naam }} in "
              "<b>het overzicht</b>&nbsp;van {{ jaar }}.</p><style>p { color: red }</style>")
    assert marked_template(source, "x.html") == (
        "{% extends 'base.html' %}<p class=\"uitleg\" title=\"Xq Xq\">Xq {{ naam }} Xq "
        "<b>Xq Xq</b>&nbsp;Xq {{ jaar }}.</p><style>p { color: red }</style>")


def _rendered_texts(product: str, ws, override: Path) -> tuple[dict[str, str], list[str]]:
    """What a reader sees of one document of `product`, per file; and the names of its files."""
    from thuis_cli.products import get
    from thuis_cli.publish.render import render_many, render_text

    leuven = ws.municipality("leuven")
    targets = {"brief": lambda p: p.target(leuven, "ruimte"),
               "intervisie": lambda p: p.target([leuven, ws.municipality("herent"), ws.municipality("bertem")]),
               "infografiek": lambda p: p.target(leuven)}
    made = get(product)
    document = made.build(ws, targets[product](made), override)
    texts = {}
    for artifact in document.artifacts:
        if artifact.template:
            texts[artifact.name + " (html)"] = visible_html(render_text(document, artifact, override))
    files = render_many([document], override)[0]
    for name, content in files.items():
        if name.endswith(".pdf"):
            texts[name] = visible_pdf(content)
        elif name.endswith(".svg"):
            texts[name] = visible_svg(content)
    return texts, list(files)


@pytest.mark.parametrize("product", sorted(KNOWN))
def test_every_word_a_reader_sees_comes_from_a_template_or_the_data(product, ws, override):
    texts, names = _rendered_texts(product, ws, override)
    files = frozenset(w.lower() for name in [*names, *(p.name for p in ws.dataset.sources)]
                      for w in WORD.findall(name))  # the names of the data files and of the document's files
    found = {name: leaked(text, files) for name, text in texts.items()}
    everywhere = set().union(*found.values())
    assert MARKER in " ".join(texts.values())  # the override was used
    assert everywhere - KNOWN[product] == set(), {n: sorted(w - KNOWN[product]) for n, w in found.items() if w}
    assert KNOWN[product] - everywhere == set(), "no longer leaks: remove from KNOWN"

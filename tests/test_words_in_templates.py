"""Every word a reader sees is in a template, so a municipality can reword it with `--sjablonen`.

The test makes an override folder mechanically from the built-in templates: every literal text of
every template (the Jinja lexer's `data` tokens: text between tags and the reader-visible attributes
alt, title, aria-label, placeholder, content and the running headers data-kop/data-voet) has each
word replaced by a marker. It renders each product with that folder and reads what a reader sees
(the HTML's text and visible attributes, the PDF's text, the texts in the SVG pictures). What is left
may only be markers, numbers, punctuation and data: municipality names, catalogue labels, department
names and the other texts of the configuration. Any other word was written in Python.

Every product of the registry is rendered, and every file a reader gets is read: the PDFs' text and
their link descriptions (what a screen reader says of a link), the HTML's text and alt texts, the SVG
pictures (also those inside the page as data URIs), the texts drawn into the PNG pictures (the image's
description the PNG is drawn from), the participation files (CSV, XLSX, Go Vocal's JSON, the calendar
file) and the e-mail that brings a document (subject, text and HTML). There are no known exceptions.
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

from conftest import pdf_pages

MARKER = "Xq"
WORD = re.compile(r"[^\W\d_]+")
ENTITY = re.compile(r"&#?\w+;")
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "content", "data-kop", "data-voet"}
SHOWN_ATTRIBUTES = VISIBLE_ATTRIBUTES - {"content"}  # a meta element's content is metadata, not shown
TEMPLATE_SUFFIXES = {".html", ".md", ".txt"}

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
    """The pages' text; a blank line (between two blocks, such as the cells of a table) breaks a
    sentence like a '|', so two cells never read as one word pair."""
    return " | ".join(page.replace("\n\n", " | ") for page in pdf_pages(content))


@cache
def data_words() -> frozenset[str]:
    """Every word of the configuration (YAML values and keys, the CSV tables): data, not wording."""
    return frozenset(w.lower() for text in config_strings() for w in WORD.findall(text))


@cache
def config_strings() -> tuple[str, ...]:
    """Every string of the configuration: YAML values and keys, the cells of the CSV tables."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    for path in resources.config_dir().glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    for path in resources.config_dir().glob("*.csv"):
        for row in csv.reader(path.read_text(encoding="utf-8").splitlines()):
            walk(row)
    return tuple(found)


CODE = re.compile(r"\S*\d\S*")  # a token with a digit: a number, a session code, a file name (data)


def leaked(text: str, extra: frozenset[str] = frozenset()) -> set[str]:
    """The words of `text` that are neither marker nor data; in lower case."""
    allowed = data_words() | template_string_words() | {MARKER.lower()} | extra
    return {w.lower() for w in WORD.findall(CODE.sub(" ", text)) if w.lower() not in allowed}


def _pairs(text: str) -> set[tuple[str, str]]:
    """Every two words that follow each other in a text (in lower case; a number or a code breaks the run)."""
    found = set()
    for run in re.split(r"\S*\d\S*|\S+\.\w+|[.,:;!?()\[\]·–—|/\"'“”‘’«»]", text):  # a sentence's parts
        words = [w.lower() for w in WORD.findall(run)]
        found.update(zip(words, words[1:]))
    return found


@cache
def python_pairs() -> frozenset[tuple[str, str]]:
    """The word pairs of every string literal in thuis's Python code (f-strings' literal parts too; not
    the docstrings),
    less those that the data and the templates' strings also hold: what a sentence written in Python
    would leave in a product. The single-word test above cannot see such a sentence when all its words
    are common enough to occur somewhere in the configuration ('wat', 'u', 'de')."""
    import ast

    import thuis_cli

    pairs: set[tuple[str, str]] = set()
    for path in Path(thuis_cli.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}  # not output
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                pairs |= _pairs(node.value)
    return frozenset(pairs - data_pairs())


@cache
def data_pairs() -> frozenset[tuple[str, str]]:
    """The word pairs of the configuration's texts and of the templates' strings."""
    from thuis_cli.templating import environment

    pairs: set[tuple[str, str]] = set()
    for text in config_strings():
        pairs.update(_pairs(text))
    for path in resources.templates_dir().rglob("*"):
        if path.is_file() and path.suffix in TEMPLATE_SUFFIXES:
            for _line, kind, value in environment(None).lexer.tokeniter(path.read_text(encoding="utf-8"), path.name):
                if kind == "string":
                    pairs.update(_pairs(value))
    return frozenset(pairs)


def python_sentences(text: str) -> set[str]:
    """The word pairs of `text` that a string literal of the Python code holds (and no data)."""
    return {" ".join(pair) for pair in _pairs(text) & python_pairs()}


# --- the files of each product, read as a reader reads them ---------------------------------------

def visible_data_uri_svgs(page: str) -> str:
    """The texts of the SVG pictures a page carries as data URIs (the web page's images and slides)."""
    import base64

    return " ".join(visible_svg(base64.b64decode(data)) for data in
                    re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page))


def pdf_link_descriptions(content: bytes) -> list[str]:
    """What each link annotation of a PDF says (/Contents: a screen reader speaks it)."""
    from pypdf import PdfReader

    return [str(annotation.get_object().get("/Contents", ""))
            for page in PdfReader(io.BytesIO(content)).pages for annotation in page.get("/Annots") or ()
            if annotation.get_object().get("/Subtype") == "/Link"]


def image_texts(image) -> str:
    """The texts drawn into a picture: the string fields of the image description it is drawn from."""
    import dataclasses

    texts = [v for v in dataclasses.astuple(image) if isinstance(v, str)]
    texts += [f"{s.label} {s.waarde}" for s in image.staven]
    return " ".join(texts)


def csv_texts(content: bytes) -> str:
    """The cells of a participation CSV under its header; a cell in HTML (Decidim's body) as its text.
    The header row and the column `soort` are the file format's keys, not words for a reader."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    keys = [i for i, name in enumerate(rows[0]) if name == "soort"]
    return " ".join(visible_html(cell) for row in rows[1:] for i, cell in enumerate(row) if i not in keys)


def xlsx_texts(content: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return " ".join([*(sheet.title for sheet in book.worksheets),
                     *(visible_html(str(cell)) for sheet in book.worksheets
                       for row in list(sheet.iter_rows(values_only=True))[1:] for cell in row if cell)])


def json_texts(content: bytes) -> str:
    """Every string value of Go Vocal's idea bodies (titles and bodies; bodies in HTML)."""
    import json

    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(visible_html(node))

    walk(json.loads(content))
    return " ".join(found)


def ics_texts(content: bytes) -> str:
    """What a calendar shows of the information evening: its summary, description and place."""
    import icalendar

    return " ".join(str(event.get(name, "")) for event in icalendar.Calendar.from_ical(content).walk("VEVENT")
                    for name in ("summary", "description", "location"))


READERS = {".pdf": visible_pdf, ".svg": visible_svg, ".csv": csv_texts, ".xlsx": xlsx_texts, ".json": json_texts,
           ".ics": ics_texts}


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


# One document of each product of the registry; a product added without an entry here fails the test
# below, so no product goes unread.
TARGETS = {"brief": lambda p, ws: p.target(ws.municipality("leuven"), "ruimte"),
           "intervisie": lambda p, ws: p.target([ws.municipality(s) for s in ("leuven", "herent", "bertem")]),
           "infografiek": lambda p, ws: p.target(ws.municipality("leuven")),
           "participatie": lambda p, ws: p.target(ws.municipality("leuven"))}


def test_every_product_of_the_registry_is_read():
    from thuis_cli.products import names

    assert set(names()) == set(TARGETS)


def _mail_texts(document, files: dict[str, bytes], ws, override: Path) -> dict[str, str]:
    """The e-mail that brings the document (new and updated), rendered with the override."""
    from thuis_cli.bezorging import parse_recipients
    from thuis_cli.bezorging.bericht import render_texts
    from thuis_cli.bezorging.documenten import ManifestEntry
    from thuis_cli.bezorging.planning import NEW, UPDATED, Delivery
    from thuis_cli.publish.render import render_key_points

    pdfs = tuple(Path(name) for name in files if name.endswith(".pdf"))
    copies = {Path(a.name): a.copy_of for a in document.artifacts if a.copy_of and Path(a.name) in pdfs}
    areas = [ws.gebieden.get(code) for code in document.target.codes]
    entry = ManifestEntry(document.id, document.target.product, tuple(g.slug for g in areas),
                          document.target.department, "v1", pdfs, document.title,
                          tuple(render_key_points(document, override)[:3]),
                          names={g.slug: g.naam for g in areas}, copies=copies)
    recipients = parse_recipients({"smtp": {"host": "localhost", "modus": "plain"}, "afzender": "a@example.org",
                                   "gemeenten": {"leuven": {"infografiek": "c@example.org"}}},
                                  "ontvangers.yaml", "", Path.cwd(), ws.config, ws.gebieden)
    texts = {}
    for reason in (NEW, UPDATED):
        mail = render_texts(Delivery(entry, "b@example.org", reason), recipients, override)
        texts.update({f"e-mail {reason} ({part})": visible_html(text) if part == "html" else text
                      for part, text in mail.items()})
    return texts


def _rendered_texts(product: str, ws, override: Path) -> tuple[dict[str, str], list[str]]:
    """What a reader sees of one document of `product`, per file; and the names of its files."""
    from thuis_cli.products import about, get
    from thuis_cli.publish.render import render_many, render_text

    made = get(product)
    document = made.build(ws, TARGETS[product](made, ws), override)
    texts = {}
    for artifact in document.artifacts:
        if artifact.template:
            page = render_text(document, artifact, override)
            texts[artifact.name + " (html)"] = visible_html(page)
            texts[artifact.name + " (svg in the page)"] = visible_data_uri_svgs(page)
    files = render_many([document], override)[0]
    # a message's PNG and SVG are drawn from one image description (matplotlib draws their letters as paths)
    images = {f"{i['b'].slug}.{suffix}": i["beeld_spec"] for i in document.context.get("boodschappen", [])
              for suffix in ("png", "svg")}
    for name, content in files.items():
        suffix = Path(name).suffix
        if suffix in READERS:
            texts[name] = READERS[suffix](content)
        if suffix == ".pdf":
            texts[name + " (links)"] = " ".join(pdf_link_descriptions(content))
        if name in images:
            texts[name] = " ".join([texts.get(name, ""), image_texts(images[name])])
    texts["title"] = document.title
    if about(product).recipients:
        texts.update(_mail_texts(document, files, ws, override))
    return texts, list(files)


@pytest.mark.parametrize("product", sorted(TARGETS))
def test_every_word_a_reader_sees_comes_from_a_template_or_the_data(product, ws, override):
    texts, names = _rendered_texts(product, ws, override)
    files = frozenset(w.lower() for name in [*names, *(p.name for p in ws.dataset.sources)]
                      for w in WORD.findall(name))  # the names of the data files and of the document's files
    found = {name: leaked(text, files) for name, text in texts.items()}
    assert MARKER in " ".join(texts.values())  # the override was used
    assert all(texts[name].strip() for name in names if Path(name).suffix in (*READERS, ".png")), \
        [name for name in names if not texts.get(name, "").strip()]  # every file was read
    assert {n: sorted(w) for n, w in found.items() if w} == {}
    sentences = {name: python_sentences(text) for name, text in texts.items()}
    assert {n: sorted(w) for n, w in sentences.items() if w} == {}


def test_a_sentence_written_in_python_is_found_even_when_each_of_its_words_is_common():
    assert python_pairs(), "the Python code was read"
    assert leaked("Xq Xq wat u de Xq") == set()  # words the configuration also uses
    assert python_sentences("Xq Xq. Zou u helpen? Xq") == set()  # no literal in the code says this
    assert {"kan alleen"} <= python_sentences("Xq --verstuur kan alleen met Xq")  # an error message's words


def test_a_pdf_link_says_where_it_goes_in_the_words_of_the_templates(tmp_path):
    from thuis_cli.publish.render import render_template
    from thuis_cli.pdf import html_to_pdf

    page = render_template("base.html", {"titel": "T", "gemeente": "Leuven", "versie": "1"})
    page = page.replace("<body>", '<body><p><a href="https://www.leuven.be/">de stad</a></p>')
    assert pdf_link_descriptions(html_to_pdf(page)) == ["Link naar www.leuven.be"]
    own = tmp_path / "woorden" / "pdf.html"
    own.parent.mkdir()
    own.write_text("{% macro link_naar() %}Ga naar{% endmacro %}", encoding="utf-8")
    page = render_template("base.html", {"titel": "T", "gemeente": "Leuven", "versie": "1"}, tmp_path)
    page = page.replace("<body>", '<body><p><a href="mailto:wonen@leuven.be">mail</a></p>')
    assert pdf_link_descriptions(html_to_pdf(page, tmp_path)) == ["Ga naar wonen@leuven.be"]

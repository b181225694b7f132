"""Shared fixtures: the built-in config, and small result files built in the test."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from thuis_cli.config import load_config
from thuis_cli.data import load_gebieden

HEADER = ["nis", "gebied", "indicator", "antwoord", "groep", "aantal", "n"]


# The test files that take longest, longest first (seconds summed over their tests in a run of the whole suite
# on two workers, 2026-12-08). `make test` hands whole files to its two workers (--dist loadfile) in the order
# of collection (--no-loadscope-reorder): these go first, so that the run does not end with one worker on a
# long file while the other has nothing left. A file not listed keeps its place after them.
SLOW_FIRST = ("test_batch", "test_intervisie_sessie", "test_suppression", "test_cli_brief", "test_intervisie_ronde5",
              "test_words_in_templates", "test_intervisie_ronde3", "test_intervisie", "test_infografiek",
              "test_exit", "test_properties", "test_verzamel", "test_verdicts", "test_infografiek_ronde8",
              "test_synthetic", "test_hardening", "test_bevraging", "test_bezorging_smtp", "test_parallel")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # stable: a file's tests stay in order


@pytest.fixture(scope="session", autouse=True)
def _private_chart_cache(tmp_path_factory):
    """Tests never touch the user's cache; subprocesses inherit the same private folder. The workers of
    one run (pytest-xdist) share it, so a chart or table one worker made is not made again by the
    other: the cache's keys cover the data and the code, and it writes each file atomically."""
    import os

    base = tmp_path_factory.getbasetemp()
    shared = base.parent / "cache" if os.environ.get("PYTEST_XDIST_WORKER") else base / "cache"
    shared.mkdir(exist_ok=True)
    os.environ["THUIS_CACHE"] = str(shared)


@pytest.fixture(scope="session")
def thuis_process(_private_chart_cache):
    """Runs the real command in its own process, as `subprocess.run` would, without paying the imports
    each time (tests/forkrun.py): for the corpora of many short commands (test_hardening)."""
    from forkrun import Runner

    runner = Runner()
    yield runner
    runner.close()


class Samples:
    """The sample documents several test modules read, made once per test run instead of once per
    module: the Leuven brief 'ruimte' and infographics, the workbooks of Leuven with its neighbours.
    The workers of one run (pytest-xdist) share them through a folder beside their own temporary
    folders: the first worker that needs a sample makes it under a lock, the others wait for it and
    read the same files. Each is written with its HTML kept (`--html`), which leaves the PDFs' bytes
    as they are. A test reads them and never changes them: one that edits a file writes the edited
    copy into its own tmp_path."""

    def __init__(self, tmp_path_factory):
        import os

        base = tmp_path_factory.getbasetemp()
        self._root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "voorbeelden"
        self._root.mkdir(exist_ok=True)
        self._made: dict[tuple, object] = {}

    def _once(self, key: tuple, build):
        """What `build(folder)` returns (a path or a list of paths inside the folder), made by the first
        worker that asks and recorded in the folder's `gemaakt.json` for the others."""
        if key not in self._made:
            self._made[key] = self._shared(key, build)
        return self._made[key]

    def _shared(self, key: tuple, build):
        import fcntl
        import json

        folder = self._root / "-".join(key)
        record = folder / "gemaakt.json"
        with (self._root / f"{folder.name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not record.exists():
                folder.mkdir(exist_ok=True)  # a worker whose build failed may have left it
                made = build(folder)
                paths = [made] if isinstance(made, Path) else list(made)
                record.write_text(json.dumps({"een": isinstance(made, Path),
                                              "paden": [str(p.relative_to(folder)) for p in paths]}))
        saved = json.loads(record.read_text())
        paths = [folder / p for p in saved["paden"]]
        return paths[0] if saved["een"] else paths

    @property
    def ws(self):
        from thuis_cli.workspace import Workspace

        if ("ws",) not in self._made:
            self._made[("ws",)] = Workspace.open(None, None)
        return self._made[("ws",)]

    def brief(self, gemeente: str = "leuven", dienst: str = "ruimte") -> Path:
        """The brief's PDF (its HTML beside it)."""
        return self._once(("brief", gemeente, dienst), lambda out: write_brief(
            self.ws, self.ws.municipality(gemeente), dienst, out, keep_html=True))

    def brief_pages(self, gemeente: str = "leuven", dienst: str = "ruimte") -> list[str]:
        """The plain text of each page of the sample brief (`plain` of `pdf_pages`), read once per worker."""
        key = ("pagina's", gemeente, dienst)
        if key not in self._made:
            self._made[key] = [plain(p) for p in pdf_pages(self.brief(gemeente, dienst))]
        return self._made[key]

    def infographics(self, gemeente: str = "leuven") -> Path:
        """The folder of the municipality's infographics."""
        def build(out: Path) -> Path:
            write_infographics(self.ws, self.ws.municipality(gemeente), out)
            return out / gemeente / "infografiek"
        return self._once(("infografiek", gemeente), build)

    def workbook(self, *gemeenten: str) -> list[Path]:
        """Every file of the workbook of these municipalities (`resolve_peers` of them), in the order
        the folder sink wrote them: the facilitator's PDF first."""
        from thuis_cli.products import get
        from thuis_cli.products.intervisie import resolve_peers

        return self._once(("intervisie", *gemeenten), lambda out: make(
            self.ws, "intervisie", get("intervisie").target(resolve_peers(self.ws, list(gemeenten))), out,
            keep_html=True))


@pytest.fixture(scope="session")
def samples(tmp_path_factory) -> Samples:
    return Samples(tmp_path_factory)


@pytest.fixture(scope="session")
def config():
    return load_config()


@pytest.fixture(scope="session")
def gebieden(config):
    return load_gebieden(config)


def question(nis: str, gebied: str, indicator: str, counts: dict[str, float], groep: str = "totaal") -> list[list]:
    """Rows for one question: counts per answer; n is their sum (single-answer questions)."""
    n = sum(counts.values())
    return [[nis, gebied, indicator, answer, groep, count, n] for answer, count in counts.items()]


def csv_text(rows: list[list], delimiter: str = ",", decimal: str = ".", header=HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([str(v).replace(".", decimal) if isinstance(v, float) else v for v in row])
    return buffer.getvalue()


def write_csv(path: Path, rows: list[list], delimiter=",", decimal=".", encoding="utf-8", header=HEADER) -> Path:
    path.write_bytes(csv_text(rows, delimiter, decimal, header).encode(encoding))
    return path


LEUVEN_WONINGTYPE = {"vrijstaand": 20, "halfopen": 10, "rijwoning": 15, "appartement": 50, "andere": 5}


@pytest.fixture
def small_file(tmp_path):
    """A valid file: Leuven and Flanders, one question."""
    rows = question("24062", "Leuven", "woningtype_gewenst", LEUVEN_WONINGTYPE)
    rows += question("02000", "Vlaanderen", "woningtype_gewenst",
                     {"vrijstaand": 500, "halfopen": 220, "rijwoning": 110, "appartement": 150, "andere": 20})
    return write_csv(tmp_path / "resultaten.csv", rows)


@pytest.fixture
def recording_server():
    """An HTTP server on 127.0.0.1 that answers 404 and records every request (GET, POST, CONNECT),
    so a test can assert that nothing was fetched. Yields (port, hits)."""
    import http.server
    import threading

    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_CONNECT = do_POST = do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], hits
    server.shutdown()


# --- making documents through the one generic path (build -> render -> folder sink) --------------

def make(ws, product: str, target, out: Path, templates: Path | None = None, keep_html: bool = False) -> list[Path]:
    from thuis_cli.products import get
    from thuis_cli.publish.folder import FolderSink
    from thuis_cli.publish.render import render

    document = get(product).build(ws, target, templates)
    return FolderSink(out).publish(document, render(document, templates, keep_html=keep_html))


def write_brief(ws, gebied, dienst: str, out: Path, templates: Path | None = None, keep_html: bool = False) -> Path:
    from thuis_cli.products import get

    return make(ws, "brief", get("brief").target(gebied, dienst), out, templates, keep_html)[0]


def write_workbook(ws, peers, out: Path) -> Path:
    from thuis_cli.products import get

    return make(ws, "intervisie", get("intervisie").target(peers), out)[0]


def write_infographics(ws, gebied, out: Path, most: int | None = None, templates: Path | None = None) -> list[Path]:
    from thuis_cli.products import get

    return make(ws, "infografiek", get("infografiek").target(gebied, most), out, templates)


def say(macro_name: str, *args, templates: Path | None = None) -> str:
    """A sentence as a reader sees it, from the built-in (or given) sentence macros, spaces plain."""
    from thuis_cli.templating import macro

    return macro("_zinnen.html", macro_name, *args, user_templates=templates).replace("\u00a0", " ")


def fill(source: Path, target: Path, values: dict[str, str]) -> Path:
    """A workbook copy with its form fields filled in, as a municipality would return it."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(source))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def pdf_pages(pdf: Path | str | bytes) -> list[str]:
    """The text of each page of a PDF (a path or its bytes), as poppler's pdftotext reads it: in the
    reading order a screen reader follows, about twenty times faster than pypdf's extraction, which
    parses every path of a chart as well."""
    import subprocess

    source, data = (str(pdf), None) if isinstance(pdf, (Path, str)) else ("-", pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", source, "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode("utf-8").split("\f")[:-1]


def artifact_text(document, artifact) -> str:
    """An artifact of a built document as its HTML renders it, tags dropped and spaces plain (no PDF)."""
    import re

    from thuis_cli.publish.render import render_text

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_text(document, artifact, None)))


def workbook_texts(ws, names: list[str]):
    """The workbook of these municipalities, built (not rendered to PDF): the peers, the document and
    each copy's text by whose copy it is ('-voorbereiding' for a pre-read)."""
    from thuis_cli.products import get
    from thuis_cli.products.intervisie import resolve_peers

    peers = resolve_peers(ws, names)
    product = get("intervisie")
    document = product.build(ws, product.target(peers))
    texts = {a.copy_of + ("-voorbereiding" if "voorbereiding" in a.name else ""): artifact_text(document, a)
             for a in document.artifacts}
    return peers, document, texts


# --- the two workbook groups the round tests read (test_intervisie_ronde4..7) ------------------------

LARGE = ["leuven", "herent", "bierbeek", "rotselaar", "holsbeek", "oud-heverlee"]
SMALL = ["spiere-helkijn", "kortrijk", "zwevegem"]  # Spiere-Helkijn: 9 participants, no figures of its own


@pytest.fixture(scope="module")
def ws():
    """The sample workspace, once per test module (a module that needs its own defines `ws` itself)."""
    from thuis_cli.workspace import Workspace

    return Workspace.open(None, None)


@pytest.fixture(scope="session")
def small(samples):
    """The small group's workbook, built once per worker (tests only read it): Spiere-Helkijn with
    Kortrijk and Zwevegem (`workbook_texts`)."""
    return workbook_texts(samples.ws, SMALL)


@pytest.fixture(scope="session")
def large(samples):
    """The large group's workbook, built once per worker (tests only read it): Leuven with five
    neighbours (`workbook_texts`)."""
    return workbook_texts(samples.ws, LARGE)


def workbook_copies(document, facilitator: bool = True):
    """(municipality name, context) of every copy of a built workbook that has questions: the facilitator's
    first (name None) unless `facilitator` is false, then each municipality's copy (no pre-reads)."""
    if facilitator:
        yield None, document.context
    for a in document.artifacts:
        if a.copy_of != "facilitator" and "voorbereiding" not in a.name:
            yield a.context["exemplaar"]["gemeente"], a.context


def workbook_questions(document, facilitator: bool = True):
    """(copy's municipality or None, theme, question, its 'aanleiding', the sub-question as that copy prints it)
    over every theme question of every copy (`workbook_copies`)."""
    from thuis_cli.products.intervisie import _Words

    words = _Words(None)
    for name, context in workbook_copies(document, facilitator):
        for theme in context["themas"]:
            for q in theme["vragen"]:
                yield name, theme, q, q["aanleiding"], words.say("deelvraag", q["id"], q["aanleiding"], name)


# --- small helpers the round test files share -----------------------------------------------------------

def plain(text: str) -> str:
    """Text with its (narrow) non-breaking spaces and line breaks as single plain spaces."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def infographic_context(ws, gemeente: str) -> dict:
    """The resident material's context of a municipality, built (nothing rendered)."""
    from thuis_cli.products import get

    product = get("infografiek")
    return product.build(ws, product.target(ws.municipality(gemeente))).context


def resident_word(name: str, *args) -> str:
    """A word of the resident material (templates/woorden/beelden.html), spaces plain."""
    from thuis_cli.templating import macro

    return " ".join(macro("woorden/beelden.html", name, *args).replace("\u00a0", " ").split())


def image_post(folder: Path, slug: str) -> str:
    """The post text beside a social image (teksten.md, 'Bericht bij het beeld'), spaces plain."""
    text = (folder / "teksten.md").read_text(encoding="utf-8")
    section = text.split(f"**Beeld:** {slug}.png", 1)[1]
    return plain(section.split("**Bericht bij het beeld:**", 1)[1].split("\n\n", 1)[0])


def image_medium(folder: Path, item: dict) -> str:
    """What a resident reads of a social image in a feed: the image's text as drawn, then its post text
    (round 13: the image holds few words, the post the rest)."""
    import html

    from thuis_cli import beelden

    svg = beelden.beeld(item["beeld_spec"], "svg-tekst").decode()
    drawn = " ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    return plain(f"{drawn} {image_post(folder, item['b'].slug)}")


def resident_media(samples, context, gemeente) -> dict[str, str]:
    """Every resident text of a sample municipality, by medium: the page, the texts, each PDF, each image's
    texts (`context`: its infographic_context), as plain text."""
    import re
    from html import unescape

    folder = samples.infographics(gemeente)
    page = unescape(re.sub(r"<[^>]+>", " ", (folder / "index.html").read_text(encoding="utf-8")))
    media = {"index.html": page, "teksten.md": (folder / "teksten.md").read_text(encoding="utf-8")}
    for pdf in sorted(folder.glob("*.pdf")):
        media[pdf.name] = " ".join(pdf_pages(pdf))
    for item in context["boodschappen"]:
        spec = item["beeld_spec"]
        media[f"beeld {item['b'].slug}"] = " ".join((spec.kop, spec.zin, spec.plan, spec.voet, spec.oproep))
    return {name: plain(text) for name, text in media.items()}


@pytest.fixture(scope="module")
def resident_contexts(samples):
    """The infographic contexts of the two resident-material samples, Leuven (a city) and Lendelede (small)."""
    return {g: infographic_context(samples.ws, g) for g in ("leuven", "lendelede")}

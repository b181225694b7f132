"""A corpus of broken and hostile inputs, one per entry point and failure mode.

Every case runs the real command in its own process (forked from a server that imported the modules
once: tests/forkrun.py) with a memory limit and a time limit, and asserts
the outcome: exit code 2 with a Dutch message naming the place of the problem, no traceback, and the
output folder untouched; or, where documented, a correct handling.
"""

from __future__ import annotations

import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
import pikepdf
import pytest

from conftest import HEADER, LEUVEN_WONINGTYPE, csv_text, question

MEMORY_LIMIT = 3 * 2**30  # bytes of address space per command
TIME_LIMIT = 120  # seconds


def good_rows():
    return question("24062", "Leuven", "woningtype_gewenst", LEUVEN_WONINGTYPE)


@dataclass
class Case:
    id: str
    build: Callable[[Path], list[str]]  # writes the input, returns the command's arguments
    expect: str | None  # a piece of the Dutch message that names the place; None: must succeed
    code: int = 2


# --- result files -------------------------------------------------------------------------------

def data_file(name: str, content: bytes | Callable[[Path], None]):
    def build(tmp: Path) -> list[str]:
        path = tmp / name
        if callable(content):
            content(path)
        else:
            path.write_bytes(content)
        return ["check", "--data", str(path)]
    return build


def csv_bytes(rows, **kw) -> bytes:
    return csv_text(rows, **kw).encode()


def truncated() -> bytes:
    text = csv_text(good_rows())
    return text[: len(text) - 9].encode()


def with_cell(row: int, column: int, value) -> bytes:
    rows = good_rows()
    rows[row][column] = value
    return csv_bytes(rows)


def xlsx(rows_fn, header=HEADER, extra=None):
    def write(path: Path) -> None:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows_fn():
            sheet.append(row)
        if extra:
            extra(sheet)
        book.save(path)
    return write


def merged_header(sheet) -> None:
    sheet.insert_rows(1)
    sheet["A1"] = "Resultaten woontest"
    sheet.merge_cells("A1:G1")


def zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 2**20))


def big_file(path: Path) -> None:
    with path.open("wb") as handle:
        handle.write(csv_bytes(good_rows()))
        handle.write(b"x" * (50 * 2**20))


def million_rows(path: Path) -> None:
    line = b"24062,L,x,y,totaal,1,2\n"  # short rows: 1 million of them stay under the size limit
    path.write_bytes(",".join(HEADER).encode() + b"\n" + line * 1_000_000)


def external_link(sheet) -> None:
    sheet["F2"] = "='[extern.xlsx]Blad1'!A1"


def numbers_as_text():
    return [[str(v) for v in r] for r in good_rows()]


def negative_zero() -> bytes:
    rows = good_rows() + [["24062", "Leuven", "autodelen", "zeker-niet", "totaal", "-0", 0]]
    return csv_bytes(rows)


RESULT_CASES = [
    Case("csv-afgebroken", data_file("r.csv", truncated()), "rij 6"),
    Case("binair", data_file("r.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50), "geen tekstbestand"),
    Case("utf16-zonder-bom", data_file("r.csv", csv_text(good_rows()).encode("utf-16-le")), "geen tekstbestand"),
    Case("gemengde-scheidingstekens", data_file("r.csv", csv_bytes(good_rows()).replace(b",", b";", 7)),
         "mengt scheidingstekens"),
    Case("xlsx-samengevoegde-kopcellen", data_file("r.xlsx", xlsx(good_rows, extra=merged_header)),
         "Gegevens in orde", 0),  # a title row is skipped
    Case("xlsx-foutwaarde", data_file("r.xlsx", xlsx(lambda: [r[:5] + ["#DEEL/0!", r[6]] for r in good_rows()])),
         "kolom 'aantal': waarde '#DEEL/0!'"),
    Case("xlsx-formule-zonder-waarde",
         data_file("r.xlsx", xlsx(good_rows, extra=lambda s: s.__setitem__("F2", "=SOM(A1:A3)"))),
         "rij 2, kolom 'aantal': lege cel"),
    Case("xlsx-externe-koppeling", data_file("r.xlsx", xlsx(good_rows, extra=external_link)), "rij 2, kolom 'aantal'"),
    Case("50-MB", data_file("r.csv", big_file), "te groot"),
    Case("miljoen-rijen", data_file("r.csv", million_rows), "te veel rijen"),
    Case("xlsx-zipbom", data_file("r.xlsx", zip_bomb), "uitgepakt te groot"),
    Case("xlsx-beschadigd", data_file("r.xlsx", b"PK\x03\x04" + b"\x00" * 200), "beschadigd"),
    Case("xls-oud-formaat", data_file("r.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500),
         "oud Excel-bestand"),
    Case("nan", data_file("r.csv", with_cell(1, 5, "NaN")), "rij 3, kolom 'aantal': waarde 'NaN': geen getal"),
    Case("inf", data_file("r.csv", with_cell(1, 6, "inf")), "rij 3, kolom 'n': waarde 'inf': geen getal"),
    Case("excel-fout-in-n", data_file("r.csv", with_cell(0, 6, "#N/B")), "kolom 'n': waarde '#N/B'"),
    Case("negatieve-nul", data_file("r.csv", negative_zero()), None, 0),
    Case("getallen-als-tekst-xlsx", data_file("r.xlsx", xlsx(numbers_as_text)), None, 0),
    Case("zelfde-gebied-andere-spelling",
         data_file("r.csv", csv_bytes(good_rows() + [["24062", "LEUVEN (stad)"] + r[2:] for r in good_rows()[:1]])),
         "dubbele rij"),
    Case("nis-met-naam-van-andere-gemeente",
         data_file("r.csv", csv_bytes([["24062", "Herent"] + r[2:] for r in good_rows()])),
         "kolom 'gebied': NIS-code 24062 is Leuven, niet 'Herent'", 0),  # informational: a warning
    Case("leeg", data_file("r.csv", b""), "leeg"),
    Case("alleen-kopregel", data_file("r.csv", csv_bytes([])), "geen gegevens"),
    Case("percentage-boven-100",
         data_file("r.csv", csv_bytes([["24062", "Leuven", "woningtype_gewenst", "vrijstaand", "totaal", "120%", 10]],
                                      header=HEADER[:5] + ["percentage", "n"])),
         "tussen 0 en 100"),
    Case("html-in-cellen", data_file("r.csv", with_cell(0, 3, "<script>alert(1)</script>")),
         "kolom 'antwoord': waarde '<script>"),
    Case("bestand-bestaat-niet", lambda tmp: ["check", "--data", str(tmp / "nergens.csv")], "bestaat niet"),
]


# --- YAML config ------------------------------------------------------------------------------

def config_file(name: str, content: bytes):
    def build(tmp: Path) -> list[str]:
        folder = tmp / "cfg"
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(content)
        return ["check", "--config", str(folder)]
    return build


BILLION_LAUGHS = (b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
                  b'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n')

CONFIG_CASES = [
    Case("yaml-syntaxfout", config_file("instellingen.yaml", b"statistiek:\n  min_n: 30\n alfa: 0.05\n"),
         "instellingen.yaml, regel 3"),
    Case("yaml-verkeerd-type", config_file("instellingen.yaml", b"statistiek:\n  min_n: dertig\n"),
         "statistiek.min_n: moet een getal zijn"),
    Case("yaml-aliasbom", config_file("instellingen.yaml", BILLION_LAUGHS), "alias"),
    Case("yaml-python-tag",
         config_file("instellingen.yaml",
                     b"standaard_gemeente: !!python/object/apply:os.system ['touch /tmp/thuis-pwned']\n"),
         "onveilige YAML-tag"),
    Case("yaml-onbekende-sleutel", config_file("instellingen.yaml", b"statistiek:\n  min_nn: 30\n"),
         "onbekende sleutel 'min_nn'"),
    Case("yaml-kringverwijzing", config_file("instellingen.yaml", b"a: &a [*a]\n"), "alias"),
    Case("yaml-leeg", config_file("diensten.yaml", b""), "leeg"),
    Case("yaml-geen-utf8", config_file("instellingen.yaml", b"standaard_gemeente: \xff\xfeleuven\n"), "UTF-8"),
    Case("yaml-te-groot", config_file("indicatoren.yaml", b"# " + b"x" * (3 * 2**20) + b"\n"), "te groot"),
    Case("yaml-lijst-in-plaats-van-sleutels", config_file("instellingen.yaml", b"- 1\n- 2\n"), "sleutels en waarden"),
    Case("yaml-onbekende-indicator", config_file("infografiek.yaml", b"kandidaten: [winkels]\n"),
         "kandidaten[0]: onbekende indicator 'winkels'"),
]


# --- plans, templates ---------------------------------------------------------------------------

def plan_file(content: bytes):
    def build(tmp: Path) -> list[str]:
        (tmp / "plan.yaml").write_bytes(content)
        return ["batch", str(tmp / "plan.yaml")]
    return build


def templates(files: dict[str, bytes]):
    def build(tmp: Path) -> list[str]:
        folder = tmp / "sjablonen"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            (folder / name).write_bytes(content)
        return ["brief", "--dienst", "wonen", "--sjablonen", str(folder)]
    return build


OTHER_CASES = [
    Case("plan-syntaxfout", plan_file(b"gemeenten: [leuven\n"), "regel"),
    Case("plan-onbekende-gemeente", plan_file(b"gemeenten: [lueven]\n"), "gemeenten[0]"),
    Case("plan-verkeerd-type", plan_file(b"briefs: 5\n"), "briefs"),
    Case("plan-geen-sleutels", plan_file(b"- leuven\n"), "sleutels en waarden"),
    Case("plan-onbekende-sleutel", plan_file(b"gemeentes: alle\n"), "onbekende sleutel 'gemeentes'"),
    Case("plan-bestaat-niet", lambda tmp: ["batch", str(tmp / "geen-plan.yaml")], "niet lezen"),
    Case("sjablonen-geen-map", lambda tmp: ["brief", "--dienst", "wonen", "--sjablonen", str(tmp / "weg")],
         "bestaat niet"),
    Case("sjabloon-syntaxfout", templates({"brief.html": b"{% for x in %}"}), "Sjabloonfout in brief.html"),
    Case("sjabloon-externe-bron",
         templates({"brief.html": b'{% extends "ingebouwd/brief.html" %}{% block stijl %}'
                                  b'<link rel="stylesheet" href="http://127.0.0.1:9/x.css">{% endblock %}'}),
         "bron die thuis niet ophaalt"),
    Case("sjabloon-bestand-buiten-map", templates({"brief.html": b'{% include "../../../../etc/passwd" %}'}),
         "Sjabloonfout"),
    Case("sjabloon-lokaal-bestand",
         templates({"brief.html": b'{% extends "ingebouwd/brief.html" %}{% block stijl %}'
                                  b'<style>@import url("file:///etc/passwd");</style>{% endblock %}'}),
         "bron die thuis niet ophaalt"),
    Case("sjabloon-binair", templates({"brief.html": b"\xff\xfe\x00\x00garbage"}), "geen UTF-8"),
    Case("sjabloon-verwijst-naar-zichzelf", templates({"brief.html": b'{% extends "brief.html" %}'}), "zichzelf"),
]


# --- filled-in workbooks ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workbook(samples):
    return samples.workbook("leuven", "herent")[0]


def edited(workbook: Path, target: Path, change) -> Path:
    import warnings

    with warnings.catch_warnings(), pikepdf.open(workbook) as pdf:
        warnings.simplefilter("ignore")  # pikepdf notes the widget we orphan on purpose
        change(pdf)
        pdf.save(target)
    return target


def not_a_pdf(path: Path) -> Path:
    path.write_bytes(b"Dit is een notitie, geen PDF.")
    return path


def drop_field(pdf) -> None:
    del pdf.Root.AcroForm.Fields[0]


def extra_field(pdf) -> None:
    field = pdf.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Tx, T=pikepdf.String("extra__veld"),
                                                 V=pikepdf.String("x")))
    pdf.Root.AcroForm.Fields.append(field)


def huge_answer(pdf) -> None:
    for field in pdf.Root.AcroForm.Fields:
        if str(field.T) == "opvolging__afspraken":
            field.V = pikepdf.String("lang antwoord " * (20 * 2**20 // 14))


WORKBOOK_CASES = [
    ("werkboek-geen-pdf", lambda wb, tmp: [not_a_pdf(tmp / "x.pdf")], "geen leesbare PDF", 2),
    ("werkboek-pdf-van-elders",
     lambda wb, tmp: [edited(wb, tmp / "x.pdf", lambda pdf: pdf.docinfo.__delitem__("/thuiswerkboek"))],
     "geen intervisiewerkboek", 2),
    ("werkboek-ontbrekend-veld", lambda wb, tmp: [edited(wb, tmp / "x.pdf", drop_field)], "mist 1 velden", 2),
    ("werkboek-andere-sessie",
     lambda wb, tmp: [wb, edited(wb, tmp / "x.pdf", lambda pdf: pdf.docinfo.__setitem__(
         "/thuiswerkboek", pikepdf.String(str(pdf.docinfo["/thuiswerkboek"]).replace('"sessie": "', '"sessie": "x'))))],
     "andere sessie", 2),
    ("werkboek-extra-veld", lambda wb, tmp: [edited(wb, tmp / "x.pdf", extra_field)], "onbekende velden genegeerd", 0),
    ("werkboek-20-MB-antwoord", lambda wb, tmp: [edited(wb, tmp / "x.pdf", huge_answer)], "ingekort", 0),
]


def run(runner, args: list[str], tmp: Path) -> subprocess.CompletedProcess:
    """The command in its own process with the memory and time limits (forked from a server that has
    imported the modules once: tests/forkrun.py)."""
    return runner.run(args, tmp, memory=MEMORY_LIMIT, seconds=TIME_LIMIT)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def check_outcome(result, expect: str | None, code: int, out: Path, before: dict) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == code, (result.returncode, result.stdout[-1500:], result.stderr[-1500:])
    if code == 2:
        assert result.stderr.startswith("Fout: "), result.stderr[:500]
        assert expect in result.stderr, (expect, result.stderr[:1500])
        assert snapshot(out) == before  # nothing written, nothing changed
    elif expect:
        assert expect in result.stdout + result.stderr + "".join(
            p.read_text(errors="replace") for p in out.rglob("*.md"))


ALL = RESULT_CASES + CONFIG_CASES + OTHER_CASES


def test_the_corpus_is_large_enough():
    assert len(ALL) + len(WORKBOOK_CASES) >= 40


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_broken_input(case: Case, tmp_path, thuis_process):
    out = tmp_path / "uit"
    (out / "leuven").mkdir(parents=True)
    (out / "leuven" / "brief-wonen.pdf").write_bytes(b"vorige goede versie")
    before = snapshot(out)
    args = case.build(tmp_path)
    if args[0] in ("brief", "batch"):
        args += ["--uit", str(out)]
    inputs_before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and out not in p.parents
                     and p.stat().st_size < 5 * 2**20}
    result = run(thuis_process, args, tmp_path)
    check_outcome(result, case.expect, case.code, out, before)
    for path, content in inputs_before.items():  # input files are never modified
        assert path.read_bytes() == content
    assert not Path("/tmp/thuis-pwned").exists()


@pytest.mark.parametrize("case", WORKBOOK_CASES, ids=[c[0] for c in WORKBOOK_CASES])
def test_broken_workbook(case, workbook, tmp_path, thuis_process):
    _id, build, expect, code = case
    out = tmp_path / "uit"
    out.mkdir()
    (out / "bestaand.txt").write_text("blijft")
    before = snapshot(out)
    files = build(workbook, tmp_path)
    result = run(thuis_process, ["verzamel", *files, "--uit", out], tmp_path)
    check_outcome(result, expect, code, out, before)

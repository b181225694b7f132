"""Where thuis relies on a library's internals, and the versions each reliance was checked against.

A speed measure that reaches into a library (replacing a function, standing in for a module, adapting a
bundled copy) is only right for the code it was written against. Each one is listed here with the
versions it was checked on and what to re-check when that changes; `pyproject.toml` bounds the same
libraries, and `tests/test_internals.py` fails (never skips) when an installed version is not one of
these, naming what to re-check. At run time an unknown version never breaks a document: each measure
switches itself off (svgtext keeps WeasyPrint's own drawing) or fails loudly in its own test.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reliance:
    distribution: str  # the name pip knows it by
    checked: str  # the versions it was checked on, as a PEP 440 specifier (the same as in pyproject.toml)
    where: str  # the module of thuis that relies on it
    recheck: str  # what to look at before widening `checked`


RELIANCES = (
    Reliance("weasyprint", "==70.0", "svgtext.py",
             "svgtext.text follows weasyprint/svg/text.py line by line and imports from eight more modules; "
             "compare each file named in svgtext.KNOWN with the new release, update the function and the "
             "hashes, and run tests/test_svgtext.py (same pixels, same positions)"),
    Reliance("weasyprint", "==70.0", "pdf_structure.py",
             "the finisher edits the structure tree WeasyPrint builds (StructTreeRoot, MCIDs, /Sect); "
             "run tests/test_accessibility.py and the PDF/UA checks on a brief and a workbook"),
    Reliance("pydyf", ">=0.13,<0.14", "pdf_structure.py, pdfstreams.py",
             "pdf_structure works on pydyf.Dictionary/Array/String objects before writing; pdfstreams "
             "replaces the module attribute pydyf.zlib; check that pydyf still compresses through "
             "`zlib.compressobj` found on its module and run tests/test_pdfstreams.py"),
    Reliance("typer", ">=0.29,<0.30", "_dutch_cli.py",
             "the Dutch help and usage errors subclass and patch typer._click (formatting, exceptions, "
             "decorators) and typer.rich_utils; run tests/test_cli.py and tests/test_cli_usage.py"),
    Reliance("pydantic", ">=2.7,<2.15", "__main__.py",
             "with plugins off, a stand-in for pydantic.plugin._loader answers get_plugins(); check that "
             "pydantic still imports only get_plugins from that module (pydantic/plugin/_schema_validator.py)"),
)


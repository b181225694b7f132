"""The libraries whose internals thuis touches are installed at versions each measure was checked on.

These tests fail, never skip: a new version of such a library must be looked at before it is used
(src/thuis_cli/internals.py says what to re-check for each)."""

from __future__ import annotations

import importlib.metadata
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from thuis_cli import internals, svgtext
from thuis_cli.pdf import load_weasyprint

ROOT = Path(__file__).resolve().parents[1]


def unknown_versions(installed: dict[str, str]) -> list[str]:
    problems = []
    for reliance in internals.RELIANCES:
        version = installed.get(reliance.distribution)
        if version is None:
            problems.append(f"{reliance.distribution} is not installed ({reliance.where} relies on it)")
        elif version not in SpecifierSet(reliance.checked):
            problems.append(f"{reliance.distribution} {version} is not {reliance.checked}, the versions "
                            f"{reliance.where} was checked on. Re-check: {reliance.recheck}; then widen the "
                            f"bound in src/thuis_cli/internals.py and pyproject.toml")
    return problems


def test_every_library_whose_internals_are_touched_is_at_a_checked_version():
    installed = {r.distribution: importlib.metadata.version(r.distribution) for r in internals.RELIANCES}
    problems = unknown_versions(installed)
    assert not problems, "\n".join(problems)


def test_a_version_nobody_checked_is_reported_with_what_to_recheck():
    problems = unknown_versions({"weasyprint": "71.0", "pydyf": "0.13.0", "typer": "0.30.0",
                                 "pydantic": "2.14.4"})
    assert any(p.startswith("weasyprint 71.0 is not ==70.0") and "svgtext.KNOWN" in p for p in problems)
    assert any(p.startswith("typer 0.30.0") and "_dutch_cli.py" in p for p in problems)
    assert not any(p.startswith(("pydyf", "pydantic")) for p in problems)


def test_pyproject_bounds_the_same_libraries_as_the_guard():
    declared = {Requirement(d).name.lower(): str(Requirement(d).specifier)
                for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    for reliance in internals.RELIANCES:
        assert SpecifierSet(declared[reliance.distribution]) == SpecifierSet(reliance.checked), reliance


def test_svgtext_is_checked_against_every_weasyprint_module_it_uses():
    source = (ROOT / "src/thuis_cli/svgtext.py").read_text()
    imported = {line.split()[1] for line in source.splitlines() if line.strip().startswith("from weasyprint.")}
    replaced = {"weasyprint.svg", "weasyprint.svg.text"}
    assert imported | replaced <= set(svgtext.KNOWN), sorted(imported | replaced - set(svgtext.KNOWN))


def test_svgtext_runs_on_the_installed_weasyprint():
    load_weasyprint()
    changed = svgtext.changed_files()
    assert not changed, (f"WeasyPrint's files changed for svgtext.py: {', '.join(changed)}. Compare them with "
                         "svgtext.text, then update svgtext.KNOWN ({})".format(internals.RELIANCES[0].recheck))
    assert svgtext.install() is True


def test_native_lookup_mirrors_a_python_it_was_checked_on():
    # native.find_library repeats ctypes.util's own reading of the linker cache (Python 3.11-3.13)
    assert (3, 11) <= sys.version_info[:2] <= (3, 13), (
        "native.py mirrors ctypes.util._findSoname_ldconfig of Python 3.11-3.13: compare it with this "
        "Python's ctypes/util.py and run tests/test_native.py")

"""Every package thuis imports is declared, and every declared package is locked with its hashes.

A fresh machine installs exactly the committed lock (requirements.lock, made by `make lock`), so the
suite cannot turn red because a library released something new overnight."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
LOCK = (ROOT / "requirements.lock").read_text()


def _declared(requirements: list[str]) -> dict[str, Requirement]:
    return {canonicalize_name(Requirement(r).name): Requirement(r) for r in requirements}


def _top_level_imports(folder: Path) -> dict[str, str]:
    """{top-level module: first file that imports it} for the absolute imports below folder."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(folder)))
    return found


def _undeclared(folder: Path, declared: set[str], own: set[str]) -> list[str]:
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for module, where in _top_level_imports(folder).items():
        if module in sys.stdlib_module_names or module in own:
            continue
        names = {canonicalize_name(d) for d in distributions.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} (imported in {where}; distribution {', '.join(sorted(names))})")
    return missing


def test_every_package_the_program_imports_is_a_declared_dependency():
    declared = set(_declared(PYPROJECT["dependencies"]))
    assert not _undeclared(ROOT / "src", declared, {"thuis_cli"})


def test_every_package_the_tests_import_is_declared_for_the_program_or_the_tests():
    declared = set(_declared(PYPROJECT["dependencies"])) | set(_declared(PYPROJECT["optional-dependencies"]["test"]))
    own = {"thuis_cli"} | {path.stem for path in (ROOT / "tests").glob("*.py")}
    assert not _undeclared(ROOT / "tests", declared, own)


def test_a_package_imported_but_not_declared_is_found(tmp_path):
    (tmp_path / "m.py").write_text("import os\nimport yaml\nfrom numpy import array\nimport pydyf.x\n")
    missing = _undeclared(tmp_path, {"pyyaml"}, set())
    assert [m.split()[0] for m in missing] == ["numpy", "pydyf"]


def _locked() -> dict[str, list[tuple[Version, str]]]:
    """{name: [(version, environment marker)]} from the lock; every entry carries hashes."""
    entries: dict[str, list[tuple[Version, str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", LOCK):
        first = block.split("\\")[0].strip()
        if not first or first.startswith("#"):
            continue
        name, _, rest = first.partition("==")
        version, _, marker = rest.partition(";")
        assert "--hash=sha256:" in block, f"{name} staat zonder hash in requirements.lock"
        entries.setdefault(canonicalize_name(name), []).append((Version(version.strip()), marker.strip()))
    return entries


def test_every_declared_package_is_locked_at_a_version_the_declaration_allows():
    locked = _locked()
    wanted = {**_declared(PYPROJECT["dependencies"]), **_declared(PYPROJECT["optional-dependencies"]["test"])}
    for name, requirement in wanted.items():
        assert name in locked, f"{name} ontbreekt in requirements.lock: voer 'make lock' uit"
        for version, _marker in locked[name]:
            assert version in requirement.specifier, f"{name} {version} past niet bij {requirement}: 'make lock'"


def test_the_lock_holds_one_version_per_package_for_this_python():
    """Resolved for Python 3.11 on Linux: no environment markers, so what is installed and what the lock
    says are the same list, whoever compares them."""
    assert all(not marker for entries in _locked().values() for _version, marker in entries)
    assert all(len(entries) == 1 for entries in _locked().values())
    assert "--python-version 3.11" in LOCK.splitlines()[1] and sys.version_info[:2] == (3, 11)


def test_the_installed_packages_are_the_locked_ones():
    """What this suite runs on is what the lock says (a venv that drifted would hide a failure)."""
    drift = []
    for name, entries in _locked().items():
        for version, marker in entries:
            if marker and not Requirement(f"x; {marker}").marker.evaluate():
                continue
            try:
                installed = Version(importlib.metadata.version(name))
            except importlib.metadata.PackageNotFoundError:
                drift.append(f"{name} {version} niet geïnstalleerd")
                continue
            if installed != version:
                drift.append(f"{name}: {installed} geïnstalleerd, {version} in de lock")
    assert not drift, "; ".join(drift) + " (make install installeert de lock opnieuw)"


def test_the_set_up_installs_from_the_lock_only():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes" in makefile and "-r requirements.lock" in makefile
    assert "--no-build-isolation" in makefile  # building thuis itself fetches nothing unlocked
    assert not re.search(r"pip install[^\n]*(--upgrade|-U )", makefile)

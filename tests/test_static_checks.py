"""`make test` runs ruff and mypy before the suite; both are configured in pyproject.toml and clean.

The checks themselves run from the Makefile (ruff in under a second, mypy in 10 s). These tests pin that
they stay part of `make test`, and that the configuration catches what it is meant to catch."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).with_name("ruff")


def test_make_test_runs_ruff_and_mypy_before_the_suite():
    makefile = (ROOT / "Makefile").read_text()
    test_target = re.search(r"^test: (.*)$", makefile, re.M)
    assert test_target and "lint" in test_target.group(1).split()
    lint = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert lint and "ruff check src tests scripts benchmarks" in lint.group(1) and "mypy" in lint.group(1)


def test_an_unused_import_in_src_fails_ruff(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "src", copy / "src")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    module = copy / "src" / "thuis_cli" / "fmt.py"
    module.write_text("import os\n" + module.read_text())
    done = subprocess.run([str(RUFF), "check", "src"], cwd=copy, capture_output=True, text=True)
    assert done.returncode == 1 and "F401" in done.stdout and "fmt.py" in done.stdout
    module.write_text(module.read_text().removeprefix("import os\n"))
    assert subprocess.run([str(RUFF), "check", "src"], cwd=copy, capture_output=True).returncode == 0


def test_a_noqa_marker_that_suppresses_nothing_fails_ruff(tmp_path):
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (tmp_path / "m.py").write_text("x = 1  # noqa: F401\n")
    done = subprocess.run([str(RUFF), "check", "m.py"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1 and "RUF100" in done.stdout

"""The wheel carries templates, config, sample data and fonts, and works outside the repository."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                             "-w", str(out), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return next(out.glob("thuis-*.whl"))


def test_wheel_contains_the_builtin_folders(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("thuis_cli/_data/templates/brief.html", "thuis_cli/_data/templates/static/thuis.css",
                   "thuis_cli/_data/templates/static/fonts/Lato-Regular.ttf",
                   "thuis_cli/_data/templates/static/fonts/OFL.txt",
                   "thuis_cli/_data/config/indicatoren.yaml", "thuis_cli/_data/config/diensten.yaml",
                   "thuis_cli/_data/config/gemeenten.csv", "thuis_cli/_data/config/buren.csv",
                   "thuis_cli/_data/config/schemas/diensten.schema.json",
                   "thuis_cli/_data/sample_data/woontest-synthetisch-gemeenten.csv"):
        assert needed in names, needed
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "thuis = thuis_cli.__main__:main" in entry_points


def test_installed_wheel_works_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "from thuis_cli import resources; print(resources.templates_dir())"
    where = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert where.stdout.strip().startswith(str(target)), where.stdout + where.stderr
    check = subprocess.run([sys.executable, "-m", "thuis_cli", "check"], capture_output=True, text=True,
                           env=env, cwd=tmp_path)
    assert check.returncode == 0 and "Gegevens in orde." in check.stdout, check.stderr

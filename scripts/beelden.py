#!/usr/bin/env python3
"""Pictures for the README (`make beelden`): page 1 of a brief of the sample municipality and of a small
municipality (the short brief), a page of the workbook, one infographic, the poster and an exhibition panel,
as small PNGs in docs/beelden/.

Beside them, docs/beelden/bron.txt records a hash of the sources each picture shows (templates, style
sheets, drawing code). tests/test_beelden.py recomputes those hashes: when a template changes and the
pictures were not made again, the test says so (file dates are no use in a fresh clone).

Usage: python scripts/beelden.py
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "beelden"
GEMEENTE = "leuven"

COMMON = ["templates/base.html", "templates/_macros.html", "templates/_zinnen.html", "templates/static/thuis.css"]
# picture -> the sources it shows
BRIEF = COMMON + ["templates/brief.html", "templates/woorden/brief.html", "templates/_bevraging.html",
                  "templates/_sinds2020.html", "templates/static/brief.css", "src/thuis_cli/chart.py",
                  "config/diensten.yaml", "config/indicatoren.yaml"]
SOURCES = {
    "brief.png": BRIEF,
    "brief-klein.png": BRIEF,
    "werkboek.png": COMMON + ["templates/intervisie.html", "templates/woorden/intervisie.html",
                              "src/thuis_cli/chart.py"],
    "infografiek.png": ["templates/_zinnen.html", "templates/woorden/beelden.html", "src/thuis_cli/beelden.py"],
    "affiche.png": COMMON + ["templates/affiche.html", "templates/_staven.css", "templates/woorden/beelden.html",
                             "templates/_bevraging.html",
                             "src/thuis_cli/beelden.py"],
    "paneel.png": COMMON + ["templates/paneel.html", "templates/_staven.css", "templates/woorden/beelden.html",
                            "src/thuis_cli/beelden.py"],
}
KLEIN = "spiere-helkijn"  # 9 participants: the short brief


def source_hash(files: list[str], root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def record(root: Path = ROOT) -> str:
    """The text of bron.txt: one line per picture, its hash and its sources."""
    lines = ["# Bron van de beelden in deze map: per beeld een hash van wat het toont. Maak ze opnieuw met",
             "# 'make beelden' als een van die bestanden verandert (tests/test_beelden.py controleert dit)."]
    for picture, files in SOURCES.items():
        lines.append(f"{picture} {source_hash(files, root)} {' '.join(sorted(files))}")
    return "\n".join(lines) + "\n"


def thuis(*args: str) -> None:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "THUIS_CACHE": "uit"}
    subprocess.run([sys.executable, "-m", "thuis_cli", *args], check=True, capture_output=True, env=env, cwd=ROOT)


def page_png(pdf: Path, page: int, target: Path, resolution: int) -> None:
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)


def main() -> int:
    from PIL import Image

    FOLDER.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        thuis("brief", "--dienst", "ruimte", "--gemeente", GEMEENTE, "--uit", str(out))
        thuis("brief", "--dienst", "wonen", "--gemeente", KLEIN, "--uit", str(out))
        thuis("intervisie", GEMEENTE, "--buren", "--max", "3", "--uit", str(out))
        thuis("infografiek", "--gemeente", GEMEENTE, "--uit", str(out))
        page_png(out / GEMEENTE / "brief-ruimte.pdf", 1, FOLDER / "brief.png", 50)
        page_png(out / KLEIN / "brief-wonen.pdf", 1, FOLDER / "brief-klein.png", 50)
        page_png(next((out / GEMEENTE / "infografiek").glob("paneel-*.pdf")), 1, FOLDER / "paneel.png", 9)
        workbook = next((out / "intervisie").glob("intervisie-*.pdf"))
        page_png(workbook, 2, FOLDER / "werkboek.png", 50)
        page_png(out / GEMEENTE / "infografiek" / "affiche.pdf", 1, FOLDER / "affiche.png", 30)
        first = sorted((out / GEMEENTE / "infografiek").glob("*.png"))[0]
        with Image.open(first) as image:
            image.convert("RGB").resize((360, 360), Image.LANCZOS).save(FOLDER / "infografiek.png", optimize=True)
    for picture in SOURCES:  # a palette of 64 colours keeps the pictures small in the repository
        with Image.open(FOLDER / picture) as image:
            small = image.convert("RGB").quantize(64)
        small.save(FOLDER / picture, optimize=True)
    (FOLDER / "bron.txt").write_text(record(), encoding="utf-8")
    for picture in SOURCES:
        print(f"Geschreven: docs/beelden/{picture} ({(FOLDER / picture).stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

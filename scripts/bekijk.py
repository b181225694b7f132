#!/usr/bin/env python3
"""Render the current products to pictures to look at, and say where they are.

Makes a fresh set of documents for the municipalities a reader scored (Leuven, a small municipality, a
merged one, the intervision group of the sample plan) into a folder, turns every PDF page into a PNG
(pdftoppm, 60 dpi; the poster also at the size it is seen from 2 m, the A1 panels from 3 m) and every
HTML page into screenshots at 390 and 1280 px (headless Chromium), then prints the folders.

Usage: python scripts/bekijk.py [--uit MAP] [--gemeenten leuven,spiere-helkijn,...]
Nothing here is committed: the folder defaults to /tmp/thuis-bekijk.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

GEMEENTEN = ["leuven", "spiere-helkijn", "lendelede", "merelbeke-melle", "herent"]
DIENSTEN = ["ruimte", "wonen"]
THUIS = [sys.executable, "-m", "thuis_cli"]


def run(args: list, may_refuse: bool = False, **kwargs) -> None:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    if result.returncode == 2 and may_refuse:  # e.g. no infographic for a municipality with too few answers
        print(f"niet gemaakt: {result.stderr.strip()}")
    elif result.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} faalde ({result.returncode}):\n{result.stderr}")


def make(uit: Path, gemeenten: list[str]) -> None:
    for gemeente in gemeenten:
        for dienst in DIENSTEN:
            run(THUIS + ["brief", "--dienst", dienst, "--gemeente", gemeente, "--uit", uit, "--html"])
        run(THUIS + ["infografiek", "--gemeente", gemeente, "--uit", uit], may_refuse=True)
    run(THUIS + ["intervisie", "leuven", "herent", "bertem", "holsbeek", "oud-heverlee", "rotselaar",
                 "--uit", uit])


def pictures(uit: Path, beelden: Path) -> int:
    count = 0
    for pdf in sorted(uit.rglob("*.pdf")):
        stem = "-".join(pdf.relative_to(uit).with_suffix("").parts)
        resolutions = {"": 60}
        if pdf.name.startswith("affiche"):
            resolutions["-2m"] = 20
        if pdf.name.startswith("paneel"):
            resolutions = {"": 20, "-3m": 8}
        for suffix, dpi in resolutions.items():
            run(["pdftoppm", "-png", "-r", dpi, pdf, beelden / f"{stem}{suffix}"])
        count += 1
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    for html in sorted(uit.rglob("*.html")) if chromium else []:
        stem = "-".join(html.relative_to(uit).with_suffix("").parts)
        for width in (390, 1280):
            run([chromium, "--headless", "--no-sandbox", "--hide-scrollbars", f"--window-size={width},3000",
                 f"--screenshot={beelden / f'{stem}-{width}.png'}", html.as_uri()], timeout=120)
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uit", type=Path, default=Path("/tmp/thuis-bekijk"))
    parser.add_argument("--gemeenten", default=",".join(GEMEENTEN))
    args = parser.parse_args()
    shutil.rmtree(args.uit, ignore_errors=True)
    documents, beelden = args.uit / "documenten", args.uit / "beelden"
    beelden.mkdir(parents=True)
    make(documents, args.gemeenten.split(","))
    count = pictures(documents, beelden)
    print(f"{count} documenten als beelden in {beelden} ({len(list(beelden.glob('*.png')))} PNG's)")
    print(f"de documenten zelf: {documents}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmark: department briefs (issue 3). Prints figures; asserts nothing.

Renders every department brief for the sample municipalities in one process and reports:
- seconds per brief (median) for the whole pipeline (figures, charts, HTML, PDF, atomic write);
- briefs per second in one process;
- the floor: WeasyPrint alone on the same HTML (HTML -> PDF with the same options);
- their ratio (target <= 1.5);
- the reference floor: WeasyPrint on the lean committed reference document (benchmarks/referentie/,
  block layout, the brief's page count), rendered in the same run, and the ratio of the brief to it
  (issue 17: the brief's HTML may cost at most 1.5x that floor; the whole pipeline at most 0.5 s);
- the wall time of a cold `thuis brief --dienst ruimte` (target < 2.5 s)
  and of a cold `thuis --help` (target < 0.5 s).

Usage: python benchmarks/briefs.py [--gemeenten leuven,gent,kortrijk] [--herhaal 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cold(args: list[str], repeat: int, empty_cache: bool = False) -> float:
    """Median wall time of a new process; with empty_cache, every run starts without cached charts."""
    import os

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeat):
            cache = Path(tmp) / (f"cache{i}" if empty_cache else "cache")
            env = {**os.environ, "THUIS_CACHE": str(cache)}
            command = [sys.executable, "-m", "thuis_cli", *args]
            if args[0] == "brief":
                command += ["--uit", str(Path(tmp) / "out")]
                if not empty_cache and i == 0:
                    subprocess.run(command, check=True, capture_output=True, env=env)  # fill the cache
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gemeenten", default="leuven,gent,kortrijk,herent,zelzate")
    parser.add_argument("--herhaal", type=int, default=3, help="herhalingen voor de koude metingen")
    args = parser.parse_args()

    import os

    os.environ.setdefault("THUIS_CACHE", tempfile.mkdtemp(prefix="thuis-bench-"))
    from thuis_cli.products import get
    from thuis_cli.products.brief import brief_context
    from thuis_cli.publish.folder import FolderSink
    from thuis_cli.publish.render import render
    from thuis_cli.templating import render_html
    from thuis_cli.workspace import Workspace

    import weasyprint

    from thuis_cli import resources

    session = Workspace.open(None, None)
    product = get("brief")

    def write_brief(ws, gebied, dienst, out):
        document = product.build(ws, product.target(gebied, dienst))
        return FolderSink(out).publish(document, render(document))[0]

    names = args.gemeenten.split(",")
    diensten = list(session.config.diensten.diensten)
    pipeline, floor, sizes, pages = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # Warm-up: imports, fonts, first chart.
        write_brief(session, session.municipality(names[0]), diensten[0], out)
        start_all = time.perf_counter()
        for name in names:
            gebied = session.municipality(name)
            for dienst in diensten:
                start = time.perf_counter()
                path = write_brief(session, gebied, dienst, out)
                pipeline.append(time.perf_counter() - start)
                sizes.append(path.stat().st_size)
                pages.append(path.read_bytes())
        total = time.perf_counter() - start_all
        pages = [page_count(pdf) for pdf in pages]
        # The floor: WeasyPrint alone on the very same HTML.
        base = resources.templates_dir().as_uri() + "/"
        # The reference floor: the lean committed reference document, rendered alternately with the
        # brief's HTML so both see the same machine load.
        reference = Path(__file__).resolve().parent / "referentie" / "referentie.html"
        ref_times = []
        for name in names:
            gebied = session.municipality(name)
            for dienst in diensten:
                html = render_html("brief.html", brief_context(session, gebied, dienst))
                start = time.perf_counter()
                weasyprint.HTML(string=html, base_url=base).write_pdf(pdf_variant="pdf/ua-1")
                floor.append(time.perf_counter() - start)
                start = time.perf_counter()
                ref_pdf = weasyprint.HTML(filename=str(reference)).write_pdf(pdf_variant="pdf/ua-1")
                ref_times.append(time.perf_counter() - start)

    per_brief = statistics.median(pipeline)
    per_floor = statistics.median(floor)
    print(f"briefs gemaakt:                 {len(pipeline)} ({len(names)} gemeenten x {len(diensten)} diensten)")
    print(f"seconden per brief (mediaan):   {per_brief:.3f}")
    print(f"briefs per seconde (1 proces):  {len(pipeline) / total:.2f}   (doel >= 2)")
    print(f"WeasyPrint alleen (mediaan):    {per_floor:.3f}")
    print(f"verhouding pijplijn/vloer:      {per_brief / per_floor:.2f}   (doel <= 1,5)")
    per_ref = statistics.median(ref_times)
    print(f"referentiedocument (mediaan):   {per_ref:.3f}   ({page_count(ref_pdf)} pagina's; briefs "
          f"{min(pages)}-{max(pages)}, mediaan {statistics.median(pages):.0f})")
    print(f"verhouding brief-HTML/referentie: {per_floor / per_ref:.2f}   (doel <= 1,5)")
    print(f"verhouding pijplijn/referentie:  {per_brief / per_ref:.2f}   (pijplijn per brief, doel <= 0,5 s)")
    print(f"PDF-grootte (mediaan):          {statistics.median(sizes) / 1024:.0f} KiB")
    brief_args = ["brief", "--dienst", "ruimte"]
    print(f"koud 'thuis brief --dienst ruimte', grafieken in de cache: {cold(brief_args, args.herhaal):.2f} s"
          "   (doel < 2,5)")
    print(f"koud 'thuis brief --dienst ruimte', lege cache:            {cold(brief_args, args.herhaal, True):.2f} s")
    print(f"koud 'thuis --help':               {cold(['--help'], args.herhaal):.2f} s   (doel < 0,25)")


if __name__ == "__main__":
    main()

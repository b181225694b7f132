#!/usr/bin/env python3
"""Benchmark: thuis against the engine chain an analyst would script (issue 17). Prints figures; asserts nothing.

The peer is what a Quarto user runs for one report: a notebook executed by a fresh Jupyter kernel
(nbclient + ipykernel) that reads the same sample CSV, computes one municipality's shares against its
province and Flanders (95 % intervals, differences, per group), draws 10 charts with matplotlib (SVG) and
writes Markdown; pandoc turns the Markdown into Typst; Typst makes the PDF. It runs in its own venv, made
by this benchmark under ~/.cache/thuis-bench/peer-venv (nbclient, ipykernel, nbformat, pandas,
matplotlib, pypandoc_binary for a recent pandoc with a Typst writer, typst for the Typst compiler).

Every pairing runs thuis and the peer alternately in one run, each as a new process, and prints the
medians and the ratio thuis/peer (target <= 0,5):
  1. one cold `thuis brief --dienst ruimte`, chart cache warm   vs  one peer report;
  2. the same with an empty chart cache (and an empty table cache)  vs  one peer report;
  3. `thuis brief --dienst alle` (nine briefs of one municipality), per document  vs  nine peer reports
     from one kernel, per document.
Plus the cold `thuis --help` (target < 0,25 s).

Usage: python benchmarks/peer.py [--herhaal 5] [--gemeente leuven] [--venv PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_PACKAGES = ["nbclient", "ipykernel", "nbformat", "pandas", "matplotlib", "pypandoc_binary", "typst"]
DEFAULT_VENV = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "thuis-bench" / "peer-venv"

# --- the peer ---------------------------------------------------------------------------------------

PARAMETERS = "NIS = '24062'\nDOCS = 1\nDATA = []\nOUT = '.'\n"

CELLS = [
    # 1: data
    """\
    import math
    from pathlib import Path
    import pandas as pd
    import matplotlib
    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["svg.hashsalt"] = "peer"
    data = pd.concat([pd.read_csv(p, dtype={"nis": str}) for p in DATA], ignore_index=True)
    data["nis"] = data["nis"].str.zfill(5)
    area = data[data.nis == NIS]
    NAME = area.gebied.iloc[0]
    PROVINCE = {"1": "10000", "2": "20001", "3": "30000", "4": "40000", "7": "70000"}[NIS[0]]
    PROVINCE_NAME = data[data.nis == PROVINCE].gebied.iloc[0]
    """,
    # 2: shares, intervals, differences
    """\
    def wilson(k, n, z=1.96):
        if n == 0:
            return (float("nan"), float("nan"))
        p = k / n
        d = 1 + z * z / n
        c = (p + z * z / (2 * n)) / d
        h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
        return c - h, c + h

    def shares(nis, groep="totaal"):
        rows = data[(data.nis == nis) & (data.groep == groep)]
        out = rows.assign(share=rows.aantal / rows.n)
        return out.set_index(["indicator", "antwoord"])[["aantal", "n", "share"]]

    def significant(k1, n1, k2, n2):
        p = (k1 + k2) / (n1 + n2)
        se = math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2)) if 0 < p < 1 else 0
        return se > 0 and abs(k1 / n1 - k2 / n2) / se > 1.96

    mine, prov, vl = shares(NIS), shares(PROVINCE), shares("02000")
    groups = sorted(g for g in area.groep.unique() if g.startswith("leeftijd"))
    indicators = [i for i in area.indicator.unique()
                  if area[(area.indicator == i) & (area.groep == "totaal")].n.max() > 0]
    top = {}
    for ind in indicators:
        part = mine.loc[ind]
        top[ind] = part.share.idxmax()
    """,
    # 3: charts and Markdown, DOCS reports with 10 indicators each
    """\
    def pct(x):
        return "–" if x != x else f"{100 * x:.0f} %"

    def chart(ind, answer, path):
        labels, values = [], []
        for label, table in ((NAME, mine), (PROVINCE_NAME, prov), ("Vlaanderen", vl)):
            if (ind, answer) in table.index:
                labels.append(label)
                values.append(100 * table.loc[(ind, answer), "share"])
        fig, ax = plt.subplots(figsize=(4.2, 1.15))
        ax.barh(labels[::-1], values[::-1], color=["#9ab", "#9ab", "#1f5a8a"][-len(values):])
        for y, v in enumerate(values[::-1]):
            ax.text(v + 1, y, f"{v:.0f} %", va="center", fontsize=8)
        ax.set_xlim(0, 100)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=8)
        fig.tight_layout()
        fig.savefig(path, format="svg", metadata={"Date": None})
        plt.close(fig)

    def report(doc):
        chosen = [indicators[(doc * 10 + k) % len(indicators)] for k in range(10)]
        lines = [f"---\\ntitle: 'Woontest: wat het betekent voor uw dienst in {NAME}'\\n"
                 "subtitle: 'Thuis in de Toekomst, synthetische voorbeeldgegevens'\\n"
                 "papersize: a4\\nfontsize: 10pt\\nmargin:\\n  x: 2cm\\n  y: 1.6cm\\n---\\n",
                 f"Vergeleken met {PROVINCE_NAME} en Vlaanderen. Elk percentage met het aantal antwoorden "
                 "(n); verschillen alleen wanneer ze betekenisvol zijn. Het is een open online bevraging, "
                 "geen representatieve steekproef.\\n", "## In een oogopslag\\n"]
        gaps = []
        for ind in chosen:
            a = top[ind]
            if (ind, a) in vl.index:
                gaps.append((abs(mine.loc[(ind, a), "share"] - vl.loc[(ind, a), "share"]), ind, a))
        for _, ind, a in sorted(gaps, reverse=True)[:5]:
            m, v = mine.loc[(ind, a)], vl.loc[(ind, a)]
            lines.append(f"- {pct(m.share)} van de deelnemers in {NAME} kiest '{a}' bij {ind.replace('_', ' ')} "
                         f"(n = {m.n:.0f}), tegenover {pct(v.share)} in Vlaanderen.")
        lines.append("")
        for number, ind in enumerate(chosen):
            a = top[ind]
            svg = Path(OUT) / f"grafiek-{doc}-{number}.svg"
            chart(ind, a, svg)
            lines += [f"## {ind.replace('_', ' ').capitalize()}\\n",
                      f"Aandeel dat '{a}' antwoordt. Verschil: {NAME} min het referentiegebied.\\n",
                      f"![]({svg.name}){{width=50% alt='{ind}: {a} in {NAME}, {PROVINCE_NAME} en Vlaanderen'}}\\n",
                      "| Gebied | Aandeel | n | 95%-interval | Verschil | Betekenisvol? |",
                      "|:--|--:|--:|--:|--:|:--|"]
            m = mine.loc[(ind, a)]
            lo, hi = wilson(m.aantal, m.n)
            lines.append(f"| {NAME} | {pct(m.share)} | {m.n:.0f} | {pct(lo)}–{pct(hi)} | | |")
            for label, table in ((PROVINCE_NAME, prov), ("Vlaanderen", vl)):
                if (ind, a) in table.index:
                    r = table.loc[(ind, a)]
                    lo, hi = wilson(r.aantal, r.n)
                    sig = significant(m.aantal, m.n, r.aantal, r.n)
                    lines.append(f"| {label} | {pct(r.share)} | {r.n:.0f} | {pct(lo)}–{pct(hi)} | "
                                 f"{100 * (m.share - r.share):+.1f} pp | {'ja' if sig else 'nee'} |")
            lines += ["", f"Naar groep, in {NAME}:\\n", "| Groep | Aandeel | n | Verschil |", "|:--|--:|--:|--:|"]
            for g in groups:
                part = shares(NIS, g)
                if (ind, a) in part.index and part.loc[(ind, a), "n"] >= 30:
                    r = part.loc[(ind, a)]
                    lines.append(f"| {g} | {pct(r.share)} | {r.n:.0f} | {100 * (r.share - m.share):+.1f} pp |")
            lines.append("")
        (Path(OUT) / f"rapport-{doc}.md").write_text("\\n".join(lines), encoding="utf-8")

    for doc in range(DOCS):
        report(doc)
    """,
]

DRIVER = """\
import subprocess, sys
from pathlib import Path

import nbformat
import pypandoc
import typst
from nbclient import NotebookClient

work, docs, nis, data = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
nb = nbformat.read(work / "rapport.ipynb", as_version=4)
nb.cells[0].source = f"NIS = {nis!r}\\nDOCS = {docs}\\nDATA = {data!r}\\nOUT = {str(work)!r}\\n"
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
pandoc = pypandoc.get_pandoc_path()
for doc in range(docs):
    md, typ, pdf = (work / f"rapport-{doc}{ext}" for ext in (".md", ".typ", ".pdf"))
    subprocess.run([pandoc, str(md), "--standalone", "--to", "typst", "--output", str(typ)], check=True, cwd=work)
    typst.compile(str(typ), output=str(pdf), root=str(work))
"""


def ensure_venv(venv: Path) -> tuple[Path | None, str]:
    """The peer's venv, made once; (python, versions) or (None, the reason it could not be made)."""
    python = venv / "bin" / "python"
    marker = venv / ".thuis-bench-ready"
    if not marker.exists():
        print(f"peer-venv maken in {venv} ({', '.join(PEER_PACKAGES)}) ...", flush=True)
        made = subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], capture_output=True, text=True)
        if made.returncode:
            return None, f"venv maken mislukte: {made.stderr.strip()[-500:]}"
        installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES],
                                   capture_output=True, text=True)
        if installed.returncode:
            return None, f"pip install {' '.join(PEER_PACKAGES)} mislukte: {installed.stderr.strip()[-800:]}"
        marker.touch()
    probe = subprocess.run([str(python), "-c", textwrap.dedent("""\
        import subprocess, importlib.metadata as m, pypandoc
        out = subprocess.run([pypandoc.get_pandoc_path(), "--version"], capture_output=True, text=True).stdout
        print(out.splitlines()[0], "| typst (PyPI)", m.version("typst"), "| nbclient", m.version("nbclient"),
              "| ipykernel", m.version("ipykernel"), "| matplotlib", m.version("matplotlib"),
              "| pandas", m.version("pandas"))
        """)], capture_output=True, text=True)
    if probe.returncode:
        return None, f"de peer-venv is onvolledig: {probe.stderr.strip()[-500:]}"
    return python, probe.stdout.strip()


def prepare_peer(work: Path) -> None:
    """The notebook (nbformat 4 JSON, written by hand: nbformat lives in the peer's venv) and its driver."""
    def cell(source: str) -> dict:
        return {"cell_type": "code", "execution_count": None, "id": f"c{abs(hash(source)) % 10**8}",
                "metadata": {}, "outputs": [], "source": source}

    notebook = {"nbformat": 4, "nbformat_minor": 5, "cells": [cell(PARAMETERS)] + [
        cell(textwrap.dedent(c)) for c in CELLS],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
    (work / "rapport.ipynb").write_text(json.dumps(notebook, indent=1))
    (work / "driver.py").write_text(DRIVER)


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def timed(command: list[str], env: dict | None = None, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"{' '.join(command[:6])} ... stopte met code {result.returncode}:\n{result.stderr[-3000:]}")
    return seconds


# --- the run ------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--herhaal", type=int, default=5, help="gepaarde herhalingen")
    parser.add_argument("--gemeente", default="leuven")
    parser.add_argument("--nis", default="24062", help="NIS-code van dezelfde gemeente, voor de peer")
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV)
    args = parser.parse_args()

    python, versions = ensure_venv(args.venv)
    if python is None:
        print(f"PEER NIET BESCHIKBAAR: {versions}")
        print("Alleen de thuis-kant wordt gemeten; er zijn geen verhoudingen.")
    else:
        print(f"peer: {versions}")
    data = [str(p) for p in sorted((ROOT / "sample_data").glob("*.csv"))]
    thuis = [sys.executable, "-m", "thuis_cli"]
    base_env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    tmp = Path(tempfile.mkdtemp(prefix="thuis-peer-"))
    results: dict[str, list[float]] = {k: [] for k in ("warm", "leeg", "alle", "peer1", "peer9", "help")}
    try:
        warm_env = {**base_env, "THUIS_CACHE": str(tmp / "cache")}
        brief = [*thuis, "brief", "--gemeente", args.gemeente, "--uit", str(tmp / "uit")]
        timed([*brief, "--dienst", "ruimte"], warm_env)  # fills the chart and table caches
        for i in range(args.herhaal):
            results["warm"].append(timed([*brief, "--dienst", "ruimte"], warm_env))
            if python:
                work = tmp / f"peer1-{i}"
                work.mkdir()
                prepare_peer(work)
                results["peer1"].append(timed([str(python), str(work / "driver.py"), str(work), "1", args.nis, *data],
                                              cwd=work))
            empty_env = {**base_env, "THUIS_CACHE": str(tmp / f"leeg-{i}")}
            results["leeg"].append(timed([*brief, "--dienst", "ruimte"], empty_env))
            results["alle"].append(timed([*brief, "--dienst", "alle"], warm_env) / 9)
            if python:
                work = tmp / f"peer9-{i}"
                work.mkdir()
                prepare_peer(work)
                results["peer9"].append(timed([str(python), str(work / "driver.py"), str(work), "9", args.nis, *data],
                                              cwd=work) / 9)
            results["help"].append(timed([*thuis, "--help"], base_env))
            print(f"  ronde {i + 1}/{args.herhaal}: " + ", ".join(
                f"{k} {v[-1]:.2f}" for k, v in results.items() if v), flush=True)

        med = {k: statistics.median(v) for k, v in results.items() if v}
        brief_pdf = tmp / "uit" / args.gemeente / "brief-ruimte.pdf"
        print(f"\nmedianen van {args.herhaal} gepaarde rondes (s); verhouding thuis/peer, doel <= 0,50")
        print(f"  pagina's: thuis-brief {pages(brief_pdf)}"
              + (f", peer-rapport {pages(tmp / 'peer1-0' / 'rapport-0.pdf')}" if python else ""))
        rows = [("koude brief, grafieken in de cache", "warm", "peer1"),
                ("koude brief, lege cache", "leeg", "peer1"),
                ("negen briefs van één gemeente, per document", "alle", "peer9")]
        for label, mine, peer in rows:
            line = f"  {label:<46} thuis {med[mine]:5.2f}"
            if peer in med:
                line += f"   peer {med[peer]:5.2f}   verhouding {med[mine] / med[peer]:.2f}"
            print(line)
        print(f"  {'koud thuis --help':<46} thuis {med['help']:5.2f}   (doel < 0,25)")
        print(json.dumps({k: [round(x, 3) for x in v] for k, v in results.items()}))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmark: a follow-up survey of 100,000 respondents read, validated, weighted and aggregated
(issue 31; goal: under 5 s on 2 cores). Prints figures; asserts nothing.

Writes a synthetic LimeSurvey response export (CSV, every cell quoted, with a free-text column, a few
incomplete responses, a duplicate and an unknown code) and its margins into a temporary folder (not
timed), then times `bevraging.opvolging.build`: reading the export through the mapping, the checks,
raking to three margins with weightipy (trimmed at 5x the mean), the per-cell effective n of every
indicator x group and the unweighted comparison. Each run is a fresh process, so imports count too.

Usage: python benchmarks/bevraging.py [--respondenten 100000] [--herhaal 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMED = """
import sys, time
start = time.perf_counter()
from pathlib import Path
from thuis_cli.config import load_config
from thuis_cli.data import load_gebieden
from thuis_cli.bevraging.mapping import Instellingen
from thuis_cli.bevraging.opvolging import build
folder = Path(sys.argv[1])
config = load_config()
loaded = time.perf_counter()
opvolging, verslag = build(Instellingen(antwoorden=folder / "antwoorden.csv", koppeling=folder / "bevraging.yaml",
                                        marges=folder / "marges.csv"), config.catalogus, load_gebieden(config))
done = time.perf_counter()
print(f"{done - start:.3f} {done - loaded:.3f} {opvolging.respondenten} {opvolging.effectieve_n:.0f} "
      f"{len(opvolging.table)} {opvolging.max_verschuiving_pp:.2f} {opvolging.afgekapt}")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondenten", type=int, default=100_000)
    parser.add_argument("--herhaal", type=int, default=5)
    args = parser.parse_args()

    from thuis_cli.bevraging import voorbeeld
    from thuis_cli.config import load_config

    config = load_config()
    cat = config.catalogus
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        answers, answered, rng = voorbeeld.simulate(cat, args.respondenten, 500_000, seed=31)
        voorbeeld.write_limesurvey(folder / "antwoorden.csv", cat, "24062", "Benchmark", answers, answered, rng,
                                   args.respondenten)
        (folder / "bevraging.yaml").write_text(voorbeeld.limesurvey_mapping(cat, "24062", "Benchmark"))
        (folder / "marges.csv").write_text("variabele,categorie,aantal\n" + "".join(
            f"{v},{c},{n}\n" for v, c, n in voorbeeld.margins(cat, 500_000)))
        size = (folder / "antwoorden.csv").stat().st_size / 2**20
        print(f"{args.respondenten} antwoorden ({size:.1f} MB) gemaakt in {time.perf_counter() - start:.1f} s")
        whole, work = [], []
        for _ in range(args.herhaal):
            out = subprocess.run([sys.executable, "-c", TIMED, str(folder)], capture_output=True, text=True,
                                 check=True).stdout.split()
            whole.append(float(out[0]))
            work.append(float(out[1]))
        print(f"gebruikt: {out[2]} deelnemers, effectieve n {out[3]}, {out[4]} cellen, weging verschuift "
              f"hoogstens {out[5]} pp, {out[6]} gewichten afgekapt")
        print(f"inlezen, controleren, wegen en samenvatten: mediaan {statistics.median(work):.2f} s "
              f"(min {min(work):.2f}, max {max(work):.2f}); met het opstarten van Python en de imports: "
              f"mediaan {statistics.median(whole):.2f} s, over {args.herhaal} runs")


if __name__ == "__main__":
    main()

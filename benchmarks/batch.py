#!/usr/bin/env python3
"""Benchmark: `thuis batch` at scale (issue 6). Prints figures; asserts nothing.

Generates synthetic data for N municipalities (the sample generator at scale; the three cluster
centres Leuven, Gent and Kortrijk are always in), then runs the full plan (every department brief and
the infographics for every municipality, one workbook per neighbour cluster):
  1. with --jobs 1 and --jobs 2 (outputs per second, parallel speed-up, peak memory per worker);
  2. a no-op rerun (everything unchanged);
  3. a rerun after changing one municipality's data (how much is rebuilt, how long it takes).
With --klein K it also runs the K-municipality plan with --jobs 2, to see whether the time per
municipality stays flat between K and N.

Then the targets for the full Flemish plan (issue 17: 300 municipalities, about 3,000 documents, at most
12 minutes with --jobs 2, under 400 MB per worker, a no-op rerun under 2 s):
  - the full plan's time, measured when N = 300, else extrapolated from N (said so in the output);
  - a dry run (`--droog`) of the real 300-municipality plan: reading the data (first from the files, then
    from the cache of validated tables), planning and hashing all ~3,000 documents; that is the no-op
    rerun without the manifest and file checks, which the N-municipality no-op measures per document.

Usage: python benchmarks/batch.py [--gemeenten 300] [--klein 25] [--jobs 1,2] [--vlaanderen 300]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CENTRES = ["24062", "44021", "34022"]


def make_data(folder: Path, count: int, seed: int = 2020) -> list[str]:
    from thuis_cli import resources
    from thuis_cli.config import load_config
    from thuis_cli.gebieden import Gebieden
    from thuis_cli.synthetic import generate

    config = load_config()
    cfg = resources.config_dir()
    gebieden = Gebieden.load(cfg / "gemeenten.csv", cfg / "buren.csv")
    codes = sorted(gebieden.gemeenten)
    step = max(1, len(codes) // count)
    # The centres' neighbours first: a small plan still has neighbour clusters for the workbooks.
    near = [g.nis for c in CENTRES for g in gebieden.neighbours(c)[:2] if g.nis in gebieden.gemeenten]
    chosen = list(dict.fromkeys(CENTRES + near + codes[::step]))[:max(count, len(CENTRES) + len(near))]
    municipal, reference = generate(config.catalogus, gebieden, seed=seed, include=chosen)
    folder.mkdir(parents=True, exist_ok=True)
    municipal.to_csv(folder / "gemeenten.csv", index=False)
    reference.to_csv(folder / "referentie.csv", index=False)
    return chosen


def write_plan(folder: Path) -> Path:
    plan = folder / "plan.yaml"
    plan.write_text(
        "data: [gemeenten.csv, referentie.csv]\n"
        "gemeenten: alle\n"
        "briefs: {diensten: alle}\n"
        "infografiek: {max: 6}\n"
        "intervisie:\n  buren:\n"
        + "".join(f"    - {{gemeente: '{c}', max: 6}}\n" for c in CENTRES))
    return plan


def batch(plan: Path, out: Path, jobs: int, env: dict) -> tuple[float, dict]:
    env = {**env, "THUIS_CACHE": str(out.parent / f"cache-{out.name}")}  # every run starts cold
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "thuis_cli", "batch", str(plan), "--uit", str(out),
                             "--jobs", str(jobs), "--stil"], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"batch stopte met code {result.returncode}:\n{result.stderr[-2000:]}")
    report = json.loads((out / "verslag.json").read_text())
    return seconds, report


def breakdown(report: dict, seconds: float, jobs: int) -> list[str]:
    """Where the wall time of a run went: per worker, per product, writing and syncing, the main process."""
    made = [d for d in report["documenten"] if d["status"] in ("gemaakt", "leeg") and d.get("werkproces")]
    if not made:
        return []
    busy = sum(d["seconden"] for d in made)
    lines = [f"    bezetting: {busy:.1f} documentseconden in {seconds:.1f} s x {jobs} kernen = "
             f"{busy / (seconds * jobs):.0%}; CPU hoofdproces {report.get('cpu_hoofdproces', 0):.1f} s, "
             f"werkprocessen samen {report.get('cpu_werkprocessen', 0):.1f} s"]
    workers: dict[int, list[dict]] = {}
    for d in made:
        workers.setdefault(d["werkproces"], []).append(d)
    wall = sum(d["seconden"] for d in made)
    cpu = sum(d["cpu_seconden"] for d in made)
    lines.append(f"    {len(workers)} werkprocessen (een per {len(made) // max(len(workers), 1)} documenten): "
                 f"wandklok in documenten {wall:.1f} s, CPU {cpu:.1f} s ({cpu / wall:.0%}); per werkproces "
                 + ", ".join(f"{sum(d['seconden'] for d in w):.0f}/{sum(d['cpu_seconden'] for d in w):.0f} s"
                             for w in list(workers.values())[:6]) + (" ..." if len(workers) > 6 else ""))
    steps = {step: sum(d.get(f"{step}_seconden", 0) for d in made) for step in ("schrijven", "fsync", "hernoemen")}
    files = sum(len(d["bestanden"]) for d in made)
    lines.append(f"    bestanden: {files}; schrijven {steps['schrijven']:.1f} s, fsync {steps['fsync']:.1f} s, "
                 f"hernoemen {steps['hernoemen']:.1f} s")
    products: dict[str, list[dict]] = {}
    for d in made:
        products.setdefault(d["document"].split("/")[0], []).append(d)
    lines.append("    per product: " + "; ".join(
        f"{name} {len(ds)} x {sum(d['seconden'] for d in ds) / len(ds):.2f} s (CPU "
        f"{sum(d['cpu_seconden'] for d in ds) / len(ds):.2f} s) = {sum(d['seconden'] for d in ds):.0f} s"
        for name, ds in sorted(products.items())))
    return lines


def change_one(folder: Path, nis: str) -> None:
    """Two answers of one question swap their counts in every group: the data stays valid."""
    import pandas as pd

    data = pd.read_csv(folder / "gemeenten.csv", dtype={"nis": str})
    question = (data.nis == nis) & (data.indicator == "kleiner_wonen")
    answers = data.loc[question, "antwoord"].unique()
    a = data.index[question & (data.antwoord == answers[0])]
    b = data.index[question & (data.antwoord == answers[-1])]
    data.loc[a, "aantal"], data.loc[b, "aantal"] = data.loc[b, "aantal"].to_numpy(), data.loc[a, "aantal"].to_numpy()
    data.to_csv(folder / "gemeenten.csv", index=False)


def full_run(count: int, jobs_list: list[int], tmp: Path, env: dict) -> dict:
    folder = tmp / f"n{count}"
    chosen = make_data(folder, count)
    plan = write_plan(folder)
    results = {}
    for jobs in jobs_list:
        out = folder / f"uit-j{jobs}"
        seconds, report = batch(plan, out, jobs, env)
        made = report["aantallen"]["gemaakt"]
        rss = max((d["geheugen_mb"] for d in report["documenten"] if d["status"] == "gemaakt"), default=0)
        kinds: dict[str, float] = {}
        for d in report["documenten"]:
            kinds[d["document"].split("/")[0]] = kinds.get(d["document"].split("/")[0], 0.0) + d["seconden"]
        results[jobs] = {"seconds": seconds, "made": made, "failed": report["aantallen"]["mislukt"], "rss": rss,
                         "out": out, "kinds": kinds}
        print(f"  N={count:>3} --jobs {jobs}: {made} documenten in {seconds:7.1f} s = {made / seconds:5.2f} per s; "
              f"{report['aantallen']['mislukt']} mislukt, {report['aantallen'].get('leeg', 0)} zonder publiceerbaar "
              f"cijfer; piekgeheugen per werkproces {rss:.0f} MB", flush=True)
        print("\n".join(breakdown(report, seconds, jobs)), flush=True)
    last = results[jobs_list[-1]]["out"]
    seconds, report = batch(plan, last, jobs_list[-1], env)
    print(f"  N={count:>3} no-op-herhaling: {seconds:.2f} s ({report['aantallen']['overgeslagen']} ongewijzigd)")
    results["noop"] = seconds
    change_one(folder, chosen[-1])
    seconds, report = batch(plan, last, jobs_list[-1], env)
    print(f"  N={count:>3} na wijziging van één gemeente: {seconds:.1f} s, {report['aantallen']['gemaakt']} "
          f"documenten opnieuw gemaakt, {report['aantallen']['overgeslagen']} ongewijzigd")
    return results


def dry_run(plan: Path, out: Path, env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "thuis_cli", "batch", str(plan), "--uit", str(out), "--droog"],
                            capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"droge run stopte met code {result.returncode}:\n{result.stderr[-2000:]}")
    return seconds, result.stdout.strip().splitlines()[-1]


def flanders(count: int, measured: int, big: dict, jobs: int, tmp: Path, env: dict) -> None:
    """The full Flemish plan's targets: measured where it is cheap, extrapolated where it is not."""
    run = big[jobs]
    # Document seconds per municipality (briefs, infographics) scale with the count; the three
    # workbooks do not. The wall time follows from the measured parallel efficiency.
    per_municipality = (run["kinds"].get("brief", 0) + run["kinds"].get("infografiek", 0)) / measured
    fixed = run["kinds"].get("intervisie", 0)
    efficiency = sum(run["kinds"].values()) / run["seconds"]  # document-seconds per wall second
    full = (per_municipality * count + fixed) / efficiency
    how = ("gemeten" if measured == count else
           f"geëxtrapoleerd van {measured} gemeenten: documentseconden per gemeente x {count} + de werkboeken, "
           f"gedeeld door de gemeten parallelle opbrengst {efficiency:.2f}")
    print(f"Volledig Vlaams plan ({count} gemeenten, --jobs {jobs}):")
    print(f"  duur: {full / 60:.1f} min, {how}   (doel <= 12 min)")
    print(f"  geheugen per werkproces: {run['rss']:.0f} MB bij {measured} gemeenten   (doel < 400 MB)")
    print(f"  no-op-herhaling bij {measured} gemeenten: {big['noop']:.2f} s   (doel < 2 s bij {count})")
    folder = tmp / f"vlaanderen{count}"
    make_data(folder, count)
    plan = write_plan(folder)
    dry_env = {**env, "THUIS_CACHE": str(folder / "cache")}
    first, summary = dry_run(plan, folder / "uit", dry_env)
    again = sorted(dry_run(plan, folder / "uit", dry_env)[0] for _ in range(3))[1]
    print(f"  droge run van het echte plan ({summary.split(':')[1].split(';')[0].strip()}): "
          f"{first:.2f} s met inlezen en valideren, {again:.2f} s met de gevalideerde tabel uit de cache "
          "(mediaan van 3); de no-op-herhaling is dat plus het manifest en de bestandscontrole")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gemeenten", type=int, default=300)
    parser.add_argument("--klein", type=int, default=25, help="0: geen vergelijking met een klein plan")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--vlaanderen", type=int, default=300,
                        help="gemeenten in het volledige Vlaamse plan (droge run en extrapolatie); 0: overslaan")
    args = parser.parse_args()
    jobs_list = [int(j) for j in args.jobs.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="thuis-batch-bench-"))
    env = dict(os.environ)
    try:
        print(f"Volledig plan voor {args.gemeenten} gemeenten:")
        big = full_run(args.gemeenten, jobs_list, tmp, env)
        if 1 in big and 2 in big:
            print(f"  versnelling met 2 taken: {big[1]['seconds'] / big[2]['seconds']:.2f}x   (doel >= 1,8)")
            print(f"  geheugen per werkproces: {big[1]['rss']:.0f} MB (1 taak), {big[2]['rss']:.0f} MB (2 taken)"
                  "   (doel < 400 MB, niet groeiend)")
        print(f"  no-op: {big['noop']:.2f} s   (doel < 2 s voor het volledige Vlaamse plan)")
        if args.klein:
            print(f"Klein plan voor {args.klein} gemeenten:")
            small = full_run(args.klein, [jobs_list[-1]], tmp, env)
            per_big = big[jobs_list[-1]]["seconds"] / args.gemeenten
            per_small = small[jobs_list[-1]]["seconds"] / args.klein
            print(f"  tijd per gemeente: {per_small:.2f} s bij {args.klein}, {per_big:.2f} s bij {args.gemeenten} "
                  f"(verhouding {per_big / per_small:.2f}; 1,00 = vlak)")
        if args.vlaanderen:
            flanders(args.vlaanderen, args.gemeenten, big, jobs_list[-1], tmp, env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

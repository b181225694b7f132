#!/usr/bin/env python3
"""Benchmark: secondary suppression over a whole run (issue 11). Prints figures; asserts nothing.

Generates synthetic data for every municipality of Flanders (the sample generator), builds one cell
per area x indicator x group (the 2020 municipalities and the 2025 mergers) with the additive
relations between them, and times `suppression.suppress` over all of them at once.

Usage: python benchmarks/suppression.py [--min-n 30]
"""

from __future__ import annotations

import argparse
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-n", type=float, default=30)
    args = parser.parse_args()

    from thuis_cli import resources
    from thuis_cli.compute import headlines
    from thuis_cli.config import load_config
    from thuis_cli.gebieden import Gebieden
    from thuis_cli.suppression import Cell, primary, relations_for, suppress
    from thuis_cli.synthetic import generate

    config = load_config()
    cfg = resources.config_dir()
    gebieden = Gebieden.load(cfg / "gemeenten.csv", cfg / "buren.csv")
    start = time.perf_counter()
    municipal, _reference = generate(config.catalogus, gebieden, include=sorted(gebieden.gemeenten))
    print(f"gegevens gemaakt in {time.perf_counter() - start:.1f} s")
    stat = config.instellingen.statistiek
    by_code = {nis: rows for nis, rows in municipal.groupby("nis")}
    cells = {}
    # a merger keeps its own key: Antwerpen 2025 has the NIS code of its part Antwerpen 2020
    mergers = {f"{f.nis}-2025": list(f.onderdelen) for f in gebieden.fusies.values()
               if all(p in by_code for p in f.onderdelen)}
    areas = {nis: rows for nis, rows in by_code.items()}
    for nis, parts in mergers.items():
        pooled = (municipal[municipal["nis"].isin(parts)]
                  .groupby(["indicator", "antwoord", "groep"], sort=False, as_index=False)[["aantal", "n"]].sum())
        areas[nis] = pooled
    for nis, rows in areas.items():
        table = headlines(rows, config.catalogus, stat)
        for (ind, grp), row in table.iterrows():
            cells[(nis, ind, grp)] = Cell(float(row["n"]), float(row["aantal"]))
    dims = {d: config.catalogus.group_values(d) for d in config.catalogus.groepen}
    relations = relations_for(cells, dims, mergers)
    start = time.perf_counter()
    hidden = suppress(cells, relations, args.min_n)
    seconds = time.perf_counter() - start
    first = primary(cells, args.min_n)
    print(f"{len(areas)} gebieden ({len(mergers)} fusies), {len(cells)} cellen, {len(relations)} relaties")
    print(f"primair onderdrukt {len(first)}, secundair {len(hidden - first)}, in {seconds:.2f} s")


if __name__ == "__main__":
    main()

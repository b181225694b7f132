#!/usr/bin/env python3
"""Write the SYNTHETIC sample data in sample_data/ (fixed seed, so the files are reproducible).

Usage: python scripts/genereer_voorbeeldgegevens.py [--uit sample_data] [--seed 2020] [--alle]
The default writes the three neighbour clusters of config/buren.csv (Leuven, Gent, Kortrijk) plus
Flanders and the provinces; --alle writes every participating municipality (for benchmarks).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from thuis_cli import resources
from thuis_cli.config import load_config
from thuis_cli.gebieden import Gebieden
from thuis_cli.synthetic import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uit", type=Path, default=Path(__file__).resolve().parents[1] / "sample_data")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--alle", action="store_true", help="alle deelnemende gemeenten")
    args = parser.parse_args()
    config = load_config()
    cfg = resources.config_dir()
    gebieden = Gebieden.load(cfg / "gemeenten.csv", cfg / "buren.csv")
    include = None
    if not args.alle:
        include = sorted({n for a, b, _ in gebieden._buren for n in (a, b)})
    municipal, reference = generate(config.catalogus, gebieden, seed=args.seed, include=include)
    args.uit.mkdir(parents=True, exist_ok=True)
    municipal.to_csv(args.uit / "woontest-synthetisch-gemeenten.csv", index=False, lineterminator="\n")
    reference.to_csv(args.uit / "woontest-synthetisch-referentie.csv", index=False, lineterminator="\n")
    people = municipal[(municipal.indicator == "leeftijd") & (municipal.groep == "totaal")]
    per_area = people.groupby("nis")["aantal"].sum()
    print(f"{len(per_area)} gemeenten, {int(per_area.sum())} deelnemers "
          f"(min {int(per_area.min())}, mediaan {int(per_area.median())}, max {int(per_area.max())}); "
          f"{len(municipal) + len(reference)} rijen naar {args.uit}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Write the SYNTHETIC follow-up survey samples in sample_data/bevraging/ (fixed seed, reproducible): for Leuven
and Gent a LimeSurvey response export (CSV), the same respondents as an SPSS .sav, a KoboToolbox export
of the XLSForm (CSV), each with its mapping file (bevraging.yaml), and the population margins.

Usage: python scripts/genereer_bevraging.py [--uit sample_data/bevraging]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from thuis_cli.bevraging.voorbeeld import write_samples
from thuis_cli.config import load_config
from thuis_cli.data import load_gebieden


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uit", type=Path, default=Path(__file__).resolve().parents[1] / "sample_data" / "bevraging")
    args = parser.parse_args()
    config = load_config()
    for path in write_samples(args.uit, config.catalogus, load_gebieden(config)):
        print(f"Geschreven: {path}")


if __name__ == "__main__":
    main()

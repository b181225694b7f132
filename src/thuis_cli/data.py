"""The validated results of one run: which files, which areas, and pooling into 2025 mergers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import resources
from .config import Config
from .errors import InputError
from .gebieden import Gebied, Gebieden
from .load import read_results
from .validate import validate_tables


@dataclass
class Dataset:
    table: pd.DataFrame  # canonical: nis, indicator, antwoord, groep, aantal, n, _bestand, _rij
    sources: list[Path]
    synthetic: bool
    _pooled: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def codes(self) -> set[str]:
        return set(self.table["nis"].unique())

    def has(self, gebied: Gebied) -> bool:
        return all(code in self.codes for code in gebied.codes)

    def rows_for(self, gebied: Gebied) -> pd.DataFrame:
        """The area's rows; a 2025 merger pools its 2020 parts (respondent-weighted: counts add up)."""
        if gebied.nis in self._pooled:
            return self._pooled[gebied.nis]
        missing = [c for c in gebied.codes if c not in self.codes]
        if missing:
            raise InputError(f"Er zijn geen resultaten voor {gebied.naam} in de gegevens"
                             + (f" (ontbrekende NIS-codes: {', '.join(missing)})." if gebied.onderdelen else "."))
        rows = self.table[self.table["nis"].isin(gebied.codes)]
        if len(gebied.codes) > 1:
            rows = (rows.groupby(["indicator", "antwoord", "groep"], sort=False, as_index=False)[["aantal", "n"]]
                    .sum())
            rows.insert(0, "nis", gebied.nis)
        self._pooled[gebied.nis] = rows
        return rows

    def respondents(self, gebied: Gebied, catalogus) -> float:
        """Number of participants: the largest base of any question for all respondents."""
        rows = self.rows_for(gebied)
        totals = rows[rows["groep"] == "totaal"]
        return float(totals.groupby("indicator")["n"].first().max()) if not totals.empty else 0.0

    def fingerprint(self, gebied: Gebied) -> str:
        """A stable hash of the area's slice of the data (for incremental batch runs)."""
        import hashlib

        rows = self.rows_for(gebied)[["indicator", "antwoord", "groep", "aantal", "n"]]
        text = rows.sort_values(["indicator", "antwoord", "groep"]).to_csv(index=False)
        return hashlib.sha256(text.encode()).hexdigest()


def load_dataset(paths: list[Path] | None, config: Config, gebieden: Gebieden) -> Dataset:
    """Read and validate the given files; the bundled synthetic sample when none are given."""
    synthetic = not paths
    files = [Path(p) for p in paths] if paths else resources.sample_data_files()
    table = validate_tables(read_results(files), config.catalogus, gebieden)
    return Dataset(table, files, synthetic)


def load_gebieden(config: Config) -> Gebieden:
    return Gebieden.load(config.files["gemeenten.csv"], config.files.get("buren.csv"))

"""The validated results of one run: which files, which areas, and pooling into 2025 mergers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import cache, resources
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
    cache_key: str | None = None  # the table's key in the cache of validated tables (cache.py)
    _cache: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def codes(self) -> frozenset[str]:
        if "_codes" not in self._cache:
            self._cache["_codes"] = frozenset(str(c) for c in self.table["nis"].unique())
        return self._cache["_codes"]

    def has(self, gebied: Gebied) -> bool:
        return all(code in self.codes for code in gebied.codes)

    def rows_for(self, gebied: Gebied) -> pd.DataFrame:
        """The area's rows; a 2025 merger pools its 2020 parts (respondent-weighted: counts add up)."""
        key = _cache_key(gebied)
        if key in self._cache:
            return self._cache[key]
        missing = [c for c in gebied.codes if c not in self.codes]
        if missing:
            raise InputError(f"Er zijn geen resultaten voor {gebied.naam} in de gegevens"
                             + (f" (ontbrekende NIS-codes: {', '.join(missing)})." if gebied.onderdelen else "."))
        rows = self.table.iloc[self._positions(gebied.codes)]
        if len(gebied.codes) > 1 or gebied.onderdelen:
            rows = (rows.groupby(["indicator", "antwoord", "groep"], sort=False, as_index=False)[["aantal", "n"]]
                    .sum())
            rows.insert(0, "nis", gebied.nis)
        self._cache[key] = rows
        return rows

    def _positions(self, codes: tuple[str, ...]):
        """Row positions of these NIS codes, in table order; one grouping pass serves every area."""
        import numpy as np

        if "_positions" not in self._cache:
            self._cache["_positions"] = self.table.groupby("nis", observed=True, sort=False).indices
        index = self._cache["_positions"]
        parts = [index[c] for c in codes if c in index]
        return np.sort(np.concatenate(parts)) if len(parts) > 1 else parts[0]

    def respondents(self, gebied: Gebied, catalogus) -> float:
        """Number of participants: the largest base of any question for all respondents."""
        import numpy as np

        rows = self.rows_for(gebied)
        totals = (rows["groep"] == "totaal").to_numpy()
        base = "n_ongewogen" if "n_ongewogen" in rows and rows["n_ongewogen"].notna().any() else "n"  # bevraging
        n = rows[base].to_numpy()[totals]
        known = ~np.isnan(n)
        if not known.any():
            return float("nan") if totals.any() else 0.0
        questions, _ = pd.factorize(rows["indicator"].to_numpy()[totals][known])
        _, first = np.unique(questions, return_index=True)  # the first base of each question
        return float(n[known][first].max())

    def fingerprint(self, gebied: Gebied) -> str:
        """A stable hash of the area's slice of the data (for incremental batch runs): it changes when
        and only when one of the area's own rows changes."""
        import hashlib

        prints = self.fingerprints()
        parts = [prints.get(code, "-") for code in gebied.codes]
        return parts[0] if len(parts) == 1 else hashlib.sha256("|".join(parts).encode()).hexdigest()

    def fingerprints(self) -> dict[str, str]:
        """Per NIS code, a hash of its rows, computed for the whole table in one pass."""
        if "_fingerprints" not in self._cache and (stored := cache.load_fingerprints(self.cache_key)):
            self._cache["_fingerprints"] = stored
        if "_fingerprints" not in self._cache:
            import hashlib

            key = ["nis", "indicator", "antwoord", "groep"]
            table = self.table.sort_values(key, kind="stable")[key + ["aantal", "n"]]
            row_hashes = pd.util.hash_pandas_object(table, index=False).to_numpy()
            codes = table["nis"].to_numpy()
            prints = {}
            starts = [0] + [i for i in range(1, len(codes)) if codes[i] != codes[i - 1]] + [len(codes)]
            for a, b in zip(starts, starts[1:]):
                prints[str(codes[a])] = hashlib.sha256(row_hashes[a:b].tobytes()).hexdigest()
            self._cache["_fingerprints"] = prints
            cache.store_fingerprints(self.cache_key, prints)
        return self._cache["_fingerprints"]


def _cache_key(gebied: Gebied) -> str:
    """One key per area, also when a 2025 merger keeps the NIS code of one of its 2020 parts
    (Antwerpen 11002 = Antwerpen 11002 + Borsbeek 11007)."""
    if gebied.onderdelen or len(gebied.codes) > 1:
        return f"{gebied.soort}:{gebied.nis}=" + "+".join(gebied.codes)
    return gebied.nis


def load_dataset(paths: list[Path] | None, config: Config, gebieden: Gebieden) -> Dataset:
    """Read and validate the given files; the bundled synthetic sample when none are given."""
    synthetic = not paths
    files = [Path(p) for p in paths] if paths else resources.sample_data_files()
    key = cache.key_for(files, config.files.values())
    table = cache.load(key)
    if table is None:
        table = validate_tables(read_results(files), config.catalogus, gebieden)
        cache.store(key, table)
    return Dataset(table, files, synthetic, key)


def load_dataset_lenient(paths: list[Path] | None, config: Config, gebieden: Gebieden
                         ) -> tuple[Dataset, dict[str, str]]:
    """For unattended runs: validate file by file. A broken file does not stop the run; the NIS codes
    it names get its error, so only their outputs fail. A file that cannot be read at all, or a broken
    file with reference areas in it, still stops the run: nothing can be compared without them."""
    from .errors import ThuisError
    from .load import read_file
    from .validate import normalise_nis

    synthetic = not paths
    files = [Path(p) for p in paths] if paths else resources.sample_data_files()
    key = cache.key_for(files, config.files.values(), "los")  # the whole set, when every file is valid
    table = cache.load(key)
    if table is not None:
        return Dataset(table, files, synthetic, key), {}
    good, broken = [], {}
    for path in files:
        raw = None

        def compute(path=path):
            nonlocal raw
            raw = read_file(path)
            return validate_tables([raw], config.catalogus, gebieden)

        try:
            good.append(cache.validated([path], config.files.values(), compute))
        except ThuisError as exc:
            if raw is None:
                raise  # unreadable: the plan cannot run
            codes = {normalise_nis(str(v)) for v in raw.frame.get("nis", [])}
            if codes & set(gebieden.references) or not codes:
                raise
            message = str(exc).splitlines()
            short = message[0] + (" " + message[1].strip() if len(message) > 1 else "")
            for code in codes:
                broken[code] = short
    if not good:
        raise InputError("Geen enkel gegevensbestand is bruikbaar.")
    import pandas as pd_

    from .validate import KEY, compact

    table = compact(pd_.concat([t.astype({c: str for c in KEY}) for t in good], ignore_index=True))

    dupes = table[table.duplicated(KEY, keep=False)]
    if not dupes.empty:
        raise InputError("Dezelfde resultaten staan in meer dan één bestand (bv. nis "
                         f"{dupes.iloc[0]['nis']}, indicator {dupes.iloc[0]['indicator']}).")
    if broken:
        return Dataset(table, files, synthetic), broken
    cache.store(key, table)
    return Dataset(table, files, synthetic, key), broken


def load_gebieden(config: Config) -> Gebieden:
    return Gebieden.load(config.files["gemeenten.csv"], config.files.get("buren.csv"))

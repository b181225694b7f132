"""A cache of validated result tables, so a second command on the same files skips parsing and checks.

The key is a hash of everything the validated table depends on: each input file's name and content
(not its size or modification time), the contents of the configuration files, the code that reads and
checks the data, and the versions of thuis, pandas and numpy. A table is stored as plain column
arrays in a NumPy `.npz` file (categories and their codes, numbers as numbers) and loaded with
`allow_pickle=False`: no arbitrary objects are ever unpickled. A file that cannot be read back is
ignored and written again. It lives beside the chart cache: $THUIS_CACHE/gegevens, else
$XDG_CACHE_HOME/thuis/gegevens or ~/.cache/thuis/gegevens; THUIS_CACHE=uit switches it off.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:  # pandas and numpy are imported only where a table is read or written, so a caller
    import pandas as pd  # can compute a key (e.g. to see that nothing changed) without importing them

FORMAT = "1"
KEEP = 24  # newest tables kept; older ones are removed when a new one is written
_CODE = ("cache.py", "load.py", "validate.py", "config.py", "config_fields.py", "config_catalogue.py",
         "config_departments.py", "config_settings.py", "config_residents.py", "gebieden.py")
_SAVEZ_OWN = frozenset(("file", "allow_pickle"))  # np.savez's own parameters, never array names


def cache_root() -> Path | None:
    """The folder all of thuis's caches live in (tables, charts, compiled templates): $THUIS_CACHE,
    else $XDG_CACHE_HOME/thuis or ~/.cache/thuis; None when THUIS_CACHE=uit (or off, 0)."""
    setting = os.environ.get("THUIS_CACHE")
    if setting in ("uit", "off", "0"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "thuis"


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    from .resources import installed_version as version

    digest = hashlib.sha256(f"{FORMAT} {__version__} {version('pandas')} {version('numpy')}".encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    return digest.digest()


def table_key(files: Iterable[Path], config_files: Iterable[Path], kind: str = "tabel") -> str:
    """A hash of the input files' names and contents, the configuration and the validating code."""
    digest = hashlib.sha256(_code_digest() + kind.encode())
    for path in sorted(Path(p) for p in config_files):
        digest.update(b"config\0" + path.name.encode() + b"\0" + path.read_bytes())
    for path in files:
        digest.update(b"data\0" + str(path).encode() + b"\0")
        with open(path, "rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


def key_for(files: Iterable[Path], config_files: Iterable[Path], kind: str = "tabel") -> str | None:
    """The cache key of these files, or None when the cache is off or a file cannot be read (the
    reader then gives its own message)."""
    if cache_root() is None:
        return None
    try:
        return table_key(files, config_files, kind)
    except OSError:
        return None


def _path(key: str, suffix: str = "") -> Path:
    root = cache_root()
    assert root is not None, "every caller checks first that the cache is on"
    return root / "gegevens" / f"{key}{suffix}.npz"


def load(key: str | None) -> pd.DataFrame | None:
    return _read(_path(key)) if key and cache_root() is not None else None


def store(key: str | None, table: pd.DataFrame) -> None:
    if key and cache_root() is not None:
        _store(_path(key), table)


def validated(files: list[Path], config_files: Iterable[Path], compute) -> pd.DataFrame:
    """The validated table of these files: from the cache when it holds it, else `compute()` (which
    may raise; nothing is stored then), stored for next time."""
    key = key_for(files, config_files)
    table = load(key)
    if table is None:
        table = compute()
        store(key, table)
    return table


def load_fingerprints(key: str | None) -> dict[str, str] | None:
    """The per-area fingerprints of a cached table (see Dataset.fingerprints), when stored."""
    if not key or cache_root() is None:
        return None
    import numpy as np

    try:
        with np.load(_path(key, ".vingerafdrukken"), allow_pickle=False) as archive:
            return dict(zip(archive["nis"].tolist(), archive["hash"].tolist(), strict=True))
    except Exception:  # noqa: BLE001 - missing or damaged: computed again
        return None


def store_fingerprints(key: str | None, prints: dict[str, str]) -> None:
    if not key or cache_root() is None:
        return
    import numpy as np

    buffer = io.BytesIO()
    np.savez(buffer, nis=np.array(list(prints), dtype=str), hash=np.array(list(prints.values()), dtype=str))
    try:
        from .write import atomic_write

        atomic_write(_path(key, ".vingerafdrukken"), buffer.getvalue())
    except OSError:
        pass


def _read(path: Path) -> pd.DataFrame | None:
    import numpy as np
    import pandas as pd

    try:
        with np.load(path, allow_pickle=False) as archive:
            columns = [str(c) for c in archive["__columns__"]]
            data = {}
            for column in columns:
                if f"{column}.codes" in archive:
                    categories = pd.Index(archive[f"{column}.categories"])
                    data[column] = pd.Categorical.from_codes(archive[f"{column}.codes"], categories=categories)
                else:
                    data[column] = archive[column]
        table = pd.DataFrame(data, columns=columns)
        os.utime(path)  # most recently used: kept longest
        return table
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged or foreign file is a cache miss, never an error
        return None


def _store(path: Path, table: pd.DataFrame) -> None:
    import numpy as np
    import pandas as pd

    if not isinstance(table.index, pd.RangeIndex) or table.index.start != 0 or table.index.step != 1:
        return
    arrays: dict[str, np.ndarray] = {"__columns__": np.array([str(c) for c in table.columns])}
    for column in table.columns:
        values = table[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            if values.cat.ordered or not all(isinstance(c, str) for c in values.cat.categories):
                return  # only what the validator makes: unordered text categories
            arrays[f"{column}.categories"] = np.array(values.cat.categories.tolist(), dtype=str)
            arrays[f"{column}.codes"] = values.cat.codes.to_numpy()
        elif values.dtype.kind in "fiub":
            arrays[column] = values.to_numpy()
        else:
            return  # a column type this format does not keep exactly: do not cache
    if _SAVEZ_OWN & arrays.keys():
        return  # a column named like a parameter of savez would be taken for it, not stored
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]  # no key is "allow_pickle" (checked above)
    try:
        from .write import atomic_write

        atomic_write(path, buffer.getvalue())
        _prune(path.parent)
    except OSError:
        pass  # a read-only or full disk only costs speed


def _prune(folder: Path) -> None:
    entries = sorted((p for p in folder.glob("*.npz") if ".vingerafdrukken" not in p.name),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        for path in (old, old.with_name(old.stem + ".vingerafdrukken.npz")):
            try:
                path.unlink()
            except OSError:
                pass

"""Where the built-in templates, config and sample data live, installed or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def builtin_dir(name: str) -> Path:
    """`templates`, `config` or `sample_data`: inside the wheel, else the checkout's top level."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parents[1] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"ingebouwde map '{name}' ontbreekt in de installatie van thuis")


def templates_dir() -> Path:
    return builtin_dir("templates")


def static_dir() -> Path:
    return templates_dir() / "static"


def fonts_dir() -> Path:
    return static_dir() / "fonts"


def config_dir() -> Path:
    return builtin_dir("config")


def sample_data_dir() -> Path:
    return builtin_dir("sample_data")


def sample_data_files() -> list[Path]:
    return sorted(sample_data_dir().glob("*.csv"))


def installed_version(package: str) -> str:
    """The installed version of an importable package (for cache keys), read from the name of its
    `.dist-info` folder beside it, as importlib.metadata finds it, without importing importlib.metadata
    (25 ms of a command's start) or the package itself. Falls back to importlib.metadata when the
    package is installed some other way (an egg, a zip)."""
    import os
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent.parent
        prefix = package.replace("-", "_") + "-"
        try:
            names = [e.name for e in os.scandir(folder) if e.name.startswith(prefix)]
        except OSError:
            names = []
        found = sorted(n[len(prefix):-len(".dist-info")] for n in names
                       if n.endswith(".dist-info") and n[len(prefix):len(prefix) + 1].isdigit())
        if len(found) == 1:
            return found[0]
    from importlib.metadata import version

    return version(package)

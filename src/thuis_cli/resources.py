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

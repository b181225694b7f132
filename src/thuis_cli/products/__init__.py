"""Products as units: each module declares what it makes; the CLI, the batch and the sinks treat every
product alike.

A product module defines a `PRODUCT` (see `base.Product`): its name, the key and typed spec of its
section in a batch plan, how it turns a plan section into targets, and `build()`, which returns a
`Document` (plain data: a context and the artifacts to render). A product never writes files and
never calls the statistics: it reads findings (`thuis_cli.findings`), renderers and sinks
(`thuis_cli.publish`) do the rest. Adding a product = one module here, its templates, and its name
in `MODULES`.
"""

from __future__ import annotations

from importlib import import_module

from .base import Document, Product, Target

MODULES = ("brief", "infografiek", "intervisie", "participatie")  # the order in which a plan lists them

_loaded: dict[str, Product] = {}


def all_products() -> list[Product]:
    for name in MODULES:
        if name not in _loaded:
            _loaded[name] = import_module(f"{__name__}.{name}").PRODUCT
    return [_loaded[name] for name in MODULES]


def get(name: str) -> Product:
    for product in all_products():
        if product.name == name:
            return product
    raise KeyError(name)


__all__ = ["Document", "Product", "Target", "all_products", "get"]

"""Products as units: each module declares what it makes; the CLI, the batch and the sinks treat every
product alike.

A product module defines `ABOUT` (see `base.About`: its place, its help texts, its PDF templates and
who receives it), `command` (its CLI command) and `PRODUCT` (see `base.Product`): its name, the key
and typed spec of its section in a batch plan, how it turns a plan section into targets, and
`build()`, which returns a `Document` (plain data: a context and the artifacts to render). A product
never writes files and never calls the statistics: it reads findings (`thuis_cli.findings`),
renderers and sinks (`thuis_cli.publish`) do the rest.

Adding a product = one module in this package and its templates: the registry finds every module
here (`names`), in the order their `ABOUT` declares. The CLI, the batch plan and its schema, the early
PDF workers, e-mail delivery and the README check all read it from here.
"""

from __future__ import annotations

import ast
import pkgutil
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from .base import About, Document, Product, Target

_NOT_PRODUCTS = {"base"}
_loaded: dict[str, Product] = {}


@cache
def names() -> tuple[str, ...]:
    """The product modules of this package (also a folder added to its `__path__`), in their order."""
    found = [m.name for m in pkgutil.iter_modules(__path__) if is_product(m.name)]
    return tuple(sorted(found, key=lambda name: (about(name).order, name)))


def is_product(name: str) -> bool:
    """Whether `name` (a word of a command line) names a product, without importing any."""
    return name.isidentifier() and not name.startswith("_") and name not in _NOT_PRODUCTS and \
        find_spec(f"{__name__}.{name}") is not None


@cache
def about(name: str) -> About:
    """A product's `ABOUT`, read from its module's source without importing the module (which loads
    pandas): `ABOUT = About(...)` with literal arguments, at the start of a line. Only that statement
    is parsed: this runs at the start of every command (the early PDF workers)."""
    spec = find_spec(f"{__name__}.{name}") if is_product(name) else None
    if spec is None or spec.origin is None:
        raise KeyError(name)
    with open(spec.origin, encoding="utf-8") as source:
        text = source.read()
    start = text.find("\nABOUT = About(")
    statement = _statement(text[start + 1:]) if start >= 0 else ""
    for node in ast.parse(statement, spec.origin).body:
        if (isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["ABOUT"]
                and isinstance(node.value, ast.Call)):
            try:
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.value.keywords if k.arg}
                args = [ast.literal_eval(a) for a in node.value.args]
            except ValueError:
                raise LookupError(f"{spec.origin}, line {node.lineno}: ABOUT = About(...) takes literal values "
                                  "only (it is read without importing the module)") from None
            if "pdf_templates" in kwargs:
                kwargs["pdf_templates"] = tuple(kwargs["pdf_templates"])
            return About(*args, **kwargs)
    raise LookupError(f"{spec.origin}: a product module declares ABOUT = About(...) (see products.base.About)")


def _statement(text: str) -> str:
    """The first statement of `text`: up to the line where its brackets close."""
    import io
    import tokenize

    depth = 0
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth == 0:
                return "\n".join(text.splitlines()[:token.end[0]])
    return text


def module(name: str):
    return import_module(f"{__name__}.{name}")


def all_products() -> list[Product]:
    for name in names():
        if name not in _loaded:
            _loaded[name] = module(name).PRODUCT
    return [_loaded[name] for name in names()]


def get(name: str) -> Product:
    if name in names():
        all_products()
        return _loaded[name]
    raise KeyError(name)


def forget() -> None:
    """Read the package again (a test that adds a product module)."""
    names.cache_clear()
    about.cache_clear()
    _loaded.clear()


__all__ = ["About", "Document", "Product", "Target", "about", "all_products", "forget", "get", "module", "names"]

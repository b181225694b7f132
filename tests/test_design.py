"""The layers hold: products above findings, findings above statistics; batch and plan know no product.

    cli -> batch/plan -> products (registry) -> findings -> compute/stats
                      -> publish (renderers, sinks)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from thuis_cli.products import all_products, names

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "thuis_cli"
PRODUCT_FILES = sorted((PACKAGE / "products").glob("*.py"))


def imports(path: Path) -> set[str]:
    """Every module and name a file imports, relative imports resolved to the package ('stats',
    'compute.compare', 'findings.AreaFindings', ...)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            module = (node.module or "").removeprefix("thuis_cli.")
            found.add(module)
            found.update(f"{module}.{alias.name}" if module else alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name.removeprefix("thuis_cli.") for alias in node.names)
    return found


@pytest.mark.parametrize("path", PRODUCT_FILES, ids=lambda p: p.name)
def test_no_product_calls_the_statistics(path):
    names = imports(path)
    assert "stats" not in names and not any(n.endswith(".stats") or n == "stats" for n in names)
    assert not {"compute.compare_with_rest", "compute.group_vs_rest", "compute.headlines"} & names


@pytest.mark.parametrize("name", ["findings.py", "compute.py", "stats.py"])
def test_findings_and_statistics_never_reach_up_to_products_or_publishing(name):
    names = imports(PACKAGE / name)
    assert not any(n.startswith(("products", "publish", "batch", "cli")) for n in names), names


def test_stats_depends_on_nothing_of_thuis():
    assert not any(n.startswith((".", "compute", "findings", "config")) for n in imports(PACKAGE / "stats.py"))


@pytest.mark.parametrize("name", ["batch.py", "plan.py", "publish/render.py", "publish/folder.py", "cli.py",
                                  "workers.py", "commands.py", "bezorging/documenten.py",
                                  "bezorging/planning.py", "bezorging/__init__.py"])
def test_batch_plan_cli_workers_delivery_and_publishing_name_no_product(name):
    """They read the registry: a new product needs no edit of theirs, and none of them skips it."""
    text = (PACKAGE / name).read_text()
    for product in names():
        assert f'"{product}"' not in text and f"'{product}'" not in text and f".{product} " not in text, product


def test_every_registered_product_declares_what_the_batch_needs():
    for product in all_products():
        assert product.name and product.plan_key and product.expected_seconds > 0
        assert hasattr(product.Spec, "model_validate")
        assert callable(product.targets) and callable(product.build) and callable(product.target)


def test_one_definition_per_concept():
    """No two modules define a class of the same name: one Document (a product's result; the e-mail
    sink reads a ManifestEntry), one comparison group (config's Vergelijkingsgroep are the settings,
    findings' ComparisonGroup the area built from them), one Outcome of a batch job."""
    defined: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                defined.setdefault(node.name, []).append(str(path.relative_to(PACKAGE)))
    assert {name: where for name, where in defined.items() if len(where) > 1} == {}


def test_the_workspace_has_one_name_in_the_code():
    """`ws` everywhere (it was also `session`, the word an intervision uses for its meeting)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.arg):
                assert node.arg != "session", (path.name, node.lineno)

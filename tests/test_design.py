"""The layers hold: products above findings, findings above statistics; batch and plan know no product.

    cli -> batch/plan -> products (registry) -> findings -> compute/stats
                      -> publish (renderers, sinks)
"""

from __future__ import annotations

import ast
import re
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
    # compute's records may be imported by name, none of its functions, and not the module itself
    assert {n for n in names if n.startswith("compute.")} <= {"compute.Cijfer", "compute.Comparison", "compute.NAN"}
    source = path.read_text(encoding="utf-8")
    assert "import compute" not in source and not re.search(r"from \.\. import [^\n]*\bcompute\b", source)


@pytest.mark.parametrize("name", ["findings.py", "peer_findings.py", "comparison_groups.py", "compute.py",
                                  "stats.py"])
def test_findings_and_statistics_never_reach_up_to_products_or_publishing(name):
    names = imports(PACKAGE / name)
    assert not any(n.startswith(("products", "publish", "batch", "cli")) for n in names), names


def test_stats_depends_on_nothing_of_thuis():
    assert not any(n.startswith((".", "compute", "findings", "config")) for n in imports(PACKAGE / "stats.py"))


@pytest.mark.parametrize("name", ["batch.py", "batch_planning.py", "batch_output.py", "batch_report.py", "plan.py",
                                  "publish/render.py", "publish/folder.py", "cli.py", "workers.py", "commands.py",
                                  "bezorging/documenten.py", "bezorging/planning.py", "bezorging/__init__.py"])
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
    comparison_groups' ComparisonGroup the area built from them), one Outcome of a batch job."""
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


def _declared_fields(node: ast.ClassDef) -> set[str]:
    return {stmt.target.id for stmt in node.body
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)}


def test_one_record_of_a_comparison():
    """A comparison's statistics (its p- and q-value, standard error, what the samples could have
    shown) are declared once, by `compute.Comparison`: findings judge it in a family with
    `dataclasses.replace`, and a finding, a pair of municipalities and a change since 2020 hold one
    instead of copying its numbers (there were three records of one concept, and a pair's `p_value`
    held a q-value)."""
    numbers = {"p_value", "q_value", "se", "detectable"}  # a document's row may carry a printed diff
    declaring = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and (found := _declared_fields(node) & numbers):
                declaring[f"{path.relative_to(PACKAGE)}:{node.name}"] = found
    assert declaring == {"compute.py:Comparison": numbers}


def test_a_finding_a_pair_and_a_change_read_their_numbers_from_the_comparison_they_hold():
    from thuis_cli.bevraging.verandering import Verandering
    from thuis_cli.compute import Cijfer, Comparison
    from thuis_cli.findings import Finding
    from thuis_cli.peer_findings import PairFinding
    from thuis_cli.gebieden import Gebied

    own = Cijfer("i", "totaal", 60, 100, 0.6, 0.5, 0.7, False)
    shown = Cijfer("i", "totaal", 40, 100, 0.4, 0.3, 0.5, False)
    cmp = Comparison(0.2, 0.001, True, True, own, shown, 0.05, 0.004, 0.07)
    a, b = Gebied("1", "A", "gemeente", "10000"), Gebied("2", "B", "gemeente", "10000")
    finding = Finding("verschil", "r", "i", a, own, 20.0, comparison=cmp, reference_area=b)
    assert (finding.reference, finding.diff, finding.p_value, finding.q_value, finding.direction) == (
        shown, 0.2, 0.001, 0.004, 1)
    assert finding.gap == cmp.gap()
    pair = PairFinding("i", a, b, cmp, 20.0)
    assert (pair.high_figure, pair.low_figure, pair.diff, pair.q_value) == (own, shown, 0.2, 0.004)
    change = Verandering("i", "label", cmp)
    assert (change.nu, change.voor, change.diff, change.q_value, change.betekenisvol, change.vergelijkbaar,
            change.kleiner_dan, change.richting) == (own, shown, 0.2, 0.004, True, True, 0.05, 1)

"""A product is one module and its templates (docs/ontwerp.md): the registry finds it, and the CLI, the
batch plan and its schema, the early PDF workers and e-mail delivery all treat it like the others.
The recipe is tried with a small product written here, in a folder of the test's own."""

from __future__ import annotations

import inspect
import json
import textwrap

import pytest

from thuis_cli import products
from thuis_cli.products.base import About, Product

from clirunner import thuis


@pytest.mark.parametrize("name", products.names())
def test_each_product_implements_the_protocol(name):
    module = products.module(name)
    product = module.PRODUCT
    assert product.name == name
    assert isinstance(product.plan_key, str) and product.plan_key
    assert hasattr(product.Spec, "model_validate") and product.expected_seconds > 0
    for member in ("targets", "target", "build", "load"):
        assert callable(getattr(product, member)), member
    for member in ("targets", "build"):
        wanted = list(inspect.signature(getattr(Product, member)).parameters)[1:]
        assert list(inspect.signature(getattr(product, member)).parameters) == wanted, member
    assert callable(module.command)


@pytest.mark.parametrize("name", products.names())
def test_what_the_registry_reads_without_importing_a_product_is_what_it_declares(name):
    assert isinstance(products.module(name).ABOUT, About)
    assert products.about(name) == products.module(name).ABOUT


def test_products_come_in_their_declared_order():
    orders = [products.about(name).order for name in products.names()]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert set(products.names()) == {"brief", "infografiek", "intervisie", "participatie"}


EXTRA = '''
"""A pocket card per municipality: the smallest product, to try docs/ontwerp.md's recipe."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from thuis_cli.commands import ConfigOpt, DataOpt, GemeenteOpt, SjablonenOpt, UitOpt, make_documents
from thuis_cli.products.base import About, Artifact, Document, Target

ABOUT = About(order=90, help="Maak een zakkaart per gemeente.", plan_help="Zakkaarten; false: geen.",
              pdf_templates=("zakkaart.html",), several=False, recipients="zakkaart",
              recipients_help="Adressen voor de zakkaart.")


class ZakkaartSpec(BaseModel):
    """Welke zakkaarten."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kleur: str = "groen"
    """De kleur van de kaart."""


class Zakkaart:
    name: ClassVar[str] = "zakkaart"
    plan_key: ClassVar[str] = "zakkaarten"
    Spec: ClassVar[type[BaseModel]] = ZakkaartSpec
    expected_seconds: ClassVar[float] = 0.5

    def load(self) -> None:
        pass

    def target(self, gemeente) -> Target:
        return Target(self.name, f"zakkaart/{gemeente.slug}", (gemeente.nis,))

    def targets(self, ws, spec, municipalities, check) -> list[Target]:
        return [self.target(g) for g in municipalities]

    def build(self, ws, target, templates=None) -> Document:
        gebied = ws.gebieden.get(target.codes[0])
        return Document(target, (gebied.slug,), {"naam": gebied.naam},
                        [Artifact("zakkaart.pdf", "pdf", "zakkaart.html")], title=f"Zakkaart {gebied.naam}")


PRODUCT = Zakkaart()


def command(gemeente: GemeenteOpt = None, data: DataOpt = None, config: ConfigOpt = None, uit: UitOpt = None,
            sjablonen: SjablonenOpt = None) -> None:
    make_documents(PRODUCT, lambda ws: [PRODUCT.target(ws.municipality(gemeente))], data=data, config=config,
                   uit=uit, sjablonen=sjablonen)
'''


@pytest.fixture
def extra_product(tmp_path, monkeypatch):
    """The recipe: one module (in a folder added to the products package) and its template."""
    folder = tmp_path / "meer"
    folder.mkdir()
    (folder / "zakkaart.py").write_text(textwrap.dedent(EXTRA), encoding="utf-8")
    templates = tmp_path / "sjablonen"
    templates.mkdir()
    (templates / "zakkaart.html").write_text("<html lang='nl'><body><h1>{{ naam }}</h1></body></html>",
                                             encoding="utf-8")
    monkeypatch.setattr(products, "__path__", [*products.__path__, str(folder)])
    products.forget()
    yield templates
    products.forget()


def test_a_new_product_is_listed_and_built_by_its_own_command(extra_product, tmp_path):
    listed = thuis("--help")
    assert "zakkaart" in listed.stdout and "Maak een zakkaart per gemeente." in listed.stdout
    made = thuis("zakkaart", "--gemeente", "leuven", "--uit", tmp_path / "uit", "--sjablonen", extra_product)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "uit" / "leuven" / "zakkaart.pdf").read_bytes().startswith(b"%PDF")


def test_a_new_product_gets_early_pdf_workers_with_its_templates(extra_product):
    from thuis_cli import workers

    assert workers.pdf_templates_for("zakkaart") == ("zakkaart.html",)
    assert workers.pdf_jobs_for(["zakkaart", "--gemeente", "leuven"]) == workers.pdf_jobs(False)


def test_a_new_product_has_a_plan_section_with_its_schema_description(extra_product, tmp_path):
    from thuis_cli.plan import plan_model, read_plan

    schema = plan_model().model_json_schema()
    assert schema["properties"]["zakkaarten"]["description"] == "Zakkaarten; false: geen."
    plan = tmp_path / "plan.yaml"
    plan.write_text("gemeenten: [leuven]\nbriefs: false\ninfografiek: false\nintervisie: false\n"
                    "participatie: false\nzakkaarten:\n  kleur: blauw\n", encoding="utf-8")
    assert read_plan(plan).sections["zakkaart"].kleur == "blauw"


def test_a_new_product_is_made_by_a_batch_and_delivered_to_its_own_recipients(extra_product, tmp_path, config,
                                                                              gebieden):
    from thuis_cli.bezorging import documents_from_manifest, parse_recipients, plan_deliveries
    from thuis_cli.bezorging.planning import Ledger

    plan = tmp_path / "plan.yaml"
    plan.write_text(f"gemeenten: [leuven]\nsjablonen: {extra_product}\nuit: {tmp_path / 'uit'}\nbriefs: false\n"
                    "infografiek: false\nintervisie: false\nparticipatie: false\nzakkaarten: {}\n", encoding="utf-8")
    built = thuis("batch", plan, "--jobs", "1")
    assert built.returncode == 0, built.stdout + built.stderr
    entry = json.loads((tmp_path / "uit" / ".thuis-manifest.json").read_text())["uitvoer"]["zakkaart/leuven"]
    assert entry["product"] == "zakkaart" and entry["gemeenten"][0]["slug"] == "leuven"

    recipients = parse_recipients({"smtp": {"host": "localhost", "modus": "plain"}, "afzender": "a@example.org",
                                   "gemeenten": {"leuven": {"zakkaart": "kaart@example.org"}}},
                                  "ontvangers.yaml", "", tmp_path, config, gebieden)
    documents = documents_from_manifest(tmp_path / "uit")
    assert [d.product for d in documents] == ["zakkaart"]
    deliveries = plan_deliveries(documents, recipients, Ledger(tmp_path / "register.json", {}))
    assert [(d.recipient, d.reason) for d in deliveries] == [("kaart@example.org", "nieuw")]


def test_ontvangers_schema_has_a_key_for_a_new_product(extra_product):
    from thuis_cli.bezorging.ontvangers import bezorging_model

    schema = bezorging_model().model_json_schema()
    entry = schema["$defs"]["GemeenteOntvangers"]["properties"]
    assert entry["zakkaart"]["description"] == "Adressen voor de zakkaart."

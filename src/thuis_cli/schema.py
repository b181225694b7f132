"""JSON Schemas (draft-07) for every YAML file a user edits, generated from the pydantic models.

Editors that speak the YAML language server (VS Code, IntelliJ, vim/neovim with a plugin) complete and
check a file that starts with `# yaml-language-server: $schema=schemas/diensten.schema.json`. The
descriptions are the models' Dutch docstrings. The built-in schemas live in `config/schemas/`, next to
the built-in YAML files; `thuis schema --uit MAP` writes them for an own config folder, and a test fails
when they differ from what the models generate.

A new YAML file gets its schema with one line in SCHEMAS: file stem -> "module:Model".
"""

from __future__ import annotations

import ast
import copy
import importlib
import inspect
import json
import textwrap
from pathlib import Path

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_FOLDER = "schemas"

SCHEMAS: dict[str, str] = {
    "indicatoren": "thuis_cli.config_catalogue:Catalogus",
    "diensten": "thuis_cli.config_departments:Diensten",
    "instellingen": "thuis_cli.config_settings:Instellingen",
    "infografiek": "thuis_cli.config_residents:Infografiek",
    "plannen": "thuis_cli.config_residents:Plannen",
    "batchplan": "thuis_cli.plan:plan_model",  # built from the product registry
    "thuis": "thuis_cli.project:Project",
    "ontvangers": "thuis_cli.bezorging.ontvangers:bezorging_model",  # built from the product registry
    "bevraging": "thuis_cli.bevraging.mapping:Koppeling",
}

# Dutch descriptions for models whose module does not carry them (yet).
_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "BatchPlan": {
        "": "Een plan voor 'thuis batch': wat gemaakt wordt voor welke gemeenten. Paden zijn relatief aan het "
            "bestand waarin ze staan.",
        "data": "De resultatenbestanden (.csv, .xlsx of .ods).",
        "bevraging": "Een eigen vervolgbevraging: antwoorden, koppeling en marges (zie docs/bevraging.md).",
        "config": "Eigen configuratiemap.",
        "sjablonen": "Eigen sjablonenmap.",
        "uit": "Uitvoermap.",
        "gemeenten": "'alle' (elke gemeente in de gegevens) of een lijst gemeenten (naam, slug of NIS-code).",
        "bezorging": "Bezorging per e-mail na de bouw: true (ontvangers.yaml in de configuratiemap) of de "
                     "inhoud van een ontvangersbestand.",
    },
    "BriefSpec": {"": "Welke briefings.", "diensten": "'alle' of een lijst diensten."},
    "InfografiekSpec": {"": "Welke infografieken.", "max": "Hoogstens zoveel boodschappen (1 tot 12)."},
    "IntervisieSpec": {"": "Welke intervisiewerkboeken.", "groepen": "Groepen van 2 tot 6 gemeenten.",
                       "buren": "Een gemeente met haar buurgemeenten.",
                       "duur": "Duur van elke sessie in minuten (60 tot 480; standaard 120)."},
    "ParticipatieSpec": {"": "Welke participatiebestanden.", "platform": "decidim, govocal, csv of alle.",
                         "verzameling": "Een verzameling van 'thuis verzamel' waarvan de acties voorstellen worden."},
    "BurenSpec": {"": "Een gemeente met haar buurgemeenten.", "gemeente": "De gemeente.",
                  "ook_onzeker": "Ook buren die maar in een punt of over een korte grens raken.",
                  "max": "Hoogstens zoveel gemeenten (2 tot 6)."},
}


def model_for(name: str):
    module, _, attribute = SCHEMAS[name].partition(":")
    found = getattr(importlib.import_module(module), attribute)
    return found if isinstance(found, type) else found()  # a factory builds the model


def _draft_07(node):
    """pydantic writes draft 2020-12: `$defs` and `prefixItems` become `definitions` and `items: [...]`."""
    if isinstance(node, list):
        return [_draft_07(x) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and len(node) > 1:  # draft-07 ignores every keyword beside $ref
        rest = {k: v for k, v in node.items() if k != "$ref"}
        node = {"allOf": [{"$ref": node["$ref"]}], **rest}
    out = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = _draft_07(value)
        elif key == "prefixItems":
            out["items"] = _draft_07(value)
            out["additionalItems"] = False
        elif key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/$defs/", "#/definitions/")
        else:
            out[key] = _draft_07(value)
    return out


def _describe(schema: dict) -> None:
    definitions = schema.get("definitions", {})
    for model, texts in _DESCRIPTIONS.items():
        targets = [d for name, d in definitions.items() if name == model]
        if schema.get("title") == model:
            targets.append(schema)
        for target in targets:
            for key, text in texts.items():
                if key == "":
                    target.setdefault("description", text)
                elif key in target.get("properties", {}):
                    target["properties"][key].setdefault("description", text)


def field_docstrings(model) -> dict[str, str]:
    """The docstring under each field of a model class and of its bases, by field name: what pydantic's
    `use_attribute_docstrings` reads at class creation. Read here, when a schema is made, and not at
    every start (reading the source of 30 classes cost every command 30-40 ms)."""
    from pydantic import BaseModel

    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if not issubclass(klass, BaseModel) or klass.__module__.startswith("pydantic"):
            continue
        try:
            node = ast.parse(textwrap.dedent(inspect.getsource(klass))).body[0]
        except (OSError, TypeError, IndexError, AttributeError):
            continue  # a model made by create_model has no source: _DESCRIPTIONS serves it
        if not isinstance(node, ast.ClassDef):
            continue
        body = node.body
        for field, text in zip(body, body[1:]):
            if (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)
                    and isinstance(text, ast.Expr) and isinstance(text.value, ast.Constant)
                    and isinstance(text.value.value, str)):
                docs[field.target.id] = inspect.cleandoc(text.value.value)
    return docs


def _describe_fields(schema: dict, root) -> None:
    """Each field's docstring as its description, placed as pydantic places it (keys sorted)."""
    definitions = schema.get("$defs", {})
    from .config import reachable_models

    for model in reachable_models(root):
        target = schema if model is root else definitions.get(model.__name__)
        if target is None:
            continue
        docs = field_docstrings(model)
        properties = target.get("properties", {})
        for name, info in model.model_fields.items():
            key = info.alias or name
            if name in docs and key in properties and "description" not in properties[key]:
                properties[key] = dict(sorted({**properties[key], "description": docs[name]}.items()))


def generate(name: str) -> dict:
    """The draft-07 schema of one YAML file."""
    model = model_for(name)
    raw = model.model_json_schema(mode="validation")
    _describe_fields(raw, model)
    schema = _draft_07(raw)
    if name == "thuis":  # the batch section is a plan: check it like one
        plan = generate("batchplan")
        definitions = schema.setdefault("definitions", {})
        definitions.update(copy.deepcopy(plan.pop("definitions", {})))
        plan.pop("$schema", None)
        definitions["BatchPlan"] = plan
        batch = schema["properties"]["batch"]
        schema["properties"]["batch"] = {"anyOf": [{"$ref": "#/definitions/BatchPlan"}, {"type": "null"}],
                                         "default": None, "description": batch.get("description", "")}
    _describe(schema)
    return {"$schema": DRAFT_07, **schema}


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def render(name: str) -> str:
    return json.dumps(generate(name), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    from .write import atomic_write, safe_join

    return [atomic_write(safe_join(folder, file_name(name)), render(name).encode("utf-8")) for name in SCHEMAS]


def modeline(name: str) -> str:
    """The first line of a YAML file that tells an editor its schema (relative to the config folder)."""
    return f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{file_name(name)}"

"""JSON Schemas for every YAML file a user edits (issue 14, point 17): generated from the models,
shipped with the built-in config, and the built-in files pass them with a separate validator."""

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from thuis_cli import resources
from thuis_cli.cli import run
from thuis_cli.schema import DRAFT_07, SCHEMAS, file_name, generate, modeline, render

BUILTIN = {"indicatoren": "indicatoren.yaml", "diensten": "diensten.yaml", "instellingen": "instellingen.yaml",
           "infografiek": "infografiek.yaml", "plannen": "plannen.yaml", "batchplan": "batch-voorbeeld.yaml",
           "ontvangers": "ontvangers-voorbeeld.yaml"}
SHIPPED = resources.config_dir() / "schemas"


def as_json(data):
    """YAML dates are strings to an editor's validator."""
    if isinstance(data, dict):
        return {k: as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_the_shipped_schema_is_what_the_models_generate(name):
    shipped = SHIPPED / file_name(name)
    assert shipped.is_file(), f"run: thuis schema --uit {SHIPPED}"
    assert shipped.read_text(encoding="utf-8") == render(name), f"regenerate: thuis schema --uit {SHIPPED}"


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_schema_is_valid_draft_07_with_dutch_descriptions(name):
    schema = generate(name)
    assert schema["$schema"] == DRAFT_07 and "$defs" not in json.dumps(schema)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema.get("description")
    for prop, spec in schema["properties"].items():
        assert spec.get("description"), (name, prop)


@pytest.mark.parametrize("name,file", list(BUILTIN.items()))
def test_builtin_files_name_their_schema_and_pass_it(name, file):
    path = resources.config_dir() / file
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == modeline(name)
    schema_path = path.parent / text.splitlines()[0].split("$schema=")[1]
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(as_json(yaml.safe_load(text))))
    assert errors == [], [e.message for e in errors]


@pytest.mark.parametrize("name,bad", [
    ("diensten", {"signaalregels": {"x": {"soort": "verschill"}}, "diensten": {"a": {"naam": "A"}}}),
    ("instellingen", {"statistiek": {"min_nn": 30}}),
    ("thuis", {"gemeente": "leuven", "batch": {"gemeenten": "allen"}}),
    ("batchplan", {"infografiek": {"maxx": 3}}),
])
def test_the_schemas_catch_what_the_models_refuse(name, bad):
    assert list(jsonschema.Draft7Validator(generate(name)).iter_errors(bad))


def test_the_ontvangers_schema_takes_one_address_or_a_list_as_thuis_does():
    schema = generate("ontvangers")
    gemeente = {"diensten": {"ruimte": "ruimte@leuven.be", "wonen": ["a@leuven.be", "b@leuven.be"]},
                "intervisie": "beleid@leuven.be"}
    good = {"smtp": {"host": "smtp.leuven.be"}, "afzender": "wonen@leuven.be", "gemeenten": {"leuven": gemeente}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(good)) == []
    empty = {**good, "gemeenten": {"leuven": {"diensten": {"ruimte": []}}}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(empty))


def test_thuis_schema_writes_every_schema(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        run(["schema", "--uit", str(tmp_path / "s")])
    assert info.value.code == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(file_name(n) for n in SCHEMAS)
    assert "yaml-language-server" in capsys.readouterr().out


def test_a_new_yaml_model_needs_one_line(monkeypatch):
    monkeypatch.setitem(SCHEMAS, "extra", "thuis_cli.config_settings:Oogopslag")
    assert generate("extra")["properties"]["max"]["description"] == "Hoogstens zoveel punten."

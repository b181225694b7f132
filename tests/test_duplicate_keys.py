"""A key given twice in any YAML file thuis reads is an error naming the file and both lines, never
'the last one wins' in silence."""

import pytest

from thuis_cli import resources
from thuis_cli.bezorging.ontvangers import read_recipients_file
from thuis_cli.config import load_config
from thuis_cli.errors import InputError
from thuis_cli.project import load_project
from thuis_cli.yamlio import read_yaml


def refused(load, path) -> str:
    with pytest.raises(InputError) as caught:
        load(path)
    return str(caught.value)


def test_a_second_municipality_block_in_ontvangers_yaml_is_refused(tmp_path, config, gebieden):
    path = tmp_path / "ontvangers.yaml"
    path.write_text("afzender: wonen@example.org\n"
                    "gemeenten:\n"
                    "  leuven:\n"
                    "    intervisie: a@example.org\n"
                    "  herent:\n"
                    "    intervisie: b@example.org\n"
                    "  leuven:\n"
                    "    infografiek: c@example.org\n", encoding="utf-8")
    message = refused(lambda p: read_recipients_file(p, config, gebieden), path)
    assert (f"{path}, regel 7: de sleutel 'leuven' staat twee keer in dezelfde sectie (regel 3 en regel 7)"
            in message)


def test_a_second_department_in_diensten_yaml_is_refused(tmp_path):
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "diensten.yaml").write_text(
        "diensten:\n"
        "  ruimte:\n"
        "    naam: Ruimtelijke ordening\n"
        "    indicatoren: [woningtype_gewenst]\n"
        "  ruimte:\n"
        "    naam: Ruimte\n"
        "    indicatoren: [kleiner_wonen]\n", encoding="utf-8")
    message = refused(load_config, folder)
    assert "diensten.yaml, regel 5: de sleutel 'ruimte' staat twee keer in dezelfde sectie (regel 2 en regel 5)" \
        in message


def test_two_gemeente_lines_in_thuis_yaml_are_refused(tmp_path):
    (tmp_path / "thuis.yaml").write_text("gemeente: leuven\nuit: briefings\ngemeente: herent\n")
    message = refused(load_project, tmp_path)
    assert "thuis.yaml, regel 3: de sleutel 'gemeente' staat twee keer in dezelfde sectie (regel 1 en regel 3)" \
        in message


@pytest.mark.parametrize("path", sorted(resources.config_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_the_same_key_in_different_sections_is_fine(path):
    assert read_yaml(path)  # every shipped file repeats keys such as 'naam', each in its own section

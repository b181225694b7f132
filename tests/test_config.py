"""Config: typed, validated at load time, every error with file and key path, overridable per file."""

import shutil
from pathlib import Path

import pytest
import yaml

from thuis_cli import resources
from thuis_cli.config import load_config
from thuis_cli.errors import InputError
from thuis_cli import rules


def user_config(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def errors(folder: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_config(folder)
    return [str(p) for p in info.value.problems]


def builtin(name: str) -> dict:
    return yaml.safe_load((resources.config_dir() / name).read_text(encoding="utf-8"))


def test_builtin_config_is_complete(config):
    assert len(config.catalogus.indicatoren) >= 18
    themes = {i.thema for i in config.catalogus.indicatoren}
    assert {"minder-ruimte", "delen", "nabijheid", "profiel"} <= themes
    assert len(config.diensten.diensten) >= 8
    assert rules.unmapped_indicators(config) == []
    for ind in config.catalogus.indicatoren:
        assert ind.kern and ind.kernlabel and ind.vraag
        if ind.thema != "profiel":
            assert ind.zin_inwoners
    for dienst in config.diensten.diensten.values():
        assert dienst.instrumenten and dienst.vragen and dienst.tips


def test_departments_select_by_id_theme_and_pattern(tmp_path, config):
    data = builtin("diensten.yaml")
    data["diensten"]["test"] = {"naam": "Test", "themas": ["delen"], "patronen": ["meer_*"]}
    cfg = load_config(user_config(tmp_path, "diensten.yaml", yaml.safe_dump(data, allow_unicode=True)))
    ids = [i.id for i in rules.indicators_for(cfg, "test")]
    assert "meer_groen" in ids and "tuin_delen" in ids and "autodelen" in ids
    assert all(i.thema in ("delen", "nabijheid") for i in rules.indicators_for(cfg, "test"))


def test_unknown_indicator_reference_names_key_path_and_suggests(tmp_path):
    data = builtin("diensten.yaml")
    data["diensten"]["ruimte"]["indicatoren"][3] = "kleiner_wonn"
    msgs = errors(user_config(tmp_path, "diensten.yaml", yaml.safe_dump(data, allow_unicode=True)))
    assert any("diensten.yaml: diensten.ruimte.indicatoren[3]: onbekende indicator 'kleiner_wonn'" in m
               and "'kleiner_wonen'" in m for m in msgs)


def test_a_core_indicator_outside_the_department_is_an_error_with_suggestion(tmp_path):
    """'kern' ranks page 1 by what is central to the department: only among the department's own indicators."""
    data = builtin("diensten.yaml")
    data["diensten"]["wonen"]["kern"] = ["zorgwonen", "zorgwone", "rustig_levendig"]
    msgs = errors(user_config(tmp_path, "diensten.yaml", yaml.safe_dump(data, allow_unicode=True)))
    assert any("diensten.wonen.kern[1]: 'zorgwone' is geen indicator van deze dienst" in m and "'zorgwonen'" in m
               for m in msgs)
    assert any("diensten.wonen.kern[2]: 'rustig_levendig' is geen indicator van deze dienst" in m for m in msgs)
    assert not any("kern[0]" in m for m in msgs)


def test_a_moment_may_name_the_planning_year_and_nothing_else(tmp_path):
    data = builtin("diensten.yaml")
    data["diensten"]["wonen"]["acties"][0]["moment"] = "in het werkplan van {jaar}"
    data["diensten"]["wonen"]["acties"][1]["moment"] = "in het werkplan van {jaartal}"
    msgs = errors(user_config(tmp_path, "diensten.yaml", yaml.safe_dump(data, allow_unicode=True)))
    assert any("diensten.wonen.acties[1].moment: alleen {jaar} kan in een moment" in m and "{jaartal}" in m
               for m in msgs)
    assert not any("acties[0].moment" in m for m in msgs)


def test_unknown_key_is_an_error_with_suggestion(tmp_path):
    data = builtin("diensten.yaml")
    data["diensten"]["wonen"]["instrumneten"] = []
    msgs = errors(user_config(tmp_path, "diensten.yaml", yaml.safe_dump(data, allow_unicode=True)))
    assert any("diensten.wonen: onbekende sleutel 'instrumneten'" in m and "'instrumenten'" in m for m in msgs)


def test_all_errors_are_reported_at_once_across_files(tmp_path):
    folder = user_config(tmp_path, "instellingen.yaml", "statistiek:\n  min_n: nul\n  alfa: 0.7\n")
    data = builtin("diensten.yaml")
    data["signaalregels"]["verschil-vlaanderen"]["soort"] = "anders"
    user_config(tmp_path, "diensten.yaml", yaml.safe_dump(data, allow_unicode=True))
    msgs = errors(folder)
    assert any("statistiek.min_n: moet een getal zijn" in m for m in msgs)
    assert any("statistiek.alfa: is te groot" in m for m in msgs)
    assert any("signaalregels.verschil-vlaanderen.soort: is geen toegelaten waarde" in m for m in msgs)


def test_catalogue_errors(tmp_path):
    data = builtin("indicatoren.yaml")
    data["indicatoren"][0]["kern"] = ["rijwonng"]
    data["indicatoren"][1]["thema"] = "groen"
    msgs = errors(user_config(tmp_path, "indicatoren.yaml", yaml.safe_dump(data, allow_unicode=True)))
    assert any("indicatoren[0]" in m and "kern verwijst naar onbekend antwoord 'rijwonng'" in m for m in msgs)


def test_yaml_syntax_error_names_the_line(tmp_path):
    msgs = errors(user_config(tmp_path, "instellingen.yaml", "statistiek:\n  min_n: 30\n   alfa: [\n"))
    assert any("instellingen.yaml, regel 3, kolom 8: een ':' op een plaats waar geen sleutel kan staan" in m
               for m in msgs), msgs


@pytest.mark.parametrize("text,where", [("statistiek:\n\tmin_n: 30\n", "regel 2, kolom 1"),
                                        ("statistiek:\n  min_n: 30\n \talfa: 0.05\n", "regel 3, kolom 2")])
def test_a_tab_is_named_as_the_problem_with_line_and_column(tmp_path, text, where):
    msgs = errors(user_config(tmp_path, "instellingen.yaml", text))
    assert any(f"instellingen.yaml, {where}: een tab om in te springen" in m for m in msgs), msgs


@pytest.mark.parametrize("text,dutch", [
    ("a: b: c\n", "een ':' op een plaats waar geen sleutel kan staan"),
    ("a: [x\n", "een lijst tussen [ ] is niet goed afgesloten"),
    ("a: 'x\n", "eindigt midden in een tekst tussen aanhalingstekens"),
    ("- a\nb: 1\n", "hier verwacht thuis een lijstelement"),
])
def test_yaml_syntax_errors_are_dutch(tmp_path, text, dutch):
    msgs = errors(user_config(tmp_path, "instellingen.yaml", text))
    assert any(dutch in m for m in msgs), msgs
    assert not any(english in m for m in msgs for english in ("expected", "found", "allowed", "while"))


def test_python_tags_are_refused(tmp_path):
    msgs = errors(user_config(tmp_path, "instellingen.yaml",
                              "standaard_gemeente: !!python/object/apply:os.system ['echo x']\n"))
    assert any("onveilige YAML-tag" in m for m in msgs)


def test_aliases_are_refused(tmp_path):
    text = "a: &a [x, x]\nb: [*a, *a]\n"
    msgs = errors(user_config(tmp_path, "instellingen.yaml", text))
    assert any("verwijzingen (*alias) zijn niet toegelaten" in m for m in msgs)


def test_empty_config_file(tmp_path):
    with pytest.raises(InputError, match="is leeg"):
        load_config(user_config(tmp_path, "instellingen.yaml", "# niets\n"))


def test_user_folder_overrides_one_file_and_keeps_the_rest(tmp_path):
    folder = user_config(tmp_path, "instellingen.yaml", "statistiek:\n  min_n: 50\n")
    cfg = load_config(folder)
    assert cfg.instellingen.statistiek.min_n == 50
    assert cfg.files["instellingen.yaml"] == folder / "instellingen.yaml"
    assert cfg.files["indicatoren.yaml"].parent == resources.config_dir()


def test_a_municipality_can_describe_its_own_indicator_without_code(tmp_path):
    data = builtin("indicatoren.yaml")
    data["indicatoren"].append({
        "id": "fietsstraat", "label": "Wil een fietsstraat", "vraag": "Wilt u een fietsstraat?",
        "thema": "nabijheid", "soort": "enkelvoudig",
        "antwoorden": [{"id": "ja", "label": "Ja"}, {"id": "nee", "label": "Nee"}],
        "kern": ["ja"], "kernlabel": "wil een fietsstraat", "zin_inwoners": "willen een fietsstraat"})
    cfg = load_config(user_config(tmp_path, "indicatoren.yaml", yaml.safe_dump(data, allow_unicode=True)))
    assert rules.unmapped_indicators(cfg) == ["fietsstraat"]


def test_missing_config_folder(tmp_path):
    with pytest.raises(InputError, match="bestaat niet"):
        load_config(tmp_path / "nergens")


def test_config_folder_copy_of_builtins_is_valid(tmp_path):
    folder = tmp_path / "kopie"
    shutil.copytree(resources.config_dir(), folder)
    assert load_config(folder).diensten.diensten.keys() == load_config().diensten.diensten.keys()


# --- issue 14, points 5 and 10 ------------------------------------------------------------------

def test_patterns_work_in_indicatoren_as_the_comment_promises(tmp_path, config):
    assert "patroon zoals 'delen_*'" in (resources.config_dir() / "diensten.yaml").read_text(encoding="utf-8")
    data = builtin("diensten.yaml")
    data["diensten"]["mobiliteit"]["indicatoren"] = ["delen_*"]
    folder = user_config(tmp_path, "diensten.yaml", yaml.safe_dump(data, allow_unicode=True))
    chosen = [i.id for i in rules.indicators_for(load_config(folder), "mobiliteit")]
    assert chosen == [i.id for i in config.catalogus.indicatoren if i.id.startswith("delen_")]


def test_a_pattern_that_matches_nothing_and_an_unknown_id_hint_at_patterns(tmp_path):
    data = builtin("diensten.yaml")
    data["diensten"]["mobiliteit"]["indicatoren"] = ["delenx_*", "delen"]
    msgs = errors(user_config(tmp_path, "diensten.yaml", yaml.safe_dump(data, allow_unicode=True)))
    assert any("diensten.mobiliteit.indicatoren[0]: patroon 'delenx_*' past op geen enkele indicator" in m
               for m in msgs)
    assert any("diensten.mobiliteit.indicatoren[1]: onbekende indicator 'delen'" in m
               and "Een patroon kan ook: 'delen_*'" in m for m in msgs)


def test_a_misspelt_file_in_the_config_folder_is_named_with_the_closest_known_name(tmp_path, capsys):
    folder = user_config(tmp_path, "dienstn.yaml", "diensten: {}\n")
    (folder / "LEESMIJ.txt").write_text("notities")
    load_config(folder)
    err = capsys.readouterr().err
    assert "Let op:" in err and "dienstn.yaml: onbekend bestand" in err and "Bedoelde u 'diensten.yaml'?" in err
    assert "LEESMIJ" not in err


@pytest.mark.parametrize("key,value,meant", [("betrouwbaarheid", 95, "bv. 0,95 voor 95 % (bedoeld: 0,95?)"),
                                             ("alfa", 5, "bv. 0,05 voor 5 % (bedoeld: 0,05?)")])
def test_a_probability_given_as_a_percentage_says_so(tmp_path, key, value, meant):
    msgs = errors(user_config(tmp_path, "instellingen.yaml", f"statistiek:\n  {key}: {value}\n"))
    assert msgs == [f"{tmp_path / 'config' / 'instellingen.yaml'}: waarde '{value}': statistiek.{key}: is een "
                    f"percentage; geef een kans tussen 0 en 1, {meant}"]


def test_a_bound_says_what_the_value_must_be(tmp_path):
    msgs = errors(user_config(tmp_path, "instellingen.yaml", "statistiek:\n  betrouwbaarheid: 0.4\n"))
    assert msgs[0].endswith("statistiek.betrouwbaarheid: is te klein (moet groter zijn dan 0,5)")


def test_a_date_that_does_not_exist_is_located_in_dutch(tmp_path):
    with pytest.raises(InputError) as info:
        load_config(user_config(tmp_path, "instellingen.yaml", "gegevens:\n  peildatum: 2027-02-30\n"))
    assert [str(p).split("instellingen.yaml, ")[1] for p in info.value.problems] == [
        "regel 2, kolom 14: waarde '2027-02-30': deze datum bestaat niet"]
    assert "out of range" not in str(info.value)


# --- issue 27, item 6: a department without indicators stops the run ----------------------------

@pytest.mark.parametrize("spec", [{"indicatoren": []}, {"themas": ["profiel"]}])
def test_a_department_without_indicators_is_an_error_that_names_it(tmp_path, spec):
    data = builtin("diensten.yaml")
    data["diensten"]["cultuur"] = {"naam": "Cultuur", **spec}
    msgs = errors(user_config(tmp_path, "diensten.yaml", yaml.safe_dump(data, allow_unicode=True)))
    assert any("diensten.cultuur: de dienst 'Cultuur' heeft geen indicatoren" in m for m in msgs), msgs


def test_a_mistyped_only_indicator_is_named_once_not_also_as_no_indicators(tmp_path):
    data = builtin("diensten.yaml")
    data["diensten"]["cultuur"] = {"naam": "Cultuur", "indicatoren": ["kleiner_wonn"]}
    msgs = errors(user_config(tmp_path, "diensten.yaml", yaml.safe_dump(data, allow_unicode=True)))
    assert [m for m in msgs if "diensten.cultuur" in m] == [
        m for m in msgs if "diensten.cultuur.indicatoren[0]: onbekende indicator 'kleiner_wonn'" in m]

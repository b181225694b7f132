"""Areas: named by code, name or slug; 2025 mergers pool their 2020 parts."""

import pytest

from thuis_cli.data import load_dataset
from thuis_cli.errors import InputError
from thuis_cli.gebieden import slugify

from conftest import question, write_csv


def test_reference_data_is_complete(gebieden):
    assert len(gebieden.gemeenten) == 300
    assert sum(g.bevolking for g in gebieden.gemeenten.values()) == 6_629_143
    assert len({g.nis for g in gebieden.fusies.values()}) == 13  # the thirteen 2025 mergers
    assert set(gebieden.references) == {"02000", "10000", "20001", "30000", "40000", "70000"}


@pytest.mark.parametrize("name", ["24062", "Leuven", "leuven", "LEUVEN", " leuven "])
def test_resolve_by_code_name_or_slug(gebieden, name):
    assert gebieden.resolve(name).nis == "24062"


def test_resolve_is_accent_insensitive(gebieden):
    assert gebieden.resolve("sint-martens-latem").naam == "Sint-Martens-Latem"
    assert gebieden.resolve("Sint Martens Latem").nis == "44064"
    assert slugify("Évergem") == "evergem"


def test_unknown_name_gets_suggestions(gebieden):
    with pytest.raises(InputError) as info:
        gebieden.resolve("Lueven")
    assert "Onbekende gemeente 'Lueven'" in str(info.value) and "Leuven" in str(info.value)


def test_merged_municipality_of_2025(gebieden):
    merged = gebieden.resolve("Merelbeke-Melle")
    assert merged.soort == "fusiegemeente" and set(merged.onderdelen) == {"44040", "44043"}
    assert gebieden.province(merged).nis == "40000"


def test_neighbours_certain_and_uncertain(gebieden):
    certain = {g.naam for g in gebieden.neighbours("24062")}
    assert certain == {"Oud-Heverlee", "Herent", "Bertem", "Holsbeek", "Rotselaar", "Lubbeek", "Bierbeek"}
    assert "Haacht" in {g.naam for g in gebieden.neighbours("24062", include_uncertain=True)}


def test_pooling_into_merger_is_respondent_weighted(tmp_path, config, gebieden):
    rows = question("44043", "Merelbeke", "woningtype_gewenst", {"vrijstaand": 30, "appartement": 10})
    rows += question("44040", "Melle", "woningtype_gewenst", {"vrijstaand": 5, "appartement": 15})
    data = load_dataset([write_csv(tmp_path / "m.csv", rows)], config, gebieden)
    pooled = data.rows_for(gebieden.resolve("Merelbeke-Melle"))
    got = {r.antwoord: (r.aantal, r.n) for r in pooled.itertuples()}
    assert got == {"vrijstaand": (35, 60), "appartement": (25, 60)}  # 25/60, not the mean of 25 % and 75 %


def test_pooling_needs_every_part(tmp_path, config, gebieden):
    rows = question("44043", "Merelbeke", "woningtype_gewenst", {"vrijstaand": 30, "appartement": 10})
    data = load_dataset([write_csv(tmp_path / "m.csv", rows)], config, gebieden)
    with pytest.raises(InputError, match="44040"):
        data.rows_for(gebieden.resolve("Merelbeke-Melle"))

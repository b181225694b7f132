"""The bundled sample data: synthetic, reproducible, realistic in size and direction."""

import subprocess
import sys

import pytest

from thuis_cli import resources
from thuis_cli.data import load_dataset


@pytest.fixture(scope="module")
def sample(config, gebieden):
    return load_dataset(None, config, gebieden)


def test_every_sample_file_says_it_is_synthetic():
    files = resources.sample_data_files()
    assert len(files) >= 2 and all("synthetisch" in f.name for f in files)


def test_sample_covers_three_clusters_and_references(sample, gebieden):
    cluster = {n for a, b, _ in gebieden._buren for n in (a, b)}
    assert cluster <= sample.codes and len(cluster) >= 25
    assert {"02000", "10000", "20001", "30000", "40000", "70000"} <= sample.codes
    assert sample.synthetic


def test_respondent_numbers_follow_the_woontest(sample, config, gebieden):
    sizes = {nis: sample.respondents(gebieden.get(nis), config.catalogus)
             for nis in sample.codes if nis in gebieden.gemeenten}
    flanders = sample.respondents(gebieden.get("02000"), config.catalogus)
    assert 30_000 < flanders < 50_000  # about 39,000 people took part
    assert sizes["43018"] < sizes["44021"]  # proportional to population
    assert sizes["34043"] < 30  # Spiere-Helkijn: below the suppression threshold


def test_cities_want_more_apartments_and_fewer_cars(sample, config, gebieden):
    from thuis_cli.compute import headlines

    def share(nis, ind):
        t = headlines(sample.rows_for(gebieden.get(nis)), config.catalogus, config.instellingen.statistiek)
        return t.loc[(ind, "totaal"), "share"]

    for city, rural in (("44021", "44073"), ("24062", "24043")):  # Gent vs Wachtebeke, Leuven vs Holsbeek
        assert share(city, "woningtype_gewenst") > share(rural, "woningtype_gewenst")
        assert share(city, "vervoer_hoofd") > share(rural, "vervoer_hoofd")


def test_committed_sample_matches_the_generator(tmp_path):
    """The generator is reproducible: the committed files were made by an earlier run, on another machine,
    and this run makes the same bytes (which is also why a second run in this test would add nothing)."""
    script = resources.sample_data_dir().parent / "scripts" / "genereer_voorbeeldgegevens.py"
    if not script.exists():
        pytest.skip("installed without the repository's scripts")
    subprocess.run([sys.executable, str(script), "--uit", str(tmp_path)], check=True, capture_output=True)
    for committed in resources.sample_data_files():
        assert (tmp_path / committed.name).read_bytes() == committed.read_bytes()

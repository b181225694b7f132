"""A second command on the same files reads the validated table from the cache instead of parsing again."""

import dataclasses
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from thuis_cli import data as data_mod
from thuis_cli.data import load_dataset, load_dataset_lenient

from conftest import question, write_csv


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("THUIS_CACHE", str(folder))
    return folder


def rows(first: float, second: float):
    return (question("24062", "Leuven", "woningtype_gewenst",
                     {"vrijstaand": first, "halfopen": second, "rijwoning": 15, "appartement": 50, "andere": 5})
            + question("02000", "Vlaanderen", "woningtype_gewenst",
                       {"vrijstaand": 500, "halfopen": 220, "rijwoning": 110, "appartement": 150, "andere": 20}))


def leuven(table: pd.DataFrame, answer: str) -> float:
    row = table[(table["nis"] == "24062") & (table["antwoord"] == answer)]
    return float(row["aantal"].iloc[0])


def test_second_load_comes_from_the_cache_and_is_identical(tmp_path, cache, config, gebieden, monkeypatch):
    path = write_csv(tmp_path / "resultaten.csv", rows(20, 10))
    first = load_dataset([path], config, gebieden).table
    assert list((cache / "gegevens").glob("*.npz"))

    with monkeypatch.context() as patched:
        patched.setattr(data_mod, "read_results", lambda *a: pytest.fail("parsed again"))
        patched.setattr(data_mod, "validate_tables", lambda *a: pytest.fail("validated again"))
        second = load_dataset([path], config, gebieden).table
    pd.testing.assert_frame_equal(first, second, check_exact=True)
    assert list(second["nis"].cat.categories) == list(first["nis"].cat.categories)


def test_the_sample_data_round_trips_exactly(cache, config, gebieden):
    first = load_dataset(None, config, gebieden).table
    second = load_dataset(None, config, gebieden).table
    pd.testing.assert_frame_equal(first, second, check_exact=True)
    lenient_first, _ = load_dataset_lenient(None, config, gebieden)
    lenient_second, _ = load_dataset_lenient(None, config, gebieden)
    pd.testing.assert_frame_equal(lenient_first.table, lenient_second.table, check_exact=True)
    pd.testing.assert_frame_equal(lenient_second.table, first, check_exact=True)


def test_a_changed_file_with_the_same_size_and_time_is_read_again(tmp_path, cache, config, gebieden):
    path = write_csv(tmp_path / "resultaten.csv", rows(20, 10))
    stamp = path.stat()
    assert leuven(load_dataset([path], config, gebieden).table, "vrijstaand") == 20

    write_csv(path, rows(10, 20))  # two counts swapped: same size, same n
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert path.stat().st_size == stamp.st_size and path.stat().st_mtime_ns == stamp.st_mtime_ns

    table = load_dataset([path], config, gebieden).table
    assert leuven(table, "vrijstaand") == 10 and leuven(table, "halfopen") == 20


def test_a_changed_configuration_is_validated_again(tmp_path, cache, config, gebieden, monkeypatch):
    path = write_csv(tmp_path / "resultaten.csv", rows(20, 10))
    load_dataset([path], config, gebieden)
    extra = tmp_path / "extra.yaml"
    extra.write_text("a: 1\n")
    calls = []
    real = data_mod.validate_tables
    monkeypatch.setattr(data_mod, "validate_tables", lambda *a: calls.append(1) or real(*a))
    changed = dataclasses.replace(config, files={**config.files, "extra.yaml": extra})
    load_dataset([path], changed, gebieden)
    assert calls == [1]


def test_a_corrupt_cache_file_is_ignored_and_rewritten(tmp_path, cache, config, gebieden):
    path = write_csv(tmp_path / "resultaten.csv", rows(20, 10))
    expected = load_dataset([path], config, gebieden).table
    (stored,) = (cache / "gegevens").glob("*.npz")
    stored.write_bytes(b"PK\x03\x04 not a table at all")

    table = load_dataset([path], config, gebieden).table
    pd.testing.assert_frame_equal(table, expected, check_exact=True)
    with np.load(stored, allow_pickle=False) as archive:
        assert "__columns__" in archive


def test_cache_off_writes_nothing(tmp_path, config, gebieden, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("THUIS_CACHE", "uit")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg"))
    monkeypatch.setenv("HOME", str(home))
    path = write_csv(tmp_path / "resultaten.csv", rows(20, 10))
    before = sorted(p for p in tmp_path.rglob("*"))

    first = load_dataset([path], config, gebieden).table
    second, _ = load_dataset_lenient([path], config, gebieden)

    pd.testing.assert_frame_equal(first, second.table)
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not home.exists()


def test_an_invalid_file_is_not_cached(tmp_path, cache, config, gebieden):
    path = write_csv(tmp_path / "resultaten.csv", [["24062", "Leuven", "woningtype_gewenst", "vrijstaand",
                                                     "totaal", "veel", 10]])
    for _ in range(2):
        with pytest.raises(data_mod.InputError):
            load_dataset([path], config, gebieden)
    assert not list(Path(cache).rglob("*.npz"))


def test_unattended_runs_read_the_whole_set_and_its_fingerprints_from_the_cache(tmp_path, cache, config, gebieden,
                                                                                 monkeypatch):
    path = write_csv(tmp_path / "resultaten.csv", rows(20, 10))
    first, broken = load_dataset_lenient([path], config, gebieden)
    prints = first.fingerprints()
    assert broken == {} and prints

    with monkeypatch.context() as patched:
        patched.setattr(data_mod, "validate_tables", lambda *a: pytest.fail("validated again"))
        patched.setattr(data_mod.pd.util, "hash_pandas_object", lambda *a, **k: pytest.fail("hashed again"))
        second, broken = load_dataset_lenient([path], config, gebieden)
        assert second.fingerprints() == prints
    pd.testing.assert_frame_equal(first.table, second.table, check_exact=True)
    assert broken == {}


def test_a_set_with_a_broken_file_is_checked_again_every_run(tmp_path, cache, config, gebieden):
    good = write_csv(tmp_path / "goed.csv", rows(20, 10))
    bad = write_csv(tmp_path / "slecht.csv", [["24020", "Diest", "woningtype_gewenst", "vrijstaand", "totaal",
                                                "veel", 10]])
    for _ in range(2):
        dataset, broken = load_dataset_lenient([good, bad], config, gebieden)
        assert set(broken) == {"24020"} and "24062" in dataset.codes


@pytest.mark.parametrize("environ, root", [
    ({"THUIS_CACHE": "/srv/cache"}, "/srv/cache"),
    ({"XDG_CACHE_HOME": "/xdg"}, "/xdg/thuis"),
    ({"HOME": "/home/ambtenaar"}, "/home/ambtenaar/.cache/thuis"),
    ({"THUIS_CACHE": "uit"}, None),
])
def test_tables_charts_and_templates_share_one_cache_root(monkeypatch, environ, root):
    from thuis_cli import chart
    from thuis_cli.cache import cache_root

    for name in ("THUIS_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert cache_root() == (Path(root) if root else None)
    assert chart.cache_dir() == (Path(root) / "grafieken" if root else None)

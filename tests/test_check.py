"""`thuis check` checks what the night run will read: thuis.yaml in full, its batch section as `thuis batch`
reads it, and says everything wrong at once; warnings pass unless `--streng`."""

import pytest

from thuis_cli.cli import run


def check(tmp_path, monkeypatch, capsys, thuis_yaml: str, *args: str) -> tuple[int, str, str]:
    (tmp_path / "thuis.yaml").write_text(thuis_yaml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as info:
        run(["check", *args])
    out, err = capsys.readouterr()
    return info.value.code, out, err


def test_check_names_every_mistake_in_thuis_yaml_at_once(tmp_path, monkeypatch, capsys):
    code, out, err = check(tmp_path, monkeypatch, capsys,
                           "gemeente: leuvn\nsjablonen: mijn-sjablonen\n"
                           "batch:\n  gemeenten: [leuven]\n  infografiek: {maxx: 2}\n")
    thuis_yaml = tmp_path / "thuis.yaml"
    assert code == 2 and out == ""
    assert f"{thuis_yaml}: gemeente: Onbekende gemeente 'leuvn'. Bedoelde u: 'Leuven'" in err
    assert f"{thuis_yaml}: sjablonen: de map {tmp_path / 'mijn-sjablonen'} bestaat niet." in err
    assert f"{thuis_yaml} (batch): infografiek: onbekende sleutel 'maxx'. Bedoelde u: 'max'?" in err
    assert "Traceback" not in err


def test_check_finds_a_municipality_of_the_batch_section_without_data(tmp_path, monkeypatch, capsys):
    code, _out, err = check(tmp_path, monkeypatch, capsys,
                            "batch:\n  gemeenten: [leuven, gent, antwerpn]\n  briefs: {diensten: [wonen]}\n")
    assert code == 2 and "(batch): gemeenten[2]: Onbekende gemeente 'antwerpn'" in err


def test_a_valid_thuis_yaml_passes(tmp_path, monkeypatch, capsys):
    (tmp_path / "sjablonen").mkdir()
    code, out, err = check(tmp_path, monkeypatch, capsys,
                           "gemeente: leuven\nsjablonen: sjablonen\n"
                           "batch:\n  gemeenten: [leuven]\n  infografiek: {max: 2}\n")
    assert code == 0, err
    assert "Gegevens in orde." in out and "waarschuwing" not in out


def test_one_of_a_kind_is_said_in_the_singular(small_file, tmp_path, monkeypatch, capsys):
    code, out, _err = check(tmp_path, monkeypatch, capsys, "gemeente: leuven\n", "--data", str(small_file))
    assert code == 0 and "Gebieden:      1 gemeente, 1 referentiegebied (Vlaanderen)" in out


def test_fmt_aantal_says_one_in_the_singular():
    from thuis_cli.fmt import aantal

    assert [aantal(n, "bericht", "berichten") for n in (0, 1, 2, 1200)] == [
        "0 berichten", "1 bericht", "2 berichten", "1.200 berichten"]

"""Every validation error gets a Dutch message naming file, row, column and value."""

import pytest

from thuis_cli.data import load_dataset
from thuis_cli.errors import InputError

from conftest import HEADER, LEUVEN_WONINGTYPE, question, write_csv


def problems(tmp_path, rows, config, gebieden, header=HEADER, name="r.csv"):
    path = write_csv(tmp_path / name, rows, header=header)
    with pytest.raises(InputError) as info:
        load_dataset([path], config, gebieden)
    return info.value, [str(p) for p in info.value.problems]


@pytest.fixture
def good():
    return question("24062", "Leuven", "woningtype_gewenst", LEUVEN_WONINGTYPE)


def test_missing_column_is_named(tmp_path, good, config, gebieden):
    header = [h for h in HEADER if h != "groep"]
    rows = [r[:4] + r[5:] for r in good]
    err, msgs = problems(tmp_path, rows, config, gebieden, header=header)
    assert "ontbrekende kolom(men): groep" in msgs[0]
    assert "r.csv" in msgs[0]


def test_misspelt_column_gets_a_suggestion(tmp_path, good, config, gebieden):
    header = [("indikator" if h == "indicator" else h) for h in HEADER]
    _err, msgs = problems(tmp_path, good, config, gebieden, header=header)
    assert "Is 'indikator' bedoeld als 'indicator'?" in msgs[0]


def test_a_missing_column_is_never_guessed_from_a_column_that_is_there(tmp_path, config, gebieden):
    rows = [["24062", "Leuven"]]
    _err, msgs = problems(tmp_path, rows, config, gebieden, header=["nis", "gebied"])
    assert "ontbrekende kolom(men): indicator, antwoord, groep, n, aantal (of percentage)." in msgs[0]
    assert "bedoeld" not in msgs[0] and "Bedoelde" not in msgs[0]


def test_duplicate_column(tmp_path, good, config, gebieden):
    header = HEADER + ["n"]
    rows = [r + [r[6]] for r in good]
    path = write_csv(tmp_path / "d.csv", rows, header=header)
    with pytest.raises(InputError) as info:
        load_dataset([path], config, gebieden)
    assert "kolom 'n': deze kolom komt twee keer voor" in str(info.value)


def test_duplicate_rows_point_at_both(tmp_path, good, config, gebieden):
    _err, msgs = problems(tmp_path, good + [good[0]], config, gebieden)
    assert any("rij 7" in m and "dubbele rij" in m and "staat ook op rij 2" in m for m in msgs)


def test_the_same_results_in_two_files_point_at_the_other_file(tmp_path, good, config, gebieden):
    first = write_csv(tmp_path / "a.csv", good)
    second = write_csv(tmp_path / "b.csv", good)
    with pytest.raises(InputError) as info:
        load_dataset([first, second], config, gebieden)
    assert "meer dan eens" in str(info.value)
    assert f"staat ook op rij 2 van {first}" in str(info.value) and "b.csv" in str(info.value)


def test_files_for_different_municipalities_load_together(tmp_path, good, config, gebieden):
    herent = question("24038", "Herent", "woningtype_gewenst", LEUVEN_WONINGTYPE)
    both = load_dataset([write_csv(tmp_path / "a.csv", good), write_csv(tmp_path / "b.csv", herent)], config,
                        gebieden)
    assert set(both.table["nis"]) == {"24062", "24038"}


def test_the_table_holds_the_canonical_spelling_as_sorted_categories(tmp_path, config, gebieden):
    """Codes, ids and groups as written in thuis's own spelling (Excel's lost leading zero back, lower
    case, no spaces in a group), kept as categories: checked once per distinct value, the same per row."""
    herent = question("24038", "Herent", "WONINGTYPE_GEWENST", {k.title(): v for k, v in LEUVEN_WONINGTYPE.items()},
                      groep="Leeftijd: 65+")
    flanders = question("2000", "Vlaanderen", "woningtype_gewenst", LEUVEN_WONINGTYPE)
    table = load_dataset([write_csv(tmp_path / "a.csv", herent), write_csv(tmp_path / "b.csv", flanders)], config,
                         gebieden).table
    for column in ("nis", "indicator", "antwoord", "groep"):
        categories = list(table[column].cat.categories)
        assert categories == sorted(categories)
    assert list(table["nis"].cat.categories) == ["02000", "24038"]
    assert set(table["indicator"]) == {"woningtype_gewenst"}
    assert set(table["antwoord"]) == set(LEUVEN_WONINGTYPE)
    assert set(table["groep"]) == {"leeftijd:65+", "totaal"}
    assert table.loc[table["nis"] == "24038", "groep"].eq("leeftijd:65+").all()


def test_non_numeric_and_negative_counts(tmp_path, good, config, gebieden):
    good[0][5] = "twintig"
    good[1][5] = -3
    _err, msgs = problems(tmp_path, good, config, gebieden)
    assert "r.csv, rij 2, kolom 'aantal': waarde 'twintig': geen getal" in msgs[0]
    assert "rij 3, kolom 'aantal': waarde '-3': aantal kan niet negatief zijn" in msgs[1]


def test_count_larger_than_n(tmp_path, config, gebieden):
    rows = [["24062", "Leuven", "woningtype_gewenst", "appartement", "totaal", 120, 100]]
    _err, msgs = problems(tmp_path, rows, config, gebieden)
    assert any("kolom 'aantal'" in m and "groter dan n (100)" in m for m in msgs)


def test_shares_that_do_not_add_up(tmp_path, good, config, gebieden):
    good[0][5] = 40  # 20 more than n allows
    _err, msgs = problems(tmp_path, good, config, gebieden)
    assert any("tellen op tot 120 maar n is 100" in m and "rijen 2, 3, 4, 5, 6" in m for m in msgs)


def test_multiple_choice_may_exceed_n_up_to_max_choices(tmp_path, config, gebieden):
    counts = {"winkels": 80, "huisarts": 70, "school": 30, "halte": 60, "park": 40, "horeca": 20}
    rows = [["24062", "Leuven", "winkels_wandelafstand", a, "totaal", c, 100] for a, c in counts.items()]
    path = write_csv(tmp_path / "m.csv", rows)
    assert len(load_dataset([path], config, gebieden).table) == 6
    rows[0][5] = 100
    rows += [["24062", "Leuven", "delen_wat", a, "totaal", 100, 100] for a in
             ["fietsenberging", "tuin", "wasruimte", "gereedschap", "logeerkamer", "niets"]]
    rows[-1][5] = 101
    _err, msgs = problems(tmp_path, rows, config, gebieden)
    assert any("groter dan n" in m for m in msgs)


def test_unknown_indicator_and_answer_get_suggestions(tmp_path, good, config, gebieden):
    good[0][2] = "woningtype_gewnst"
    good[1][3] = "halfopn"
    _err, msgs = problems(tmp_path, good, config, gebieden)
    assert ("kolom 'indicator': waarde 'woningtype_gewnst': onbekende indicator. "
            "Bedoelde u: 'woningtype_gewenst'") in msgs[0]
    assert "kolom 'antwoord'" in msgs[1] and "'halfopen'" in msgs[1]


@pytest.mark.parametrize("nis,reason", [
    ("21004", "geen Vlaamse gemeente"),  # Brussels
    ("44088", "NIS-code van 2025"),  # Merelbeke-Melle
    ("2406", None),  # 4 digits -> 02406, not a municipality
    ("abcde", "vijf cijfers"),
])
def test_nis_codes_must_be_flemish_2020_or_reference(tmp_path, good, config, gebieden, nis, reason):
    good = [[nis] + r[1:] for r in good]
    _err, msgs = problems(tmp_path, good, config, gebieden)
    assert "kolom 'nis'" in msgs[0]
    if reason:
        assert reason in msgs[0]


def test_unknown_group(tmp_path, good, config, gebieden):
    good = [r[:4] + ["leeftijd:15-20"] + r[5:] for r in good]
    _err, msgs = problems(tmp_path, good, config, gebieden)
    assert "kolom 'groep'" in msgs[0] and "onbekende groep" in msgs[0]


def test_all_problems_are_reported_together(tmp_path, good, config, gebieden):
    good[0][5] = "x"
    good[2][2] = "onbekend"
    good[4][0] = "99999"
    _err, msgs = problems(tmp_path, good, config, gebieden)
    assert {"rij 2", "rij 4", "rij 6"} <= {m.split(", ")[1] for m in msgs}


def test_problem_list_is_capped_with_a_count(tmp_path, config, gebieden):
    rows = [["24062", "Leuven", "woningtype_gewenst", "appartement", f"totaal{i}", 1, 2] for i in range(260)]
    err, msgs = problems(tmp_path, rows, config, gebieden)
    assert "… en nog" in msgs[-1]
    assert "… en nog" in str(err)  # the printed message is capped as well
    assert len(str(err).splitlines()) < 60


def test_empty_and_header_only_files(tmp_path, config, gebieden):
    empty = tmp_path / "leeg.csv"
    empty.write_text("")
    with pytest.raises(InputError, match="leeg"):
        load_dataset([empty], config, gebieden)
    header_only = write_csv(tmp_path / "kop.csv", [])
    with pytest.raises(InputError) as info:
        load_dataset([header_only], config, gebieden)
    assert "geen gegevens" in str(info.value)


def test_binary_file_is_refused(tmp_path, config, gebieden):
    path = tmp_path / "foto.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(InputError, match="geen tekstbestand"):
        load_dataset([path], config, gebieden)


def test_duplicates_across_files(tmp_path, good, config, gebieden):
    a = write_csv(tmp_path / "a.csv", good)
    b = write_csv(tmp_path / "b.csv", good)
    with pytest.raises(InputError) as info:
        load_dataset([a, b], config, gebieden)
    assert "b.csv, rij 2: dubbele rij" in str(info.value) and "a.csv" in str(info.value)


def test_messages_never_print_a_whole_row(tmp_path, good, config, gebieden):
    good[0][5] = "geheim " * 30
    _err, msgs = problems(tmp_path, good, config, gebieden)
    assert len(msgs[0]) < 200 and "Leuven" not in msgs[0]


def test_answers_of_one_question_with_different_bases(tmp_path, good, config, gebieden):
    good[2][6] = 90  # the third answer of the question counted on another base
    _err, msgs = problems(tmp_path, good, config, gebieden)
    assert any("kolom 'n'" in m and "n verschilt tussen de antwoorden van dezelfde vraag (90, 100)" in m
               and "nis 24062, indicator woningtype_gewenst, groep totaal (rijen 2, 3, 4, 5, 6)" in m for m in msgs)


def test_multiple_choice_over_the_maximum_number_of_choices(tmp_path, config, gebieden):
    from thuis_cli.validate import validate_tables
    from thuis_cli.load import read_results

    catalogue = config.catalogus
    two = [i.model_copy(update={"max_keuzes": 2}) if i.id == "winkels_wandelafstand" else i
           for i in catalogue.indicatoren]
    catalogue = catalogue.model_copy(update={"indicatoren": two})
    counts = {"winkels": 80, "huisarts": 70, "school": 30, "halte": 60, "park": 40, "horeca": 20}
    rows = [["24062", "Leuven", "winkels_wandelafstand", a, "totaal", c, 100] for a, c in counts.items()]
    with pytest.raises(InputError) as info:
        validate_tables(read_results([write_csv(tmp_path / "m.csv", rows)]), catalogue, gebieden)
    message = str(info.value.problems[0])
    assert "kolom 'aantal'" in message and "rij 2" in message
    assert "de antwoorden tellen op tot 300, meer dan n × max_keuzes (200)" in message


# --- shares: whole percentages as published tables show them, fractions as spreadsheets store them ---

SHARE_HEADER = HEADER[:5] + ["percentage", "n"]
ROUNDED_UP = {"vrijstaand": "21 %", "halfopen": "21 %", "rijwoning": "21 %", "appartement": "21 %", "andere": "18 %"}


def share_rows(shares: dict[str, str], n=1000, groep="totaal"):
    return [["24062", "Leuven", "woningtype_gewenst", a, groep, s, n] for a, s in shares.items()]


def test_whole_percentages_may_add_up_to_100_give_or_take_half_a_point_per_answer(tmp_path, config, gebieden):
    path = write_csv(tmp_path / "p.csv", share_rows(ROUNDED_UP), header=SHARE_HEADER, delimiter=";")
    table = load_dataset([path], config, gebieden).table  # 102 %: five answers each rounded up
    assert table.set_index("antwoord")["aantal"]["appartement"] == 210.0


def test_whole_percentages_beyond_the_rounding_margin_name_the_percentage_column(tmp_path, config, gebieden):
    rows = share_rows({"vrijstaand": "25 %", "halfopen": "25 %", "rijwoning": "25 %", "appartement": "25 %",
                       "andere": "10 %"})
    _err, msgs = problems(tmp_path, rows, config, gebieden, header=SHARE_HEADER)
    assert [m.removeprefix(f"{tmp_path}/") for m in msgs] == [
        "r.csv, rij 2, kolom 'percentage': de percentages tellen op tot 110 %, niet tot 100 % (marge: "
        "1 %, of een halve afrondingsstap per antwoord) voor nis 24062, indicator woningtype_gewenst, "
        "groep totaal (rijen 2, 3, 4, 5, 6)"]
    assert "kolom 'aantal'" not in " ".join(msgs)


def test_fractions_between_0_and_1_are_read_as_fractions(tmp_path, config, gebieden):
    fractions = {"vrijstaand": "0,206", "halfopen": "0,206", "rijwoning": "0,206", "appartement": "0,206",
                 "andere": "0,176"}
    path = write_csv(tmp_path / "f.csv", share_rows(fractions), header=SHARE_HEADER, delimiter=";")
    table = load_dataset([path], config, gebieden).table
    assert table.set_index("antwoord")["aantal"]["andere"] == 176.0


def test_percentages_in_the_aantal_column_get_one_message_naming_the_cause(tmp_path, config, gebieden):
    rows = []
    for groep, n in (("totaal", 1000), ("leeftijd:16-34", 300), ("leeftijd:65+", 200), ("eigendom:huurder", 400)):
        rows += [r[:5] + [r[5].removesuffix(" %"), r[6]] for r in share_rows(ROUNDED_UP, n, groep)]
    _err, msgs = problems(tmp_path, rows, config, gebieden)
    assert [m.removeprefix(f"{tmp_path}/") for m in msgs] == [
        "r.csv, kolom 'aantal': de antwoorden van een vraag tellen op tot ongeveer 100 (of 1), niet "
        "tot n: de kolom 'aantal' bevat percentages (of fracties). Noem de kolom 'percentage'; thuis "
        "rekent dan het aantal uit n"]


def test_a_group_that_does_not_fit_within_its_total_is_located(tmp_path, config, gebieden):
    """Issue 26 point 7: a group's k or n larger than the total's, or the groups of one dimension
    together larger than the total, is an input error naming file, row, indicator and group."""
    rows = question("44040", "Melle", "zorgwonen", {"zeker-niet": 10, "eerder-niet": 10, "misschien": 10,
                                                     "eerder-wel": 10, "zeker-wel": 10})
    rows += question("44040", "Melle", "zorgwonen", {"zeker-niet": 5, "eerder-niet": 5, "misschien": 5,
                                                     "eerder-wel": 25, "zeker-wel": 10}, "eigendom:eigenaar")
    _err, msgs = problems(tmp_path, rows, config, gebieden, name="melle.csv")
    assert any("melle.csv" in m and "rij 10" in m and "aantal van de groep (25) is groter dan bij 'totaal' (10)"
               in m and "indicator zorgwonen, groep eigendom:eigenaar" in m for m in msgs), msgs
    rows = question("44040", "Melle", "zorgwonen", {"zeker-niet": 10, "eerder-niet": 10, "misschien": 10,
                                                     "eerder-wel": 10, "zeker-wel": 10})
    for groep in ("eigendom:eigenaar", "eigendom:huurder"):
        rows += question("44040", "Melle", "zorgwonen", {"zeker-niet": 6, "eerder-niet": 6, "misschien": 6,
                                                         "eerder-wel": 6, "zeker-wel": 6}, groep)
    _err, msgs = problems(tmp_path, rows, config, gebieden, name="melle.csv")
    assert any("de groepen van 'eigendom' tellen samen 60 deelnemers, meer dan 'totaal' (50)" in m
                             and "indicator zorgwonen" in m and "rij 7" in m for m in msgs), msgs


def test_an_inconsistent_file_exits_2_with_a_located_dutch_message(tmp_path):
    import subprocess
    import sys

    rows = question("44040", "Melle", "zorgwonen", {"zeker-niet": 10, "eerder-niet": 10, "misschien": 10,
                                                     "eerder-wel": 10, "zeker-wel": 10})
    rows += question("44040", "Melle", "zorgwonen", {"zeker-niet": 20, "eerder-niet": 20, "misschien": 20,
                                                     "eerder-wel": 20, "zeker-wel": 20}, "leeftijd:65+")
    path = write_csv(tmp_path / "melle.csv", rows)
    done = subprocess.run([sys.executable, "-m", "thuis_cli", "brief", "--dienst", "ruimte", "--gemeente", "melle",
                           "--data", str(path), "--uit", str(tmp_path / "out")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 2, done.stderr
    text = done.stdout + done.stderr
    assert "Onverwachte fout" not in text
    assert "melle.csv" in text and "n van de groep (100) is groter dan n van 'totaal' (50)" in text
    assert "indicator zorgwonen, groep leeftijd:65+" in text

"""A municipality's own follow-up survey: responses in (LimeSurvey, KoboToolbox, SPSS), weighted to the
population, the same products, and what changed since 2020."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from thuis_cli import stats
from thuis_cli.bevraging import voorbeeld
from thuis_cli.bevraging.antwoorden import read_antwoorden
from thuis_cli.bevraging.mapping import Bevragingsinstellingen, load_koppeling
from thuis_cli.bevraging.opvolging import attach, cells
from thuis_cli.bevraging.weging import kish, rake, read_marges
from thuis_cli.errors import InputError
from thuis_cli.workspace import Workspace

from conftest import pdf_pages

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data" / "bevraging"
THUIS = [sys.executable, "-m", "thuis_cli"]


# --- fixtures built in the test ---------------------------------------------------------------

def survey(tmp_path: Path, config, size: int = 300, seed: int = 7, flaws: bool = True, shifts=None,
           nis: str = "24062") -> dict[str, Path]:
    """A synthetic follow-up of `size` respondents as LimeSurvey CSV, .sav and Kobo CSV, with mappings
    and margins."""
    cat = config.catalogus
    answers, answered, rng = voorbeeld.simulate(cat, size, 100_000, seed, shifts)
    title = "Proefbevraging"
    lime = tmp_path / "lime.csv"
    voorbeeld.write_limesurvey(lime, cat, nis, title, answers, answered, rng, size, flaws=flaws)
    (tmp_path / "lime.yaml").write_text(voorbeeld.limesurvey_mapping(cat, nis, title))
    voorbeeld.write_sav(tmp_path / "antwoorden.sav", lime, cat)
    (tmp_path / "spss.yaml").write_text(voorbeeld.spss_mapping(cat, nis, title))
    voorbeeld.write_kobo(tmp_path / "kobo.csv", cat, answers, answered, rng, size)
    (tmp_path / "kobo.yaml").write_text(voorbeeld.kobo_mapping(cat, nis, title))
    write_margins(tmp_path / "marges.csv", voorbeeld.margins(cat, 100_000))
    return {"lime": lime, "lime_map": tmp_path / "lime.yaml", "sav": tmp_path / "antwoorden.sav",
            "sav_map": tmp_path / "spss.yaml", "kobo": tmp_path / "kobo.csv", "kobo_map": tmp_path / "kobo.yaml",
            "marges": tmp_path / "marges.csv"}


def write_margins(path: Path, rows, header=("variabele", "categorie", "aantal")) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def workspace_with(files: dict[str, Path], answers="lime", mapping="lime_map", **settings) -> tuple[Workspace, list]:
    ws = Workspace.open(None, None)
    chosen = Bevragingsinstellingen(antwoorden=files[answers], koppeling=files[mapping], marges=files["marges"],
                                    **settings)
    return ws, attach(ws, chosen)


def weighted(files, config):
    """The usable respondents of the LimeSurvey file and their weights, as the run computes them."""
    cat = config.catalogus
    antwoorden = read_antwoorden(files["lime"], load_koppeling(files["lime_map"], cat), cat)
    marges = read_marges(files["marges"], cat)
    antwoorden = antwoorden.subset(np.all([antwoorden.single[i] >= 0 for i in marges.variables], axis=0))
    return antwoorden, rake({i: antwoorden.single[i] for i in marges.variables}, marges).weights


def ipf(categories: dict[str, np.ndarray], targets: dict[str, np.ndarray], rounds: int = 2000) -> np.ndarray:
    """Plain iterative proportional fitting, written independently of weightipy: scale the weights
    variable by variable until every weighted margin equals its target share."""
    n = len(next(iter(categories.values())))
    w = np.ones(n)
    for _ in range(rounds):
        before = w.copy()
        for var, codes in categories.items():
            totals = np.bincount(codes, weights=w, minlength=len(targets[var]))
            factor = np.where(totals > 0, targets[var] * w.sum() / np.where(totals > 0, totals, 1), 1.0)
            w = w * factor[codes]
        if np.abs(w - before).max() < 1e-12:
            break
    return w / w.mean()


# --- the mapping ------------------------------------------------------------------------------

def test_the_sample_mappings_fit_the_catalogue(config):
    for path in sorted(SAMPLES.glob("*.yaml")):
        koppeling = load_koppeling(path, config.catalogus)
        assert koppeling.bevraging.gemeente in ("24062", "44021")
        assert {v.indicator for v in koppeling.vragen} == {i.id for i in config.catalogus.indicatoren}


def test_a_mapping_with_an_unknown_indicator_or_answer_names_both(tmp_path, config):
    path = tmp_path / "bevraging.yaml"
    path.write_text('bevraging: {titel: T, gemeente: "24062", bron: andere}\nrespondent_id: id\nvragen:\n'
                    '  - {indicator: woningtype_gewenstt, kolom: W, codes: {A1: vrijstaand}}\n'
                    '  - {indicator: ligging_gewenst, kolom: L, codes: {A1: dorp}}\n')
    with pytest.raises(InputError) as exc:
        load_koppeling(path, config.catalogus)
    text = str(exc.value)
    assert "onbekende indicator 'woningtype_gewenstt'" in text and "woningtype_gewenst" in text
    assert "vragen[1].codes.A1: 'dorp' is geen antwoord van 'ligging_gewenst'" in text


def test_a_mapping_needs_one_column_with_codes_or_one_column_per_answer(tmp_path, config):
    path = tmp_path / "bevraging.yaml"
    path.write_text('bevraging: {titel: T, gemeente: "24062"}\nrespondent_id: id\nvragen:\n'
                    '  - {indicator: delen_wat, kolom: D, codes: {A1: tuin}}\n')
    with pytest.raises(InputError) as exc:
        load_koppeling(path, config.catalogus)
    assert "'delen_wat' is meervoudig" in str(exc.value)
    path.write_text('bevraging: {titel: T, gemeente: "24062"}\nrespondent_id: id\nonbekend: 1\nvragen:\n'
                    '  - {indicator: autodelen, kolom: A}\n')
    with pytest.raises(InputError) as exc:
        load_koppeling(path, config.catalogus)
    assert "onbekend" in str(exc.value) and "codes" in str(exc.value)


# --- reading responses ------------------------------------------------------------------------

def test_limesurvey_export_flaws_are_counted_with_row_and_column_never_the_text(tmp_path, config):
    files = survey(tmp_path, config, size=60)
    koppeling = load_koppeling(files["lime_map"], config.catalogus)
    antwoorden = read_antwoorden(files["lime"], koppeling, config.catalogus)
    verslag = antwoorden.verslag
    assert verslag.gelezen == 61 and verslag.onvolledig == 2 and verslag.dubbel == 1
    assert verslag.dubbel_rijen == (62,)  # the heading is row 1: the 61st response is row 62
    assert antwoorden.n == 61 - 2 - 1 == verslag.bruikbaar
    [unknown] = verslag.buiten_bereik
    assert (unknown.column, unknown.count, unknown.rows) == ("WONINGTYPEGEWENST", 1, (7,))
    [free] = verslag.vrije_tekst
    assert free.column == "OPMERKING" and free.rows[:2] == (2, 9)
    report = "\n".join(verslag.lines())
    assert "rij 7" in report and "OPMERKING" in report and voorbeeld.FREE_TEXT_MARKER not in report


def test_a_missing_mapped_column_stops_with_its_name(tmp_path, config):
    files = survey(tmp_path, config, size=30)
    text = files["lime"].read_text(encoding="utf-8-sig").replace('"AUTODELEN"', '"AUTODELEN2"', 1)
    files["lime"].write_text(text, encoding="utf-8-sig")
    koppeling = load_koppeling(files["lime_map"], config.catalogus)
    with pytest.raises(InputError) as exc:
        read_antwoorden(files["lime"], koppeling, config.catalogus)
    assert "rij 1, kolom 'AUTODELEN'" in str(exc.value) and "past niet bij de koppeling" in str(exc.value)


def test_kobo_export_with_group_prefixes_gives_the_same_table_as_limesurvey(tmp_path, config):
    files = survey(tmp_path, config, size=120, flaws=False)
    cat = config.catalogus
    lime = read_antwoorden(files["lime"], load_koppeling(files["lime_map"], cat), cat)
    kobo = read_antwoorden(files["kobo"], load_koppeling(files["kobo_map"], cat), cat)
    assert [p.column for p in kobo.verslag.vrije_tekst] == ["woning/opmerking"]
    a, b = cells(lime, np.ones(lime.n), cat), cells(kobo, np.ones(kobo.n), cat)
    multiple = a["indicator"].isin([i.id for i in cat.indicatoren if i.soort == "meervoudig"])
    assert a[~multiple].equals(b[~multiple])
    # Multiple choice: the same ticks; Kobo writes 0 for a respondent who saw the question and ticked
    # nothing, LimeSurvey leaves that empty, like a skipped question, so Kobo's base may be larger.
    assert np.allclose(a[multiple]["aantal"], b[multiple]["aantal"]) and (b[multiple]["n"] >= a[multiple]["n"]).all()


def test_limesurvey_csv_and_its_sav_give_the_same_brief_figures(tmp_path, config):
    files = survey(tmp_path, config, size=250)
    from thuis_cli.products.brief import PRODUCT as BRIEF

    outcomes = []
    for answers, mapping in (("lime", "lime_map"), ("sav", "sav_map")):
        ws, lines = workspace_with(files, answers, mapping)
        gebied = ws.gebieden.resolve("leuven")
        document = BRIEF.build(ws, BRIEF.target(gebied, "ruimte"))
        figures = ws.area(gebied).figures.table
        outcomes.append((figures, document.context["sinds2020"], document.context["oogopslag"], lines[0]))
    (fig_a, since_a, page_a, line_a), (fig_b, since_b, page_b, line_b) = outcomes
    assert len(fig_a) > 100 and fig_a.round(12).equals(fig_b.round(12))
    assert [r["v"] for r in since_a["rijen"]] == [r["v"] for r in since_b["rijen"]]
    assert page_a == page_b
    for line in (line_a, line_b):  # 2 incomplete, 1 twice; the heading is not a response
        assert line.endswith("251 antwoorden gelezen, 248 gebruikt.")


# --- weighting --------------------------------------------------------------------------------

def test_weighted_shares_equal_an_independent_raking_to_a_tenth_of_a_point(tmp_path, config):
    files = survey(tmp_path, config, size=400)
    cat = config.catalogus
    antwoorden = read_antwoorden(files["lime"], load_koppeling(files["lime_map"], cat), cat)
    marges = read_marges(files["marges"], cat)
    categories = {i: antwoorden.single[i] for i in marges.variables}
    ours = rake(categories, marges, max_gewicht=50).weights
    theirs = ipf(categories, {i: np.array(list(s.values())) for i, s in marges.shares.items()})
    table_ours, table_theirs = cells(antwoorden, ours, cat), cells(antwoorden, theirs, cat)
    share = (table_ours["aantal"] / table_ours["n"]).fillna(0) * 100
    independent = (table_theirs["aantal"] / table_theirs["n"]).fillna(0) * 100
    assert len(share) > 500 and float(np.abs(share - independent).max()) < 0.1
    for var, codes in categories.items():  # and the margins are those of the population
        got = np.bincount(codes, weights=ours) / ours.sum()
        assert np.allclose(got, list(marges.shares[var].values()), atol=0.001)


def test_weights_are_trimmed_to_the_cap_and_raked_again(tmp_path, config):
    files = survey(tmp_path, config, size=400)
    cat = config.catalogus
    antwoorden = read_antwoorden(files["lime"], load_koppeling(files["lime_map"], cat), cat)
    marges = read_marges(files["marges"], cat)
    categories = {i: antwoorden.single[i] for i in marges.variables}
    free = rake(categories, marges, max_gewicht=50)
    assert free.weights.max() > 2.5  # the sample needs large weights: the cap below bites
    capped = rake(categories, marges, max_gewicht=2.5)
    assert capped.weights.max() <= 2.5 * 1.001 and capped.trimmed > 0
    assert capped.max_afwijking_pp <= 0.5 and capped.kish_n > free.kish_n


def test_raking_that_cannot_reach_the_margins_says_so(tmp_path, config):
    files = survey(tmp_path, config, size=300)
    cat = config.catalogus
    antwoorden = read_antwoorden(files["lime"], load_koppeling(files["lime_map"], cat), cat)
    marges = read_marges(files["marges"], cat)
    with pytest.raises(InputError, match="De weging convergeert niet.*1,1 keer|De weging convergeert niet"):
        rake({i: antwoorden.single[i] for i in marges.variables}, marges, max_gewicht=1.1)


def test_a_population_category_without_respondents_is_named(tmp_path, config):
    files = survey(tmp_path, config, size=200)
    cat = config.catalogus
    antwoorden = read_antwoorden(files["lime"], load_koppeling(files["lime_map"], cat), cat)
    marges = read_marges(files["marges"], cat)
    ages = antwoorden.single["leeftijd"].copy()
    ages[ages == 3] = 2  # nobody of 65+ answered
    with pytest.raises(InputError) as exc:
        rake({**{i: antwoorden.single[i] for i in marges.variables}, "leeftijd": ages}, marges)
    assert "leeftijd 65+" in str(exc.value) and "geen enkele deelnemer" in str(exc.value)


def test_margins_file_problems_are_all_reported_with_row_and_column(tmp_path, config):
    path = write_margins(tmp_path / "m.csv", [
        ("leeftijd", "16-34", "100"), ("leeftijd", "35-49", ""), ("leeftijd", "50-64", "100"),
        ("leeftijd", "65+", "100"), ("leeftjd", "x", "5"), ("eigendom", "koper", "3")])
    with pytest.raises(InputError) as exc:
        read_marges(path, config.catalogus)
    text = str(exc.value)
    assert "rij 3, kolom 'aantal': lege cel" in text
    assert "rij 6, kolom 'variabele': waarde 'leeftjd': onbekende variabele" in text and "leeftijd" in text
    assert "rij 7, kolom 'categorie': waarde 'koper': onbekende categorie van eigendom" in text
    shares = write_margins(tmp_path / "a.csv", [("eigendom", "eigenaar", "60"), ("eigendom", "huurder", "30"),
                                                ("eigendom", "andere", "5")], ("variabele", "categorie", "aandeel"))
    with pytest.raises(InputError, match="tellen op tot 95 in plaats van 100"):
        read_marges(shares, config.catalogus)
    totals = write_margins(tmp_path / "t.csv", [("eigendom", "eigenaar", "600"), ("eigendom", "huurder", "300"),
                                                ("eigendom", "andere", "100"), ("leeftijd", "16-34", "300"),
                                                ("leeftijd", "35-49", "300"), ("leeftijd", "50-64", "300"),
                                                ("leeftijd", "65+", "300")])
    with pytest.raises(InputError, match="niet op tot dezelfde bevolking"):
        read_marges(totals, config.catalogus)


def test_unweighted_is_a_setting_and_gives_the_plain_counts(tmp_path, config):
    files = survey(tmp_path, config, size=150)
    ws, lines = workspace_with(files, gewogen=False)
    settings = {"antwoorden": "a", "koppeling": "b", "gewogen": "nee"}
    assert Bevragingsinstellingen.model_validate(settings).gewogen is False
    assert Bevragingsinstellingen(antwoorden=Path("a"), koppeling=Path("b")).gewogen is True
    own = ws.dataset.table[ws.dataset.table["nis"] == "24062"]
    assert (own["n"] == own["n_ongewogen"]).all() and "Ongewogen" in lines[-1]


# --- the same products: effective n, suppression on people -------------------------------------

def test_intervals_use_the_effective_n_and_suppression_the_respondents(tmp_path, config):
    files = survey(tmp_path, config, size=300)
    ws, _ = workspace_with(files)
    antwoorden, weights = weighted(files, config)
    area = ws.area(ws.gebieden.resolve("leuven"))
    young = antwoorden.single["leeftijd"] == 0
    answered = antwoorden.single["autodelen"] >= 0
    cell = young & answered
    figure = area.figure("autodelen", "leeftijd:16-34")
    assert figure.n == pytest.approx(kish(weights[cell])) and figure.n < cell.sum()
    kern = np.isin(antwoorden.single["autodelen"], [3, 4])
    assert figure.share == pytest.approx(weights[cell & kern].sum() / weights[cell].sum())
    lo, hi = stats.wilson(figure.share * kish(weights[cell]), kish(weights[cell]))
    assert (figure.lo, figure.hi) == pytest.approx((float(lo), float(hi)))



def test_suppression_counts_respondents_not_weights(tmp_path, config):
    """A cell of enough respondents whose effective n is under min_n is shown; a cell of too few
    respondents is hidden, whatever its weights."""
    files = survey(tmp_path, config, size=300)
    own = tmp_path / "config"
    own.mkdir()
    text = (ROOT / "config" / "instellingen.yaml").read_text()
    (own / "instellingen.yaml").write_text(text.replace("min_n: 30 ", "min_n: 54 "))
    ws = Workspace.open(None, own)
    attach(ws, Bevragingsinstellingen(antwoorden=files["lime"], koppeling=files["lime_map"], marges=files["marges"]))
    min_n = ws.config.instellingen.statistiek.min_n
    assert min_n == 54
    area = ws.area(ws.gebieden.resolve("leuven"))
    table = area.figures.table
    enough_people = table[(table["n"] < min_n) & (table["n_ongewogen"] >= min_n)]
    too_few = table[table["n_ongewogen"] < min_n]
    assert len(enough_people) and len(too_few)
    assert not any(area.raw_figure(*key).suppressed for key in enough_people.index)
    assert all(area.raw_figure(*key).suppressed for key in too_few.index)


def test_a_group_is_compared_with_the_weighted_other_respondents(tmp_path, config):
    files = survey(tmp_path, config, size=300)
    ws, _ = workspace_with(files)
    antwoorden, weights = weighted(files, config)
    area = ws.area(ws.gebieden.resolve("leuven"))
    cmp = area.group_versus("autodelen", "leeftijd:16-34")
    others = (antwoorden.single["leeftijd"] != 0) & (antwoorden.single["autodelen"] >= 0)
    kern = np.isin(antwoorden.single["autodelen"], [3, 4])
    assert cmp.comparable and cmp.shown is not None
    assert cmp.shown.share == pytest.approx(weights[others & kern].sum() / weights[others].sum())
    assert cmp.shown.n == pytest.approx(kish(weights[others]))  # its own effective n, not total minus group


def test_the_province_test_takes_out_the_own_2020_answers(tmp_path, config):
    files = survey(tmp_path, config, size=200)
    before = Workspace.open(None, None)
    leuven = before.gebieden.resolve("leuven")
    province = before.gebieden.province(leuven)
    p2020, own2020 = before.area(province).raw_figure("autodelen"), before.area(leuven).raw_figure("autodelen")
    ws, _ = workspace_with(files)
    cmp = ws.area(leuven).versus("autodelen", "provincie")
    assert cmp.comparable
    # the sample the municipality is tested against: its province in 2020 without its own 2020 answers
    rest_share = (p2020.aantal - own2020.aantal) / (p2020.n - own2020.n)
    now = ws.area(leuven).figure("autodelen")
    _z, p = stats.difference_test(now.share, now.n, rest_share, p2020.n - own2020.n)
    assert cmp.p_value == pytest.approx(float(p))


# --- change since 2020 ------------------------------------------------------------------------

def test_a_real_change_is_betekenisvol_and_no_change_is_not(tmp_path, config):
    files = survey(tmp_path, config, size=500, shifts={"autodelen": 1.2})
    ws, _ = workspace_with(files)
    changes = ws.bevraging.changes(ws)
    stat = config.instellingen.statistiek
    assert changes.items["autodelen"].betekenisvol and changes.items["autodelen"].diff > 0.1
    p = [v.p_value for v in changes.items.values()]
    assert [v.q_value for v in changes.items.values()] == pytest.approx(list(stats.bh_adjust(p)))
    for v in changes.items.values():
        assert v.betekenisvol == (v.vergelijkbaar and v.q_value < stat.fdr
                                  and abs(v.diff) * 100 >= stat.min_verschil_pp - 1e-9)
        assert not v.vergelijkbaar or v.nu.n < 500  # the effective n of the follow-up: fewer than the respondents
    lead = changes.leading(["autodelen", "samenhuizen"])
    assert lead is not None and lead.indicator == "autodelen"
    width = (lead.nu.hi - lead.nu.lo) * 100  # page 1 leads only with a figure as solid as its findings
    assert changes.leading(["autodelen"], max_interval_pp=width - 0.01) is None
    assert changes.leading(["autodelen"], max_interval_pp=width + 0.01) is lead


def test_the_infographic_macro_says_more_than_in_2020_only_for_a_betekenisvol_change():
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(ROOT / "templates"))
    macro = env.get_template("_sinds2020.html").module.meer_dan_2020

    class V:
        def __init__(self, diff, real):
            self.diff, self.betekenisvol = diff, real

    assert str(macro(V(0.12, True))).strip() == "meer dan in 2020"
    assert str(macro(V(-0.12, True))).strip() == "minder dan in 2020"
    assert str(macro(V(0.12, False))).strip() == ""


# --- end to end: the command, privacy ---------------------------------------------------------

def test_brief_with_a_follow_up_shows_the_survey_and_the_change_and_never_a_respondent(tmp_path, config):
    files = survey(tmp_path, config, size=300)
    cache = tmp_path / "cache"
    env = {**__import__("os").environ, "THUIS_CACHE": str(cache)}
    result = subprocess.run([*THUIS, "brief", "--dienst", "ruimte", "--gemeente", "leuven", "--uit",
                             str(tmp_path / "out"), "--html", "--antwoorden", str(files["lime"]), "--koppeling",
                             str(files["lime_map"]), "--marges", str(files["marges"])],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "leuven" / "brief-ruimte.html").read_text()
    assert "Cijfers uit Proefbevraging" in html and "Wat veranderde sinds 2020" in html
    assert "gewogen naar leeftijd, huishouden, eigendom" in html
    # the brief's own lines about the source speak of the follow-up, with 2020 only for the comparisons
    assert "Uit Proefbevraging" in html and "De cijfers van Leuven komen uit Proefbevraging" in html
    assert "Uit een open online bevraging (februari–maart 2020)" not in html
    assert "kolom 'OPMERKING'" in result.stderr and "rij 7" in result.stderr
    marker = voorbeeld.FREE_TEXT_MARKER.encode()
    written = [p for folder in (tmp_path / "out", cache) for p in folder.rglob("*") if p.is_file()]
    assert written and not [p for p in written if marker in p.read_bytes()]
    assert voorbeeld.FREE_TEXT_MARKER not in result.stdout + result.stderr


def test_an_unknown_indicator_in_the_mapping_exits_2_in_dutch(tmp_path, config):
    files = survey(tmp_path, config, size=40)
    files["lime_map"].write_text(files["lime_map"].read_text().replace("indicator: autodelen", "indicator: autodeel"))
    result = subprocess.run([*THUIS, "brief", "--dienst", "ruimte", "--uit", str(tmp_path / "out"), "--antwoorden",
                             str(files["lime"]), "--koppeling", str(files["lime_map"]), "--marges",
                             str(files["marges"])], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "onbekende indicator 'autodeel'" in result.stderr
    assert "Traceback" not in result.stderr


def test_limesurvey_xlsx_export_reads_like_its_csv(tmp_path, config):
    import openpyxl

    files = survey(tmp_path, config, size=80)
    cat = config.catalogus
    book = openpyxl.Workbook()
    sheet = book.active
    with files["lime"].open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append([int(v) if v.isdigit() and len(v) < 9 else v for v in row])  # Excel stores numbers
    book.save(tmp_path / "lime.xlsx")
    koppeling = load_koppeling(files["lime_map"], cat)
    from_csv = read_antwoorden(files["lime"], koppeling, cat)
    from_xlsx = read_antwoorden(tmp_path / "lime.xlsx", koppeling, cat)
    assert from_xlsx.verslag.lines()[1:] == from_csv.verslag.lines()[1:]
    assert cells(from_csv, np.ones(from_csv.n), cat).equals(cells(from_xlsx, np.ones(from_xlsx.n), cat))


def test_a_batch_plan_and_thuis_yaml_carry_the_follow_up(tmp_path, config):
    files = survey(tmp_path, config, size=200)
    section = (f"bevraging:\n  antwoorden: {files['lime'].name}\n  koppeling: {files['lime_map'].name}\n"
               f"  marges: {files['marges'].name}\n")
    (tmp_path / "plan.yaml").write_text("gemeenten: [leuven]\nbriefs:\n  diensten: [ruimte]\n"
                                        "infografiek:\n  max: 6\n" + section)
    result = subprocess.run([*THUIS, "batch", "plan.yaml", "--uit", "uit", "--jobs", "1", "--log", "log.txt"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "log.txt").read_text()
    assert "201 antwoorden gelezen, 198 gebruikt" in result.stderr + log  # 2 incomplete, 1 twice

    [pdf] = (tmp_path / "uit").rglob("brief-ruimte.pdf")
    assert "Wat veranderde sinds 2020" in "".join(pdf_pages(pdf))
    [page] = (tmp_path / "uit").rglob("infografiek/index.html")
    assert "Cijfers uit Proefbevraging" in page.read_text()
    marker = voorbeeld.FREE_TEXT_MARKER.encode()  # no resident's own words in any output or the log
    assert not [p for p in (tmp_path / "uit").rglob("*") if p.is_file() and marker in p.read_bytes()]
    assert voorbeeld.FREE_TEXT_MARKER not in log
    (tmp_path / "thuis.yaml").write_text("gemeente: leuven\n" + section.replace("  marges", "  gewogen: nee\n  marges"))
    result = subprocess.run([*THUIS, "brief", "--dienst", "ruimte", "--uit", "eigen", "--html"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "eigen" / "leuven" / "brief-ruimte.html").read_text()
    assert "niet gewogen" in html and "Wat veranderde sinds 2020" in html


def test_koppeling_without_antwoorden_is_refused(tmp_path, config):
    files = survey(tmp_path, config, size=30)
    result = subprocess.run([*THUIS, "brief", "--dienst", "ruimte", "--uit", str(tmp_path / "out"), "--koppeling",
                             str(files["lime_map"])], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "--koppeling en --marges horen bij --antwoorden" in result.stderr


def test_the_poster_of_a_follow_up_names_the_own_survey_and_stays_one_page(tmp_path):
    from pypdf import PdfReader

    sample = ROOT / "sample_data" / "bevraging"
    result = subprocess.run([*THUIS, "infografiek", "--gemeente", "leuven", "--uit", str(tmp_path), "--antwoorden",
                             str(sample / "bevraging-leuven-limesurvey.csv"), "--koppeling",
                             str(sample / "bevraging-leuven-limesurvey.yaml"), "--marges",
                             str(sample / "marges-leuven.csv")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    poster = PdfReader(tmp_path / "leuven" / "infografiek" / "affiche.pdf")
    text = " ".join(poster.pages[0].extract_text().split())
    assert len(poster.pages) == 1
    assert "eigen bevraging 2026" in text and "woontest 2026" not in text
    assert "Leuven: eigen bevraging (2026), gewogen naar de bevolking" in text
    assert "Vlaanderen en de vergelijkbare gemeenten: de open online woontest van 2020" in text
    # every medium's source line beside its sender (round 13) names the own survey too, never a 'woontest 2026'
    folder = tmp_path / "leuven" / "infografiek"
    media = {p.name: " ".join(pdf_pages(p)) for p in folder.glob("*.pdf")}
    media["index.html"] = (folder / "index.html").read_text(encoding="utf-8")
    assert {"paneel" in n for n in media} == {True, False} and "presentatie.pdf" in media
    for name, said in media.items():
        said = " ".join(said.replace("\u00a0", " ").split())
        assert not re.search(r"[Ww]oontest 2026|Toekomst” \(2026\)", said), name
        assert re.search(r"Stad Leuven · [Ee]igen bevraging 2026", said), name


def test_a_missing_or_empty_responses_file_is_named_as_such(tmp_path):
    from thuis_cli.bevraging.antwoorden import read_table

    with pytest.raises(InputError, match="Het antwoordenbestand .*ontbreekt.csv bestaat niet"):
        read_table(tmp_path / "ontbreekt.csv")
    (tmp_path / "leeg.csv").write_bytes(b"")
    with pytest.raises(InputError, match="Het antwoordenbestand .*leeg.csv is leeg"):
        read_table(tmp_path / "leeg.csv")

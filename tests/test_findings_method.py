"""The statistics of issue 11 as every product reads them from findings: comparisons on independent
samples, Benjamini-Hochberg per document, what a non-significant comparison could have shown, printed
gaps that subtract, the comparison group (issue 12), and mergers that keep a part's NIS code.
Figures are recomputed by hand or with statsmodels from the counts."""

from __future__ import annotations

import math
import re

import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from thuis_cli.config_departments import Signaalregel
from thuis_cli.findings import area_key
from thuis_cli.peer_findings import PeerFindings
from thuis_cli.products.brief import brief_context
from thuis_cli.products.infografiek import choose_messages
from thuis_cli.workspace import Workspace

from conftest import question, say, write_csv
from thuis_cli import rules

PRINTED_GAP = re.compile(r"(\d+) % .*?tegenover (\d+) % [^:]*: (\d+) procentpunt (meer|minder)")


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


def by_hand_z(k1, n1, k2, n2):
    return proportions_ztest([k1, k2], [n1, n2])[1]


# --- 1. a municipality against the rest of its reference -------------------------------------------

def test_a_municipality_is_tested_against_the_rest_of_its_province_and_shown_against_all_of_it(ws):
    area = ws.area(ws.municipality("leuven"))
    own, prov = area.figure("ligging_gewenst"), area.reference("provincie").figure("ligging_gewenst")
    cmp = area.versus("ligging_gewenst", "provincie")
    assert cmp.shown == prov  # the printed reference is the whole province
    assert cmp.diff == pytest.approx(own.share - prov.share)
    assert cmp.p_value == pytest.approx(by_hand_z(own.aantal, own.n, prov.aantal - own.aantal, prov.n - own.n))


def test_a_group_is_compared_with_the_other_respondents_for_number_threshold_and_test(ws):
    area = ws.area(ws.municipality("leuven"))
    total, owners = area.figure("ligging_gewenst"), area.figure("ligging_gewenst", "eigendom:eigenaar")
    cmp = area.group_versus("ligging_gewenst", "eigendom:eigenaar")
    rest_k, rest_n = total.aantal - owners.aantal, total.n - owners.n
    assert cmp.diff == pytest.approx(owners.share - rest_k / rest_n)
    assert cmp.p_value == pytest.approx(by_hand_z(owners.aantal, owners.n, rest_k, rest_n))
    assert cmp.gap().pp.replace("\u00a0", " ") == "−10 pp"  # 49 % against 59 % (docs/methode.md)


# --- 2. one document, one family, one verdict ---------------------------------------------------------

def test_an_area_adjusts_every_comparison_the_catalogue_defines_as_one_family(ws):
    """Issue 26: one family per area, fixed by the catalogue and the settings: every indicator outside
    the profile against the province, the comparison group and Flanders, and every respondent group
    against the others. What cannot be tested stays in with p = 1. Every document reads it."""
    area = ws.area(ws.municipality("bierbeek"))
    cat = ws.config.catalogus
    indicators = [i for i in cat.indicatoren if i.thema != "profiel"]
    groups = [f"{d}:{v}" for d in cat.groepen for v in cat.group_values(d)]
    assert list(area.family) == [(i.id, k) for i in indicators for k in ("provincie", "vergelijking", "vlaanderen",
                                                                         *groups)]
    assert area.family_size == 18 * (3 + 11) == 252
    comparisons = list(area.family.values())
    q = multipletests([c.p_value if c.comparable else 1.0 for c in comparisons], method="fdr_bh")[1]
    assert 40 < sum(c.comparable for c in comparisons) < 252
    for cmp, expected in zip(comparisons, q):
        if not cmp.comparable:
            assert not cmp.real and cmp.q_value is None
            continue
        assert cmp.q_value == pytest.approx(expected)
        assert cmp.real == (expected < 0.05 and abs(cmp.diff) * 100 >= 5 - 1e-9)
    # one verdict whichever document asks
    brief = area.document_scope(rules.indicators_for(ws.config, "ruimte"), rules.rules_for(ws.config, "ruimte"))
    infographic = area.document_scope([cat.by_id["woningtype_gewenst"]], ws.config.infografiek.signalen,
                                      references=("vlaanderen",))
    assert brief.versus("woningtype_gewenst", "vlaanderen") is infographic.versus("woningtype_gewenst", "vlaanderen")
    assert brief.family_size == infographic.family_size == 252
    for f in brief.signals():
        if f.q_value is not None:
            assert f.q_value < 0.05


def test_the_smallest_betekenisvol_difference_follows_the_family():
    """bh_critical: the largest p at which Benjamini-Hochberg would reject a test, the others fixed."""
    import numpy as np

    from thuis_cli.stats import bh_adjust, bh_critical

    rng = np.random.default_rng(26)
    for _ in range(50):
        p = np.concatenate([rng.uniform(0, 0.01, rng.integers(0, 10)), rng.uniform(0, 1, rng.integers(1, 60))])
        critical, q = bh_critical(p), bh_adjust(p)
        assert ((q < 0.05) == (p <= critical)).all()
        for i in rng.choice(p.size, 3):
            moved = p.copy()
            moved[i] = critical[i]
            assert bh_adjust(moved)[i] <= 0.05 + 1e-12  # at the critical value it is rejected
            moved[i] = critical[i] * 1.0001 + 1e-9
            assert bh_adjust(moved)[i] > 0.05 - 1e-12 or critical[i] >= 0.05


@pytest.mark.parametrize("name", ["melle", "bertem", "bierbeek", "spiere-helkijn", "leuven"])
def test_the_summary_never_contradicts_the_tables(ws, name):
    """Issue 11 point 6: a department whose rules skip the province (communicatie) still does not say
    'no difference' while its table shows a betekenisvol one."""
    gebied = ws.municipality(name)
    for dienst in ws.config.diensten.diensten:
        ctx = brief_context(ws, gebied, dienst)
        ja = [(b["id"], r.naam) for b in ctx["bewijs"] for r in b["rijen"] if r.betekenisvol == "ja"]
        if ja:
            assert ctx["oogopslag"] or ctx["onzeker"] or ctx["context"], (name, dienst, ja)
        labels = {b["id"]: b["label"] for b in ctx["bewijs"]}
        said = ({p["bevinding"].indicator for p in ctx["oogopslag"]}
                | {i for i, label in labels.items() if label in ctx["onzeker"]}
                | {c["bevinding"].indicator for c in ctx["context"]}  # shared with the primary comparison: context
                # round 10: with a core finding, page 1 numbers the core ones and names the others in one line
                | {c["bevinding"].indicator for c in ctx["ook_betekenisvol"]})
        if len(ctx["oogopslag"]) < ctx["oogopslag_max"]:  # room left on page 1: nothing betekenisvol is passed over
            assert {i for i, _r in ja} <= said, (name, dienst)


def test_the_workbook_adjusts_what_only_it_compares_as_one_family(ws):
    """The workbook's family: every pair of its municipalities, for every indicator (p = 1 when a figure
    is suppressed). A municipality against Flanders is judged by its own area family, as in its briefs."""
    peers = [ws.municipality(n) for n in ("leuven", "herent", "bertem")]
    indicators = [i for i in ws.config.catalogus.indicatoren if i.thema != "profiel"]
    found = PeerFindings(ws, peers, indicators)
    family = found._family(indicators)
    assert len(family) == len(indicators) * 3 and {kind for kind, *_rest in family} == {"paar"}
    p_values = []
    for _kind, ind, a, b in family:
        fa, fb = found.figure(ws.gebieden.get(a), ind), found.figure(ws.gebieden.get(b), ind)
        p_values.append(by_hand_z(fa.aantal, fa.n, fb.aantal, fb.n) if not (fa.suppressed or fb.suppressed)
                        else 1.0)
    q = multipletests(p_values, method="fdr_bh")[1]
    assert [c.q_value for c in family.values()] == pytest.approx(list(q))
    assert [c.p_value for c in family.values()] == pytest.approx(p_values)
    for pair in found.differences(indicators, most=99):
        assert pair.q_value < 0.05 and pair.diff * 100 >= 5
        assert pair.comparison.p_value <= pair.q_value  # the pair's own p, not its q
    for g in peers:
        for ind in indicators:
            assert found.versus_flanders(g, ind.id) is ws.area(g).versus(ind.id, "vlaanderen")


def test_the_infographic_names_a_difference_with_flanders_only_when_betekenisvol_after_bh(ws):
    gebied = ws.municipality("leuven")
    area = ws.area(gebied)
    keys = [k for k, c in area.family.items()]
    p_values = []
    for ind, key in keys:  # recomputed from the counts; what cannot be tested stays in with p = 1
        cmp = area.family[ind, key]
        own = area.figure(ind)
        if not cmp.comparable:
            p_values.append(1.0)
        elif ":" not in key:
            ref = area.reference(key).figure(ind)
            if key == "vergelijking":
                p_values.append(by_hand_z(own.aantal, own.n, ref.aantal, ref.n))
            else:
                p_values.append(by_hand_z(own.aantal, own.n, ref.aantal - own.aantal, ref.n - own.n))
        else:
            g = area.figure(ind, key)
            p_values.append(by_hand_z(g.aantal, g.n, own.aantal - g.aantal, own.n - g.n))
    q = {("ref", ind, key): v for (ind, key), v in zip(keys, multipletests(p_values, method="fdr_bh")[1])}
    messages = choose_messages(ws, gebied)
    assert messages and any(m.verschil_vlaanderen is not None for m in messages)
    for m in messages:
        own, fl = area.figure(m.indicator), area.reference("vlaanderen").figure(m.indicator)
        expected = q[("ref", m.indicator, "vlaanderen")] < 0.05 and abs(own.share - fl.share) * 100 >= 5
        assert (m.verschil_vlaanderen is not None) == expected


# --- 3. printed gaps subtract ---------------------------------------------------------------------------

def test_every_printed_gap_in_the_sample_pack_is_the_difference_of_the_printed_shares(ws):
    sentences = []
    for gebied in ws.municipalities_in_data()[::2]:
        for dienst in ws.config.diensten.diensten:
            ctx = brief_context(ws, gebied, dienst)
            sentences += [say("bevinding", p) for p in ctx["oogopslag"] if p["bevinding"].kind != "niveau"]
    peers = [ws.municipality(n) for n in ("leuven", "herent", "bertem")]
    found = PeerFindings(ws, peers)
    indicators = [i for i in ws.config.catalogus.indicatoren if i.thema != "profiel"]
    sentences += [say("paarverschil", {"bevinding": b, "label": "x"}).replace(" tegenover ", " % tegenover ", 0)
                  for b in found.differences(indicators, most=99)]
    assert len(sentences) > 40
    for s in sentences:
        if "procentpunt verschil" in s:  # workbook: 'Leuven 54 % (n = …) tegenover Herent 22 % (n = …), 32 …'
            a, b, g = map(int, re.search(r"(\d+) % \(n.*?tegenover \D+(\d+) % \(n.*?, (\d+) procentpunt", s).groups())
            assert a - b == g, s
            continue
        a, b, g, way = PRINTED_GAP.search(s).groups()
        assert (int(a) - int(b)) == (g_signed := int(g) if way == "meer" else -int(g)), (s, g_signed)


# --- 4. no 'in lijn' from an absent result --------------------------------------------------------------

def test_a_non_significant_comparison_says_how_large_a_difference_the_data_could_have_shown(ws):
    """docs/methode.md: Bertem (15 of 59) against Vlaams-Brabant without Bertem: from 12.2 points."""
    area = ws.area(ws.municipality("bertem"))
    own, prov = area.figure("ligging_gewenst"), area.reference("provincie").figure("ligging_gewenst")
    rest_k, rest_n = prov.aantal - own.aantal, prov.n - own.n
    pooled = (own.aantal + rest_k) / (own.n + rest_n)
    by_hand = 1.959963984540054 * math.sqrt(pooled * (1 - pooled) * (1 / own.n + 1 / rest_n))
    cmp = area.versus("ligging_gewenst", "provincie")
    assert cmp.se * 1.959963984540054 == pytest.approx(by_hand)
    assert round(by_hand * 100, 1) == 12.2
    # in the area's family a difference must clear the Benjamini-Hochberg level, not 0.05: a larger bound
    assert area.detectable("ligging_gewenst", "provincie") > by_hand
    assert not cmp.real and abs(cmp.diff) < area.detectable("ligging_gewenst", "provincie")
    sentence = say("geen_duidelijk_verschil", "Bertem", ["de provincie Vlaams-Brabant", "Vlaanderen"],
                   (by_hand, by_hand))
    assert "geen duidelijk verschil" in sentence and "kleiner dan 12 procentpunt" in sentence
    assert "in lijn" not in sentence


def test_a_brief_without_findings_says_no_clear_difference_and_what_could_have_been_shown(samples, ws, tmp_path):

    gebied = ws.municipality("wachtebeke")  # 44 participants: nothing betekenisvol for 'ruimte'
    ctx = brief_context(ws, gebied, "ruimte")
    assert not ctx["oogopslag"]
    scope = ws.area(gebied).document_scope(rules.indicators_for(ws.config, "ruimte"),
                                           rules.rules_for(ws.config, "ruimte"))
    bounds = [c.detectable for k, c in scope._comparisons.items() if k[0] == "ref" and c.comparable]
    smallest, largest = min(bounds), max(bounds)
    assert ctx["kleiner_dan"] == (smallest, largest) and smallest > 0.10
    html = samples.brief(gebied.slug, "ruimte").with_suffix(".html").read_text()
    text = re.sub(r"\s+", " ", html.replace("\u00a0", " "))
    assert "in lijn" not in text
    assert (f"een verschil kleiner dan {math.floor(smallest * 100)} tot {math.floor(largest * 100)} procentpunt niet "
            "aantonen") in text


# --- 6. a merger that keeps its part's code ------------------------------------------------------------

def test_merged_antwerpen_and_its_2020_part_are_two_areas(tmp_path):
    rows = question("11002", "Antwerpen", "woningtype_gewenst",
                    {"vrijstaand": 10, "halfopen": 10, "rijwoning": 30, "appartement": 40, "andere": 10})
    rows += question("11007", "Borsbeek", "woningtype_gewenst",
                     {"vrijstaand": 30, "halfopen": 20, "rijwoning": 10, "appartement": 5, "andere": 5})
    rows += question("02000", "Vlaanderen", "woningtype_gewenst",
                     {"vrijstaand": 500, "halfopen": 220, "rijwoning": 110, "appartement": 150, "andere": 20})
    ws = Workspace.open([write_csv(tmp_path / "r.csv", rows)], None)
    part = ws.gebieden.gemeenten["11002"]
    merged = ws.gebieden.fusies["11002"]
    assert merged.onderdelen == ("11002", "11007") and area_key(part) != area_key(merged)
    ws.area(part).figure("woningtype_gewenst")  # the part first: it must not fill the merger's slot
    a, m = ws.area(part).figure("woningtype_gewenst"), ws.area(merged).figure("woningtype_gewenst")
    assert (a.n, m.n) == (100, 170)
    assert ws.dataset.rows_for(merged)["n"].max() == 170 and ws.dataset.rows_for(part)["n"].max() == 100
    assert ws.area(part) is not ws.area(merged)


# --- 7. the comparison group ------------------------------------------------------------------------

def test_a_centrumstad_is_compared_with_the_other_centrumsteden_pooled_by_respondents(ws):
    area = ws.area(ws.municipality("leuven"))
    group = area.reference("vergelijking")
    assert list(area.references()) == ["provincie", "vergelijking", "vlaanderen"]
    assert group.gebied.naam == "Andere centrumsteden" and group.gebied.in_zin == "de andere centrumsteden"
    members = [ws.gebieden.get(c) for c in group.gebied.leden]
    assert {g.naam for g in members} == {"Gent", "Kortrijk"}  # the other centrumsteden in the sample
    parts = [ws.area(g).figure("ligging_gewenst") for g in members]
    pooled = group.figure("ligging_gewenst")
    assert (pooled.aantal, pooled.n) == (sum(p.aantal for p in parts), sum(p.n for p in parts))
    own = area.figure("ligging_gewenst")
    cmp = area.versus("ligging_gewenst", "vergelijking")
    assert cmp.p_value == pytest.approx(by_hand_z(own.aantal, own.n, pooled.aantal, pooled.n))


def test_another_municipality_is_compared_with_its_province_in_the_same_population_class(ws):
    gebied = ws.municipality("bierbeek")
    group = ws.area(gebied).reference("vergelijking").gebied
    bounds = ws.config.instellingen.vergelijking.klassen
    klasse = sum(gebied.bevolking >= b for b in bounds)
    expected = {g.nis for g in ws.municipalities_in_data()
                if g.provincie == gebied.provincie and g.nis != gebied.nis and g.naam not in ("Leuven",)
                and sum(g.bevolking >= b for b in bounds) == klasse and ws.respondents(g) >= 30}
    assert set(group.leden) == expected and gebied.nis not in group.leden
    assert group.in_zin == "vergelijkbare gemeenten"  # the province is named on its own beside it


def test_a_comparison_group_pools_only_what_its_members_publish(ws):
    """A hidden member cell stays out, so 'group minus the published members' gives nothing away."""
    for name in ("bierbeek", "wachtebeke", "spiere-helkijn"):
        group = ws.area(ws.municipality(name)).reference("vergelijking")
        if group is None:
            continue
        for ind in ws.config.catalogus.indicatoren:
            published = [f for g in group.gebied.members
                         if (f := ws.area(g).figure(ind.id)) is not None and not f.suppressed]
            pooled = group.figure(ind.id)
            if pooled is None:
                assert not published
                continue
            assert (pooled.aantal, pooled.n) == pytest.approx((sum(f.aantal for f in published),
                                                               sum(f.n for f in published)))


def own_config(tmp_path, own_groups: str):
    """The built-in configuration with `eigen:` comparison groups added to its `vergelijking:` section."""
    import shutil

    from thuis_cli import resources

    folder = tmp_path / "config"
    shutil.copytree(resources.config_dir(), folder)
    path = folder / "instellingen.yaml"
    text = path.read_text()
    assert text.count("\n  klassen:") == 1
    path.write_text(text.replace("\n  klassen:", f"\n  eigen:\n{own_groups}  klassen:", 1))
    return folder


def test_an_own_list_per_municipality(tmp_path):
    text = "    bierbeek: [bertem, holsbeek]\n"
    ws = Workspace.open(None, own_config(tmp_path, text))
    group = ws.area(ws.municipality("bierbeek")).reference("vergelijking").gebied
    assert set(group.leden) == {ws.municipality("bertem").nis, ws.municipality("holsbeek").nis}


def test_a_comparison_group_with_too_few_respondents_is_not_shown(tmp_path):
    text = "    bierbeek: [bertem]\n"
    ws = Workspace.open(None, own_config(tmp_path, text))
    assert ws.area(ws.municipality("bierbeek")).reference("vergelijking") is not None
    bertem = ws.respondents(ws.municipality("bertem"))
    assert bertem >= 30
    # the same group is left out when the threshold is above its respondents
    folder = tmp_path / "config"
    path = folder / "instellingen.yaml"
    path.write_text(path.read_text().replace("min_n: 30", f"min_n: {int(bertem) + 1}"))
    ws2 = Workspace.open(None, folder)
    area = ws2.area(ws2.municipality("bierbeek"))
    assert area.reference("vergelijking") is None and list(area.references()) == ["provincie", "vlaanderen"]


def test_a_signal_rule_can_name_the_comparison_group(ws):
    rule = Signaalregel(soort="verschil", referentie="vergelijking")
    area = ws.area(ws.municipality("leuven"))
    found = area.signals(ws.config.catalogus.indicatoren, {"vergelijkbaar": rule})
    assert found and all(f.reference_area.naam == "Andere centrumsteden" for f in found)
    assert "de andere centrumsteden" in say("bevinding", {"bevinding": found[0], "kernlabel": "x", "groep": ""})

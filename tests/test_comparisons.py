"""Comparisons on independent samples, many tests, and what the data could have shown: checked
against scipy and statsmodels."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from thuis_cli import compute, stats
from thuis_cli.compute import Cijfer
from thuis_cli.config_settings import Instellingen, Statistiek

STAT = Statistiek()


def fig(k, n, groep="totaal", indicator="woningtype_gewenst"):
    lo, hi = stats.wilson(k, n)
    return Cijfer(indicator, groep, k, n, k / n, float(lo), float(hi), bool(stats.suppressed(n, STAT.min_n)))


# --- a group's gap here against its gap elsewhere ------------------------------------------------

def test_a_group_gap_against_the_same_gap_elsewhere_is_a_z_test_on_the_two_gaps():
    """Tenants 20 pp below the others here (n 100 against 300), 5 pp below elsewhere (n 1000 against
    3000): the difference of the gaps, -15 pp, over the unpooled standard errors of both gaps."""
    here = compute.group_vs_rest(fig(30 + 150, 400), fig(30, 100, "eigendom:huurder"), STAT)
    there = compute.group_vs_rest(fig(350 + 1200, 4000), fig(350, 1000, "eigendom:huurder"), STAT)
    both = compute.gaps_compared(here, there)
    se = math.sqrt(.3 * .7 / 100 + .5 * .5 / 300 + .35 * .65 / 1000 + .4 * .6 / 3000)
    assert both.diff == pytest.approx((0.30 - 0.50) - (0.35 - 0.40))
    assert both.se == pytest.approx(se)
    assert both.p_value == pytest.approx(2 * sps.norm.sf(0.15 / se))
    same = compute.gaps_compared(here, here)
    assert same.diff == 0 and same.p_value == 1.0


# --- group against the other respondents ------------------------------------------------------

def test_owners_against_the_other_respondents_leuven_shape():
    """Owners n = 894 at 49 % against the others at 59 %: one difference for number, threshold, test."""
    total, owners = fig(438 + 389, 894 + 660), fig(438, 894, "eigendom:eigenaar")
    cmp = compute.group_vs_rest(total, owners, STAT)
    others = compute.rest(total, owners, STAT)
    assert (others.aantal, others.n) == (389, 660)
    assert cmp.diff == pytest.approx(438 / 894 - 389 / 660)  # -10 points: group minus rest
    assert round(cmp.diff * 100) == -10
    _z, expected_p = proportions_ztest([438, 389], [894, 660])
    assert cmp.p_value == pytest.approx(expected_p, rel=1e-9)
    assert 0.00005 < cmp.p_value < 0.0002
    assert cmp.real and cmp.comparable
    # the old row (group minus all respondents) showed about -4 points, under the 5-point threshold
    assert abs(owners.share - total.share) * 100 < STAT.min_verschil_pp
    assert cmp.shown == others  # the table shows the others, not all respondents


def test_a_group_whose_rest_is_too_small_is_not_compared():
    total, group = fig(120, 200), fig(110, 180, "leeftijd:65+")
    cmp = compute.group_vs_rest(total, group, STAT)
    assert compute.rest(total, group, STAT).n == 20 and not cmp.comparable and not cmp.real


def test_a_group_outside_its_total_is_an_error():
    with pytest.raises(ValueError, match="valt niet binnen"):
        compute.group_vs_rest(fig(50, 100), fig(60, 120, "leeftijd:65+"), STAT)


# --- a municipality against the rest of its province / Flanders -------------------------------

def test_a_municipality_is_tested_against_the_rest_of_its_province():
    own, province = fig(40, 100), fig(3000, 6000)
    cmp = compute.compare_with_rest(own, province, STAT)
    tested = compute.rest(province, own, STAT)
    assert (tested.aantal, tested.n) == (2960, 5900)
    assert cmp.shown == province  # the printed reference stays the full province
    assert cmp.diff == pytest.approx(0.40 - 0.50)  # own minus the shown province
    table = [[40, 60], [2960, 2940]]
    _chi2, expected_p, _dof, _e = sps.chi2_contingency(table, correction=False)
    assert cmp.p_value == pytest.approx(expected_p, rel=1e-9)
    # the full province (which contains the municipality) would understate the difference
    _z, overlapping_p = stats.difference_test(0.40, 100, 0.50, 6000)
    assert cmp.p_value < float(overlapping_p)


def test_a_merger_takes_all_of_its_parts_out_of_the_reference():
    merelbeke, melle, province = fig(90, 160), fig(20, 70), fig(3000, 6000)
    merged = compute.pool([merelbeke, melle], STAT)
    assert (merged.aantal, merged.n) == (110, 230) and merged.share == pytest.approx(110 / 230)
    cmp = compute.compare_with_rest(merged, province, STAT)
    tested = compute.rest(province, merged, STAT)
    assert (tested.aantal, tested.n) == (3000 - 90 - 20, 6000 - 160 - 70)
    _z, expected_p = proportions_ztest([110, 2890], [230, 5770])
    assert cmp.p_value == pytest.approx(expected_p, rel=1e-9)


def test_no_comparison_when_the_rest_of_the_reference_is_too_small():
    own, province = fig(300, 600), fig(310, 620)
    cmp = compute.compare_with_rest(own, province, STAT)
    assert compute.rest(province, own, STAT).n == 20 and not cmp.comparable and math.isnan(cmp.diff)


# --- many tests: Benjamini-Hochberg -----------------------------------------------------------

def test_bh_matches_statsmodels_on_a_hand_example():
    p = [0.01, 0.04, 0.03, 0.005, 0.20, 0.04]
    # by hand: sorted 0.005 0.01 0.03 0.04 0.04 0.20 -> x6/rank 0.03 0.03 0.06 0.06 0.048 0.20,
    # then the running minimum from the top: 0.03 0.03 0.048 0.048 0.048 0.20
    assert stats.bh_adjust(p) == pytest.approx([0.03, 0.048, 0.048, 0.03, 0.20, 0.048])
    assert stats.bh_adjust(p) == pytest.approx(multipletests(p, method="fdr_bh")[1])


@given(st.lists(st.floats(0, 1), min_size=1, max_size=60))
def test_bh_matches_statsmodels_and_is_monotone_and_capped(p):
    q = stats.bh_adjust(p)
    assert q == pytest.approx(multipletests(p, method="fdr_bh")[1], abs=1e-12)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(q[order]) >= -1e-15)  # a smaller p never gets a larger q
    assert np.all(q <= 1) and np.all(q >= np.asarray(p) - 1e-15)


def test_bh_leaves_missing_p_values_out_of_the_family():
    q = stats.bh_adjust([0.01, float("nan"), 0.04])
    assert math.isnan(q[1]) and list(q[[0, 2]]) == pytest.approx(multipletests([0.01, 0.04], method="fdr_bh")[1])


def test_a_family_names_only_differences_that_survive_the_correction():
    """The verdict an area's family gives (findings.AreaFindings.family): the threshold in points and
    the Benjamini-Hochberg q-value under the false discovery rate."""
    diffs = [0.10, 0.08, -0.12, 0.06, 0.03, 0.09]
    p = [0.001, 0.035, 0.004, 0.048, 0.0001, 0.2]  # q: 0.003 0.0525 0.008 0.0576 0.0006 0.2
    q = stats.bh_adjust(p)
    real = stats.is_real_difference(diffs, q, STAT.min_verschil_pp, STAT.fdr)
    reject = multipletests(p, alpha=STAT.fdr, method="fdr_bh")[0]
    big = np.abs(diffs) * 100 >= STAT.min_verschil_pp
    assert list(real) == list(reject & big) == [True, False, True, False, False, False]
    assert list(stats.is_real_difference(diffs, p, STAT.min_verschil_pp)) == [True, True, True, True, False, False]


def test_the_false_discovery_rate_is_a_setting_with_a_default():
    assert Instellingen().statistiek.fdr == 0.05
    assert Statistiek(fdr=0.1).fdr == 0.1
    with pytest.raises(ValueError):
        Statistiek(fdr=0)


def test_the_built_in_settings_set_the_false_discovery_rate(config):
    assert config.instellingen.statistiek.fdr == 0.05


# --- absence of evidence ------------------------------------------------------------------------

def test_the_detectable_difference_is_where_the_test_turns_significant():
    """n = 60 against 6000: what the data could have shown, computed by hand."""
    p1, n1, p2, n2 = 0.40, 60, 0.48, 6000
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    by_hand = 1.959964 * math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    d = float(stats.detectable_difference(p1, n1, p2, n2))
    assert d == pytest.approx(by_hand, rel=1e-6) and 0.12 < d < 0.13
    # an observed difference of exactly d has p = 0.05 at the same pooled share
    _z, p_at_d = stats.difference_test(pooled + d * n2 / (n1 + n2), n1, pooled - d * n1 / (n1 + n2), n2)
    assert float(p_at_d) == pytest.approx(0.05, abs=1e-6)


def test_a_non_significant_municipality_says_how_large_a_difference_could_have_shown():
    own, flanders = fig(24, 60), fig(18500, 38500)  # 40 % against 48 %: 8 points, not significant
    cmp = compute.compare_with_rest(own, flanders, STAT)
    assert not cmp.real and cmp.p_value > 0.05
    tested = compute.rest(flanders, own, STAT)
    assert cmp.detectable == pytest.approx(float(stats.detectable_difference(0.40, 60, tested.share, tested.n)))
    assert cmp.detectable > abs(cmp.diff)


def test_the_detectable_difference_is_never_below_the_threshold():
    cmp = compute.compare_with_rest(fig(3000, 6000), fig(19000, 38500), STAT)
    assert cmp.detectable == pytest.approx(STAT.min_verschil_pp / 100)

"""Statistics against values computed by scipy or by hand."""

import math

import numpy as np
import pytest
from scipy import stats as sps

from thuis_cli import stats


@pytest.mark.parametrize("k,n", [(0, 10), (1, 10), (8, 10), (10, 10), (45, 170), (1234, 38000), (3, 29)])
def test_wilson_matches_scipy(k, n):
    expected = sps.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    lo, hi = stats.wilson(k, n)
    assert float(lo) == pytest.approx(expected.low, abs=1e-9)
    assert float(hi) == pytest.approx(expected.high, abs=1e-9)


def test_wilson_by_hand_for_8_of_10():
    lo, hi = stats.wilson(8, 10)
    assert (round(float(lo), 4), round(float(hi), 4)) == (0.4902, 0.9433)


def test_wilson_accepts_weighted_counts_and_vectors():
    lo, hi = stats.wilson(np.array([12.5, 0.0]), np.array([30.2, 0.0]))
    assert 0 < lo[0] < 12.5 / 30.2 < hi[0] < 1
    assert math.isnan(lo[1]) and math.isnan(hi[1])


def test_difference_test_matches_chi_square_without_correction():
    p1, n1, p2, n2 = 0.42, 180, 0.33, 38000
    table = [[p1 * n1, (1 - p1) * n1], [p2 * n2, (1 - p2) * n2]]
    _chi2, expected_p, _dof, _exp = sps.chi2_contingency(table, correction=False)
    z, p = stats.difference_test(p1, n1, p2, n2)
    assert float(p) == pytest.approx(expected_p, rel=1e-9)
    assert float(z) > 0


def test_difference_test_is_undefined_safe():
    z, p = stats.difference_test(0.0, 50, 0.0, 500)
    assert float(z) == 0 and float(p) == 1
    z, p = stats.difference_test(0.5, 0, 0.4, 100)
    assert float(p) == 1


def test_real_difference_needs_size_and_significance():
    assert stats.is_real_difference(0.08, 0.01, min_pp=5)
    assert not stats.is_real_difference(0.04, 0.001, min_pp=5)  # significant but small
    assert not stats.is_real_difference(0.20, 0.20, min_pp=5)  # large but not significant
    assert stats.is_real_difference(-0.05, 0.01, min_pp=5)  # exactly the threshold, negative


def test_suppression_threshold():
    assert stats.suppressed(29.9, 30) and not stats.suppressed(30, 30)


def test_z_for_confidence():
    assert stats.z_for(0.95) == pytest.approx(1.959964, abs=1e-6)

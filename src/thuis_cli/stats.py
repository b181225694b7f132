"""Shares, Wilson intervals, difference tests, suppression and pooling: the only statistics in thuis.

Every function works on scalars and on numpy arrays alike. Shares are fractions (0..1).
"""

from __future__ import annotations

import math

import numpy as np

Z_95 = 1.959963984540054


def z_for(confidence: float) -> float:
    """Two-sided normal quantile: 0.95 -> 1.96."""
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + confidence / 2)


def answers_for_interval(max_interval_pp: float, confidence: float) -> int:
    """How many answers a question needs for an interval no wider than `max_interval_pp` at its widest
    (a share of 50 %), rounded up to tens: 20 pp (±10) at 95 % needs about 100."""
    z = z_for(confidence)
    half = max_interval_pp / 200
    return int(math.ceil(z * z * 0.25 / (half * half) / 10) * 10)


def margin_for_answers(n: float, confidence: float) -> float:
    """The half-width in percentage points of the interval of a share of 50 % on `n` answers (its widest),
    the inverse of `answers_for_interval`: 50 answers at 95 % give about 14."""
    return z_for(confidence) * math.sqrt(0.25 / n) * 100


def share(count, n):
    """count / n, NaN where n is 0."""
    count = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, count / np.where(n > 0, n, 1), np.nan)


def wilson(count, n, z: float = Z_95):
    """Wilson score interval (lo, hi) for count successes out of n (weighted counts allowed).

    Written as (k + z²/2) / (n + z²) ± z·sqrt(k(n−k)/n + z²/4) / (n + z²), which stays finite for any
    n > 0, however small; NaN where n is 0."""
    count = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    valid = n > 0
    safe_n = np.where(valid, n, 1.0)
    p = np.clip(count / safe_n, 0.0, 1.0)
    k = p * safe_n
    z2 = z * z
    denom = safe_n + z2
    centre = (k + z2 / 2) / denom
    half = z * np.sqrt(np.maximum(k * (1 - p), 0.0) + z2 / 4) / denom
    lo = np.where(valid, np.minimum(np.clip(centre - half, 0.0, 1.0), p), np.nan)
    hi = np.where(valid, np.maximum(np.clip(centre + half, 0.0, 1.0), p), np.nan)
    return lo, hi


def difference_test(p1, n1, p2, n2):
    """Two-proportion z-test with the pooled standard error; returns (z, two-sided p-value).

    Where the test is undefined (an empty group, or both shares 0 or both 1) z is 0 and p is 1:
    no evidence of a difference.
    """
    p1, n1, p2, n2 = (np.asarray(v, dtype=float) for v in (p1, n1, p2, n2))
    valid = (n1 > 0) & (n2 > 0)
    n1s = np.where(valid, n1, 1.0)
    n2s = np.where(valid, n2, 1.0)
    pooled = (p1 * n1s + p2 * n2s) / (n1s + n2s)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1s + 1 / n2s))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(valid & (se > 0), (p1 - p2) / np.where(se > 0, se, 1.0), 0.0)
    z = np.nan_to_num(z)
    p_value = np.vectorize(lambda v: math.erfc(abs(v) / math.sqrt(2)), otypes=[float])(z)
    return z, p_value


def is_real_difference(diff, p_value, min_pp: float, alpha: float = 0.05):
    """A difference worth naming: at least `min_pp` percentage points and significant."""
    diff = np.asarray(diff, dtype=float)
    return (np.abs(diff) * 100 >= min_pp - 1e-9) & (np.asarray(p_value) < alpha)


def suppressed(n, min_n: float):
    """True where the base is too small to publish a share."""
    return np.asarray(n, dtype=float) < min_n


def bh_adjust(p_values):
    """Benjamini-Hochberg adjusted p-values (q-values) for a family of tests, in the input order.

    q_(i) = min over j >= i of p_(j) * m / j (p sorted ascending, ranks 1..m), capped at 1. A
    comparison is 'betekenisvol' at false discovery rate `fdr` when q < fdr: of all differences named
    that way, at most a fraction `fdr` is expected to be chance. NaN p-values are left out of the
    family and stay NaN."""
    p = np.asarray(p_values, dtype=float)
    shape = p.shape
    flat = p.ravel()
    q = np.full(flat.shape, np.nan)
    present = np.flatnonzero(~np.isnan(flat))
    m = present.size
    if m == 0:
        return q.reshape(shape)
    order = present[np.argsort(flat[present], kind="stable")]
    scaled = flat[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return q.reshape(shape)


def detectable_difference(p1, n1, p2, n2, alpha: float = 0.05):
    """The smallest difference (as a share, 0..1) these two samples could have shown as significant.

    It is the half-width of the acceptance region of `difference_test`: z(1 - alpha/2) times the
    pooled standard error at the observed shares. An observed difference smaller than this can never
    reach p < alpha with these sample sizes, so for a non-significant comparison a brief can say:
    "geen duidelijk verschil gevonden; een verschil kleiner dan X procentpunt kunnen deze gegevens
    niet aantonen". NaN where either sample is empty; 0 where both shares are 0 or both 1."""
    p1, n1, p2, n2 = (np.asarray(v, dtype=float) for v in (p1, n1, p2, n2))
    valid = (n1 > 0) & (n2 > 0)
    n1s = np.where(valid, n1, 1.0)
    n2s = np.where(valid, n2, 1.0)
    pooled = np.clip((p1 * n1s + p2 * n2s) / (n1s + n2s), 0.0, 1.0)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1s + 1 / n2s))
    return np.where(valid, z_for(1 - alpha) * se, np.nan)


def bh_critical(p_values, fdr: float = 0.05):
    """Per test of a family: the largest p-value at which Benjamini-Hochberg would call it significant,
    the other p-values staying as they are. Test i is rejected at p_i = t when some k has
    t <= fdr·k/m and at least k - 1 other tests with p <= fdr·k/m; the critical value is the largest
    such fdr·k/m (never below fdr/m, the Bonferroni level). NaN p-values count as 1."""
    p = np.nan_to_num(np.asarray(p_values, dtype=float), nan=1.0)
    m = p.size
    if m == 0:
        return np.array([])
    levels = fdr * np.arange(1, m + 1) / m
    at_or_below = np.searchsorted(np.sort(p), levels, side="right")  # all tests with p <= level k
    others = at_or_below[None, :] - (p[:, None] <= levels[None, :])  # leaving test i out
    ok = others + 1 >= np.arange(1, m + 1)[None, :]
    last = m - 1 - np.argmax(ok[:, ::-1], axis=1)  # the largest k that works (k = 1 always does)
    return levels[last]

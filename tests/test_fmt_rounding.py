"""Rounding half away from zero in every printed number, and printed gaps that add up."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thuis_cli import fmt, plain

NB = fmt.NBSP


@pytest.mark.parametrize("share,printed", [
    (0.125, "13"), (0.425, "43"), (0.265, "27"), (0.375, "38"), (0.005, "1"), (0.995, "100"),
    (29 / 200, "15"),      # 0.145: 0.145 * 100 is 14.499999999999998 in binary floats
    (0.145, "15"), (0.285, "29"), (0.575, "58"), (0.565, "57"),  # ties that binary floats miss
    (1 / 8, "13"), (5 / 8, "63"), (0.1249, "12"), (0.12501, "13"),
])
def test_shares_round_half_away_from_zero(share, printed):
    assert fmt.pct(share) == f"{printed}{NB}%"
    assert fmt.whole_percent(share) == int(printed)


@pytest.mark.parametrize("value,printed", [
    (12.5, "13"), (42.5, "43"), (26.5, "27"), (37.5, "38"), (0.5, "1"), (2.5, "3"),
    (-12.5, "-13"), (-0.5, "-1"), (-2.5, "-3"), (1234.5, "1.235"), (0.145 * 100, "15"),
    (-0.4, "0"),  # never '-0'
])
def test_numbers_round_half_away_from_zero(value, printed):
    assert fmt.number(value) == printed


def test_decimals_and_counts_round_half_away_from_zero():
    assert fmt.pct(0.1245, 1) == f"12,5{NB}%"  # 12.45 -> 12,5
    assert fmt.number(2.675, 2) == "2,68"  # the float 2.675 is 2.67499999… in binary
    assert fmt.count(38532.5) == "38.533"
    assert fmt.count(22.5) == "23"
    assert fmt.n_label(894) == f"n{NB}={NB}894"


def test_differences_round_half_away_from_zero_with_their_sign():
    assert fmt.pp(0.025, 0) == f"+3{NB}pp"
    assert fmt.pp(-0.025, 0) == f"−3{NB}pp"
    assert fmt.pp(-0.0125) == f"−1,3{NB}pp"
    assert fmt.pp(0.0004) == f"0,0{NB}pp"  # no sign on a printed zero
    assert fmt.pp(-0.145, 0, sign=False) == f"15{NB}pp"


def test_intervals_round_each_bound_half_away_from_zero():
    assert fmt.interval(0.125, 0.425) == f"13–43{NB}%"
    assert fmt.interval(0.1862, 0.1938) == f"18–20{NB}%"  # whole numbers, widened outward: never '19–19 %'


def test_missing_values_print_a_dash():
    assert fmt.pct(float("nan")) == fmt.pp(None) == fmt.number(float("nan")) == "–"


@pytest.mark.parametrize("share,words", [
    (0.65, "bijna 7\u00a0op\u00a0de\u00a010"),   # 6.5 tenths: the nearest is 7 (not 6, to even)
    (0.25, "bijna 3\u00a0op\u00a0de\u00a010"),
    (0.065, "7\u00a0op\u00a0de\u00a0100"),  # under 10 %: the whole percentage, 6.5 -> 7 (not 6, to even)
    (0.70, "7\u00a0op\u00a0de\u00a010"),
])
def test_plain_words_use_the_same_rounding(share, words):
    from conftest import say

    assert say("aandeel_woorden", plain.fraction(share)) == words.replace("\u00a0", " ")


def _value(text: str) -> Decimal:
    number = text.replace(NB, " ").split(" ")[0].replace(".", "").replace(",", ".").replace("−", "-")
    return Decimal(number.lstrip("+"))


def test_the_issue_example_prints_a_gap_that_adds_up():
    # 14.4 % against 26.5 %: the exact gap is 12.1 points, the printed shares are 14 % and 27 %
    g = fmt.gap(0.144, 0.265)
    assert (g.a_text, g.b_text, g.pp, g.amount, g.direction) == (
        f"14{NB}%", f"27{NB}%", f"−13{NB}pp", "13", "minder")


@given(a=st.floats(0, 1), b=st.floats(0, 1), decimals=st.sampled_from([0, 1]))
def test_the_printed_gap_is_the_difference_of_the_printed_shares(a, b, decimals):
    g = fmt.gap(a, b, decimals)
    assert _value(g.a_text) - _value(g.b_text) == _value(g.pp) == g.value
    assert _value(g.amount) == abs(g.value)
    assert g.a_text == fmt.pct(a, decimals) and g.b_text == fmt.pct(b, decimals)
    assert (g.direction == "meer") == (_value(g.pp) > 0)


def test_a_bound_on_a_detectable_difference_is_rounded_down():
    assert fmt.at_most_pp(0.078) == "7"
    assert fmt.at_most_pp(0.07) == "7"
    assert fmt.at_most_pp(0.0699999999999) == "7"  # binary noise is no reason to say 6


def test_a_gap_is_below_the_minimal_difference_on_the_printed_numbers():
    """24,6 % against 20,4 % prints as 25 % and 20 %: a 5-point gap, not below 5, although the shares
    differ by 4,2 points; 24,4 % against 20,4 % prints as 24 % and 20 %: below."""
    assert not fmt.gap(0.246, 0.204).below(5)
    assert fmt.gap(0.244, 0.204).below(5)
    assert fmt.gap(0.204, 0.244).below(5) and not fmt.gap(0.204, 0.246).below(5)

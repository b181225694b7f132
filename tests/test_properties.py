"""Property-based tests: readers round-trip, statistics stay in range, suppression holds everywhere."""

from __future__ import annotations

import io
import math

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thuis_cli import fmt, stats
from thuis_cli.compute import Cijfer
from thuis_cli.data import load_dataset

from conftest import HEADER, csv_text

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

ANSWERS = ["vrijstaand", "halfopen", "rijwoning", "appartement", "andere"]


@st.composite
def tables(draw):
    """A valid single-question table for Leuven, with weighted (decimal) counts."""
    counts = draw(st.lists(st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False),
                           min_size=5, max_size=5))
    counts = [float(c) for c in counts]
    n = round(sum(counts), 2)
    return [["24062", "Leuven", "woningtype_gewenst", a, "totaal", c, n] for a, c in zip(ANSWERS, counts)]


def parsed(dataset) -> dict:
    return {r.antwoord: (round(r.aantal, 6), round(r.n, 6)) for r in dataset.table.itertuples()}


def xlsx_bytes(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@SETTINGS
@given(rows=tables())
def test_readers_round_trip_to_the_same_numbers(rows, tmp_path, config, gebieden):
    expected = {r[3]: (round(r[5], 6), round(r[6], 6)) for r in rows}
    plain = tmp_path / "gewoon.csv"
    plain.write_text(csv_text(rows))
    belgian = tmp_path / "belgisch.csv"
    belgian.write_bytes(csv_text(rows, delimiter=";", decimal=",").encode("cp1252"))
    excel = tmp_path / "excel.xlsx"
    excel.write_bytes(xlsx_bytes(rows))
    for path in (plain, belgian, excel):
        assert parsed(load_dataset([path], config, gebieden)) == expected, path.name


@given(k=st.floats(min_value=0, max_value=1e6, allow_nan=False),
       extra=st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_shares_and_intervals_stay_in_range(k, extra):
    n = k + extra
    if n == 0:
        return
    p = float(stats.share(k, n))
    lo, hi = (float(x) for x in stats.wilson(k, n))
    assert 0 <= p <= 1 and 0 <= lo <= p <= hi <= 1


@given(p1=st.floats(0, 1), n1=st.floats(1, 1e5), p2=st.floats(0, 1), n2=st.floats(1, 1e5))
def test_difference_test_p_value_is_a_probability(p1, n1, p2, n2):
    z, p = stats.difference_test(p1, n1, p2, n2)
    assert math.isfinite(float(z)) and 0 <= float(p) <= 1


@given(n=st.floats(min_value=0.5, max_value=29.99), share=st.floats(0, 1))
def test_suppression_holds_in_every_product(n, share):
    """A figure on fewer than 30 answers never shows a number in a brief table, a workbook cell, or a
    chart bar."""
    from thuis_cli.products.brief import _row
    from thuis_cli.config import load_config
    from thuis_cli.products.intervisie import _bar, _cell

    config = load_config()
    fig = Cijfer("woningtype_gewenst", "totaal", share * n, n, share, *map(float, stats.wilson(share * n, n)),
                 suppressed=bool(stats.suppressed(n, config.instellingen.statistiek.min_n)))
    row = _row("Leuven", fig, None, config.instellingen.statistiek.min_n, is_own=True)
    assert row.aandeel == fmt.SUPPRESSED and not any(ch.isdigit() for ch in row.aandeel + row.interval + row.verschil)
    assert "<" in row.n  # only 'n < 30', never the exact small n
    cell = _cell(fig)
    assert cell["aandeel"] == fmt.SUPPRESSED and cell["n"] == ""
    bar = _bar("Leuven", fig, "#000000")
    assert bar.share is None and bar.lo is None and bar.hi is None


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(small=st.integers(min_value=1, max_value=29), large=st.integers(min_value=30, max_value=400))
def test_infographics_never_use_a_small_group(small, large, tmp_path):
    from thuis_cli.products.infografiek import choose_messages
    from thuis_cli.workspace import Workspace

    rows = [["24062", "Leuven", "winkels_wandelafstand", "winkels", "totaal", small // 2, small]]
    rows += [["24062", "Leuven", "meer_groen", a, "totaal", c, large]
             for a, c in zip(["zeer-oneens", "oneens", "neutraal", "eens", "zeer-eens"],
                             [large - 4 * (large // 5), large // 5, large // 5, large // 5, large // 5])]
    path = tmp_path / f"d{small}-{large}.csv"
    path.write_text(csv_text(rows))
    session = Workspace.open([path], None)
    assert [m.indicator for m in choose_messages(session, session.municipality("leuven"))] == ["meer_groen"]

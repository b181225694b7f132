"""docs/methode.md works one example through: its numbers are the ones thuis computes from sample_data."""

from pathlib import Path

import pytest

from thuis_cli import compute, fmt

from thuis_cli.workspace import Workspace as Session

ROOT = Path(__file__).resolve().parent.parent
NB = fmt.NBSP


@pytest.fixture(scope="module")
def session():
    data = [ROOT / "sample_data" / "woontest-synthetisch-gemeenten.csv",
            ROOT / "sample_data" / "woontest-synthetisch-referentie.csv"]
    return Session.open(data, None)


def plain(text: str) -> str:
    return text.replace(NB, " ")


def test_the_worked_example_matches_the_sample_data(session):
    doc = (ROOT / "docs" / "methode.md").read_text()
    stat = session.config.instellingen.statistiek
    leuven = session.municipality("leuven")
    figures = session.area(leuven).figures
    total = figures.get("ligging_gewenst")
    owners = figures.get("ligging_gewenst", "eigendom:eigenaar")
    cmp = compute.group_vs_rest(total, owners, stat)
    for fig in (total, owners, cmp.rest):
        row = f"| {fmt.number(fig.aantal)} | {fmt.count(fig.n)} | {plain(fmt.pct(fig.share))} | " \
              f"{plain(fmt.interval(fig.lo, fig.hi))} |"
        assert row in doc
    printed = fmt.gap(owners.share, cmp.rest.share)
    assert f"**{plain(printed.pp).replace(' pp', '')} procentpunt**" in doc
    assert f"p = {fmt.number(cmp.p_value, 5)}" in doc

    province = session.area(leuven).reference("provincie").figures.get("ligging_gewenst")
    vs_province = compute.compare_with_rest(total, province, stat)
    assert f"{fmt.number(vs_province.rest.aantal)} op {fmt.count(vs_province.rest.n)} = " \
           f"{plain(fmt.pct(vs_province.rest.share))}" in doc
    assert f"+{fmt.gap(total.share, province.share).amount} procentpunt" in doc

    bertem = session.municipality("bertem")
    small = session.area(bertem).figures.get("ligging_gewenst")
    none = compute.compare_with_rest(small, session.area(bertem).reference("provincie").figures.get("ligging_gewenst"),
                                     stat)
    assert not none.real
    assert f"vanaf {fmt.number(none.detectable * 100, 1)} procentpunt" in doc
    assert f"kleiner dan {fmt.at_most_pp(none.detectable)} procentpunt" in doc


def test_the_many_tests_example_matches_the_sample_data(session):
    doc = (ROOT / "docs" / "methode.md").read_text()
    stat = session.config.instellingen.statistiek
    cat = session.config.catalogus
    leuven = session.municipality("leuven")
    own = session.area(leuven).figures
    refs = {k: v.figures for k, v in session.area(leuven).references().items()}
    diffs, p_values, labels = [], [], []
    for ind in cat.indicatoren:
        total = own.get(ind.id)
        if total is None:
            continue
        found = {r: compute.compare_with_rest(total, refs[r].get(ind.id), stat)
                 for r in ("provincie", "vlaanderen")}
        found |= {f"{d}:{v}": compute.group_vs_rest(total, own.get(ind.id, f"{d}:{v}"), stat)
                  for d in cat.groepen for v in cat.group_values(d)}
        for name, f in found.items():
            if f is not None and f.comparable:
                diffs.append(f.diff)
                p_values.append(f.p_value)
                labels.append((ind.id, name))
    real, q = compute.real_after_fdr(diffs, p_values, stat)
    uncorrected = compute.stats.is_real_difference(diffs, p_values, stat.min_verschil_pp, stat.alfa)
    assert f"alle {len(diffs)} vergelijkingen" in doc
    assert f"zonder correctie {int(uncorrected.sum())} betekenisvol en met Benjamini-Hochberg {int(real.sum())}" in doc
    owners = labels.index(("ligging_gewenst", "eigendom:eigenaar"))
    assert f"q = {fmt.number(q[owners], 4)}" in doc

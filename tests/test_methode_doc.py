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
    others = compute.rest(total, owners, stat)  # the sample the test uses, and the figure the table shows
    assert cmp.shown == others
    for fig in (total, owners, others):
        row = f"| {fmt.number(fig.aantal)} | {fmt.count(fig.n)} | {plain(fmt.pct(fig.share))} | " \
              f"{plain(fmt.interval(fig.lo, fig.hi))} |"
        assert row in doc
    printed = fmt.gap(owners.share, others.share)
    assert f"**{plain(printed.pp).replace(' pp', '')} procentpunt**" in doc
    assert f"p = {fmt.number(cmp.p_value, 5)}" in doc

    province = session.area(leuven).reference("provincie").figures.get("ligging_gewenst")
    rest_of_province = compute.rest(province, total, stat)  # the sample compare_with_rest tests against
    assert f"{fmt.number(rest_of_province.aantal)} op {fmt.count(rest_of_province.n)} = " \
           f"{plain(fmt.pct(rest_of_province.share))}" in doc
    assert f"+{fmt.gap(total.share, province.share).amount} procentpunt" in doc

    bertem = session.municipality("bertem")
    small = session.area(bertem).figures.get("ligging_gewenst")
    none = compute.compare_with_rest(small, session.area(bertem).reference("provincie").figures.get("ligging_gewenst"),
                                     stat)
    assert not none.real
    flat = " ".join(doc.split())
    assert f"vanaf {fmt.number(none.detectable * 100, 1)} procentpunt" in flat
    assert f"kleiner dan {fmt.at_most_pp(none.detectable)} procentpunt" in flat
    in_family = session.area(bertem).versus("ligging_gewenst", "provincie")  # issue 26: the family's level
    assert f"vanaf {fmt.number(in_family.detectable * 100, 1)} procentpunt" in flat
    assert f"kleiner dan {fmt.at_most_pp(in_family.detectable)} procentpunt kunnen deze antwoorden" in flat


def test_the_many_tests_example_matches_the_sample_data(session):
    """Issue 26: the family of Leuven and of a small municipality, as docs/methode.md states them."""
    doc = " ".join((ROOT / "docs" / "methode.md").read_text().split())
    stat = session.config.instellingen.statistiek
    leuven = session.area(session.municipality("leuven"))
    comparable = [c for c in leuven.family.values() if c.comparable]
    uncorrected = sum(bool(compute.stats.is_real_difference(c.diff, c.p_value, stat.min_verschil_pp, stat.alfa))
                      for c in comparable)
    assert len(leuven.family) == 252 and "18 × 14 = **252** vergelijkingen" in doc
    assert f"de familie van Leuven telt alle {len(comparable)} vergelijkingen" in doc
    assert f"zonder correctie zijn er {uncorrected} betekenisvol en met Benjamini-Hochberg " \
           f"{sum(c.real for c in comparable)}" in doc
    owners = leuven.family[("ligging_gewenst", "eigendom:eigenaar")]
    assert f"q = {fmt.number(owners.q_value, 4)}" in doc
    lendelede = session.area(session.municipality("lendelede"))
    assert f"voor Lendelede {sum(c.comparable for c in lendelede.family.values())} " in doc
    bertem = session.area(session.municipality("bertem"))
    assert f"252 vergelijkingen, {sum(c.comparable for c in bertem.family.values())} toetsbaar" in doc


def test_the_workbook_rule_reads_the_same_in_the_readme_and_the_method():
    def rule(text: str) -> str:
        start = text.index("**Gedeelde uitdagingen (werkboek).**")
        return " ".join(text[start:text.index("\n\n", start)].split())

    assert rule((ROOT / "docs" / "methode.md").read_text()) == rule((ROOT / "README.md").read_text())
    assert "Bonferroni" not in (ROOT / "README.md").read_text()


def test_the_comparison_groups_are_listed_as_built(session):
    doc = (ROOT / "docs" / "methode.md").read_text()
    for g in session.municipalities_in_data() + [f for f in session.gebieden.fusies.values()
                                                 if session.dataset.has(f)]:
        group = session.area(g)._reference_areas.get("vergelijking")
        if group is not None:
            members = ", ".join(m.naam for m in group.members)
            assert f"| {fmt.count(g.bevolking)} | {group.naam}" in doc and f"| {members} |" in doc, g.naam
    assert "gemeenten van **2025**" in doc and "**1 januari 2020**" in doc

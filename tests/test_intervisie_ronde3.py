"""The workbook after a blind reading by a facilitator: one significance rule a participant can follow,
a member without figures of its own, questions tied to printed figures and to the copy's reader, a
time plan that follows from what there is to discuss, and forms that fit what people write."""

import math

import pytest

from thuis_cli.findings import PeerFindings
from thuis_cli.products.intervisie import resolve_peers
from thuis_cli.workspace import Workspace

LARGE = ["leuven", "herent", "bierbeek", "rotselaar", "holsbeek", "oud-heverlee"]
SMALL = ["spiere-helkijn", "kortrijk", "zwevegem"]


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


def _indicators(ws):
    return [i for i in ws.config.catalogus.indicatoren if i.thema != "profiel"]


def test_no_pair_is_called_real_on_weaker_evidence_than_a_gap_with_flanders_called_chance(ws):
    """One rule for both: a gap with Flanders of at least 5 pp that its municipality's own family calls
    chance sets the bar; a pair of municipalities is betekenisvol only with a smaller p-value. The
    sample group has such gaps (Holsbeek, Oud-Heverlee) and pairs that BH alone would call real above them."""
    peers = resolve_peers(ws, LARGE)
    indicators = _indicators(ws)
    found = PeerFindings(ws, peers, indicators)
    chance = [c.p_value for g in peers for ind in indicators
              if (c := found.versus_flanders(g, ind.id)).comparable and not c.real
              and abs(c.diff) * 100 >= 5]
    assert chance, "the sample group has gaps of 5 pp or more that are called chance"
    floor = min(chance)
    assert found.chance_floor(indicators) == floor
    pairs = found.real_pairs(indicators)
    assert pairs and all(b.comparison.p_value < floor for b in pairs)
    # the pair the reader recomputed (Bierbeek 31 % against Oud-Heverlee 14 % on energy renovation)
    # passes Benjamini-Hochberg alone, but is weaker evidence than Oud-Heverlee's own gaps called chance
    family = found._family(indicators)
    bierbeek, oud_heverlee = (ws.gebieden.resolve(n) for n in ("bierbeek", "oud-heverlee"))
    tested = family[("paar", "renovatieplannen", bierbeek.nis, oud_heverlee.nis)]
    assert tested.q_value < 0.05 and abs(tested.diff) * 100 >= 5 and tested.p_value > floor
    assert not tested.real
    assert math.isinf(PeerFindings(ws, peers[:1] + peers[1:2], []).chance_floor([]))

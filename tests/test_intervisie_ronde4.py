"""The workbook after a fourth blind reading by a facilitator: a pre-read a member without figures can
answer, a page and a time slot for what the agenda asks (exchanging practices, what each municipality
takes along), and questions that only state as fact what the figures carry."""

import re

import pytest

from thuis_cli.products.intervisie import resolve_peers
from thuis_cli.workspace import Workspace

LARGE = ["leuven", "herent", "bierbeek", "rotselaar", "holsbeek", "oud-heverlee"]
SMALL = ["spiere-helkijn", "kortrijk", "zwevegem"]


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


def _html(document, artifact) -> str:
    from thuis_cli.publish.render import render_text

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_text(document, artifact, None)))


def _build(ws, names):
    from thuis_cli.products import get

    peers = resolve_peers(ws, names)
    product = get("intervisie")
    document = product.build(ws, product.target(peers))
    texts = {a.copy_of + ("-voorbereiding" if "voorbereiding" in a.name else ""): _html(document, a)
             for a in document.artifacts}
    return peers, document, texts


@pytest.fixture(scope="module")
def small(ws):
    """Spiere-Helkijn (9 participants, no figures of its own) with Kortrijk and Zwevegem."""
    return _build(ws, SMALL)


@pytest.fixture(scope="module")
def large(ws):
    return _build(ws, LARGE)


# --- the pre-read -----------------------------------------------------------------------------------

def test_the_pre_read_of_a_member_without_figures_says_so_and_asks_what_it_can_answer(small):
    _peers, _document, texts = small
    pre = texts["spiere-helkijn-voorbereiding"]
    assert "9 antwoorden: te weinig voor eigen cijfers" in pre
    # no verdict on figures it does not have
    assert "Op geen enkele vraag wijkt Spiere-Helkijn betekenisvol af" not in pre
    assert "staat er ook niet apart van" not in pre
    # an opening question it can answer without figures of its own
    assert "Welke cijfers van Kortrijk of Zwevegem herkent u in Spiere-Helkijn, en welke niet?" in pre
    assert "Welk cijfer van Spiere-Helkijn in het werkboek verrast u het meest" not in pre
    # a member with figures keeps its findings
    assert "te weinig voor eigen cijfers" not in texts["kortrijk-voorbereiding"]


def test_every_pre_read_says_the_copy_comes_with_it_and_asks_an_approach_for_the_exchange(small, large):
    for _peers, document, texts in (small, large):
        exchange = document.context["tijd"].exchange > 0
        for key, text in texts.items():
            if not key.endswith("-voorbereiding"):
                continue
            name = next(g["naam"] for g in document.context["gemeenten"] if key == g["slug"] + "-voorbereiding")
            assert "Uw exemplaar van het werkboek komt met deze pagina mee" in text
            assert f"de pagina ‘Voor {name} zelf’" in text
            asked = f"Breng voor het onderdeel ‘Praktijken uitwisselen’ één aanpak van {name} mee" in text
            assert asked == exchange, (key, exchange)
    assert small[1].context["tijd"].exchange > 0  # the small group's agenda has the block

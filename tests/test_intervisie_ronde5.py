"""The workbook after a fifth blind reading by a facilitator: the facilitator copy asks what the copies
ask, the municipality copies have room for what the group decides, and the sentences say who counts."""

import re

import pytest

from thuis_cli.products.intervisie import _Words
from thuis_cli.workspace import Workspace

from conftest import artifact_text, workbook_texts

LARGE = ["leuven", "herent", "bierbeek", "rotselaar", "holsbeek", "oud-heverlee"]
SMALL = ["spiere-helkijn", "kortrijk", "zwevegem"]


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def small(ws):
    """Spiere-Helkijn (9 participants, no figures of its own) with Kortrijk and Zwevegem."""
    return workbook_texts(ws, SMALL)


@pytest.fixture(scope="module")
def large(ws):
    return workbook_texts(ws, LARGE)


# --- 1. the facilitator copy asks what the copies ask ---------------------------------------------------

def test_the_facilitator_sub_question_is_never_one_municipality_s_own_copy_of_it(small, large):
    """Where each municipality's copy asks about itself ('past niet bij de toestand in Herent'), the
    facilitator copy asks every municipality alike, never the version of one of them."""
    words = _Words(None)
    for peers, document, _texts in (small, large):
        names = [g.naam for g in peers]
        for theme in document.context["themas"]:
            for q in theme["vragen"]:
                facilitator = words.say("deelvraag", q["id"], q["aanleiding"], None)
                for name in names:
                    own = words.say("deelvraag", q["id"], q["aanleiding"], name)
                    question = own[own.rindex(":") + 1:] if ":" in own else own
                    if name not in question or own == facilitator:
                        continue  # this copy's question does not turn on whose copy it is
                    for other in names:
                        assert own.replace(name, other) != facilitator, (theme["id"], q["id"], other)


def test_the_facilitator_pitfall_on_a_gap_asks_each_municipality_about_itself(large):
    _peers, _document, texts = large
    talk = texts["facilitator"][texts["facilitator"].index("Bespreking:"):]
    assert "maar past niet bij de toestand in de eigen gemeente? Elke gemeente antwoordt voor zichzelf." in talk
    assert not re.search(r"past niet bij de toestand in [A-Z]", talk)

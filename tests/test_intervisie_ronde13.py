"""The workbook after a thirteenth blind reading by a facilitator: the pre-read prepares the figures the copy asks
about, the small group's questions vary from theme to theme, each guiding question has its own kind of
sub-question, and the printed words read as a person wrote them."""

from conftest import plain, workbook_questions


def _copies(document):
    """{municipality slug: (its copy's context, its pre-read's context)}."""
    copies: dict[str, dict] = {}
    for a in document.artifacts:
        if a.copy_of != "facilitator":
            copies.setdefault(a.copy_of, {})["voorbereiding" if "voorbereiding" in a.name else "exemplaar"] = a.context
    return copies


def _asked_neighbour_figures(copy: dict) -> list[tuple[str, str]]:
    """(municipality, indicator) of every betekenisvol neighbour figure a copy asks about, in the copy's order: its
    own page, then the themes' questions."""
    copy = copy["exemplaar"]
    own = copy["exemplaar"]["gemeente"]
    items = [e["aanleiding"] for e in copy["eigen"] if e["aanleiding"].get("buur") == "vlaanderen"]
    items += [q["aanleiding"] for t in copy["themas"] for q in t["vragen"] if q["aanleiding"]["soort"] == "vlaanderen"]
    order: list[tuple[str, str]] = []
    for a in items:
        key = (a["bevinding"].area.naam, a["bevinding"].indicator)
        if key[0] != own and key not in order:
            order.append(key)
    return order


# --- 1. the pre-read prepares the figures the copy asks about -------------------------------------------------

def test_a_pre_read_lists_only_neighbour_figures_its_copy_asks_about_in_the_copy_s_order(small, large):
    """Spiere-Helkijn's pre-read listed Kortrijk's 'auto delen' and 'gedeelde tuin', which its copy never asks
    about, and left out Zwevegem's rijwoning figure, the copy's first question: every pre-read's 'Wat opvalt bij
    de buren' lists figures its copy asks about, in the copy's order, with at least one of every neighbour the
    copy asks a betekenisvol figure of."""
    listed_somewhere = False
    for _peers, document, _texts in (small, large):
        for slug, copy in _copies(document).items():
            pre = copy["voorbereiding"]
            listed = [(d["bevinding"].area.naam, d["bevinding"].indicator) for d in pre["buren"]]
            if not pre["zonder_cijfers"]:
                assert not listed, slug
                continue
            asked = _asked_neighbour_figures(copy)
            assert listed, slug
            assert all(x in asked for x in listed), (slug, listed, asked)
            assert listed == sorted(listed, key=asked.index), (slug, listed)
            assert {naam for naam, _i in asked} <= {naam for naam, _i in listed}, (slug, listed, asked)
            listed_somewhere = True
    assert listed_somewhere


def test_spiere_helkijn_s_pre_read_names_zwevegem_s_rijwoning_figure(small, samples):
    """The closer, non-city neighbour's figure that opens Spiere-Helkijn's first theme is on its pre-read."""
    _peers, _document, texts = small
    assert "21 % in Zwevegem" in plain(texts["spiere-helkijn-voorbereiding"])

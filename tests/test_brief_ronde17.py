"""Issue 27, seventeenth blind reading of the department brief: the short brief's page 1 leads with the municipality
itself and puts the region in its own paragraph."""

import html
import re

import pytest

from conftest import plain

SHORT = (("lendelede", "wonen"), ("lendelede", "ruimte"), ("spiere-helkijn", "ruimte"))


def _html(samples, gemeente: str, dienst: str) -> str:
    return samples.brief(gemeente, dienst).with_suffix(".html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    return plain(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def _percent(cell: str) -> int:
    return int(re.match(r"(\d+)", _text(cell)).group(1))


def _own_and_flanders(page: str, gemeente: str) -> dict[str, tuple[int, int]]:
    """The neighbour table on page 2: per question the municipality's share and Flanders', as printed."""
    table = page[page.index('<table class="buurt-tabel">'):page.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table[table.index("<tbody>"):], flags=re.S):
        label = _text(re.search(r'<th scope="row">(.*?)</th>', row, flags=re.S).group(1))
        own = re.search(rf'data-label="{gemeente}">(.*?)</td>', row, flags=re.S).group(1)
        flanders = re.search(r'data-label="Vlaanderen">(.*?)</td>', row, flags=re.S).group(1)
        if "te weinig" not in own:
            rows[label] = (_percent(own), _percent(flanders))
    return rows


# --- 1. the short brief's page 1: the municipality itself first, the region apart, short steps ---------------------

def test_lendelede_wonen_leads_with_its_three_largest_printed_gaps_with_flanders_in_gap_order(samples):
    """Page 2's table shows kern 13 % against 38 %, rijwoning/appartement 13 % against 34 %, energierenovatie 32 %
    against 19 %: page 1's bold lead names the largest three of those own gaps, largest first, with both figures;
    it no longer opens with the neighbours."""
    page = _html(samples, "lendelede", "wonen")
    lead = _text(re.search(r'<p class="kernboodschap"><strong>(.*?)</strong></p>', page, flags=re.S).group(1))
    assert lead.startswith("Eerste indruk (31 deelnemers, niet zeker):")
    gaps = sorted(((abs(o - v), label, o, v) for label, (o, v) in _own_and_flanders(page, "Lendelede").items()),
                  reverse=True)
    third = gaps[2][0]
    named = [(m.start(), (int(m.group(1)), int(m.group(2)))) for m in re.finditer(r"\((\d+) % tegen (\d+) %\)", lead)]
    assert len(named) == 3
    printed = [pair for _, pair in sorted(named)]
    assert printed[:2] == [(o, v) for _, _, o, v in gaps[:2]]
    assert printed[2] in [(o, v) for gap, _, o, v in gaps if gap == third]
    assert [abs(o - v) for o, v in printed] == sorted((abs(o - v) for o, v in printed), reverse=True)
    assert not any(name in lead for name in ("Kuurne", "Harelbeke", "Ledegem", "buren"))


@pytest.mark.parametrize("gemeente,dienst", SHORT)
def test_the_short_brief_gives_the_region_its_own_paragraph_after_the_lead(samples, gemeente, dienst):
    """(b) a separate paragraph labelled 'In de streek:' with what is betekenisvol there and why it matters here,
    after the bold lead and before the how-sure line and the steps."""
    first = plain(samples.brief_pages(gemeente, dienst)[0])
    region = _text(re.search(r'<p class="in-de-streek">(.*?)</p>', _html(samples, gemeente, dienst),
                             flags=re.S).group(1))
    assert region.startswith("In de streek:")
    assert f"voor {gemeente.title()}" in region or "de eerste indruk" in region
    assert first.index("In de streek:") < first.index("Hoe zeker:") < first.index("Volgende stappen")

"""Issue 27, thirteenth blind reading of the department brief: no 'te weinig' beside a large area, a held-back
group that says why, and no file names for the reader outside the colofon."""

import html
import re

import pytest

ALL = [(g, d) for g in ("leuven", "merelbeke-melle", "lendelede", "spiere-helkijn") for d in ("ruimte", "wonen")]
MIN_N = 30


def _html(samples, gemeente: str, dienst: str) -> str:
    return samples.brief(gemeente, dienst).with_suffix(".html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    """The words of an HTML fragment, tags dropped and white space folded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _count(text: str) -> int | None:
    """A printed n ('9.818', 'n = 74') as a number; None when the cell holds none."""
    m = re.search(r"\d[\d.]*", text)
    return int(m.group(0).replace(".", "")) if m else None


# --- 1a. 'te weinig' never stands beside an area or group with enough answers --------------------------------------

@pytest.mark.parametrize("gemeente,dienst", ALL)
def test_no_row_bar_or_sentence_pairs_te_weinig_with_an_area_or_group_that_has_enough_answers(samples, gemeente,
                                                                                               dienst):
    """Round 13: 'nee (te weinig antwoorden om een verschil … te zien)' stood beside Oost-Vlaanderen (n = 9.818): what
    limits the test there are the municipality's answers. A row, a bar or a sentence that says 'te weinig' is about
    something with fewer answers than the threshold, never about an area or group whose printed n is larger."""
    page = _html(samples, gemeente, dienst)
    rows = 0
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S):
        n_cell = re.search(r'data-label="n">(.*?)</td>', row, flags=re.S)
        if n_cell is None:
            continue
        rows += 1
        n = _count(_text(n_cell.group(1)))
        if n is not None and "&lt;" not in n_cell.group(1) and "<" not in _text(n_cell.group(1)):
            assert "te weinig" not in _text(row), _text(row)
    assert rows > 4 or "Bijlage: alle cijfers" not in page
    for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, flags=re.S):  # the short brief's neighbour table
        words = _text(cell)
        if "te weinig" in words:
            counts = re.findall(r"\d[\d.]*", re.sub(r"<\s*\d+", "", words))  # 'n < 30' is the threshold itself
            assert all(int(c.replace(".", "")) < MIN_N for c in counts), words
    for bar in re.findall(r'<div class="staaf-rij[^"]*">(.*?)</div>', page, flags=re.S):
        words = _text(bar)
        if "te weinig" in words:
            assert not re.search(r"n = \d", words), words
    prose = [_text(p) for p in re.findall(r"<(?:p|li)\b[^>]*>(.*?)</(?:p|li)>", page, flags=re.S)]
    for sentence in (s for p in prose for s in re.split(r"(?<=[.;])\s", p)):
        if "te weinig" in sentence:
            for m in re.finditer(r"n = (\d[\d.]*)", sentence):
                assert int(m.group(1).replace(".", "")) < MIN_N, sentence


def test_the_reason_a_difference_cannot_be_shown_blames_no_area(samples):
    """The reason in the annex says what the numbers can show, not that a province lacks answers."""
    text = " ".join(samples.brief_pages("merelbeke-melle", "ruimte"))
    assert "nee (met deze aantallen antwoorden valt een verschil kleiner dan" in text
    assert "te weinig antwoorden om een verschil" not in text


# --- 1c. a held-back group says why, in one wording -----------------------------------------------------------------

def test_a_held_back_group_says_why_in_the_same_words_in_table_bar_and_sentence(samples):
    """'Huurder: niet getoond' read as missing data. A figure held back so that a small group cannot be worked out
    says so where it stands: in a table row ('niet getoond' and the reason in its last column), and in a bar or a
    sentence as one phrase; the words are the same everywhere."""
    from thuis_cli.products.brief import Words

    say = Words()
    reason = say("onderdrukt_reden", "30")
    assert reason == "anders valt een groep van minder dan 30 af te leiden"
    assert say("onderdrukt", "30") == f"niet getoond: {reason}"
    page = _html(samples, "merelbeke-melle", "ruimte")
    held = [r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S) if "niet getoond" in r]
    assert held, "the Merelbeke-Melle sample holds tenants back"
    for row in held:
        assert reason in _text(row), _text(row)
    for gemeente, dienst in ALL:
        words = _text(_html(samples, gemeente, dienst))
        # every 'niet getoond' a reader meets is followed by its reason, except the annex's footnote heading
        for m in re.finditer(r"niet getoond(?!\.)", words, flags=re.I):
            after = words[m.end():m.end() + 200]
            assert reason in after, (gemeente, dienst, words[m.start() - 60:m.end() + 80])


# --- 4. no file names for the reader ---------------------------------------------------------------------------------

@pytest.mark.parametrize("gemeente,dienst", ALL)
def test_no_file_name_is_printed_outside_the_colofon(samples, gemeente, dienst):
    """'(buren.csv)' stood on page 2 of the short briefs. The reader reads 'de lijst van buurgemeenten waarmee
    deze briefing gemaakt is' and whom to tell; the file's name stays in the colofon."""
    page = _html(samples, gemeente, dienst)
    colofons = re.findall(r'<p class="klein bron colofon">.*?</p>', page, flags=re.S)
    assert len(colofons) == 1
    rest = _text(page.replace(colofons[0], ""))
    assert ".csv" not in rest
    pages = samples.brief_pages(gemeente, dienst)
    before_colofon = " ".join(pages)
    before_colofon = before_colofon[:before_colofon.rindex("Bron: ")]
    assert ".csv" not in before_colofon
    if "Buurgemeenten van" in rest:
        assert "meld het aan wie de briefing maakt" in rest
        # round 14: the colofon names the list in reader words too, never its file name
        assert "de lijst van buurgemeenten" in colofons[0] and ".csv" not in colofons[0]


# --- 1b. a context gap names every context area that differs the same way ------------------------------------------

FULL = [(g, d) for g in ("leuven", "merelbeke-melle") for d in ("ruimte", "wonen")]


def test_a_context_gap_on_page_one_names_the_province_too_when_it_differs_betekenisvol_the_same_way(ws, samples):
    """Round 13: Merelbeke-Melle's page 1 gave 'levendige buurt' only against Vlaanderen while the gap with the province
    was larger and also betekenisvol. Every context sentence of page 1 names each context area (Flanders, the
    province) from which the municipality differs betekenisvol in the finding's direction, with the gap."""
    from thuis_cli.products.brief import brief_context

    checked = 0
    for gemeente, dienst in FULL:
        gebied = ws.municipality(gemeente)
        area = ws.area(gebied)
        page = samples.brief_pages(gemeente, dienst)[0]
        for c in brief_context(ws, gebied, dienst)["context"]:
            f = c["bevinding"]
            said = [s for s in re.split(r"(?<=\.) ", page) if f"‘{c['label'].lower()}’" in s and " ligt " in s]
            assert said, (gemeente, dienst, c["label"])
            sentence = said[0]
            for key in ("vlaanderen", "provincie"):
                ref, cmp = area.reference(key), area.versus(f.indicator, key)
                if ref is None or not (cmp.comparable and cmp.real) or (cmp.diff > 0) != (f.direction > 0):
                    continue
                checked += 1
                assert ref.gebied.kort in sentence, (gemeente, dienst, sentence)
                if sentence.startswith("Bij ‘"):  # a sentence of its own gives each gap
                    assert f"{ref.gebied.kort} ({cmp.gap().amount} procentpunt)" in sentence, sentence
    assert checked >= 6  # the sample holds context gaps shared by Flanders and the province


# --- 1d. a brief with a page-1 finding has a step of its own --------------------------------------------------------

def _trekker(role: str) -> str:
    return re.split(r",| \(trekker\)", role)[0].strip()


def test_every_brief_with_a_page_one_finding_gives_at_least_one_step_led_by_the_department_itself(ws):
    """Round 13: Merelbeke-Melle's wonen brief showed three gaps 'Binnen uw gemeente' and no step at all. Over every
    other sample municipality (half of them, to keep the suite quick) and every department: a full brief with any
    page-1 finding (numbered, 'Ook van belang' or a gap within the municipality) gives at least one step, and its
    trekker is this department, never another's (round 14: or the department takes part in it)."""
    from thuis_cli.products.brief import brief_context, fitted_role, short_steps

    diensten = ws.config.diensten.diensten
    checked = 0
    for gebied in ws.municipalities_in_data()[::2]:
        leads = {d: fitted_role(ws, gebied, short_steps(diensten[d])["wie"]) for d in diensten}
        for dienst in diensten:
            ctx = brief_context(ws, gebied, dienst)
            ook = ctx["ook_van_belang"]
            if ctx.get("kort") or not (ctx["oogopslag"] or ctx["binnen"] or ook):
                continue
            steps = [s for s in [p.get("actie") for p in ctx["oogopslag"]] + [ook.get("actie") if ook else None]
                     + [w.get("actie") for w in ctx["binnen"]] if s]
            assert steps, (gebied.naam, dienst)
            others = {r for d, r in leads.items() if d != dienst and r != leads[dienst]}
            # round 14: or it takes part in a step whose instrument is another department's ('met de dienst omgeving')
            assert any(_trekker(s.wie) not in others or f"met {leads[dienst]}" in s.wie for s in steps), (
                gebied.naam, dienst, [s.wie for s in steps])
            checked += 1
    assert checked > 20


def test_merelbeke_melle_wonen_gives_its_step_with_a_gap_within_and_says_so_in_its_key_message(samples):
    """Without a numbered finding the step stands with the first gap 'Binnen uw gemeente' an action fits; the key
    message no longer says there is no step, and page 1 keeps the whole section."""
    first = samples.brief_pages("merelbeke-melle", "wonen")[0]
    within = first[first.index("Binnen uw gemeente"):]
    assert "Volgende stap:" in within and " · wie: " in within
    assert "een eigen bevinding met een volgende stap is er niet" not in first
    assert "de volgende stap staat bij het verschil waarvoor uw dienst een instrument heeft" in first


# --- 2. a group gap leads page 1 only when it is clearly larger than in the primary comparison --------------------

def test_leuven_wonen_leads_with_a_primary_comparison_finding_and_numbers_no_65_plus_gap(ws, samples):
    """Round 13: the 65-plus gap is about as large in the other centrumsteden, so it says nothing of Leuven itself:
    page 1's first finding is a difference with the primary comparison and no numbered finding is the 65-plus gap."""
    from thuis_cli.products.brief import page_one

    leuven = ws.municipality("leuven")
    one = page_one(ws, leuven, "wonen")
    first = one.findings[0]
    assert first.kind == "verschil" and one.scope.key_of(first.reference_area) == ws.area(leuven).primary_key()
    assert not [f for f in one.findings if f.kind == "groepsverschil" and f.group.endswith("65+")]
    page = samples.brief_pages("leuven", "wonen")[0]
    numbered = re.findall(r"\b\d\. ([^.]*?) (?:Leuven \d+ %)", page)
    assert numbered and not [h for h in numbered if "65" in h], numbered


@pytest.mark.parametrize("gemeente,dienst", FULL)
def test_a_numbered_group_finding_is_clearly_larger_than_the_same_gap_in_the_primary_comparison(ws, gemeente,
                                                                                                 dienst):
    """The one rule of 'Ook van belang' and 'Binnen uw gemeente' (docs/methode.md): the gap of the two gaps lies in
    the finding's direction, is at least the minimal difference, and its test gives p < alfa."""
    from thuis_cli.findings import gap_against_gap
    from thuis_cli.products.brief import page_one

    stat = ws.config.instellingen.statistiek
    one = page_one(ws, ws.municipality(gemeente), dienst)
    for f in one.findings:
        if f.kind != "groepsverschil":
            continue
        found = gap_against_gap(one.scope, f)
        if found is None:
            continue
        assert found.diff * f.diff > 0 and abs(found.diff) * 100 >= stat.min_verschil_pp, (gemeente, dienst, f)
        assert found.p_value < stat.alfa, (gemeente, dienst, f)


# --- 3. the two short briefs of one municipality do not contradict each other ---------------------------------------

def test_the_two_short_briefs_of_one_municipality_never_call_a_different_gap_the_largest_without_saying_whose(
        samples):
    """Lendelede's ruimte and wonen briefs both named 'de grootste verschillen', each over its own questions: the
    sentence now says over which set ('bij de vragen van uw dienst'), so the two briefs never contradict."""
    for dienst in ("ruimte", "wonen"):
        first = samples.brief_pages("lendelede", dienst)[0]
        for m in re.finditer(r"grootste verschil", first):
            said = first[m.start():m.end() + 60]
            assert first[m.end():m.end() + 40].startswith("len bij de vragen van uw dienst"), said


# --- 6. round 12's wording of 'Binnen uw gemeente' for each way the gaps were chosen ------------------------------

def _gap(uitzonderlijk: bool = False) -> dict:
    return {"uitzonderlijk": uitzonderlijk}


def _choice(van: int, per_vraag: bool, in_bijlage: int = 0) -> dict:
    return {"van": van, "per_vraag": per_vraag, "breedte": "30", "in_bijlage": in_bijlage, "uitzondering": False}


def test_within_introduction_says_how_its_gaps_were_chosen_in_each_case():
    """binnen_inleiding (round 12) with constructed input: one per question when there are more questions than
    shown; the fallback when a question gives two gaps ('eerst het grootste bij elke vraag, dan de grootste
    andere'); all of them when none is left out; the count left in the annex; and 'niet duidelijk groter' only
    when a shown gap is not clearly larger than elsewhere."""
    from conftest import say

    three = [_gap(), _gap(), _gap()]
    per_question = say("binnen_inleiding", "Gent", three, _choice(5, True, in_bijlage=2))
    assert per_question.startswith("Per vraag het grootste betekenisvolle verschil tussen een groep en de andere "
                                   "deelnemers van Gent, bij de drie vragen met de grootste verschillen")
    assert "; nog 2 andere staan in de bijlage." in per_question
    assert "Niet duidelijk groter dan elders" in per_question
    one = say("binnen_inleiding", "Gent", [_gap(True)], _choice(3, True, in_bijlage=1))
    assert one.startswith("Het grootste betekenisvolle verschil tussen een groep en de andere deelnemers van Gent, "
                          "bij de vraag met het grootste verschil")
    assert "; nog 1 ander staat in de bijlage." in one and "Niet duidelijk groter" not in one
    fallback = say("binnen_inleiding", "Gent", three, _choice(4, False))
    assert fallback.startswith("Drie betekenisvolle verschillen tussen een groep en de andere deelnemers van Gent: "
                               "eerst het grootste bij elke vraag, dan de grootste andere (intervallen tot 30 "
                               "procentpunt breed).")
    every = say("binnen_inleiding", "Gent", [_gap(), _gap()], _choice(2, False))
    assert every.startswith("De betekenisvolle verschillen tussen een groep en de andere deelnemers van Gent "
                            "(intervallen tot 30 procentpunt breed).")
    only = say("binnen_inleiding", "Gent", [_gap(True)], _choice(1, False))
    assert only.startswith("Het enige betekenisvolle verschil tussen een groep")


def test_on_a_desktop_the_brief_takes_a_column_of_about_sixty_rem():
    """Round 13: at 1280 px the HTML brief stood in a 48rem column with wide margins. On a screen the body may now
    be up to 60rem wide, for text and charts alike; a phone (up to 40rem) keeps its full width."""
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "templates" / "static" / "brief.css").read_text(encoding="utf-8")
    screen = css[css.index("@media screen {"):]
    width = re.search(r"\bbody \{[^}]*max-width: ([\d.]+)rem", screen)
    assert width and 56 <= float(width.group(1)) <= 64, width

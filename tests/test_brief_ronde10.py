"""Issue 27, tenth blind reading of the department brief: a step that decides something, a housing brief that
does not repeat spatial planning's page 1, figures printed once, the region read without its centrumstad,
one verdict per gap with its reason in the sentence, chart labels that add up, and what an interval assumes."""

import re

import pytest
from thuis_cli import rules
from thuis_cli.comparison_groups import MIN_MEMBERS, comparison_group
from thuis_cli.products.brief import brief_context, neighbourhood

SAMPLES = [("leuven", "ruimte"), ("leuven", "wonen"), ("lendelede", "wonen"), ("spiere-helkijn", "ruimte"),
           ("merelbeke-melle", "ruimte")]

# a step that decides or commits: it puts a proposal on an agenda, takes it into a plan, or proposes it to
# the body that decides; 'bekijk', 'zoek uit', 'vraag na', 'nagaan', 'een telling' are finding out
DECISION = re.compile(r"^(?:(?:Eerst|Daarna): )?(?:agendeer\b|zet .{1,80}? op de agenda\b|neem in .{1,80}? op\b"
                      r"|leg (?:het college|de gecoro|de gemeenteraad|het lokaal woonoverleg)\b.{0,80}? voor\b"
                      r"|beslis\b)", re.IGNORECASE)


@pytest.fixture(scope="module")
def first_pages(samples):
    return {(g, d): samples.brief_pages(g, d)[0] for g, d in SAMPLES}


def steps(first_page: str) -> list[tuple[str, str]]:
    """Page 1's steps as (what the step says, where it goes): a finding's 'Volgende stap: ... · via: X', or a
    numbered step of the short brief ('2. Daarna: ... · wie: ...', where it goes after 'beslist:' or 'waar:')."""
    found = [(m.group(1), m.group(2)) for m in
             re.finditer(r"Volgende stap: (.+?) · wie: .+? · via: (.+?) · wanneer", first_page)]
    if "Volgende stappen" in first_page:
        block = first_page[first_page.index("Volgende stappen"):first_page.index("Verder: meer te weten komen")]
        for m in re.finditer(r"\d\. (.+?) · wie: (.+?)(?= \d\. |$)", block):
            where = re.search(r"(?:beslist|waar): ([^·]+)", m.group(2))
            found.append((m.group(1), where.group(1).strip() if where else ""))
    return found


def lead(step: str) -> str:
    """A step's verb and its object's first word ('leg de', 'zet aanpasbaar', 'een telling')."""
    words = re.sub(r"^(?:Eerst|Daarna): ", "", step).lower().split()
    return " ".join(words[:2])


# --- 1. a step that decides; no two steps alike ----------------------------------------------------------------

@pytest.mark.parametrize("gemeente,dienst", SAMPLES)
def test_page_one_has_a_step_that_puts_a_proposal_on_an_agenda_or_into_a_plan(first_pages, gemeente, dienst):
    """Round 10: every step was 'find out more'. At least one page-1 step decides or commits something within
    the department's remit (a proposal to the Gecoro, the lokaal woonoverleg, the college, or into a plan)."""
    found = steps(first_pages[gemeente, dienst])
    assert found, first_pages[gemeente, dienst][:3000]
    assert [s for s, _ in found if DECISION.match(s)], found


@pytest.mark.parametrize("gemeente,dienst", SAMPLES)
def test_no_two_page_one_steps_share_their_verb_and_instrument(first_pages, gemeente, dienst):
    found = steps(first_pages[gemeente, dienst])
    keys = [(lead(s), where.lower()) for s, where in found]
    assert len(keys) == len(set(keys)), keys


@pytest.mark.parametrize("gemeente,dienst", SAMPLES)
def test_page_one_says_once_that_the_answers_are_of_2020_and_the_steps_of_the_planning_year(
        ws, first_pages, gemeente, dienst):
    year = ws.config.instellingen.planning.jaar
    text = first_pages[gemeente, dienst]
    said = f"Cijfers van 2020, stappen voor {year}: "
    assert text.count(said) == 1
    after = text.split(said, 1)[1][:80]
    assert after.startswith(("toets een cijfer eerst aan de laatste Gemeente-Stadsmonitor",
                             "daarom eerst de monitor (stap 1)"))


# --- 2. the housing brief leads with its own topics; 'Ook van belang' only when special ----------------------

@pytest.mark.parametrize("gemeente", ["leuven", "merelbeke-melle"])
def test_ruimte_and_wonen_briefs_each_lead_with_their_own_core_topics(ws, gemeente):
    """Round 10 let the housing brief number only its core topics; round 14 fills page 1 up to its maximum after
    them (tests/test_brief_ronde14.py), so the two briefs may share a finding, but each leads with its own."""
    for d in ("ruimte", "wonen"):
        core = ws.config.diensten.diensten[d].kern
        numbered = [p["indicator"] for p in brief_context(ws, ws.municipality(gemeente), d)["oogopslag"]]
        own = [i in core for i in numbered]
        assert own == sorted(own, reverse=True), (d, numbered)


def test_with_a_core_finding_page_one_numbers_core_findings_first_and_names_only_what_finds_no_room(ws):
    """Leuven wonen: 'bereid om kleiner te wonen' is the housing office's own topic and comes first; living in a
    centre (spatial planning's topic, 11 procentpunt) follows as a numbered finding while page 1 has room (round
    14: it stood in the 'Ook betekenisvol' line beside a half-empty page)."""
    dienst = ws.config.diensten.diensten["wonen"]
    ctx = brief_context(ws, ws.municipality("leuven"), "wonen")
    numbered = [p["indicator"] for p in ctx["oogopslag"]]
    assert numbered[0] in dienst.kern and "ligging_gewenst" in numbered
    assert not ctx["ook_betekenisvol"] or len(numbered) == ctx["oogopslag_max"]


@pytest.mark.parametrize("gemeente,dienst", [("leuven", "wonen"), ("leuven", "ruimte"), ("merelbeke-melle", "wonen")])
def test_ook_van_belang_only_for_a_group_gap_clearly_larger_than_in_the_primary_comparison(ws, gemeente, dienst):
    """Tenants renovate less everywhere: the gap stands on page 1 when the one gap-against-gap verdict finds it
    larger here than in the primary comparison, or (round 14) when page 1 numbers fewer findings than its maximum;
    else 'Binnen uw gemeente' gives it."""
    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    extra = ctx["ook_van_belang"]
    assert extra is None or extra["uitzonderlijk"] or len(ctx["oogopslag"]) < ctx["oogopslag_max"]


def test_leuven_tenants_renovating_less_stands_once_in_the_brief(samples, first_pages):
    """Round 14 put the tenants' gap on page 1 while page 1 had room; round 15 applied the one gap-against-gap rule
    there too and moved it to 'Binnen uw gemeente'. Round 16: the housing office's own topic stands on page 1 again
    (said as common, tests/test_brief_ronde16.py), and then not a second time in 'Binnen uw gemeente'."""
    assert ("maar niet eigen aan Leuven: huurders plannen minder vaak een energierenovatie"
            in first_pages["leuven", "wonen"])
    text = " ".join(samples.brief_pages("leuven", "wonen"))
    assert text.count("Huurwoningen: bij 6 % van de huurders") == 0


def test_a_key_message_over_a_theme_names_exactly_the_numbered_findings(ws, first_pages):
    """Round 10 counted the questions page 1 only names; round 14: the key message names exactly the numbered
    findings (Leuven ruimte named three and numbered two), and page 1 numbers 'bereid om kleiner te wonen'."""
    ctx = brief_context(ws, ws.municipality("leuven"), "ruimte")
    samen = ctx["kernboodschap_samen"]
    assert samen and samen["aantal"] == len(ctx["oogopslag"]) and samen["genoemd"] == 0
    assert "‘bereid om kleiner te wonen’" in first_pages["leuven", "ruimte"].split("Hoe zeker:")[0]  # round 11


# --- 7. what an interval assumes --------------------------------------------------------------------------------

def test_the_sample_step_says_what_the_intervals_assume_not_that_an_open_survey_has_no_margin(samples):
    text = " ".join(samples.brief_pages("lendelede", "ruimte"))
    assert "een open bevraging niet" not in text
    assert "De intervallen gaan uit van een toevalssteekproef" in text  # round 18: once, in 'Over deze cijfers'
    assert "scheef" in text


# --- 3. a small count printed once --------------------------------------------------------------------------

PAIR = re.compile(r"\b(\d+) van (?:de )?(\d+)\b")


@pytest.mark.parametrize("gemeente,dienst", SAMPLES + [("lendelede", "ruimte")])
def test_no_count_pair_is_printed_more_than_twice_and_at_most_once_on_page_one(samples, gemeente, dienst):
    """Lendelede: '13 %, 4 van 31' on four rows looked like a bug. A count that recurs on more than two
    questions is given once, under the table, with its questions; the cells give the share with n."""
    pages = samples.brief_pages(gemeente, dienst)
    every = PAIR.findall(" ".join(pages))
    assert all(every.count(p) <= 2 for p in set(every)), sorted(p for p in set(every) if every.count(p) > 2)
    first = PAIR.findall(pages[0])
    assert all(first.count(p) <= 1 for p in set(first)), first


def test_lendelede_says_once_which_questions_share_the_count_of_4_of_31(ws, samples):
    ctx = brief_context(ws, ws.municipality("lendelede"), "wonen")
    same = ctx["buurt"]["zelfde_telling"]
    assert [(t["aantal"], t["n"], len(t["vragen"])) for t in same] == [("4", "31", 3)]
    text = " ".join(samples.brief_pages("lendelede", "wonen"))
    assert ("‘wil een rijwoning of appartement’, ‘bereid om kleiner te wonen’ en ‘interesse in samenhuizen’ gaven "
            "telkens 4 van de 31 deelnemers uit Lendelede het antwoord dat we tellen (13 %)") in text
    # the rows of that count give the share with n; a count found on two questions stays beside its shares
    flagged = [r["label"] for r in ctx["buurt"]["rijen"] if r["telling_onder_tabel"]]
    assert flagged == same[0]["vragen"]
    assert text.count("10 van 31") == 2


# --- 4. the region read without its centrumstad; the group rule in words ----------------------------------------

def test_a_centrumstad_neighbour_is_read_apart_from_the_region_pattern(ws, samples):
    """Kortrijk, a centrumstad, is listed as Spiere-Helkijn's neighbour (the reference data's matter): its
    46 % beside Zwevegem's 21 % made 'geen eenduidig beeld'. The pattern is read from the other neighbours
    and the comparison group; Kortrijk is named apart, with its figure."""
    ctx = brief_context(ws, ws.municipality("spiere-helkijn"), "ruimte")
    buurt = ctx["buurt"]
    assert buurt["centrumsteden"] == ["Kortrijk"]
    streek = buurt["streek"]
    assert streek["gebieden"] and "Kortrijk" not in [g["naam"] for g in streek["gebieden"]]
    assert [a["naam"] for a in streek["apart"]] == ["Kortrijk"]
    pages = samples.brief_pages("spiere-helkijn", "ruimte")
    assert "geen eenduidig beeld" not in " ".join(pages)
    # round 11: the pattern says betekenisvol (each one's own family), Kortrijk named once, apart
    assert "liggen de buren en de vergelijkbare gemeenten allemaal betekenisvol onder Vlaanderen" in pages[0]
    assert "Buurgemeente Kortrijk is een centrumstad: die lezen we apart." in pages[0]
    assert "Kortrijk is een centrumstad en lezen we apart: daar 46 % (n = 410)." in pages[1]


def test_a_centrumstad_reads_its_centrumstad_neighbours_with_the_rest(ws):
    """Only a smaller municipality reads a centrumstad neighbour apart; a centrumstad's own brief has no
    such column set apart (its neighbours are its region)."""
    for gemeente in ("leuven", "kortrijk"):
        gebied = ws.municipality(gemeente)
        buurt = neighbourhood(ws, gebied, ws.area(gebied), rules.indicators_for(ws.config, "ruimte"))
        assert buurt["centrumsteden"] == []


def test_both_comparison_groups_follow_the_documented_rule_and_the_brief_says_it(ws, samples):
    """Spiere-Helkijn's group stops at < 20.000 because Lendelede (31 participants) counts as its member;
    Lendelede's own group cannot count Lendelede, so it widens to < 40.000. The brief says the rule."""
    spiere = comparison_group(ws, ws.municipality("spiere-helkijn"))
    lendelede = comparison_group(ws, ws.municipality("lendelede"))
    assert spiere.klasse == (0, 20000) and lendelede.klasse == (0, 40000)
    assert spiere.eigen_klasse == lendelede.eigen_klasse == (0, 10000)
    members = [m.naam for m in spiere.members]
    assert "Lendelede" in members and len([m for m in members if m != "Lendelede"]) < MIN_MEMBERS
    min_n = ws.config.instellingen.statistiek.min_n
    for gemeente in ("Spiere-Helkijn", "Lendelede"):
        text = " ".join(samples.brief_pages(gemeente.lower(), "ruimte"))
        # round 16: the rule in one line, starting from the municipality's own size class
        text = text.replace("Spiere-\nHelkijn", "Spiere-Helkijn")
        assert (f"gemeenten met minder dan 10.000 inwoners, zoals {gemeente}; omdat te weinig daarvan genoeg "
                f"antwoorden hadden, verbreed tot") in text
        assert f"Een groep telt minstens {MIN_MEMBERS} gemeenten met elk minstens {min_n:.0f} deelnemers" in text


# --- 5. one verdict per gap, its reason where it is given ------------------------------------------------------

def test_an_equal_gap_with_the_other_verdict_says_why_in_its_own_sentence(ws, samples):
    """Merelbeke-Melle: 8 procentpunt below Flanders on 'kiest een levendige buurt' is betekenisvol on page 1;
    8 procentpunt below Oost-Vlaanderen on 'wil een rijwoning of appartement' is not. The page that gives the
    second verdict says why, with both intervals, not only the annex."""
    ctx = brief_context(ws, ws.municipality("merelbeke-melle"), "ruimte")
    same = ctx["onbeslist_samen"]["even_groot"]
    assert [(e["label"], e["verschil"].amount, e["ander"]["label"], e["ander"]["verschil"].amount) for e in same] \
        == [("Wil een rijwoning of appartement", "8", "Kiest een levendige buurt", "8")]
    text = " ".join(samples.brief_pages("merelbeke-melle", "ruimte")[1:])
    # round 11: the reason in one plain sentence (a share near 30 % leaves more room for chance than one near 10 %)
    # round 15: the page-1 gap it is set beside is named with its own comparison (page 1 gives that question 8 against
    # Flanders and 10 against the province)
    assert ("Bij ‘wil een rijwoning of appartement’ is het verschil met de provincie Oost-Vlaanderen (8 procentpunt) "
            "even groot als het verschil met Vlaanderen bij ‘kiest een levendige buurt’ bij ‘Wat valt op’, maar niet "
            "betekenisvol: bij een aandeel rond 30 % is het toeval groter dan rond 10 %.") in text


@pytest.mark.parametrize("gemeente,dienst", [("leuven", "ruimte"), ("leuven", "wonen"), ("merelbeke-melle", "ruimte")])
def test_every_not_betekenisvol_gap_as_large_as_a_page_one_gap_gets_its_reason(ws, gemeente, dienst):
    from thuis_cli import fmt

    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    page_one = [abs(p["verschil"].value) for p in ctx["oogopslag"] if p["bevinding"].kind == "verschil"]
    page_one += [abs(c["verschil"].value) for c in ctx["context"] if c["verschil"] is not None]
    for b in ctx["bewijs"]:
        if not b["onbeslist"] or b["hoger"] or b["lager"] or b["punt"] or b["suppressed"]:
            continue
        gaps = [abs(fmt.gap(b["cijfer"].share, c["cijfer"].share).value) for c in b["onbeslist"]
                if c["cijfer"] is not None and not c["cijfer"].suppressed]
        needs = page_one and any(g >= min(page_one) and g >= 5 for g in gaps)
        assert bool(b["even_groot"]) == bool(needs), b["label"]


def test_former_municipalities_not_betekenisvol_apart_say_why_where_they_say_it(ws, samples):
    """'Melle en Merelbeke verschillen hier niet betekenisvol (−13 pp)' beside page 1's betekenisvol 13 pp:
    the sentence says why (Melle's few answers)."""
    text = " ".join(samples.brief_pages("merelbeke-melle", "ruimte")[1:])
    assert ("Melle en Merelbeke verschillen hier niet betekenisvol (−13 pp): met 51 antwoorden in Melle is een "
            "verschil van die grootte nog niet zeker.") in text


# --- 6. chart numbers that add up, and a place for those that do not fit -----------------------------------

def test_segment_numbers_add_up_to_the_printed_share_and_to_100():
    """'24' and '11' beside a heading of 36 %: each segment was rounded on its own. Largest remainder within the
    counted answers (to the printed share) and within the others (to the rest of 100)."""
    from thuis_cli import fmt

    shares = [0.19, 0.28, 0.17, 0.245, 0.115]
    counted = [False, False, False, True, True]
    assert fmt.whole_percent(0.245) + fmt.whole_percent(0.115) == 37  # each on its own: 25 + 12 beside 36 %
    parts = fmt.whole_parts(shares, counted)
    assert parts[3] + parts[4] == fmt.whole_percent(0.36) == 36 and sum(parts) == 100
    assert fmt.whole_parts([0.245, 0.245, 0.51]) == [25, 24, 51]  # no counted answers: to 100


@pytest.mark.parametrize("gemeente,dienst", [("leuven", "ruimte"), ("leuven", "wonen"), ("merelbeke-melle", "ruimte")])
def test_every_bar_s_counted_numbers_add_up_to_the_share_the_brief_prints(ws, gemeente, dienst):
    from thuis_cli import fmt

    ctx = brief_context(ws, ws.municipality(gemeente), dienst)
    by_id = ws.config.catalogus.by_id
    for b in ctx["bewijs"]:
        ind = by_id[b["id"]]
        counted = [True, False] if ind.soort == "meervoudig" else [a in ind.kern for a in ind.answer_ids]
        for v, ref in zip(b["verdeling"], [b["cijfer"]] + [c["cijfer"] for c in b["referenties"]]):
            if v.shares is None:
                continue
            whole = [round(s * 100) for _, s in v.delen]
            assert sum(whole) == 100, (b["label"], v.naam, whole)
            assert sum(w for w, c in zip(whole, counted) if c) == fmt.whole_percent(ref.share), (b["label"], v.naam)


def test_a_segment_too_narrow_for_its_number_gets_it_under_the_chart(ws, samples):
    from thuis_cli import chart

    drawn = chart.stacked_bars(("Ja", "Nee", "Weet niet"), (("Gemeente", (0.6, 0.38, 0.02), True),), width_cm=9.0)
    assert drawn.unlabelled == (("Gemeente", 2, 2),)
    ctx = brief_context(ws, ws.municipality("leuven"), "ruimte")
    block = next(b for b in ctx["bewijs"] if b["id"] == "woningtype_gewenst")
    assert block["buiten_balk_smal"] == [
        {"antwoord": "Rijwoning", "waarden": [("Vlaams-Brabant", 12), ("Vlaanderen", 12)]},
        {"antwoord": "Andere woonvorm", "waarden": [("Leuven", 2), ("Andere centrumsteden", 2),
                                                    ("Vlaams-Brabant", 2), ("Vlaanderen", 2)]}]
    html = samples.brief("leuven", "ruimte").with_suffix(".html").read_text("utf-8").replace("\u00a0", " ")
    assert ('<p class="klein buiten-balk smal">Te smal voor een getal in de balk: ‘rijwoning’ Vlaams-Brabant 12 %, '
            'Vlaanderen 12 %; ‘andere woonvorm’ Leuven 2 %') in html

"""Issue 27, fifteenth blind reading of the department brief: no two steps of one family, a step argues from the
direction of its finding, one rule for 'clearly larger here', and the department's own step first."""

import re

import pytest

from thuis_cli import actions


@pytest.fixture(scope="module")
def contexts(samples):
    from thuis_cli.products.brief import brief_context

    ws = samples.ws
    return {(g, d): brief_context(ws, ws.municipality(g), d)
            for g, d in (("leuven", "ruimte"), ("leuven", "wonen"), ("merelbeke-melle", "ruimte"))}


# --- 1. no near-duplicate steps -------------------------------------------------------------------------------------

def test_leuven_ruimte_gives_no_two_steps_of_one_instrument_in_the_same_hands_but_refers_back(samples, contexts):
    """Steps 1 and 3 were both 'de dienst omgeving · Gecoro' about the quality of compact homes: the later finding
    now shares step 1 ('Zie stap 1') instead of a second conversation in the same hands."""
    points = contexts["leuven", "ruimte"]["oogopslag"]
    own_steps = [(p["actie"].instrument, actions.lead(p["actie"])) for p in points
                 if p["actie"] is not None and not p.get("zie_stap")]
    assert len(own_steps) == len(set(own_steps)) >= 2
    # round 16: the finding that shared step 1 (living smaller) is the dienst wonen's core topic: that department
    # leads its step, and the ruimte brief's own part in it refers to step 1 instead of repeating it
    shared = [p for p in points if p.get("zie_stap") or p.get("uw_deel", {}).get("stap")]
    assert shared and all(p.get("zie_stap") == 1 or p["uw_deel"]["stap"] == 1 for p in shared)
    page = samples.brief_pages("leuven", "ruimte")[0]
    assert page.count("via: Gecoro") == 1 and "uw deel: breng dit mee in stap 1" in page


def test_choose_never_gives_two_steps_of_one_family(samples):
    """Whatever the findings, the chosen steps of one brief hold each (instrument, lead, topic) family once."""
    from thuis_cli.products.brief import page_one

    ws = samples.ws
    for gemeente, dienst in (("leuven", "ruimte"), ("leuven", "wonen"), ("merelbeke-melle", "wonen")):
        steps = [a for a in page_one(ws, ws.municipality(gemeente), dienst).actions if a is not None]
        distinct = list(dict.fromkeys(steps))  # a shared step is the same action object, said once
        assert len({actions.family(a) for a in distinct}) == len(distinct), (gemeente, dienst)


# --- 2. a step argues from what its finding says ----------------------------------------------------------------------

SCARCITY = ("schaars", "tekort", "meer vraag", "te weinig aanbod", "vraag naar")


def test_a_step_for_a_finding_below_the_comparison_never_presumes_scarcity(samples):
    """'minder vraag naar wonen in de kern → schaars aanbod' is weak logic: fewer people wanting something asks why
    (price, quality, noise), never that it is in short supply."""
    for dienst in samples.ws.config.diensten.diensten.values():
        for a in dienst.acties:
            if a.wanneer.richting == "lager":
                words = (a.besluit + " " + a.resultaat + " " + a.tekst).lower()
                assert not any(w in words for w in SCARCITY), a
    page = samples.brief_pages("leuven", "wonen")[0]
    step = page[page.index("2. "):]
    step = step[step.index("Volgende stap:"):]
    # round 16: the step de dienst omgeving leads (living in a core is its core topic), in the same words
    assert "zoek uit wat deelnemers hier van wonen in de kern afhoudt" in step
    assert "prijs, woningkwaliteit, lawaai" in step


# --- 3. one rule for 'clearly larger here' ------------------------------------------------------------------------

def test_ook_van_belang_only_gives_a_tenants_gap_the_one_rule_calls_clearly_larger_here(contexts):
    """Leuven wonen listed a tenants' gap as large in the other centrumsteden under 'Ook van belang'. Round 16: a
    department whose core topic the question is (wonen: renovation) gets it all the same, said as common
    (tests/test_brief_ronde16.py); any other department only when the one rule calls it clearly larger here."""
    for (_g, dienst), ctx in contexts.items():
        extra = ctx["ook_van_belang"]
        assert extra is None or extra["uitzonderlijk"] or dienst == "wonen"
    wonen = contexts["leuven", "wonen"]
    assert wonen["ook_van_belang"] is not None and not wonen["ook_van_belang"]["uitzonderlijk"]


def test_every_within_gap_carries_the_verdict_of_clearly_larger_here(samples):
    """'Binnen uw gemeente' and 'Ook van belang' read one verdict: the flag each gap carries is what
    `clearly_larger_here` says for it, on the sample."""
    from thuis_cli import rules
    from thuis_cli.products.brief import clearly_larger_here, page_one, within_municipality

    ws = samples.ws
    gebied = ws.municipality("leuven")
    first = page_one(ws, gebied, "wonen")
    indicators = rules.indicators_for(ws.config, "wonen")
    gaps = within_municipality(first.scope, indicators, first.findings,
                               ws.config.instellingen.statistiek.min_verschil_pp, first.candidates, None)
    assert gaps
    for w in gaps:
        assert w["uitzonderlijk"] == clearly_larger_here(first.scope, first.candidates, w["indicator"], w["sleutel"])


# --- 5. the department's own step first ---------------------------------------------------------------------------

def test_merelbeke_melle_ruimte_s_first_step_is_led_by_the_department_itself(samples, contexts):
    """Merelbeke-Melle's only step was led by mobiliteit: the department's own step comes first whenever it has an
    action for the finding; another role leads at most one step."""
    from thuis_cli.products.brief import page_one

    ws = samples.ws
    for gemeente, dienst in contexts:
        own = actions.own_lead(ws.config.diensten.diensten[dienst])
        leads = [actions.lead(a) for a in page_one(ws, ws.municipality(gemeente), dienst).actions if a is not None]
        assert leads and leads[0] == own, (gemeente, dienst, leads)
        assert sum(lead != own for lead in leads) <= 1
    page = samples.brief_pages("merelbeke-melle", "ruimte")[0]
    step = page[page.index("Volgende stap:"):]
    assert re.search(r"wie: de dienst omgeving, met de\s+mobiliteitsambtenaar", step)


# --- 4. one number per gap across pages -----------------------------------------------------------------------------

@pytest.mark.parametrize("gemeente,dienst", [("merelbeke-melle", "ruimte"), ("merelbeke-melle", "wonen"),
                                             ("leuven", "ruimte")])
def test_a_page_one_gap_cited_later_names_its_comparison_and_page_one_prints_the_same_figure(samples, gemeente,
                                                                                              dienst):
    """Merelbeke-Melle's page 2 said '8 procentpunt even groot als bij ‘kiest een levendige buurt’ op pagina 1', where
    page 1 gives that question 8 against Flanders and 10 against the province: the later page names the comparison,
    and page 1 prints that very gap with that very figure."""
    pages = [" ".join(p.split()) for p in samples.brief_pages(gemeente, dienst)]
    later = " ".join(pages[1:])
    cited = re.findall(r"\((\d+) procentpunt\) (?:even groot als|groter dan) het verschil met ([^‘]+?) bij ‘([^’]+)’ "
                       r"bij ‘Wat valt op’(?: \((\d+) procentpunt\))?", later)  # round 16: no page numbers
    for own, area, label, other in cited:
        figure = other or own
        start = pages[0].index(f"‘{label}’")
        said = pages[0][start:start + 300]
        assert f"{area} ({figure} procentpunt)" in said, (label, area, figure, said)
    if (gemeente, dienst) == ("merelbeke-melle", "ruimte"):
        assert cited


# --- 6. short briefs: every step in its box, page 1 short ----------------------------------------------------------

@pytest.mark.parametrize("gemeente", ["spiere-helkijn", "lendelede"])
def test_every_numbered_step_of_a_short_brief_stands_in_the_step_box(samples, gemeente):
    """Spiere-Helkijn's step 3 was numbered but bare under 'Verder', while steps 1 and 2 stood in a box: every
    numbered step has the same markup, inside an element of class 'stapkader'."""
    from html.parser import HTMLParser

    html = samples.brief(gemeente, "wonen").with_suffix(".html").read_text(encoding="utf-8")

    class Steps(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open: list[set[str]] = []
            self.numbers: list[tuple[str, bool, bool]] = []  # (number, in a box, the step's own class)
            self.strong = False

        def handle_starttag(self, tag, attrs):
            if tag in ("br", "img", "meta", "link", "col", "input", "hr"):
                return
            self.open.append(set((dict(attrs).get("class") or "").split()))
            self.strong = tag == "strong"

        def handle_endtag(self, tag):
            if tag not in ("br", "img", "meta", "link", "col", "input", "hr") and self.open:
                self.open.pop()
            self.strong = False

        def handle_data(self, data):
            if self.strong and (m := re.match(r"(\d)\. ", data)):
                self.numbers.append((m.group(1), any("stapkader" in c for c in self.open),
                                     any("stap" in c for c in self.open)))

    parser = Steps()
    parser.feed(html[:html.index('<section class="buurt"')])  # page 1: everything before the neighbours' table
    assert [n for n, _, _ in parser.numbers] == [str(i) for i in range(1, len(parser.numbers) + 1)]
    assert len(parser.numbers) >= 3
    assert all(boxed and own for _, boxed, own in parser.numbers), parser.numbers


def test_the_short_brief_s_page_one_stays_short(samples):
    """Lendelede's page 1 was a wall of text: the participants' number and the threshold are said once (headline,
    'Over deze cijfers'), the own figures in one block; page 1 stays under a word limit taken from the picture."""
    # round 17: Spiere-Helkijn's 'In de streek:' paragraph adds one clause on why the region matters there (420)
    for gemeente, limit in (("lendelede", 610), ("spiere-helkijn", 420)):
        first = samples.brief_pages(gemeente, "wonen")[0]
        assert len(first.split()) <= limit, (gemeente, len(first.split()))
        assert "namen 31 mensen deel" not in first


# --- 7. one definition of the comparison group ------------------------------------------------------------------

DEFINITION = re.compile(r"(Vergelijkbare gemeenten|Andere centrumsteden) \((?:de vergelijking die telt; )?([\d.]+) "
                        r"deelnemers\): (gemeenten met [^()]+ inwoners in [A-Z][\w-]+ \(op 1 januari 2020, gemeenten "
                        r"zoals sinds 2025\), geen centrumsteden|de andere centrumsteden van het Vlaamse "
                        r"stedenbeleid); ([A-Z][\w-]+) zelf telt niet mee\.")


@pytest.mark.parametrize("gemeente", ["leuven", "lendelede", "spiere-helkijn", "merelbeke-melle"])
def test_the_comparison_group_is_defined_in_one_sentence_pattern_everywhere(samples, gemeente):
    """'Vergelijkbare gemeenten' had three definitions across the sample briefs ('ongeveer evenveel inwoners als',
    'gemeenten met minder dan …', …). One macro gives one pattern: the group's name, its n, the rule the code uses
    (size class in the province, or the other centrumsteden) and that the municipality itself does not count."""
    ws = samples.ws
    gebied = ws.municipality(gemeente)
    text = re.sub(r"-\s+", "-", " ".join(" ".join(p.split()) for p in samples.brief_pages(gemeente, "ruimte")))
    found = DEFINITION.findall(text)
    assert len(found) == 1, found
    name, n, rule, itself = found[0]
    group = ws.area(gebied).reference("vergelijking").gebied
    from thuis_cli import fmt

    assert itself == gebied.naam and n == fmt.count(ws.respondents(group))
    assert (group.regel == "centrumsteden") == rule.startswith("de andere centrumsteden")
    assert "ongeveer evenveel inwoners" not in text


# --- 8. date and sender -------------------------------------------------------------------------------------------

def test_the_brief_says_when_and_by_whom_it_was_made_from_its_input_never_the_clock(samples):
    """The brief had no date or author. The colofon says 'Opgemaakt op <date> door <sender>': the date from
    SOURCE_DATE_EPOCH when set, else instellingen.yaml planning.opgemaakt_op, never the clock (same input, same
    bytes); the sender configured, else the department itself."""
    import datetime as dt

    from thuis_cli.products.brief import made_on

    planning = samples.ws.config.instellingen.planning
    assert planning.opgemaakt_op is not None and planning.afzender
    assert made_on(planning, {}) == planning.opgemaakt_op
    assert made_on(planning, {"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    assert made_on(planning.model_copy(update={"opgemaakt_op": None}), {}) is None
    from thuis_cli import fmt

    import os

    made = made_on(planning, os.environ)  # the run's own SOURCE_DATE_EPOCH, if any, goes first
    for gemeente in ("leuven", "spiere-helkijn"):
        text = " ".join(" ".join(p.split()) for p in samples.brief_pages(gemeente, "wonen"))
        assert text.count(f"Opgemaakt op {fmt.date(made)} door {planning.afzender}. Bron:") == 1


def test_without_a_configured_sender_the_department_signs(samples):
    from thuis_cli.products.brief import sender

    config = samples.ws.config
    wonen = config.diensten.diensten["wonen"]
    planning = config.instellingen.planning
    assert sender(planning, wonen) == planning.afzender
    unsigned = planning.model_copy(update={"afzender": ""})
    assert sender(unsigned, wonen) == f"de dienst {wonen.naam[0].lower()}{wonen.naam[1:]}"


# --- 9. a readable text column on a desktop -----------------------------------------------------------------------

def test_on_a_screen_running_text_is_capped_near_70_characters_and_tables_are_not():
    """At 1280 px the brief's lines ran to ~180 characters: on a screen, paragraphs, list items and headings take at
    most about 70 characters (ch), while tables keep the wider column."""
    from thuis_cli import resources

    css = (resources.templates_dir() / "static" / "brief.css").read_text(encoding="utf-8")
    screen = css[css.index("@media screen {"):]
    rule = re.search(r"\n\s*([^{}\n]*\bp\b[^{}\n]*)\{\s*max-width:\s*(\d+)ch;\s*\}", screen)
    assert rule is not None
    selectors = {s.strip() for s in rule.group(1).split(",")}
    assert {"p", "li", "h2", "h3"} <= selectors and 60 <= int(rule.group(2)) <= 75
    assert "table" not in selectors and re.search(r"td, th, caption \{ max-width: none; \}", screen)

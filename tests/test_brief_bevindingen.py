"""Page 1 of the department brief: what stands out, how sure it is, and what the department can do
about it (issue 12). Plus the evidence charts, the label forms and the department actions in config."""

import base64
import re

import pytest
import yaml

from thuis_cli import resources
from thuis_cli import actions
from thuis_cli.actions import Situation
from thuis_cli.config import load_config
from thuis_cli.config_departments import ACTIE_VELDEN
from thuis_cli.errors import InputError
from thuis_cli.products.brief import brief_context, ordered_references, page_one
from thuis_cli.workspace import Workspace

from conftest import pdf_pages, question, say, write_csv
from thuis_cli import rules

CASES = ["leuven", "bierbeek", "spiere-helkijn"]


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


def width_pp(figure) -> float:
    return (figure.hi - figure.lo) * 100


@pytest.mark.parametrize("gemeente", CASES)
def test_page_one_findings_are_stable_and_carry_advice_filled_with_their_figures(ws, gemeente):
    limit = ws.config.instellingen.oogopslag.max_interval_pp
    for dienst in ws.config.diensten.diensten:
        ctx = brief_context(ws, ws.municipality(gemeente), dienst)
        assert len(ctx["oogopslag"]) <= ws.config.instellingen.oogopslag.max
        kinds = [p["bevinding"].kind for p in ctx["oogopslag"]]
        assert kinds == sorted(kinds, key=["verschil", "niveau", "groepsverschil"].index), (gemeente, dienst)
        for p in ctx["oogopslag"]:
            f = p["bevinding"]
            assert width_pp(f.figure) <= limit, (gemeente, dienst, f)  # no wide interval leads
            assert p["actie"] is not None, (gemeente, dienst, f.indicator)
            step = say("volgende_stap", p)  # who, instrument, deliverable and moment, all four
            a = p["actie"]
            # round 16: a step another department leads ('De dienst wonen trekt dit: …; uw deel: …') gives who,
            # instrument, decision and moment; its deliverable stands in the leading department's brief
            shared = bool(p.get("uw_deel"))
            wat = (a.besluit or a.resultaat) if shared else a.resultaat
            for part in (a.wie[1:], a.instrument, wat[1:], a.moment):
                assert part in step, (part, step)
            assert "{" not in step
            headline = say("kop", p)
            # a kernlabel that compares itself ('meer groen … dan een parkeerplaats') never gives 'dan … dan'
            own_dan = p["kernlabel"].count(" dan ")  # 'meer groen … dan een parkeerplaats' stands after the comparison
            assert headline.split(", maar")[0].split(", en dat")[0].count(" dan ") == (f.kind != "niveau") + own_dan, \
                headline
            # one sentence, about two lines (a little more when it names the references that lie the other way)
            assert "\n" not in headline and len(headline) < (210 if p["tegen"] or p["elders"] else 180)
            figures = say("kop_cijfers", p)
            # each figure with its interval and n, beside what it is compared with (and the province and
            # Flanders as context, each with its own)
            assert len(re.findall(r"\d+ % \(\d+–\d+ %; n = [\d.]+\)", figures.replace("\u00a0", " "))) == \
                (2 if p["vergelijking"] is not None else 1) + len(p["achtergrond"]), figures
            printed = re.search(r"(\d+) % \([^)]*\)[^,]*, [^:]*?(\d+) % \([^)]*\)[^:]*: "
                                r"(\d+) procentpunt (meer|minder)", figures.replace("\u00a0", " "))
            assert printed or f.kind == "niveau", figures
            if printed:  # the printed gap is the difference of the printed shares
                a, b, gap, word = printed.groups()
                assert abs(int(a) - int(b)) == int(gap) and (word == "meer") == (int(a) > int(b)), figures


def test_a_small_municipality_gets_no_findings_but_an_honest_page_one(ws):
    ctx = brief_context(ws, ws.municipality("spiere-helkijn"), "mobiliteit")
    assert ctx["deelnemers_te_weinig"] and not ctx["oogopslag"]
    assert 1 <= len(ctx["vragen"]) <= 2


def test_a_subgroup_finding_with_a_wide_interval_never_reaches_page_one(ws):
    """Menen has real group gaps on small groups (intervals wider than 20 points)."""
    gemeente = ws.municipality("menen")
    area = ws.area(gemeente)
    limit = ws.config.instellingen.oogopslag.max_interval_pp
    wide_seen = False
    for dienst in ws.config.diensten.diensten:
        found = area.signals(rules.indicators_for(ws.config, dienst), rules.rules_for(ws.config, dienst))
        wide = {(f.indicator, f.group) for f in found if width_pp(f.figure) > limit}
        wide_seen |= bool(wide)
        shown = {(p["bevinding"].indicator, p["bevinding"].group)
                 for p in brief_context(ws, gemeente, dienst)["oogopslag"]}
        assert not wide & shown
    assert wide_seen  # the data do hold such findings: the limit is what keeps them off page 1


def two_municipalities(tmp_path):
    """Leuven far above Flanders on compact housing, Bierbeek far below; 400 answers each."""
    core = {"woningtype_gewenst": (["rijwoning", "appartement"], ["vrijstaand", "halfopen"])}
    rows = []
    for nis, naam, share in (("24062", "Leuven", 0.70), ("24011", "Bierbeek", 0.10),
                             ("20001", "Provincie Vlaams-Brabant", 0.40), ("02000", "Vlaanderen", 0.40)):
        n = 400 if len(nis) == 5 and nis not in ("20001", "02000") else 20000
        yes, no = core["woningtype_gewenst"]
        counts = {yes[0]: n * share / 2, yes[1]: n * share / 2, no[0]: n * (1 - share) / 2,
                  no[1]: n * (1 - share) / 2, "andere": 0}
        rows += question(nis, naam, "woningtype_gewenst", {k: round(v) for k, v in counts.items()})
    return write_csv(tmp_path / "resultaten.csv", rows)


def test_opposite_findings_get_different_advice(tmp_path):
    ws = Workspace.open([two_municipalities(tmp_path)], None)
    for dienst in ("ruimte", "wonen"):
        high = brief_context(ws, ws.municipality("leuven"), dienst)["oogopslag"]
        low = brief_context(ws, ws.municipality("bierbeek"), dienst)["oogopslag"]
        assert [p["indicator"] for p in high] == [p["indicator"] for p in low] == ["woningtype_gewenst"]
        assert high[0]["bevinding"].direction == 1 and low[0]["bevinding"].direction == -1
        assert actions.identity(high[0]["actie"]) != actions.identity(low[0]["actie"])
        assert say("volgende_stap", high[0]) != say("volgende_stap", low[0])
        assert say("kop", high[0]).startswith("Een groter deel") and "dan in Vlaanderen" in say("kop", high[0])
        assert say("kop", low[0]).startswith("Een kleiner deel") and "dan in Vlaanderen" in say("kop", low[0])
        assert "70 %" in say("kop_cijfers", high[0]) and "10 %" in say("kop_cijfers", low[0])


def test_every_chart_has_alt_text_with_the_finding_and_the_figures(ws):
    ctx = brief_context(ws, ws.municipality("leuven"), "ruimte")
    assert len(ctx["bewijs"]) == len(rules.indicators_for(ws.config, "ruimte"))
    for block in ctx["bewijs"]:
        alt = say("verdeling_alt", block)
        assert alt.startswith("Gestapelde staafgrafiek: " + say("blok_kop", block))
        for stack in block["verdeling"]:
            assert f"{stack.naam}: " in alt
            assert f"(n = {stack.n:,.0f})".replace(",", ".") in alt
            for answer, share in stack.delen:
                assert f"{answer.lower()} {round(share * 100)} %" in alt


def test_the_evidence_starts_with_the_page_one_findings(ws):
    ctx = brief_context(ws, ws.municipality("leuven"), "ruimte")
    first = [b["id"] for b in ctx["bewijs"][:len(ctx["oogopslag"])]]
    assert first == [p["indicator"] for p in ctx["oogopslag"]]
    assert all(b["punt"] is not None for b in ctx["bewijs"][:len(first)])


def test_suppressed_areas_are_never_drawn(ws):
    ctx = brief_context(ws, ws.municipality("spiere-helkijn"), "ruimte")
    for block in ctx["bewijs"]:
        own = block["verdeling"][0]
        assert own.eigen and own.shares is None
        svg = base64.b64decode(block["chart"].split(",", 1)[1]).decode()
        legend = 2 * len(block["antwoorden"])  # a blue and a grey swatch per answer
        drawn = sum(1 for stack in block["verdeling"] for share in stack.shares or () if share > 0)
        assert svg.count("<rect") == legend + drawn  # the references' segments only
        assert "te weinig antwoorden" in svg


def test_the_distribution_adds_up_and_matches_the_headline_figure(ws):
    ctx = brief_context(ws, ws.municipality("leuven"), "ruimte")
    catalogue = ws.config.catalogus.by_id
    for block in ctx["bewijs"]:
        ind = catalogue[block["id"]]
        for stack in block["verdeling"]:
            assert sum(stack.shares) == pytest.approx(1, abs=0.01), (block["id"], stack.naam)
            core = sum(s for s, a in zip(stack.shares, ind.antwoorden) if a.id in ind.kern) \
                if ind.soort != "meervoudig" else stack.shares[0]
            figure = block["cijfer"] if stack.eigen else next(r["cijfer"] for r in block["referenties"]
                                                               if r["gebied"].kort == stack.naam)
            assert core == pytest.approx(figure.share, abs=0.002)


def test_a_comparison_group_findings_adds_is_drawn_and_listed_in_its_place(ws, monkeypatch):
    """findings will add a third reference ('vergelijking'); the brief takes every reference it gets."""
    from thuis_cli.findings import AreaFindings

    leuven = ws.municipality("leuven")
    stand_in = ws.area(ws.municipality("gent"))  # any area with data stands in for the pooled group
    original = AreaFindings.references

    def with_group(self):
        refs = original(self)
        return {"provincie": refs["provincie"], "vergelijking": stand_in, "vlaanderen": refs["vlaanderen"]}

    monkeypatch.setattr(AreaFindings, "references", with_group)
    assert [k for k, _ in ordered_references(ws.area(leuven))] == ["vergelijking", "provincie", "vlaanderen"]
    ctx = brief_context(ws, leuven, "ruimte")
    assert ctx["referenties_kort"] == ["Gent", "Vlaams-Brabant", "Vlaanderen"]
    block = ctx["bewijs"][0]
    assert [s.naam for s in block["verdeling"]] == ["Leuven", "Gent", "Vlaams-Brabant", "Vlaanderen"]
    assert [r.naam for r in block["rijen"]] == ["Leuven", "Gent", "Vlaams-Brabant", "Vlaanderen"]
    assert "Gent: " in say("verdeling_alt", block)


# --- language: the label forms in the catalogue --------------------------------------------------

SEPARABLE = ("open",)  # particles that join the finite verb at the end: 'staat open' -> 'openstaat'


@pytest.mark.parametrize("ind", load_config().catalogus.indicatoren, ids=lambda i: i.id)
def test_every_label_has_a_subordinate_form_with_the_finite_verb_last(ind):
    """'aandeel dat <kernlabel_bijzin>': the main clause starts with the finite verb, which moves to
    the end of the subordinate clause (after an infinitive: 'wil wonen', 'zou gebruiken')."""
    main, sub = ind.kernlabel.split(), ind.kernlabel_bijzin.split()
    verb = main[0]
    assert sub, "kernlabel_bijzin ontbreekt"
    assert verb not in sub[:-2] and sub[0] != verb
    last, before = sub[-1], sub[-2]
    assert (last == verb or any(last == p + verb for p in SEPARABLE)
            or (before == verb and last.endswith("en"))), (ind.id, ind.kernlabel_bijzin)


def test_no_generated_label_puts_a_main_clause_after_dat(ws):
    ctx = brief_context(ws, ws.municipality("leuven"), "ruimte")
    verbs = {i.kernlabel.split()[0] for i in ws.config.catalogus.indicatoren}
    texts = [say("blok_kop", b) for b in ctx["bewijs"]] + [say("kop", p) for p in ctx["oogopslag"]]
    texts += [f"aandeel dat {b['bijzin']}" for b in ctx["bewijs"]]
    for text in texts:
        for verb in verbs:
            assert f" dat {verb} " not in text, text


# --- the department actions in diensten.yaml ----------------------------------------------------

COMPARISONS = ("vergelijking", "vlaanderen", "provincie", "groep", "niveau")


def test_every_department_has_advice_for_either_direction_and_every_comparison(ws):
    for name, dienst in ws.config.diensten.diensten.items():
        for ind in rules.indicators_for(ws.config, name):
            for direction in (1, -1):
                for comparison in COMPARISONS:
                    found = actions.action_for(dienst, Situation(ind, direction, comparison))
                    assert found is not None, (name, ind.id, direction, comparison)


def test_an_indicator_action_beats_a_theme_action_beats_a_general_one(ws):
    ruimte = ws.config.diensten.diensten["ruimte"]
    by_id = ws.config.catalogus.by_id

    def best(ind: str, direction: int, comparison="vlaanderen", group="totaal"):
        return actions.action_for(ruimte, Situation(by_id[ind], direction, comparison, group))

    assert best("woningtype_gewenst", 1).wanneer.indicator == "woningtype_gewenst"
    assert best("zorgwonen", 1).wanneer.indicator is None  # ruimte names no action for zorgwonen
    assert best("woningtype_gewenst", 1) is not best("woningtype_gewenst", -1)
    # a named comparison beats the same indicator without one
    assert best("ligging_gewenst", -1, "vergelijking").wanneer.vergelijking == "vergelijking"
    assert best("ligging_gewenst", -1, "vlaanderen").wanneer.vergelijking is None
    # a named group beats everything else
    assert best("kleiner_wonen", 1, "groep", "leeftijd:65+").wanneer.groep == "leeftijd:65+"


def test_a_tenant_finding_never_gets_an_owner_only_instrument(ws):
    """Tenants cannot renovate the house they rent: a finding about tenants gets an action aimed at
    landlords, tenants or everyone; every department, indicator, direction and comparison."""
    for name, dienst in ws.config.diensten.diensten.items():
        for ind in rules.indicators_for(ws.config, name):
            for direction in (1, -1):
                tenants = Situation(ind, direction, "groep", "eigendom:huurder")
                owners = Situation(ind, direction, "groep", "eigendom:eigenaar")
                assert all(a.voor != "eigenaars" for a in actions.ranked(dienst, tenants)), (name, ind.id)
                assert all(a.voor not in ("huurders", "verhuurders") for a in actions.ranked(dienst, owners))
    renovation = ws.config.catalogus.by_id["renovatieplannen"]
    for name in ("wonen", "milieu-klimaat"):
        dienst = ws.config.diensten.diensten[name]
        everyone = actions.action_for(dienst, Situation(renovation, -1, "vlaanderen"))
        tenants = actions.action_for(dienst, Situation(renovation, -1, "groep", "eigendom:huurder"))
        assert everyone.voor == "eigenaars" and tenants.voor == "verhuurders", name


def test_an_action_for_owners_on_a_tenant_finding_is_refused_with_its_key(tmp_path):
    def owner_action_for_tenants(d):
        d["wonen"]["acties"][0]["wanneer"]["groep"] = "eigendom:huurder"
        d["wonen"]["acties"][0]["voor"] = "eigenaars"

    message = broken_diensten(tmp_path, owner_action_for_tenants)
    assert "diensten.wonen.acties[0]" in message and "huurders" in message and "eigenaars" in message
    message = broken_diensten(tmp_path, lambda d: d["wonen"]["acties"][0].update(voor="bewoners"))
    assert "diensten.wonen.acties[0].voor" in message and "verhuurders" in message
    message = broken_diensten(tmp_path, lambda d: d["wonen"]["acties"][0]["wanneer"].update(groep="eigendom:hurder"))
    assert "diensten.wonen.acties[0].wanneer.groep" in message and "huurder" in message


def test_no_brief_gives_the_same_action_twice(ws):
    """Every department of every municipality in the sample data, through the findings layer: a step
    is said once; a finding whose best step is taken gets its next best, shares it ('Zie stap 1'), or none."""
    briefs = findings = 0
    for gebied in ws.municipalities_in_data():
        for name in ws.config.diensten.diensten:
            first = page_one(ws, gebied, name)
            # round 15: a finding may share an earlier step (the same action, printed once: 'Zie stap 1')
            said = [a for i, a in enumerate(first.actions) if a is not None
                    and not any(a is b for b in first.actions[:i])]
            steps = [actions.identity(a) for a in said]
            assert len(steps) == len(set(steps)), (gebied.naam, name, steps)
            briefs += 1
            findings += len(first.findings)
    assert briefs == 30 * len(ws.config.diensten.diensten) and findings > 100


def test_two_findings_wanting_the_same_step_get_the_next_best(ws):
    wonen = ws.config.diensten.diensten["wonen"]
    ind = ws.config.catalogus.by_id["renovatieplannen"]
    tenants = Situation(ind, -1, "groep", "eigendom:huurder")
    first, second, third = actions.choose(wonen, [tenants, tenants, tenants])
    ranked = actions.ranked(wonen, tenants)
    assert (first, second) == (ranked[0], ranked[1]) and third is ranked[2]
    only = wonen.model_copy(update={"acties": [ranked[0]]})
    assert actions.choose(only, [tenants, tenants]) == [ranked[0], None]


def broken_diensten(tmp_path, change) -> str:
    data = yaml.safe_load((resources.config_dir() / "diensten.yaml").read_text(encoding="utf-8"))
    change(data["diensten"])
    (tmp_path / "diensten.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_config(tmp_path)
    return str(raised.value)


def test_an_unknown_placeholder_in_an_action_is_reported_with_its_key(tmp_path):
    message = broken_diensten(tmp_path, lambda d: d["ruimte"]["acties"][0].update(tekst="Bespreek {aandel}."))
    assert "diensten.ruimte.acties[0]" in message and "{aandel}" in message and "aandeel" in message
    assert all(name in ACTIE_VELDEN for name in ("aandeel", "referentie", "wie", "kernlabel"))


def test_an_unknown_indicator_in_an_action_is_reported_with_its_key(tmp_path):
    message = broken_diensten(tmp_path, lambda d: d["wonen"]["acties"][0]["wanneer"].update(
        indicator="woningtipe_gewenst"))
    assert "diensten.wonen.acties[0].wanneer.indicator" in message and "woningtype_gewenst" in message


def test_the_stacked_bar_is_small_svg_with_text_of_at_least_8_pt():
    from thuis_cli import chart

    picture = chart.stacked_bars(("Ja", "Misschien", "Nee"), (("Leuven", (0.5, 0.3, 0.2), True),
                                                             ("Vlaanderen", (0.4, 0.4, 0.2), False)))
    svg = picture.svg.decode()
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes and min(sizes) >= 8 and 'viewBox="0 0 481.9' in svg  # 17 cm in points: 1 unit = 1 pt
    assert svg.count("<") < 40  # a handful of nodes, not a matplotlib tree
    draw = chart.stacked_bars.__wrapped__  # past the cache: the same data gives the same bytes
    assert draw(("Ja", "Nee"), (("A", (0.5, 0.5), True),)).svg == draw(("Ja", "Nee"), (("A", (0.5, 0.5), True),)).svg


def test_a_number_in_a_bar_is_centred_by_the_width_of_lato_s_figures(tmp_path):
    """The segment numbers are placed by their start, from the figure width (no text-anchor: a group
    per label in the PDF); drawn, they stand where WeasyPrint centres them itself."""
    import logging
    import subprocess

    import numpy as np
    from fontTools.ttLib import TTFont
    from PIL import Image, ImageChops

    from thuis_cli import chart
    from thuis_cli.pdf import html_to_pdf

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font = TTFont(resources.fonts_dir() / "Lato-Regular.ttf")
    cmap, upm = font.getBestCmap(), font["head"].unitsPerEm
    assert {font["hmtx"][cmap[ord(d)]][0] / upm for d in "0123456789"} == {chart.DIGIT_EM}

    svg = chart.stacked_bars.__wrapped__(("Ja", "Misschien", "Nee"), (
        ("Leuven", (0.517, 0.281, 0.202), True), ("Vlaanderen", (0.09, 0.79, 0.12), False))).svg.decode()
    assert "text-anchor" not in svg and ">52</text>" in svg and ">9</text>" in svg

    def anchored(match: re.Match) -> str:  # the same label, centred by WeasyPrint
        x, y, fill, digits = float(match[1]), match[2], match[3] or "", match[4]
        return (f'<text x="{x + len(digits) * chart.DIGIT_EM * 8.0 / 2:.2f}" y="{y}" text-anchor="middle"'
                f'{fill}>{digits}</text>')

    reference = re.sub(r'<text x="([\d.]+)" y="([\d.]+)"( fill="[^"]+")?>(\d+)</text>', anchored, svg)
    assert reference.count('text-anchor="middle"') == 6

    def pixels(picture: str, name: str):
        src = "data:image/svg+xml;base64," + base64.b64encode(picture.encode()).decode()
        html = (f'<html lang="nl-BE"><head><meta charset="utf-8"><title>t</title>'  # thuis.css: Lato
                f'<link rel="stylesheet" href="static/thuis.css"></head><body>'
                f'<img src="{src}" alt="Grafiek" style="width: 17cm"></body></html>')
        (tmp_path / f"{name}.pdf").write_bytes(html_to_pdf(html))
        subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
        return Image.open(tmp_path / f"{name}.png").convert("L")

    def labels(picture: str, name: str) -> tuple[float, int]:
        """Where the numbers' ink is: its mean x (in points) and how much of it there is."""
        bars = pixels(re.sub(r"<text[^>]*>\d+</text>", "", picture), "bars")
        ink = np.asarray(ImageChops.difference(pixels(picture, name), bars)) > 96
        xs = ink.nonzero()[1]
        return xs.mean() * 72 / 200, len(xs)

    placed, centred = labels(svg, "placed"), labels(reference, "centred")
    assert abs(placed[0] - centred[0]) < 0.05  # points
    assert abs(placed[1] - centred[1]) <= 0.02 * centred[1]


# --- issue 27, item 3: evidence for every page-1 finding ---------------------------------------------

@pytest.mark.parametrize("gemeente", ["leuven", "merelbeke-melle", "bierbeek", "gent", "evergem"])
def test_every_page_one_finding_has_its_chart_in_the_evidence_section(ws, gemeente):
    kinds = set()
    for dienst in ("ruimte", "wonen", "welzijn", "senioren", "mobiliteit"):
        ctx = brief_context(ws, ws.municipality(gemeente), dienst)
        for p in ctx["oogopslag"]:
            f = p["bevinding"]
            kinds.add(f.kind)
            block = next(b for b in ctx["bewijs"] if b["punt"] is p)
            assert block["chart"].startswith("data:image/svg+xml"), (gemeente, dienst, f.indicator)
            if f.kind == "groepsverschil":  # the group against the other participants, as the finding holds them
                g = block["groepsvergelijking"]
                assert g is not None, (gemeente, dienst, f.indicator)
                assert (g["cijfer"], g["anderen"]) == (f.figure, f.reference)
                assert g["groep"] == p["groep"] and not f.figure.suppressed and not f.reference.suppressed
        assert all(b["groepsvergelijking"] is None for b in ctx["bewijs"]
                   if b["punt"] is None or b["punt"]["bevinding"].kind != "groepsverschil")
    if gemeente == "evergem":
        assert "groepsverschil" in kinds  # the case the issue names: group findings on page 1


def test_a_group_finding_shows_its_bars_and_headline_in_the_evidence(samples, ws, tmp_path):
    from thuis_cli import fmt

    path = samples.brief("evergem", "ruimte")
    html = path.with_suffix(".html").read_text(encoding="utf-8")
    evidence = html[html.index('<section class="bewijs">'):html.index('<section class="bijlage">')]
    ctx = brief_context(ws, ws.municipality("evergem"), "ruimte")
    assert any(p["bevinding"].kind == "groepsverschil" for p in ctx["oogopslag"])
    for p in ctx["oogopslag"]:
        if p["bevinding"].kind == "groepsverschil":
            assert say("kop", p).replace("‘", "&lsquo;") in evidence or say("kop", p) in evidence
            f = p["bevinding"]
            for fig in (f.figure, f.reference):
                assert f"({fmt.n_label(fig.n)})" in evidence
    assert evidence.count('class="staaf-rij') >= 2  # the group and the other participants

    pages = pdf_pages(path)  # the extra pictures fit the budget
    assert next(i for i, text in enumerate(pages, start=1) if "Bijlage: alle cijfers" in text) <= 5


# --- issue 27, item 5: a merger's former municipalities side by side ----------------------------------

def test_a_merger_shows_its_former_municipalities_for_every_page_one_indicator(ws):
    gebied = ws.municipality("merelbeke-melle")
    ctx = brief_context(ws, gebied, "ruimte")
    assert ctx["oogopslag"]
    parts = [ws.gebieden.get(code) for code in gebied.onderdelen]
    for block in ctx["bewijs"]:
        if block["punt"] is None:
            assert block["onderdelen"] == []
            continue
        assert [o["naam"] for o in block["onderdelen"]] == [p.naam for p in parts] == ["Melle", "Merelbeke"]
        for o, part in zip(block["onderdelen"], parts):  # as every product may print it: no new verdict
            assert o["cijfer"] == ws.area(part).figure(block["id"]) and not o["cijfer"].suppressed
            assert set(o) == {"naam", "cijfer"}
    leuven = brief_context(ws, ws.municipality("leuven"), "ruimte")
    assert all(b["onderdelen"] == [] for b in leuven["bewijs"])


def merger_with_a_small_part(tmp_path):
    """Every question of the department 'ruimte': Merelbeke (400 answers) like Flanders except far above
    it on green over parking; Melle with only 20 answers."""
    config = load_config()
    rows = []
    for ind in rules.indicators_for(config, "ruimte"):
        core = [a for a in ind.answer_ids if a in ind.kern]
        rest = [a for a in ind.answer_ids if a not in ind.kern]
        for nis, naam, n, share in (("44043", "Merelbeke", 400, 0.75), ("44040", "Melle", 20, 0.75),
                                    ("40000", "Provincie Oost-Vlaanderen", 20000, 0.40),
                                    ("02000", "Vlaanderen", 40000, 0.40)):
            if ind.id != "parkeren_of_groen" and nis in ("44043", "44040"):
                share = 0.40
            counts = {a: round(n * share / len(core)) for a in core}
            counts.update({a: round(n * (1 - share) / len(rest)) for a in rest})
            if ind.soort == "meervoudig":  # n is the number of respondents, not the sum of the answers
                rows += [[nis, naam, ind.id, a, "totaal", c, n] for a, c in counts.items()]
            else:
                rows += question(nis, naam, ind.id, counts)
    return write_csv(tmp_path / "resultaten.csv", rows)


def test_a_former_municipality_with_too_few_answers_is_named_not_drawn(tmp_path):
    from conftest import write_brief

    small = Workspace.open([merger_with_a_small_part(tmp_path)], None)
    gebied = small.municipality("merelbeke-melle")
    ctx = brief_context(small, gebied, "ruimte")
    assert [p["indicator"] for p in ctx["oogopslag"]] == ["parkeren_of_groen"]
    block = next(b for b in ctx["bewijs"] if b["id"] == "parkeren_of_groen")
    melle, merelbeke = block["onderdelen"]
    assert melle["cijfer"].suppressed and melle["cijfer"].reden != "afgeleid"
    # Merelbeke beside the merged figure would give Melle away by subtraction: hidden too
    assert merelbeke["cijfer"].suppressed and merelbeke["cijfer"].reden == "afgeleid"
    html = write_brief(small, gebied, "ruimte", tmp_path / "out", keep_html=True).with_suffix(".html")
    text = html.read_text(encoding="utf-8")
    evidence = re.sub(r"\s+", " ", text[text.index('<section class="bewijs">'):text.index('<section class="bijlage">')])
    assert "Per vroegere gemeente" in evidence
    assert "Niet apart te tonen: Melle (te weinig antwoorden) en Merelbeke (niet getoond" in evidence
    assert 'class="staaf-rij' not in evidence  # no bars that would only say 'te weinig antwoorden'


# --- issue 27, item 4: a small municipality gets a short brief that is still of use ------------------

def test_a_small_municipality_gets_a_short_brief_with_its_neighbours_and_comparison_group(samples, ws, tmp_path):


    gebied = ws.municipality("spiere-helkijn")
    ctx = brief_context(ws, gebied, "ruimte")
    assert ctx["kort"] and ctx["eigen_cijfers"] == []
    neighbours = [g.naam for g in ws.gebieden.neighbours(gebied.nis) if ws.area(g) is not None]
    assert neighbours and ctx["buurt"]["buren"] == neighbours
    assert [k["naam"] for k in ctx["buurt"]["kolommen"]][-3:] == ["Vergelijkbare gemeenten", "West-Vlaanderen",
                                                                 "Vlaanderen"]
    path = samples.brief(gebied.slug, "ruimte")
    pages = pdf_pages(path)
    assert len(pages) <= 2
    text = re.sub(r"\s+", " ", " ".join(pages))
    for name in neighbours + ctx["vergelijkingsgroep"]["leden"]:
        assert name in text
    assert "n = " in text.replace("\u00a0", " ") and "korte eigen bevraging" in text
    html = path.with_suffix(".html").read_text(encoding="utf-8")
    assert 'class="verdeling"' not in html and "te weinig antwoorden</span>" not in html  # no chart of blanks
    assert not brief_context(ws, ws.municipality("leuven"), "ruimte")["kort"]


def test_a_municipality_whose_figures_are_all_too_imprecise_for_page_one_gets_the_short_brief(ws):
    """Lendelede (31 participants): some shares can be shown, but every interval is wider than page 1
    allows, so no finding is possible; the short brief says what can be said instead of pages of charts."""
    limit = ws.config.instellingen.oogopslag.max_interval_pp
    for dienst in ("ruimte", "wonen"):
        ctx = brief_context(ws, ws.municipality("lendelede"), dienst)
        shown = [c["cijfer"] for c in ctx["eigen_cijfers"]]
        assert ctx["kort"] and shown and ctx["buurt"]["kolommen"]
        assert all((f.hi - f.lo) * 100 > limit for f in shown)
    # a municipality with one precise figure keeps the full brief
    assert not brief_context(ws, ws.municipality("herent"), "ruimte")["kort"]


# --- the comparison that matters first (issue 27 item 1) -------------------------------------------

def test_leuven_page_one_compares_with_the_other_centrumsteden(ws):
    """A centrumstad's primary comparison is the other centrumsteden: its page-1 differences are
    against them, largest first, and in the sample data Leuven lies below them on living in a kern,
    living smaller, compact over detached and a shared garden, which page 1 says."""
    leuven = ws.municipality("leuven")
    area = ws.area(leuven)
    group = area.reference("vergelijking").gebied
    assert area.primary_key() == "vergelijking" and group.naam == "Andere centrumsteden"
    for dienst in ("ruimte", "wonen"):
        ctx = brief_context(ws, leuven, dienst)
        found = [p["bevinding"] for p in ctx["oogopslag"] if p["bevinding"].kind == "verschil"]
        differences = [f for f in found if f.reference_area == group]
        # every page-1 difference is one with the group: Flanders and the province are context only
        # (docs/methode.md, 'De vergelijking die eerst telt')
        assert differences and found == differences, dienst
        # largest first after the department's core indicators (diensten.yaml 'kern')
        core = ws.config.diensten.diensten[dienst].kern
        gaps = [(f.indicator not in core, -abs(f.diff)) for f in differences]
        assert gaps == sorted(gaps)
        # numbered (at most three), and beyond them named in the line 'Ook betekenisvol'
        more = page_one(ws, leuven, dienst).more
        below = {f.indicator for f in differences + more if f.direction < 0}
        expected = {"ligging_gewenst", "kleiner_wonen", "vrijstaand_of_compact", "tuin_delen"}
        assert expected & set(c.id for c in rules.indicators_for(ws.config, dienst)) <= below, (dienst, below)
        members = " en ".join(m.naam for m in group.members)  # a group of a few is named with its members
        assert say("vergeleken_met_eerst", ctx["primair"], ctx["context_gebieden"]).startswith(
            f"vergeleken met de andere centrumsteden ({members}); "), dienst
    ruimte = brief_context(ws, leuven, "ruimte")
    # compact housing: Leuven lies above Flanders, and so do the other centrumsteden: context, no finding
    assert "woningtype_gewenst" not in {p["indicator"] for p in ruimte["oogopslag"]}
    shared = {c["bevinding"].indicator: c for c in ruimte["context"]}
    assert "woningtype_gewenst" in shared
    assert "wil een rijwoning of appartement" in say("context_gedeeld", "Leuven", ruimte["primair"], ruimte["context"])


def municipality_and_its_group(tmp_path, own: float, peers: float, own_n: int = 400, peers_n: int = 400,
                               members: int = 3):
    """Bierbeek, three municipalities of its comparison group (same province, same population class) and
    the references; one question, 400 answers a municipality, Flanders and the province at 40 %."""
    from thuis_cli.comparison_groups import comparison_group

    sample = Workspace.open(None, None)
    chosen = comparison_group(sample, sample.municipality("bierbeek")).members[:members]
    rows = []
    areas = [("24011", "Bierbeek", own, own_n)] + [(m.nis, m.naam, peers, peers_n) for m in chosen]
    areas += [("20001", "Provincie Vlaams-Brabant", 0.40, 20000), ("02000", "Vlaanderen", 0.40, 20000)]
    for nis, naam, share, n in areas:
        counts = {"rijwoning": n * share / 2, "appartement": n * share / 2,
                  "vrijstaand": n * (1 - share) / 2, "halfopen": n * (1 - share) / 2, "andere": 0}
        rows += question(nis, naam, "woningtype_gewenst", {k: round(v) for k, v in counts.items()})
    return Workspace.open([write_csv(tmp_path / "resultaten.csv", rows)], None), chosen


def test_a_difference_with_flanders_the_comparison_group_shares_is_context_not_a_finding(tmp_path):
    ws, members = municipality_and_its_group(tmp_path, own=0.60, peers=0.60)
    bierbeek = ws.municipality("bierbeek")
    area = ws.area(bierbeek)
    assert area.primary_key() == "vergelijking"
    assert area.versus("woningtype_gewenst", "vlaanderen").real  # 60 % against 40 %: betekenisvol
    ctx = brief_context(ws, bierbeek, "ruimte")
    assert ctx["oogopslag"] == []  # no page-1 finding, so no advice
    assert [c["bevinding"].indicator for c in ctx["context"]] == ["woningtype_gewenst"]
    sentence = say("context_gedeeld", "Bierbeek", ctx["primair"], ctx["context"])
    # round 13: the province, betekenisvol the same way, is named beside Flanders
    assert sentence.startswith("Net als vergelijkbare gemeenten ligt Bierbeek boven Vlaanderen en Vlaams-Brabant bij "
                               "‘wil een rijwoning of appartement’.")


def test_a_difference_its_comparison_group_does_not_share_is_a_finding_against_the_group(tmp_path):
    ws, _members = municipality_and_its_group(tmp_path, own=0.60, peers=0.40)
    bierbeek = ws.municipality("bierbeek")
    ctx = brief_context(ws, bierbeek, "ruimte")
    assert [p["indicator"] for p in ctx["oogopslag"]] == ["woningtype_gewenst"] and not ctx["context"]
    f = ctx["oogopslag"][0]["bevinding"]
    assert f.reference_area == ws.area(bierbeek).reference("vergelijking").gebied and f.direction == 1
    headline = say("kop", ctx["oogopslag"][0])
    assert headline.startswith("Een groter deel") and "dan in vergelijkbare gemeenten" in headline


def test_a_difference_only_with_flanders_is_context_when_there_is_a_comparison_group(tmp_path):
    """Bierbeek above Flanders, its comparison group at the Flanders level but too small to call Bierbeek
    betekenisvol different from it: the comparison that counts first shows no difference, so the gap with
    Flanders is said in the context sentence (plainly, not 'net als'), never as a page-1 finding."""
    ws, _members = municipality_and_its_group(tmp_path, own=0.48, peers=0.40, own_n=2000, peers_n=60)
    bierbeek = ws.municipality("bierbeek")
    area = ws.area(bierbeek)
    assert area.primary_key() == "vergelijking" and not area.versus("woningtype_gewenst", "vergelijking").real
    assert area.versus("woningtype_gewenst", "vlaanderen").real
    ctx = brief_context(ws, bierbeek, "ruimte")
    assert ctx["oogopslag"] == []
    assert [c["bevinding"].indicator for c in ctx["context"]] == ["woningtype_gewenst"]
    entry = ctx["context"][0]
    assert not entry["net_als"] and entry["bevinding"].reference_area.naam in ("Vlaanderen", "Provincie Vlaams-Brabant")
    sentence = say("context_gedeeld", "Bierbeek", ctx["primair"], ctx["context"])
    assert "Net als" not in sentence
    # round 9: each verdict with its own comparison
    assert sentence.startswith("Bij ‘wil een rijwoning of appartement’ ligt Bierbeek betekenisvol boven "), sentence
    assert "; tegenover vergelijkbare gemeenten ligt het 8 procentpunt hoger, niet betekenisvol." in sentence


def test_without_a_comparison_group_flanders_takes_its_place(tmp_path):
    """No comparison group with enough answers: Flanders is the comparison that counts first, and a
    difference with it is a page-1 finding."""
    ws, _members = municipality_and_its_group(tmp_path, own=0.48, peers=0.40, own_n=2000, peers_n=5)
    bierbeek = ws.municipality("bierbeek")
    assert ws.area(bierbeek).primary_key() == "vlaanderen"
    ctx = brief_context(ws, bierbeek, "ruimte")
    found = [p["bevinding"] for p in ctx["oogopslag"]]
    assert [f.indicator for f in found] == ["woningtype_gewenst"]
    assert found[0].reference_area.naam == "Vlaanderen" and found[0].direction == 1


def test_the_annex_names_every_comparison_area_with_its_members_and_n(ws):
    leuven = ws.municipality("leuven")
    ctx = brief_context(ws, leuven, "ruimte")
    areas = ctx["vergelijkingsgebieden"]
    assert [a["soort"] for a in areas] == [k for k, _ in ordered_references(ws.area(leuven))]
    assert [a["primair"] for a in areas] == [a["soort"] == "vergelijking" for a in areas]
    group = areas[0]
    members = ws.area(leuven).reference("vergelijking").gebied.members
    # every member, largest first: a reader sees at once who weighs most in the group's figures
    assert sorted(m["naam"] for m in group["leden"]) == sorted(m.naam for m in members) and len(members) >= 2
    assert [m["n"] for m in group["leden"]] == sorted((m["n"] for m in group["leden"]), reverse=True)
    assert sum(m["n"] for m in group["leden"]) == group["n"] == ws.respondents(group["gebied"])
    from thuis_cli.templating import macro

    html = macro("woorden/brief.html", "vergelijkingsgebieden", areas, "Leuven")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" )", ")")
    assert "Andere centrumsteden (de vergelijking die telt; " in text and "Vlaanderen (achtergrond; " in text
    for m in group["leden"]:
        assert f"{m['naam']} ({m['n']:,.0f})".replace(",", ".") in text
    assert f"{group['n']:,.0f} deelnemers".replace(",", ".") in text



def test_the_brief_s_words_come_from_a_template_a_municipality_can_override(ws, tmp_path):
    """Issue 30: the words brief.py used to write itself (title, table verdicts, 'niet gekozen', where a
    comparison lies) come from templates/woorden/brief.html; a --sjablonen copy rewords them."""
    source = (resources.templates_dir() / "woorden" / "brief.html").read_text(encoding="utf-8")
    reworded = (source.replace('"ja" if waar else "nee"', '"zeker" if waar else "onzeker"')
                .replace("Woontest: briefing", "Woonbevraging: nota")
                .replace("bij de andere deelnemers in", "naast de rest van"))
    (tmp_path / "woorden").mkdir()
    (tmp_path / "woorden" / "brief.html").write_text(reworded, encoding="utf-8")
    evergem = ws.municipality("evergem")  # its page 1 leads with a group finding
    own, default = brief_context(ws, evergem, "ruimte", tmp_path), brief_context(ws, evergem, "ruimte")
    assert own["titel"] == default["titel"].replace("Woontest: briefing", "Woonbevraging: nota")
    verdicts = {r.betekenisvol.split(" ")[0] for b in own["bewijs"] for r in b["rijen"] + [
        r for g in b["groepen"] for r in g["rijen"]] if not r.is_own}
    assert verdicts <= {"zeker", "onzeker", "–"} and "zeker" in verdicts
    groups = [p for p in own["oogopslag"] if p["bevinding"].kind == "groepsverschil"]
    assert groups and all(p["waar"] == "naast de rest van Evergem" for p in groups)


def test_a_group_gap_the_primary_comparison_shows_as_well_is_no_page_one_finding(ws):
    """Tenants plan fewer energy renovations than owners, in Leuven as in the other centrumsteden: true
    everywhere, so nothing to say about Leuven on page 1. A group finding on page 1 is one whose gap is at
    least the minimal difference larger than the same group's gap in the primary comparison (or the
    other way round)."""
    from thuis_cli.products.brief import common_group_gap

    min_pp = ws.config.instellingen.statistiek.min_verschil_pp
    leuven = page_one(ws, ws.municipality("leuven"), "wonen")
    tenants = [f for f in leuven.candidates if f.kind == "groepsverschil" and f.indicator == "renovatieplannen"
               and f.group == "eigendom:huurder"]
    assert tenants and all(common_group_gap(leuven.scope, f) for f in tenants)
    assert "renovatieplannen" not in {f.indicator for f in leuven.findings if f.kind == "groepsverschil"}
    seen = 0
    for name in CASES + ["merelbeke-melle", "herent", "gent"]:
        for dienst in ("ruimte", "wonen", "welzijn"):
            first = page_one(ws, ws.municipality(name), dienst)
            area = first.scope.area
            reference = area.reference(area.primary_key() or "vlaanderen")
            for f in first.findings:
                if f.kind != "groepsverschil":
                    continue
                there = reference.group_versus(f.indicator, f.group)
                assert there.diff * f.diff <= 0 or (abs(f.diff) - abs(there.diff)) * 100 >= min_pp, (name, f)
                seen += 1
    assert seen  # group findings that do say something about the municipality remain


# --- a comparison group is a group: at least three members (issue 27, blind reading) ----------------

def test_a_comparison_group_of_one_or_two_municipalities_is_widened_to_the_neighbouring_classes(ws):
    """Lendelede's own population class (under 10.000) holds only Ledegem with enough participants in
    West-Vlaanderen: one municipality is no group, so the neighbouring classes join until it has three;
    every member lies within the bounds the annex names."""
    from thuis_cli.comparison_groups import MIN_MEMBERS, comparison_group

    bounds = ws.config.instellingen.vergelijking.klassen
    for name in ("lendelede", "spiere-helkijn"):
        gebied = ws.municipality(name)
        group = comparison_group(ws, gebied)
        own_class = [g for g in group.members if sum(g.bevolking >= b for b in bounds)
                     == sum(gebied.bevolking >= b for b in bounds)]
        assert len(own_class) < MIN_MEMBERS <= len(group.members) and group.verbreed, name
        low, below = group.klasse
        assert all(g.bevolking >= low and (not below or g.bevolking < below) for g in group.members)
        assert all(ws.respondents(g) >= 30 and g.provincie == gebied.provincie for g in group.members)
    assert {m.naam for m in comparison_group(ws, ws.municipality("spiere-helkijn")).members} == {
        "Lendelede", "Ledegem", "Kuurne"}
    # a class with enough members of its own is not widened
    harelbeke = comparison_group(ws, ws.municipality("harelbeke"))
    assert not harelbeke.verbreed and harelbeke.klasse == (20000, 40000) and len(harelbeke.members) == 3


def test_no_comparison_group_when_not_even_the_province_has_three_members(tmp_path):
    """Only Bierbeek and two members of its class in the data: no group of two; Flanders comes first."""
    from thuis_cli.comparison_groups import comparison_group

    ws, members = municipality_and_its_group(tmp_path, own=0.5, peers=0.5, members=2)
    bierbeek = ws.municipality("bierbeek")
    assert comparison_group(ws, bierbeek) is None
    assert ws.area(bierbeek).primary_key() == "vlaanderen"


def test_the_short_brief_shows_the_own_figures_beside_the_neighbours_with_n_and_interval(samples, ws, tmp_path):
    """Lendelede's shown figures stand in the first column of the comparison table, with n and their
    interval, next to the neighbours and the group; a suppressed one says 'te weinig'. Spiere-Helkijn,
    with no figure to show, gets no column of blanks."""
    from thuis_cli import fmt

    lendelede = ws.municipality("lendelede")
    ctx = brief_context(ws, lendelede, "ruimte")
    first = ctx["buurt"]["kolommen"][0]
    assert first == {"naam": "Lendelede", "soort": "eigen"}
    own = [r["cellen"][0] for r in ctx["buurt"]["rijen"]]
    assert [f for f in own if f is not None and not f.suppressed] == [c["cijfer"] for c in ctx["eigen_cijfers"]]
    html = samples.brief(lendelede.slug, "ruimte").with_suffix(".html").read_text("utf-8")
    start = html.index('class="buurt-tabel"')
    table = html[start:html.index("</table>", start)].replace("\u00a0", " ")
    apart = [r["telling_onder_tabel"] for r in ctx["buurt"]["rijen"]]
    for f, under in zip(own, apart):
        if f is not None and not f.suppressed:
            # under 50 answers the count itself beside the share (round 8: '13 %' of 31 is 4 people); round 10:
            # a count on more than two questions once under the table, its cells with n
            few = f.n < ctx["telling_onder"] and not under
            n = f"{fmt.count(f.aantal)} van {fmt.count(f.n)}" if few else f"n = {fmt.count(f.n)}"
            assert f"{fmt.pct(f.share)}<br><span class=\"n\">{n}</span><br><span class=\"n\">" \
                   f"{fmt.interval(f.lo, f.hi)}</span>".replace("\u00a0", " ") in table
        else:
            assert "te weinig" in table
    spiere = brief_context(ws, ws.municipality("spiere-helkijn"), "wonen")
    assert all(k["soort"] != "eigen" for k in spiere["buurt"]["kolommen"])


@pytest.mark.parametrize("dienst, wie, streek", [("ruimte", "de collega die ruimtelijke ordening opvolgt",
                                                  "het streekoverleg"),
                                                 ("wonen", "de woonambtenaar", "het intergemeentelijk woonproject")])
def test_every_next_step_of_the_short_brief_names_who_what_when_and_the_agenda(ws, dienst, wie, streek):
    """The short brief's steps are next steps, not advice: each names the role that does it (the role
    the department's own actions name), what is delivered, when, and where it is decided; the own
    follow-up survey is a small cost the college decides (or the neighbours together in the
    intergemeentelijk woonproject), never a Meerjarenplan item, and the Gecoro is not asked to advise on
    other municipalities' figures."""
    ctx = brief_context(ws, ws.municipality("lendelede"), dienst)
    order = ctx["stappen_volgorde"]["pagina_een"] + ctx["stappen_volgorde"]["verder"]
    # no 'Vraag eerst naar' a gap that is not betekenisvol (the fourth reading)
    assert order == ["stadsmonitor", "eigen_bevraging", "steekproef", "buren"]
    steps = dict((soort, say("kort_stap", soort, nr, "Lendelede", ctx["buurt"], ctx["stappen"],
                             ctx["aantal_indicatoren"], ctx["eerst_vragen"])) for nr, soort in enumerate(order, 1))
    # the own survey is one for the departments that share it: their lead does it (round 9); the monitor
    # (round 11: the first step is the department's own) and the neighbour steps the department's own role;
    # Lendelede (under 10.000 inhabitants) has a colleague who follows spatial planning, not a dienst omgeving
    # round 12: the joint sample survey too is one for the group, led by the lead through the lead's channel
    # round 14: only the own survey is the group's, led by its lead; the sample survey with the neighbours is the
    # department's own step (at most one step led by another department), said 'in overleg met' the lead
    lead = ctx["stappen"]["trekker"] or wie
    joint = ("eigen_bevraging",)
    for soort, step in steps.items():
        for part in ("<strong>", "wie: " + (lead if soort in joint else wie),
                     "wanneer: "):
            assert part in step, (part, step)
        assert "Meerjarenplan" not in step and "Gecoro" not in step
    assert "beslist: het college" in steps["eigen_bevraging"]
    # one joint sample survey through the lead's body (ruimte leads: the streekoverleg, in the wonen brief too);
    # a talk with the neighbours' colleagues goes through the department's own channel
    assert "via het streekoverleg" in steps["steekproef"]
    assert f"waar: {streek}" in steps["buren"]
    # colleagues of the two group members closest in population (round 9); no centrumstad
    assert "Kortrijk" not in steps["buren"] and "Ledegem en Kuurne" in steps["buren"]
    assert "van uw grootte" not in steps["buren"]


def group_data(tmp_path, own_gap: float, peers_gap: float, n: int = 400):
    """Bierbeek and three members of its comparison group, one question; in each, tenants (a quarter of
    the participants) answer the core answer more often than owners by the given gap, around 40 %."""
    from thuis_cli.comparison_groups import comparison_group

    sample = Workspace.open(None, None)
    members = comparison_group(sample, sample.municipality("bierbeek")).members[:3]
    rows = []
    areas = [("24011", "Bierbeek", own_gap)] + [(m.nis, m.naam, peers_gap) for m in members]
    areas += [("20001", "Provincie Vlaams-Brabant", peers_gap), ("02000", "Vlaanderen", peers_gap)]
    for nis, naam, gap in areas:
        size = n if nis not in ("20001", "02000") else 20000
        owners, tenants = 0.40 - gap / 4, 0.40 + 3 * gap / 4  # the total stays at 40 %
        for groep, share, count in (("totaal", 0.40, size), ("eigendom:eigenaar", owners, size * 3 // 4),
                                    ("eigendom:huurder", tenants, size // 4)):
            counts = {"rijwoning": count * share, "vrijstaand": count * (1 - share),
                      "halfopen": 0, "appartement": 0, "andere": 0}
            rows += question(nis, naam, "woningtype_gewenst", {k: round(v) for k, v in counts.items()}, groep)
    tmp_path.mkdir(parents=True, exist_ok=True)
    return Workspace.open([write_csv(tmp_path / "resultaten.csv", rows)], None)


def test_a_group_gap_reaches_page_one_only_when_the_z_test_finds_it_larger_than_in_the_comparison_group(
        tmp_path):
    """Tenants 24 pp above owners in Bierbeek: against 20 pp in its comparison group that is the same gap
    (the z-test on the two gaps finds no difference), so no page-1 finding; against 0 pp it is larger,
    and page 1 says both gaps."""
    from thuis_cli.findings import gap_against_gap

    same = group_data(tmp_path / "a", own_gap=0.24, peers_gap=0.20)
    first = page_one(same, same.municipality("bierbeek"), "ruimte")
    tenants = [f for f in first.candidates if f.group == "eigendom:huurder"]
    assert tenants and tenants[0].diff > 0.10  # a betekenisvol group gap in Bierbeek itself ...
    found = gap_against_gap(first.scope, tenants[0])
    assert found is not None and found.p_value > 0.05  # ... but not larger than in the group
    assert not [f for f in first.findings if f.kind == "groepsverschil"]

    larger = group_data(tmp_path / "b", own_gap=0.24, peers_gap=0.0)
    ctx = brief_context(larger, larger.municipality("bierbeek"), "ruimte")
    groups = [p for p in ctx["oogopslag"] if p["bevinding"].kind == "groepsverschil"]
    assert len(groups) == 1 and groups[0]["bevinding"].dimension == "eigendom"  # tenants, or owners mirrored
    sentence = say("kop_cijfers", groups[0])
    gap = r"(geen verschil|\d+ procentpunt (meer|minder))"
    assert re.search(r"procentpunt (meer|minder), tegenover " + gap + r" in vergelijkbare gemeenten: "
                     r"<span class=\"oordeel\">betekenisvol groter</span>\.$", sentence), sentence
    assert say("kop", groups[0]).endswith("en dat verschil is groter dan in vergelijkbare gemeenten")


def test_a_merger_s_annex_shows_every_question_per_former_municipality_tested(samples, ws, tmp_path):
    """Merelbeke-Melle: each of the department's questions for the merger, Melle and Merelbeke side by
    side (share, n, interval as each may print it), with their gap and the verdict of the one rule
    (issue 27, fifth reading); a municipality that did not merge has no such table."""

    gebied = ws.municipality("merelbeke-melle")
    ctx = brief_context(ws, gebied, "ruimte")
    assert [o["naam"] for o in ctx["onderdelen"]] == [ws.gebieden.get(c).naam for c in gebied.onderdelen]
    assert len(ctx["onderdelen_rijen"]) == len(rules.indicators_for(ws.config, "ruimte"))
    for row, ind in zip(ctx["onderdelen_rijen"], rules.indicators_for(ws.config, "ruimte")):
        parts = [ws.area(ws.gebieden.get(c)).figure(ind.id) for c in gebied.onderdelen]
        assert row["cellen"] == [ws.area(gebied).figure(ind.id)] + parts
    html = samples.brief(gebied.slug, "ruimte").with_suffix(".html").read_text("utf-8")
    annex = html[html.index('<section class="bijlage">'):]
    assert "Per vroegere gemeente" in annex and "getoetst zoals elk verschil in deze briefing" in annex
    assert all(row["toets"] is not None for row in ctx["onderdelen_rijen"])
    assert "Verschil Melle – Merelbeke</th>" in annex[annex.index("Per vroegere gemeente"):]
    assert brief_context(ws, ws.municipality("leuven"), "ruimte")["onderdelen"] == []


def test_a_page_one_group_finding_has_its_own_breakdown_in_the_annex(ws):
    """Evergem ruimte leads with a group finding; the annex table of that question shows that group's
    breakdown, not another breakdown with a stronger gap."""
    ctx = brief_context(ws, ws.municipality("evergem"), "ruimte")
    groups = [p for p in ctx["oogopslag"] if p["bevinding"].kind == "groepsverschil"]
    assert groups
    for p in groups:
        block = next(b for b in ctx["bewijs"] if b["id"] == p["indicator"])
        title = ws.config.catalogus.groepen[p["bevinding"].dimension].titel
        assert title in [g["titel"] for g in block["groepen"]]


def test_a_kernlabel_that_compares_itself_takes_the_comparison_before_it(ws):
    """'kiest (eerder) meer groen in de straat dan een parkeerplaats voor de deur' on Merelbeke-Melle's
    page 1: the headline names the comparison group before the kernlabel, never 'dan ... dan in'."""
    ctx = brief_context(ws, ws.municipality("merelbeke-melle"), "ruimte")
    [p] = [p for p in ctx["oogopslag"] if " dan " in p["kernlabel"]]
    headline = say("kop", p)
    # round 11: fewer choosing 'meer groen' is said straight, the comparison still before the choice
    assert headline.startswith("De deelnemers in Merelbeke-Melle kiezen minder vaak dan in vergelijkbare gemeenten "
                               "groen boven parkeren aan de deur"), headline
    assert headline.count(" dan ") == 1

"""Page 1 of the department brief: what stands out, how sure it is, and what the department can do
about it (issue 12). Plus the evidence charts, the label forms and the department actions in config."""

import base64
import re

import pytest
import yaml

from thuis_cli import resources
from thuis_cli.config import ACTIE_VELDEN, load_config
from thuis_cli.errors import InputError
from thuis_cli.products.brief import brief_context, ordered_references
from thuis_cli.workspace import Workspace

from conftest import question, say, write_csv
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
            advice = say("actie", p)
            assert "{" not in advice and f"{round(f.figure.share * 100)} %" in advice, advice
            headline = say("kop", p)
            assert "\n" not in headline and len(headline) < 170  # one sentence, about two lines
            figures = say("kop_cijfers", p)
            assert "n = " in figures and ("tegenover" in figures or f.kind == "niveau")
            printed = re.match(r"(\d+) % .*? tegenover (\d+) % [^:]*: (\d+) procentpunt (meer|minder)\.", figures)
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
        assert high[0]["actie"].tekst != low[0]["actie"].tekst
        assert "hoger dan in Vlaanderen" in say("kop", high[0]) and "lager dan in Vlaanderen" in say("kop", low[0])
        assert "70 %" in say("actie", high[0]) and "10 %" in say("actie", low[0])


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
            core = sum(s for (answer, s), a in zip(stack.delen, ind.antwoorden) if a.id in ind.kern) \
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

def test_every_department_has_advice_for_either_direction(ws):
    for name, dienst in ws.config.diensten.diensten.items():
        for ind in rules.indicators_for(ws.config, name):
            for direction in (1, -1):
                assert dienst.action_for(ind, direction) is not None, (name, ind.id, direction)


def test_an_indicator_action_beats_a_theme_action_beats_a_general_one(ws):
    ruimte = ws.config.diensten.diensten["ruimte"]
    by_id = ws.config.catalogus.by_id
    assert ruimte.action_for(by_id["woningtype_gewenst"], 1).wanneer.indicator == "woningtype_gewenst"
    assert ruimte.action_for(by_id["kleiner_wonen"], 1).wanneer.thema == "minder-ruimte"
    assert ruimte.action_for(by_id["woningtype_gewenst"], 1) is not ruimte.action_for(by_id["woningtype_gewenst"], -1)


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
    from thuis_cli.render import html_to_pdf

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

@pytest.mark.parametrize("gemeente", ["leuven", "merelbeke-melle", "bierbeek", "gent"])
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
    if gemeente == "merelbeke-melle":
        assert "groepsverschil" in kinds  # the case the issue names: group findings on page 1


def test_a_group_finding_shows_its_bars_and_headline_in_the_evidence(ws, tmp_path):
    from conftest import write_brief

    path = write_brief(ws, ws.municipality("merelbeke-melle"), "ruimte", tmp_path, keep_html=True)
    html = path.with_suffix(".html").read_text(encoding="utf-8")
    evidence = html[html.index('<section class="bewijs">'):html.index('<section class="bijlage">')]
    ctx = brief_context(ws, ws.municipality("merelbeke-melle"), "ruimte")
    for p in ctx["oogopslag"]:
        if p["bevinding"].kind == "groepsverschil":
            assert say("kop", p).replace("‘", "&lsquo;") in evidence or say("kop", p) in evidence
            f = p["bevinding"]
            for fig in (f.figure, f.reference):
                assert f"(n\u00a0=\u00a0{fig.n:.0f})" in evidence or f"(n&nbsp;=&nbsp;{fig.n:.0f})" in evidence
    assert evidence.count('class="staaf-rij') >= 4
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(str(path)).pages]  # the extra pictures fit the budget
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
    assert "Niet apart te tonen: Melle (te weinig antwoorden) en Merelbeke (onderdrukt" in evidence
    assert 'class="staaf-rij' not in evidence  # no bars that would only say 'te weinig antwoorden'


# --- issue 27, item 4: a small municipality gets a short brief that is still of use ------------------

def test_a_small_municipality_gets_a_short_brief_with_its_neighbours_and_comparison_group(ws, tmp_path):
    from pypdf import PdfReader

    from conftest import write_brief

    gebied = ws.municipality("spiere-helkijn")
    ctx = brief_context(ws, gebied, "ruimte")
    assert ctx["kort"] and ctx["eigen_cijfers"] == []
    neighbours = [g.naam for g in ws.gebieden.neighbours(gebied.nis) if ws.area(g) is not None]
    assert neighbours and ctx["buurt"]["buren"] == neighbours
    assert [k["naam"] for k in ctx["buurt"]["kolommen"]][-3:] == ["Vergelijkbare gemeenten", "West-Vlaanderen",
                                                                 "Vlaanderen"]
    path = write_brief(ws, gebied, "ruimte", tmp_path, keep_html=True)
    pages = [page.extract_text() for page in PdfReader(str(path)).pages]
    assert len(pages) <= 2
    text = re.sub(r"\s+", " ", " ".join(pages))
    for name in neighbours + ctx["vergelijkingsgroep"]["leden"]:
        assert name in text
    assert "n = " in text.replace("\u00a0", " ") and "eigen bevraging" in text
    html = path.with_suffix(".html").read_text(encoding="utf-8")
    assert 'class="verdeling"' not in html and "te weinig antwoorden</span>" not in html  # no chart of blanks
    assert not brief_context(ws, ws.municipality("leuven"), "ruimte")["kort"]

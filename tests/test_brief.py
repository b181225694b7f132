"""Department briefs: right figures, honest suppression, accessible and reproducible PDFs."""

import re
from pathlib import Path

import pandas as pd
import pikepdf
import pytest
from pypdf import PdfReader

from thuis_cli import __version__, resources
from thuis_cli.products.brief import brief_context, resolve_dienst
from thuis_cli.errors import InputError
from thuis_cli.assets import RefusedResource
from thuis_cli.pdf import html_to_pdf
from thuis_cli.templating import render_html
from thuis_cli.workspace import Workspace
from thuis_cli.write import safe_join

from conftest import pdf_pages, say, write_brief
from thuis_cli import rules


def pdf_text(path: Path) -> str:
    return re.sub(r"[\s\u00a0]+", " ", " ".join(pdf_pages(path)))


@pytest.fixture(scope="module")
def session():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def leuven_ruimte(samples):
    return samples.brief("leuven", "ruimte")


def expected_shares(nis: str, config) -> dict[str, tuple[str, str]]:
    """Headline share and n per indicator, computed here straight from the sample CSV."""
    frames = [pd.read_csv(f, dtype={"nis": str}) for f in resources.sample_data_files()]
    data = pd.concat(frames)
    data = data[(data.nis == nis) & (data.groep == "totaal")]
    out = {}
    for ind in config.catalogus.indicatoren:
        rows = data[data.indicator == ind.id]
        n = rows.n.iloc[0]
        share = rows[rows.antwoord.isin(ind.kern)].aantal.sum() / n
        out[ind.id] = (f"{share * 100:.0f} %", f"{n:,}".replace(",", "."))
    return out


def test_brief_is_written_where_promised(leuven_ruimte):
    assert leuven_ruimte.name == "brief-ruimte.pdf" and leuven_ruimte.parent.name == "leuven"
    assert (leuven_ruimte.parent / "brief-ruimte.html").exists()
    assert not list(leuven_ruimte.parent.glob("*.tmp"))


def test_brief_holds_the_departments_indicators_with_their_figures(leuven_ruimte, session):
    text = pdf_text(leuven_ruimte)
    expected = expected_shares("24062", session.config)
    for ind in rules.indicators_for(session.config, "ruimte"):
        share, n = expected[ind.id]
        assert ind.label in text
        assert re.search(rf"Leuven {re.escape(share)} {re.escape(n)} ", text), (ind.id, share, n)


def test_brief_has_every_section(leuven_ruimte):
    text = pdf_text(leuven_ruimte)
    for heading in ("Wat valt op voor uw dienst", "Volgende stap:", "De cijfers achter de bevindingen",
                    "Wonen op minder ruimte", "Bijlage: alle cijfers", "Over deze cijfers"):
        assert heading in text, heading
    assert "Synthetische voorbeeldgegevens" in text
    flat = " ".join(text.split())  # the words, wherever a line breaks
    assert "niet alle inwoners" in flat and "koos daar zelf voor" in flat  # not a representative sample
    # the woontest opened on 4 February 2020 and took answers until 31 March, past the first corona
    # measures of 18 March: the brief says so, never 'januari' or 'vóór de coronapandemie'
    assert "van 4 februari tot 31 maart 2020" in flat and "coronamaatregelen" in flat and "Betekenisvol" in text
    assert "januari tot maart" not in flat and "vóór de coronapandemie" not in flat
    assert "Pagina 1 van" in text and "thuis 0.1.0" not in text  # the version is in the PDF's metadata only
    assert PdfReader(str(leuven_ruimte)).metadata["/Creator"] == f"thuis {__version__}"


def test_findings_and_advice_come_first_the_annex_last(leuven_ruimte):
    pages = [re.sub(r"[ \u00a0]+", " ", p) for p in pdf_pages(leuven_ruimte)]
    # round 14: a step for each of the three numbered findings (two core, then the next difference by size)
    assert "Wat valt op voor uw dienst" in pages[0] and pages[0].count("Volgende stap:") == 3
    annex = next(i for i, p in enumerate(pages) if "Bijlage: alle cijfers" in p)
    evidence = next(i for i, p in enumerate(pages) if "De cijfers achter de bevindingen" in p)
    assert 0 < evidence < annex and 2 <= annex + 1 <= 4  # 2-4 pages before the annex


def test_reader_text_has_no_tool_words(leuven_ruimte):
    text = pdf_text(leuven_ruimte)
    for word in ("thuis intervisie", "thuis infografiek", ".yaml", "om thuis te tonen", "ingebouwd"):
        assert word not in text, word
    assert "Gemaakt met thuis." not in text and "de referentiecijfers" in text  # the colophon, without a version
    assert "woontest-synthetisch-gemeenten.csv" not in text  # the reader gets words, not file names


def test_brief_reads_in_2_to_4_pages_before_its_annex(leuven_ruimte):
    pages = pdf_pages(leuven_ruimte)
    annex = next(i for i, text in enumerate(pages, start=1) if "Bijlage: alle cijfers" in text)
    assert 2 <= annex <= 4 and len(pages) <= annex + 4


def test_aandachtspunten_carry_figure_comparison_and_n(session):
    ctx = brief_context(session, session.municipality("leuven"), "ruimte")
    # round 14: page 1 numbers its core findings (Leuven: two), then the next difference with the other
    # centrumsteden up to its maximum of three; the rest is named in one line
    assert len(ctx["oogopslag"]) == 3 and len(ctx["ook_betekenisvol"]) >= 1
    for point in ctx["oogopslag"]:
        point = say("bevinding", point)
        assert re.search(r"\d+ % van de deelnemers", point) and "n = " in point
        assert "tegenover" in point and "procentpunt" in point


def test_suppressed_figures_show_text_not_numbers(samples, session, tmp_path):
    # Spiere-Helkijn (9 participants) gets the short brief (issue 27, item 4): it says that no figure
    # of its own can be shown and prints none, instead of a table row and a chart of blanks per question.
    path = samples.brief("spiere-helkijn", "ruimte")
    text = pdf_text(path)
    flat = " ".join(text.split())
    assert "Een aandeel op minder dan 30 antwoorden tonen we niet" in flat
    assert ("zegt de woontest over Spiere-Helkijn zelf niets: "
            "geen van de 8 vragen van deze dienst heeft 30 antwoorden") in flat
    after_name = re.findall(r"Spiere-\s?Helkijn:? (\S+ \S+)", flat)
    assert not [w for w in after_name if re.match(r"\d", w) and not w.endswith("deelnemers")]  # the header counts


def test_pdf_is_tagged_with_alt_text_on_every_figure(leuven_ruimte):
    with pikepdf.open(leuven_ruimte) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "nl-BE"
        assert "Omgeving" in str(pdf.docinfo.get("/Title"))
        figures = []

        def walk(node):
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    figures.append(node)
                kids = node.get("/K")
                if kids is not None:
                    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                        walk(kid)
            elif isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        assert len(figures) == 8  # one chart per indicator of the department
        for figure in figures:
            alt = str(figure.get("/Alt", "")).replace("\u00a0", " ")
            assert alt.startswith("Gestapelde staafgrafiek:") and "%" in alt and "n = " in alt


def test_pdf_passes_pdf_ua_1(leuven_ruimte):
    import page

    report = page.validate_pdf(str(leuven_ruimte), profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    assert report.rules.total >= 100


def test_all_fonts_are_embedded_and_bundled(leuven_ruimte):
    with pikepdf.open(leuven_ruimte) as pdf:
        names = set()
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                for desc_font in font.get("/DescendantFonts", [font]):
                    descriptor = desc_font.FontDescriptor
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                    names.add(str(desc_font.BaseFont).split("+")[-1])
    assert names and all(name.startswith("Lato") for name in names)


def test_same_input_gives_the_same_bytes(session, leuven_ruimte, tmp_path):
    again = write_brief(session, session.municipality("leuven"), "ruimte", tmp_path)
    assert again.read_bytes() == leuven_ruimte.read_bytes()


def test_every_department_brief_renders_without_warnings(session, tmp_path):
    for dienst in session.config.diensten.diensten:  # html_to_pdf raises on any WeasyPrint warning
        path = write_brief(session, session.municipality("gent"), dienst, tmp_path)
        assert 3 <= len(PdfReader(str(path)).pages) <= 6, dienst


def test_merged_municipality_brief(samples, session, tmp_path):
    path = samples.brief("merelbeke-melle", "wonen")
    assert path.parent.name == "merelbeke-melle"
    assert "samengevoegd uit Melle en Merelbeke" in " ".join(pdf_text(path).split())


def test_override_template_is_found_first_and_can_extend_the_builtin(session, tmp_path):
    own = tmp_path / "sjablonen"
    own.mkdir()
    (own / "brief.html").write_text('{% extends "ingebouwd/brief.html" %}{% block inhoud %}'
                                    "<p>Eigen sjabloon van de gemeente</p>{{ super() }}{% endblock %}")
    path = write_brief(session, session.municipality("leuven"), "ruimte", tmp_path / "out", templates=own)
    text = pdf_text(path)
    assert "Eigen sjabloon van de gemeente" in text and "Wat valt op voor uw dienst" in text


HOSTILE = '<img src="file:///etc/passwd"> url(file:///etc/passwd) <script>alert(1)</script>'


def test_hostile_config_values_come_out_as_literal_text(tmp_path, monkeypatch):
    import yaml

    data = yaml.safe_load((resources.config_dir() / "diensten.yaml").read_text(encoding="utf-8"))
    data["diensten"]["ruimte"]["tips"] = [HOSTILE]
    for action in data["diensten"]["ruimte"]["acties"]:  # page 1 shows the department's actions
        action["tekst"] = HOSTILE
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "diensten.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    fetched = []
    from thuis_cli import pdf

    original = pdf._fetcher_class

    def spying():
        cls = original()

        class Spy(cls):
            def fetch(self, url, headers=None):
                fetched.append(url)
                return super().fetch(url, headers)

        return Spy

    monkeypatch.setattr(pdf, "_fetcher_class", spying)
    session = Workspace.open(None, tmp_path / "cfg")
    path = write_brief(session, session.municipality("leuven"), "ruimte", tmp_path / "out", keep_html=True)
    html = path.with_suffix(".html").read_text()
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html and "<script>" not in html
    assert "url(file:///etc/passwd)" in pdf_text(path)
    assert fetched and all(u.startswith(resources.templates_dir().as_uri()) or u.startswith("data:")
                           for u in fetched)


@pytest.mark.parametrize("src", ["{server}/beeld.png", "file:///etc/passwd", "static/../../../../etc/passwd",
                                 "ftp://127.0.0.1/x.png"])
def test_renderer_refuses_anything_but_builtin_files_and_data(src, recording_server):
    port, hits = recording_server
    server = f"http://127.0.0.1:{port}"
    html = (f'<html lang="nl-BE"><head><title>t</title></head><body><img src="{src.format(server=server)}" alt="x">'
            '</body></html>')
    with pytest.raises(RefusedResource):
        html_to_pdf(html)
    assert hits == []


def test_renderer_warnings_are_errors():
    html = ('<html lang="nl-BE"><head><title>t</title><style>p { kleur: rood }</style></head>'
            '<body><p>x</p></body></html>')
    with pytest.raises(InputError, match="waarschuwingen"):
        html_to_pdf(html)


def test_department_names_resolve_or_fail_in_dutch(config):
    assert resolve_dienst(config, "alle") == list(config.diensten.diensten)
    assert resolve_dienst(config, "Mobiliteit") == ["mobiliteit"]
    with pytest.raises(InputError) as info:
        resolve_dienst(config, "ruimt")
    assert "Onbekende dienst 'ruimt'" in str(info.value) and "'ruimte'" in str(info.value)
    with pytest.raises(InputError):
        resolve_dienst(config, "../../etc")


@pytest.mark.parametrize("part", ["..", "../x", "a/b", "", "/etc"])
def test_output_paths_cannot_leave_the_output_folder(tmp_path, part):
    with pytest.raises(InputError):
        safe_join(tmp_path, part)


def test_template_errors_are_reported_in_dutch(tmp_path):
    (tmp_path / "brief.html").write_text("{% if %}")
    with pytest.raises(InputError, match="Sjabloonfout"):
        render_html("brief.html", {}, tmp_path)


def test_chart_cache_gives_the_same_bytes_as_drawing(monkeypatch, tmp_path):
    from thuis_cli import chart

    bars = (chart.Bar("Leuven", 0.42, 0.39, 0.45, 780.0, "#0072B2"),
            chart.Bar("Vlaanderen", None, None, None, 0, "#5A5A5A"))
    panels = (chart.Panel("Paneel", bars),)
    monkeypatch.setenv("THUIS_CACHE", "uit")
    chart.small_multiples.cache_clear()
    drawn = chart.small_multiples("t", panels).svg
    monkeypatch.setenv("THUIS_CACHE", str(tmp_path))
    chart.small_multiples.cache_clear()
    first = chart.small_multiples("t", panels).svg
    chart.small_multiples.cache_clear()
    cached = chart.small_multiples("t", panels).svg
    assert drawn == first == cached
    assert len(list((tmp_path / "grafieken").glob("*.svg"))) == 1
    assert b"<text" in drawn and b"te weinig" in drawn  # text stays text
    assert b"<dc:date>" not in drawn


def test_group_rows_show_the_group_against_the_other_respondents_after_bh(session):
    """Issue 11 points 3 and 4: a group row prints group minus the *other* respondents (from the printed
    shares), and 'ja' means the same comparison survives Benjamini-Hochberg over every comparison of
    the area's family (issue 26: every indicator, reference and group the catalogue defines;
    recomputed here with statsmodels) and is at least the threshold."""
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportions_ztest

    gebied = session.municipality("leuven")
    ctx = brief_context(session, gebied, "ruimte")
    area = session.area(gebied)
    config = session.config
    scope = area.document_scope(rules.indicators_for(config, "ruimte"), rules.rules_for(config, "ruimte"))
    # the family, recomputed from the counts: municipality against the rest of each reference, groups
    # against the other respondents
    family = {}
    for ind in (i for i in config.catalogus.indicatoren if i.thema != "profiel"):
        own = area.figure(ind.id)
        for key in ("provincie", "vergelijking", "vlaanderen"):
            ref = area.reference(key).figure(ind.id)
            if own.suppressed or ref.suppressed:
                family[("ref", ind.id, key)] = 1.0
                continue
            rest_k, rest_n = (ref.aantal, ref.n) if key == "vergelijking" else (ref.aantal - own.aantal, ref.n - own.n)
            family[("ref", ind.id, key)] = proportions_ztest([own.aantal, rest_k], [own.n, rest_n])[1]
        for dim in config.catalogus.groepen:
            for value in config.catalogus.group_values(dim):
                g = area.figure(ind.id, f"{dim}:{value}")
                if g is None or g.suppressed or own.n - g.n < 30:
                    family[("groep", ind.id, f"{dim}:{value}")] = 1.0
                    continue
                family[("groep", ind.id, f"{dim}:{value}")] = proportions_ztest(
                    [g.aantal, own.aantal - g.aantal], [g.n, own.n - g.n])[1]
    keys = list(family)
    q = dict(zip(keys, multipletests([family[k] for k in keys], method="fdr_bh")[1]))
    assert scope.family_size == len(keys) == 252
    checked = 0
    for theme in ctx["themas"]:
        for block in (ctx["bewijs"][i] for i in theme["blokken"]):
            for table in block["groepen"]:
                dim = next(d for d, spec in config.catalogus.groepen.items() if spec.titel == table["titel"])
                for value, row in zip(config.catalogus.group_values(dim), table["rijen"]):
                    if row.suppressed:
                        continue
                    group, total = area.figure(block["id"], f"{dim}:{value}"), area.figure(block["id"])
                    rest = (total.aantal - group.aantal) / (total.n - group.n)
                    printed = round(group.share * 100 + 1e-9) - round(rest * 100 + 1e-9)
                    shown = int(row.verschil.replace("\u00a0pp", "").replace("−", "-").replace("+", ""))
                    assert shown == printed
                    qv = q[("groep", block["id"], f"{dim}:{value}")]
                    expected = qv < 0.05 and abs(group.share - rest) * 100 >= 5
                    assert (row.betekenisvol == "ja") == expected
                    checked += 1
    assert checked >= 4

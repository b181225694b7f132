"""Own files beside own templates, and HTML that opens styled on its own (issue 14, points 11 and 12)."""

import re

import pytest

from thuis_cli import resources
from thuis_cli.assets import RefusedResource, self_contained
from thuis_cli.pdf import html_to_pdf

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
        '<rect width="20" height="10" fill="#005A8C"/></svg>')


def page(body: str) -> str:
    return (f'<html lang="nl-BE"><head><title>t</title><link rel="stylesheet" href="static/thuis.css"></head>'
            f"<body>{body}</body></html>")


@pytest.fixture
def own(tmp_path):
    folder = tmp_path / "sjablonen"
    (folder / "beelden").mkdir(parents=True)
    (folder / "logo.svg").write_text(LOGO)
    (folder / "beelden" / "kaart.svg").write_text(LOGO)
    (tmp_path / "geheim.svg").write_text(LOGO)
    return folder


@pytest.mark.parametrize("src", ["logo.svg", "beelden/kaart.svg", "{own}/logo.svg", "file://{own}/logo.svg"])
def test_an_own_template_may_use_files_from_its_own_folder(own, src):
    pdf = html_to_pdf(page(f'<img src="{src.format(own=own)}" alt="logo">'), own)
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("src", ["../geheim.svg", "{own}/../geheim.svg", "file://{own}/../geheim.svg"])
def test_files_outside_the_own_folder_are_refused_however_written(own, src):
    with pytest.raises(RefusedResource):
        html_to_pdf(page(f'<img src="{src.format(own=own)}" alt="x">'), own)


def test_without_an_own_folder_its_files_are_not_found(own):
    with pytest.raises(RefusedResource):
        html_to_pdf(page('<img src="logo.svg" alt="logo">'))


def test_self_contained_html_inlines_the_stylesheet_fonts_and_own_images(own):
    html = self_contained(page('<p>x</p><img src="logo.svg" alt="logo">'), own)
    assert "static/thuis.css" not in html and "<link" not in html
    css = (resources.static_dir() / "thuis.css").read_text(encoding="utf-8")
    first_rule = next(line for line in css.splitlines() if "{" in line and "@font-face" not in line)
    assert first_rule.strip() in html
    assert 'src: url("data:font/ttf;base64,' in html
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="logo">', html)
    assert not re.search(r'url\("(?!data:)', html)


def test_self_contained_html_refuses_what_the_pdf_refuses(own):
    with pytest.raises(RefusedResource):
        self_contained(page('<img src="../geheim.svg" alt="x">'), own)
    with pytest.raises(RefusedResource):
        self_contained(page('<img src="https://example.org/x.png" alt="x">'), own)


def test_brief_html_opens_styled_without_the_templates_folder(tmp_path):
    from thuis_cli.workspace import Workspace

    from conftest import write_brief

    session = Workspace.open(None, None)
    pdf = write_brief(session, session.municipality("leuven"), "wonen", tmp_path, keep_html=True)
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert "<link" not in html and "font-family" in html and "data:font/ttf;base64," in html


def test_compiled_templates_are_kept_between_commands_and_an_edited_template_is_compiled_again(tmp_path,
                                                                                             monkeypatch):
    from thuis_cli.templating import environment

    monkeypatch.setenv("THUIS_CACHE", str(tmp_path / "cache"))
    own = tmp_path / "sjablonen"
    own.mkdir()
    (own / "groet.html").write_text("Hallo {{ naam }}", encoding="utf-8")
    assert environment(own).get_template("groet.html").render(naam="Gent") == "Hallo Gent"
    kept = list((tmp_path / "cache" / "sjablonen").glob("*.cache"))
    assert len(kept) == 1
    (own / "groet.html").write_text("Dag {{ naam }}", encoding="utf-8")  # a new command after an edit
    assert environment(own).get_template("groet.html").render(naam="Gent") == "Dag Gent"
    monkeypatch.setenv("THUIS_CACHE", "uit")
    assert environment(own).bytecode_cache is None


# --- stylesheets parsed once per process (issue 17) ---------------------------------------------

def _colours(pdf: bytes) -> str:
    """Every fill colour operator on the first page, as the content stream writes it."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        contents = document.pages[0].obj.Contents
        content = b"".join(s.read_bytes() for s in contents.as_list()) \
            if isinstance(contents, pikepdf.Array) else contents.read_bytes()
    return " ".join(re.findall(r"[\d.]+ [\d.]+ [\d.]+ rg", content.decode("latin-1")))


def _red_text(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "static").mkdir(exist_ok=True)
    builtin = (resources.static_dir() / "thuis.css").read_text(encoding="utf-8")
    (folder / "static" / "thuis.css").write_text(builtin + "\np { color: #FF0000; }\n", encoding="utf-8")


def test_a_document_made_after_others_has_the_same_bytes_as_one_made_alone():
    from thuis_cli import pdf

    html = page("<h1>Wonen</h1><p>Een zin.</p>")
    first = html_to_pdf(html)
    html_to_pdf(page("<p>Iets anders</p>"))
    pdf._SHEETS.clear()
    pdf._font_config.cache_clear()
    assert html_to_pdf(html) == first == html_to_pdf(html)


def test_an_own_stylesheet_replaces_the_built_in_one_and_still_finds_the_built_in_fonts(tmp_path):
    own = tmp_path / "sjablonen"
    _red_text(own)
    html = page("<p>Rood</p>")
    assert "1 0 0 rg" in _colours(html_to_pdf(html, own))
    assert "1 0 0 rg" not in _colours(html_to_pdf(html))


def test_an_edited_stylesheet_is_read_again_in_the_same_process(tmp_path):
    import os

    own = tmp_path / "sjablonen"
    _red_text(own)
    html = page("<p>Rood, dan blauw</p>")
    assert "1 0 0 rg" in _colours(html_to_pdf(html, own))
    css = own / "static" / "thuis.css"
    css.write_text(css.read_text(encoding="utf-8").replace("#FF0000", "#0000FF"), encoding="utf-8")
    stat = css.stat()
    os.utime(css, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    colours = _colours(html_to_pdf(html, own))
    assert "0 0 1 rg" in colours and "1 0 0 rg" not in colours


def test_a_template_s_own_style_block_still_wins_over_the_linked_stylesheet(tmp_path):
    own = tmp_path / "sjablonen"
    _red_text(own)
    html = page("<p>Groen</p>").replace("</head>", "<style>p { color: #00FF00; }</style></head>")
    colours = _colours(html_to_pdf(html, own))
    assert "0 1 0 rg" in colours and "1 0 0 rg" not in colours


def test_a_stylesheet_with_warnings_stops_every_document_that_links_it(tmp_path):
    from thuis_cli.errors import InputError

    own = tmp_path / "sjablonen"
    (own / "static").mkdir(parents=True)
    (own / "static" / "thuis.css").write_text("p { kleur: rood; }\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError, match="waarschuwingen"):
            html_to_pdf(page("<p>x</p>"), own)


def test_a_linked_stylesheet_is_parsed_once_for_many_documents(monkeypatch):
    import weasyprint

    from thuis_cli import pdf

    parsed = []
    original = weasyprint.CSS

    class Counting(original):
        def __init__(self, *args, **kwargs):
            parsed.append(kwargs.get("base_url") or kwargs.get("url"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "CSS", Counting)
    monkeypatch.setattr(pdf, "_SHEETS", {})
    for text in ("Een", "Twee", "Drie"):
        html_to_pdf(page(f"<p>{text}</p>"))
    assert [url for url in parsed if str(url).endswith("thuis.css")] == [
        (resources.templates_dir() / "static" / "thuis.css").as_uri()]


def test_the_indentation_between_table_tags_goes_and_nothing_else():
    from thuis_cli.pdf import without_table_gaps

    html = ('<table>\n  <caption> Tabel </caption>\n  <tbody>\n    <tr>\n      <th scope="row">Leuven </th>\n'
            '      <td> 54 % </td>\n      <td>\n      </td>\n    </tr>\n  </tbody>\n</table>\n'
            '<p> <strong>Leuven</strong> <em>Herent</em> </p><TABLE>\n<TR>\n<TD>x</TD></TR></TABLE>')
    assert without_table_gaps(html) == (
        '<table><caption> Tabel </caption><tbody><tr><th scope="row">Leuven </th><td> 54 % </td><td></td></tr>'
        '</tbody></table>\n<p> <strong>Leuven</strong> <em>Herent</em> </p><TABLE><TR><TD>x</TD></TR></TABLE>')


def test_a_table_looks_the_same_without_its_indentation(monkeypatch, tmp_path):
    import subprocess

    from thuis_cli import pdf

    rows = "".join(f"\n    <tr>\n      <th scope=\"row\">Gemeente {i}</th>\n      <td> {i} % </td>\n    </tr>"
                   for i in range(12))
    html = page(f"<p>Voor de tabel</p>\n<table>\n  <caption>Aandelen</caption>\n  <tbody>{rows}\n  </tbody>\n"
                "</table>\n<p>Na de tabel</p>")
    import weasyprint

    parsed = []
    original = weasyprint.HTML
    monkeypatch.setattr(weasyprint, "HTML", lambda *a, **k: parsed.append(k["string"]) or original(*a, **k))
    (tmp_path / "zonder.pdf").write_bytes(html_to_pdf(html))
    assert "<tbody><tr><th" in parsed[0] and "</tr></tbody></table>" in parsed[0]  # what WeasyPrint reads
    monkeypatch.setattr(pdf, "without_table_gaps", lambda text: text)
    (tmp_path / "met.pdf").write_bytes(html_to_pdf(html))
    for name in ("zonder", "met"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
    assert (tmp_path / "zonder.png").read_bytes() == (tmp_path / "met.png").read_bytes()


def test_the_warm_up_document_uses_what_the_documents_use():
    """A worker's warm-up pays the first use of every face of the font, a table and an SVG chart with
    labels: after a warm-up of one heading the first brief was 25-40 ms slower than the next."""
    import io

    import pikepdf

    from thuis_cli.pdf import WARM_UP

    assert "<table" in WARM_UP and "data:image/svg+xml" in WARM_UP and "nieuwe-pagina" in WARM_UP
    with pikepdf.open(io.BytesIO(html_to_pdf(WARM_UP))) as pdf:
        fonts = {str(font.BaseFont).split("+")[-1] for page in pdf.pages
                 for font in page.Resources.get("/Font", {}).values()}
        xobjects = [x for page in pdf.pages for x in page.Resources.get("/XObject", {}).values()]
        assert len(pdf.pages) == 2
    assert {"Lato", "Lato-Bold", "Lato-Italic"} <= fonts  # Lato-Regular names itself "Lato"
    assert xobjects  # the chart, drawn as a form


def test_an_early_worker_compiles_the_templates_before_it_loads_weasyprint(monkeypatch):
    """The command needs its compiled templates long before its PDF: compiling comes first."""
    from thuis_cli import pdf, templating, workers

    done = []
    monkeypatch.setattr(templating, "compile_ahead", lambda names: done.append(("compile", names)))
    monkeypatch.setattr(pdf, "warm_up", lambda: done.append(("warm",)))
    workers.warm_pdf(("brief.html",))
    assert done == [("compile", ("brief.html",)), ("warm",)]


def test_a_document_s_structure_is_completed_before_it_is_written_not_read_back(monkeypatch):
    """The structure pass runs on WeasyPrint's objects (its finisher): a PDF without form fields is
    never opened again after it is written (that cost a brief 50 ms)."""
    import pikepdf

    def refuse(*args, **kwargs):
        raise AssertionError("the written PDF was opened again")

    monkeypatch.setattr(pikepdf, "open", refuse)
    html = ('<html lang="nl-BE"><head><meta charset="utf-8"><title>t</title></head><body><section><h2>Kop</h2>'
            '<table><thead><tr><th>Gebied</th><th>n</th></tr></thead><tbody><tr><th>Leuven</th><td>12</td></tr>'
            '</tbody></table></section></body></html>')
    pdf = html_to_pdf(html)
    monkeypatch.undo()
    with pikepdf.open(__import__("io").BytesIO(pdf)) as document:
        root = document.Root.StructTreeRoot
        assert "/IDTree" in root  # written by the finisher


@pytest.mark.parametrize("make", [html_to_pdf, self_contained], ids=["pdf", "html"])
def test_a_misspelt_own_file_is_not_found_in_the_own_folder_with_a_suggestion(own, make):
    with pytest.raises(RefusedResource) as caught:
        make(page('<img src="logo.svh" alt="logo">'), own)
    assert str(caught.value) == (f"Bestand niet gevonden: 'logo.svh', waarnaar het document verwijst, staat niet in "
                                 f"uw sjablonenmap ({own.resolve()}) en ook niet bij de ingebouwde sjablonen. "
                                 "Bedoelde u: 'logo.svg'?")


def test_a_source_outside_the_folders_is_still_named_as_refused(own):
    with pytest.raises(RefusedResource, match="een bron die thuis niet ophaalt: https://example.org/x.png"):
        html_to_pdf(page('<img src="https://example.org/x.png" alt="x">'), own)

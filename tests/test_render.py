"""Own files beside own templates, and HTML that opens styled on its own (issue 14, points 11 and 12)."""

import re

import pytest

from thuis_cli import resources
from thuis_cli.render import RefusedResource, html_to_pdf, self_contained

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="#005A8C"/></svg>'


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
    from thuis_cli.render import environment

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

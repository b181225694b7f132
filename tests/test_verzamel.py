"""verzamel merges the copies of one session, tells what it noticed and writes summaries that read well
(issue 13 and issue 14, point 16)."""

from pathlib import Path

import openpyxl
import pikepdf
import pytest

from thuis_cli.errors import InputError
from thuis_cli.verzamel import MAX_ANSWER_CHARS, collect, write_summary

from conftest import fill


@pytest.fixture(scope="module")
def copies(samples) -> dict[str, Path]:
    return {p.stem.removeprefix("intervisie-leuven-herent-"): p for p in samples.workbook("leuven", "herent")
            if p.suffix == ".pdf"}


def test_an_unfilled_workbook_gets_a_warning(copies, capsys):
    collect([copies["herent"]])
    assert f"Let op: {copies['herent'].name}: het werkboek is niet ingevuld" in capsys.readouterr().err


def test_a_filled_workbook_gets_no_such_warning(copies, tmp_path, capsys):
    collect([fill(copies["herent"], tmp_path / "a.pdf", {"delen__leren__herent": "Samen leren"})])
    assert "niet ingevuld" not in capsys.readouterr().err


def test_missing_copies_are_named(copies, tmp_path, capsys):
    summary = collect([fill(copies["herent"], tmp_path / "a.pdf", {"delen__leren__herent": "Samen leren"})])
    err = capsys.readouterr().err
    assert "Het exemplaar van de facilitator ontbreekt" in err and "Het exemplaar van Leuven ontbreekt" in err
    assert "Herent ontbreekt" not in err
    assert summary.missing == ["de facilitator", "Leuven"]
    md = write_summary(summary, tmp_path / "out")[1].read_text(encoding="utf-8")
    assert "**Niet volledig**: de exemplaren van de facilitator en Leuven ontbreken." in md


def test_a_whole_session_is_merged_without_warnings(copies, tmp_path, capsys):
    summary = collect([fill(copies["facilitator"], tmp_path / "f.pdf", {"sessie__plaats": "Leuven"}),
                       fill(copies["leuven"], tmp_path / "l.pdf", {"delen__leren__leuven": "Van Herent leren"}),
                       fill(copies["herent"], tmp_path / "h.pdf", {"delen__leren__herent": "Van Leuven leren"})])
    assert capsys.readouterr().err == "" and summary.missing == []
    assert summary.session == ("", "Leuven")
    assert [(m, t) for _th, _q, m, t in summary.answers] == [("Leuven", "Van Herent leren"),
                                                             ("Herent", "Van Leuven leren")]


def test_two_copies_of_one_municipality_keep_both_answers(copies, tmp_path, capsys):
    a = fill(copies["herent"], tmp_path / "a.pdf", {"delen__leren__herent": "Eerste versie"})
    b = fill(copies["herent"], tmp_path / "b.pdf", {"delen__leren__herent": "Tweede versie"})
    summary = collect([a, b])
    assert "2 exemplaren van Herent (a.pdf, b.pdf)" in capsys.readouterr().err
    assert summary.answers[0][3] == "[a.pdf] Eerste versie\n[b.pdf] Tweede versie"


def test_a_municipality_copy_cannot_fill_in_another_municipality(copies, tmp_path):
    """A copy's fields are its own: Leuven's answers in Herent's copy count as unknown fields."""
    def add_field(pdf):
        pdf.Root.AcroForm.Fields.append(pdf.make_indirect(pikepdf.Dictionary(
            FT=pikepdf.Name.Tx, T=pikepdf.String("delen__leren__leuven"), V=pikepdf.String("x"))))

    with pikepdf.open(copies["herent"]) as pdf:
        add_field(pdf)
        pdf.save(tmp_path / "h.pdf")
    summary = collect([tmp_path / "h.pdf"])
    assert summary.answers == [] and any("onbekende velden genegeerd (delen__leren__leuven)" in n
                                         for n in summary.notes)


def test_a_workbook_of_the_old_single_copy_kind_is_refused(copies, tmp_path):
    with pikepdf.open(copies["facilitator"]) as pdf:
        pdf.docinfo["/thuiswerkboek"] = pikepdf.String(
            str(pdf.docinfo["/thuiswerkboek"]).replace('"exemplaar": "facilitator", ', ""))
        pdf.save(tmp_path / "oud.pdf")
    with pytest.raises(InputError) as caught:
        collect([tmp_path / "oud.pdf"])
    assert "oudere versie van thuis" in str(caught.value.problems[0])


def test_an_answer_that_is_cut_is_announced(copies, tmp_path, capsys):
    long = "woord " * 2000  # 12,000 characters
    summary = collect([fill(copies["herent"], tmp_path / "a.pdf", {"delen__leren__herent": long})])
    err = capsys.readouterr().err
    assert ("a.pdf: het antwoord van Herent op 'Lerend ondersteunen en ondersteunend leren: wat leren we van "
            "elkaar, en hoe?' (Ruimte en materiaal delen) is ingekort tot 10.000 tekens "
            "(was 11.999).") in err
    assert "delen__leren__herent" not in err  # the reader's words, not the field's id
    assert len(summary.answers[0][3]) == MAX_ANSWER_CHARS + len(" […]")


def test_the_spreadsheet_has_column_widths_and_wrapped_text(copies, tmp_path):
    summary = collect([fill(copies["herent"], tmp_path / "a.pdf", {"delen__leren__herent": "een\nlang\nantwoord"})])
    xlsx = write_summary(summary, tmp_path / "out")[0]
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Sessie", "Bespreking", "Acties", "Opvolging"]
    sheet = book["Bespreking"]
    assert sheet.column_dimensions["D"].width >= 60 and sheet.column_dimensions["B"].width >= 30
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    assert sheet["A1"].font.bold
    assert [c.value for c in book["Acties"][1]] == ["Nr.", "Wat", "Wie", "Tegen wanneer"]  # what participatie reads


def test_a_multi_line_answer_stays_inside_its_list_item(copies, tmp_path):
    from markdown_it import MarkdownIt

    answer = "Eerste punt\n- geen nieuw lijstelement\n\n2. ook geen genummerde lijst\nlaatste regel"
    summary = collect([fill(copies["herent"], tmp_path / "a.pdf", {"delen__leren__herent": answer}),
                       fill(copies["leuven"], tmp_path / "b.pdf", {"delen__leren__leuven": "kort"})])
    md = write_summary(summary, tmp_path / "out")[1].read_text(encoding="utf-8")
    html = MarkdownIt().render(md)
    item = next(li for li in html.split("<li>")[1:] if "Herent" in li.split("</li>")[0]).split("</li>")[0]
    for line in ("Eerste punt", "- geen nieuw lijstelement", "2. ook geen genummerde lijst", "laatste regel"):
        assert line in item, (line, html)
    answers = html.split("<h2>Ruimte en materiaal delen</h2>")[1].split("<h2>")[0]
    assert answers.count("<ul>") == 1 and "<ol" not in answers  # the answer starts no list of its own


def test_the_markdown_comes_from_its_template(copies, tmp_path):
    """Municipalities may reword the summary: it is the template verzameling.md, found in the templates."""
    from thuis_cli import resources

    template = (resources.templates_dir() / "verzameling.md").read_text(encoding="utf-8")
    assert "|md" in template and "## Acties" in template
    summary = collect([fill(copies["facilitator"], tmp_path / "f.pdf", {"actie__1__wat": "Een | pijp en *ster*"})])
    md = write_summary(summary, tmp_path / "out")[1].read_text(encoding="utf-8")
    assert "| 1 | Een \\| pijp en \\*ster\\* |  |  |" in md


def test_everyone_at_the_table_has_a_line_of_their_own(copies, tmp_path):
    people = {"tafel__leuven__1__naam": "An Peeters", "tafel__leuven__1__rol": "schepen",
              "tafel__leuven__2__naam": "Bart Claes", "tafel__herent__1__naam": "Chris Dries"}
    summary = collect([fill(copies["facilitator"], tmp_path / "f.pdf", people)])
    md = write_summary(summary, tmp_path / "out")[1].read_text(encoding="utf-8")
    table = md.split("### Aan tafel")[1].split("\n\n")[1].splitlines()
    assert table == ["- **Leuven**: An Peeters (schepen)", "- **Leuven**: Bart Claes", "- **Herent**: Chris Dries"]


def test_the_markdown_reads_as_plain_text_and_holds_no_html(copies, tmp_path):
    from markdown_it import MarkdownIt

    answer = "Ruimte & wonen: kosten < 500 euro, <b>vet</b>, &copy; en <script>alert(1)</script>\n> geen citaat"
    summary = collect([fill(copies["herent"], tmp_path / "a.pdf", {"delen__leren__herent": answer})])
    md = write_summary(summary, tmp_path / "out")[1].read_text(encoding="utf-8")
    assert "Ruimte & wonen: kosten < 500 euro" in md and "&amp;" not in md and "&lt;" not in md
    html = MarkdownIt("commonmark", {"html": True}).render(md)
    assert "<b>" not in html and "<script>" not in html and "©" not in html and "<blockquote>" not in html
    assert "&lt;b&gt;vet&lt;/b&gt;" in html and "&amp;copy;" in html  # shown as written


def test_the_notes_on_practices_are_merged_with_who_noted_them(samples, tmp_path, capsys):
    """A session with time to exchange practices (a pair: since round 15 a general question goes round the table,
    and three municipalities in two hours leave no room for the exchange): each copy notes the municipalities'
    approaches; the overview keeps each note with the municipality it is about and the copy that noted it."""
    paths = {p.stem.split("-")[-1]: p for p in samples.workbook("leuven", "herent")
             if p.suffix == ".pdf" and "voorbereiding" not in p.name}
    summary = collect([fill(paths["facilitator"], tmp_path / "f.pdf",
                            {"praktijk__facilitator__herent__aanpak": "Renovatieloket",
                             "praktijk__facilitator__herent__contact": "dienst wonen"}),
                       fill(paths["leuven"], tmp_path / "l.pdf",
                            {"praktijk__leuven__herent__werkt": "Huisbezoeken"})])
    assert "onbekende velden" not in capsys.readouterr().err
    practices = [(q, who, text) for theme, q, who, text in summary.answers if theme == "Praktijken uitwisselen"]
    assert practices == [("Aanpak van Herent", "de facilitator", "Aanpak: Renovatieloket; Contact: dienst wonen"),
                         ("Aanpak van Herent", "Leuven", "Wat werkt: Huisbezoeken")]

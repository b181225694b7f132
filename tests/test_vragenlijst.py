"""`thuis vragenlijst` (issue 31, item 1): a municipality's own follow-up questionnaire from the indicator
catalogue, with the profile questions the weighting needs, for LimeSurvey (.lss), KoboToolbox/ODK
(XLSForm) and paper (PDF), and the mapping files that read the exports back.

The .lss is read here with the rules of LimeSurvey's own importer (XMLImportSurvey in
application/helpers/admin/import_helper.php and the models it saves through; docs/bevraging.md), written
out below independently of thuis_cli.bevraging.lss; the XLSForm is converted with pyxform, as
KoboToolbox and ODK do."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest
import yaml

from thuis_cli.bevraging.vragenlijst import build, question_codes
from thuis_cli.cli import run
from thuis_cli.config_catalogue import Catalogus

FILES = ("vragenlijst.lss", "bevraging-limesurvey.yaml", "vragenlijst.xlsx", "bevraging-xlsform.yaml",
         "vragenlijst.pdf")


def thuis(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        run(args)
    captured = capsys.readouterr()
    return int(info.value.code or 0), captured.out, captured.err


@pytest.fixture(scope="module")
def leuven(tmp_path_factory):
    """The questionnaire of every indicator for Leuven, made by the command."""
    out = tmp_path_factory.mktemp("vragenlijst")
    with pytest.raises(SystemExit) as info:
        run(["vragenlijst", "--gemeente", "Leuven", "--uit", str(out)])
    assert info.value.code == 0
    return out / "leuven" / "vragenlijst"


@pytest.fixture(scope="module")
def catalogue(config) -> Catalogus:
    return config.catalogus


def weighting_ids(cat: Catalogus) -> list[str]:
    return [dim.indicator for dim in cat.groepen.values()]


def in_order(cat: Catalogus) -> list:
    """Every indicator, theme by theme in the catalogue's order, the theme of the weighting questions last."""
    profile = {cat.by_id[i].thema for i in weighting_ids(cat)}
    themes = [t for t in cat.themas if t not in profile] + [t for t in cat.themas if t in profile]
    return [i for t in themes for i in cat.indicatoren if i.thema == t]


# --- LimeSurvey's importer, as rules ------------------------------------------------------------

QUESTION_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")  # Question::rules: /^[a-z,A-Z][[:alnum:]]*$/, 1-20 chars
SUBQUESTION_CODE = re.compile(r"^[A-Za-z0-9]+$")  # Question::rules for a subquestion: /^[a-zA-z0-9]*$/
ANSWER_CODE = re.compile(r"^[A-Za-z0-9]{1,5}$")  # Answer::rules: /^[[:alnum:]]*$/, length 1-5, required
RESERVED = {"LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "self", "that", "this"}


def table(root: ET.Element, name: str) -> list[dict[str, str]]:
    """The rows of one table as XMLImportSurvey reads them (every child of a row: name -> text); the
    `fields` it declares are exactly the columns its rows use."""
    element = root.find(name)
    assert element is not None, f"table {name} missing"
    declared = [f.text for f in element.findall("fields/fieldname")]
    rows = [{child.tag: child.text or "" for child in row} for row in element.findall("rows/row")]
    assert rows, f"table {name} has no rows"
    for row in rows:
        assert list(row) == declared, (name, list(row), declared)
    return rows


def check_import(lss: bytes) -> dict[str, list[dict[str, str]]]:
    """Every check the importer makes (or the models it saves through), and the references it follows;
    returns the tables."""
    root = ET.fromstring(lss)
    assert root.tag == "document"
    assert root.findtext("LimeSurveyDocType") == "Survey"
    db_version = int(root.findtext("DBVersion") or 0)
    assert db_version >= 400, "l10n tables (group_l10ns, question_l10ns, answer_l10ns) need LimeSurvey 4 or later"
    languages = [e.text for e in root.findall("languages/language")]
    assert languages == ["nl"]
    t = {name: table(root, name) for name in (
        "surveys", "surveys_languagesettings", "groups", "group_l10ns", "questions", "question_l10ns",
        "answers", "answer_l10ns")}
    for optional in ("subquestions", "question_attributes"):
        t[optional] = table(root, optional) if root.find(optional) is not None else []

    (survey,) = t["surveys"]
    sid = survey["sid"]
    assert sid.isdigit() and survey["language"] in languages
    (settings,) = t["surveys_languagesettings"]
    assert settings["surveyls_survey_id"] == sid and settings["surveyls_language"] in languages
    assert settings["surveyls_title"].strip()

    gids = [g["gid"] for g in t["groups"]]
    assert len(set(gids)) == len(gids) and "0" not in gids
    assert all(g["sid"] == sid and g["group_order"].isdigit() for g in t["groups"])
    assert sorted(row["gid"] for row in t["group_l10ns"]) == sorted(gids)  # one name per group and language
    assert all(row["language"] in languages and row["group_name"].strip() for row in t["group_l10ns"])

    questions = {q["qid"]: q for q in t["questions"]}
    subquestions = {q["qid"]: q for q in t["subquestions"]}
    assert len(questions) == len(t["questions"]) and len(subquestions) == len(t["subquestions"])
    assert not questions.keys() & subquestions.keys(), "one id space for questions and subquestions"
    titles = [q["title"] for q in t["questions"]]
    assert len(set(titles)) == len(titles), "question codes unique in the survey (case-sensitive)"
    for q in t["questions"]:
        assert q["sid"] == sid and q["gid"] in gids and q["parent_qid"] == "0"
        assert QUESTION_CODE.match(q["title"]) and 1 <= len(q["title"]) <= 20 and q["title"] not in RESERVED
        assert q["type"] in ("L", "M") and q["mandatory"] in ("Y", "S", "N") and q["other"] in ("Y", "N")
    seen: set[tuple[str, str]] = set()
    for s in t["subquestions"]:
        parent = questions[s["parent_qid"]]
        assert s["gid"] == parent["gid"] and len(s["type"]) == 1 and s["sid"] == sid
        assert SUBQUESTION_CODE.match(s["title"]) and s["title"].lower() != "time"
        key = (s["parent_qid"], s["title"].lower())  # unique by parent and scale, case-insensitive
        assert key not in seen
        seen.add(key)

    texts = [row["qid"] for row in t["question_l10ns"]]
    assert sorted(texts) == sorted([*questions, *subquestions]), "one text per question and subquestion"
    assert all(row["language"] in languages and row["question"].strip() for row in t["question_l10ns"])

    aids = [a["aid"] for a in t["answers"]]
    assert len(set(aids)) == len(aids)
    codes: set[tuple[str, str, str]] = set()
    for a in t["answers"]:
        assert a["qid"] in questions and questions[a["qid"]]["type"] == "L"
        assert ANSWER_CODE.match(a["code"]) and a["sortorder"].isdigit()
        assert (a["qid"], a["scale_id"], a["code"]) not in codes, "answer codes unique by question"
        codes.add((a["qid"], a["scale_id"], a["code"]))
    assert sorted(row["aid"] for row in t["answer_l10ns"]) == sorted(aids), "one text per answer"
    assert all(row["language"] in languages and row["answer"].strip() for row in t["answer_l10ns"])
    for attribute in t["question_attributes"]:
        assert attribute["qid"] in questions and attribute["attribute"]

    for q in t["questions"]:  # a list radio has answers, a multiple choice subquestions, each two or more
        answers = [a for a in t["answers"] if a["qid"] == q["qid"]]
        subs = [s for s in t["subquestions"] if s["parent_qid"] == q["qid"]]
        assert (len(answers) >= 2 and not subs) if q["type"] == "L" else (len(subs) >= 2 and not answers)
    return t


def texts_by_qid(t) -> dict[str, str]:
    return {row["qid"]: row["question"] for row in t["question_l10ns"]}


# --- the .lss -----------------------------------------------------------------------------------

def test_the_lss_passes_the_rules_of_limesurveys_importer(leuven):
    check_import((leuven / "vragenlijst.lss").read_bytes())


def test_the_lss_asks_every_indicator_in_its_theme_with_the_profile_group_last(leuven, catalogue):
    t = check_import((leuven / "vragenlijst.lss").read_bytes())
    names = [g["group_name"] for g in sorted(t["group_l10ns"], key=lambda g: int(g["gid"]))]
    order = {g["gid"]: int(g["group_order"]) for g in t["groups"]}
    assert sorted(order.values()) == list(range(1, len(order) + 1))
    themes = list(catalogue.themas)
    profile = catalogue.by_id[weighting_ids(catalogue)[0]].thema
    assert names == [catalogue.themas[th].titel for th in themes if th != profile] + ["Over uzelf"]
    (why,) = [g["description"] for g in t["group_l10ns"] if g["group_name"] == "Over uzelf"]
    assert "Met deze vragen wegen we de antwoorden" in why
    text = texts_by_qid(t)
    asked = [(q["gid"], text[q["qid"]]) for q in sorted(t["questions"], key=lambda q: (order[q["gid"]],
                                                                                        int(q["question_order"])))]
    last_gid = max(order, key=order.__getitem__)
    assert [re.sub("<[^>]+>", "", x) for _g, x in asked] == [i.vraag for i in in_order(catalogue)]
    profile_texts = {re.sub("<[^>]+>", "", x) for g, x in asked if g == last_gid}
    assert {catalogue.by_id[i].vraag for i in weighting_ids(catalogue)} <= profile_texts


def test_single_choices_are_list_radio_with_codes_a1_in_order_and_multiple_choices_have_subquestions(leuven, catalogue):
    t = check_import((leuven / "vragenlijst.lss").read_bytes())
    text = texts_by_qid(t)
    answer_text = {row["aid"]: row["answer"] for row in t["answer_l10ns"]}
    by_text = {re.sub("<[^>]+>", "", text[q["qid"]]): q for q in t["questions"]}
    for ind in catalogue.indicatoren:
        q = by_text[ind.vraag]
        if ind.soort == "meervoudig":
            assert q["type"] == "M"
            subs = sorted((s for s in t["subquestions"] if s["parent_qid"] == q["qid"]),
                          key=lambda s: int(s["question_order"]))
            assert [s["title"] for s in subs] == [f"SQ{n:03d}" for n in range(1, len(ind.antwoorden) + 1)]
            assert [text[s["qid"]] for s in subs] == [a.label for a in ind.antwoorden]
        else:
            assert q["type"] == "L", ind.soort  # enkelvoudig, schaal and afweging alike
            answers = sorted((a for a in t["answers"] if a["qid"] == q["qid"]), key=lambda a: int(a["sortorder"]))
            assert [a["code"] for a in answers] == [f"A{n}" for n in range(1, len(ind.antwoorden) + 1)]
            assert [answer_text[a["aid"]] for a in answers] == [a.label for a in ind.antwoorden]


def test_a_limit_on_the_number_of_answers_becomes_max_answers(catalogue, gebieden):
    cat = small_catalogue(catalogue, max_keuzes=2)
    from thuis_cli.bevraging.lss import survey_xml

    t = check_import(survey_xml(build(cat, gebieden.resolve("Herent"))))
    (attribute,) = t["question_attributes"]
    (multiple,) = [q for q in t["questions"] if q["type"] == "M"]
    assert attribute["qid"] == multiple["qid"] and (attribute["attribute"], attribute["value"]) == ("max_answers", "2")


def test_question_codes_are_limesurvey_codes_made_unique():
    ids = ["delen_wat", "delen-wat", "lang", "sid", "id", "1e_woning", "a" * 30, "a" * 25 + "_b", "a" * 19 + "2"]
    codes = question_codes(ids)
    assert list(codes.values()) == ["DELENWAT", "DELENWAT2", "LANG2", "SID2", "ID2", "Q1EWONING", "A" * 20,
                                    "A" * 19 + "2", "A" * 19 + "3"]
    assert all(QUESTION_CODE.match(c) and len(c) <= 20 for c in codes.values())


# --- the mapping files ---------------------------------------------------------------------------

CONTRACT_KEYS = {"bevraging", "respondent_id", "volledig", "datum", "vragen"}


def test_the_limesurvey_mapping_names_the_columns_and_codes_of_the_lss(leuven, catalogue):
    t = check_import((leuven / "vragenlijst.lss").read_bytes())
    mapping = yaml.safe_load((leuven / "bevraging-limesurvey.yaml").read_text(encoding="utf-8"))
    assert set(mapping) <= CONTRACT_KEYS and mapping["respondent_id"] == "id"
    assert mapping["bevraging"] == {"titel": "Woonbevraging Leuven", "gemeente": "24062", "bron": "limesurvey"}
    assert mapping["volledig"] == "submitdate"
    text = {re.sub("<[^>]+>", "", v): k for k, v in texts_by_qid(t).items()}
    questions = {q["qid"]: q for q in t["questions"]}
    assert [v["indicator"] for v in mapping["vragen"]] == [i.id for i in in_order(catalogue)]
    for entry in mapping["vragen"]:
        ind = catalogue.by_id[entry["indicator"]]
        q = questions[text[ind.vraag]]
        if ind.soort == "meervoudig":
            assert set(entry) == {"indicator", "kolommen", "gekozen"} and entry["gekozen"] == ["Y"]
            subs = sorted((s for s in t["subquestions"] if s["parent_qid"] == q["qid"]),
                          key=lambda s: int(s["question_order"]))
            assert entry["kolommen"] == {f"{q['title']}[{s['title']}]": a.id for s, a in zip(subs, ind.antwoorden)}
        else:
            assert set(entry) == {"indicator", "kolom", "codes"} and entry["kolom"] == q["title"]
            answers = sorted((a for a in t["answers"] if a["qid"] == q["qid"]), key=lambda a: int(a["sortorder"]))
            assert entry["codes"] == {a["code"]: ans.id for a, ans in zip(answers, ind.antwoorden)}


# --- the XLSForm -----------------------------------------------------------------------------------

XF = "{http://www.w3.org/2002/xforms}"


def xform(path: Path) -> tuple[ET.Element, list[str]]:
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    result = convert(io.BytesIO(path.read_bytes()), warnings=warnings, file_type=".xlsx")
    return ET.fromstring(result.xform), warnings


def test_the_xlsform_converts_with_pyxform_into_a_dutch_xform_with_every_question(leuven, catalogue):
    root, warnings = xform(leuven / "vragenlijst.xlsx")
    assert warnings == []
    (translation,) = root.iter(f"{XF}translation")
    assert translation.get("lang") == "Nederlands (nl)" and translation.get("default") == "true()"
    itext = {t.get("id"): t.findtext(f"{XF}value") for t in translation}
    (data,) = [i[0] for i in root.iter(f"{XF}instance") if i.get("id") is None]
    assert data.get("id") == "woonbevraging_leuven" and data.get("version")
    body = {el.get("ref").rsplit("/", 1)[1]: el for tag in ("select1", "select") for el in root.iter(f"{XF}{tag}")}
    lists = {i.get("id"): [item.findtext(f"{XF}name") for item in i.iter(f"{XF}item")]
             for i in root.iter(f"{XF}instance") if i.get("id")}
    assert set(body) == {i.id for i in catalogue.indicatoren}
    for ind in catalogue.indicatoren:
        element = body[ind.id]
        assert element.tag == f"{XF}{'select' if ind.soort == 'meervoudig' else 'select1'}"
        assert itext[element.find(f"{XF}label").get("ref")[len("jr:itext('"):-2]] == ind.vraag
        assert lists[ind.id] == ind.answer_ids
    groups = [g.get("ref").rsplit("/", 1)[1] for g in root.iter(f"{XF}group")]
    assert groups[-1] == "profiel" and len(groups) == len(catalogue.themas)


def test_the_xlsform_mapping_names_kobos_export_columns(leuven, catalogue):
    mapping = yaml.safe_load((leuven / "bevraging-xlsform.yaml").read_text(encoding="utf-8"))
    assert set(mapping) <= CONTRACT_KEYS and "volledig" not in mapping  # Kobo exports only complete submissions
    assert mapping["respondent_id"] == "_uuid" and mapping["bevraging"]["bron"] == "xlsform"
    for entry in mapping["vragen"]:
        ind = catalogue.by_id[entry["indicator"]]
        if ind.soort == "meervoudig":
            assert entry["kolommen"] == {f"{ind.id}/{a}": a for a in ind.answer_ids} and entry["gekozen"] == ["1"]
        else:
            assert entry["kolom"] == ind.id and entry["codes"] == {a: a for a in ind.answer_ids}


def test_a_limit_on_the_number_of_answers_is_a_constraint_in_the_xlsform(catalogue, gebieden, tmp_path):
    from thuis_cli.bevraging.xlsform import workbook

    path = tmp_path / "v.xlsx"
    path.write_bytes(workbook(build(small_catalogue(catalogue, max_keuzes=2), gebieden.resolve("Herent"))))
    root, warnings = xform(path)
    assert warnings == []
    (bind,) = [b for b in root.iter(f"{XF}bind") if b.get("nodeset", "").endswith("/delen_wat")]
    assert bind.get("constraint") == "count-selected(.) <= 2"


# --- the paper version -----------------------------------------------------------------------------

def words(path: Path) -> list[dict]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [w for page in pdf.pages for w in page.extract_words(extra_attrs=["size"], use_text_flow=True)]


def test_the_paper_version_is_a_tagged_accessible_pdf(leuven):
    import page

    path = leuven / "vragenlijst.pdf"
    with pikepdf.open(path) as pdf:
        assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "nl-BE"
        assert str(pdf.docinfo.get("/Title")) == "Woonbevraging Leuven"
    report = page.validate_pdf(str(path), profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def test_the_paper_version_is_large_print_and_carries_the_codes_small(leuven, catalogue):
    """Every word a resident reads is 12 pt or more; smaller are only the LimeSurvey codes and the note
    for whoever types the answers in."""
    found = words(leuven / "vragenlijst.pdf")
    t = check_import((leuven / "vragenlijst.lss").read_bytes())
    codes = {r["title"] for r in t["questions"] + t["subquestions"]} | {a["code"] for a in t["answers"]}
    small = [w for w in found if w["size"] < 12 and w["text"] not in codes]
    note = " ".join(w["text"] for w in small)
    assert note.startswith("Voor de gemeente:") and note.endswith("internet."), note[:200]
    assert all(w["size"] <= 8.5 for w in found if w["text"] in codes and re.fullmatch(r"A\d+|SQ\d{3}", w["text"]))
    text = " ".join(w["text"] for w in found)
    for ind in catalogue.indicatoren:
        assert " ".join(ind.vraag.split()) in text
    n_answers = sum(len(i.antwoorden) for i in catalogue.indicatoren)
    printed = [w["text"] for w in found if re.fullmatch(r"A\d+|SQ\d{3}", w["text"])]
    assert len(printed) == n_answers


def test_every_answer_has_a_tick_box_of_at_least_6_mm(leuven, catalogue):
    import pdfplumber

    six_mm = 6 / 25.4 * 72
    boxes = []
    with pdfplumber.open(leuven / "vragenlijst.pdf") as pdf:
        for number, page in enumerate(pdf.pages):
            squares = [(s["x0"], s["top"], s["x1"], s["bottom"]) for s in page.rects + page.curves
                       if s["width"] < 3 * six_mm and abs(s["width"] - s["height"]) < 0.5]
            # a box's border is a ring: its outer edge, with the inner edge inside it
            outer = [s for s in squares if not any(o != s and o[0] <= s[0] and o[1] <= s[1] and o[2] >= s[2]
                                                   and o[3] >= s[3] for o in squares)]
            boxes += [(number, s) for s in outer]
    assert len(boxes) == sum(len(i.antwoorden) for i in catalogue.indicatoren)
    assert min(s[2] - s[0] for _n, s in boxes) >= six_mm


def test_the_paper_version_says_where_to_hand_it_in_and_that_answers_are_anonymous(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _out, _err = thuis(["vragenlijst", "-g", "herent", "--thema", "delen", "--uit", "uit",
                              "--terug", "Stop het formulier in de brievenbus van het gemeentehuis."], capsys)
    assert code == 0
    text = " ".join(w["text"] for w in words(tmp_path / "uit" / "herent" / "vragenlijst" / "vragenlijst.pdf"))
    assert "Stop het formulier in de brievenbus van het gemeentehuis." in text
    assert "Uw antwoorden zijn anoniem" in text and "minstens 30 mensen" in text


# --- choosing, and what the command says -----------------------------------------------------------

def test_a_theme_or_a_list_brings_the_weighting_questions_along(catalogue, gebieden):
    herent = gebieden.resolve("herent")
    by_theme = build(catalogue, herent, themas=["delen"])
    assert [v.indicator for v in by_theme.vragen] == [i.id for i in catalogue.indicatoren if i.thema == "delen"] + \
        weighting_ids(catalogue)
    listed = build(catalogue, herent, indicatoren=["autodelen,kleiner_wonen"])
    assert [v.indicator for v in listed.vragen] == ["kleiner_wonen", "autodelen"] + weighting_ids(catalogue)
    assert [g.thema for g in listed.groepen] == ["minder-ruimte", "delen", "profiel"]
    assert listed.groepen[-1].profiel and not any(g.profiel for g in listed.groepen[:-1])


@pytest.mark.parametrize("args,message", [
    (["--indicatoren", "woningtype,autodelen"], "onbekende indicator 'woningtype'"),
    (["--thema", "wonen"], "onbekend thema 'wonen'"),
    (["--gemeente", "Leuvn"], "Onbekende gemeente 'Leuvn'. Bedoelde u: 'Leuven'"),
    (["--gemeente", "02000"], "'Vlaanderen' is geen gemeente"),
    (["--thema", "delen", "--indicatoren", "autodelen"], "Kies --indicatoren of --thema, niet beide."),
])
def test_bad_input_is_a_dutch_message_and_exit_2(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = thuis(["vragenlijst", "--uit", "uit", *args], capsys)
    assert code == 2 and message in err and "Traceback" not in err, err
    assert not (tmp_path / "uit").exists()


def test_same_input_gives_the_same_bytes(leuven, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _err = thuis(["vragenlijst", "--gemeente", "24062", "--uit", "opnieuw"], capsys)
    assert code == 0 and "22 vragen in 4 delen" in out
    again = tmp_path / "opnieuw" / "leuven" / "vragenlijst"
    for name in FILES:
        assert (again / name).read_bytes() == (leuven / name).read_bytes(), name


def small_catalogue(cat: Catalogus, max_keuzes: int) -> Catalogus:
    """The built-in catalogue cut to one theme, with a limit on the multiple choice 'delen_wat'."""
    data = cat.model_dump()
    data["indicatoren"] = [dict(i, max_keuzes=max_keuzes) if i["id"] == "delen_wat" else i
                           for i in data["indicatoren"] if i["thema"] in ("delen", "profiel")]
    return Catalogus.model_validate(data)


def test_a_catalogue_without_groups_gives_a_questionnaire_without_weighting_and_says_so(catalogue, gebieden):
    from thuis_cli.bevraging.document import document

    data = catalogue.model_dump()
    data["groepen"] = {}
    vl = build(Catalogus.model_validate(data), gebieden.resolve("Herent"), themas=["delen"])
    assert not any(g.profiel for g in vl.groepen) and "leeftijd" not in [v.indicator for v in vl.vragen]
    assert any("kunnen niet gewogen worden" in note for note in document(vl).notes)


def test_a_municipality_rewords_the_sentences_of_all_three_versions_with_its_own_template(tmp_path, capsys,
                                                                                         monkeypatch):
    from thuis_cli import resources

    own = tmp_path / "sjablonen"
    own.mkdir()
    builtin = (resources.templates_dir() / "_vragenlijst.html").read_text(encoding="utf-8")
    (own / "_vragenlijst.html").write_text(builtin.replace("Hartelijk dank voor uw antwoorden.",
                                                           "Merci om mee te doen!"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _out, err = thuis(["vragenlijst", "-g", "herent", "--thema", "delen", "--uit", "uit",
                             "--sjablonen", str(own)], capsys)
    assert code == 0, err
    folder = tmp_path / "uit" / "herent" / "vragenlijst"
    t = check_import((folder / "vragenlijst.lss").read_bytes())
    assert "Merci om mee te doen!" in t["surveys_languagesettings"][0]["surveyls_endtext"]
    import openpyxl

    survey = openpyxl.load_workbook(folder / "vragenlijst.xlsx")["survey"]
    assert any("Merci om mee te doen!" in str(cell.value) for row in survey.iter_rows() for cell in row)
    assert "Merci om mee te doen!" in " ".join(w["text"] for w in words(folder / "vragenlijst.pdf"))

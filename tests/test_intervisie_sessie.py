"""The sample group's intervision workbook (the group of `config/batch-voorbeeld.yaml`, which `make demo`
and the README use) as a facilitator running the two-hour session reads it: a shared challenge named
by the majority rule, guiding questions tied to each theme's figures, and each theme's questions on
one page, in the facilitator's copy and in a municipality's."""

import re
from pathlib import Path

import pikepdf
import pytest
import yaml

from thuis_cli import fmt
from thuis_cli.products.intervisie import QUESTIONS, plan_time, resolve_peers, spoken_members, workbook_context
from thuis_cli.templating import macro
from thuis_cli.workspace import Workspace

from conftest import make, pdf_pages

ROOT = Path(__file__).resolve().parents[1]


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def ws():
    return Workspace.open(None, None)


@pytest.fixture(scope="module")
def group(ws):
    """The sample plan's group: its first `intervisie.buren` entry."""
    plan = yaml.safe_load((ROOT / "config" / "batch-voorbeeld.yaml").read_text(encoding="utf-8"))
    spec = plan["intervisie"]["buren"][0]
    return resolve_peers(ws, [spec["gemeente"]], buren=True, most=spec.get("max"))


@pytest.fixture(scope="module")
def pdfs(ws, group, tmp_path_factory) -> dict[str, Path]:
    from thuis_cli.products import get

    paths = make(ws, "intervisie", get("intervisie").target(group), tmp_path_factory.mktemp("sessie"))
    prefix = "intervisie-" + "-".join(g.slug for g in group) + "-"
    return {p.stem.removeprefix(prefix): p for p in paths}


@pytest.fixture(scope="module")
def pages(pdfs) -> dict[str, list[str]]:
    """The plain text of every page of every copy, read once (pypdf's extraction is the slow part)."""
    return {name: [_plain(p) for p in pdf_pages(path)] for name, path in pdfs.items()}


@pytest.fixture(scope="module")
def context(ws, group):
    return workbook_context(ws, group)


def test_the_sample_group_has_four_to_six_municipalities(group):
    assert 4 <= len(group) <= 6


def test_the_sample_groups_workbook_names_a_shared_challenge_by_the_majority_rule(ws, group, context, pages):
    """At least one shared challenge; each one recounted from the printed figures: more than half of the
    municipalities at least min_verschil_pp on one side of Flanders, and the sentence says how many."""
    stat = ws.config.instellingen.statistiek
    flanders = ws.gebieden.references["02000"]
    shared = [s for t in context["themas"] for s in t["gedeeld"]]
    assert shared
    text = " ".join(pages["facilitator"])
    for s in shared:
        b = s["bevinding"]
        ref = ws.area(flanders).figure(b.indicator)
        shown = [(g, ws.area(g).figure(b.indicator)) for g in group]
        shown = [(g, f) for g, f in shown if f is not None and not f.suppressed]
        side = [g.naam for g, f in shown
                if float(fmt.gap(f.share, ref.share).value) * b.direction >= stat.min_verschil_pp]
        assert side == [g.naam for g, _f in b.members] and len(side) * 2 > len(shown)
        assert any(ws.area(g).versus(b.indicator, "vlaanderen").real for g in b.real)
        assert f"{s['label']}: {len(side)} van de {len(shown)} gemeenten liggen" in text or (
            len(side) == len(shown) and f"{s['label']}: alle {len(shown)} gemeenten liggen" in text)
    for t in context["themas"]:  # one heading per state: never 'none' followed by a pattern
        if not t["gedeeld"] and not t["patronen"]:
            assert "Geen gedeelde uitdaging of patroon" in text
    assert text.count("Geen gedeelde uitdaging of patroon") == sum(
        1 for t in context["themas"] if not t["gedeeld"] and not t["patronen"])


def test_each_guiding_question_is_tied_to_the_themes_findings(ws, context):
    """Under each of the four questions a sub-question that names a figure of that theme: an indicator
    of the theme, and the municipalities it is about; each on an indicator of its own (round 5: no
    indicator twice in a theme), so a theme with findings on fewer indicators has general questions too."""
    cat = ws.config.catalogus
    names = {g["naam"] for g in context["gemeenten"]}
    for t in context["themas"]:
        labels = [i.label for i in cat.indicatoren if i.thema == t["id"]]
        tied = 0
        for q in t["vragen"]:
            sub = _plain(macro("woorden/intervisie.html", "deelvraag", q["id"], q["aanleiding"]))
            assert sub, (t["id"], q["id"])
            if q["aanleiding"]["soort"] == "beurt":  # (round 9) members no figure names, in turn, on the theme
                assert t["titel"].lower() in sub and all(g.naam in sub for g in q["aanleiding"]["namen"]), sub
            elif q["aanleiding"]["soort"] != "algemeen":
                assert any(label in sub or label.lower() in sub for label in labels), (t["id"], sub)
                assert any(n in sub for n in names), (t["id"], sub)
                tied += 1
        named = [q["aanleiding"]["bevinding"].indicator for q in t["vragen"] if q["aanleiding"]["bevinding"]]
        assert tied >= 1 and len(set(named)) == len(named), (t["id"], named)
        assert next(q for q in t["vragen"] if q["id"] == "valkuilen")["aanleiding"]["soort"] != "algemeen"


def test_the_agenda_shows_what_each_part_is_for_without_arithmetic(ws, group, context, pages):
    """The agenda follows from the group's questions: each theme's minutes from how many of its questions
    are tied to a finding; each theme row says its reading, questions and conclusion minutes; no formula."""
    time = context["tijd"]
    tied = {t["id"]: sum(1 for q in t["vragen"] if q["aanleiding"]["soort"] != "algemeen") for t in context["themas"]}
    cat = ws.config.catalogus
    assert time == plan_time(len(group), [(t["id"], t["titel"], sum(1 for i in cat.indicatoren if i.thema == t["id"]),
                                           tied[t["id"]]) for t in context["themas"]])
    text = " ".join(pages["facilitator"][:3])
    for th in time.themes:
        assert (f"‘{th.title}’: cijfers lezen ({th.read}), vier vragen ({th.questions}), besluit ({th.decision}) "
                f"{th.minutes}") in text
    assert "×" not in text and "afgerond" not in text and "nodig:" not in text  # no formula noise
    assert time.actions >= 15 and time.takeaway == 5  # then what each municipality takes along
    # A municipality's copy prints the same agenda, its clock times counted from the start of the session
    # (round 5: the copies lacked them), and says in which order each theme's discussion goes
    copy = pages[group[1].slug][0]
    assert "met de tijd gerekend vanaf het begin van de sessie" in copy
    for s in context["agenda"]:
        assert f"{s['van']}–{s['tot']}" in copy, (s["soort"], copy)
    assert "versterken, valkuilen, overstijgen, van elkaar leren" in copy


def _sub_questions(context) -> list[tuple[dict, str]]:
    return [(q, _plain(macro("woorden/intervisie.html", "deelvraag", q["id"], q["aanleiding"])))
            for t in context["themas"] for q in t["vragen"]]


def test_the_questions_spread_over_the_municipalities(ws, group, context):
    """The biggest municipality (here the centrumstad) is in most significant differences; the sub-questions
    still name every municipality, and the centrumstad, whose differences with the others are background,
    no more often than any other municipality."""
    from thuis_cli.comparison_groups import municipality_type

    from thuis_cli.products.intervisie import _named

    # (round 9: whom a question addresses; a pattern of more than three names the three farthest in its words)
    counts = {g.naam: sum(g.nis in {x.nis for x in _named(q["aanleiding"])} for q, _text in _sub_questions(context)
                          if q["aanleiding"]["soort"] != "algemeen") for g in group}
    assert min(counts.values()) >= 1, counts
    cities = [g.naam for g in group if municipality_type(ws, g) == "centrumstad"]
    others = [counts[g.naam] for g in group if g.naam not in cities]
    assert cities and all(counts[c] <= min(others) for c in cities), counts


def test_a_question_about_a_pattern_names_every_municipality_in_it(context):
    patterns = [(q, text) for q, text in _sub_questions(context)
                if q["aanleiding"]["soort"] in ("gedeeld", "patroon", "toeval")]
    assert patterns
    for q, text in patterns:
        members = q["aanleiding"]["bevinding"].members
        if len(members) <= 3 or q["aanleiding"]["soort"] == "toeval":
            for g, _c in members:
                assert g.naam in text, (q["id"], g.naam, text)
        else:  # (round 11) more than three: at most three, betekenisvol first, then the farthest, ties kept whole
            named = spoken_members(q["aanleiding"]["bevinding"])
            assert 0 < len(named) <= 3 and all(g.naam in text for g in named), text


def test_the_sample_group_shows_a_pattern_where_there_is_no_shared_challenge(context, pages):
    """'Delen' has no shared challenge but 3 of the 6 municipalities lie below Flanders on sharing a car:
    the facilitator reads it as a pattern, with every figure and its n."""
    text = " ".join(pages["facilitator"])
    for t in context["themas"]:
        if not t["gedeeld"]:
            assert t["patronen"], t["id"]
        for b in t["patronen"]:
            f = b["bevinding"]
            assert f"{b['label']}: een patroon bij {len(f.members)} van de {f.counted} gemeenten" in text
            for g, c in f.members:
                assert f"{g.naam} {fmt.pct(c.share)}, {fmt.n_label(c.n)}".replace("\u00a0", " ") in text


def test_each_municipality_fills_its_own_page_tied_to_its_own_figures(ws, group, pdfs, pages):
    """A municipality's copy has its own four fields ('wat herkennen wij', 'wat doen wij al', 'waar zoeken
    wij hulp', 'wat kunnen wij aanbieden') on one page, each at least 30 mm high; each prompt names the
    municipality and one of its figures with n; no two municipalities get the same prompts."""
    seen: dict[str, str] = {}
    for g in group:
        path, texts = pdfs[g.slug], pages[g.slug]
        [page] = [i for i, text in enumerate(texts) if f"Voor {g.naam} zelf" in text and "Wat doen wij al?" in text]
        with pikepdf.open(path) as pdf:
            index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
            own = {str(f.T): f for f in pdf.Root.AcroForm.Fields if str(f.T).startswith("eigen__")}
            assert sorted(own) == sorted(f"eigen__{q}__{g.slug}" for q in ("herkennen", "doen", "hulp", "aanbieden"))
            for f in own.values():
                assert index[f.P.objgen] == page
                assert abs(float(f.Rect[3]) - float(f.Rect[1])) / (72 / 25.4) >= 30
        body = texts[page]
        for q in ("Wat herkennen wij in onze cijfers?", "Wat doen wij al?", "Waar zoeken wij hulp?",
                  "Wat kunnen wij anderen aanbieden?"):
            assert q in body
        prompts = re.split(r"Wat herkennen wij in onze cijfers\?|Wat doen wij al\?|Waar zoeken wij hulp\?|"
                           r"Wat kunnen wij anderen aanbieden\?", body)[1:]
        tied = [p for p in prompts if g.naam in p and re.search(r"\d+ %, n = [\d.]+", p)]
        # (round 7: 'wat herkennen wij' always; a difference with a neighbour only where the facilitator copy shows
        # it and no theme question of the copy names that indicator again, so a municipality with few such findings
        # gets general prompts for the other fields)
        assert tied and g.naam in prompts[0] and re.search(r"\d+ %, n = [\d.]+", prompts[0]), (g.naam, prompts)
        seen[g.naam] = " ".join(prompts)
    assert len(set(seen.values())) == len(group)


@pytest.mark.parametrize("who", ["facilitator", "herent"])
def test_each_themes_questions_sit_on_one_page(ws, context, pdfs, pages, who):
    """The heading, the four questions, their sub-questions and (facilitator) the conclusion field or
    (municipality) the four answer fields of a theme are on one page."""
    path, texts = pdfs[who], pages[who]
    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        field_page = {str(f.T): index[f.P.objgen] for f in pdf.Root.AcroForm.Fields}
    questions = [_plain(macro("woorden/intervisie.html", "vraag", q)) for q in QUESTIONS]
    for t in context["themas"]:
        [page] = [i for i, text in enumerate(texts) if f"Bespreking: {t['titel'].lower()}" in text]
        body = texts[page]
        after = body[body.index(f"Bespreking: {t['titel'].lower()}"):]
        for q in questions:
            assert re.sub(r"\s", "", q) in re.sub(r"\s", "", after), (who, t["id"], q)
        own = [n for n in field_page if n.startswith(t["id"] + "__")]
        assert own and {field_page[n] for n in own} == {page}, (who, t["id"])


def test_each_pre_read_fills_its_page_with_the_municipalitys_own_findings(ws, group, pdfs):
    """The pre-read names only comparisons the workbook shows (against Flanders and the other
    municipalities, never a comparison group the workbook lacks): its (up to three) strongest
    betekenisvol differences with Flanders, each figure with its n; one preparation section with the
    question to think about, the speaking order of the opening round (the workbook's order), date, time
    and place (or where to find them) and where to send the copy. One page, at least two thirds of it used."""
    from thuis_cli.peer_findings import PeerFindings

    indicators = [i for i in ws.config.catalogus.indicatoren if i.thema != "profiel"]
    found = PeerFindings(ws, group, indicators)
    order = ", ".join(g.naam for g in group)
    for place, g in enumerate(group, 1):
        path = pdfs[f"voorbereiding-{g.slug}"]
        texts = pdf_pages(path)
        assert len(texts) == 1, g.naam
        text = _plain(texts[0])
        assert "vergelijkbare gemeenten" not in text and "andere centrumsteden" not in text, g.naam
        assert "briefings" not in text and "kleinere betekenisvolle verschillen" not in text
        for gap in found.versus_flanders_real(g, indicators)[:3]:
            label = ws.config.catalogus.by_id[gap.indicator].label
            assert _plain(f"{label}") in text and _plain(f"{gap.gap.a_text} in {g.naam} (n = ") in text, label
        assert text.count("Ter voorbereiding") == 1 and "Wat u meebrengt" not in text
        said = ["eerste", "tweede", "derde", "vierde", "vijfde", "zesde"][place - 1]
        assert f"in deze volgorde: {order}; {g.naam} komt als {said} aan de beurt" in text
        assert "opent" not in text and "De sessie: datum, uur en plaats staan in de uitnodiging." in text
        assert "waarschijnlijk geen toeval" in text
        assert _filled(path) >= 0.66, g.naam


def _filled(path: Path) -> float:
    """How far down the page the content reaches (0-1), the header and footer bands left out."""
    import subprocess
    import tempfile

    from PIL import Image, ImageOps

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(path), f"{tmp}/p"], check=True)
        png = next(Path(tmp).glob("p-*.png"))
        image = ImageOps.invert(Image.open(png).convert("L"))
    band = int(image.height * 0.085)
    body = image.crop((0, band, image.width, image.height - band)).point(lambda v: 255 if v > 60 else 0)
    box = body.getbbox()
    return 0.0 if box is None else box[3] / body.height


def test_no_copy_of_the_sample_group_has_a_near_empty_page(group, pdfs):
    """Every copy (a long name like Oud-Heverlee included): each page used to at least 40 % of its height,
    so the municipality's own page never pushes a line of page 1 onto a page of its own."""
    import subprocess
    import tempfile

    from PIL import Image, ImageOps

    for who in ["facilitator", *(g.slug for g in group)]:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdfs[who]), f"{tmp}/p"], check=True)
            shares = []
            for png in sorted(Path(tmp).glob("p-*.png")):
                image = ImageOps.invert(Image.open(png).convert("L"))
                band = int(image.height * 0.085)
                body = image.crop((0, band, image.width, image.height - band)).point(lambda v: 255 if v > 60 else 0)
                box = body.getbbox()
                shares.append(0.0 if box is None else box[3] / body.height)
        assert all(s >= 0.4 for s in shares), (who, [round(s, 2) for s in shares])


def test_the_conclusion_prompt_of_each_theme_names_its_pattern(context, pages):
    """The facilitator's conclusion field asks about the theme as a whole (round 6: not again about the
    indicator a question of the theme already names), so the three prompts are not one sentence printed
    three times; a shared challenge or pattern no question names is named in it."""
    text = " ".join(pages["facilitator"])
    prompts = []
    for t in context["themas"]:
        prompt = _plain(macro("woorden/intervisie.html", "besluit", t))
        # (a hyphen at a line break, "Oud-|Heverlee", does not survive the text extraction)
        assert re.sub(r"[\s-]", "", prompt) in re.sub(r"[\s-]", "", text)
        assert f"‘{t['titel']}’" in prompt
        asked = {q["aanleiding"]["bevinding"].indicator for q in t["vragen"] if q["aanleiding"]["bevinding"]}
        left = [p for p in t["gedeeld"] + t["patronen"] if p["bevinding"].indicator not in asked][:1]
        if left:
            assert f"‘{left[0]['label']}’" in prompt
            assert all(g.naam in prompt for g, _c in left[0]["bevinding"].members)
        for label in {p["label"] for p in t["gedeeld"] + t["patronen"] if p["bevinding"].indicator in asked}:
            assert f"‘{label}’" not in prompt
        prompts.append(prompt)
    assert len(set(prompts)) == len(prompts)


def test_a_pattern_sentence_tells_betekenisvol_apart_from_chance(context, pages):
    """Where only some members of a shared challenge or pattern differ betekenisvol from Flanders, the
    theme page names them apart ('Betekenisvol lager: Herent; ook lager, maar kan toeval zijn: ...'),
    never all of them as simply lying lower (round 6: the conclusion prompt stays general to the theme)."""
    text = " ".join(pages["facilitator"])
    checked = 0
    for t in context["themas"]:
        found = (t["gedeeld"] + t["patronen"])[:1]
        if not found or len(found[0]["bevinding"].real) == len(found[0]["bevinding"].members):
            continue
        f = found[0]["bevinding"]
        side = "hoger" if f.direction > 0 else "lager"
        real = [g.naam for g in f.real]
        chance = [g.naam for g, _c in f.members if g.naam not in real]
        prompt = _plain(macro("_zinnen.html", "gedeeld_meerderheid", found[0]) if t["gedeeld"]
                        else macro("woorden/intervisie.html", "patroon", found[0]))
        # (round 13: the workbook's own pattern sentence reads 'betekenisvol lager bij …; ook lager, maar misschien
        # toeval, bij …', without a chain of colons; the shared sentence of _zinnen.html keeps its wording)
        said_real = re.split(f"[Bb]etekenisvol {side}(?:: | bij )", prompt)[1].split(";")[0]
        said_chance = re.split(f"ook {side}, maar (?:kan toeval zijn: |misschien toeval, bij )",
                               prompt)[1].split(".")[0]
        assert all(n in said_real for n in real) and not any(n in said_real for n in chance)
        assert all(n in said_chance for n in chance) and not any(n in said_chance for n in real)
        assert re.sub(r"\s", "", prompt) in re.sub(r"\s", "", text)
        checked += 1
    assert checked  # the sample group has a shared challenge where not every member differs betekenisvol


def test_sub_questions_keep_the_centrumstad_as_background(ws, group, context):
    """A guiding question is tied to a finding about the other municipalities first: the centrumstad's
    own gap with Flanders or its gap with another kind of municipality only where nothing else is left,
    so no theme has more than one sub-question about the centrumstad alone."""
    from thuis_cli.comparison_groups import municipality_type

    cities = {g.nis for g in group if municipality_type(ws, g) == "centrumstad"}
    for t in context["themas"]:
        only_city = 0
        for q in t["vragen"]:
            a = q["aanleiding"]
            if a["soort"] == "vlaanderen" and a["bevinding"].area.nis in cities:
                only_city += 1
            if a["soort"] == "structureel":
                only_city += 1
        assert only_city <= 1, (t["titel"], [q["aanleiding"]["soort"] for q in t["vragen"]])

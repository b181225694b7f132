"""What a screen-reader user and a colour-blind reader meet: PDF structure, field names, links,
alt text, charts, and the web page checked by axe-core in a real browser (issue 18)."""

import json
import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from thuis_cli import chart, palette, resources
from thuis_cli.products.infografiek import choose_messages
from thuis_cli.products.intervisie import resolve_peers as resolve_group
from thuis_cli.templating import macro
from thuis_cli.workspace import Workspace as Session

from conftest import pdf_pages, say

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ADDRESS = "https://doemee.leuven.example/woontest"  # the sample plans' participation platform


@pytest.fixture(scope="module")
def session():
    return Session.open(None, None)


@pytest.fixture(scope="module")
def brief(samples):
    return samples.brief("leuven", "ruimte")


@pytest.fixture(scope="module")
def workbook(samples):
    return samples.workbook("leuven", "herent", "bertem")[0]


@pytest.fixture(scope="module")
def infographics(samples):
    return samples.infographics("leuven")


@pytest.fixture(params=["brief", "workbook"])
def document(request):
    """A PDF with tables, running headers and footers, and the HTML it was made from."""
    return request.getfixturevalue(request.param)


# --- reading the structure tree (independently of thuis_cli.pdf_structure) ----------------------

def kids(element) -> list:
    k = element.get("/K")
    return [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]


def is_element(obj) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def walk(element):
    """Structure elements below `element`, in reading order."""
    for kid in kids(element):
        if is_element(kid):
            yield kid
            yield from walk(kid)


def elements(pdf) -> list:
    return list(walk(pdf.Root.StructTreeRoot))


def top_level(pdf) -> list:
    (document,) = [e for e in kids(pdf.Root.StructTreeRoot) if is_element(e)]
    assert document.S == "/Document"
    return [k for k in kids(document) if is_element(k)]


def id_tree(pdf) -> dict:
    names = pdf.Root.StructTreeRoot.IDTree.Names
    return {bytes(names[i]): names[i + 1] for i in range(0, len(names), 2)}


def scope(cell):
    return cell.get("/A", {}).get("/Scope")


def headers(cell) -> list[bytes]:
    return [bytes(h) for h in cell.get("/A", {}).get("/Headers", [])]


# --- 1. form fields ------------------------------------------------------------------------------

def test_every_workbook_field_has_its_own_accessible_name(workbook, session):
    """Per copy (each is its own PDF): no two fields sound the same, and each says whose copy it is;
    an answer field also names its theme and municipality."""
    themes = session.config.catalogus.themas
    towns = {g.slug: g.naam for g in resolve_group(session, ["leuven", "herent", "bertem"])}
    theme_fields = []
    for copy in sorted(workbook.parent.glob("intervisie-leuven-herent-bertem-*.pdf")):
        if "-voorbereiding-" in copy.name:  # the pre-read is no form
            continue
        with pikepdf.open(copy) as pdf:
            fields = {str(f.T): str(f.TU) for f in pdf.Root.AcroForm.Fields}
        names = list(fields.values())
        assert len(names) >= 12 and len(set(names)) == len(names), copy.name
        whose = copy.stem.rsplit("-", 1)[1]
        assert all(f"exemplaar van {towns.get(whose, 'de facilitator')}" in tu for tu in names), copy.name
        theme_fields += [(parts, tu) for parts, tu in ((name.split("__"), tu) for name, tu in fields.items())
                         if parts[0] in themes and len(parts) == 3 and parts[1] != "conclusie"]  # the answers
    assert len(theme_fields) == 3 * 4 * 3  # three copies with four questions on three themes
    for (theme, _question, town), tu in theme_fields:
        heading = macro("woorden/intervisie.html", "thema_kop", theme, themes[theme].titel)  # (round 10: neutral)
        assert heading in tu and towns[town] in tu, tu


# --- 2. tables -----------------------------------------------------------------------------------

def test_every_header_cell_has_a_scope_and_every_cell_its_headers(document):
    html = document.with_suffix(".html").read_text()
    with pikepdf.open(document) as pdf:
        ids = id_tree(pdf)
        tables = [e for e in elements(pdf) if e.S == "/Table"]
        assert tables
        row_headers = group_headers = 0
        for table in tables:
            cells = [e for e in walk(table) if e.S in ("/TH", "/TD")]
            in_head = {c.objgen for part in kids(table) if is_element(part) and part.S == "/THead"
                       for c in walk(part)}
            for cell in cells:
                for ref in headers(cell):  # every reference leads to a header cell of this table
                    assert ids[ref].S == "/TH" and ids[ref].objgen in {c.objgen for c in cells}
                if cell.S == "/TD":
                    assert headers(cell), "a data cell without headers"
                elif cell.objgen in in_head:
                    assert scope(cell) == "/Column"
                elif int(cell.A.get("/ColSpan", 1)) > 1:
                    assert scope(cell) == "/Column"  # a group header: heads the rows of its group
                    group_headers += 1
                    assert any(bytes(cell.ID) in headers(c) for c in cells), "a group header heading nothing"
                else:
                    assert scope(cell) == "/Row"
                    row_headers += 1
                    # the corner cell above the row headers heads them
                    assert any(scope(ids[h]) == "/Column" for h in headers(cell))
    assert row_headers == html.count('scope="row"')
    assert group_headers == html.count('scope="rowgroup"')


def test_group_header_rows_head_the_rows_of_their_group(brief):
    with pikepdf.open(brief) as pdf:
        ids = id_tree(pdf)
        groups = [e for e in elements(pdf) if e.S == "/TH" and int(e.A.get("/ColSpan", 1)) > 1]
        assert groups, "the brief has tables by group (age, owner or tenant)"
        for header in groups:
            tbody = header.P.P
            rows = [r for r in kids(tbody) if is_element(r) and r.S == "/TR"][1:]
            for row in rows:
                for cell in (c for c in kids(row) if is_element(c)):
                    assert bytes(header.ID) in headers(cell)
                    assert all(ids[h].S == "/TH" for h in headers(cell))


def test_id_tree_lists_every_element_that_carries_an_id(document):
    with pikepdf.open(document) as pdf:
        carrying = {bytes(e.ID): e.objgen for e in elements(pdf) if "/ID" in e}
        tree = id_tree(pdf)
        assert carrying and {k: v.objgen for k, v in tree.items()} == carrying
        assert list(tree) == sorted(tree)  # a name tree's keys are in order


# --- 3. page furniture and sections ----------------------------------------------------------

MARKED = re.compile(rb"/(\w+)\s*<<([^>]*)>>\s*BDC")


def test_running_headers_footers_and_page_numbers_are_artifacts(document):
    with pikepdf.open(document) as pdf:
        reachable = {e.objgen for e in elements(pdf)}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for number, page in enumerate(pdf.pages, start=1):
            parents = tree[int(page.obj.StructParents)]
            marks = MARKED.findall(page.obj.Contents.read_bytes())
            mcids = sorted(int(re.search(rb"/MCID (\d+)", props).group(1)) for tag, props in marks
                           if b"/MCID" in props)
            assert mcids == list(range(len(parents)))  # every marked piece has its entry, in order
            assert all(parent.objgen in reachable for parent in parents), f"page {number}: content outside the tree"
            furniture = [props for tag, props in marks if tag == b"Artifact" and b"/Pagination" in props]
            # page number and footer on every page; from page 2 on the running header as well
            assert len(furniture) >= (2 if number == 1 else 4), number
        assert not any(e.S == "/NonStruct" and e.P.objgen not in reachable for e in elements(pdf))


def top_level_sections(html: str) -> int:
    from weasyprint import HTML

    body = next(c for c in HTML(string=html).etree_element if c.tag == "body")
    tops = [g for c in body for g in (c if c.tag == "main" else [c])]  # <main>'s sections are top-level in the PDF
    return sum(1 for c in tops if c.tag == "section")


def test_a_section_over_a_page_break_stays_one_section(document):
    html = document.with_suffix(".html").read_text()
    with pikepdf.open(document) as pdf:
        sects = [e for e in top_level(pdf) if e.S == "/Sect"]
        pages = {p.obj.objgen for p in pdf.pages}
        spanning = [s for s in sects if len({k.Pg.objgen for k in kids(s) if is_element(k)} & pages) > 1]
    assert len(sects) == top_level_sections(html)
    assert spanning, "some section runs over a page break (else this test proves nothing)"


def test_each_slide_is_one_section_heading_first(infographics, session):
    from thuis_cli.products import get

    product = get("infografiek")
    items = product.build(session, product.target(session.municipality("leuven"))).context["boodschappen"]
    messages = [i["b"] for i in items if i["op_dia"]]  # the deck holds the findings of most weight
    with pikepdf.open(infographics / "presentatie.pdf") as pdf:
        sects = top_level(pdf)
        assert [s.S for s in sects] == ["/Sect"] * len(pdf.pages)
        figures = 0
        for sect in sects:
            order = [str(e.S) for e in walk(sect)]
            if "/Figure" in order:
                figures += 1
                assert order.index("/H2") < order.index("/Figure")
                alt = str(next(e for e in walk(sect) if e.S == "/Figure").Alt).replace("\u00a0", " ")
                if figures <= len(messages):  # a chart's alt gives the finding with its n and Flanders
                    m = messages[figures - 1]
                    assert say("boodschap_kop", m) in alt and f"{m.n:,.0f}".replace(",", ".") in alt, alt
                    assert ("Vlaanderen" in alt) == bool(m.vlaanderen), alt  # the grey bar, always
    assert figures == len(messages) + 1  # a chart per message, and the QR code on the closing slide


def test_each_exhibition_panel_reads_its_finding_first_then_the_plans_and_the_call(infographics, session):
    """The panel's first finding is the one H1; a second finding (round 11), the plans and the call
    follow as sections headed by an H2 or opened by their text; the QR code is a Figure with its address
    as the Alt."""
    for path in sorted(infographics.glob("paneel-*.pdf")):
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang).startswith("nl")
            order = [str(e.S) for e in elements(pdf)]
            # the sections, also inside the blocks that lay the panel out (a Div fills the page)
            sects = [s for s in elements(pdf) if s.S == "/Sect"]
            headed = [s for s in sects if [str(e.S) for e in walk(s)][:1] in (["/H1"], ["/H2"])]
            figures = [e for e in elements(pdf) if e.S == "/Figure"]
        assert order.count("/H1") == 1 and order.index("/H1") < order.index("/H2"), (path.name, order[:8])
        assert len(headed) >= 1 and len(sects) == len(headed) + 1, (path.name, len(sects), len(headed))
        assert [str(f.Alt) for f in figures] == [f"QR-code naar {ADDRESS}"]


# --- 4. links --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["affiche.pdf", "presentatie.pdf", "paneel-minder-ruimte.pdf", "paneel-delen.pdf",
                                  "paneel-nabijheid.pdf"])
def test_web_addresses_are_links_with_a_link_element_and_a_description(infographics, name):
    with pikepdf.open(infographics / name) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        reachable = {e.objgen for e in elements(pdf)}
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"]
        assert any(str(a.A.URI) == ADDRESS for a in links)
        for annotation in links:  # the platform, or a way to react by mail or phone
            uri = str(annotation.A.URI)
            assert uri == ADDRESS or uri.startswith(("mailto:", "tel:")), uri
            assert str(annotation.Contents).strip()
            element = tree[int(annotation.StructParent)]
            assert element.S == "/Link" and element.objgen in reachable
            assert any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                       and k.Obj.objgen == annotation.objgen for k in kids(element))


def test_web_page_links_the_address_and_leaves_the_text_to_the_text(infographics, session):
    html = infographics.joinpath("index.html").read_text()
    assert re.search(rf'<a href="{re.escape(ADDRESS)}"[ >]', html)
    messages = choose_messages(session, session.municipality("leuven"))
    assert "<img" not in html  # the bars' names and numbers are text (test_infografiek for the rest)
    from thuis_cli.products.infografiek import key_message

    key = key_message(messages)  # the title says it; its block names what its bars measure
    page = html.replace("\u00a0", " ")
    from thuis_cli.products.infografiek import card_heading

    # (round 9: each block's heading is the poster card's, short on a phone)
    assert all(card_heading(m, False).replace("\u00a0", " ") in page for m in messages if m is not key)


# --- 5. capitals --------------------------------------------------------------------------------

def test_no_text_is_turned_into_capitals_by_css():
    for path in resources.templates_dir().rglob("*"):
        if path.suffix in (".css", ".html"):
            assert not re.search(r"text-transform\s*:\s*uppercase", path.read_text()), path.name


def test_poster_card_headings_are_in_normal_case_in_the_pdf_text(infographics, session):
    text = " ".join(" ".join(pdf_pages(infographics / "affiche.pdf")).split())
    from thuis_cli.products import get

    product = get("infografiek")
    context = product.build(session, product.target(session.municipality("leuven"))).context
    # the poster's title and its card headings (the key message's card has none: the title says it; round
    # 11: a poster may hold that one card; round 13: the title leaves out how it compares where it would not fit
    # in three lines, `titel_vergelijking`)
    from conftest import resident_word

    headings = [resident_word("kernboodschap", context["kernboodschap"], context["titel_vergelijking"])] + [
        " ".join(c["kaart_kop"].replace("\u00a0", " ").split()) for c in context["kaarten"] if c["kaart_kop"]]
    for heading in headings:
        assert heading in text.replace("\u00a0", " ") and heading.upper() not in text


# --- 6. charts ----------------------------------------------------------------------------------

def test_every_small_multiples_panel_names_its_bars_and_draws_dark_whiskers():
    bars = tuple(chart.Bar(name, 0.4, 0.3, 0.5, 120, colour) for name, colour in
                 [("Leuven", palette.AREA), ("Herent", palette.AREA), ("Vlaanderen", palette.FLANDERS)])
    panels = tuple(chart.Panel(f"Indicator {i}", bars) for i in range(5))
    svg = chart.small_multiples("Thema", panels, columns=3).svg.decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    for bar in bars:
        assert texts.count(bar.label) == len(panels), bar.label
    assert f"stroke: {palette.WHISKER.lower()}" in svg


# --- 7. the web page in a real browser, checked by axe-core ---------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    missing = [what for what, ok in (("chromium", chromium), ("chromium-driver", CHROMEDRIVER.exists()),
                                     ("axe-core (npm)", AXE.exists())) if not ok]
    if missing:
        pytest.fail(f"{', '.join(missing)} ontbreekt: 'make install-test' installeert het")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 f"--user-data-dir={tmp_path_factory.mktemp('profiel')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(120)
    yield driver
    driver.quit()


RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => done(JSON.stringify({violations: r.violations, passes: r.passes.map(p => p.id), width: innerWidth})))
  .catch(e => done(JSON.stringify({error: String(e)})));
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_web_page_has_no_wcag_2_1_aa_violations_in_axe_core(browser, infographics, width):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    browser.get(infographics.joinpath("index.html").as_uri())
    browser.execute_script(AXE.read_text())
    # best practice too (one main landmark, all content in landmarks, headings in order)
    result = json.loads(browser.execute_async_script(RUN_AXE.replace("'wcag21aa'", "'wcag21aa', 'best-practice'")))
    assert "error" not in result, result
    assert result["width"] == width
    # axe really checked what matters on this page
    assert {"color-contrast", "link-name", "html-has-lang"} <= set(result["passes"]), result["passes"]
    assert result["violations"] == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


RUN_AXE_ALL = RUN_AXE.replace("'wcag21aa'", "'wcag21aa', 'best-practice'")

# What the page looks like to a phone: no sideways scrolling of the page, and every annex table that is
# wider than the screen scrolls in its own box, a named, focusable region.
PHONE_LAYOUT = """
return JSON.stringify({scrollWidth: document.documentElement.scrollWidth, innerWidth,
  viewport: document.querySelector('meta[name=viewport]')?.content,
  mains: document.querySelectorAll('main').length,
  boxes: [...document.querySelectorAll('.bijlage table')].map(t => {
    const box = t.parentElement;
    return {overflow: getComputedStyle(box).overflowX, wider: box.scrollWidth > box.clientWidth,
            role: box.getAttribute('role'), tabindex: box.getAttribute('tabindex'),
            label: document.getElementById(box.getAttribute('aria-labelledby'))?.textContent,
            caption: t.caption.getBoundingClientRect().right <= innerWidth};
  })});
"""


@pytest.mark.parametrize("width", [320, 390])
def test_brief_as_a_web_page_reads_on_a_phone_with_no_axe_core_violations(browser, brief, width):
    """The --html brief at phone width: WCAG 2.1 AA and axe's best practices (landmarks, regions)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    browser.get(brief.with_suffix(".html").as_uri())
    page = json.loads(browser.execute_script(PHONE_LAYOUT))
    assert page["viewport"] == "width=device-width, initial-scale=1"
    assert page["mains"] == 1
    assert page["scrollWidth"] <= page["innerWidth"] == width  # the page itself never scrolls sideways
    # round 9: an annex table reflows into labelled blocks on a phone, so no box is wider than the screen any more
    # (its columns sat off-screen); each box keeps its role, focus and name
    assert page["boxes"] and not any(b["wider"] for b in page["boxes"]), page["boxes"]
    for box in page["boxes"]:
        assert box["overflow"] == "auto" and box["role"] == "region" and box["tabindex"] == "0", box
        assert box["label"] and box["caption"], box  # named by its caption, which stays on the screen
    browser.execute_script(AXE.read_text())
    result = json.loads(browser.execute_async_script(RUN_AXE_ALL))
    assert "error" not in result, result
    # nothing scrolls at phone width any more, so axe finds no scrollable region to check (round 9)
    assert {"landmark-one-main", "region", "image-alt", "color-contrast",
            "meta-viewport", "heading-order"} <= set(result["passes"]), result["passes"]
    assert result["violations"] == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


def _bar_fills(theme: dict) -> set[str]:
    import base64

    svg = base64.b64decode(theme["grafiek"].split(",", 1)[1]).decode()
    return {c.upper() for c in re.findall(r"fill: (#[0-9a-f]{6})", svg)} & set(palette.BAR_COLOURS)


def test_workbook_bars_use_one_colour_per_role(session):
    from thuis_cli.products.intervisie import workbook_context

    group = resolve_group(session, ["leuven", "herent", "bertem"])
    shared = workbook_context(session, group)["themas"][0]
    assert _bar_fills(shared) == {palette.AREA, palette.FLANDERS}  # labels say which municipality
    own_copy = workbook_context(session, group, focus=group[1])["themas"][0]
    assert _bar_fills(own_copy) == {palette.AREA, palette.PEER, palette.FLANDERS}

"""The structure a screen reader walks, completed on WeasyPrint's PDF objects before they are written.

WeasyPrint (PDF/UA-1 mode) tags the document but leaves gaps that rule checkers do not see:

- running headers, footers and page numbers (CSS margin boxes) get marked content whose structure
  elements hang from no parent: they become artifacts (`/Artifact` of type Pagination);
- <main> becomes one Part element per page: its children take its place (as in a document without
  <main>), so that its sections are top-level sections;
- a top-level section that runs over a page break becomes one Sect element per page: the parts are
  merged back into one (the HTML says how many sections there are and how each begins);
- table header cells carry no /Scope, and group headers and corner cells head nothing: every TH gets
  Column or Row scope, every cell lists the headers that apply to it (group header and corner too);
- elements carry /ID but the structure tree root has no /IDTree (ISO 32000-1, 14.7.2): it is written;
- link annotations get an alternate description (/Contents) when they lack one;
- form fonts: ToUnicode entries that claim U+0000, U+FEFF or U+FFFE are remapped.

`finisher` does the first five as WeasyPrint's finisher: on the pydyf objects, before the PDF is
written (the same work on the written file, opened and saved again with pikepdf, cost a brief 50 ms).
The last is a pikepdf pass over a written form (`clean_unicode_maps`). Only the structure and the
marking of content change; nothing a reader sees moves. The output is deterministic: the same input
gives the same bytes.
"""

from __future__ import annotations

import io
import re
from functools import partial

import pydyf

HEADINGS = {f"/H{i}" for i in range(1, 7)}
_CONTAINERS = {"/Div", "/NonStruct", "/Part", "/Sect", "/Art"}
_REFERENCE = re.compile(rb"(\d+) 0 R")


def finisher(outline: list[int | None]):
    """WeasyPrint's finisher (`write_pdf(finisher=...)`) for a document with this section outline
    (section_outline of its HTML)."""
    return partial(finish, outline=outline)


def finish(document, pdf: pydyf.PDF, outline: list[int | None]) -> None:
    """Every fix below on the PDF's objects, in place."""
    tree = _Tree(pdf)
    if tree.root is None:
        return
    elements = tree.elements()
    mark_page_furniture(tree, elements)
    merged = unwrap_parts(tree) | merge_split_sections(tree, outline)
    # One walk of the tree serves every pass: a merged section's children kept their place in reading
    # order; only the section itself left the tree.
    elements = [e for e in elements if id(e) not in merged]
    scope_table_headers(tree, elements)
    write_id_tree(tree, elements)
    describe_links(tree, elements, document.metadata.custom.get(LINK_META, ""))


class _Tree:
    """The structure tree of a PDF being made: its objects by number, references followed."""

    def __init__(self, pdf: pydyf.PDF):
        self.pdf = pdf
        reference = pdf.catalog.get("StructTreeRoot")
        self.root = self.get(reference) if reference is not None else None

    def get(self, value):
        """The object a reference (b'12 0 R') points to; anything else as it is."""
        if isinstance(value, bytes):
            match = _REFERENCE.fullmatch(value)
            if match:
                return self.pdf.objects[int(match.group(1))]
        return value

    def kids(self, element) -> list:
        kids = element.get("K")
        if kids is None:
            return []
        return [self.get(k) for k in kids] if isinstance(kids, list) else [self.get(kids)]

    def elements(self) -> list:
        """Every structure element reachable from the root, depth first in reading order."""
        found, stack = [], list(reversed(self.kids(self.root)))
        while stack:
            element = stack.pop()
            if not _is_element(element):
                continue
            found.append(element)
            stack.extend(reversed([k for k in self.kids(element) if _is_element(k)]))
        return found

    def parent_tree(self) -> dict[int, object]:
        """Per key: a page's array of MCID parents, or the parent of an annotation (StructParent)."""
        assert self.root is not None, "finish stops first at a PDF without a structure tree"
        nums = self.get(self.root["ParentTree"]).get("Nums", [])
        return {int(nums[i]): self.get(nums[i + 1]) for i in range(0, len(nums), 2)}


def _is_element(obj) -> bool:
    return isinstance(obj, pydyf.Dictionary) and "S" in obj and obj.get("Type", "/StructElem") == "/StructElem"


# --- 1. page furniture ----------------------------------------------------------------------------

def mark_page_furniture(tree: _Tree, elements: list) -> None:
    """Marked content whose structure element the tree does not reach becomes a Pagination artifact;
    the remaining MCIDs of the page are renumbered densely and the tree follows."""
    reachable = {id(e) for e in elements}
    holders = _mcid_holders(tree, elements)
    parents_of = tree.parent_tree()
    for page_reference in tree.pdf.page_references:
        page = tree.get(page_reference)
        key = page.get("StructParents")
        if key is None or int(key) not in parents_of:
            continue
        parents = parents_of[int(key)]
        assert isinstance(parents, list), "a page's entry (StructParents) is an array of MCID parents"
        orphans = {mcid for mcid, parent in enumerate(parents) if id(tree.get(parent)) not in reachable}
        if not orphans:
            continue
        renumber: dict[int, int] = {}  # old MCID -> new MCID
        kept: list = []
        for mcid, parent in enumerate(parents):
            if mcid not in orphans:
                renumber[mcid] = len(kept)
                kept.append(parent)
        items = tree.get(page["Contents"]).stream
        for i, item in enumerate(items):
            # WeasyPrint marks content as '/Tag', <</MCID n>>, 'BDC'
            if isinstance(item, pydyf.Dictionary) and "MCID" in item and i + 1 < len(items) and items[i + 1] == b"BDC":
                mcid = int(item["MCID"])
                if mcid in orphans:
                    items[i - 1], items[i] = "/Artifact", pydyf.Dictionary({"Type": "/Pagination"})
                else:
                    item["MCID"] = renumber[mcid]
        parents[:] = kept
        for set_mcid, old in holders.get(page_reference, []):
            set_mcid(renumber[old])


def _mcid_holders(tree: _Tree, elements: list) -> dict[bytes, list]:
    """Per page reference: (a setter, the MCID it holds now) for every MCID an element refers to."""
    holders: dict[bytes, list] = {}
    for element in elements:
        page = element.get("Pg")
        kids = element.get("K")
        if isinstance(kids, list):
            for i, kid in enumerate(kids):
                if isinstance(kid, int) and page is not None:
                    holders.setdefault(page, []).append((lambda value, kids=kids, i=i: kids.__setitem__(i, value), kid))
                elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/MCR":
                    holders.setdefault(kid.get("Pg", page), []).append(
                        (lambda value, kid=kid: kid.__setitem__("MCID", value), int(kid["MCID"])))
        elif isinstance(kids, int) and page is not None:
            holders.setdefault(page, []).append((lambda value, element=element: element.__setitem__("K", value), kids))
    return holders


# --- 2. <main> and sections over a page break --------------------------------------------------------------

def _leading_heading(tree: _Tree, element) -> int | None:
    """The level of the heading a structure element begins with (through leading containers)."""
    while True:
        first = next((k for k in tree.kids(element) if _is_element(k)), None)
        if first is None:
            return None
        if first["S"] in HEADINGS:
            return int(first["S"][2])
        if first["S"] not in _CONTAINERS:
            return None
        element = first


_HTML_CONTAINERS = {"div", "section", "article", "main", "header", "footer", "aside", "nav"}


def section_outline(root) -> list[int | None]:
    """For each top-level <section> of an HTML document (a child of <body> or of its <main>), the level
    of the heading it begins with (through leading containers), None if it begins with something else."""
    body = next((child for child in root if child.tag == "body"), None)
    # the sections of <main> are top-level in the PDF (unwrap_parts)
    tops = [grandchild for child in (body if body is not None else [])
            for grandchild in (child if child.tag == "main" else [child])]
    outline = []
    for section in (child for child in tops if child.tag == "section"):
        element, level = section, None
        while True:
            first = next((c for c in element if isinstance(c.tag, str)), None)
            if first is None:
                break
            if first.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                level = int(first.tag[1])
                break
            if first.tag not in _HTML_CONTAINERS:
                break
            element = first
        outline.append(level)
    return outline


def unwrap_parts(tree: _Tree) -> set[int]:
    """WeasyPrint tags <main> as a Part, one per page it reaches: each Part on the document level that
    holds only structure elements is replaced by its children, in order. Returns the Parts (their id())."""
    assert tree.root is not None, "finish stops first at a PDF without a structure tree"
    gone = set()
    for doc_element in (e for e in tree.kids(tree.root) if _is_element(e)):
        kids = pydyf.Array()
        for reference in doc_element["K"]:
            kid = tree.get(reference)
            grandchildren = tree.kids(kid) if _is_element(kid) and kid["S"] == "/Part" else None
            if grandchildren is None or not all(_is_element(g) for g in grandchildren):
                kids.append(reference)
                continue
            for grandchild_reference, grandchild in zip(kid["K"], grandchildren, strict=True):
                grandchild["P"] = kid["P"]
                kids.append(grandchild_reference)
            gone.add(id(kid))
        doc_element["K"] = kids
    return gone


def merge_split_sections(tree: _Tree, outline: list[int | None]) -> set[int]:
    """WeasyPrint builds the tree page by page: a top-level <section> that runs onto the next page
    comes back as a second Sect, first on that page. The HTML's `outline` (section_outline) says how
    many top-level sections there are and which heading each begins with; a Sect that follows the
    previous page's last Sect and does not begin like the next section of the HTML is a continuation:
    its children move into the Sect it continues. Never more Sects are merged than the HTML has
    sections too few. Returns the sections merged away (their id())."""
    pages = {reference: i for i, reference in enumerate(tree.pdf.page_references)}
    gone = set()
    for doc_element in (e for e in tree.kids(tree.root) if _is_element(e)):
        kids = list(doc_element["K"])
        sects_left = sum(1 for k in kids if _is_element(tree.get(k)) and tree.get(k)["S"] == "/Sect")
        expected = list(outline)
        merged = pydyf.Array()
        last_page: dict[int, int] = {}  # id of a kept element -> last page it reaches
        previous = None
        for reference in kids:
            kid = tree.get(reference)
            element = _is_element(kid)
            page = pages.get(kid.get("Pg")) if element else None
            is_sect = element and kid["S"] == "/Sect"
            if is_sect:
                sects_left -= 1
            candidate = (is_sect and previous is not None and previous["S"] == "/Sect"
                         and page is not None and page == last_page[id(previous)] + 1
                         and sects_left + 1 > len(expected))
            if candidate and (not expected or _leading_heading(tree, kid) != expected[0]):
                assert page is not None  # a candidate has a page
                _move_kids(tree, kid, previous)
                gone.add(id(kid))
                last_page[id(previous)] = page
                continue
            if is_sect and expected:
                expected.pop(0)
            merged.append(reference)
            if element:
                previous = kid
                last_page[id(kid)] = page if page is not None else -1
            else:
                previous = None
        doc_element["K"] = merged
    return gone


def _move_kids(tree: _Tree, source, target) -> None:
    if any(isinstance(kid, int) for kid in source["K"]):  # marked content of its own: it now belongs to target
        for parents in tree.parent_tree().values():
            if isinstance(parents, list):
                parents[:] = [target.reference if tree.get(p) is source else p for p in parents]
    for reference in source["K"]:
        kid = tree.get(reference)
        if isinstance(kid, int):  # an MCID relative to the source's page: keep its page explicit
            reference = pydyf.Dictionary({"Type": "/MCR", "Pg": source["Pg"], "MCID": kid})
        elif _is_element(kid):
            kid["P"] = target.reference
        target["K"].append(reference)


# --- 3. table headers ---------------------------------------------------------------------------

def _rows(tree: _Tree, table) -> list[tuple[object, str, int]]:
    """(TR element, its row group's tag, its row group's identity) in reading order."""
    rows = []
    for kid in tree.kids(table):
        if not _is_element(kid):
            continue
        if kid["S"] == "/TR":
            rows.append((kid, "/TBody", id(table)))
        elif kid["S"] in ("/THead", "/TBody", "/TFoot"):
            rows.extend((tr, kid["S"], id(kid)) for tr in tree.kids(kid) if _is_element(tr) and tr["S"] == "/TR")
    return rows


def _attributes(cell) -> pydyf.Dictionary:
    attributes = cell.get("A")
    if not isinstance(attributes, pydyf.Dictionary):
        attributes = cell["A"] = pydyf.Dictionary({"O": "/Table"})
    return attributes


def _text(string) -> str:
    return string.string if isinstance(string, pydyf.String) else str(string)


def scope_table_headers(tree: _Tree, elements: list) -> None:
    """Header cells in the table head head their column; a header cell that spans a whole body row
    heads its row group (the rows below it in that group); any other header cell heads its row.
    Each data cell lists its column headers, its row header and its group header; each row header
    lists the header above it (the corner cell) and its group header."""
    for table in (e for e in elements if e["S"] == "/Table"):
        grid = []  # per row: (cell, first column, span, group tag, group identity)
        width = 0
        for r, (row, group, group_id) in enumerate(_rows(tree, table)):
            column, cells = 0, []
            for cell in tree.kids(row):
                if not _is_element(cell) or cell["S"] not in ("/TH", "/TD"):
                    continue
                span = int(cell["A"].get("ColSpan", 1)) if isinstance(cell.get("A"), pydyf.Dictionary) else 1
                cells.append((cell, column, span, group, group_id))
                if cell["S"] == "/TH" and "ID" not in cell:
                    cell["ID"] = pydyf.String(f"thuis-{table.number}-{r}-{column}")
                column += span
            width = max(width, column)
            grid.append(cells)
        column_headers: dict[int, list] = {}
        group_header, current_group = None, None
        for cells in grid:
            if cells and cells[0][4] != current_group:
                group_header, current_group = None, cells[0][4]  # a header heads only its own group
            row_header = None
            for cell, column, span, group, _ in cells:
                if cell["S"] != "/TH":
                    continue
                attributes = _attributes(cell)
                if group == "/THead":
                    attributes["Scope"] = "/Column"
                    for c in range(column, column + span):
                        column_headers.setdefault(c, []).append(_text(cell["ID"]))
                elif span == width and width > 1:
                    attributes["Scope"] = "/Column"  # heads every column of the rows in its group
                    group_header = _text(cell["ID"])
                else:
                    attributes["Scope"] = "/Row"
                    row_header = row_header or cell
            for cell, column, span, _group, _ in cells:
                if cell["S"] == "/TH" and _attributes(cell).get("Scope") == "/Column":
                    continue
                headers = [h for c in range(column, column + span) for h in column_headers.get(c, [])]
                if cell["S"] == "/TD" and row_header is not None:
                    headers.append(_text(row_header["ID"]))
                if group_header is not None:
                    headers.append(group_header)
                attributes = _attributes(cell)
                if headers:
                    attributes["Headers"] = pydyf.Array([pydyf.String(h) for h in headers])
                elif "Headers" in attributes:
                    del attributes["Headers"]


# --- 4. IDTree ----------------------------------------------------------------------------------

def write_id_tree(tree: _Tree, elements: list) -> None:
    """Every element that carries an /ID, by ID, in the root's /IDTree (a flat name tree)."""
    assert tree.root is not None, "finish stops first at a PDF without a structure tree"
    ids = {_text(e["ID"]): e for e in elements if "ID" in e}
    if not ids:
        tree.root.pop("IDTree", None)
        return
    names = pydyf.Array()
    for key in sorted(ids, key=lambda k: k.encode("utf-8")):
        names.extend((pydyf.String(key), ids[key].reference))
    id_tree = pydyf.Dictionary({"Names": names})
    tree.pdf.add_object(id_tree)
    tree.root["IDTree"] = id_tree.reference


# --- 5. links -----------------------------------------------------------------------------------

LINK_META = "thuis-link"  # <meta name="thuis-link" content="Link naar"> (base.html, from woorden/pdf.html)


def describe_links(tree: _Tree, elements: list, label: str = "") -> None:
    """A link annotation says where it goes (/Contents), in words a screen reader can speak: the
    page's `label` (its words are in a template) and the address."""
    for element in elements:
        if element["S"] != "/Link":
            continue
        for kid in tree.kids(element):
            if isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/OBJR":
                annotation = tree.get(kid["Obj"])
                action = tree.get(annotation.get("A"))
                address = action.get("URI") if isinstance(action, dict) else None
                target = address or annotation.get("Dest")
                said = _text(annotation.get("Contents", "")).strip()
                # WeasyPrint describes an external link by its bare address: that is replaced by words too
                if target is not None and (not said or (address is not None and said == _text(address))):
                    annotation["Contents"] = pydyf.String(link_description(_text(target), label))


def link_description(target: str, label: str = "") -> str:
    """'https://www.leuven.be/' with the label 'Link naar' -> 'Link naar www.leuven.be'."""
    address = re.sub(r"^(https?://|mailto:)", "", target).rstrip("/")
    return f"{label.strip()} {address}".strip()


# --- 6. fonts of forms (a pikepdf pass over the written PDF) ------------------------------------

# U+FEFF (zero width no-break space) has U+2060 (word joiner) as its proper successor; a glyph that
# claims U+0000 or U+FFFE is no character at all and becomes U+FFFD (replacement character).
_REPLACEMENTS = {"0000": "fffd", "feff": "2060", "fffe": "fffd"}
_ENTRY = re.compile(r"(<[0-9a-fA-F]+>\s*)<(0000|feff|fffe)>", re.IGNORECASE)


def clean_cmap(text: str) -> str:
    return _ENTRY.sub(lambda m: f"{m.group(1)}<{_REPLACEMENTS[m.group(2).lower()]}>", text)


def clean_form_fonts(pdf: bytes) -> bytes:
    """A written form with its fonts' unicode maps cleaned (clean_unicode_maps)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        clean_unicode_maps(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, compress_streams=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


def clean_unicode_maps(document) -> None:
    """Remap ToUnicode entries that map a glyph to U+0000, U+FEFF or U+FFFE (in a pikepdf document).

    Form fields make WeasyPrint embed the whole font (a reader must be able to type any letter), and
    the whole font's map contains such entries for glyphs that are no text (the null glyph, a byte
    order mark). PDF/UA-1 forbids those values (rule PDFUA1-FONT-UNICODE-VALUE-001) but also wants
    every rendered glyph mapped, so they are remapped, not dropped; nothing a reader sees changes."""
    import pikepdf

    for obj in document.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
            text = obj.ToUnicode.read_bytes().decode("latin-1")
            cleaned = clean_cmap(text)
            if cleaned != text:
                obj.ToUnicode.write(cleaned.encode("latin-1"))

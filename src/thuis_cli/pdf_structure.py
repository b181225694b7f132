"""One pikepdf pass over every PDF WeasyPrint writes: the structure a screen reader walks.

WeasyPrint (PDF/UA-1 mode) tags the document but leaves gaps that rule checkers do not see:

- running headers, footers and page numbers (CSS margin boxes) get marked content whose structure
  elements hang from no parent: they become artifacts (`/Artifact` of type Pagination);
- a top-level section that runs over a page break becomes one Sect element per page: the parts are
  merged back into one (the HTML says how many sections there are and how each begins);
- table header cells carry no /Scope, and group headers and corner cells head nothing: every TH gets
  Column or Row scope, every cell lists the headers that apply to it (group header and corner too);
- elements carry /ID but the structure tree root has no /IDTree (ISO 32000-1, 14.7.2): it is written;
- link annotations get an alternate description (/Contents) when they lack one;
- form fonts: ToUnicode entries that claim U+0000, U+FEFF or U+FFFE are remapped.

Only the structure and the marking of content change; nothing a reader sees moves. The output is
deterministic: the same input bytes give the same output bytes.
"""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, String

HEADINGS = {f"/H{i}" for i in range(1, 7)}
_CONTAINERS = {"/Div", "/NonStruct", "/Part", "/Sect", "/Art"}
_MARKED = re.compile(rb"/([A-Za-z0-9]+)(\s*)<<\s*/MCID\s+(\d+)\s*>>(\s*)BDC")


def finish(pdf: bytes, outline: list[int | None], forms: bool = False) -> bytes:
    """Every fix below on WeasyPrint's output. `outline` describes the HTML's top-level sections
    (section_outline); `forms` also cleans the fully embedded fonts' unicode maps."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        if forms:
            clean_unicode_maps(document)
        if "/StructTreeRoot" in document.Root:
            elements = mark_page_furniture(document)
            merged = merge_split_sections(document, outline)
            # One walk of the tree serves every pass: a merged section's children kept their place in
            # reading order; only the section itself left the tree.
            elements = [e for e in elements if e.objgen not in merged]
            scope_table_headers(elements)
            write_id_tree(document, elements)
            describe_links(elements)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, compress_streams=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


# --- the structure tree -------------------------------------------------------------------------

def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _is_element(obj) -> bool:
    # most kids are MCIDs (ints) or MCR/OBJR dictionaries without /S: those are out after one test
    return isinstance(obj, Dictionary) and "/S" in obj and obj.get("/Type", Name.StructElem) == Name.StructElem


def struct_elements(document):
    """Every structure element reachable from the root, depth first in reading order."""
    stack = list(reversed(_kids(document.Root.StructTreeRoot)))
    while stack:
        element = stack.pop()
        if not _is_element(element):
            continue
        yield element
        stack.extend(reversed([k for k in _kids(element) if _is_element(k)]))


def _parent_tree(document) -> dict[int, object]:
    nums = document.Root.StructTreeRoot.ParentTree.get("/Nums", Array())
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


# --- 1. page furniture ----------------------------------------------------------------------------

def mark_page_furniture(document) -> list:
    """Marked content whose structure element the tree does not reach becomes a Pagination artifact;
    the remaining MCIDs of the page are renumbered densely and the tree follows. Returns the tree's
    elements (struct_elements), which this pass does not change."""
    everything = list(struct_elements(document))
    reachable = {e.objgen for e in everything}
    holders = _mcid_holders(everything)
    tree = _parent_tree(document)
    for page in document.pages:
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in tree:
            continue
        parents = tree[int(key)]
        orphans = {mcid for mcid, parent in enumerate(parents) if parent.objgen not in reachable}
        if not orphans:
            continue
        renumber, kept = {}, []
        for mcid, parent in enumerate(parents):
            if mcid not in orphans:
                renumber[mcid] = len(kept)
                kept.append(parent)

        def replace(match: re.Match) -> bytes:
            mcid = int(match.group(3))
            if mcid in orphans:
                return b"/Artifact" + match.group(2) + b"<</Type /Pagination>>" + match.group(4) + b"BDC"
            return (b"/" + match.group(1) + match.group(2) + b"<</MCID " + str(renumber[mcid]).encode()
                    + b">>" + match.group(4) + b"BDC")

        contents = page.obj.Contents
        streams = list(contents) if isinstance(contents, Array) else [contents]
        data = b"\n".join(s.read_bytes() for s in streams)
        page.obj.Contents = document.make_stream(_MARKED.sub(replace, data))
        for mcid in range(len(parents) - 1, -1, -1):
            del parents[mcid]
        parents.extend(kept)
        for set_mcid, old in holders.get(page.obj.objgen, []):
            set_mcid(renumber[old])
    return everything


def _mcid_holders(elements) -> dict[tuple, list]:
    """Per page: (a setter, the MCID it holds now) for every MCID a structure element refers to."""
    holders: dict[tuple, list] = {}
    for element in elements:
        page = element.Pg.objgen if "/Pg" in element else None
        kids = element.get("/K")
        if isinstance(kids, Array):
            for i, kid in enumerate(kids):
                if isinstance(kid, int) and page is not None:
                    holders.setdefault(page, []).append(
                        (lambda value, kids=kids, i=i: kids.__setitem__(i, value), int(kid)))
                elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                    mcr_page = kid.Pg.objgen if "/Pg" in kid else page
                    holders.setdefault(mcr_page, []).append(
                        (lambda value, kid=kid: setattr(kid, "MCID", value), int(kid.MCID)))
        elif isinstance(kids, int) and page is not None:
            holders.setdefault(page, []).append(
                (lambda value, element=element: setattr(element, "K", value), int(kids)))
    return holders


# --- 2. sections over a page break --------------------------------------------------------------

def _page_index(document) -> dict:
    return {page.obj.objgen: i for i, page in enumerate(document.pages)}


def _leading_heading(element) -> int | None:
    """The level of the heading a structure element begins with (through leading containers)."""
    while True:
        first = next((k for k in _kids(element) if _is_element(k)), None)
        if first is None:
            return None
        if str(first.S) in HEADINGS:
            return int(str(first.S)[2])
        if str(first.S) not in _CONTAINERS:
            return None
        element = first


_HTML_CONTAINERS = {"div", "section", "article", "main", "header", "footer", "aside", "nav"}


def section_outline(root) -> list[int | None]:
    """For each top-level <section> of an HTML document (a child of <body>), the level of the heading
    it begins with (through leading containers), None if it begins with something else."""
    body = next((child for child in root if child.tag == "body"), None)
    outline = []
    for section in (child for child in (body if body is not None else []) if child.tag == "section"):
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


def merge_split_sections(document, outline: list[int | None]) -> set[tuple[int, int]]:
    """WeasyPrint builds the tree page by page: a top-level <section> that runs onto the next page
    comes back as a second Sect, first on that page. The HTML's `outline` (section_outline) says how
    many top-level sections there are and which heading each begins with; a Sect that follows the
    previous page's last Sect and does not begin like the next section of the HTML is a continuation:
    its children move into the Sect it continues. Never more Sects are merged than the HTML has
    sections too few. Returns the sections merged away (their objgen)."""
    pages = _page_index(document)
    gone = set()
    top = document.Root.StructTreeRoot.K
    documents = [e for e in (list(top) if isinstance(top, Array) else [top]) if _is_element(e)]
    for doc_element in documents:
        kids = list(doc_element.K)
        sects_left = sum(1 for k in kids if _is_element(k) and k.get("/S") == Name.Sect)
        expected = list(outline)
        merged = Array()
        last_page = {}  # objgen of a kept element -> last page it reaches
        previous = None
        for kid in kids:
            page = pages.get(kid.Pg.objgen) if _is_element(kid) and "/Pg" in kid else None
            is_sect = _is_element(kid) and kid.get("/S") == Name.Sect
            if is_sect:
                sects_left -= 1
            candidate = (is_sect and previous is not None and previous.get("/S") == Name.Sect
                         and page is not None and page == last_page[previous.objgen] + 1
                         and sects_left + 1 > len(expected))
            if candidate and (not expected or _leading_heading(kid) != expected[0]):
                _move_kids(document, kid, previous)
                gone.add(kid.objgen)
                last_page[previous.objgen] = page
                continue
            if is_sect and expected:
                expected.pop(0)
            merged.append(kid)
            if _is_element(kid):
                previous = kid
                last_page[kid.objgen] = page if page is not None else -1
            else:
                previous = None
        doc_element.K = merged
    return gone


def _move_kids(document, source, target) -> None:
    tree = _parent_tree(document)
    for kid in _kids(source):
        if isinstance(kid, int):  # an MCID relative to the source's page: keep its page explicit
            kid = Dictionary(Type=Name.MCR, Pg=source.Pg, MCID=kid)
            for key, parents in tree.items():
                if isinstance(parents, Array):
                    for i, parent in enumerate(parents):
                        if parent.objgen == source.objgen:
                            parents[i] = target
        elif _is_element(kid):
            kid.P = target
        target.K.append(kid)


# --- 3. table headers ---------------------------------------------------------------------------

def _rows(table) -> list[tuple[object, str, tuple]]:
    """(TR element, its row group's tag, its row group's identity) in reading order."""
    rows = []
    for kid in _kids(table):
        if not _is_element(kid):
            continue
        if kid.S == Name.TR:
            rows.append((kid, "/TBody", table.objgen))
        elif str(kid.S) in ("/THead", "/TBody", "/TFoot"):
            rows.extend((tr, str(kid.S), kid.objgen) for tr in _kids(kid) if _is_element(tr) and tr.S == Name.TR)
    return rows


def _attributes(cell) -> Dictionary:
    attributes = cell.get("/A")
    if not isinstance(attributes, Dictionary):
        attributes = Dictionary(O=Name.Table)
        cell.A = attributes
    return attributes


def scope_table_headers(elements: list) -> None:
    """Header cells in the table head head their column; a header cell that spans a whole body row
    heads its row group (the rows below it in that group); any other header cell heads its row.
    Each data cell lists its column headers, its row header and its group header; each row header
    lists the header above it (the corner cell) and its group header."""
    tables = [e for e in elements if e.S == Name.Table]
    for table in tables:
        grid = []  # per row: (cell, first column, span, group tag)
        width = 0
        for r, (row, group, group_id) in enumerate(_rows(table)):
            column, cells = 0, []
            for cell in _kids(row):
                if not _is_element(cell) or str(cell.S) not in ("/TH", "/TD"):
                    continue
                span = int(cell.A.get("/ColSpan", 1)) if isinstance(cell.get("/A"), Dictionary) else 1
                cells.append((cell, column, span, group, group_id))
                if cell.S == Name.TH and "/ID" not in cell:
                    cell.ID = String(f"thuis-{table.objgen[0]}-{r}-{column}")
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
                if cell.S != Name.TH:
                    continue
                attributes = _attributes(cell)
                if group == "/THead":
                    attributes.Scope = Name.Column
                    for c in range(column, column + span):
                        column_headers.setdefault(c, []).append(cell.ID)
                elif span == width and width > 1:
                    attributes.Scope = Name.Column  # heads every column of the rows in its group
                    group_header = cell.ID
                else:
                    attributes.Scope = Name.Row
                    row_header = row_header or cell
            for cell, column, span, _group, _ in cells:
                if cell.S == Name.TH and _attributes(cell).get("/Scope") == Name.Column:
                    continue
                headers = [h for c in range(column, column + span) for h in column_headers.get(c, [])]
                if cell.S == Name.TD and row_header is not None:
                    headers.append(row_header.ID)
                if group_header is not None:
                    headers.append(group_header)
                attributes = _attributes(cell)
                if headers:
                    attributes.Headers = Array([String(bytes(h)) for h in headers])
                elif "/Headers" in attributes:
                    del attributes["/Headers"]


# --- 4. IDTree ----------------------------------------------------------------------------------

def write_id_tree(document, elements: list) -> None:
    """Every element that carries an /ID, by ID, in the root's /IDTree (a flat name tree)."""
    ids = {}
    for element in elements:
        if "/ID" in element:
            ids[bytes(element.ID)] = element
    root = document.Root.StructTreeRoot
    if not ids:
        if "/IDTree" in root:
            del root["/IDTree"]
        return
    names = Array()
    for key in sorted(ids):
        names.append(String(key))
        names.append(ids[key])
    root.IDTree = document.make_indirect(Dictionary(Names=names))


# --- 5. links -----------------------------------------------------------------------------------

def describe_links(elements: list) -> None:
    """A link annotation says where it goes (/Contents), in words a screen reader can speak."""
    for element in elements:
        if element.S != Name.Link:
            continue
        for kid in _kids(element):
            if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                annotation = kid.Obj
                target = annotation.get("/A", Dictionary()).get("/URI") or annotation.get("/Dest")
                if target is not None and not str(annotation.get("/Contents", "")).strip():
                    annotation.Contents = String(link_description(str(target)))


def link_description(target: str) -> str:
    address = re.sub(r"^(https?://|mailto:)", "", target).rstrip("/")
    return f"Link naar {address}"


# --- 6. fonts of forms --------------------------------------------------------------------------

# U+FEFF (zero width no-break space) has U+2060 (word joiner) as its proper successor; a glyph that
# claims U+0000 or U+FFFE is no character at all and becomes U+FFFD (replacement character).
_REPLACEMENTS = {"0000": "fffd", "feff": "2060", "fffe": "fffd"}
_ENTRY = re.compile(r"(<[0-9a-fA-F]+>\s*)<(0000|feff|fffe)>", re.IGNORECASE)


def clean_cmap(text: str) -> str:
    return _ENTRY.sub(lambda m: f"{m.group(1)}<{_REPLACEMENTS[m.group(2).lower()]}>", text)


def clean_unicode_maps(document) -> None:
    """Remap ToUnicode entries that map a glyph to U+0000, U+FEFF or U+FFFE.

    Form fields make WeasyPrint embed the whole font (a reader must be able to type any letter), and
    the whole font's map contains such entries for glyphs that are no text (the null glyph, a byte
    order mark). PDF/UA-1 forbids those values (rule PDFUA1-FONT-UNICODE-VALUE-001) but also wants
    every rendered glyph mapped, so they are remapped, not dropped; nothing a reader sees changes."""
    for obj in document.objects:
        if isinstance(obj, Dictionary) and obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
            text = obj.ToUnicode.read_bytes().decode("latin-1")
            cleaned = clean_cmap(text)
            if cleaned != text:
                obj.ToUnicode.write(cleaned.encode("latin-1"))

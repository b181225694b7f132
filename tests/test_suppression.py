"""Secondary suppression: no hidden cell can be worked out from what a run publishes.

The attacker below knows every published cell (n and count) and every additive relation (groups add
up to the total, the parts of a 2025 merger add up to the merged area) and solves them exactly with
fractions: by plain subtraction, by chains of subtractions, and by any linear combination."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thuis_cli.suppression import Cell, Relation, derivable_cells, relations_for, suppress

MIN_N = 30
AGES = ["16-34", "35-49", "50-64", "65+"]


# --- the attacker -------------------------------------------------------------------------------

def subtract(cells, relations, hidden, field):
    """Recover hidden values by subtraction along relations, as often as it helps (chains)."""
    known = {k: Fraction(getattr(c, field)) for k, c in cells.items() if k not in hidden}
    recovered = {}
    progress = True
    while progress:
        progress = False
        for rel in relations:
            unknown = [m for m in rel.members if m not in known]
            if len(unknown) == 1:
                (x,) = unknown
                parts = sum((known[p] for p in rel.parts if p != x), Fraction(0))
                known[x] = parts if x == rel.total else known[rel.total] - parts
                recovered[x] = known[x]
                progress = True
    return recovered


def solve(cells, relations, hidden, field):
    """Every unknown fixed by the linear system (exact Gauss-Jordan elimination over fractions)."""
    known = {k: Fraction(getattr(c, field)) for k, c in cells.items() if k not in hidden}
    unknowns = sorted({m for r in relations for m in r.members if m not in known}, key=repr)
    col = {k: i for i, k in enumerate(unknowns)}
    rows = []
    for rel in relations:
        row = [Fraction(0)] * (len(unknowns) + 1)
        for k, c in rel.coefficients().items():
            if k in col:
                row[col[k]] += Fraction(c)
            else:
                row[-1] -= Fraction(c) * known[k]
        rows.append(row)
    pivots, r = [], 0
    for c in range(len(unknowns)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][c] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                rows[i] = [a - rows[i][c] * b for a, b in zip(rows[i], rows[r])]
        pivots.append(c)
        r += 1
    out = {}
    for i, c in enumerate(pivots):
        if all(rows[i][j] == 0 for j in range(len(unknowns)) if j != c):
            out[unknowns[c]] = rows[i][-1]
    return out


def recoverable(cells, relations, hidden):
    """Hidden published cells whose n or count the attacker can work out."""
    found = set()
    for field in ("n", "count"):
        found |= set(subtract(cells, relations, hidden, field)) | set(solve(cells, relations, hidden, field))
    return found & set(cells) & hidden


# --- generated runs: groups, totals, merged municipalities and parts ----------------------------

@st.composite
def runs(draw):
    """One indicator for a 2025 merger and its 2020 parts, with one or two dimensions of groups; a run
    publishes the tables of some of these areas."""
    parts = [f"deel{i}" for i in range(draw(st.integers(2, 3)))]
    dims = {"leeftijd": AGES, "eigendom": ["eigenaar", "huurder", "andere"]}
    dims = dict(list(dims.items())[:draw(st.integers(1, 2))])
    values = {}
    for area in parts:
        group_n = draw(st.lists(st.integers(0, 70), min_size=len(AGES), max_size=len(AGES)))
        group_k = [draw(st.integers(0, n)) for n in group_n]
        for v, n, k in zip(AGES, group_n, group_k):
            values[(area, "ind", f"leeftijd:{v}")] = (n, k)
        total = (sum(group_n), sum(group_k))
        values[(area, "ind", "totaal")] = total
        if "eigendom" in dims:  # the same respondents split another way
            cut_n = sorted(draw(st.lists(st.integers(0, total[0]), min_size=2, max_size=2)))
            sizes = [cut_n[0], cut_n[1] - cut_n[0], total[0] - cut_n[1]]
            left, counts = total[1], []
            for size in sizes[:-1]:
                low = max(0, left - (total[0] - size - sum(sizes[:len(counts)])))
                k = draw(st.integers(low, min(size, left)))
                counts.append(k)
                left -= k
            counts.append(left)
            for v, n, k in zip(dims["eigendom"], sizes, counts):
                values[(area, "ind", f"eigendom:{v}")] = (n, k)
    groups = {g for _a, _i, g in values}
    for g in groups:
        values[("fusie", "ind", g)] = tuple(sum(values[(p, "ind", g)][j] for p in parts) for j in (0, 1))
    areas = ["fusie", *parts]
    published = draw(st.lists(st.sampled_from(areas), min_size=1, max_size=len(areas), unique=True))
    cells = {k: Cell(*v) for k, v in values.items() if k[0] in published}
    relations = relations_for(values, dims, {"fusie": parts})
    return cells, relations


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs())
def test_no_suppressed_cell_can_be_recovered_from_a_run(run):
    cells, relations = run
    hidden = suppress(cells, relations, MIN_N)
    assert {k for k, c in cells.items() if c.n < MIN_N} <= hidden
    assert not recoverable(cells, relations, hidden)
    assert not derivable_cells(hidden, cells, relations)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs(), st.data())
def test_cells_hidden_for_another_reason_are_protected_as_well(run, data):
    """Arbitrary hidden patterns (a product may hide a cell for its own reasons) reach chains of
    subtractions that the one-relation rule misses; the result is still safe."""
    cells, relations = run
    also = data.draw(st.sets(st.sampled_from(sorted(cells, key=repr)), max_size=6))
    hidden = suppress(cells, relations, MIN_N, also=also)
    assert also <= hidden and not recoverable(cells, relations, hidden)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs())
def test_the_attacker_finds_what_primary_suppression_alone_leaves_open(run):
    """The exact check agrees with the attacker: the attacker is not blunt."""
    cells, relations = run
    primary = {k for k, c in cells.items() if c.n < MIN_N}
    assert derivable_cells(primary, cells, relations) == recoverable(cells, relations, primary)


# --- the two examples from the issue ----------------------------------------------------------

def age_table(area, sizes, counts):
    cells = {(area, "mobiliteit", f"leeftijd:{v}"): Cell(n, k) for v, n, k in zip(AGES, sizes, counts)}
    cells[(area, "mobiliteit", "totaal")] = Cell(sum(sizes), sum(counts))
    return cells


def test_one_suppressed_row_in_a_group_table_hides_the_next_smallest_too():
    """Bierbeek mobiliteit: the 65+ row (n = 23, 16 'ja') was the only hidden row of its table."""
    cells = age_table("bierbeek", [41, 52, 47, 23], [20, 30, 25, 16])
    relations = relations_for(cells, {"leeftijd": AGES})
    primary = {("bierbeek", "mobiliteit", "leeftijd:65+")}
    assert {k: (v.numerator) for k, v in subtract(cells, relations, primary, "n").items()} == {
        ("bierbeek", "mobiliteit", "leeftijd:65+"): 23}  # what the published pack gave away
    hidden = suppress(cells, relations, MIN_N)
    assert hidden == primary | {("bierbeek", "mobiliteit", "leeftijd:16-34")}  # n = 41, the next smallest
    assert not recoverable(cells, relations, hidden)


def test_a_merger_and_its_published_parts_do_not_give_away_a_small_part():
    """Merelbeke-Melle 65+ minus Merelbeke 65+ revealed Melle's 65+ (n = 8, k = 2)."""
    merelbeke = age_table("merelbeke", [60, 70, 65, 55], [30, 40, 35, 20])
    melle = age_table("melle", [35, 40, 38, 8], [15, 20, 18, 2])
    merged = {("merelbeke-melle", i, g): Cell(c.n + melle[("melle", i, g)].n, c.count + melle[("melle", i, g)].count)
              for (_a, i, g), c in merelbeke.items()}
    cells = {**merelbeke, **melle, **merged}
    relations = relations_for(cells, {"leeftijd": AGES}, {"merelbeke-melle": ["merelbeke", "melle"]})
    melle_65 = ("melle", "mobiliteit", "leeftijd:65+")

    # with only the group rule inside each table the merger still gives Melle's 65+ away
    within_tables = suppress(cells, [r for r in relations if r.total[2] == "totaal"], MIN_N)
    assert melle_65 in within_tables
    assert solve(cells, relations, within_tables, "n")[melle_65] == 8
    assert solve(cells, relations, within_tables, "count")[melle_65] == 2

    hidden = suppress(cells, relations, MIN_N)
    assert melle_65 in hidden
    assert not recoverable(cells, relations, hidden)
    # the 65+ cells of the merger relation: besides Melle's, Merelbeke's or the merged one is hidden
    assert hidden & {("merelbeke", "mobiliteit", "leeftijd:65+"), ("merelbeke-melle", "mobiliteit", "leeftijd:65+")}


def test_a_run_for_the_merged_municipality_alone_needs_no_secondary_suppression():
    merelbeke = age_table("merelbeke", [60, 70, 65, 55], [30, 40, 35, 20])
    melle = age_table("melle", [35, 40, 38, 8], [15, 20, 18, 2])
    merged = {("merelbeke-melle", i, g): Cell(c.n + melle[("melle", i, g)].n, c.count + melle[("melle", i, g)].count)
              for (_a, i, g), c in merelbeke.items()}
    relations = relations_for({**merelbeke, **melle, **merged}, {"leeftijd": AGES},
                              {"merelbeke-melle": ["merelbeke", "melle"]})
    assert suppress(merged, relations, MIN_N) == set()  # the parts are not published: nothing to subtract


def test_relations_tie_groups_to_totals_and_parts_to_mergers():
    keys = [("m", "ind", "totaal"), ("m", "ind", "leeftijd:65+")]
    rels = relations_for(keys, {"leeftijd": ["16-64", "65+"]}, {"m": ["a", "b"]})
    assert Relation(("m", "ind", "totaal"), (("m", "ind", "leeftijd:16-64"), ("m", "ind", "leeftijd:65+")),
                    True) in rels
    assert Relation(("m", "ind", "leeftijd:65+"), (("a", "ind", "leeftijd:65+"), ("b", "ind", "leeftijd:65+"))) in rels


def test_a_chain_of_subtractions_through_two_tables_is_closed_too():
    """Every relation has two hidden cells or none, yet one cell is fixed: Melle-like parts P1, P2 hide
    a 2 x 2 block, P3 and the merger another, and P1's 50-64 row joins the two blocks. Summing the
    relations of one block around it gives that row away; the exact check hides one more cell."""
    sizes = {"p1": [40, 45, 50, 55], "p2": [42, 47, 52, 57], "p3": [44, 49, 54, 59]}
    cells = {}
    for area, ns in sizes.items():
        cells.update(age_table(area, ns, [n // 2 for n in ns]))
    merged = {("m", "mobiliteit", g): Cell(sum(cells[(p, "mobiliteit", g)].n for p in sizes),
                                           sum(cells[(p, "mobiliteit", g)].count for p in sizes))
              for g in ["totaal", *(f"leeftijd:{v}" for v in AGES)]}
    cells.update(merged)
    relations = relations_for(cells, {"leeftijd": AGES}, {"m": list(sizes)})
    a, b, c, d = (f"leeftijd:{v}" for v in AGES)
    block = {("p1", "mobiliteit", a), ("p1", "mobiliteit", b), ("p2", "mobiliteit", a), ("p2", "mobiliteit", b),
             ("p3", "mobiliteit", c), ("p3", "mobiliteit", d), ("m", "mobiliteit", c), ("m", "mobiliteit", d),
             ("p1", "mobiliteit", c)}
    for rel in relations:  # the classic rule is satisfied everywhere
        assert len(block & set(rel.members)) != 1
    bridge = ("p1", "mobiliteit", c)
    assert set(solve(cells, relations, block, "n")) == {bridge} == derivable_cells(block, cells, relations)
    hidden = suppress(cells, relations, MIN_N, also=block)
    assert block < hidden and not recoverable(cells, relations, hidden)


def test_a_merger_that_keeps_a_parts_code_needs_its_own_key():
    """Antwerpen 2025 (Antwerpen + Borsbeek) keeps NIS 11002: keyed the same, the relation would say
    Borsbeek is zero."""
    import pytest

    with pytest.raises(ValueError, match="eigen sleutel"):
        relations_for([("11002", "ind", "totaal")], {}, {"11002": ["11002", "11007"]})


# --- through the real products of a run ------------------------------------------------------------

def test_the_products_of_a_run_give_no_hidden_cell_away_merger_and_parts():
    """Briefs (every department), the workbook and the infographics for Merelbeke-Melle and its 2020
    parts: what they print, with the relations, lets the attacker recover no suppressed cell."""
    from thuis_cli.findings import area_key
    from thuis_cli.products.brief import brief_context
    from thuis_cli.products.infografiek import choose_messages
    from thuis_cli.products.intervisie import workbook_context
    from thuis_cli.workspace import Workspace

    ws = Workspace.open(None, None)
    cat = ws.config.catalogus
    areas = [ws.municipality(n) for n in ("merelbeke-melle", "merelbeke", "melle")]
    printed, labels = set(), {}
    for g in areas:
        key = area_key(g)
        for dienst in ws.config.diensten.diensten:
            ctx = brief_context(ws, g, dienst)
            for block in ctx["bewijs"]:
                own = block["rijen"][0]
                labels[(key, block["id"], "totaal")] = own.aandeel
                if not own.suppressed:
                    printed.add((key, block["id"], "totaal"))
                for table in block["groepen"]:
                    dim = next(d for d, spec in cat.groepen.items() if spec.titel == table["titel"])
                    for value, row in zip(cat.group_values(dim), table["rijen"]):
                        labels[(key, block["id"], f"{dim}:{value}")] = row.aandeel
                        if not row.suppressed:
                            printed.add((key, block["id"], f"{dim}:{value}"))
        printed |= {(key, m.indicator, "totaal") for m in choose_messages(ws, g, 12)}
    workbook = workbook_context(ws, areas)
    for theme in workbook["themas"]:
        for ind, row in zip([i for i in cat.indicatoren if i.thema == theme["id"]], theme["rijen"]):
            for g, cell in zip(areas, row["cellen"]):
                labels.setdefault((area_key(g), ind.id, "totaal"), cell["aandeel"])
                if cell["aandeel"] != labels[(area_key(g), ind.id, "totaal")]:
                    labels[(area_key(g), ind.id, "totaal")] += " / " + cell["aandeel"]
                if not cell["suppressed"]:
                    printed.add((area_key(g), ind.id, "totaal"))

    cells, suppressed = {}, set()
    for g in areas:
        area = ws.area(g)
        for (ind, groep), n, k in zip(area.figures.table.index, area.figures.table["n"], area.figures.table["aantal"]):
            cells[(area.key, ind, groep)] = Cell(float(n), float(k))
            if area.figure(ind, groep).suppressed:
                suppressed.add((area.key, ind, groep))
    secondary = {k for k in suppressed if cells[k].n >= MIN_N}
    assert secondary, "the sample run should need secondary suppression"
    assert not printed & suppressed
    dims = {d: cat.group_values(d) for d in cat.groepen}
    merged = area_key(areas[0])
    relations = relations_for(cells, dims, {merged: [area_key(g) for g in areas[1:]]})
    small = {k for k, c in cells.items() if c.n < MIN_N}  # what must stay unknown, whoever hides it
    assert small <= suppressed
    assert not recoverable(cells, relations, set(cells) - printed) & suppressed
    # a secondarily hidden cell is labelled neutrally: its n is not small
    shown = {labels[k] for k in secondary if k in labels}
    assert shown <= {"onderdrukt", "niet getoond"} and "te weinig antwoorden" not in shown  # brief: "niet getoond"


def test_no_group_table_of_the_sample_briefs_has_exactly_one_hidden_row():
    """Issue 11: 66 group tables had one suppressed row, whose n followed from the total."""
    from thuis_cli.products.brief import brief_context
    from thuis_cli.workspace import Workspace

    ws = Workspace.open(None, None)
    tables = with_hidden = 0
    for gebied in ws.municipalities_in_data()[::2]:
        for dienst in ws.config.diensten.diensten:
            for block in brief_context(ws, gebied, dienst)["bewijs"]:
                if block["rijen"][0].suppressed:
                    continue
                for table in block["groepen"]:
                    hidden = sum(r.suppressed for r in table["rijen"])
                    assert hidden != 1, (gebied.naam, dienst, block["id"], table["titel"])
                    tables += 1
                    with_hidden += hidden > 0
    assert tables > 50 and with_hidden > 10


def test_hidden_groups_of_one_dimension_never_add_up_to_a_small_cell_that_can_be_worked_out():
    """Issue 26: two hidden groups (n = 5 and 3) are each safe, but the published total minus the
    published group gives their sum (n = 8). The next smallest group is hidden too."""
    cells = {("a", "i", "totaal"): Cell(100, 50), ("a", "i", "e:eigenaar"): Cell(92, 46),
             ("a", "i", "e:huurder"): Cell(5, 2), ("a", "i", "e:andere"): Cell(3, 2)}
    rels = relations_for(cells, {"e": ["eigenaar", "huurder", "andere"]})
    hidden = suppress(cells, rels, 30)
    assert {("a", "i", "e:huurder"), ("a", "i", "e:andere")} < hidden
    assert ("a", "i", "e:eigenaar") in hidden or ("a", "i", "totaal") in hidden


def test_a_small_sum_worked_out_through_a_merger_and_its_part_is_closed_too():
    """Melle's hidden huurder + andere (n = 8) from the merger's and Merelbeke's published cells:
    merger minus part, per group, and then total minus eigenaar."""
    cells = {}
    for area, (tot, own, hu, an) in {"merelbeke": (200, 150, 35, 15), "melle": (60, 52, 5, 3)}.items():
        for g, n in (("totaal", tot), ("e:eigenaar", own), ("e:huurder", hu), ("e:andere", an)):
            cells[(area, "i", g)] = Cell(n, n // 2)
    for g in ("totaal", "e:eigenaar", "e:huurder", "e:andere"):
        cells[("mm", "i", g)] = Cell(cells[("merelbeke", "i", g)].n + cells[("melle", "i", g)].n,
                                     cells[("merelbeke", "i", g)].count + cells[("melle", "i", g)].count)
    rels = relations_for(cells, {"e": ["eigenaar", "huurder", "andere"]}, {"mm": ["merelbeke", "melle"]})
    hidden = suppress(cells, rels, 30)
    from thuis_cli.suppression import derivable_cells, derivable_sums

    assert not derivable_cells(hidden, cells, rels)
    assert not derivable_sums(hidden, cells, rels, 30)
    assert {("melle", "i", "e:huurder"), ("melle", "i", "e:andere")} < hidden


# --- issue 26: an audit over every figure a run can print ----------------------------------------------

def test_no_hidden_cell_and_no_small_sum_of_hidden_groups_can_be_worked_out_from_the_sample_run():
    """The audit's search, independent of `suppression`: every cell any product may print (every
    unsuppressed `figure()` of every municipality and merger of the sample data) is known; groups add
    up to totals, parts to their merger. No hidden cell, and no sum of hidden groups of one dimension
    with fewer than 30 respondents (Melle: huurder plus andere situatie, n = 8), follows by rank."""
    import itertools

    import numpy as np

    from thuis_cli.findings import area_key
    from thuis_cli.comparison_groups import ComparisonGroup
    from thuis_cli.workspace import Workspace

    ws = Workspace.open(None, None)
    cat, min_n = ws.config.catalogus, ws.config.instellingen.statistiek.min_n
    areas = ws.municipalities_in_data() + [g for g in ws.gebieden.fusies.values() if ws.dataset.has(g)]
    n_of, shown, groups_of = {}, set(), {}
    for g in areas:
        area = ws.area(g)
        for (ind, groep), n in zip(area.figures.table.index, area.figures.table["n"]):
            n_of[(area.key, ind, groep)] = float(n)
            groups_of.setdefault((area.key, ind), set()).add(groep)
            f = area.figure(ind, groep)
            if f is not None and not f.suppressed:
                shown.add((area.key, ind, groep))
        group = area.reference("vergelijking")
        if group is not None and isinstance(group.gebied, ComparisonGroup):  # pools only what members print
            for ind in list(cat.by_id)[:3]:
                pooled = group.figure(ind)
                members = [m.figure(ind) for m in map(ws.area, group.gebied.members)]
                printed = [f for f in members if f is not None and not f.suppressed]
                if pooled is not None:
                    assert pooled.n == sum(f.n for f in printed) and pooled.aantal == sum(f.aantal for f in printed)
    relations = []
    dims = {d: [f"{d}:{v}" for v in cat.group_values(d)] for d in cat.groepen}
    for (key, ind) in groups_of:
        for values in dims.values():
            relations.append([((key, ind, "totaal"), 1.0)] + [((key, ind, v), -1.0) for v in values])
    for merger in ws.gebieden.fusies.values():
        if ws.dataset.has(merger):
            parts = [area_key(ws.gebieden.gemeenten[c]) for c in merger.onderdelen]
            for ind in {i for k, i in groups_of if k == area_key(merger)}:
                for groep in groups_of[(area_key(merger), ind)]:
                    relations.append([((area_key(merger), ind, groep), 1.0)] + [((p, ind, groep), -1.0) for p in parts])
    unknown = sorted({k for rel in relations for k, _c in rel if k not in shown})
    column = {k: i for i, k in enumerate(unknown)}
    matrix = np.zeros((len(relations), len(unknown)))
    for r, rel in enumerate(relations):
        for k, c in rel:
            if k in column:
                matrix[r, column[k]] += c
    matrix = matrix[np.any(matrix, axis=1)]
    # blocks of unknowns tied by a relation: each is checked on its own (small matrices)
    parent = list(range(len(unknown)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in matrix:
        cols = np.flatnonzero(row)
        for c in cols[1:]:
            parent[find(c)] = find(cols[0])
    blocks: dict[int, list[int]] = {}
    for i in range(len(unknown)):
        blocks.setdefault(find(i), []).append(i)
    targets = 0
    melle_sums = 0
    for cols in blocks.values():
        sub = matrix[:, cols][np.any(matrix[:, cols], axis=1)]
        rank = np.linalg.matrix_rank(sub) if sub.size else 0
        keys = [unknown[c] for c in cols]
        wanted = [[k] for k in keys if k in n_of]
        by_dim: dict[tuple, list] = {}
        for k in keys:
            if k in n_of and k[2] != "totaal":
                by_dim.setdefault((k[0], k[1], k[2].split(":")[0]), []).append(k)
        for hidden in by_dim.values():
            for size in range(2, len(hidden) + 1):
                wanted += [list(s) for s in itertools.combinations(hidden, size) if sum(n_of[k] for k in s) < min_n]
        for subset in wanted:
            target = np.zeros(len(cols))
            for k in subset:
                target[keys.index(k)] = 1.0
            targets += 1
            melle_sums += {k[0] for k in subset} == {"44040"} and {k[2] for k in subset} == {"eigendom:huurder",
                                                                                                "eigendom:andere"}
            if sub.size == 0:
                continue
            assert np.linalg.matrix_rank(np.vstack([sub, target])) > rank, subset
    assert targets > 1000 and melle_sums >= 18  # Melle's huurder + andere, for every indicator

"""Primary and secondary suppression across every table a run publishes.

A published cell is a base n with a count (the respondents giving the headline answer) for one area,
indicator and group. Cells are tied by additive relations: the groups of a dimension add up to the
area's total, and the 2020 parts of a 2025 merger add up to the merged area (for the total and for
each group). A reader who has every product of a run can subtract along those relations.

- Primary: a cell with n < min_n is not published.
- Secondary: when exactly one cell of a relation is hidden, the next smallest published cell of that
  relation (smallest n; for a merger that is usually the other part or the merged cell) is hidden too;
  and when the hidden groups of one dimension hold fewer than min_n respondents together (their sum
  is the published total minus the published groups), the next smallest group is hidden too.
  This runs to a fixed point, and then an exact check closes what remains: a hidden cell, or a sum of
  hidden groups of one dimension with fewer than min_n respondents, that can be written as a
  combination of published cells through several relations at once (a chain of subtractions, across
  a merger and its parts) makes one more cell of its relations hidden, until nothing can be worked out.

n and count are tied by the same relations, so one pattern protects both. Cells that a run does not
publish at all (absent from `cells`) count as unknown to the reader.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

Key = Hashable


@dataclass(frozen=True)
class Cell:
    n: float
    count: float


@dataclass(frozen=True)
class Relation:
    """`total` is the sum of `parts` (for n and for count alike)."""

    total: Key
    parts: tuple[Key, ...]
    dimension: bool = False  # the groups of one dimension (their sums are protected too)

    def __post_init__(self) -> None:
        if not self.parts:
            raise ValueError(f"relatie zonder delen voor {self.total!r}")
        if self.total in self.parts:
            raise ValueError(f"{self.total!r} is zowel het geheel als een deel: geef een fusiegemeente een "
                             "eigen sleutel als ze de NIS-code van een van haar delen houdt (Antwerpen)")

    @property
    def members(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)

    def coefficients(self) -> dict[Key, float]:
        coef = {self.total: 1.0}
        for part in self.parts:
            coef[part] = coef.get(part, 0.0) - 1.0
        return coef


def relations_for(keys: Iterable[tuple[str, str, str]], dimensions: Mapping[str, Sequence[str]],
                  mergers: Mapping[str, Sequence[str]] = {}) -> list[Relation]:
    """The additive relations among cells keyed (area, indicator, group), group being 'totaal' or
    'dimension:value': per area, indicator and dimension the groups add up to the total; per merger,
    indicator and group the parts add up to the merged area."""
    keys = list(keys)
    area_indicators = sorted({(a, i) for a, i, _g in keys})
    groups = sorted({g for _a, _i, g in keys})
    out = []
    for area, ind in area_indicators:
        for dim, values in dimensions.items():
            out.append(Relation((area, ind, "totaal"), tuple((area, ind, f"{dim}:{v}") for v in values), True))
    for merged, parts in mergers.items():
        for ind in sorted({i for _a, i in area_indicators}):
            for group in groups:
                out.append(Relation((merged, ind, group), tuple((p, ind, group) for p in parts)))
    return out


def primary(cells: Mapping[Key, Cell], min_n: float) -> set[Key]:
    return {k for k, c in cells.items() if c.n < min_n}


def suppress(cells: Mapping[Key, Cell], relations: Iterable[Relation], min_n: float,
             also: Iterable[Key] = ()) -> set[Key]:
    """The keys of every cell that must not be published: primary (n < min_n, and the cells in `also`
    that are hidden for another reason) and secondary."""
    relations = [r for r in relations if any(m in cells for m in r.members)]
    hidden = primary(cells, min_n) | {k for k in also if k in cells}
    by_cell: dict[Key, list[Relation]] = {}
    for rel in relations:
        for m in rel.members:
            by_cell.setdefault(m, []).append(rel)

    def unknown(key: Key) -> bool:
        return key in hidden or key not in cells

    def hide_smallest(candidates: Iterable[Key]) -> bool:
        published = [k for k in candidates if not unknown(k)]
        if not published:
            return False
        hidden.add(min(published, key=lambda k: (cells[k].n, repr(k))))
        return True

    def small_hidden_sum(rel: Relation) -> bool:
        """The hidden groups of a dimension hold fewer than min_n together, and the total is published:
        their sum (total minus the published groups) would be a small cell."""
        if not rel.dimension or unknown(rel.total):
            return False
        hidden_parts = [m for m in rel.parts if m in hidden]
        return len(hidden_parts) >= 2 and sum(cells[m].n for m in hidden_parts) < min_n

    fixed: set[Key] | None = None
    while True:
        changed = True
        while changed:  # the classic rules, to a fixed point
            changed = False
            for rel in relations:
                members = set(rel.members)
                hidden_here = [m for m in members if unknown(m)]
                if len(hidden_here) == 1 and hidden_here[0] in hidden:
                    changed |= hide_smallest(members)
                elif small_hidden_sum(rel):
                    changed |= hide_smallest(rel.parts)
        derivable = derivable_cells(hidden, cells, relations)
        if derivable and fixed is None:
            # cells the relations fix on their own, whatever is published: hiding more cannot help
            fixed = derivable_cells(set(cells), cells, relations)
        derivable -= fixed or set()
        if not derivable:
            sums = derivable_sums(hidden, cells, relations, min_n)
            if not sums:
                return hidden
            progress = False
            for rel in sums:  # a small sum of hidden groups can be worked out: one more group of it hidden
                progress |= hide_smallest(rel.parts)
            if not progress and not hide_smallest(set(cells) - hidden):
                return hidden
            continue
        # close each chain of subtractions: one more cell in the relations of a derivable cell
        touched: set[int] = set()
        progress = False
        for target in sorted(derivable, key=lambda k: (cells[k].n, repr(k))):
            rels = by_cell.get(target, [])
            if any(id(rel) in touched for rel in rels):
                continue
            if hide_smallest({m for rel in rels for m in rel.members}):
                touched |= {id(rel) for rel in rels}
                progress = True
        if not progress and not hide_smallest(set(cells) - hidden):
            return hidden  # nothing left to hide


def small_sums(hidden: set[Key], cells: Mapping[Key, Cell], relation: Relation, min_n: float):
    """Every sum of at least two hidden groups of a dimension relation with fewer than min_n respondents."""
    from itertools import combinations

    parts = [m for m in relation.parts if m in hidden and m in cells]
    for size in range(2, len(parts) + 1):
        for subset in combinations(parts, size):
            if sum(cells[m].n for m in subset) < min_n:
                yield subset


def derivable_sums(hidden: set[Key], cells: Mapping[Key, Cell], relations: Sequence[Relation],
                   min_n: float) -> list[Relation]:
    """The dimension relations with a sum of hidden groups (fewer than min_n respondents together)
    that follows exactly from the published cells: total minus the published groups, or any chain of
    subtractions through other relations (a merger and its parts)."""
    candidates = [(rel, list(small_sums(hidden, cells, rel, min_n))) for rel in relations if rel.dimension]
    candidates = [(rel, subsets) for rel, subsets in candidates if subsets]
    if not candidates:
        return []
    null = _null_spaces(hidden, cells, relations)
    found = []
    for rel, subsets in candidates:
        if any(null.fixes(subset) for subset in subsets):
            found.append(rel)
    return found


class _NullSpaces:
    """Per connected block of unknown cells, the solutions of the homogeneous system: a combination of
    unknown cells is fixed by the published ones when no solution moves it."""

    def __init__(self, where: dict[Key, tuple[Key, int]], nulls: dict[Key, np.ndarray]):
        self.where, self.nulls = where, nulls

    def fixes(self, keys: Sequence[Key]) -> bool:
        per_block: dict[Key, list[int]] = {}
        for k in keys:
            if k not in self.where:
                return False  # published: not a hidden sum
            block, col = self.where[k]
            per_block.setdefault(block, []).append(col)
        for block, cols in per_block.items():
            null = self.nulls[block]
            if null.size and np.abs(null[:, cols].sum(axis=1)).max() > 1e-7:
                return False
        return True


def _null_spaces(hidden: set[Key], cells: Mapping[Key, Cell], relations: Sequence[Relation],
                 tolerance: float = 1e-9) -> _NullSpaces:
    unknown = {m for rel in relations for m in rel.members if m in hidden or m not in cells}
    parent = {k: k for k in unknown}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for rel in relations:
        members = [m for m in rel.members if m in unknown]
        for m in members[1:]:
            parent[find(m)] = find(members[0])
    blocks: dict[Key, list[Key]] = {}
    for k in unknown:
        blocks.setdefault(find(k), []).append(k)
    block_relations: dict[Key, list[Relation]] = {}
    for rel in relations:
        members = [m for m in rel.members if m in unknown]
        if members:
            block_relations.setdefault(find(members[0]), []).append(rel)
    where, nulls = {}, {}
    for root, keys in blocks.items():
        index = {k: i for i, k in enumerate(keys)}
        where.update({k: (root, i) for k, i in index.items()})
        rows = []
        for rel in block_relations.get(root, []):
            row = np.zeros(len(keys))
            for k, c in rel.coefficients().items():
                if k in index:
                    row[index[k]] += c
            if np.any(row):
                rows.append(row)
        if not rows:
            nulls[root] = np.eye(len(keys))  # nothing ties them: every cell free
            continue
        matrix = np.array(rows)
        _u, sv, vh = np.linalg.svd(matrix)
        rank = int(np.sum(sv > tolerance * max(matrix.shape) * (sv[0] if sv.size else 1)))
        nulls[root] = vh[rank:]
    return _NullSpaces(where, nulls)


def derivable_cells(hidden: set[Key], cells: Mapping[Key, Cell], relations: Sequence[Relation],
                    tolerance: float = 1e-9) -> set[Key]:
    """Hidden cells whose value follows exactly from the published cells through the relations.

    Write every relation as a linear equation; the published cells are known numbers. A hidden cell x
    can be worked out exactly when the unit vector of x lies in the row space of the equations
    restricted to the unknown cells, i.e. when no solution of the homogeneous system moves x. Solved
    per connected block of unknowns, with a singular value decomposition."""
    spaces = _null_spaces(hidden, cells, relations, tolerance)
    out: set[Key] = set()
    for k, (root, i) in spaces.where.items():
        null = spaces.nulls[root]  # rows span the solutions of the block's equations with x = 0
        moved = float(np.abs(null[:, i]).max()) if null.size else 0.0
        if moved <= 1e-7 and k in cells and k in hidden:
            out.add(k)
    return out

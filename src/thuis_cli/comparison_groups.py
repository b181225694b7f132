"""Comparison groups: the similar municipalities a municipality is compared with (its own list, the other
centrumsteden, or its population class in its province, widened until it has `MIN_MEMBERS` members), the
configured centrumsteden, and the areas a merger ties together. Rules from docs/methode.md
('Vergelijkbare gemeenten'); `findings` and the workbook read them, the products never compute them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .gebieden import Gebied

if TYPE_CHECKING:
    from .workspace import Workspace

MunicipalityType = Literal["centrumstad", "gemeente"]
# A comparison group by population class has at least this many members with enough participants: one or
# two municipalities are no group (their figures would stand in a column of their own). Fewer in the own
# class: the neighbouring classes join (docs/methode.md, 'Vergelijkbare gemeenten').
MIN_MEMBERS = 3


@dataclass(frozen=True)
class ComparisonGroup(Gebied):
    """The comparison group of one municipality: similar municipalities pooled by respondents (the
    municipality itself left out). `naam` is its name in tables, `zin` its name inside a sentence."""

    zin: str = ""
    regel: Literal["eigen", "centrumsteden", "klasse"] = "klasse"  # how the members were chosen
    klasse: tuple[int, int] = (0, 0)  # for 'klasse': the population bounds (from, below; 0: open)
    leden: tuple[str, ...] = ()  # the NIS codes of the member municipalities (2020 or 2025)
    members: tuple[Gebied, ...] = ()
    verbreed: bool = False  # for 'klasse': the own class had too few members, neighbouring classes joined
    eigen_klasse: tuple[int, int] = (0, 0)  # for 'klasse': the bounds of the municipality's own class
    # the municipalities the rule chose that do not count as members (no answers, or fewer than min_n)
    zonder: tuple[Gebied, ...] = ()

    @property
    def kort(self) -> str:
        return self.naam

    @property
    def in_zin(self) -> str:
        return self.zin

    @property
    def is_reference(self) -> bool:
        return True


def comparison_group(ws: Workspace, gebied: Gebied) -> ComparisonGroup | None:
    """Similar municipalities, pooled by respondents, the municipality itself left out: its own list
    (`vergelijking.eigen`), else for a centrumstad the other centrumsteden, else the municipalities of
    its province in the same population class (2025 municipalities, population of 2020 from
    gemeenten.csv), widened to the neighbouring classes until it has `MIN_MEMBERS` members. None for a
    reference area, when switched off, when no member has data, or when by class not even the whole
    province has `MIN_MEMBERS` members."""
    if gebied.is_reference or gebied.soort == "vergelijking" or gebied.provincie is None:
        return None
    cfg = ws.config.instellingen.vergelijking
    if not cfg.aan:
        return None
    units = _municipalities_2025(ws)
    own = set(gebied.codes)
    eigen = {ws.gebieden.resolve(k).slug: v for k, v in cfg.eigen.items()}
    centra = centrumsteden(ws)
    regel: Literal["eigen", "centrumsteden", "klasse"]
    bounds = own_bounds = (0, 0)
    if gebied.slug in eigen:
        members = [ws.gebieden.resolve(n) for n in eigen[gebied.slug]]
        regel = "eigen"
    elif gebied.slug in centra:
        members = [g for g in units if g.slug in centra]
        regel = "centrumsteden"
    else:
        members, bounds, widened = _class_members(ws, gebied, units, centra)
        own_bounds = class_bounds(ws, gebied)
        regel = "klasse"  # named without article: the province is named on its own beside it
    naam, zin = getattr(cfg.namen, regel).naam, getattr(cfg.namen, regel).zin
    chosen = [g for g in members if not own & set(g.codes)]
    members = [g for g in members if _counts(ws, g, own)]
    codes = tuple(sorted({c for g in members for c in g.codes}))
    if not codes or (regel == "klasse" and len(members) < MIN_MEMBERS):
        return None  # by class, not even the whole province gives a group: Flanders comes first
    return ComparisonGroup(gebied.nis, naam, "vergelijking", gebied.provincie, sum(g.bevolking for g in members),
                           codes, zin=zin, regel=regel, klasse=bounds, leden=tuple(g.nis for g in members),
                           members=tuple(members), verbreed=regel == "klasse" and widened, eigen_klasse=own_bounds,
                           zonder=tuple(sorted((g for g in chosen if g not in members), key=lambda g: g.naam)))


def class_bounds(ws: Workspace, gebied: Gebied) -> tuple[int, int]:
    """The population bounds (from, below; 0: open) of the municipality's own class."""
    bounds_list = ws.config.instellingen.vergelijking.klassen
    klasse = _population_class(gebied.bevolking, bounds_list)
    edges = [0, *bounds_list, 0]
    return edges[klasse], edges[klasse + 1]


def _counts(ws: Workspace, g: Gebied, own: set[str]) -> bool:
    """A municipality counts as a member: not (part of) the municipality itself, with data and at
    least min_n participants."""
    return (not own & set(g.codes) and ws.dataset.has(g)
            and ws.respondents(g) >= ws.config.instellingen.statistiek.min_n)


def _class_members(ws: Workspace, gebied: Gebied, units: list[Gebied],
                   centra: frozenset[str]) -> tuple[list[Gebied], tuple[int, int], bool]:
    """The municipalities of the province (no centrumsteden) in the municipality's population class; with
    fewer than `MIN_MEMBERS` that count, the neighbouring classes on both sides join, one step at a time,
    until the group has enough members or spans the province. Returns the members, the population
    bounds they were taken from (from, below; 0: open) and whether classes were added."""
    bounds_list = ws.config.instellingen.vergelijking.klassen
    own = set(gebied.codes)
    klasse = _population_class(gebied.bevolking, bounds_list)
    province = [g for g in units if g.provincie == gebied.provincie and g.slug not in centra]
    low, high, last = klasse, klasse, len(bounds_list)
    while True:
        members = [g for g in province if low <= _population_class(g.bevolking, bounds_list) <= high]
        if sum(_counts(ws, g, own) for g in members) >= MIN_MEMBERS or (low == 0 and high == last):
            break
        low, high = max(0, low - 1), min(last, high + 1)
    edges = [0, *bounds_list, 0]
    return members, (edges[low], edges[high + 1]), (low, high) != (klasse, klasse)


def _municipalities_2025(ws: Workspace) -> list[Gebied]:
    merged = {c for f in ws.gebieden.fusies.values() for c in f.onderdelen}
    return [g for g in ws.gebieden.gemeenten.values() if g.nis not in merged] + list(ws.gebieden.fusies.values())


def _population_class(bevolking: int, bounds: list[int]) -> int:
    import bisect

    return bisect.bisect_right(bounds, bevolking)


def related_areas(ws: Workspace, gebied: Gebied) -> list[Gebied]:
    """The areas tied to `gebied` by addition and present in the data: a 2025 merger and its 2020
    parts (whichever of them is asked for); else the area alone."""
    if gebied.is_reference or gebied.soort == "vergelijking":
        return [gebied]
    codes = set(gebied.codes)
    merger = next((f for f in ws.gebieden.fusies.values() if codes & set(f.onderdelen)), None)
    if merger is None:
        return [gebied]
    found = [merger] + [ws.gebieden.gemeenten[c] for c in merger.onderdelen if c in ws.gebieden.gemeenten]
    return [g for g in found if ws.dataset.has(g)] or [gebied]


def centrumsteden(ws: Workspace) -> frozenset[str]:
    """The slugs of the configured centrumsteden (`instellingen.vergelijking.centrumsteden`, by name or
    NIS code; by default the thirteen of the Flemish urban policy): the one list the comparison group
    and the workbook's municipality types read. A 2025 merger that keeps a centrumstad's name is one."""
    return frozenset(ws.gebieden.resolve(n).slug for n in ws.config.instellingen.vergelijking.centrumsteden)


def municipality_type(ws: Workspace, gebied: Gebied) -> MunicipalityType:
    """'centrumstad' for a configured centrumstad: a difference between one of them and another
    municipality is structural (city against countryside), not something to learn from."""
    return "centrumstad" if gebied.slug in centrumsteden(ws) else "gemeente"

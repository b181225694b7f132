"""Plain-text summaries for the terminal: `thuis check` and `thuis lijst`."""

from __future__ import annotations

from . import fmt
from .compute import headlines
from .config import Config
from .gebieden import Gebieden
from .workspace import Workspace


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *map(line, rows)])


def check_summary(session: Workspace, config_dir=None) -> tuple[str, bool]:
    cfg, data = session.config, session.dataset
    stat = cfg.instellingen.statistiek
    municipalities = session.municipalities_in_data()
    references = [session.gebieden.references[c] for c in sorted(data.codes) if c in session.gebieden.references]
    respondents = sum(data.respondents(g, cfg.catalogus) for g in municipalities)
    cells = suppressed = 0
    for g in municipalities:
        table = headlines(data.rows_for(g), cfg.catalogus, stat)
        cells += len(table)
        suppressed += int(table["suppressed"].sum())
    unmapped = cfg.unmapped_indicators()
    lines = [
        "Gegevens in orde." if not unmapped else "Gegevens in orde, maar de configuratie is onvolledig.",
        f"Bestanden:     {', '.join(p.name for p in data.sources)}"
        + (" (synthetische voorbeeldgegevens)" if data.synthetic else ""),
        f"Gebieden:      {len(municipalities)} gemeenten, {len(references)} referentiegebieden "
        f"({', '.join(g.naam for g in references) or 'geen'})",
        f"Indicatoren:   {data.table['indicator'].nunique()} in de gegevens, "
        f"{len(cfg.catalogus.indicatoren)} in de catalogus",
        f"Deelnemers:    {fmt.count(respondents)} in de gemeenten",
        f"Onderdrukt:    {fmt.count(suppressed)} van {fmt.count(cells)} cijfers (n < {fmt.number(stat.min_n)})",
        f"Diensten:      {len(cfg.diensten.diensten)}",
        f"Standaarden:   {session.project.source or 'geen thuis.yaml'}",
        f"Configuratie:  {_config_origin(cfg)}",
    ]
    if unmapped:
        lines.append(f"Niet gekoppeld aan een dienst: {', '.join(unmapped)}")
    else:
        lines.append("Elke indicator hoort bij minstens één dienst.")
    lines += _plan_lines(cfg)
    if "02000" not in data.codes:
        lines.append("Let op: er zijn geen cijfers voor Vlaanderen (02000); vergelijkingen ontbreken.")
    from .bezorging import check_lines  # e-mail delivery: who receives nothing

    lines += check_lines(session, config_dir)
    return "\n".join(lines), not unmapped


def _plan_lines(cfg: Config) -> list[str]:
    """plannen.yaml: how many plans answer an indicator by id, and the answers beside the point.
    (A plan linked to an unknown indicator stops the configuration from loading, with its key path.)"""
    links = cfg.plan_links()
    if not links:
        return []
    off = cfg.plans_off_theme()
    lines = [f"Plannen:       {len({id(p) for _, p, _ in links})} plannen, per id gekoppeld aan de indicatoren "
             "waarop ze antwoorden" + ("" if off else "; elk in het thema van zijn boodschappen")]
    themes = cfg.catalogus.themas
    for root, ind, plans in off:
        # plans_off_theme returns only plans with a theme: the check narrows the type, it drops none.
        other = ", ".join(sorted({f"'{themes[p.thema].titel}'" for p in plans if p.thema is not None}))
        lines.append(f"Let op: {root}: de boodschap '{ind.label}' ({ind.id}, thema '{themes[ind.thema].titel}') "
                     f"krijgt alleen een plan uit een ander thema ({other}). Koppel een plan dat erop antwoordt, "
                     f"of haal '{ind.id}' uit 'indicatoren' van dat plan.")
    return lines


def _config_origin(cfg: Config) -> str:
    from . import resources

    own = sorted({p.parent for p in cfg.files.values() if p.parent != resources.config_dir()})
    mine = [name for name, p in cfg.files.items() if p.parent != resources.config_dir()]
    return "ingebouwd" if not own else f"{', '.join(map(str, own))} ({', '.join(mine)}), verder ingebouwd"


def listing(what: str, cfg: Config, gebieden: Gebieden) -> str:
    if what == "diensten":
        rows: list[tuple[str, ...]] = [(name, d.naam, str(len(cfg.indicators_for(name))))
                                       for name, d in cfg.diensten.diensten.items()]
        return _table(rows, ("dienst", "naam", "indicatoren"))
    if what == "indicatoren":
        titles = {k: t.titel for k, t in cfg.catalogus.themas.items()}
        rows = [(i.id, i.label, titles[i.thema], i.soort) for i in cfg.catalogus.indicatoren]
        return _table(rows, ("indicator", "label", "thema", "soort"))
    # A 2025 merger that keeps the code of one of its parts (Antwerpen 11002 with Borsbeek) is one row.
    fusies = {g.nis: g for g in gebieden.fusies.values()}
    areas = [*gebieden.gemeenten.values(), *(g for g in fusies.values() if g.nis not in gebieden.gemeenten)]
    rows = [(g.nis, g.naam, g.slug, "fusie 2025: " + "+".join(fusies[g.nis].onderdelen) if g.nis in fusies else "")
            for g in sorted(areas, key=lambda g: g.naam)]
    return _table(rows, ("nis", "naam", "slug", "opmerking"))

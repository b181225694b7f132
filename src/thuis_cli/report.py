"""Plain-text summaries for the terminal: `thuis check` and `thuis lijst`."""

from __future__ import annotations

from . import fmt, rules
from .compute import headlines
from .config import Config
from .errors import InputError, Problem, ThuisError
from .gebieden import Gebieden
from .workspace import Workspace


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(tuple("-" * w for w in widths)), *map(line, rows)])


def project_problems(ws: Workspace) -> list[Problem]:
    """Everything in thuis.yaml a later command would trip over, all at once: a municipality that is
    unknown or has no data, folders and files that do not exist, and the `batch:` section checked as
    `thuis batch` checks its plan (keys, municipalities, delivery settings)."""
    project = ws.project
    if project.source is None:
        return []
    source = str(project.source)
    problems: list[Problem] = []

    def check(key: str, fn) -> None:
        try:
            fn()
        except ThuisError as exc:  # with its own located problems (the batch plan's), those alone
            problems.extend(exc.problems or [Problem(f"{key}: {exc.summary}", file=source)])

    if project.gemeente is not None:
        check("gemeente", lambda: ws.municipality(project.gemeente))
    for key in ("config", "sjablonen"):
        check(key, lambda key=key: _folder_exists(getattr(project, key)))
    for i, path in enumerate(project.data):
        check(f"data[{i}]", lambda path=path: _file_exists(path))
    if project.batch is not None:
        check("batch", lambda: _check_batch_section(ws))
    return problems


def _folder_exists(path) -> None:
    if path is not None and not path.is_dir():
        raise InputError(f"de map {path} bestaat niet.")


def _file_exists(path) -> None:
    if not path.is_file():
        raise InputError(f"het bestand {path} bestaat niet.")


def _check_batch_section(ws: Workspace) -> None:
    """The batch section as `thuis batch` reads it, with its own data and config when it names them."""
    from .batch_planning import plan_targets
    from .plan import read_plan

    loaded = read_plan(None, ws.project)
    plan = loaded.plan
    for key in ("config", "sjablonen"):
        _folder_exists(getattr(plan, key))
    for path in plan.data:
        _file_exists(path)
    same = (list(plan.data) == list(ws.dataset.sources) or not plan.data and ws.dataset.synthetic) and \
        plan.config == (ws.project.config)
    if not same:
        ws = Workspace.open(plan.data or None, plan.config, ws.project)
    plan_targets(ws, loaded)
    if plan.bezorging:
        from .bezorging import recipients_for_plan

        recipients_for_plan(loaded, ws.config, ws.gebieden)


def check_summary(ws: Workspace, config_dir=None) -> tuple[str, list[str]]:
    """The summary, and the warnings in it (a partial configuration, no figures for Flanders, ...):
    `thuis check` passes with warnings, `thuis check --streng` does not."""
    cfg, data = ws.config, ws.dataset
    stat = cfg.instellingen.statistiek
    municipalities = ws.municipalities_in_data()
    references = [ws.gebieden.references[c] for c in sorted(data.codes) if c in ws.gebieden.references]
    respondents = sum(data.respondents(g, cfg.catalogus) for g in municipalities)
    cells = suppressed = 0
    for g in municipalities:
        table = headlines(data.rows_for(g), cfg.catalogus, stat)
        cells += len(table)
        suppressed += int(table["suppressed"].sum())
    unmapped = rules.unmapped_indicators(cfg)
    lines = [
        "Gegevens in orde." if not unmapped else "Gegevens in orde, maar de configuratie is onvolledig.",
        f"Bestanden:     {', '.join(p.name for p in data.sources)}"
        + (" (synthetische voorbeeldgegevens)" if data.synthetic else ""),
        f"Gebieden:      {fmt.aantal(len(municipalities), 'gemeente', 'gemeenten')}, "
        f"{fmt.aantal(len(references), 'referentiegebied', 'referentiegebieden')} "
        f"({', '.join(g.naam for g in references) or 'geen'})",
        f"Indicatoren:   {data.table['indicator'].nunique()} in de gegevens, "
        f"{len(cfg.catalogus.indicatoren)} in de catalogus",
        f"Deelnemers:    {fmt.count(respondents)} in de gemeenten",
        f"Onderdrukt:    {fmt.count(suppressed)} van {fmt.count(cells)} cijfers (n < {fmt.number(stat.min_n)})",
        f"Diensten:      {len(cfg.diensten.diensten)}",
        f"Standaarden:   {ws.project.source or 'geen thuis.yaml'}",
        f"Configuratie:  {_config_origin(cfg)}",
    ]
    warnings = []
    if unmapped:
        lines.append(f"Niet gekoppeld aan een dienst: {', '.join(unmapped)}")
        warnings.append(f"{fmt.aantal(len(unmapped), 'indicator hoort', 'indicatoren horen')} bij geen enkele "
                        f"dienst en {'staat' if len(unmapped) == 1 else 'staan'} in geen enkele briefing.")
    else:
        lines.append("Elke indicator hoort bij minstens één dienst.")
    lines += _plan_lines(cfg)
    if "02000" not in data.codes:
        lines.append("Let op: er zijn geen cijfers voor Vlaanderen (02000); vergelijkingen ontbreken.")
    from .bezorging import check_lines  # e-mail delivery: who receives nothing

    lines += check_lines(ws, config_dir)
    warnings += [line.removeprefix("Let op: ") for line in lines if line.startswith("Let op: ")]
    return "\n".join(lines), warnings


def _plan_lines(cfg: Config) -> list[str]:
    """plannen.yaml: how many plans answer an indicator by id, and the answers beside the point.
    (A plan linked to an unknown indicator stops the configuration from loading, with its key path.)"""
    links = rules.plan_links(cfg)
    if not links:
        return []
    off = rules.plans_off_theme(cfg)
    lines = [f"Plannen:       {fmt.aantal(len({id(p) for _, p, _ in links}), 'plan', 'plannen')}, per id gekoppeld "
             "aan de indicatoren "
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
        rows: list[tuple[str, ...]] = [(name, d.naam, str(len(rules.indicators_for(cfg, name))))
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

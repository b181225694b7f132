"""The department brief: from validated figures to a plain-data context, HTML and PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import __version__, chart, fmt, palette
from .compute import Cijfer, compare, compare_group
from .config import Config, Indicator
from .errors import InputError
from .gebieden import Gebied, slugify
from .render import html_to_pdf, render_html, self_contained
from .select import AreaFigures, evaluate, strongest
from .session import Session
from .suggest import did_you_mean
from .write import atomic_write, safe_join


@dataclass(frozen=True)
class Row:
    naam: str
    aandeel: str
    n: str
    interval: str
    verschil: str
    betekenisvol: str
    suppressed: bool
    is_own: bool = False


def resolve_dienst(config: Config, name: str) -> list[str]:
    """'alle' -> every department; else the one named (by id, or by name, case-insensitive)."""
    diensten = config.diensten.diensten
    if name.strip().lower() == "alle":
        return list(diensten)
    key = slugify(name)
    for dienst_id, dienst in diensten.items():
        if key in (dienst_id, slugify(dienst.naam)):
            return [dienst_id]
    raise InputError(f"Onbekende dienst '{name}'.{did_you_mean(name, diensten)} "
                     f"Kies uit: {', '.join(diensten)} of 'alle'.")


def _row(naam: str, own: Cijfer | None, fig: Cijfer | None, min_n: float, config: Config, is_own: bool,
         group: bool = False) -> Row:
    """A table row. Areas: the municipality minus the reference; groups: the group minus all
    respondents (tested against the other respondents)."""
    if fig is None:
        return Row(naam, "geen gegevens", "–", "–", "–", "–", True, is_own)
    if fig.suppressed:
        return Row(naam, fmt.SUPPRESSED, f"<{fmt.NBSP}{fmt.number(min_n)}", "–", "–", "–", True, is_own)
    if is_own:
        return Row(naam, fmt.pct(fig.share), fmt.count(fig.n), fmt.interval(fig.lo, fig.hi), "", "", False, True)
    stat = config.instellingen.statistiek
    cmp = compare_group(own, fig, stat) if group else compare(own, fig, stat)
    if not cmp.comparable:
        return Row(naam, fmt.pct(fig.share), fmt.count(fig.n), fmt.interval(fig.lo, fig.hi), "–", "–", False)
    return Row(naam, fmt.pct(fig.share), fmt.count(fig.n), fmt.interval(fig.lo, fig.hi), fmt.pp(cmp.diff),
               "ja" if cmp.real else "nee", False)


def _bar(label: str, fig: Cijfer | None, colour: str) -> chart.Bar:
    if fig is None or fig.suppressed:
        return chart.Bar(label, None, None, None, 0.0, colour)
    return chart.Bar(label, fig.share, fig.lo, fig.hi, fig.n, colour)


def indicator_block(ind: Indicator, area: AreaFigures, refs: dict, config: Config, flagged: set[str]) -> dict:
    min_n = config.instellingen.statistiek.min_n
    own = area.get(ind.id)
    areas = [(area.gebied.naam, area, palette.AREA)]
    for key, colour in (("provincie", palette.PROVINCE), ("vlaanderen", palette.FLANDERS)):
        if refs.get(key) is not None:
            areas.append((refs[key].gebied.kort, refs[key], colour))
    rows = [_row(naam, own, figs.get(ind.id), min_n, config, figs is area) for naam, figs, _c in areas]
    bars = tuple(_bar(naam, figs.get(ind.id), colour) for naam, figs, colour in areas)
    picture = chart.interval_bars(f"aandeel dat {ind.kernlabel}", bars, width_cm=6.2)
    groups = []
    for dim in sorted(flagged):
        spec = config.catalogus.groepen[dim]
        grows = []
        for value in config.catalogus.group_values(dim):
            key = f"{dim}:{value}"
            grows.append(_row(config.catalogus.group_label(key), own, area.get(ind.id, key), min_n, config, False,
                              group=True))
        groups.append({"titel": spec.titel, "rijen": grows})
    return {"id": ind.id, "label": ind.label, "vraag": ind.vraag, "kernlabel": ind.kernlabel,
            "chart": picture.data_uri, "alt": picture.alt, "rijen": rows, "groepen": groups,
            "suppressed": own is None or own.suppressed}


def brief_context(session: Session, gebied: Gebied, dienst_id: str) -> dict:
    config = session.config
    dienst = config.diensten.diensten[dienst_id]
    area = session.figures(gebied)
    refs = session.references(gebied)
    points = evaluate(config, dienst_id, area, refs)
    top = strongest(points, config.instellingen.oogopslag.max)
    # Per indicator, the breakdown of the group dimension with the strongest flagged gap
    # (points are sorted strongest first).
    flagged: dict[str, set[str]] = {}
    for p in points:
        if p.dimensie and p.indicator not in flagged:
            flagged[p.indicator] = {p.dimensie}
    themes = []
    indicators = config.indicators_for(dienst_id)
    for theme_id, theme in config.catalogus.themas.items():
        blocks = [indicator_block(i, area, refs, config, flagged.get(i.id, set()))
                  for i in indicators if i.thema == theme_id]
        if blocks:
            themes.append({"id": theme_id, "titel": theme.titel, "inleiding": theme.inleiding, "blokken": blocks})
    respondents = session.dataset.respondents(gebied, config.catalogus)
    stat = config.instellingen.statistiek
    return {
        "gemeente": gebied.naam,
        "gemeente_info": ("samengevoegd uit " + ", ".join(session.gebieden.get(c).naam for c in gebied.onderdelen)
                          if gebied.onderdelen else ""),
        "dienst": dienst,
        "dienst_id": dienst_id,
        "deelnemers": fmt.count(respondents),
        "deelnemers_te_weinig": respondents < stat.min_n,
        "synthetisch": session.dataset.synthetic,
        "peildatum": fmt.date(config.instellingen.gegevens.peildatum),
        "bron": config.instellingen.gegevens.bron,
        "oogopslag": [p.text for p in top],
        "oogopslag_min": config.instellingen.oogopslag.min,
        "themas": themes,
        "min_n": fmt.number(stat.min_n),
        "betrouwbaarheid": fmt.number(stat.betrouwbaarheid * 100),
        "min_pp": fmt.number(stat.min_verschil_pp),
        "referenties": [r.gebied.in_zin for r in refs.values() if r is not None],
        "bestanden": [p.name for p in session.dataset.sources],
        "config": [f"{name} ({'eigen' if not _is_builtin(path) else 'ingebouwd'})"
                   for name, path in sorted(config.files.items())],
        "versie": __version__,
        "titel": f"Woontest: briefing {dienst.naam} – {gebied.naam}",
    }


def _is_builtin(path: Path) -> bool:
    from . import resources

    return resources.config_dir().resolve() in path.resolve().parents


def write_brief(session: Session, gebied: Gebied, dienst_id: str, out: Path, templates: Path | None = None,
                keep_html: bool = False) -> Path:
    context = brief_context(session, gebied, dienst_id)
    html = render_html("brief.html", context, templates)
    pdf = html_to_pdf(html, templates)
    folder = safe_join(out, gebied.slug)
    target = safe_join(folder, f"brief-{dienst_id}.pdf")
    if keep_html:
        atomic_write(safe_join(folder, f"brief-{dienst_id}.html"), self_contained(html, templates).encode("utf-8"))
    return atomic_write(target, pdf)

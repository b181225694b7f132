"""The intervision workbook: neighbouring municipalities side by side, findings, fillable fields."""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

from . import __version__, chart, fmt, palette, stats
from .compute import Cijfer, compare
from .errors import InputError
from .gebieden import VLAANDEREN, Gebied
from .render import html_to_pdf, render_html, self_contained
from .session import Session
from .write import atomic_write, safe_join

MIN_GROUP, MAX_GROUP = 2, 6
ACTION_ROWS = 8
WORKBOOK_KIND = "intervisie-werkboek"
QUESTIONS = (
    ("versterken", "Waar kunnen we elkaar versterken?"),
    ("valkuilen", "Wat zijn mogelijke valkuilen?"),
    ("overstijgen", "Op welke manier kunnen we problemen overstijgen?"),
    ("leren", "Lerend ondersteunen en ondersteunend leren: wat leren we van elkaar, en hoe?"),
)
ACTION_COLUMNS = (("wat", "Wat"), ("wie", "Wie"), ("wanneer", "Tegen wanneer"))
SEP = "__"  # field names: theme__question__municipality (a PDF field name may not hold a period)


def field_name(*parts: str) -> str:
    return SEP.join(parts)


def resolve_group(session: Session, names: list[str], buren: bool = False, include_uncertain: bool = False,
                  most: int | None = None) -> list[Gebied]:
    """2 to 6 municipalities with data: named ones, or one municipality and its neighbours."""
    if most is not None and not MIN_GROUP <= most <= MAX_GROUP:
        raise InputError(f"--max moet tussen {MIN_GROUP} en {MAX_GROUP} liggen (niet {most}).")
    if buren:
        if len(names) != 1:
            raise InputError("Met --buren noemt u precies één gemeente; thuis zoekt zelf de buren.")
        centre = session.gebieden.resolve(names[0])
        neighbours = [g for g in session.gebieden.neighbours(centre.nis, include_uncertain)
                      if session.dataset.has(g)]
        if not neighbours:
            raise InputError(f"Voor {centre.naam} zijn er geen buurgemeenten met gegevens"
                             + ("" if include_uncertain else " (probeer --ook-onzeker)") + ".")
        # Most respondents first: with --max the best-documented neighbours stay at the table.
        neighbours.sort(key=lambda g: (-session.dataset.respondents(g, session.config.catalogus), g.naam))
        group = [centre] + neighbours
        left_out = group[most or MAX_GROUP:]
        group = group[: most or MAX_GROUP]
        if left_out and most is None:  # thuis chose the size: say who is not at the table (a chosen --max is silent)
            from .notices import info

            info(f"{centre.naam} heeft {len(neighbours)} buurgemeenten met gegevens; de groep telt er "
                 f"{len(group) - 1}, die met de meeste deelnemers. Weggelaten: "
                 f"{', '.join(g.naam for g in left_out)}. Kies een kleinere groep met --max (2 tot {MAX_GROUP}), "
                 "of noem de gemeenten zelf.")
    else:
        if most is not None:
            raise InputError("--max geldt alleen met --buren; noem anders gewoon de gemeenten die u wilt.")
        group = [session.gebieden.resolve(n) for n in names]
    seen = set()
    for g in group:
        if g.nis in seen:
            raise InputError(f"{g.naam} staat twee keer in de groep; noem elke gemeente één keer.")
        seen.add(g.nis)
        if g.is_reference:
            raise InputError(f"{g.naam} is geen gemeente; Vlaanderen staat al in elke vergelijking.")
    if len(group) < MIN_GROUP:
        raise InputError(f"Een intervisie vraagt minstens {MIN_GROUP} gemeenten (nu {len(group)}).")
    if len(group) > MAX_GROUP:
        raise InputError(f"Een intervisie vraagt hoogstens {MAX_GROUP} gemeenten (nu {len(group)}); "
                         "kies er minder of gebruik --max.")
    missing = [g.naam for g in group if not session.dataset.has(g)]
    if missing:
        raise InputError(f"Geen resultaten in de gegevens voor: {', '.join(missing)}.")
    return group


def session_code(session: Session, group: list[Gebied]) -> str:
    """Identifies one intervision session: the group and each municipality's slice of the data."""
    parts = [f"{g.nis}:{session.dataset.fingerprint(g)}" for g in group]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Bevinding:
    soort: str  # gedeeld | verschil
    indicator: str
    text: str
    strength: float


def _fig(session: Session, g: Gebied, ind: str) -> Cijfer | None:
    figs = session.figures(g)
    return figs.get(ind) if figs else None


def shared_challenges(session: Session, group: list[Gebied], indicators) -> list[Bevinding]:
    """Indicators where every municipality with enough answers (at least two) differs from Flanders
    in the same direction, each difference real."""
    stat = session.config.instellingen.statistiek
    flanders = session.gebieden.references[VLAANDEREN]
    found = []
    for ind in indicators:
        ref = _fig(session, flanders, ind.id)
        figures = [(g, _fig(session, g, ind.id)) for g in group]
        usable = [(g, f) for g, f in figures if f is not None and not f.suppressed]
        if ref is None or ref.suppressed or len(usable) < 2:
            continue
        diffs = [compare(f, ref, stat) for _, f in usable]
        if not all(d.real for d in diffs):
            continue
        signs = {d.diff > 0 for d in diffs}
        if len(signs) != 1:
            continue
        direction = "hoger" if signs.pop() else "lager"
        listed = ", ".join(f"{g.naam} {fmt.pct(f.share)}" for g, f in usable)
        left_out = [g.naam for g, f in figures if f is None or f.suppressed]
        text = (f"{ind.label}: alle gemeenten liggen {direction} dan Vlaanderen ({listed}; Vlaanderen "
                f"{fmt.pct(ref.share)}).")
        if left_out:
            text += f" Te weinig antwoorden voor {', '.join(left_out)}."
        strength = min(abs(d.diff) for d in diffs) * 100
        found.append(Bevinding("gedeeld", ind.id, text, strength))
    return sorted(found, key=lambda b: -b.strength)


def largest_differences(session: Session, group: list[Gebied], indicators, most: int = 3) -> list[Bevinding]:
    """The largest real differences between two municipalities of the group, at most one per indicator.
    Pairs are tested with a Bonferroni correction over every pair and indicator of the theme."""
    stat = session.config.instellingen.statistiek
    pairs = []
    for ind in indicators:
        for a, b in itertools.combinations(group, 2):
            fa, fb = _fig(session, a, ind.id), _fig(session, b, ind.id)
            if fa is None or fb is None or fa.suppressed or fb.suppressed:
                continue
            pairs.append((ind, a, fa, b, fb))
    if not pairs:
        return []
    alpha = stat.alfa / len(pairs)
    found = []
    for ind, a, fa, b, fb in pairs:
        _z, p = stats.difference_test(fa.share, fa.n, fb.share, fb.n)
        diff = fa.share - fb.share
        if not stats.is_real_difference(diff, p, stat.min_verschil_pp, alpha):
            continue
        (hi, fhi), (lo, flo) = ((a, fa), (b, fb)) if diff > 0 else ((b, fb), (a, fa))
        text = (f"{ind.label}: {hi.naam} {fmt.pct(fhi.share)} ({fmt.n_label(fhi.n)}) tegenover {lo.naam} "
                f"{fmt.pct(flo.share)} ({fmt.n_label(flo.n)}), {fmt.number(abs(diff) * 100)} procentpunt "
                f"verschil. Wat kunnen {hi.naam} en {lo.naam} hierover van elkaar leren?")
        found.append(Bevinding("verschil", ind.id, text, abs(diff) * 100))
    found.sort(key=lambda b: (-b.strength, b.indicator))
    chosen, seen = [], set()
    for b in found:
        if b.indicator not in seen:
            chosen.append(b)
            seen.add(b.indicator)
    return chosen[:most]


def _cell(f: Cijfer | None) -> dict:
    if f is None:
        return {"aandeel": "geen gegevens", "n": "", "suppressed": True}
    if f.suppressed:
        return {"aandeel": fmt.SUPPRESSED, "n": "", "suppressed": True}
    return {"aandeel": fmt.pct(f.share), "n": fmt.n_label(f.n), "suppressed": False}


def workbook_context(session: Session, group: list[Gebied]) -> dict:
    config = session.config
    flanders = session.gebieden.references[VLAANDEREN]
    colours = dict(zip((g.nis for g in group), palette.SERIES))
    code = session_code(session, group)
    themes = []
    for theme_id, theme in config.catalogus.themas.items():
        if theme_id == "profiel":
            continue
        indicators = [i for i in config.catalogus.indicatoren if i.thema == theme_id]
        if not indicators:
            continue
        areas = group + ([flanders] if session.dataset.has(flanders) else [])
        rows = [{"label": ind.label, "kernlabel": ind.kernlabel,
                 "cellen": [_cell(_fig(session, g, ind.id)) for g in areas]} for ind in indicators]
        panels = []
        for ind in indicators:
            bars = []
            for g in areas:
                f = _fig(session, g, ind.id)
                colour = colours.get(g.nis, palette.FLANDERS)
                bars.append(chart.Bar(g.naam, None, None, None, 0.0, colour) if f is None or f.suppressed
                            else chart.Bar(g.naam, f.share, f.lo, f.hi, f.n, colour))
            panels.append(chart.Panel(ind.label, tuple(bars)))
        picture = chart.small_multiples(theme.titel, tuple(panels))
        shared = shared_challenges(session, group, indicators)[:3]
        differences = largest_differences(session, group, indicators)
        themes.append({
            "id": theme_id, "titel": theme.titel, "inleiding": theme.inleiding,
            "kolommen": [g.naam for g in areas], "rijen": rows,
            "grafiek": picture.data_uri, "alt": picture.alt,
            "gedeeld": [b.text for b in shared], "verschillen": [b.text for b in differences],
            "vragen": [{"id": q, "tekst": text,
                        "velden": [{"naam": field_name(theme_id, q, g.slug), "gemeente": g.naam} for g in group]}
                       for q, text in QUESTIONS],
        })
    stat = config.instellingen.statistiek
    meta = {"soort": WORKBOOK_KIND, "sessie": code, "versie": __version__,
            "gemeenten": [{"slug": g.slug, "naam": g.naam} for g in group],
            "themas": [{"id": t["id"], "titel": t["titel"]} for t in themes],
            "vragen": [{"id": q, "tekst": text} for q, text in QUESTIONS]}
    return {
        "titel": "Woontest: intervisie " + " – ".join(g.naam for g in group),
        "gemeente": ", ".join(g.naam for g in group),
        "gemeenten": [{"naam": g.naam, "provincie": (session.gebieden.province(g).kort
                                                      if session.gebieden.province(g) else ""),
                       "deelnemers": fmt.count(session.dataset.respondents(g, config.catalogus))}
                      for g in group],
        "sessie": code,
        "meta": json.dumps(meta, ensure_ascii=False, sort_keys=True),
        "peildatum": fmt.date(config.instellingen.gegevens.peildatum),
        "bron": config.instellingen.gegevens.bron,
        "synthetisch": session.dataset.synthetic,
        "themas": themes,
        "vragen": [text for _q, text in QUESTIONS],
        "acties": [{"nr": i, "velden": [{"naam": field_name("actie", str(i), key), "label": label}
                                        for key, label in ACTION_COLUMNS]} for i in range(1, ACTION_ROWS + 1)],
        "actiekolommen": [label for _k, label in ACTION_COLUMNS],
        "opvolging": {"afspraken": field_name("opvolging", "afspraken"),
                      "datum": field_name("opvolging", "datum")},
        "min_n": fmt.number(stat.min_n),
        "min_pp": fmt.number(stat.min_verschil_pp),
        "bestanden": [p.name for p in session.dataset.sources],
        "versie": __version__,
    }


def workbook_path(out: Path, group: list[Gebied]) -> Path:
    return safe_join(out, "intervisie", "intervisie-" + "-".join(g.slug for g in group) + ".pdf")


def write_workbook(session: Session, group: list[Gebied], out: Path, templates: Path | None = None,
                   keep_html: bool = False) -> Path:
    context = workbook_context(session, group)
    html = render_html("intervisie.html", context, templates)
    pdf = html_to_pdf(html, templates, forms=True)
    target = workbook_path(out, group)
    if keep_html:
        atomic_write(target.with_suffix(".html"), self_contained(html, templates).encode("utf-8"))
    return atomic_write(target, pdf)

"""The department brief: a municipality's findings for one department, as a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from .. import __version__, chart, fmt, palette
from ..compute import Cijfer
from ..config import Config, Indicator
from ..errors import InputError
from ..findings import AreaFindings, Comparison, DocumentScope
from ..gebieden import Gebied, slugify
from ..suggest import did_you_mean
from .base import Artifact, Document, Target


class BriefSpec(BaseModel):
    """Plan section `briefs`: which departments get a brief, for every municipality of the plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    diensten: Literal["alle"] | list[str] = "alle"


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


def _row(naam: str, fig: Cijfer | None, cmp: Comparison | None, min_n: float, is_own: bool = False) -> Row:
    """A table row: the figure and, for a reference or a group, its comparison as the document
    judges it (difference own minus reference; a group minus the other respondents)."""
    if fig is None:
        return Row(naam, "geen gegevens", "–", "–", "–", "–", True, is_own)
    if fig.suppressed and fig.reden == "afgeleid":  # secondary: n is not small, but would give a cell away
        return Row(naam, fmt.SUPPRESSED_SECONDARY, "–", "–", "–", "–", True, is_own)
    if fig.suppressed:
        return Row(naam, fmt.SUPPRESSED, f"<{fmt.NBSP}{fmt.number(min_n)}", "–", "–", "–", True, is_own)
    share, n, interval = fmt.pct(fig.share), fmt.count(fig.n), fmt.interval(fig.lo, fig.hi)
    if is_own:
        return Row(naam, share, n, interval, "", "", False, True)
    if cmp is None or not cmp.comparable:
        return Row(naam, share, n, interval, "–", "–", False)
    gap = cmp.gap()  # from the printed shares, so that the column subtracts as printed
    return Row(naam, share, n, interval, gap.pp if gap else fmt.pp(cmp.diff), "ja" if cmp.real else "nee", False)


def _bar(label: str, fig: Cijfer | None, colour: str) -> chart.Bar:
    if fig is None or fig.suppressed:
        hidden = fmt.SUPPRESSED_SECONDARY if fig is not None and fig.reden == "afgeleid" else fmt.SUPPRESSED
        return chart.Bar(label, None, None, None, 0.0, colour, hidden)
    return chart.Bar(label, fig.share, fig.lo, fig.hi, fig.n, colour)


def indicator_block(ind: Indicator, area: AreaFindings, config: Config, flagged: set[str],
                    scope: DocumentScope | None = None) -> dict:
    min_n = config.instellingen.statistiek.min_n
    refs = area.references()
    judge = scope or area
    rows = [_row(area.gebied.naam, area.figure(ind.id), None, min_n, is_own=True)]
    bars = [_bar(area.gebied.naam, area.figure(ind.id), palette.AREA)]
    for key, colour in (("provincie", palette.PROVINCE), ("vergelijking", palette.PEER),
                        ("vlaanderen", palette.FLANDERS)):
        if key in refs:
            ref = refs[key]
            rows.append(_row(ref.gebied.kort, ref.figure(ind.id), judge.versus(ind.id, key), min_n))
            label = ref.gebied.kort if len(ref.gebied.kort) <= 16 else ref.gebied.kort.replace(" ", "\n", 1)
            bars.append(_bar(label, ref.figure(ind.id), colour))
    picture = chart.interval_bars(f"aandeel dat {ind.kernlabel}", tuple(bars), width_cm=6.2)
    groups = []
    for dim in sorted(flagged):
        grows = []
        for value in config.catalogus.group_values(dim):
            key = f"{dim}:{value}"
            grows.append(_row(config.catalogus.group_label(key), area.figure(ind.id, key),
                              judge.group_versus(ind.id, key), min_n))
        groups.append({"titel": config.catalogus.groepen[dim].titel, "rijen": grows})
    own = area.figure(ind.id)
    return {"id": ind.id, "label": ind.label, "vraag": ind.vraag, "kernlabel": ind.kernlabel,
            "chart": picture.data_uri, "alt": picture.alt, "rijen": rows, "groepen": groups,
            "suppressed": own is None or own.suppressed}


def brief_context(ws, gebied: Gebied, dienst_id: str) -> dict:
    config = ws.config
    dienst = config.diensten.diensten[dienst_id]
    area = ws.area(gebied)
    indicators = config.indicators_for(dienst_id)
    scope = area.document_scope(indicators, config.rules_for(dienst_id))
    found = scope.signals()
    top = scope.summary(config.instellingen.oogopslag.max, config.instellingen.oogopslag.min)
    # Per indicator, the breakdown of the group dimension with the strongest flagged gap
    # (findings are sorted strongest first).
    flagged: dict[str, set[str]] = {}
    for f in found:
        if f.dimension and f.indicator not in flagged:
            flagged[f.indicator] = {f.dimension}
    themes = []
    for theme_id, theme in config.catalogus.themas.items():
        blocks = [indicator_block(i, area, config, flagged.get(i.id, set()), scope)
                  for i in indicators if i.thema == theme_id]
        if blocks:
            themes.append({"id": theme_id, "titel": theme.titel, "inleiding": theme.inleiding, "blokken": blocks})
    respondents = ws.respondents(gebied)
    stat = config.instellingen.statistiek
    by_id = config.catalogus.by_id
    return {
        "gemeente": gebied.naam,
        "gemeente_info": ("samengevoegd uit " + ", ".join(ws.gebieden.get(c).naam for c in gebied.onderdelen)
                          if gebied.onderdelen else ""),
        "dienst": dienst,
        "dienst_id": dienst_id,
        "deelnemers": fmt.count(respondents),
        "deelnemers_te_weinig": respondents < stat.min_n,
        "synthetisch": ws.dataset.synthetic,
        "peildatum": fmt.date(config.instellingen.gegevens.peildatum),
        "bron": config.instellingen.gegevens.bron,
        "oogopslag": [{"bevinding": f, "kernlabel": by_id[f.indicator].kernlabel,
                       "groep": config.catalogus.group_label(f.group)} for f in top],
        "oogopslag_min": config.instellingen.oogopslag.min,
        "themas": themes,
        "min_n": fmt.number(stat.min_n),
        "betrouwbaarheid": fmt.number(stat.betrouwbaarheid * 100),
        "min_pp": fmt.number(stat.min_verschil_pp),
        "fdr": fmt.number(stat.fdr * 100),
        "referenties": [r.gebied.in_zin for r in area.references().values()],
        "kleiner_dan": scope.detectable(),  # no betekenisvol difference: what the data could have shown
        "bestanden": [p.name for p in ws.dataset.sources],
        "config": [f"{name} ({'eigen' if not _is_builtin(path) else 'ingebouwd'})"
                   for name, path in sorted(config.files.items())],
        "versie": __version__,
        "titel": f"Woontest: briefing {dienst.naam} – {gebied.naam}",
    }


def _is_builtin(path: Path) -> bool:
    from .. import resources

    return resources.config_dir().resolve() in path.resolve().parents


class Brief:
    name: ClassVar[str] = "brief"
    plan_key: ClassVar[str] = "briefs"
    Spec: ClassVar[type[BaseModel]] = BriefSpec
    expected_seconds: ClassVar[float] = 0.9

    def target(self, gemeente: Gebied, dienst: str) -> Target:
        return Target(self.name, f"brief/{gemeente.slug}/{dienst}", (gemeente.nis,), (("dienst", dienst),))

    def targets(self, ws, spec: BriefSpec, municipalities: list[Gebied], check) -> list[Target]:
        wanted = ["alle"] if spec.diensten == "alle" else spec.diensten
        diensten: list[str] = []
        for i, name in enumerate(wanted):
            where = "diensten" if spec.diensten == "alle" else f"diensten[{i}]"
            diensten += check(where, lambda name=name: resolve_dienst(ws.config, name)) or []
        return [self.target(g, d) for g in municipalities for d in dict.fromkeys(diensten)]

    def build(self, ws, target: Target, templates: Path | None = None) -> Document:
        gebied = ws.gebieden.get(target.codes[0])
        dienst = target.param("dienst")
        context = brief_context(ws, gebied, dienst)
        return Document(target, (gebied.slug,), context,
                        [Artifact(f"brief-{dienst}.pdf", "pdf", "brief.html")], title=context["titel"],
                        key_points=[("bevinding", p) for p in context["oogopslag"][:3]])


PRODUCT = Brief()

"""A follow-up survey as an area's results: the weighted responses aggregated into the canonical long
table (nis, indicator, antwoord, groep, aantal, n), so every product works on it as on the 2020 tables.

Per cell (indicator x respondent group) the table holds the weighted shares scaled to the cell's
effective sample size (Kish): `n` is the effective n and `aantal` the weighted share times it, so every
interval and test of thuis uses the effective n and a weighted figure never looks more certain than it
is. `n_ongewogen` holds the respondents themselves: suppression counts people, not weights.

In the run's table the municipality's 2020 rows are replaced by the follow-up; its province and
Flanders keep their 2020 figures, with the municipality's own 2020 answers swapped for the follow-up,
so the comparison "against the rest of the province" still tests two disjoint samples (the others in
2020 against the municipality now). The 2020 rows stay with the follow-up for "Wat veranderde sinds
2020". Respondent rows never leave this module: only the aggregated table is kept and cached.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError
from .antwoorden import Antwoorden, Verslag, read_antwoorden
from .mapping import Bevragingsinstellingen, Koppeling, load_koppeling
from .weging import Gewichten, Marges, rake, read_marges

COLUMNS = ["nis", "indicator", "antwoord", "groep", "aantal", "n", "n_ongewogen"]


@dataclass
class Opvolging:
    """What the documents say about the follow-up (no respondent rows)."""

    nis: str
    titel: str
    bron: str
    periode: tuple[str, str] | None
    respondenten: int  # respondents used (after incomplete, duplicates, unweightable left out)
    gewogen: bool
    wegingsvariabelen: list[str]  # as named in the margins file
    effectieve_n: float
    max_verschuiving_pp: float  # the largest |weighted - unweighted| of a headline figure
    max_verschuiving_indicator: str | None
    afgekapt: int
    table: pd.DataFrame  # the aggregated follow-up (COLUMNS)
    before: pd.DataFrame | None = None  # the municipality's 2020 rows, when the data has them
    verslag: list[str] = field(default_factory=list)
    _changes: object = None

    def changes(self, ws):
        """The municipality's change since 2020 (verandering.Veranderingen); None without 2020 rows."""
        if self.before is None:
            return None
        if self._changes is None:
            from .verandering import compare

            self._changes = compare(ws, self)
        return self._changes

    def document_context(self, ws, gebied, indicator_ids: list[str]) -> dict:
        return document_context(ws, gebied, indicator_ids)

    def about(self, gebied) -> dict | None:
        """The facts every document states about the survey, for `templates/_bevraging.html`; None for
        another municipality."""
        if gebied is None or gebied.nis != self.nis:
            return None
        from datetime import date

        periode = tuple(date.fromisoformat(d) for d in self.periode) if self.periode else None
        return {"titel": self.titel, "gemeente": gebied.naam, "periode": periode, "respondenten": self.respondenten,
                "gewogen": self.gewogen, "variabelen": self.wegingsvariabelen, "effectieve_n": self.effectieve_n,
                "verschuiving_pp": self.max_verschuiving_pp, "afgekapt": self.afgekapt}


def document_context(ws, gebied, indicator_ids: list[str]) -> dict:
    """What a document about `gebied` shows of the follow-up: `bevraging` (which survey, when, how many
    respondents, weighted or not) and `sinds2020` (the change per indicator of the document); empty when
    the run has no follow-up for this municipality. Products call it through `ws.bevraging`."""
    opvolging = getattr(ws, "bevraging", None)
    about = opvolging.about(gebied) if opvolging is not None else None
    if opvolging is None or about is None:
        return {}
    from .. import fmt

    context: dict = {"bevraging": about}
    if about["periode"]:  # the documents' "antwoorden tot ..." and year: the follow-up's last response
        context["peildatum"] = fmt.date(about["periode"][1])
        context["jaar"] = about["periode"][1].year
    changes = opvolging.changes(ws)
    if changes is not None:
        rows = [{"v": v, "gap": fmt.gap(v.nu.share, v.voor.share) if v.vergelijkbaar and v.nu and v.voor else None}
                for v in changes.for_indicators(indicator_ids)]
        context["sinds2020"] = {"titel": changes.titel, "rijen": rows, "leidend": changes.leading(
            indicator_ids, ws.config.instellingen.oogopslag.max_interval_pp),
                                "familie": changes.family_size, "per_indicator": changes.items}
    return context


def attach(ws, instellingen: Bevragingsinstellingen) -> list[str]:
    """Read, weight and aggregate the follow-up and make it the municipality's results in `ws`; the
    lines to tell the user (counts and places only)."""
    opvolging, verslag = build(instellingen, ws.config.catalogus, ws.gebieden)
    ws.dataset = merge(ws.dataset, opvolging, ws.gebieden)
    ws.bevraging = opvolging
    ws._areas.clear()
    ws._hidden.clear()
    return report_lines(opvolging, verslag, ws.config.catalogus)


def cells(antwoorden: Antwoorden, weights: np.ndarray, catalogus) -> pd.DataFrame:
    """The long table of one municipality's responses: per indicator x group x answer the weighted
    share times the cell's effective sample size (Kish: (sum w)^2 / sum w^2) as `aantal`, that
    effective n as `n`, and the respondents themselves as `n_ongewogen`. Profile indicators get the
    total only, as in the 2020 tables.

    Effective sample sizes do not add up (a group and the other respondents together have more than
    the whole), so the comparison of a group with the other respondents cannot subtract the group from
    the total: every group also gets the figure of the others ('anderen:leeftijd:65+'), with its own
    effective n, which `findings` uses for that test. Without weights every effective n is the count."""
    w = np.asarray(weights, dtype=float)
    w2 = w * w
    dims = [(dim, spec.indicator) for dim, spec in catalogus.groepen.items() if spec.indicator in antwoorden.single]
    parts: list[pd.DataFrame] = []
    for ind in catalogus.indicatoren:
        answers = list(ind.answer_ids)
        k = len(answers)
        codes: np.ndarray | None = None
        onehot: np.ndarray | None = None
        if ind.id in antwoorden.single:
            codes = antwoorden.single[ind.id]
            answered = codes >= 0
        elif ind.id in antwoorden.multiple:
            onehot, answered = antwoorden.multiple[ind.id]
        else:
            continue
        groups: list[tuple[str, np.ndarray]] = [("totaal", np.zeros(len(w), dtype=np.int16))]
        if ind.thema != "profiel":
            groups += [(dim, antwoorden.single[group_ind]) for dim, group_ind in dims]
        whole = None
        for dim, gcodes in groups:
            values = ["totaal"] if dim == "totaal" else [
                f"{dim}:{v}" for v in catalogus.by_id[catalogus.groepen[dim].indicator].answer_ids]
            v = len(values)
            mask = answered & (gcodes >= 0)
            g = gcodes[mask].astype(np.int64)
            sw = np.bincount(g, weights=w[mask], minlength=v)
            sw2 = np.bincount(g, weights=w2[mask], minlength=v)
            people = np.bincount(g, minlength=v).astype(float)
            sums: np.ndarray
            if codes is not None:
                sums = np.bincount(g * k + codes[mask], weights=w[mask], minlength=v * k).reshape(v, k)
            else:
                assert onehot is not None
                chosen, wm = onehot[mask], w[mask]
                sums = np.column_stack([np.bincount(g, weights=wm * chosen[:, a], minlength=v) for a in range(k)])
            parts.append(_rows(ind.id, answers, values, sums, sw, sw2, people))
            if whole is None:
                whole = (sums[0], sw[0], sw2[0], people[0])
            else:  # the other respondents of each group: the whole minus the group, on the raw weights
                parts.append(_rows(ind.id, answers, [f"anderen:{x}" for x in values], whole[0][None, :] - sums,
                                   whole[1] - sw, whole[2] - sw2, whole[3] - people))
    if not parts:
        raise InputError("De koppeling koppelt geen enkele indicator van de catalogus.")
    return pd.DataFrame({name: np.concatenate([p[j] for p in parts]) for j, name in enumerate(COLUMNS[1:])})


def _rows(indicator: str, answers: list[str], values: list[str], sums, sw, sw2, people) -> tuple:
    """One block of the table as columns (indicator, antwoord, groep, aantal, n, n_ongewogen)."""
    k, v = len(answers), len(values)
    sw = np.maximum(np.asarray(sw, dtype=float), 0.0)
    sw2 = np.asarray(sw2, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = np.where(sw2 > 1e-12, sw * sw / np.where(sw2 > 1e-12, sw2, 1.0), 0.0)
        shares = np.where(sw[:, None] > 1e-12, np.clip(sums, 0.0, None) / np.where(sw > 1e-12, sw, 1.0)[:, None], 0.0)
    return (np.full(k * v, indicator, dtype=object), np.tile(np.array(answers, dtype=object), v),
            np.repeat(np.array(values, dtype=object), k), (shares * n_eff[:, None]).ravel(), np.repeat(n_eff, k),
            np.repeat(np.asarray(people, dtype=float), k))


def kern_shares(antwoorden: Antwoorden, weights: np.ndarray, catalogus) -> dict[str, float]:
    """The headline share (kern answers, all respondents) of every non-profile indicator."""
    out = {}
    for ind in catalogus.indicatoren:
        if ind.thema == "profiel":
            continue
        kern = [ind.answer_ids.index(a) for a in ind.kern]
        if ind.id in antwoorden.single:
            codes = antwoorden.single[ind.id]
            answered, hit = codes >= 0, np.isin(codes, kern)
        elif ind.id in antwoorden.multiple:
            chosen, answered = antwoorden.multiple[ind.id]
            hit = np.asarray(chosen[:, kern].any(axis=1))
        else:
            continue
        base = weights[answered].sum()
        if base > 0:
            out[ind.id] = float(weights[answered & hit].sum() / base)
    return out


def build(instellingen: Bevragingsinstellingen, catalogus, gebieden) -> tuple[Opvolging, Verslag]:
    """Read, check, weight and aggregate a follow-up survey."""
    koppeling: Koppeling = load_koppeling(instellingen.koppeling, catalogus)
    nis = koppeling.bevraging.gemeente
    gebied = gebieden.gemeenten.get(nis)
    if gebied is None:
        raise InputError(f"{instellingen.koppeling}: bevraging.gemeente '{nis}' is geen NIS-code van een gemeente "
                         "(zie 'thuis lijst gemeenten').")
    if gebied.onderdelen or gebied.codes != (gebied.nis,):
        raise InputError(f"{instellingen.koppeling}: {gebied.naam} is een samengevoegde gemeente; een eigen "
                         "bevraging van een fusiegemeente naast de cijfers van 2020 kan thuis nog niet verwerken.")
    antwoorden = read_antwoorden(instellingen.antwoorden, koppeling, catalogus)
    verslag = antwoorden.verslag
    gewichten: Gewichten | None = None
    marges: Marges | None = None
    if instellingen.gewogen:
        if instellingen.marges is None:
            raise InputError("Een gewogen bevraging heeft een margebestand nodig (--marges of 'marges:' in "
                             "thuis.yaml); zet 'gewogen: nee' om ongewogen te rapporteren.")
        marges = read_marges(instellingen.marges, catalogus)
        unmapped = [marges.labels[i] for i in marges.variables if i not in antwoorden.single]
        if unmapped:
            raise InputError(f"De marges wegen naar {', '.join(unmapped)}, maar de koppeling koppelt die vraag niet.")
        complete = np.all([antwoorden.single[i] >= 0 for i in marges.variables], axis=0)
        verslag.niet_te_wegen = int((~complete).sum())
        antwoorden = antwoorden.subset(complete)
        verslag.bruikbaar = antwoorden.n
        if antwoorden.n == 0:
            raise InputError(f"{instellingen.antwoorden}: geen enkel bruikbaar antwoord om te wegen.")
        gewichten = rake({i: antwoorden.single[i] for i in marges.variables}, marges, instellingen.max_gewicht)
        weights = gewichten.weights
    else:
        if antwoorden.n == 0:
            raise InputError(f"{instellingen.antwoorden}: geen enkel bruikbaar antwoord.")
        weights = np.ones(antwoorden.n)
    table = cells(antwoorden, weights, catalogus)
    shift, shifted = 0.0, None
    if gewichten is not None:
        plain, weighted = kern_shares(antwoorden, np.ones(antwoorden.n), catalogus), kern_shares(
            antwoorden, weights, catalogus)
        for ind_id, share in weighted.items():
            if abs(share - plain[ind_id]) * 100 > shift:
                shift, shifted = abs(share - plain[ind_id]) * 100, ind_id
    table.insert(0, "nis", nis)
    opvolging = Opvolging(
        nis=nis, titel=koppeling.bevraging.titel, bron=koppeling.bevraging.bron, periode=antwoorden.periode,
        respondenten=antwoorden.n, gewogen=gewichten is not None,
        wegingsvariabelen=[marges.labels[i] for i in marges.variables] if marges else [],
        effectieve_n=gewichten.kish_n if gewichten else float(antwoorden.n), max_verschuiving_pp=shift,
        max_verschuiving_indicator=shifted, afgekapt=gewichten.trimmed if gewichten else 0, table=table)
    return opvolging, verslag


def report_lines(opvolging: Opvolging, verslag: Verslag, catalogus) -> list[str]:
    """What the command tells the user about the follow-up (counts and places only)."""
    lines = verslag.lines()
    if opvolging.gewogen:
        moved = opvolging.max_verschuiving_indicator
        label = catalogus.by_id[moved].label if moved else "-"
        lines.append(f"Gewogen naar {', '.join(opvolging.wegingsvariabelen)}: effectieve steekproef "
                     f"{round(opvolging.effectieve_n)} van {opvolging.respondenten} deelnemers; {opvolging.afgekapt} "
                     f"gewichten afgekapt. De weging verschuift de cijfers hoogstens "
                     f"{_pp(opvolging.max_verschuiving_pp)} procentpunt ({label}).")
    else:
        lines.append("Ongewogen ('gewogen: nee'): de cijfers beschrijven de deelnemers, niet alle inwoners.")
    return lines


def _pp(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def merge(dataset, opvolging: Opvolging, gebieden):
    """The run's dataset with the municipality's rows replaced by the follow-up, its province and
    Flanders adjusted (own 2020 answers out, the follow-up in), and the 2020 rows kept aside."""
    from ..data import Dataset
    from ..validate import compact

    table = dataset.table
    nis = opvolging.nis
    own = table["nis"].astype(str) == nis
    before = table[own]
    opvolging.before = before[["nis", "indicator", "antwoord", "groep", "aantal", "n"]].astype(
        {c: str for c in ("nis", "indicator", "antwoord", "groep")}) if own.any() else None
    gebied = gebieden.gemeenten[nis]
    refs = [r for r in ("02000", gebied.provincie) if r]
    key = ["indicator", "antwoord", "groep"]
    new_own = opvolging.table.assign(_bestand="bevraging", _rij=0)
    frames = [table[~own & ~table["nis"].astype(str).isin(refs)].assign(n_ongewogen=np.nan)]
    for ref in refs:
        rows = table[table["nis"].astype(str) == ref]
        if rows.empty:
            continue
        rows = rows.astype({c: str for c in ("nis", "indicator", "antwoord", "groep", "_bestand")})
        adjusted = rows.set_index(key)
        for sign, part in ((-1.0, before), (1.0, opvolging.table)):
            if part is None or len(part) == 0:
                continue
            sums = part.astype({c: str for c in key}).set_index(key)[["aantal", "n"]]
            aligned = sums.reindex(adjusted.index).fillna(0.0)
            adjusted[["aantal", "n"]] = adjusted[["aantal", "n"]].to_numpy() + sign * aligned.to_numpy()
        adjusted[["aantal", "n"]] = adjusted[["aantal", "n"]].clip(lower=0.0)
        frames.append(adjusted.reset_index()[table.columns].assign(n_ongewogen=np.nan))
    frames.append(new_own[list(table.columns) + ["n_ongewogen"]])
    merged = pd.concat([f.astype({c: str for c in ("nis", "indicator", "antwoord", "groep", "_bestand")})
                        for f in frames], ignore_index=True)
    return Dataset(compact(merged), dataset.sources, dataset.synthetic, None)

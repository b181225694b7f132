"""Weighting the respondents of a follow-up survey to the municipality's population: raking (iterative
proportional fitting) to the margins of a file the user supplies, with weightipy, weights trimmed to a
cap (times the mean) and raked again, and a clear message when the margins cannot be reached.

The margins file (documented in docs/gegevensformaat.md) is a CSV with one row per category:

    variabele,categorie,aantal
    leeftijd,16-34,28512
    leeftijd,35-49,19876
    ...

`variabele` is a respondent group of the catalogue (leeftijd, huishouden, eigendom) or another profile
indicator; `categorie` one of its answers; `aantal` the number of inhabitants (or `aandeel`, a
percentage, the shares of one variable summing to 100).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError, Problem
from .mapping import MAX_GEWICHT

TOLERANCE_PP = 0.5  # raked margins farther than this from the population: not converged
TOTALS_SLACK = 0.01  # the variables' population totals may differ by 1 % (register dates, rounding)


@dataclass(frozen=True)
class Marges:
    """Population shares per weighting variable (indicator id -> answer id -> share, summing to 1)."""

    bestand: str
    shares: dict[str, dict[str, float]]
    labels: dict[str, str]  # indicator id -> the variable's name in the file

    @property
    def variables(self) -> list[str]:
        return list(self.shares)


@dataclass(frozen=True)
class Gewichten:
    """The weights of the respondents (mean 1) and how the raking went."""

    weights: np.ndarray
    iterations: int
    trimmed: int  # respondents whose weight hit the cap
    max_afwijking_pp: float  # farthest raked margin from the population, in pp
    kish_n: float  # effective sample size of the whole sample

    @property
    def efficiency(self) -> float:
        return self.kish_n / len(self.weights) if len(self.weights) else float("nan")


def kish(weights: np.ndarray) -> float:
    """Kish's effective sample size: (sum w)^2 / sum w^2."""
    w = np.asarray(weights, dtype=float)
    squares = float(np.dot(w, w))
    return float(w.sum()) ** 2 / squares if squares > 0 else 0.0


def read_marges(path: Path, catalogus) -> Marges:
    """The margins file, every problem at once: unknown variable or category (with the nearest known
    names), an empty or negative cell, a category given twice or missing, totals that disagree."""
    import pandas as pd

    from ..suggest import did_you_mean

    name = str(path)
    if not Path(path).is_file():
        raise InputError(f"Het margebestand {name} bestaat niet.")
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError):
        raise InputError(f"{name} is geen leesbaar CSV-bestand.") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    value_col = "aantal" if "aantal" in frame.columns else "aandeel" if "aandeel" in frame.columns else None
    missing = [c for c in ("variabele", "categorie") if c not in frame.columns] + ([] if value_col else ["aantal"])
    if missing:
        raise InputError(f"Het margebestand {name} mist de kolom(men) {', '.join(missing)}; verwacht: "
                         "variabele,categorie,aantal (of aandeel).")
    groups = {dim: spec.indicator for dim, spec in catalogus.groepen.items()}
    profile = {ind.id: ind.id for ind in catalogus.indicatoren if ind.thema == "profiel"}
    known = {**profile, **groups}
    problems: list[Problem] = []
    values: dict[str, dict[str, float]] = {}
    labels: dict[str, str] = {}
    for k, (var, cat, val) in enumerate(zip(frame["variabele"], frame["categorie"], frame[value_col]), start=2):
        var, cat, val = var.strip(), cat.strip(), val.strip()
        if not var and not cat and not val:
            continue
        for column, cell in (("variabele", var), ("categorie", cat), (value_col, val)):
            if not cell:
                problems.append(Problem("lege cel", file=name, row=k, column=column))
        if not (var and cat and val):
            continue
        if var not in known:
            problems.append(Problem(f"onbekende variabele{did_you_mean(var, list(known))} (kies uit "
                                    f"{', '.join(groups)})", file=name, row=k, column="variabele", value=var))
            continue
        ind = catalogus.by_id[known[var]]
        if cat not in ind.answer_ids:
            problems.append(Problem(f"onbekende categorie van {var}{did_you_mean(cat, ind.answer_ids)} (kies uit "
                                    f"{', '.join(ind.answer_ids)})", file=name, row=k, column="categorie", value=cat))
            continue
        number = _number(val)
        if number is None or number < 0:
            problems.append(Problem("geen getal van 0 of meer", file=name, row=k, column=value_col, value=val))
            continue
        if cat in values.get(ind.id, {}):
            problems.append(Problem(f"{var} {cat} staat twee keer in het bestand", file=name, row=k))
            continue
        values.setdefault(ind.id, {})[cat] = number
        labels[ind.id] = var
    for ind_id, cats in values.items():
        absent = [a for a in catalogus.by_id[ind_id].answer_ids if a not in cats]
        if absent:
            problems.append(Problem(f"{labels[ind_id]}: de categorie(ën) {', '.join(absent)} ontbreken (geef 0 als "
                                    "niemand in die categorie valt)", file=name))
        total = sum(cats.values())
        if total <= 0:
            problems.append(Problem(f"{labels[ind_id]}: de aantallen tellen op tot 0", file=name))
        elif value_col == "aandeel" and abs(total - 100) > 0.5:
            problems.append(Problem(f"{labels[ind_id]}: de aandelen tellen op tot {total:g} in plaats van 100",
                                    file=name))
    if value_col == "aantal" and not problems and values:
        totals = {labels[i]: sum(c.values()) for i, c in values.items()}
        low, high = min(totals.values()), max(totals.values())
        if high > low * (1 + TOTALS_SLACK):
            listed = ", ".join(f"{v} {t:g}" for v, t in totals.items())
            problems.append(Problem(f"de variabelen tellen niet op tot dezelfde bevolking ({listed}); ze moeten "
                                    "dezelfde inwoners beschrijven (op 1 % na)", file=name))
    if not values and not problems:
        problems.append(Problem("het bestand bevat geen marges", file=name))
    if problems:
        raise InputError(f"Het margebestand {name} bevat fouten:", problems)
    shares = {i: {a: v / sum(c.values()) for a, v in c.items()} for i, c in values.items()}
    return Marges(name, shares, labels)


def _number(text: str) -> float | None:
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace("%", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def rake(categories: dict[str, np.ndarray], marges: Marges, max_gewicht: float = MAX_GEWICHT,
         max_iterations: int = 1000) -> Gewichten:
    """Weights (mean 1) for respondents whose weighting answers are `categories` (indicator id ->
    answer index per respondent, every one answered), raked to the margins and trimmed to `max_gewicht`
    times the mean with weightipy. Refused with a clear message when a population category has no
    respondent, or the raked margins stay farther than TOLERANCE_PP from the population."""
    import pandas as pd
    import weightipy

    empty = []
    for ind_id, shares in marges.shares.items():
        counts = np.bincount(categories[ind_id], minlength=len(shares))
        for k, (answer, share) in enumerate(shares.items()):
            if share > 0 and counts[k] == 0:
                empty.append(Problem(f"{marges.labels[ind_id]} {answer}: {share * 100:.1f} % van de bevolking, maar "
                                     "geen enkele deelnemer", file=marges.bestand))
    if empty:
        raise InputError("De weging kan niet: een categorie uit de marges heeft geen deelnemers. Voeg categorieën "
                         "samen in het margebestand en de koppeling, laat die variabele weg, of zet 'gewogen: nee'.",
                         empty)
    frame = pd.DataFrame({ind_id: np.asarray(categories[ind_id], dtype=np.int16) for ind_id in marges.shares})
    scheme = weightipy.scheme_from_dict(
        {ind_id: {k: share * 100 for k, share in enumerate(shares.values())}
         for ind_id, shares in marges.shares.items()},
        name="thuis", rim_params={"cap": float(max_gewicht), "max_iterations": max_iterations})
    chatter = io.StringIO()  # weightipy prints its convergence notes; thuis says it in Dutch
    with contextlib.redirect_stdout(chatter):
        weights = weightipy.weight(frame, scheme).to_numpy(dtype=float)
    weights = weights / weights.mean()
    iterations = int(scheme.groups["global_group"]["iterations"] or 0) if "global_group" in scheme.groups else 0
    worst, where = 0.0, ""
    for ind_id, shares in marges.shares.items():
        got = np.bincount(categories[ind_id], weights=weights, minlength=len(shares)) / weights.sum()
        for k, (answer, share) in enumerate(shares.items()):
            if abs(got[k] - share) * 100 > worst:
                worst = abs(got[k] - share) * 100
                where = f"{marges.labels[ind_id]} {answer}: {got[k] * 100:.1f} % in plaats van {share * 100:.1f} %"
    if worst > TOLERANCE_PP:
        raise InputError(f"De weging convergeert niet: na het afkappen van de gewichten op {max_gewicht:g} keer het "
                         f"gemiddelde haalt ze de marges niet ({where}). De deelnemers wijken te sterk af van de "
                         "bevolking: verhoog 'max_gewicht', voeg categorieën samen of zet 'gewogen: nee'.")
    trimmed = int((weights >= max_gewicht * (1 - 1e-6)).sum())
    return Gewichten(weights, iterations, trimmed, worst, kish(weights))

"""Synthetic woontest results: simulated respondents, aggregated to the canonical long table.

SYNTHETIC DATA. The real woontest files are not public. The levels follow published figures of the
Woonsurvey 2018 (see docs) only to be plausible; they are never woontest results. Respondents are
simulated one by one, so group rows, municipalities, provinces and Flanders are consistent with each
other, and small municipalities have small groups as in the real test (about 170 respondents per
municipality on average, proportional to population with noise).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from .config_catalogue import Catalogus
from .gebieden import VLAANDEREN, Gebieden

RESPONDENTS_PER_INHABITANT = 0.0075
PARTICIPATION = 0.75  # 225 of the 300 municipalities took part
ITEM_NONRESPONSE = 0.03
PROFILE = ("leeftijd", "huishouden", "eigendom", "woningtype_huidig")


@dataclass(frozen=True)
class Spec:
    """How one indicator's latent score depends on the respondent, and its Flemish answer shares."""

    shares: tuple[float, ...]  # target shares of the answers, in the order of `order`
    order: tuple[str, ...]  # answers from low to high latent score
    urban: float = 0.0  # effect of urbanity (0 rural .. 1 city) in SD units
    age: tuple[float, float, float, float] = (0, 0, 0, 0)  # 16-34, 35-49, 50-64, 65+
    renter: float = 0.0
    family: float = 0.0
    extra: tuple[tuple[str, float], ...] = ()  # nominal answers drawn at random, outside the scale


SCALE5 = ("zeker-niet", "eerder-niet", "misschien", "eerder-wel", "zeker-wel")
AGREE5 = ("zeer-oneens", "oneens", "neutraal", "eens", "zeer-eens")
POLES5 = ("links-sterk", "links", "neutraal", "rechts", "rechts-sterk")

SPECS: dict[str, Spec] = {
    "woningtype_gewenst": Spec((0.50, 0.22, 0.11, 0.17), ("vrijstaand", "halfopen", "rijwoning", "appartement"),
                               urban=1.1, age=(0.3, -0.2, 0.0, 0.6), renter=0.6, family=-0.4,
                               extra=(("andere", 0.02),)),
    "ligging_gewenst": Spec((0.35, 0.32, 0.20, 0.13), ("platteland", "rand", "dorpskern", "stad"),
                            urban=1.3, age=(0.3, -0.1, -0.1, 0.2), renter=0.3, family=-0.2),
    "kleiner_wonen": Spec((0.22, 0.25, 0.25, 0.18, 0.10), SCALE5, urban=0.4, age=(-0.2, -0.3, 0.2, 0.6),
                          renter=0.2, family=-0.4),
    "vrijstaand_of_compact": Spec((0.30, 0.28, 0.14, 0.18, 0.10), POLES5, urban=0.9, age=(0.2, -0.2, 0, 0.3),
                                  renter=0.4, family=-0.3),
    "zorgwonen": Spec((0.15, 0.20, 0.30, 0.22, 0.13), SCALE5, urban=-0.2, age=(-0.2, 0.0, 0.35, 0.1)),
    "renovatieplannen": Spec((0.30, 0.12, 0.20, 0.22), ("nee", "weet-niet", "later", "ja-5-jaar"),
                             urban=-0.1, age=(0.3, 0.3, 0.0, -0.6), renter=-1.0, family=0.2,
                             extra=(("al-gedaan", 0.16),)),
    "tuin_delen": Spec((0.35, 0.30, 0.12, 0.16, 0.07), POLES5, urban=0.4, age=(0.3, -0.1, -0.1, 0.1),
                       renter=0.3, family=-0.3),
    "delen_parkeerplaats": Spec((0.33, 0.19, 0.48), ("nee", "misschien", "ja"), urban=0.35,
                                age=(0.2, 0, 0, -0.2)),
    "autodelen": Spec((0.30, 0.25, 0.22, 0.15, 0.08), SCALE5, urban=0.8, age=(0.4, 0.1, -0.1, -0.5),
                      renter=0.2),
    "samenhuizen": Spec((0.40, 0.28, 0.18, 0.10, 0.04), SCALE5, urban=0.4, age=(0.35, -0.1, 0.0, 0.05),
                        renter=0.3),
    "contact_buren": Spec((0.15, 0.35, 0.25, 0.18, 0.07), POLES5, urban=-0.3, age=(-0.2, 0, 0.1, 0.4)),
    "rustig_levendig": Spec((0.35, 0.30, 0.15, 0.13, 0.07), POLES5, urban=1.0, age=(0.7, 0.0, -0.3, -0.6),
                            family=-0.2),
    "parkeren_of_groen": Spec((0.20, 0.22, 0.18, 0.25, 0.15), POLES5, urban=0.6, age=(0.3, 0, 0, -0.4)),
    "vervoer_hoofd": Spec((0.62, 0.22, 0.06, 0.08), ("auto", "fiets", "te-voet", "openbaar-vervoer"),
                          urban=1.2, age=(0.4, -0.2, -0.2, 0.1), renter=0.3, extra=(("andere", 0.02),)),
    "meer_groen": Spec((0.04, 0.12, 0.30, 0.34, 0.20), AGREE5, urban=0.5, age=(0.2, 0, 0, -0.1)),
    "openbaar_vervoer_dichtbij": Spec((0.06, 0.14, 0.25, 0.33, 0.22), AGREE5, urban=0.8,
                                      age=(0.3, -0.2, 0.0, 0.5), renter=0.3),
}

# Multiple-choice indicators: per answer, the Flemish share and the urbanity effect (logit units).
MULTI: dict[str, dict[str, tuple[float, float]]] = {
    "delen_wat": {"fietsenberging": (0.50, 0.6), "tuin": (0.25, 0.3), "wasruimte": (0.18, 0.5),
                  "gereedschap": (0.40, -0.2), "logeerkamer": (0.12, 0.4)},
    "winkels_wandelafstand": {"winkels": (0.68, 1.2), "huisarts": (0.60, 0.6), "school": (0.30, 0.2),
                              "halte": (0.50, 0.8), "park": (0.45, 0.5), "horeca": (0.30, 0.9)},
}
EMPTY_ANSWER = {"delen_wat": "niets"}


def urbanity(population: int) -> float:
    return float(np.clip((np.log10(max(population, 1)) - 3.8) / 1.6, 0.0, 1.0))


def _profile(rng: np.random.Generator, size: int, u: float) -> dict[str, np.ndarray]:
    age_p = np.array([0.24 + 0.10 * u, 0.30, 0.28 - 0.05 * u, 0.18 - 0.05 * u])
    house_p = np.array([0.18 + 0.14 * u, 0.35, 0.40 - 0.12 * u, 0.07 - 0.02 * u])
    tenure_p = np.array([0.80 - 0.25 * u, 0.17 + 0.24 * u, 0.03 + 0.01 * u])
    age = rng.choice(4, size=size, p=age_p / age_p.sum())
    house = rng.choice(4, size=size, p=house_p / house_p.sum())
    tenure = rng.choice(3, size=size, p=tenure_p / tenure_p.sum())
    dwell_p = np.array([0.45 - 0.25 * u, 0.22 - 0.05 * u, 0.18 + 0.05 * u, 0.13 + 0.25 * u, 0.02])
    dwelling = rng.choice(5, size=size, p=dwell_p / dwell_p.sum())
    return {"leeftijd": age, "huishouden": house, "eigendom": tenure, "woningtype_huidig": dwelling}


def _ordered(rng, spec: Spec, prof, u: float, area_effect: float) -> np.ndarray:
    size = len(prof["leeftijd"])
    latent = (spec.urban * (u - 0.35) + np.asarray(spec.age)[prof["leeftijd"]]
              + spec.renter * (prof["eigendom"] == 1) + spec.family * (prof["huishouden"] == 2)
              + area_effect + rng.normal(0, 1, size))
    cum = np.cumsum(spec.shares)[:-1] / sum(spec.shares)
    cuts = np.array([NormalDist().inv_cdf(float(c)) for c in cum]) * 1.15
    idx = np.searchsorted(cuts, latent)
    answers = np.array(spec.order, dtype=object)[idx]
    for answer, share in spec.extra:
        answers[rng.random(size) < share] = answer
    return answers


def _simulate_area(rng, cat: Catalogus, size: int, u: float):
    """Respondent-level answers: per indicator an array of answers (one list per respondent if multiple)."""
    prof = _profile(rng, size, u)
    answers: dict[str, object] = {}
    for key in PROFILE:
        ids = cat.by_id[key].answer_ids
        answers[key] = np.array(ids, dtype=object)[prof[key]]
    for ind_id, spec in SPECS.items():
        answers[ind_id] = _ordered(rng, spec, prof, u, rng.normal(0, 0.12))
    for ind_id, options in MULTI.items():
        chosen = {}
        for answer, (share, urban) in options.items():
            logit = np.log(share / (1 - share)) + urban * (u - 0.35) + rng.normal(0, 0.1)
            chosen[answer] = rng.random(size) < 1 / (1 + np.exp(-logit))
        if ind_id in EMPTY_ANSWER:
            chosen[EMPTY_ANSWER[ind_id]] = ~np.any(np.vstack(list(chosen.values())), axis=0)
        answers[ind_id] = chosen
    answered = {ind.id: rng.random(size) >= (0 if ind.id in PROFILE else ITEM_NONRESPONSE)
                for ind in cat.indicatoren}
    return prof, answers, answered


def _aggregate(nis: str, name: str, cat: Catalogus, prof, answers, answered) -> list[tuple]:
    groups: list[tuple[str, tuple[str, int] | None]] = [("totaal", None)]  # name, (dimension, answer index)
    for dim, spec in cat.groepen.items():
        values = cat.by_id[spec.indicator].answer_ids
        groups += [(f"{dim}:{v}", (dim, i)) for i, v in enumerate(values)]
    rows = []
    for ind in cat.indicatoren:
        profile_only = ind.thema == "profiel"
        for group, sel in groups:
            if profile_only and sel is not None:
                continue
            mask = answered[ind.id].copy()
            if sel is not None:
                mask &= prof[sel[0]] == sel[1]
            n = int(mask.sum())
            given = answers[ind.id]
            for answer in ind.answer_ids:
                if isinstance(given, dict):
                    count = int((given[answer] & mask).sum())
                else:
                    count = int(((given == answer) & mask).sum())
                rows.append((nis, name, ind.id, answer, group, count, n))
    return rows


def generate(cat: Catalogus, gebieden: Gebieden, seed: int = 2020,
             include: list[str] | None = None, scale: float = 1.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(municipal rows, reference rows). `include`: NIS codes to write; all participants when None.
    The included municipalities always take part; the others with probability PARTICIPATION."""
    rng = np.random.default_rng(seed)
    include_set = set(include) if include is not None else None
    municipal: list[pd.DataFrame] = []
    reference_parts: dict[str, list[pd.DataFrame]] = {}  # NIS of Flanders or a province: its municipalities
    columns = ["nis", "gebied", "indicator", "antwoord", "groep", "aantal", "n"]
    for g in sorted(gebieden.gemeenten.values(), key=lambda x: x.nis):
        takes_part = rng.random() < PARTICIPATION
        if include_set is not None and g.nis in include_set:
            takes_part = True
        size = max(4, round(g.bevolking * RESPONDENTS_PER_INHABITANT * scale * rng.lognormal(0, 0.3)))
        if not takes_part:
            continue
        prof, answers, answered = _simulate_area(rng, cat, size, urbanity(g.bevolking))
        rows = _aggregate(g.nis, g.naam, cat, prof, answers, answered)
        frame = pd.DataFrame(rows, columns=columns)
        if include_set is None or g.nis in include_set:
            municipal.append(frame)
        assert g.provincie is not None, "every municipality lies in a province"
        for ref in (VLAANDEREN, g.provincie):
            reference_parts.setdefault(ref, []).append(frame)
    refs = []
    for nis, parts in sorted(reference_parts.items()):
        total = pd.concat(parts).groupby(["indicator", "antwoord", "groep"], sort=False)[["aantal", "n"]].sum()
        total = total.reset_index()
        total.insert(0, "gebied", gebieden.get(nis).naam)
        total.insert(0, "nis", nis)
        refs.append(total[columns])
    return pd.concat(municipal, ignore_index=True), pd.concat(refs, ignore_index=True)

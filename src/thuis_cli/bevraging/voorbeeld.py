"""SYNTHETIC follow-up survey responses, for the sample data, the tests and the benchmark.

Respondents are simulated like the synthetic 2020 data (`synthetic.py`), with two differences that a
real follow-up would show: the people who answer an online survey are older and more often owners
than the population (so the weighting has work to do), and a few indicators moved since 2020 (so "Wat
veranderde sinds 2020" has something to find). Written as a LimeSurvey response export (CSV, question
code headings), a KoboToolbox export of the XLSForm (CSV with `;`, a group prefix) and an SPSS `.sav`,
each with its mapping file, plus the population margins. Never real answers.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np

from .. import synthetic

SEED = 2026
FREE_TEXT_MARKER = "VRIJE-TEKST-MERKTEKEN-Q7X"  # a resident's own words: must never reach an output
# Indicators that moved since 2020 (latent shift, in standard deviations).
SHIFTS = {"autodelen": 0.55, "samenhuizen": 0.35, "meer_groen": 0.3, "woningtype_gewenst": -0.25}
# Who answers an online survey: older people and owners more often than the population.
AGE_BIAS = np.array([0.55, 0.9, 1.3, 1.5])
OWNER_BIAS = np.array([1.4, 0.6, 0.8])


def question_code(indicator: str, taken: set[str]) -> str:
    """A LimeSurvey question code from an indicator id: upper-case, letters and digits only, starting
    with a letter, at most 20 characters, made unique (the rule `thuis vragenlijst` follows)."""
    code = re.sub(r"[^A-Z0-9]", "", indicator.upper())
    if not code or not code[0].isalpha():
        code = "Q" + code
    code = code[:20]
    base, k = code, 2
    while code in taken:
        suffix = str(k)
        code = base[: 20 - len(suffix)] + suffix
        k += 1
    taken.add(code)
    return code


def simulate(cat, size: int, population: int, seed: int = SEED, shifts: dict[str, float] | None = None):
    """Respondent-level answers (as in synthetic._simulate_area), biased towards older owners, with
    the indicators of `shifts` moved. Returns (answers, answered): indicator -> answer ids (single) or
    answer -> chosen (multiple), and indicator -> answered."""
    rng = np.random.default_rng(seed)
    u = synthetic.urbanity(population)
    pool = synthetic._profile(rng, size * 3, u)
    chance = AGE_BIAS[pool["leeftijd"]] * OWNER_BIAS[pool["eigendom"]]
    chosen = rng.choice(size * 3, size=size, replace=False, p=chance / chance.sum())
    prof = {k: v[chosen] for k, v in pool.items()}
    answers: dict[str, object] = {}
    for key in synthetic.PROFILE:
        answers[key] = np.array(cat.by_id[key].answer_ids, dtype=object)[prof[key]]
    shifts = SHIFTS if shifts is None else shifts
    for ind_id, spec in synthetic.SPECS.items():
        answers[ind_id] = synthetic._ordered(rng, spec, prof, u, shifts.get(ind_id, 0.0))
    for ind_id, options in synthetic.MULTI.items():
        picked = {}
        for answer, (share, urban) in options.items():
            logit = np.log(share / (1 - share)) + urban * (u - 0.35)
            picked[answer] = rng.random(size) < 1 / (1 + np.exp(-logit))
        if ind_id in synthetic.EMPTY_ANSWER:
            picked[synthetic.EMPTY_ANSWER[ind_id]] = ~np.any(np.vstack(list(picked.values())), axis=0)
        answers[ind_id] = picked
    answered = {ind.id: rng.random(size) >= (0 if ind.id in synthetic.PROFILE else synthetic.ITEM_NONRESPONSE)
                for ind in cat.indicatoren}
    return answers, answered, rng


def margins(cat, population: int) -> list[tuple[str, str, int]]:
    """Synthetic population margins (leeftijd, huishouden, eigendom) for a municipality of this size,
    from the shares the synthetic 2020 profile is drawn from."""
    u = synthetic.urbanity(population)
    age = np.array([0.24 + 0.10 * u, 0.30, 0.28 - 0.05 * u, 0.18 - 0.05 * u])
    house = np.array([0.18 + 0.14 * u, 0.35, 0.40 - 0.12 * u, 0.07 - 0.02 * u])
    tenure = np.array([0.80 - 0.25 * u, 0.17 + 0.24 * u, 0.03 + 0.01 * u])
    adults = round(population * 0.8)
    rows = []
    for var, shares in (("leeftijd", age), ("huishouden", house), ("eigendom", tenure)):
        ids = cat.by_id[cat.groepen[var].indicator].answer_ids
        counts = np.floor(shares / shares.sum() * adults).astype(int)
        counts[0] += adults - counts.sum()
        rows += [(var, a, int(c)) for a, c in zip(ids, counts)]
    return rows


def _limesurvey_columns(cat):
    """Per indicator: (code, kind, columns) as the LimeSurvey export heads them."""
    taken: set[str] = set()
    out = []
    for ind in cat.indicatoren:
        code = question_code(ind.id, taken)
        if ind.soort == "meervoudig":
            cols = {f"{code}[SQ{k + 1:03d}]": a for k, a in enumerate(ind.answer_ids)}
            out.append((ind, code, cols))
        else:
            out.append((ind, code, {f"A{k + 1}": a for k, a in enumerate(ind.answer_ids)}))
    return out


def write_limesurvey(path: Path, cat, nis: str, title: str, answers, answered, rng, size: int,
                     flaws: bool = True) -> None:
    """A LimeSurvey response export: CSV, comma, every cell quoted, UTF-8 with BOM, question codes as
    headings; with a free-text column, incomplete responses, a duplicate and an unknown code."""
    layout = _limesurvey_columns(cat)
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed"]
    for ind, code, cols in layout:
        header += list(cols) if ind.soort == "meervoudig" else [code]
    header.append("OPMERKING")
    days = rng.integers(0, 40, size)
    rows = []
    for r in range(size):
        date = np.datetime64("2026-02-02") + int(days[r])
        row = [str(r + 1), f"{date} 1{r % 10}:{r % 60:02d}:00", "4", "nl", str(int(rng.integers(1, 10**8)))]
        for ind, _code, cols in layout:
            given = answers[ind.id]
            if ind.soort == "meervoudig":
                assert isinstance(given, dict)
                row += [("Y" if given[a][r] and answered[ind.id][r] else "") for a in cols.values()]
            else:
                index = {a: c for c, a in cols.items()}
                row.append(index[given[r]] if answered[ind.id][r] else "")
        row.append(f"{FREE_TEXT_MARKER} mijn buurt, mijn straat" if r % 7 == 0 else "")
        rows.append(row)
    if flaws:
        rows[3][1] = ""  # did not finish
        rows[11][1] = ""
        rows[5][header.index(layout[0][1])] = "A9"  # a code the questionnaire does not have
        rows.append(list(rows[20]))  # submitted twice
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)


def limesurvey_mapping(cat, nis: str, title: str) -> str:
    lines = ["# SYNTHETISCH voorbeeld: koppeling van een LimeSurvey-export (vraagcodes als kolomkoppen).",
             "bevraging:", f"  titel: {title}", f'  gemeente: "{nis}"', "  bron: limesurvey",
             "respondent_id: id", "volledig: submitdate", "datum: submitdate", "vragen:"]
    for ind, code, cols in _limesurvey_columns(cat):
        lines.append(f"  - indicator: {ind.id}")
        if ind.soort == "meervoudig":
            lines.append("    kolommen: {" + ", ".join(f'"{c}": {a}' for c, a in cols.items()) + "}")
            lines.append('    gekozen: ["Y", "1"]')
        else:
            lines.append(f"    kolom: {code}")
            lines.append("    codes: {" + ", ".join(f'{c}: "{a}"' for c, a in cols.items()) + "}")
    return "\n".join(lines) + "\n"


def write_sav(path: Path, limesurvey_csv: Path, cat) -> None:
    """The same respondents as an SPSS file, as LimeSurvey's SPSS export makes it: single-choice
    answers numbered 1..n with the answer texts as value labels, multiple-choice columns `CODE_SQ001`
    with 1 or 0, the free text kept as text."""
    import pandas as pd
    import pyreadstat

    frame = pd.read_csv(limesurvey_csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    out = pd.DataFrame({"id": frame["id"].astype(int), "submitdate": frame["submitdate"]})
    labels: dict[str, dict[float, str]] = {}
    for ind, code, cols in _limesurvey_columns(cat):
        if ind.soort == "meervoudig":
            for col in cols:  # SPSS names hold no brackets: DELENWAT[SQ001] -> DELENWAT_SQ001
                name = col.replace("[", "_").replace("]", "")
                out[name] = np.where(frame[col] == "Y", 1.0, np.where(frame[[c for c in cols]].eq("").all(axis=1),
                                                                      np.nan, 0.0))
        else:
            number = {c: float(k + 1) for k, c in enumerate(cols)}
            out[code] = [number.get(v, np.nan if v == "" else 9.0) for v in frame[code]]
            labels[code] = {number[c]: ind.answer_label(a) for c, a in cols.items()}
    out["OPMERKING"] = frame["OPMERKING"]
    pyreadstat.write_sav(out, str(path), variable_value_labels=labels)


def spss_mapping(cat, nis: str, title: str) -> str:
    text = limesurvey_mapping(cat, nis, title).replace("bron: limesurvey", "bron: spss")
    text = re.sub(r'"([A-Z0-9]+)\[(SQ\d{3})\]"', r'"\1_\2"', text)
    return text.replace("koppeling van een LimeSurvey-export", "koppeling van een SPSS-bestand uit LimeSurvey")


def write_kobo(path: Path, cat, answers, answered, rng, size: int) -> None:
    """A KoboToolbox export of the XLSForm: CSV with `;`, the questions in a group `woning/`, a
    select_multiple as a space-separated column plus one 1/0 column per choice, only complete
    submissions."""
    header = ["start", "end"]
    for ind in cat.indicatoren:
        header.append(f"woning/{ind.id}")
        if ind.soort == "meervoudig":
            header += [f"woning/{ind.id}/{a}" for a in ind.answer_ids]
    header += ["woning/opmerking", "_id", "_uuid", "_submission_time", "_index"]
    days = rng.integers(0, 40, size)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for r in range(size):
            date = str(np.datetime64("2026-02-02") + int(days[r]))
            row = [f"{date}T10:00:00.000+01:00", f"{date}T10:09:00.000+01:00"]
            for ind in cat.indicatoren:
                given = answers[ind.id]
                if ind.soort == "meervoudig":
                    assert isinstance(given, dict)
                    on = [a for a in ind.answer_ids if given[a][r]] if answered[ind.id][r] else []
                    row.append(" ".join(on))
                    row += [("1" if a in on else "0") if answered[ind.id][r] else "" for a in ind.answer_ids]
                else:
                    row.append(given[r] if answered[ind.id][r] else "")
            row += [f"{FREE_TEXT_MARKER} meer bomen" if r % 9 == 0 else "", str(1000 + r),
                    f"0000{r:04d}-kobo-synth-{r:06d}", f"{date}T10:09:30", str(r + 1)]
            writer.writerow(row)


def kobo_mapping(cat, nis: str, title: str) -> str:
    lines = ["# SYNTHETISCH voorbeeld: koppeling van een KoboToolbox-export van de XLSForm.",
             "bevraging:", f"  titel: {title}", f'  gemeente: "{nis}"', "  bron: xlsform",
             "respondent_id: _uuid", "datum: _submission_time", "vragen:"]
    for ind in cat.indicatoren:
        lines.append(f"  - indicator: {ind.id}")
        if ind.soort == "meervoudig":
            lines.append("    kolommen: {" + ", ".join(f'"{ind.id}/{a}": {a}' for a in ind.answer_ids) + "}")
            lines.append('    gekozen: ["1"]')
        else:
            lines.append(f"    kolom: {ind.id}")
            lines.append("    codes: {" + ", ".join(f'"{a}": "{a}"' for a in ind.answer_ids) + "}")
    return "\n".join(lines) + "\n"


SAMPLES = (("24062", "Leuven", 420, "Woonbevraging Leuven 2026 (synthetisch)"),
           ("44021", "Gent", 380, "Woonbevraging Gent 2026 (synthetisch)"))


def write_samples(folder: Path, cat, gebieden) -> list[Path]:
    """The sample follow-ups of two municipalities: LimeSurvey CSV + mapping, .sav + mapping, Kobo CSV
    + mapping (Gent), margins."""
    written = []
    for k, (nis, naam, size, title) in enumerate(SAMPLES):
        slug = naam.lower()
        population = gebieden.gemeenten[nis].bevolking
        answers, answered, rng = simulate(cat, size, population, SEED + k)
        lime = folder / f"bevraging-{slug}-limesurvey.csv"
        write_limesurvey(lime, cat, nis, title, answers, answered, rng, size)
        (folder / f"bevraging-{slug}-limesurvey.yaml").write_text(limesurvey_mapping(cat, nis, title))
        sav = folder / f"bevraging-{slug}.sav"
        write_sav(sav, lime, cat)
        (folder / f"bevraging-{slug}-spss.yaml").write_text(spss_mapping(cat, nis, title))
        kobo = folder / f"bevraging-{slug}-kobo.csv"
        write_kobo(kobo, cat, answers, answered, rng, size)
        (folder / f"bevraging-{slug}-kobo.yaml").write_text(kobo_mapping(cat, nis, title))
        marges = folder / f"marges-{slug}.csv"
        with marges.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["variabele", "categorie", "aantal"])
            writer.writerows(margins(cat, population))
        written += [lime, sav, kobo, marges]
    return written

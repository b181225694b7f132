"""Check raw result tables against the catalogue and the list of areas; produce the canonical table.

Canonical columns: nis, indicator, antwoord, groep, aantal, n (floats for the last two), plus
_bestand and _rij to point back at the source. All problems of a file are reported together.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config_catalogue import Catalogus
from .errors import InputError, Problem
from .gebieden import Gebieden
from .load import HEADER_SEARCH_ROWS, RawTable
from .notices import warn
from .suggest import closest, did_you_mean

REQUIRED = ["nis", "gebied", "indicator", "antwoord", "groep", "n"]
COUNT_COLUMNS = ("aantal", "percentage")
KEY = ["nis", "indicator", "antwoord", "groep"]
MAX_PROBLEMS_PER_FILE = 200
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_THOUSANDS = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")
_GROUPED = {",": re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})*(,\d+)?$"),  # decimal comma, '.' groups
            ".": re.compile(r"^-?[1-9]\d{0,2}(,\d{3})*(\.\d+)?$")}  # decimal point, ',' groups
NO_ANSWERS = ("", "#deel/0!", "#div/0!")  # an empty share on a row with n = 0: nobody answered


def _strip(text: str) -> str:
    return text.replace("%", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")


def parse_number(text: str, decimal: str | bool | None = None) -> float | None:
    """'1.234,5' / '45,3 %' / '12' -> float; None when the text is not a plain finite number.

    `decimal` is the column's decimal sign (',' or '.', see `number_format`); then the other sign may
    only group thousands. Without it a lone separator is a decimal one (True: the old 'comma
    decimal' flag, ',')."""
    if text.isdigit() and text.isascii():  # the usual count: nothing to strip, no separator to read
        return float(text)
    if decimal is True:
        decimal = ","
    t = _strip(text)
    if not t:
        return None
    if decimal in (",", "."):
        group = "." if decimal == "," else ","
        if group in t:
            if not _GROUPED[decimal].match(t):
                return None
            t = t.replace(group, "")
        t = t.replace(",", ".")
    elif "," in t and "." in t:
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    elif "," in t:
        t = t.replace(",", "") if t.count(",") > 1 else t.replace(",", ".")
    if not _PLAIN_NUMBER.match(t):
        return None
    value = float(t)
    if not math.isfinite(value):
        return None
    return value + 0.0  # -0.0 -> 0.0


@dataclass
class _Signs:
    """What the values of one column say about its decimal sign: a first example of each kind."""

    comma: tuple[str, int] | None = None  # certainly a decimal comma ('36,5', '1.234,5', '1.234.567')
    point: tuple[str, int] | None = None  # certainly a decimal point ('20.25', '1,234.5', '1,234,567')
    dot_group: tuple[str, int] | None = None  # '1.495': a thousands point or a decimal point
    comma_group: tuple[str, int] | None = None  # '1,495': a thousands comma or a decimal comma


def _signs(examples) -> _Signs:
    """The signs of one column from its distinct values, each with the first row it stands on."""
    signs = _Signs()
    for raw, row in examples:
        t = _strip(raw).lstrip("-")
        has_comma, has_dot = "," in t, "." in t
        if not (has_comma or has_dot) or "e" in t.lower():
            continue
        example = (raw, int(row))
        if has_comma and has_dot:
            kind = "comma" if t.rfind(",") > t.rfind(".") else "point"
        elif has_dot:
            kind = "comma" if t.count(".") > 1 else "dot_group" if _THOUSANDS.match(t) else "point"
        else:
            kind = "point" if t.count(",") > 1 else (
                "comma_group" if _THOUSANDS.match(t.replace(",", ".")) else "comma")
        if getattr(signs, kind) is None:
            setattr(signs, kind, example)
    return signs


class _Coded:
    """A text column as codes into its distinct values, in order of first appearance: every check runs
    once per distinct value and is spread over the rows by the codes (a results file repeats its
    values thousands of times; string operations on every row cost a first run 60 ms)."""

    def __init__(self, codes: np.ndarray, values: np.ndarray, rows: np.ndarray):
        self.codes, self.values, self.rows = codes, values, rows

    @classmethod
    def of(cls, column: pd.Series, rows: np.ndarray) -> _Coded:
        codes, distinct = pd.factorize(column.astype(str).to_numpy(dtype=object))
        return cls(codes, np.asarray(distinct, dtype=object), rows)

    def map(self, fn) -> _Coded:
        """The column with fn applied to its values (once per distinct value; the codes stay)."""
        return _Coded(self.codes, np.array([fn(v) for v in self.values], dtype=object), self.rows)

    def at(self, i: int) -> str:
        return self.values[self.codes[i]]

    def each(self, fn, dtype=object) -> np.ndarray:
        """fn of every row's value, computed once per distinct value."""
        return np.fromiter((fn(v) for v in self.values), dtype=dtype, count=len(self.values))[self.codes]

    def categorical(self, keep: np.ndarray) -> pd.Categorical:
        """The kept rows as a categorical column, its categories sorted (as pandas sorts them), made
        from the distinct values: no sorting of every row."""
        categories = sorted(set(self.values))
        position = {category: i for i, category in enumerate(categories)}
        codes = np.fromiter((position[v] for v in self.values), dtype=np.int64, count=len(self.values))
        return pd.Categorical.from_codes(codes[self.codes[keep]], pd.Index(categories, dtype="str"))

    def examples(self):
        """Each distinct value with the first row it stands on."""
        first = np.unique(self.codes, return_index=True)[1]  # codes count up from 0 in order of appearance
        return zip(self.values, self.rows[first])


def _group_key(group: str) -> str:
    return group.lower().replace(" ", "")


def number_format(signs: _Signs, percentage: bool, file_decimal: str | None) -> tuple[str | None, str | None]:
    """The decimal sign of one column, decided from all its values: (sign, None), or (None, why not)
    when the column cannot be read unambiguously. A '1.495' among whole counts is a thousands
    separator, unless other columns of the file write decimals with a point."""
    def show(example):
        return f"'{example[0]}' (rij {example[1]})"

    if signs.comma and signs.point:
        return None, (f"mengt een decimale komma, {show(signs.comma)}, en een decimale punt, {show(signs.point)}; "
                      "bewaar het bestand opnieuw met overal dezelfde notatie")
    if signs.comma:
        return ",", None
    if signs.point:
        return ".", None
    if signs.dot_group and signs.comma_group:
        return None, (f"{show(signs.dot_group)} en {show(signs.comma_group)} zijn niet eenduidig te lezen; "
                      "schrijf getallen zonder scheidingsteken voor duizendtallen (1495)")
    if percentage:  # a share is never 1000 or more: a lone separator is a decimal one
        return ("." if signs.dot_group else "," if signs.comma_group else None), None
    lone = signs.dot_group or signs.comma_group
    if lone is None:
        return None, None
    decimal = "," if signs.dot_group else "."  # the lone separator groups thousands
    if file_decimal is not None and file_decimal != decimal:
        other = "punt" if file_decimal == "." else "komma"
        return None, (f"{show(lone)} kan een duizendtal of een decimaal getal zijn (andere kolommen gebruiken een "
                      f"decimale {other}); schrijf getallen zonder scheidingsteken voor duizendtallen (1495) "
                      f"of met de decimale {other} (1{'.' if other == 'punt' else ','}495)")
    return decimal, None


def normalise_nis(text: str) -> str:
    t = text.strip()
    if re.fullmatch(r"\d+\.0+", t):
        t = t.split(".")[0]
    if re.fullmatch(r"\d{4}", t):
        t = t.zfill(5)  # Excel drops the leading zero of 02000
    return t


class _Collector:
    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem | None] = []  # None: a problem counted beyond the limit

    def add(self, message: str, row: int | None = None, column: str | None = None, value=None):
        if len(self.items) < MAX_PROBLEMS_PER_FILE:
            self.items.append(Problem(message, file=self.file, row=row, column=column, value=value))
        else:
            self.items.append(None)  # counted, not kept

    @property
    def problems(self) -> list[Problem]:
        kept = [p for p in self.items if p is not None]
        dropped = len(self.items) - len(kept)
        if dropped:
            kept.append(Problem(f"… en nog {dropped} {'ander probleem' if dropped == 1 else 'andere problemen'} in dit "
                                "bestand", file=self.file))
        return kept


def validate_tables(tables: list[RawTable], catalogus: Catalogus, gebieden: Gebieden) -> pd.DataFrame:
    problems: list[Problem] = []
    frames = []
    for table in tables:
        frame, file_problems = _validate_table(table, catalogus, gebieden)
        problems += file_problems
        if frame is not None:
            frames.append(frame)
    if problems:
        files = sorted({p.file for p in problems if p.file})
        raise InputError(f"De resultaten bevatten fouten ({', '.join(files)}):", problems)
    data = _concat(frames)
    if _may_overlap(frames):  # each file was checked on its own; across files only where NIS codes meet
        _check_duplicates(data, problems)
    if problems:
        raise InputError("Dezelfde resultaten staan meer dan eens in de gegevens:", problems)
    return compact(data)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The files' tables as one, their text columns still categorical (pd.concat would turn categories
    that differ per file back into text, and compact would have to find them again)."""
    from pandas.api.types import union_categoricals

    columns = {}
    for column in frames[0].columns:
        parts = [frame[column] for frame in frames]
        if all(isinstance(part.dtype, pd.CategoricalDtype) for part in parts):
            columns[column] = union_categoricals(parts, sort_categories=True)
        else:
            columns[column] = np.concatenate([part.to_numpy() for part in parts])
    return pd.DataFrame(columns)


def _may_overlap(frames: list[pd.DataFrame]) -> bool:
    """Whether two files hold results for the same NIS code (only then can a row be in both)."""
    seen: set[str] = set()
    for frame in frames:
        codes = set(frame["nis"].unique())
        if codes & seen:
            return True
        seen |= codes
    return False


def compact(data: pd.DataFrame) -> pd.DataFrame:
    """Text columns as categories: all of Flanders takes ~15 MB instead of ~120 MB, which every
    batch worker would otherwise carry."""
    for column in ("nis", "indicator", "antwoord", "groep", "_bestand"):
        if not isinstance(data[column].dtype, pd.CategoricalDtype):
            data[column] = data[column].astype(str).astype("category")
    return data


def _validate_table(table: RawTable, cat: Catalogus, gebieden: Gebieden):
    frame, name = table.frame, str(table.path)
    c = _Collector(name)
    columns = set(frame.columns)
    missing = [col for col in REQUIRED if col not in columns]
    count_col = next((col for col in COUNT_COLUMNS if col in columns), None)
    if count_col is None:
        missing.append("aantal (of percentage)")
    if missing:
        # Only a column thuis does not use can be the misspelt one ('nis' is no guess for 'n').
        unused = [x for x in frame.columns if not x.startswith("_") and x not in REQUIRED and x not in COUNT_COLUMNS]
        guesses = [(m, closest(m, unused, limit=1)) for m in missing if not m.startswith("aantal")]
        hint = "".join(f" Is '{near[0]}' bedoeld als '{m}'?" for m, near in guesses if near)
        c.add(f"ontbrekende kolom(men): {', '.join(missing)}.{hint} "
              f"Verwacht: {', '.join(REQUIRED)} en aantal of percentage. Gelezen als kopregel: "
              f"{table.place}; thuis zoekt de kopregel in de eerste {HEADER_SEARCH_ROWS} rijen van elk tabblad.",
              row=table.header_row)
        return None, c.problems
    assert count_col is not None, "a missing count column returned above"
    if frame.empty:
        c.add("het bestand heeft een kopregel maar geen gegevens")
        return None, c.problems

    indicators = cat.by_id
    rows = frame["_rij"].to_numpy()
    col = {k: _Coded.of(frame[k], rows) for k in ["nis", "indicator", "antwoord", "groep", "n", count_col]}

    nis = col["nis"].map(normalise_nis)
    nis_ok = nis.each(lambda v: bool(re.fullmatch(r"\d{5}", v)) and gebieden.is_known_code(v), bool)
    ind = col["indicator"].map(str.lower)
    ind_ok = ind.each(lambda v: v in indicators, bool)
    answer = col["antwoord"].map(str.lower)
    valid_pairs = {(i.id, a) for i in cat.indicatoren for a in i.answer_ids}
    pair_ok = np.array([[(i, a) in valid_pairs for a in answer.values] for i in ind.values], dtype=bool)
    answer_ok = pair_ok[ind.codes, answer.codes] | ~ind_ok
    group = col["groep"].map(_group_key)
    group_ok = group.each(lambda g: _valid_group(g, cat), bool)
    signs = {k: _signs(col[k].examples()) for k in ("n", count_col)}
    strong = {"," if s.comma else "." for s in signs.values() if bool(s.comma) != bool(s.point)}
    file_decimal = strong.pop() if len(strong) == 1 else None
    decimals = {}
    for k, found in signs.items():
        decimals[k], why = number_format(found, k == "percentage", file_decimal)
        if why:
            c.add(f"de getallen in deze kolom zijn niet eenduidig: de kolom {why}.", column=k)
    if len(c.items):
        return None, c.problems

    def number(v: str, decimal) -> float:
        parsed = parse_number(v, decimal)
        return math.nan if parsed is None else parsed

    n = col["n"].each(lambda v: number(v, decimals["n"]), float)
    value = col[count_col].each(lambda v: number(v, decimals[count_col]), float)
    nobody = (n == 0) & col[count_col].each(lambda v: v.strip().lower() in NO_ANSWERS, bool)
    value = np.where(nobody, 0.0, value)
    shares = _Shares.of(col[count_col], value, decimals[count_col]) if count_col == "percentage" else None
    with np.errstate(invalid="ignore"):
        n_ok = ~np.isnan(n) & (n >= 0)
        value_ok = ~np.isnan(value) & (value >= 0)
        if shares:
            value_ok &= value <= shares.scale + 1e-6
        aantal = value * n / shares.scale if shares else value
        fits = ~(n_ok & value_ok) | (aantal <= n + 1e-6)
    good = nis_ok & ind_ok & answer_ok & group_ok & n_ok & value_ok & fits

    for i in (~good).nonzero()[0]:
        row = int(rows[i])
        if not nis_ok[i]:
            raw, code = col["nis"].at(i), nis.at(i)
            if not re.fullmatch(r"\d{5}", code):
                c.add("een NIS-code heeft vijf cijfers (bv. 24062, of 02000 voor Vlaanderen)", row, "nis", raw)
            elif code in gebieden.fusies:
                c.add("is een NIS-code van 2025; de woontest gebruikt de gemeenten van 2019–2024", row, "nis", raw)
            else:
                c.add("is geen Vlaamse gemeente van 2019–2024 en geen referentiegebied", row, "nis", raw)
        if not ind_ok[i]:
            raw = col["indicator"].at(i)
            c.add("onbekende indicator." + did_you_mean(raw, indicators), row, "indicator", raw)
        elif not answer_ok[i]:
            known = indicators[ind.at(i)].answer_ids
            c.add(f"onbekend antwoord voor indicator '{ind.at(i)}'." + did_you_mean(answer.at(i), known),
                  row, "antwoord", col["antwoord"].at(i))
        if not group_ok[i]:
            c.add("onbekende groep; gebruik 'totaal' of dimensie:waarde zoals 'leeftijd:65+'."
                  + did_you_mean(group.at(i), _all_groups(cat)), row, "groep", col["groep"].at(i))
        for column, parsed, ok in (("n", n, n_ok), (count_col, value, value_ok)):
            if ok[i]:
                continue
            raw = col[column].at(i)
            if not raw:
                c.add(f"lege cel; {column} is verplicht", row, column)
            elif np.isnan(parsed[i]):
                c.add("geen getal", row, column, raw)
            elif parsed[i] < 0:
                c.add(f"{column} kan niet negatief zijn", row, column, raw)
            else:
                c.add("een percentage ligt tussen 0 en 100 (of, als fractie, tussen 0 en 1)", row, column, raw)
        if n_ok[i] and value_ok[i] and not fits[i]:
            c.add(f"aantal ({_show(aantal[i])}) is groter dan n ({_show(n[i])})", row, count_col,
                  col[count_col].at(i))

    _check_names(frame, nis, nis_ok, gebieden, c)
    data = pd.DataFrame({"nis": nis.categorical(good), "indicator": ind.categorical(good),
                         "antwoord": answer.categorical(good), "groep": group.categorical(good),
                         "aantal": aantal[good], "n": n[good],
                         "_bestand": pd.Categorical.from_codes(np.zeros(int(good.sum()), dtype=int), [name]),
                         "_rij": rows[good]})
    _check_duplicates(data, c)
    if _check_totals(data, cat, c, count_col, shares):
        _check_groups_fit(data, c, count_col)
    problems = c.problems
    return (None if problems else data), problems


@dataclass(frozen=True)
class _Shares:
    """How a `percentage` column writes its shares: as percentages (57, 57 %, 28,8 %) or as fractions
    (0,574, as a spreadsheet stores 57 %), and to how many decimals they were rounded. Published tables
    round to whole percentages; the answers of a question then add up to 100 give or take half a point
    per answer, and the sum check allows for that."""

    scale: float  # 100 for percentages, 1 for fractions
    unit: float  # the rounding step, in percentage points (1 for '57 %', 0,1 for '28,8 %' or '0,574')

    @classmethod
    def of(cls, raw: _Coded, value: np.ndarray, decimal: str | None) -> _Shares:
        known = value[~np.isnan(value)]
        fractions = (len(known) > 0 and known.max() <= 1 and bool(((known > 0) & (known < 1)).any())
                     and not any("%" in v for v in raw.values))
        digits = max((_decimals(v, decimal) for v in raw.values), default=0)
        scale = 1.0 if fractions else 100.0
        return cls(scale, 10.0 ** -digits * 100 / scale)


def _decimals(text: str, decimal: str | None) -> int:
    """The number of decimals a number is written with ('57 %' 0, '28,8' 1, '0,574' 3)."""
    t = _strip(text)
    if "e" in t.lower():
        return 12  # scientific notation: as precise as a float
    if decimal is None or decimal not in t:
        return 0
    return len(t) - t.rindex(decimal) - 1


def _check_names(frame: pd.DataFrame, nis: _Coded, nis_ok: np.ndarray, gebieden: Gebieden, c) -> None:
    """The `gebied` column is informational: the NIS code counts. A name of another area may be a
    copy-paste error that files the results under the wrong municipality, so it is a warning (never a
    refusal: 'Vlaams Gewest - totaal' or 'Région flamande' are fine names for 02000). Spelling
    variants ('St.-Martens-Latem') pass silently. Each pair of code and name is looked at once, on
    the first row it stands on."""
    from .gebieden import slugify

    references = set(gebieden.references)
    names = _Coded.of(frame["gebied"], nis.rows)
    pair = nis.codes.astype(np.int64) * len(names.values) + names.codes
    valid = nis_ok.nonzero()[0]
    first = np.sort(valid[np.unique(pair[valid], return_index=True)[1]])
    for i in first:
        code, name, row = nis.at(i), names.at(i), nis.rows[i]
        if not name:
            continue
        official = gebieden.get(code).naam
        a, b = slugify(name).replace("provincie-", ""), slugify(official).replace("provincie-", "")
        if a == b or code in references and any(word in a for word in _REFERENCE_WORDS):
            continue
        from rapidfuzz import fuzz  # only for a name that differs (loading it costs 10 ms)

        if fuzz.partial_ratio(a, b) < 75:
            warn(f"{c.file}, rij {int(row)}, kolom 'gebied': NIS-code {code} is {official}, "
                 f"niet '{name}'. thuis gebruikt de NIS-code; kijk na of de code of de naam klopt.")


_REFERENCE_WORDS = ("gewest", "vlaander", "flandr", "flanders", "flamand", "provin", "totaal", "total")


def _valid_group(group: str, cat: Catalogus) -> bool:
    if group == "totaal":
        return True
    dim, _, value = group.partition(":")
    return dim in cat.groepen and value in cat.group_values(dim)


def _all_groups(cat: Catalogus) -> list[str]:
    return ["totaal"] + [f"{d}:{v}" for d in cat.groepen for v in cat.group_values(d)]


def _show(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _check_duplicates(data: pd.DataFrame, sink) -> None:
    ids, count = _groups(data, tuple(KEY))
    if count == len(data):  # every key once: the usual case
        return
    dupes = data[np.bincount(ids)[ids] > 1]
    for _, group in dupes.groupby(KEY, sort=False):
        first = group.iloc[0]
        for _, later in group.iloc[1:].iterrows():
            where = f"rij {first['_rij']}"
            if later["_bestand"] != first["_bestand"]:
                where += f" van {first['_bestand']}"
            message = (f"dubbele rij: nis {later['nis']}, indicator {later['indicator']}, antwoord "
                       f"{later['antwoord']}, groep {later['groep']} staat ook op {where}")
            if isinstance(sink, _Collector):
                sink.add(message, later["_rij"])
            else:
                sink.append(Problem(message, file=later["_bestand"], row=later["_rij"]))


def _groups(data: pd.DataFrame, columns: tuple[str, ...]) -> tuple[np.ndarray, int]:
    """Each row's group of equal values in the categorical `columns`, numbered in order of first
    appearance (as groupby(sort=False) numbers them), and the number of groups: from the category
    codes, without grouping the text."""
    key = np.zeros(len(data), dtype=np.int64)
    for column in columns:
        values = data[column].cat
        key = key * (len(values.categories) + 1) + values.codes.to_numpy().astype(np.int64) + 1
    ids, uniques = pd.factorize(key)
    return ids, len(uniques)


def _check_totals(data: pd.DataFrame, cat: Catalogus, c: _Collector, count_col: str = "aantal",
                  shares: _Shares | None = None) -> bool:
    """Within one area x question x group, n is the same on every answer and the answers add up (to n,
    within 1 % or 0,6 participant, or within the rounding of the shares: half a step per answer).
    False when the counts are no counts at all (percentages in 'aantal'): nothing more to check on them."""
    if data.empty:
        return True
    ids, count = _groups(data, ("nis", "indicator", "groep"))
    n, aantal, rows = data["n"].to_numpy(float), data["aantal"].to_numpy(float), data["_rij"].to_numpy()
    n_min, n_max = np.full(count, np.inf), np.full(count, -np.inf)
    np.minimum.at(n_min, ids, n)
    np.maximum.at(n_max, ids, n)
    total = np.bincount(ids, weights=aantal, minlength=count)
    first = np.full(count, len(data))
    np.minimum.at(first, ids, np.arange(len(data)))
    kinds = {i.id: i for i in cat.indicatoren}
    indicators = data["indicator"].to_numpy()[first]
    multiple = np.array([kinds[x].soort == "meervoudig" for x in indicators], dtype=bool)
    tolerance = np.maximum(0.01 * n_max, 0.6)
    if shares:
        answers = np.bincount(ids, minlength=count)
        tolerance = np.maximum(tolerance, answers * shares.unit / 2 / 100 * n_max + 1e-9)
    n_differs = n_max - n_min > 1e-9
    limits = np.array([kinds[x].max_keuzes or len(kinds[x].antwoorden) for x in indicators]) * n_max
    bad_sum = (~multiple & (np.abs(total - n_max) > tolerance)) | (multiple & (total > limits + tolerance))
    if count_col == "aantal" and _counts_look_like_shares(total, n_max, bad_sum & ~multiple & ~n_differs):
        c.add("de antwoorden van een vraag tellen op tot ongeveer 100 (of 1), niet tot n: de kolom 'aantal' "
              "bevat percentages (of fracties). Noem de kolom 'percentage'; thuis rekent dan het aantal uit n",
              column="aantal")
        return False
    for g in (n_differs | bad_sum).nonzero()[0]:
        members = ids == g
        group_rows = np.sort(rows[members]).tolist()
        listed = ", ".join(map(str, group_rows[:6])) + (", …" if len(group_rows) > 6 else "")
        nis, indicator, groep = (data[col].iloc[first[g]] for col in ("nis", "indicator", "groep"))
        where = f"nis {nis}, indicator {indicator}, groep {groep} (rijen {listed})"
        row = int(group_rows[0])
        if n_differs[g]:
            ns = np.unique(n[members])
            c.add(f"n verschilt tussen de antwoorden van dezelfde vraag ({', '.join(_show(x) for x in ns)}) "
                  f"voor {where}", row, "n")
        elif kinds[indicator].soort == "meervoudig":
            limit = n_max[g] * (kinds[indicator].max_keuzes or len(kinds[indicator].antwoorden))
            c.add(f"de antwoorden tellen op tot {_show(round(total[g], 2))}, meer dan n × max_keuzes "
                  f"({_show(limit)}) voor {where}", row, count_col)
        elif shares:
            given = total[g] / n_max[g] * shares.scale if n_max[g] else 0.0
            expected = "1" if shares.scale == 1 else "100 %"
            c.add(f"de percentages tellen op tot {_show(round(given, 4))}{'' if shares.scale == 1 else ' %'}, "
                  f"niet tot {expected} (marge: 1 %, of een halve afrondingsstap per antwoord) voor {where}",
                  row, count_col)
        else:
            c.add(f"de antwoorden tellen op tot {_show(round(total[g], 2))} maar n is "
                  f"{_show(n_max[g])} voor {where}", row, count_col)
    return True


def _counts_look_like_shares(total: np.ndarray, n: np.ndarray, bad: np.ndarray) -> bool:
    """Whether the counts that do not add up to n add up to about 100 or 1 instead, nearly everywhere:
    then the whole column holds shares, and one message says so instead of one per question."""
    if bad.sum() < 3:
        return False
    wrong = total[bad]
    like_shares = (np.abs(wrong - 100) <= 5) | (np.abs(wrong - 1) <= 0.05)
    return like_shares.mean() >= 0.8 and bool((np.abs(n[bad] - 100) > 5).any())


def nesting_tolerance(whole_n: float) -> float:
    """How far a part may exceed its whole before the two do not nest: rounding of a percentage file
    (0.05 % of n per share) and of a weighted count; the same slack `compute.rest` allows."""
    return 0.6 + 0.0005 * whole_n


def _check_groups_fit(data: pd.DataFrame, c: _Collector, count_col: str = "aantal") -> None:
    """A group is part of its area's respondents (issue 26): per answer, its count and its n fit
    within those of 'totaal', and the groups of one dimension together hold no more respondents (and
    no more of any answer) than 'totaal'. Otherwise a comparison of the group with 'the other
    respondents' has no meaning. Computed on the category codes (a Flemish file has 400,000 rows); only
    the faults are looked at one by one."""
    if data.empty:
        return
    groups = data["groep"].cat
    categories = [str(g) for g in groups.categories]
    if "totaal" not in categories:
        return
    codes = groups.codes.to_numpy()
    is_total = codes == categories.index("totaal")
    if is_total.all():
        return
    answer, answers = _groups(data, ("nis", "indicator", "antwoord"))
    k, n, rows = data["aantal"].to_numpy(float), data["n"].to_numpy(float), data["_rij"].to_numpy()
    k_total, n_total = np.full(answers, np.nan), np.full(answers, np.nan)
    k_total[answer[is_total]], n_total[answer[is_total]] = k[is_total], n[is_total]
    at = np.nonzero(~is_total & ~np.isnan(k_total[answer]))[0]  # the group rows with a total, in file order
    if not len(at):
        return
    kt, nt = k_total[answer[at]], n_total[answer[at]]
    dim_names, dim_of_category = np.unique([g.split(":")[0] for g in categories], return_inverse=True)
    dim = dim_of_category[codes[at]]
    question = _groups(data, ("nis", "indicator"))[0][at]
    def value(column: str, i: int) -> str:
        return str(data[column].iloc[i])

    def where(i: int) -> str:
        return f"nis {value('nis', i)}, indicator {value('indicator', i)}"

    told = set()  # (question, dimension) already reported for one group
    for j in np.nonzero((n[at] > nt + nesting_tolerance(nt)) | (k[at] > kt + nesting_tolerance(nt)))[0]:
        i = at[j]
        told.add((question[j], dim[j]))
        if n[i] > nt[j] + nesting_tolerance(nt[j]):
            c.add(f"n van de groep ({_show(n[i])}) is groter dan n van 'totaal' ({_show(nt[j])}) voor "
                  f"{where(i)}, groep {value('groep', i)}: een groep is een deel van alle deelnemers",
                  int(rows[i]), "n")
        else:
            c.add(f"aantal van de groep ({_show(k[i])}) is groter dan bij 'totaal' ({_show(kt[j])}) voor "
                  f"{where(i)}, groep {value('groep', i)}, antwoord {value('antwoord', i)}: een groep "
                  "is een deel van alle deelnemers", int(rows[i]), count_col)

    # the groups of one dimension together: their respondents (n once per group), then per answer
    ndim = len(dim_names)
    person = _groups(data, ("nis", "indicator", "groep"))[0][at]
    once = np.sort(np.unique(person, return_index=True)[1])  # each group's first row
    crowded = set()
    for first, total, row in _sums(question[once] * ndim + dim[once], n[at[once]], rows[at[once]]):
        j = once[first]
        if total > nt[j] + nesting_tolerance(nt[j]):
            crowded.add((question[j], dim[j]))
            if (question[j], dim[j]) not in told:
                c.add(f"de groepen van '{dim_names[dim[j]]}' tellen samen {_show(total)} deelnemers, meer dan "
                      f"'totaal' ({_show(nt[j])}) voor {where(at[j])}", row, "n")
    for j, total, row in _sums(answer[at] * ndim + dim, k[at], rows[at]):
        if total > kt[j] + nesting_tolerance(nt[j]) and (question[j], dim[j]) not in crowded | told:
            c.add(f"de groepen van '{dim_names[dim[j]]}' tellen samen {_show(total)} keer antwoord "
                  f"{value('antwoord', at[j])}, meer dan 'totaal' ({_show(kt[j])}) voor {where(at[j])}",
                  row, count_col)


def _sums(keys: np.ndarray, values: np.ndarray, rows: np.ndarray):
    """Per distinct key, in order of first appearance: (its first position, the sum of its values, its
    lowest row number)."""
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    sums = np.bincount(inverse, weights=values, minlength=len(unique))
    lowest = np.full(len(unique), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(lowest, inverse, rows.astype(np.int64))
    for u in np.argsort(first, kind="stable"):
        yield int(first[u]), float(sums[u]), int(lowest[u])

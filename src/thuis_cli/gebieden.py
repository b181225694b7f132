"""Areas: the 300 municipalities of 2019-2024, their 2025 successors, provinces and Flanders.

A municipality can be named by NIS code, name (case- and accent-insensitive) or slug. Results keyed on
2020 codes pool into a municipality merged in 2025 (`Merelbeke-Melle` = Merelbeke + Melle).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import InputError, Problem
from .suggest import did_you_mean

VLAANDEREN = "02000"


@cache
def slugify(text: str) -> str:
    """'Sint-Martens-Latem' -> 'sint-martens-latem'; never contains a separator or '..'. Kept per
    name: looking up a municipality compares with the slugs of all 300."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


@dataclass(frozen=True)
class Gebied:
    nis: str
    naam: str
    soort: str  # gemeente | fusiegemeente | provincie | gewest
    provincie: str | None  # NIS of the province (None for Flanders itself)
    bevolking: int = 0
    onderdelen: tuple[str, ...] = ()  # for a 2025 merger: the 2020 NIS codes it pools

    @property
    def slug(self) -> str:
        return slugify(self.naam)

    @property
    def kort(self) -> str:
        """Name for tables and charts: 'Oost-Vlaanderen' for the province."""
        return self.naam.removeprefix("Provincie ")

    @property
    def in_zin(self) -> str:
        """Name inside a sentence: 'de provincie Oost-Vlaanderen', 'Vlaanderen', 'Leuven' (the province's
        name from the reference data, 'Provincie Oost-Vlaanderen', with its article)."""
        return f"de {self.naam[:1].lower()}{self.naam[1:]}" if self.soort == "provincie" else self.naam

    @property
    def is_reference(self) -> bool:
        return self.soort in ("provincie", "gewest")

    @property
    def codes(self) -> tuple[str, ...]:
        """The NIS codes whose results make up this area in the data."""
        return self.onderdelen or (self.nis,)


class Gebieden:
    def __init__(self, gemeenten: list[Gebied], fusies: list[Gebied], buren: list[tuple[str, str, bool]],
                 provincies: dict[str, str]):
        """`provincies`: NIS code -> the province's name as the municipalities file gives it."""
        refs = [Gebied(VLAANDEREN, "Vlaanderen", "gewest", None)] + [
            Gebied(nis, f"Provincie {naam}", "provincie", nis) for nis, naam in sorted(provincies.items())]
        self.gemeenten = {g.nis: g for g in gemeenten}
        self.fusies = {g.nis: g for g in fusies}
        self.references = {g.nis: g for g in refs}
        self._buren = buren

    @classmethod
    def load(cls, gemeenten_csv: Path, buren_csv: Path | None = None) -> Gebieden:
        rows = _read_csv(gemeenten_csv, ["nis", "naam", "provincie", "nis_provincie", "bevolking_2020",
                                         "nis_2025", "naam_2025"])
        provincies = {row["nis_provincie"]: row["provincie"] for row in rows}
        gemeenten: list[Gebied] = []
        merged: dict[tuple[str, str], list[dict[str, str]]] = {}  # the 2025 municipality: its old rows
        for row in rows:
            gemeenten.append(Gebied(row["nis"], row["naam"], "gemeente", row["nis_provincie"],
                                    int(row["bevolking_2020"] or 0)))
            merged.setdefault((row["nis_2025"], row["naam_2025"]), []).append(row)
        fusies = []
        for (nis, naam), parts in merged.items():
            if len(parts) > 1:
                biggest = max(parts, key=lambda r: int(r["bevolking_2020"] or 0))
                fusies.append(Gebied(nis, naam, "fusiegemeente", biggest["nis_provincie"],
                                     sum(int(r["bevolking_2020"] or 0) for r in parts),
                                     tuple(r["nis"] for r in parts)))
        buren = []
        if buren_csv is not None and buren_csv.is_file():
            for row in _read_csv(buren_csv, ["nis_a", "nis_b", "zeker"]):
                buren.append((row["nis_a"], row["nis_b"], row["zeker"].strip().lower() in ("ja", "1", "true")))
        return cls(gemeenten, fusies, buren, provincies)

    # -- look-ups --------------------------------------------------------------------------

    def all(self) -> list[Gebied]:
        return [*self.references.values(), *self.gemeenten.values(), *self.fusies.values()]

    def get(self, nis: str) -> Gebied:
        return self.gemeenten.get(nis) or self.references.get(nis) or self.fusies[nis]

    def is_known_code(self, nis: str) -> bool:
        """Codes allowed in result files: 2020 municipalities and reference areas."""
        return nis in self.gemeenten or nis in self.references

    def resolve(self, name: str) -> Gebied:
        """A municipality by NIS code, name or slug (2020 names first, then 2025 mergers)."""
        key = name.strip()
        candidates = [*self.gemeenten.values(), *self.fusies.values(), *self.references.values()]
        for g in candidates:
            if key == g.nis:
                return g
        wanted = slugify(key)
        for g in candidates:
            if wanted and wanted == g.slug:
                return g
        hint = did_you_mean(key, [g.naam for g in candidates])
        raise InputError(f"Onbekende gemeente '{key}'.{hint}")

    def province(self, gebied: Gebied) -> Gebied | None:
        return self.references.get(gebied.provincie) if gebied.provincie else None

    def neighbours(self, nis: str, include_uncertain: bool = False) -> list[Gebied]:
        found = []
        for a, b, certain in self._buren:
            if not (certain or include_uncertain):
                continue
            if a == nis:
                found.append(b)
            elif b == nis:
                found.append(a)
        return [self.gemeenten[n] for n in dict.fromkeys(found) if n in self.gemeenten]


def _read_csv(path: Path, required: list[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"{path} mist de kolom(men) {', '.join(missing)}.")
            rows = []
            for number, row in enumerate(reader, start=2):
                if not any((v or "").strip() for v in row.values()):
                    continue
                clean = {k: (v or "").strip() for k, v in row.items() if k}
                if not re.fullmatch(r"\d{5}", clean.get(required[0], "")):
                    raise InputError(f"{path} bevat een ongeldige NIS-code.", [
                        Problem("een NIS-code heeft vijf cijfers", file=str(path), row=number,
                                column=required[0], value=clean.get(required[0], ""))])
                rows.append(clean)
            return rows
    except (OSError, UnicodeDecodeError) as exc:
        reason = "geen UTF-8-tekst" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or "leesfout")
        raise InputError(f"Kan {path} niet lezen: {reason}.") from None

"""What a batch makes and what it may skip: the documents a plan asks for, and per document a hash
of everything it depends on, compared with the manifest of the last run."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import __version__, fmt, resources
from .batch_output import load_manifest
from .errors import InputError
from .gebieden import VLAANDEREN, Gebied
from .plan import LoadedPlan, PlanChecks
from .products import Target, get
from .workspace import Workspace


def plan_targets(ws: Workspace, loaded: LoadedPlan) -> list[Target]:
    """Every document the plan asks for, from the products' own sections; all plan errors at once."""
    plan, gebieden = loaded.plan, ws.gebieden
    checks = PlanChecks(loaded.source)
    available = ws.dataset.codes | set(ws.refused)
    municipalities: list[Gebied] = []
    if plan.gemeenten == "alle":
        municipalities = [gebieden.gemeenten[c] for c in sorted(available & set(gebieden.gemeenten))]
    else:
        def resolve(name: str) -> Gebied:
            g = gebieden.resolve(name)
            if g.is_reference:
                raise InputError(f"{g.naam} is geen gemeente.")
            if not all(c in available for c in g.codes):
                raise InputError(f"geen gegevens voor {g.naam}.")
            return g

        for i, name in enumerate(plan.gemeenten):
            g = checks.within("")(f"gemeenten[{i}]", lambda name=name: resolve(name))
            if g is not None:
                municipalities.append(g)
    municipalities = list(dict.fromkeys(municipalities))
    targets: list[Target] = []
    for name, spec in loaded.sections.items():
        product = get(name)
        targets += product.targets(ws, spec, municipalities, checks.within(f"{product.plan_key}."))
    checks.raise_if_any()
    return list({t.id: t for t in targets}.values())


def static_parts(ws: Workspace, templates: Path | None) -> dict[str, str]:
    """What every document depends on, a hash per part: thuis itself, each config file, each template."""
    parts = {"thuis": __version__}
    for name, path in sorted(ws.config.files.items()):
        parts[f"configuratie: {name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    roots = [("sjabloon", resources.templates_dir())] + ([("eigen sjabloon", templates)] if templates else [])
    for label, root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            parts[f"{label}: {path.relative_to(root)}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return parts


def area_states(ws: Workspace, target: Target) -> dict[str, str]:
    """Per area a document shows (its municipalities, their province, Flanders): the data's state."""
    areas = [ws.gebieden.get(c) for c in target.codes]
    refs = {VLAANDEREN} | {g.provincie for g in areas if g.provincie}
    states = {}
    for g in areas + [ws.gebieden.get(r) for r in sorted(refs)]:
        states[g.nis] = ws.refused.get(g.nis) or (ws.dataset.fingerprint(g) if ws.dataset.has(g) else "-")
    return states


def job_hash(target: Target, static: dict[str, str], areas: dict[str, str]) -> str:
    digest = hashlib.sha256(json.dumps([sorted(static.items()), target.id, repr(target.params),
                                        sorted(areas.items())]).encode())
    return digest.hexdigest()


def why_changed(ws: Workspace, previous: dict, static_now: dict[str, str], static_before: dict[str, str],
                areas: dict[str, str]) -> str:
    """In words a user can act on: which municipality's data, which config file or template changed."""
    changed_areas = [ws.gebieden.get(nis).naam for nis, state in areas.items()
                     if previous.get("gebieden", {}).get(nis) != state]
    changed_static = [k for k in static_now if static_before.get(k) != static_now[k]]
    changed_static += [k for k in static_before if k not in static_now]
    reasons = []
    if changed_areas:
        reasons.append("gegevens van " + ", ".join(changed_areas))
    if changed_static:
        more = len(changed_static) - 3
        shown = ", ".join(changed_static[:3]) + (f" en nog {more}" if more > 0 else "")
        reasons.append(shown)
    return "gewijzigd: " + "; ".join(reasons) if reasons else "gewijzigd (plan of instellingen van het document)"


@dataclass(frozen=True)
class Decision:
    target: Target
    hash: str
    areas: dict
    reason: str

    @property
    def skip(self) -> bool:
        return self.reason == "ongewijzigd"

    @property
    def refused(self) -> bool:
        return self.reason.startswith("mislukt")


def decide(ws: Workspace, targets: list[Target], out: Path, manifest: dict, static: dict[str, str],
           force: bool) -> list[Decision]:
    """Per document: make it or skip it, and why."""
    decisions = []
    static_before = manifest.get("vast", {})
    for target in targets:
        areas = area_states(ws, target)
        digest = job_hash(target, static, areas)
        previous = manifest["uitvoer"].get(target.id)
        codes = [c for nis in target.codes for c in ws.gebieden.get(nis).codes]
        bad = [ws.refused[c] for c in codes if c in ws.refused]
        if bad:
            reason = f"mislukt: ongeldige gegevens ({bad[0]})"
        elif force:
            reason = "geforceerd"
        elif previous is None:
            reason = "nieuw"
        elif previous.get("hash") != digest:
            reason = why_changed(ws, previous, static, static_before, areas)
        elif not previous.get("leeg") and "exemplaren" not in previous:
            reason = "gemaakt door een oudere versie van thuis (het manifest mist de gemeenten en exemplaren)"
        elif not all((out / f).is_file() for f in previous.get("bestanden", [])):
            reason = "bestand ontbreekt"
        else:
            reason = "ongewijzigd"
        decisions.append(Decision(target, digest, areas, reason))
    return decisions


def dry_run(ws: Workspace, targets: list[Target], out: Path, force: bool, templates: Path | None) -> list[str]:
    """What a run would do and why, one line per document."""
    decisions = decide(ws, targets, out, load_manifest(out), static_parts(ws, templates), force)
    lines = [f"{'overslaan' if d.skip else 'maken'}  {d.target.id}  ({d.reason})" for d in decisions]
    lines.append(f"Droge run: {fmt.aantal(len(targets), 'document', 'documenten')} in het plan; er werd niets "
                 "gemaakt.")
    return lines

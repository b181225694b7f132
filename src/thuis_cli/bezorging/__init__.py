"""Delivery by e-mail: a publishing sink that sends each finished document to its recipients,
exactly once per version.

The narrow interface the batch and the CLI use:
- `ManifestEntry`, `documents_from_manifest`: what there is to deliver;
- `load_recipients` / `parse_recipients`: who receives what (`ontvangers.yaml` or a plan's `bezorging:`);
- `plan_deliveries`, `deliver`: who gets what and why, and the sending itself;
- `run_command` (`thuis bezorg`), `deliver_after_build` (end of `thuis batch`),
  `check_plan_delivery` (check a plan before a long build), `check_lines` (`thuis check`).
"""

from __future__ import annotations

import time
from pathlib import Path

from .. import fmt
from ..env import current
from ..errors import InputError, ThuisError
from .bezorgen import REPORT, DeliveryResult, deliver
from .documenten import ManifestEntry, documents_from_manifest
from .ontvangers import (RECIPIENTS_FILE, Recipients, find_recipients_file, parse_recipients, read_credentials,
                         read_recipients_file, recipient_kinds)
from .planning import LEDGER, Delivery, Ledger, plan_deliveries

__all__ = ["ManifestEntry", "Delivery", "DeliveryResult", "Ledger", "Recipients", "LEDGER", "REPORT",
           "documents_from_manifest", "plan_deliveries", "deliver", "load_recipients", "parse_recipients",
           "recipients_for_plan", "check_plan_delivery", "run_command", "deliver_after_build", "check_lines"]


def load_recipients(section: dict | bool | None, source: str, base: Path, config_dir: Path | None,
                    config, gebieden) -> Recipients:
    """The plan's `bezorging:` mapping when it has one, else `ontvangers.yaml` in the config folder."""
    if isinstance(section, dict):
        return parse_recipients(section, source, "bezorging", base, config, gebieden)
    path = find_recipients_file(config_dir)
    if path is None:
        where = f"in {config_dir}" if config_dir else "(geen eigen configuratiemap opgegeven: --config)"
        raise InputError(f"Geen ontvangers: er is geen {RECIPIENTS_FILE} {where} en geen sectie 'bezorging:' "
                         "in het plan. Zie config/ontvangers-voorbeeld.yaml voor een voorbeeld.")
    return read_recipients_file(path, config, gebieden)


def _plan_base(loaded) -> Path:
    source = Path(str(loaded.source).removesuffix(" (batch)"))
    return source.parent if source.is_file() else Path.cwd()


def recipients_for_plan(loaded, config, gebieden) -> Recipients:
    """Validate a plan's delivery settings up front, so a bad address stops the run before the build."""
    plan = loaded.plan
    return load_recipients(plan.bezorging, loaded.source, _plan_base(loaded), plan.config, config, gebieden)


def check_plan_delivery(loaded, config, gebieden) -> None:
    """Before a batch build: the plan's delivery settings and the credentials are in order."""
    read_credentials(recipients_for_plan(loaded, config, gebieden).settings.smtp.inlog)


def deliver_after_build(out: Path, loaded, ws, templates: Path | None = None, *, echo=None,
                        sleep=time.sleep) -> DeliveryResult:
    """What `thuis batch` calls after its build when the plan has a `bezorging` section. A problem
    that stops the delivery is a failed result, not an exception: the build itself stays done."""
    echo = echo or current().echo
    try:
        recipients = recipients_for_plan(loaded, ws.config, ws.gebieden)
        documents = documents_from_manifest(out)
        return deliver(out, documents, recipients, templates, echo=echo, sleep=sleep)
    except ThuisError as exc:
        echo(f"Bezorging niet gestart: {exc}")
        return DeliveryResult(problem=exc.summary)


def run_command(plan_path: Path | None, uit: Path | None, config_dir: Path | None, templates: Path | None,
                dry: bool, echo=None) -> DeliveryResult:
    """`thuis bezorg`: the plan (or thuis.yaml) says where the output and the settings are."""
    echo = echo or current().echo
    from ..config import load_config
    from ..data import load_gebieden
    from ..plan import read_plan
    from ..project import load_project

    project = load_project()
    loaded = read_plan(plan_path, project)
    plan = loaded.plan
    config_dir = config_dir or plan.config or project.config
    config = load_config(config_dir)
    gebieden = load_gebieden(config)
    recipients = load_recipients(plan.bezorging, loaded.source, _plan_base(loaded), config_dir, config, gebieden)
    out = uit or plan.uit or project.uit or Path("out")
    documents = documents_from_manifest(out)
    return deliver(out, documents, recipients, templates or plan.sjablonen or project.sjablonen, dry=dry, echo=echo)


def check_lines(ws, config_dir: Path | None) -> list[str]:
    """For `thuis check`: the recipients file, and the departments and products nobody receives."""
    path = find_recipients_file(config_dir)
    if path is None:
        return []
    recipients = read_recipients_file(path, ws.config, ws.gebieden)
    lines = [f"Ontvangers:    {path} ({fmt.aantal(len(recipients.by_slug), 'gemeente', 'gemeenten')})"]
    from ..products import about, names

    for name in names() if not recipients.settings.facilitator else ():
        kind = about(name).recipients
        if about(name).facilitator_copy and any(getattr(e, str(kind), None) for e in recipients.by_slug.values()):
            lines.append(f"Zonder ontvanger: het exemplaar van de facilitator van elk document '{name}' (facilitator)")
    departments = list(ws.config.diensten.diensten)
    for slug, entry in recipients.by_slug.items():
        missing = [d for d in departments if d not in entry.diensten]
        missing += [kind for kind in recipient_kinds() if not getattr(entry, kind)]
        if missing:
            lines.append(f"Zonder ontvanger in {recipients.municipality_names[slug]}: {', '.join(missing)}")
    return lines

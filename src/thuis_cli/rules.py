"""Decisions made with the configuration: which indicators and signal rules a department's brief
uses, how plans link to indicators, what no department reaches. The configuration itself
(`config.py` and its `config_*` modules) is data: typed models and their validation; what is decided
with it lives here, beside the findings that use it.

(Which action a department takes for a finding is decided in `actions.py`.)"""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Config
    from .config_catalogue import Catalogus, Indicator
    from .config_departments import Dienst, Signaalregel
    from .config_residents import Actie


def is_pattern(ref: str) -> bool:
    """An indicator reference with a wildcard ('delen_*') rather than an id."""
    return any(ch in ref for ch in "*?[")


def chosen_indicators(cat: Catalogus, dienst: Dienst) -> list[Indicator]:
    """A department's indicators in catalogue order (by id, theme or pattern); never the profile."""
    patterns = [pat for pat in dienst.patronen + dienst.indicatoren if is_pattern(pat)]
    return [ind for ind in cat.indicatoren if ind.thema != "profiel"
            and (ind.id in dienst.indicatoren or ind.thema in dienst.themas
                 or any(fnmatch.fnmatchcase(ind.id, pat) for pat in patterns))]


def indicators_for(config: Config, dienst_id: str) -> list[Indicator]:
    """The department's indicators in catalogue order (by id, theme or pattern)."""
    return chosen_indicators(config.catalogus, config.diensten.diensten[dienst_id])


def rules_for(config: Config, dienst_id: str) -> dict[str, Signaalregel]:
    """The signal rules the department's brief applies: those it names, else all of them."""
    names = config.diensten.diensten[dienst_id].signalen
    rules = config.diensten.signaalregels
    return dict(rules) if names is None else {n: rules[n] for n in names}


def plan_links(config: Config) -> list[tuple[str, Actie, Indicator]]:
    """Per plan block of plannen.yaml ('voorbeeld', 'gemeenten.leuven'), each plan with each
    indicator it answers."""
    plannen = config.plannen
    blocks = ([("voorbeeld", plannen.voorbeeld)] if plannen.voorbeeld else []) + [
        (f"gemeenten.{k}", v) for k, v in plannen.gemeenten.items()]
    by_id = config.catalogus.by_id
    return [(root, plan, by_id[ref]) for root, block in blocks for plan in block.plannen
            for ref in plan.indicatoren if ref in by_id]


def plans_off_theme(config: Config) -> list[tuple[str, Indicator, list[Actie]]]:
    """Indicators an infographic can show whose only linked plans belong to another theme: an
    answer beside the point ('Wil een auto delen' answered with a cohousing plan)."""
    shown = set(config.infografiek.kandidaten) if config.infografiek else set()
    linked: dict[tuple[str, str], list[Actie]] = {}
    for root, plan, ind in plan_links(config):
        if ind.id in shown:
            linked.setdefault((root, ind.id), []).append(plan)
    by_id = config.catalogus.by_id
    return [(root, by_id[ind_id], plans) for (root, ind_id), plans in linked.items()
            if all(p.thema is not None and p.thema != by_id[ind_id].thema for p in plans)]


def unmapped_indicators(config: Config) -> list[str]:
    """The indicators (outside the profile) no department's brief reaches."""
    reached = {i.id for d in config.diensten.diensten for i in indicators_for(config, d)}
    return [i.id for i in config.catalogus.indicatoren if i.thema != "profiel" and i.id not in reached]

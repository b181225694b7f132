"""Safe YAML reading with Dutch, located error messages."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError, Problem

MAX_YAML_BYTES = 2_000_000


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


class _SafeLoader(yaml.SafeLoader):
    """SafeLoader (no Python tags) that also refuses aliases: config never needs them and they
    are the way to a 'billion laughs' bomb."""

    def compose_node(self, parent, index):  # noqa: D102 - yaml hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "verwijzingen (*alias) zijn niet toegelaten", event.start_mark)
        return super().compose_node(parent, index)


def read_yaml(path: Path) -> object:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Kan {name} niet lezen: {exc.strerror}.") from None
    if len(raw) > MAX_YAML_BYTES:
        raise InputError(f"{name} is te groot voor een configuratiebestand "
                         f"({len(raw):,} bytes; hoogstens {MAX_YAML_BYTES:,}).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name} is geen UTF-8-tekst; bewaar het bestand als UTF-8.") from None
    try:
        data = _load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Problem(_yaml_reason(exc), file=name, line=mark.line + 1 if mark else None)
        raise InputError(f"{name} is geen geldige YAML.", [where]) from None
    except yaml.YAMLError as exc:
        raise InputError(f"{name} is geen geldige YAML: {exc}.") from None
    except ValueError as exc:  # PyYAML builds dates itself: 2027-02-30 raises here, unlocated
        raise InputError(f"{name} bevat een ongeldige datum ({exc}).") from None
    if data is None:
        raise InputError(f"{name} is leeg.")
    return data


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "could not determine a constructor" in problem:
        return "onbekende of onveilige YAML-tag (bv. !!python/object) is niet toegelaten"
    if "found character '\\t'" in problem:
        return "tabs zijn niet toegelaten om in te springen; gebruik spaties"
    if problem.startswith("verwijzingen"):
        return problem
    return f"syntaxfout ({problem})" if problem else "syntaxfout"


def _load(text: str) -> object:
    """Safe load; libyaml when present (10x faster), with the same refusal of aliases and tags."""
    if _FAST_LOADER is None:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - _SafeLoader is a SafeLoader
    for event in yaml.parse(text, Loader=_FAST_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(None, None, "verwijzingen (*alias) zijn niet toegelaten",
                                       event.start_mark)
    return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - CSafeLoader is safe

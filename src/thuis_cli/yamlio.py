"""Safe YAML reading with Dutch, located error messages."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import InputError, Problem

MAX_YAML_BYTES = 2_000_000


class DuplicateKey(yaml.MarkedYAMLError):
    """A key given twice in one mapping; PyYAML would silently keep the last one."""

    def __init__(self, key: object, first: yaml.Mark, second: yaml.Mark):
        super().__init__(None, None, "dubbele sleutel", second)
        self.key, self.first, self.second = key, first, second


class _RefuseDuplicates:
    """Constructor mixin: a mapping with a key given twice is an error, not 'last one wins' (a second
    `leuven:` block would otherwise replace the first without a word)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, yaml.Mark] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.setdefault(key, key_node.start_mark)
                except TypeError:  # an unhashable key: the constructor says what is wrong with it
                    continue
                if first is not key_node.start_mark:
                    raise DuplicateKey(key, first, key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


_C_LOADER = getattr(yaml, "CSafeLoader", None)
_FAST_LOADER = type("_FastLoader", (_RefuseDuplicates, _C_LOADER), {}) if _C_LOADER else None


class _SafeLoader(_RefuseDuplicates, yaml.SafeLoader):
    """SafeLoader (no Python tags) that also refuses aliases: config never needs them and they
    are the way to a 'billion laughs' bomb. Like the fast loader, it refuses a key given twice."""

    def compose_node(self, parent, index):
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
    except DuplicateKey as exc:
        raise InputError(f"{name} is geen geldige configuratie.", [Problem(
            f"de sleutel '{exc.key}' staat twee keer in dezelfde sectie (regel {exc.first.line + 1} "
            f"en regel {exc.second.line + 1}); de tweede zou de eerste stil vervangen. Voeg ze samen "
            "of verwijder er één",
            file=name, line=exc.second.line + 1)]) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError(f"{name} is geen geldige YAML.", [_located(exc, text, name)]) from None
    except yaml.YAMLError:
        raise InputError(f"{name} is geen geldige YAML (syntaxfout).") from None
    except ValueError:  # PyYAML builds dates itself: 2027-02-30 raises here, unlocated
        raise InputError(f"{name} bevat een ongeldige datum.", _impossible_dates(text, name)) from None
    if data is None:
        raise InputError(f"{name} is leeg.")
    return data


def _impossible_dates(text: str, name: str) -> list[Problem]:
    """Where a date that does not exist (2027-02-30) stands: PyYAML's own error says neither where nor
    in Dutch."""
    import datetime as dt

    for number, line in enumerate(text.splitlines(), start=1):
        for m in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                dt.date(*map(int, m.groups()))
            except ValueError:
                return [Problem("deze datum bestaat niet", file=name, line=number, position=m.start() + 1,
                                value=m.group(0))]
    return []


def _located(exc: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    """The Dutch reason with line and column; a tab used to indent is named as the problem, whatever
    the parser made of it ('did not find expected key' two lines further)."""
    from .messages import yaml_reason

    mark = exc.problem_mark or exc.context_mark
    lines = text.splitlines()
    if mark is not None:
        for number in range(min(mark.line, len(lines) - 1), max(mark.line - 3, -1), -1):
            leading = re.match(r"[ \t]*", lines[number])
            assert leading is not None, "[ \\t]* matches at the start of any line"
            indent = leading.group(0)
            if "\t" in indent:
                return Problem("een tab om in te springen; YAML springt in met spaties, niet met tabs",
                               file=name, line=number + 1, position=indent.index("\t") + 1)
    reason = yaml_reason(exc.problem or "")
    if mark is None:
        return Problem(reason, file=name)
    return Problem(reason, file=name, line=mark.line + 1, position=mark.column + 1)


def _load(text: str) -> object:
    """Safe load; libyaml when present (10x faster), with the same refusal of aliases and tags."""
    if _FAST_LOADER is None:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - _SafeLoader is a SafeLoader
    for event in yaml.parse(text, Loader=_FAST_LOADER):
        if isinstance(event, yaml.AliasEvent):
            # libyaml's own Mark: it has the name, line and column that MarkedYAMLError and _located read
            raise yaml.MarkedYAMLError(None, None, "verwijzingen (*alias) zijn niet toegelaten",
                                       event.start_mark)  # type: ignore[arg-type]
    return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - CSafeLoader is safe

"""Dutch wording for the messages of the libraries thuis uses: pydantic (config, plans and command-line
values), PyYAML, Jinja and email-validator. One table per library, by error type where the library has types, so the
same mistake reads the same wherever it is made. Light: imports nothing heavy."""

from __future__ import annotations

import re

# pydantic error types (https://docs.pydantic.dev/latest/errors/validation_errors/)
PYDANTIC = {
    "missing": "ontbreekt",
    "extra_forbidden": "onbekende sleutel",
    "string_type": "moet tekst zijn",
    "string_too_short": "is te kort",
    "string_too_long": "is te lang",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn (zonder decimalen)",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "finite_number": "moet een eindig getal zijn",
    "bool_type": "moet ja of nee zijn (true of false)",
    "bool_parsing": "moet ja of nee zijn (true of false)",
    "list_type": "moet een lijst zijn",
    "set_type": "moet een lijst zijn",
    "tuple_type": "moet een lijst zijn",
    "dict_type": "moet een reeks sleutels en waarden zijn",
    "model_type": "moet een reeks sleutels en waarden zijn",
    "model_attributes_type": "moet een reeks sleutels en waarden zijn",
    "too_short": "heeft te weinig elementen",
    "too_long": "heeft te veel elementen",
    "string_pattern_mismatch": "is geen geldige id (kleine letters, cijfers, - of _)",
    "greater_than": "is te klein",
    "greater_than_equal": "is te klein",
    "less_than": "is te groot",
    "less_than_equal": "is te groot",
    "literal_error": "is geen toegelaten waarde",
    "enum": "is geen toegelaten waarde",
    "none_required": "moet leeg zijn",
    "date_from_datetime_parsing": "is geen datum (JJJJ-MM-DD)",
    "date_from_datetime_inexact": "is geen datum (JJJJ-MM-DD)",
    "date_parsing": "is geen datum (JJJJ-MM-DD)",
    "date_type": "is geen datum (JJJJ-MM-DD)",
    "path_type": "moet een pad zijn",
    "url_parsing": "is geen geldig webadres",
    "url_scheme": "is geen geldig webadres (http of https)",
}

_LIMITS = {"greater_than": "moet groter zijn dan {gt}", "greater_than_equal": "minstens {ge}",
           "less_than": "moet kleiner zijn dan {lt}",
           "less_than_equal": "hoogstens {le}", "too_short": "minstens {min_length}",
           "too_long": "hoogstens {max_length}", "string_too_short": "minstens {min_length} tekens",
           "string_too_long": "hoogstens {max_length} tekens"}


def _number(value: object) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value)


def yaml_value(text: str) -> str:
    """pydantic's spelling of expected values (Python: False, 'a' or 'b') in YAML's (false, 'a' of 'b')."""
    text = re.sub(r"\bFalse\b", "false", re.sub(r"\bTrue\b", "true", re.sub(r"\bNone\b", "leeg", text)))
    return text.replace(" or ", " of ")


def pydantic_message(err: dict) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) in Dutch, without its location."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        text = str(ctx.get("error", err.get("msg", "")))
        match = re.fullmatch(r"'(.*)' is not one of (.*?)\.?", text)
        if match:  # typer's choice check
            return f"'{match[1]}' is geen van {yaml_value(match[2])}"
        return text
    text = PYDANTIC.get(kind, "is geen geldige waarde")
    if kind in _LIMITS:
        try:
            text += f" ({_LIMITS[kind].format(**{k: _number(v) for k, v in ctx.items()})})"
        except KeyError:
            pass
    if kind in ("literal_error", "enum") and ctx.get("expected"):
        text += f" (toegelaten: {yaml_value(str(ctx['expected']))})"
    return text


_NOUNS = {"dict_type": "een reeks sleutels en waarden", "model_type": "een reeks sleutels en waarden",
          "model_attributes_type": "een reeks sleutels en waarden", "list_type": "een lijst",
          "string_type": "tekst", "int_type": "een geheel getal", "int_parsing": "een geheel getal",
          "float_type": "een getal", "float_parsing": "een getal", "bool_type": "true of false",
          "bool_parsing": "true of false", "none_required": "leeg"}


def pydantic_alternatives(errors: list[dict]) -> str | None:
    """The errors of the branches of one key that may hold several things ('alle' or a list): 'moet
    'alle' of een lijst zijn'; None when a branch failed for another reason than its kind."""
    nouns = []
    for err in errors:
        noun: str | None
        if err["type"] == "literal_error":
            noun = yaml_value(str((err.get("ctx") or {}).get("expected", "")))
        else:
            noun = _NOUNS.get(err["type"])
        if noun is None:
            return None
        if noun not in nouns:
            nouns.append(noun)
    return "moet " + " of ".join(nouns) + " zijn"


# --- PyYAML -------------------------------------------------------------------------------------

YAML = [
    ("could not determine a constructor", "onbekende of onveilige YAML-tag (bv. !!python/object) is niet toegelaten"),
    ("found character '\\t'", "een tab; YAML springt in met spaties, niet met tabs"),
    ("did not find expected key", "hier verwacht thuis een nieuwe 'sleutel: waarde' op dezelfde inspringing als "
                                  "de vorige; kijk de inspringing na"),
    ("did not find expected '-' indicator", "hier verwacht thuis een lijstelement ('- ...') op dezelfde "
                                            "inspringing als het vorige"),
    ("did not find expected node content", "hier ontbreekt een waarde"),
    ("mapping values are not allowed", "een ':' op een plaats waar geen sleutel kan staan; zet een tekst met "
                                       "': ' tussen aanhalingstekens, of kijk de inspringing na"),
    ("could not find expected ':'", "na een sleutel ontbreekt ':'"),
    ("found unexpected end of stream", "het bestand eindigt midden in een tekst tussen aanhalingstekens of haakjes"),
    ("found unknown escape character", "onbekend teken na '\\' in een tekst tussen dubbele aanhalingstekens; "
                                       "gebruik enkele aanhalingstekens"),
    ("found character that cannot start any token", "een teken dat hier niet mag (een tab, of @ of ` aan het "
                                                    "begin van een waarde: zet die tussen aanhalingstekens)"),
    ("found undefined alias", "verwijzingen (*alias) zijn niet toegelaten"),
    ("found duplicate anchor", "verwijzingen (&anker) zijn niet toegelaten"),
    ("expected <block end>", "de inspringing klopt niet: deze regel springt anders in dan de regels ervoor"),
    ("expected ',' or ']'", "een lijst tussen [ ] is niet goed afgesloten (ontbreekt ',' of ']'?)"),
    ("expected ',' or '}'", "een reeks tussen { } is niet goed afgesloten (ontbreekt ',' of '}'?)"),
    ("expected the node content", "hier ontbreekt een waarde"),
    ("expected alphabetic or numeric character", "een anker of alias (& of *) is niet toegelaten; zet de tekst "
                                                 "tussen aanhalingstekens"),
    ("expected a comment or a line break", "na de waarde staat nog tekst; zet de waarde tussen aanhalingstekens"),
    ("expected a single document", "het bestand bevat meer dan één document ('---'); één is genoeg"),
]


def yaml_reason(problem: str) -> str:
    if problem.startswith("verwijzingen"):
        return problem
    for key, dutch in YAML:
        if key in problem:
            return dutch
    return "syntaxfout"


# --- email-validator ------------------------------------------------------------------------------

_SIGN = {"period": "een punt", "hyphen": "een koppelteken"}
_CHARACTERS = r"(?::\s*(?P<chars>.+?))?\.?$"
EMAIL = [
    (r"must have an @-sign", "de @ ontbreekt"),
    (r"There must be something before the @-sign", "er staat niets vóór de @"),
    (r"There must be something after the @-sign", "er staat niets na de @"),
    (r"is not valid\. It should have a period", "na de @ ontbreekt een domein met een punt (bv. @leuven.be)"),
    (r"not within a valid top-level domain", "het domein na de @ eindigt niet op een bestaande extensie (zoals .be)"),
    (r"special-use or reserved name", "het domein na de @ is gereserveerd (zoals .invalid, .test, .example of "
                                      "localhost) en ontvangt geen e-mail"),
    (r"cannot have two periods in a row", "twee punten na elkaar"),
    (r"cannot have a period and a hyphen next to each other", "een punt en een koppelteken naast elkaar"),
    (r"cannot start with a (?P<sign>period|hyphen)", "begint met {sign}"),
    (r"cannot end with a (?P<sign>period|hyphen)", "eindigt op {sign}"),
    (r"cannot have a (?P<sign>period|hyphen) immediately before the @-sign", "{sign} vlak vóór de @"),
    (r"cannot have a (?P<sign>period|hyphen) immediately after the @-sign", "{sign} vlak na de @"),
    (r"Internationalized characters before the @-sign are not supported" + _CHARACTERS,
     "letters met accenten en andere bijzondere tekens mogen niet vóór de @{chars}"),
    (r"invalid characters? (?:in quotes )?before the @-sign" + _CHARACTERS, "ongeldige tekens vóór de @{chars}"),
    (r"The part after the @-sign contains invalid characters" + _CHARACTERS, "ongeldige tekens na de @{chars}"),
    (r"unsafe characters" + _CHARACTERS, "onveilige tekens{chars}"),
    (r"too long", "het adres is te lang"),
    (r"full-width|small commercial at", "een andere @ dan de gewone (typ de @ opnieuw)"),
    (r"There can't be anything after the email address", "na het adres staat nog tekst"),
    (r"not valid ASCII|invalid character", "ongeldige tekens"),
]


def email_reason(reason: str) -> str:
    """email-validator's English reason in Dutch: 'twee punten na elkaar'. An unknown reason becomes
    a general one: an English sentence inside a Dutch message helps nobody."""
    for pattern, dutch in EMAIL:
        m = re.search(pattern, reason)
        if m:
            groups = m.groupdict()
            chars = (groups.get("chars") or "").replace("SPACE", "spatie").strip()
            return dutch.format(sign=_SIGN.get(groups.get("sign") or "", ""), chars=f": {chars}" if chars else "")
    return "de vorm klopt niet"


# --- Jinja ----------------------------------------------------------------------------------------

def _object_name(qualified: str) -> str:
    return qualified.rsplit(".", 1)[-1].removesuffix(" object")


def _fields_of(qualified: str) -> list[str]:
    """The fields of a thuis model named in a Jinja message, for a suggestion."""
    import importlib

    module, _, name = qualified.removesuffix(" object").rpartition(".")
    if not module.startswith("thuis_cli"):
        return []
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return []
    fields = getattr(cls, "model_fields", None) or getattr(cls, "__dataclass_fields__", None) or {}
    return list(fields)


def _has_no_attribute(m: re.Match) -> str:
    from .suggest import did_you_mean

    owner, attribute = m[1], m[2]
    if owner in ("dict object", "dict"):
        return f"'{attribute}' bestaat hier niet"
    return f"{_object_name(owner)} heeft geen veld '{attribute}'.{did_you_mean(attribute, _fields_of(owner))}"


JINJA = [
    (r"'(.+?)' has no attribute '(.+?)'", _has_no_attribute),
    (r"'(.+?)' is undefined", lambda m: f"'{m[1]}' bestaat niet in dit sjabloon"),
    (r"unexpected end of template, expected '(.+?)'\.?",
     lambda m: f"het sjabloon eindigt te vroeg; '{m[1]}' ontbreekt"),
    (r"Unexpected end of template\. Jinja was looking for the following tags: '(\w+)'.*",
     lambda m: f"het sjabloon eindigt te vroeg; '{{% {m[1]} %}}' ontbreekt"),
    (r"Unexpected end of template\..*", lambda m: "het sjabloon eindigt te vroeg (een blok is niet afgesloten)"),
    (r"Encountered unknown tag '(.+?)'\..*", lambda m: f"onbekende tag '{m[1]}'"),
    (r"unexpected '(.+?)'", lambda m: f"onverwacht '{m[1]}'"),
    (r"unexpected char '(.+?)' at \d+", lambda m: f"onverwacht teken {m[1]}"),
    (r"expected token '(.+?)', got '(.+?)'", lambda m: f"'{m[1]}' verwacht, maar '{m[2]}' gevonden"),
    (r"No filter named '(.+?)'\.?.*", lambda m: f"onbekende filter '{m[1]}'"),
    (r"No test named '(.+?)'\.?.*", lambda m: f"onbekende test '{m[1]}'"),
    (r"tag name expected", lambda m: "na '{%' ontbreekt de naam van een tag"),
    (r"unexpected end of template.*", lambda m: "het sjabloon eindigt te vroeg"),
    (r"block '(.+?)' defined twice", lambda m: f"blok '{m[1]}' staat er twee keer in"),
    (r"'(.+?)' object is not callable", lambda m: f"{_object_name(m[1])} is geen functie"),
    (r"'(.+?)' object is not iterable", lambda m: f"{_object_name(m[1])} is geen lijst"),
]


def jinja_reason(message: str | None) -> str:
    message = (message or "").strip()
    for pattern, make in JINJA:
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            return make(match)
    return "syntaxfout in het sjabloon"

"""Every message a user can trigger in config, plans and templates is Dutch and names file, line or key
(issue 14, point 13)."""

import re

import pytest
from pydantic import ValidationError

from thuis_cli.config import load_config, problems_from

from thuis_cli.config_departments import Signaalregel
from thuis_cli.errors import InputError
from thuis_cli.plan import plan_model
from thuis_cli.templating import render_html

Plan = plan_model()

ENGLISH = ("Input should", "should be", "expected", "unexpected", "object", "has no attribute", "undefined",
           "True", "False", "Plan", "literal", " or ")


def plan_problems(raw: dict) -> list[str]:
    with pytest.raises(ValidationError) as info:
        Plan.model_validate(raw)
    return [str(p) for p in problems_from(info.value, "plan.yaml", "", Plan)]


@pytest.mark.parametrize("raw,expected", [
    ({"infografiek": {"maxx": 3}}, "plan.yaml: infografiek: onbekende sleutel 'maxx'. Bedoelde u: 'max'?"),
    ({"infografiek": True}, "plan.yaml: waarde 'true': infografiek: moet een reeks sleutels en waarden of false zijn"),
    ({"gemeenten": "allen"}, "plan.yaml: waarde 'allen': gemeenten: moet 'alle' of een lijst zijn"),
    ({"intervisie": {"buren": [{"gemeente": "x", "max": 9}]}},
     "plan.yaml: waarde '9': intervisie.buren[0].max: is te groot (hoogstens 6)"),
    ({"briefs": {"diensten": 3}}, "plan.yaml: waarde '3': briefs.diensten: moet 'alle' of een lijst zijn"),
])
def test_plan_errors_name_the_key_path_only(raw, expected):
    assert plan_problems(raw) == [expected]


@pytest.mark.parametrize("raw,expected", [
    ({"soort": "verschill"}, "soort: is geen toegelaten waarde (toegelaten: 'verschil', 'groepsverschil' of 'niveau')"),
    ({"soort": "niveau", "boven": "veel"}, "boven: moet een getal zijn"),
    ({"soort": "niveau", "boven": 120}, "boven: is te groot (hoogstens 100)"),
    ({"soort": "niveau", "boven": 5, "gewicht": 0}, "gewicht: is te klein (moet groter zijn dan 0)"),
    ({"soort": "niveau", "boven": 5, "dimensie": 3}, "dimensie: moet tekst zijn"),
])
def test_pydantic_messages_are_dutch_by_error_type(raw, expected):
    with pytest.raises(ValidationError) as info:
        Signaalregel.model_validate(raw)
    messages = [str(p) for p in problems_from(info.value, "diensten.yaml", "signaalregels.x", Signaalregel)]
    assert any(f"signaalregels.x.{expected}" in m for m in messages), messages
    assert not any(e in m for m in messages for e in ENGLISH)


def test_an_integer_setting_given_as_text(tmp_path):
    (tmp_path / "instellingen.yaml").write_text("oogopslag:\n  max: veel\n")
    with pytest.raises(InputError) as info:
        load_config(tmp_path)
    assert "instellingen.yaml: waarde 'veel': oogopslag.max: moet een geheel getal zijn" in str(info.value)


@pytest.mark.parametrize("body,expected", [
    ("{% if x }}a{% endif %}", "t.html, regel 1): onverwacht '}'"),
    ("<p>\n{{ dienst.nam }}</p>", "t.html, regel 2): Dienst heeft geen veld 'nam'. Bedoelde u: 'naam'"),
    ("\n\n{{ onbekend }}", "t.html, regel 3): 'onbekend' bestaat niet in dit sjabloon"),
    ("{% for a in b %}", "t.html, regel 1): het sjabloon eindigt te vroeg; '{% endfor %}' ontbreekt"),
    ("{{ x | raar }}", "t.html, regel 1): onbekende filter 'raar'"),
    ("{% blok %}", "t.html, regel 1): onbekende tag 'blok'"),
    ("{% include 'weg.html' %}", "Sjabloonfout in t.html: sjabloon 'weg.html' niet gevonden"),
])
def test_template_errors_are_dutch_with_file_and_line(tmp_path, config, body, expected):
    (tmp_path / "t.html").write_text(body)
    with pytest.raises(InputError) as info:
        render_html("t.html", {"dienst": config.diensten.diensten["wonen"], "x": 1}, tmp_path)
    assert expected in str(info.value)
    assert not any(e in str(info.value) for e in ENGLISH)


# --- email-validator: its reasons in Dutch inside the Dutch message --------------------------------

@pytest.mark.parametrize("address,dutch", [
    ("niet@goed", "na de @ ontbreekt een domein met een punt (bv. @leuven.be)"),
    ("wonen@leuven.invalid", "het domein na de @ is gereserveerd"),
    ("an..peeters@leuven.be", "twee punten na elkaar"),
    ("an.@leuven.be", "een punt vlak vóór de @"),
    ("an@-leuven.be", "een koppelteken vlak na de @"),
    ("anaïs@leuven.be", "letters met accenten en andere bijzondere tekens mogen niet vóór de @: 'ï'"),
    ("an@leuven_stad.be", "ongeldige tekens na de @: '_'"),
])
def test_email_addresses_are_refused_with_a_dutch_reason(address, dutch):
    from pydantic import TypeAdapter, ValidationError

    from thuis_cli.bezorging.ontvangers import Adres

    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Adres).validate_python(address)
    message = caught.value.errors()[0]["msg"]
    assert f"'{address}' is geen geldig e-mailadres ({dutch}" in message
    assert not re.search(r"\b(the|email address|sign|cannot|must)\b", message, re.IGNORECASE), message

"""Delivery settings, documents from the manifest, planning and the templates (no server needed)."""

from __future__ import annotations

import json

import pytest
import yaml
from bezorging_support import recipients, settings, write_output

from thuis_cli.bezorging import Ledger, deliver, documents_from_manifest, plan_deliveries
from thuis_cli.bezorging.bericht import build_message
from thuis_cli.bezorging.ontvangers import read_credentials, read_recipients_file
from thuis_cli.bezorging.planning import Delivery
from thuis_cli.errors import InputError


def problems(exc: InputError) -> list[str]:
    return [str(p) for p in exc.problems]


def test_every_mistake_in_the_recipients_is_reported_with_its_key_path(config, gebieden):
    raw = settings(25, {
        "leuvn": {"diensten": {"ruimte": "ruimte@example.org"}},
        "24038": {"diensten": {"ruimtee": "a@example.org", "wonen": ["ok@example.org", "niet@goed"]},
                  "intervisie": "geen adres"},
        "Vlaanderen": {"intervisie": "beleid@example.org"},
    })
    raw["afzender"] = "wonen@leuven.invalid"
    with pytest.raises(InputError) as caught:
        recipients(raw, config, gebieden)
    found = problems(caught.value)
    assert "ontvangers.yaml: gemeenten.leuvn: Onbekende gemeente 'leuvn'. Bedoelde u: 'Leuven', 'Kapellen', " \
           "'Mechelen'?" in found
    assert "ontvangers.yaml: gemeenten.24038.diensten: onbekende dienst 'ruimtee'. Bedoelde u: 'ruimte'?" in found
    assert "ontvangers.yaml: gemeenten.Vlaanderen: Vlaanderen is geen gemeente" in found
    assert any(p.startswith("ontvangers.yaml: gemeenten.24038.diensten.wonen[1]: 'niet@goed' is geen geldig "
                            "e-mailadres") for p in found)
    assert any(p.startswith("ontvangers.yaml: gemeenten.24038.intervisie[0]: 'geen adres' is geen geldig "
                            "e-mailadres") for p in found)
    assert any(p.startswith("ontvangers.yaml: afzender: 'wonen@leuven.invalid' is geen geldig e-mailadres")
               for p in found)


def test_a_municipality_is_found_by_nis_code_name_or_slug(config, gebieden):
    municipalities = yaml.safe_load("24062: {intervisie: a@example.org}\n"  # a bare NIS code is a YAML number
                                    "Sint-Martens-Latem: {intervisie: b@example.org}\n"
                                    "herent: {infografiek: c@example.org}\n")
    found = recipients(settings(25, municipalities), config, gebieden)
    assert found.municipality_names == {"leuven": "Leuven", "sint-martens-latem": "Sint-Martens-Latem",
                                        "herent": "Herent"}
    assert found.for_kind("leuven", "intervisie") == ["a@example.org"]


def test_plain_smtp_is_only_allowed_to_this_machine(config, gebieden):
    with pytest.raises(InputError) as caught:
        recipients(settings(25, {"leuven": {"intervisie": "a@example.org"}}, host="smtp.example.org"),
                   config, gebieden)
    assert problems(caught.value) == ["ontvangers.yaml: smtp: modus plain (zonder versleuteling) mag alleen naar "
                                      "deze machine (localhost, 127.0.0.1 of ::1), niet naar 'smtp.example.org'; "
                                      "kies starttls of tls"]
    for host in ("localhost", "127.0.0.1", "::1"):
        assert recipients(settings(25, {"leuven": {"intervisie": "a@example.org"}}, host=host), config, gebieden)


def test_a_password_in_the_file_is_refused_and_never_repeated(config, gebieden):
    raw = settings(25, {"leuven": {"intervisie": "a@example.org"}}, inlog={"gebruiker_variabele": "U",
                                                                         "wachtwoord_variabele": "P"})
    raw["smtp"]["wachtwoord"] = "Sup3rGeheim!"
    raw["smtp"]["inlog"]["paswoord_bestand"] = "Sup3rGeheim!"  # an unknown key: its value is not shown either
    with pytest.raises(InputError) as caught:
        recipients(raw, config, gebieden)
    text = str(caught.value)
    assert "smtp.wachtwoord: een wachtwoord hoort niet in dit bestand" in text
    assert "onbekende sleutel 'paswoord_bestand'" in text
    assert "Sup3rGeheim!" not in text


def test_credentials_come_from_the_environment_or_a_file_only_the_user_can_read(config, gebieden, tmp_path):
    env_inlog = recipients(settings(25, {"leuven": {"intervisie": "a@example.org"}}, inlog={
        "gebruiker_variabele": "THUIS_U", "wachtwoord_variabele": "THUIS_P"}), config, gebieden).settings.smtp.inlog
    with pytest.raises(InputError, match="De omgevingsvariabele\\(n\\) THUIS_P voor de aanmelding"):
        read_credentials(env_inlog, {"THUIS_U": "thuis"})
    found = read_credentials(env_inlog, {"THUIS_U": "thuis", "THUIS_P": "pw-123"})
    assert (found.user, found.password) == ("thuis", "pw-123") and "pw-123" not in repr(found)

    secret = tmp_path / "smtp-inlog"
    secret.write_text("thuis\npw-456\n", encoding="utf-8")
    secret.chmod(0o644)
    file_inlog = recipients(settings(25, {"leuven": {"intervisie": "a@example.org"}}, inlog={"bestand": "smtp-inlog"}),
                            config, gebieden, base=tmp_path).settings.smtp.inlog
    assert file_inlog.bestand == secret  # relative to the file that names it
    with pytest.raises(InputError) as caught:
        read_credentials(file_inlog)
    assert str(caught.value) == (f"Het aanmeldbestand {secret} is leesbaar voor anderen (rechten 0644); maak het "
                                 f"alleen voor uzelf leesbaar: chmod 600 {secret}")
    secret.chmod(0o600)
    assert read_credentials(file_inlog).password == "pw-456"


def test_the_example_file_is_valid_but_is_not_a_recipients_file_by_default(config, gebieden):
    from thuis_cli import resources

    example = resources.config_dir() / "ontvangers-voorbeeld.yaml"
    loaded = read_recipients_file(example, config, gebieden)
    assert loaded.for_department("leuven", "wonen") == ["wonen@example.org", "huisvesting@example.org"]
    assert not (resources.config_dir() / "ontvangers.yaml").exists()


# --- documents and planning -------------------------------------------------------------------

def test_documents_come_from_the_manifest_with_their_pdfs_and_key_points(tmp_path):
    out = tmp_path / "out"
    workbook = "intervisie/intervisie-sint-truiden-gingelom"
    write_output(out, {
        "brief/leuven/ruimte": {"bestanden": ["leuven/brief-ruimte.pdf"], "titel": "Ruimte in Leuven",
                                "kernpunten": ["Eén", "Twee", "Drie", "Vier"]},
        "brief/leuven/wonen": {"bestanden": [], "leeg": True},
        "intervisie/sint-truiden-gingelom": {
            "bestanden": [f"{workbook}-facilitator.pdf", f"{workbook}-sint-truiden.pdf", f"{workbook}-gingelom.pdf"],
            "gemeenten": [{"slug": "sint-truiden", "nis": "71053", "naam": "Sint-Truiden"},
                          {"slug": "gingelom", "nis": "71017", "naam": "Gingelom"}],
            "exemplaren": {f"{workbook}-facilitator.pdf": "facilitator", f"{workbook}-sint-truiden.pdf": "sint-truiden",
                           f"{workbook}-gingelom.pdf": "gingelom"}},
        "infografiek/leuven": {"bestanden": ["leuven/infografiek/affiche.pdf", "leuven/infografiek/wonen.png",
                                             "leuven/infografiek/presentatie.pdf"]},
    })
    docs = {d.id: d for d in documents_from_manifest(out)}
    assert set(docs) == {"brief/leuven/ruimte", "intervisie/sint-truiden-gingelom", "infografiek/leuven"}
    brief = docs["brief/leuven/ruimte"]
    assert (brief.product, brief.municipalities, brief.department) == ("brief", ("leuven",), "ruimte")
    assert brief.files == (out / "leuven/brief-ruimte.pdf",) and brief.key_points == ("Eén", "Twee", "Drie")
    session = docs["intervisie/sint-truiden-gingelom"]
    assert session.municipalities == ("sint-truiden", "gingelom")  # as the batch wrote them, not split from the id
    assert [session.name(s) for s in session.municipalities] == ["Sint-Truiden", "Gingelom"]
    assert [session.copy_of(p) for p in session.files] == ["facilitator", "sint-truiden", "gingelom"]
    assert [p.name for p in docs["infografiek/leuven"].files] == ["affiche.pdf", "presentatie.pdf"]


def test_a_manifest_of_an_older_thuis_asks_for_a_new_batch_instead_of_guessing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".thuis-manifest.json").write_text(json.dumps({"uitvoer": {
        "intervisie/sint-truiden-gingelom": {"hash": "v1", "product": "intervisie", "bestanden": ["x.pdf"]}}}))
    with pytest.raises(InputError, match="1 documenten in .* werden gemaakt door een oudere versie van thuis"
                                         ".*Maak ze opnieuw met 'thuis batch'"):
        documents_from_manifest(out)


def test_without_a_manifest_there_is_a_clear_message(tmp_path):
    with pytest.raises(InputError, match="Er is niets te bezorgen: .*ontbreekt. Maak eerst de documenten met "
                                         "'thuis batch'."):
        documents_from_manifest(tmp_path)


def test_the_plan_says_who_gets_what_and_why(tmp_path, config, gebieden):
    out = tmp_path / "out"
    write_output(out, {"brief/leuven/ruimte": {"bestanden": ["leuven/brief-ruimte.pdf"], "hash": "v2"},
                       "brief/leuven/wonen": {"bestanden": ["leuven/brief-wonen.pdf"]},
                       "brief/leuven/welzijn": {"bestanden": ["leuven/brief-welzijn.pdf"]},
                       "intervisie/leuven-herent": {"bestanden": ["intervisie/leuven-herent.pdf"]}})
    found = recipients(settings(25, {
        "leuven": {"diensten": {"ruimte": "ruimte@example.org", "wonen": "wonen@example.org"},
                   "intervisie": "beleid@example.org"},
        "herent": {"intervisie": ["beleid@herent.example.org", "Beleid@example.org"]}}), config, gebieden)
    documents = documents_from_manifest(out)
    ledger = Ledger.load(out)
    for doc in documents:
        if doc.id in ("brief/leuven/ruimte", "brief/leuven/wonen"):
            recipient = "ruimte@example.org" if "ruimte" in doc.id else "wonen@example.org"
            ledger.entries.setdefault(doc.id, {})[recipient] = {"versie": "v1"}
    plan = [(d.document.id, d.recipient, d.reason) for d in plan_deliveries(documents, found, ledger)]
    assert plan == [
        ("brief/leuven/ruimte", "ruimte@example.org", "bijgewerkt"),
        ("brief/leuven/welzijn", None, "geen ontvanger"),
        ("brief/leuven/wonen", "wonen@example.org", "al bezorgd"),
        ("intervisie/leuven-herent", "beleid@example.org", "nieuw"),  # once, although both municipalities name it
        ("intervisie/leuven-herent", "beleid@herent.example.org", "nieuw"),
    ]


def test_a_dry_run_shows_who_would_get_what_and_sends_nothing(tmp_path, config, gebieden):
    out = tmp_path / "out"
    write_output(out, {"brief/leuven/ruimte": {"bestanden": ["leuven/brief-ruimte.pdf"]},
                       "brief/leuven/wonen": {"bestanden": ["leuven/brief-wonen.pdf"]}})
    lines = []
    found = recipients(settings(1, {"leuven": {"diensten": {"ruimte": "ruimte@example.org"}}}), config, gebieden)
    result = deliver(out, documents_from_manifest(out), found, dry=True, echo=lines.append)
    assert lines == ["versturen  brief/leuven/ruimte  ->  ruimte@example.org  (nieuw)",
                     "niet       brief/leuven/wonen  ->  -  (geen ontvanger)",
                     "Droge run: 1 bericht zou vertrekken; er werd niets verstuurd."]
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [".thuis-manifest.json", "leuven"]


# --- the message ------------------------------------------------------------------------------

def test_a_municipality_can_reword_the_mail_with_its_own_templates(tmp_path, config, gebieden):
    out = tmp_path / "out"
    write_output(out, {"brief/leuven/ruimte": {"bestanden": ["leuven/brief-ruimte.pdf"], "titel": "Ruimte & wonen"}})
    own = tmp_path / "sjablonen" / "mail"
    own.mkdir(parents=True)
    (own / "onderwerp.txt").write_text("[Stad Leuven] {{ titel }}{% if bijgewerkt %} (bijgewerkt){% endif %}\n",
                                       encoding="utf-8")
    found = recipients(settings(25, {"leuven": {"diensten": {"ruimte": "ruimte@example.org"}}}), config, gebieden)
    [doc] = documents_from_manifest(out)
    first = build_message(Delivery(doc, "ruimte@example.org", "nieuw"), found, tmp_path / "sjablonen")
    again = build_message(Delivery(doc, "ruimte@example.org", "bijgewerkt"), found, tmp_path / "sjablonen")
    assert first["Subject"] == "[Stad Leuven] Ruimte & wonen"  # a text template: no HTML escaping
    assert again["Subject"] == "[Stad Leuven] Ruimte & wonen (bijgewerkt)"
    assert "Ruimte &amp; wonen" not in first.get_body(("plain",)).get_content()
    assert first["Message-ID"] == again["Message-ID"]  # same version, same recipient
    other = build_message(Delivery(doc, "stedenbouw@example.org", "nieuw"), found, None)
    assert other["Message-ID"] != first["Message-ID"] and other["Message-ID"].endswith("@example.org>")


# --- thuis check ------------------------------------------------------------------------------

def test_check_lists_departments_and_products_without_recipients(tmp_path, small_file):
    from thuis_cli.project import Project
    from thuis_cli.report import check_summary
    from thuis_cli.workspace import Workspace as Session

    cfg = tmp_path / "cfg"
    cfg.mkdir()
    raw = settings(25, {"leuven": {"diensten": {d: f"{d}@example.org" for d in ("ruimte", "wonen")},
                                   "intervisie": "beleid@example.org"}}, host="localhost")
    (cfg / "ontvangers.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    session = Session.open([small_file], cfg, Project())
    summary, warnings = check_summary(session, cfg)
    assert warnings == []
    assert f"Ontvangers:    {cfg / 'ontvangers.yaml'} (1 gemeente)" in summary.splitlines()
    assert ("Zonder ontvanger in Leuven: welzijn, senioren, mobiliteit, milieu-klimaat, lokale-economie, "
            "communicatie, openbare-werken, infografiek") in summary.splitlines()
    assert "Ontvangers" not in check_summary(session, None)[0]  # no recipients file: nothing about delivery

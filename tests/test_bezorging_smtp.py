"""Delivery by e-mail against a real SMTP server (aiosmtpd on 127.0.0.1): what arrives, exactly once."""

from __future__ import annotations

import json
import ssl

import pytest
from bezorging_support import Handler, recipients, settings, start_server, write_output

from thuis_cli.bezorging import LEDGER, REPORT, deliver, documents_from_manifest
from thuis_cli.errors import ExitCode

LEUVEN = {
    "diensten": {"ruimte": ["ruimte@example.org", "stedenbouw@example.org"], "wonen": "wonen@example.org"},
    "intervisie": "beleid@example.org",
    "infografiek": "communicatie@example.org",
}
HERENT = {"intervisie": "beleid@herent.example.org"}


@pytest.fixture
def out(tmp_path):
    return tmp_path / "out"


@pytest.fixture
def server():
    handler = Handler()
    controller = start_server(handler)
    yield controller, handler
    controller.stop()


def pack(out, ruimte_hash="v1"):
    return write_output(out, {
        "brief/leuven/ruimte": {"bestanden": ["leuven/brief-ruimte.pdf"], "hash": ruimte_hash,
                                "titel": "Wat de woontest betekent voor Ruimte in Leuven",
                                "kernpunten": ["Meer inwoners dan in Vlaanderen willen kleiner wonen (63 %, n = 412).",
                                               "Jongeren zoeken vaker een betaalbare huurwoning.",
                                               "Delen van een tuin spreekt één op vijf aan."]},
        "brief/leuven/wonen": {"bestanden": ["leuven/brief-wonen.pdf"]},
        "intervisie/leuven-herent": {"bestanden": ["intervisie/leuven-herent.pdf"]},
        "infografiek/leuven": {"bestanden": ["leuven/infografiek/affiche.pdf", "leuven/infografiek/presentatie.pdf",
                                             "leuven/infografiek/wonen.png"]},
    })


def run(out, port, config, gebieden, gemeenten=None, **smtp):
    raw = settings(port, gemeenten or {"leuven": LEUVEN, "herent": HERENT}, **smtp)
    documents = documents_from_manifest(out)
    lines = []
    result = deliver(out, documents, recipients(raw, config, gebieden), echo=lines.append)
    return result, "\n".join(lines)


def by_recipient(received):
    return {(r.recipients[0], r.message["Subject"]): r for r in received}


def test_each_recipient_gets_one_message_with_the_pdf_intact_and_dutch_text(out, server, config, gebieden):
    controller, handler = server
    files = pack(out)
    result, _ = run(out, controller.port, config, gebieden)
    assert result.exit_code == ExitCode.OK
    assert sorted(r.recipients[0] for r in handler.received) == sorted([
        "ruimte@example.org", "stedenbouw@example.org", "wonen@example.org", "beleid@example.org",
        "beleid@herent.example.org", "communicatie@example.org"])
    assert all(len(r.recipients) == 1 for r in handler.received)

    ruimte = next(r for r in handler.received if r.recipients == ["ruimte@example.org"])
    assert ruimte.raw.isascii()  # accents travel encoded (RFC 2047 headers, quoted-printable body)
    message = ruimte.message
    assert message["Subject"] == "Wat de woontest betekent voor Ruimte in Leuven"
    assert message["From"] == "Team Wonen Leuven <wonen@example.org>"
    assert message["Reply-To"] == "Anaïs Peeters <anais.peeters@example.org>"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content()
    for point in ("63 %, n = 412", "betaalbare huurwoning", "Delen van een tuin spreekt één op vijf aan."):
        assert point in text and point in html
    assert "Wat kunt u ermee doen?" in text and "Anaïs Peeters\nBeleidsmedewerker wonen" in text
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "brief-ruimte.pdf"
    assert attachment.get_content() == files["leuven/brief-ruimte.pdf"]

    poster = next(r for r in handler.received if r.recipients == ["communicatie@example.org"]).message
    assert [a.get_filename() for a in poster.iter_attachments()] == ["affiche.pdf", "presentatie.pdf"]
    wonen = next(r for r in handler.received if r.recipients == ["wonen@example.org"]).message
    assert wonen["Subject"] == "Briefing woontest voor Wonen en woonloket – Leuven"  # no title in the manifest
    assert "Wat opvalt" not in wonen.get_body(("plain",)).get_content()  # no key points in the manifest

    ids = [r.message["Message-ID"] for r in handler.received]
    assert len(set(ids)) == len(ids)


def test_a_rerun_sends_nothing_and_a_changed_brief_goes_again_once_as_bijgewerkt(out, server, config, gebieden):
    controller, handler = server
    pack(out)
    run(out, controller.port, config, gebieden)
    first = {r.recipients[0]: r.message["Message-ID"] for r in handler.received if "Ruimte" in r.message["Subject"]}
    handler.received.clear()

    result, _ = run(out, controller.port, config, gebieden)
    assert handler.received == []
    assert result.count("al bezorgd") == 6 and result.count("verstuurd") == 0

    pack(out, ruimte_hash="v2")  # the batch rebuilt the Ruimte brief
    result, lines = run(out, controller.port, config, gebieden)
    assert sorted(r.recipients[0] for r in handler.received) == ["ruimte@example.org", "stedenbouw@example.org"]
    for received in handler.received:
        assert received.message["Subject"].startswith("Bijgewerkt: ")
        assert "nieuwe versie" in received.message.get_body(("plain",)).get_content()
        assert received.message["Message-ID"] != first[received.recipients[0]]
    handler.received.clear()
    run(out, controller.port, config, gebieden)
    assert handler.received == []

    ledger = json.loads((out / LEDGER).read_text(encoding="utf-8"))["bezorgd"]
    assert ledger["brief/leuven/ruimte"]["ruimte@example.org"]["versie"] == "v2"


def test_temporary_refusal_is_retried_and_a_permanent_one_fails_only_that_delivery(out, server, config, gebieden):
    controller, handler = server
    pack(out)
    handler.busy = 1  # the first message gets 451, then the server accepts
    handler.refuse = {"stedenbouw@example.org"}
    result, lines = run(out, controller.port, config, gebieden)

    assert result.exit_code == ExitCode.PARTIAL_FAILURE
    arrived = sorted(r.recipients[0] for r in handler.received)
    assert handler.busy == 0  # the 451 was answered, and that message arrived on the retry
    assert "stedenbouw@example.org" not in arrived and len(arrived) == 5
    [failed] = result.failed
    assert failed.delivery.recipient == "stedenbouw@example.org"
    assert "550 5.1.1 Mailbox unavailable" in failed.error
    report = json.loads((out / REPORT).read_text(encoding="utf-8"))
    assert report["aantallen"] == {"verstuurd": 5, "al bezorgd": 0, "geen ontvanger": 0, "mislukt": 1}
    [row] = [b for b in report["bezorgingen"] if b["status"] == "mislukt"]
    assert row["ontvanger"] == "stedenbouw@example.org" and "weigerde de ontvanger" in row["fout"]
    assert "stedenbouw@example.org" in lines

    handler.refuse = set()  # the mailbox was fixed: only the failed delivery goes out now
    handler.received.clear()
    result, _ = run(out, controller.port, config, gebieden)
    assert [r.recipients[0] for r in handler.received] == ["stedenbouw@example.org"]
    assert result.exit_code == ExitCode.OK


def test_a_server_that_stays_away_fails_the_run_without_marking_anything_sent(out, config, gebieden):
    from bezorging_support import free_port

    pack(out)
    result, lines = run(out, free_port(), config, gebieden)  # nobody listens there
    assert result.exit_code == ExitCode.NOT_SENT  # its own code: nothing went out, the server is the problem
    assert "Niets verstuurd: geen verbinding met 127.0.0.1" in lines
    assert result.count("verstuurd") == 0 and len(result.failed) == 6
    assert "geen verbinding met 127.0.0.1" in result.failed[0].error and "3 pogingen" in result.failed[0].error
    assert not (out / LEDGER).exists()


def test_attachments_above_the_limit_are_refused_with_a_clear_message(out, server, config, gebieden):
    controller, handler = server
    pack(out)
    (out / "leuven/brief-wonen.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 2_200_000)
    raw = settings(controller.port, {"leuven": LEUVEN})
    raw["max_bijlage_mb"] = 2
    result = deliver(out, documents_from_manifest(out), recipients(raw, config, gebieden),
                     echo=lambda line: None)
    [failed] = result.failed
    assert failed.delivery.document.id == "brief/leuven/wonen"
    assert failed.error == ("het bericht is met de bijlage(n) 2,9 MB groot (de PDF's zelf 2,1 MB; als bijlage "
                            "worden ze ongeveer 37 % groter), meer dan de toegelaten 2 MB (max_bijlage_mb); het "
                            "bericht werd niet verstuurd")
    assert "wonen@example.org" not in [r.recipients[0] for r in handler.received]


def test_a_missing_file_fails_only_its_own_delivery(out, server, config, gebieden):
    controller, handler = server
    pack(out)
    (out / "leuven/brief-wonen.pdf").unlink()
    result, _ = run(out, controller.port, config, gebieden)
    [failed] = result.failed
    assert failed.delivery.document.id == "brief/leuven/wonen"
    assert failed.error == (f"het bestand {out / 'leuven/brief-wonen.pdf'} ontbreekt; maak het opnieuw met "
                            "'thuis batch --forceer'")
    assert len(handler.received) == 5


# --- TLS and login -----------------------------------------------------------------------------

@pytest.fixture
def ca():
    import trustme

    return trustme.CA()


def tls_server(ca, handler, implicit=False, **kwargs):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    if implicit:
        return start_server(handler, ssl_context=context, **kwargs)
    return start_server(handler, tls_context=context, require_starttls=True, **kwargs)


def test_starttls_succeeds_with_the_private_ca_and_is_refused_without_it(out, ca, tmp_path, config, gebieden):
    handler = Handler()
    controller = tls_server(ca, handler)
    try:
        pack(out)
        result, _ = run(out, controller.port, config, gebieden, modus="starttls")
        assert result.count("mislukt") == 6 and handler.received == []
        assert result.exit_code == ExitCode.NOT_SENT  # not "partly done": nothing was sent
        assert result.failed[0].error.startswith("het certificaat van de SMTP-server 127.0.0.1 kon niet "
                                                 "geverifieerd worden")
        assert "smtp.ca_bestand" in result.failed[0].error
        assert not (out / LEDGER).exists()

        ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
        result, _ = run(out, controller.port, config, gebieden, modus="starttls", ca_bestand=str(tmp_path / "ca.pem"))
        assert result.exit_code == ExitCode.OK and len(handler.received) == 6
    finally:
        controller.stop()


def test_a_server_without_starttls_gets_nothing_in_plain_text(out, server, config, gebieden):
    controller, handler = server  # this server offers no STARTTLS
    pack(out)
    result, _ = run(out, controller.port, config, gebieden, modus="starttls")
    assert handler.received == [] and len(result.failed) == 6
    assert result.failed[0].error.startswith("de SMTP-server 127.0.0.1 biedt geen STARTTLS aan; thuis verstuurt "
                                             "niets onversleuteld")


def test_implicit_tls_verifies_the_certificate(out, ca, tmp_path, config, gebieden):
    handler = Handler()
    controller = tls_server(ca, handler, implicit=True)
    try:
        pack(out)
        ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
        result, _ = run(out, controller.port, config, gebieden, {"leuven": {"intervisie": "beleid@example.org"}},
                        modus="tls", ca_bestand=str(tmp_path / "ca.pem"))
        assert result.exit_code == ExitCode.OK
        assert [r.recipients for r in handler.received] == [["beleid@example.org"]]
    finally:
        controller.stop()


def test_login_uses_the_environment_and_the_password_appears_nowhere(out, ca, tmp_path, config, gebieden,
                                                                    monkeypatch, caplog, capsys):
    from aiosmtpd.smtp import AuthResult

    password = "Zeer-geheim-wachtwoord-8731"
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        ok = auth_data.login == b"thuis" and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    handler = Handler()
    controller = tls_server(ca, handler, authenticator=authenticator, auth_required=True)
    try:
        pack(out)
        ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
        monkeypatch.setenv("THUIS_TEST_GEBRUIKER", "thuis")
        monkeypatch.setenv("THUIS_TEST_WACHTWOORD", password)
        inlog = {"gebruiker_variabele": "THUIS_TEST_GEBRUIKER", "wachtwoord_variabele": "THUIS_TEST_WACHTWOORD"}
        caplog.set_level("DEBUG")
        result, lines = run(out, controller.port, config, gebieden, modus="starttls",
                            ca_bestand=str(tmp_path / "ca.pem"), inlog=inlog)
        assert result.exit_code == ExitCode.OK and len(handler.received) == 6
        assert logins[0] == (b"thuis", password.encode())

        monkeypatch.setenv("THUIS_TEST_WACHTWOORD", password + "-fout")
        pack(out, ruimte_hash="v2")
        result, wrong = run(out, controller.port, config, gebieden, modus="starttls",
                            ca_bestand=str(tmp_path / "ca.pem"), inlog=inlog)
        assert result.exit_code == ExitCode.NOT_SENT
        assert result.failed[0].error.startswith("aanmelden bij 127.0.0.1 als 'thuis' mislukte (535")
    finally:
        controller.stop()
    seen = [lines, wrong, caplog.text, *capsys.readouterr()]
    seen += [p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file()]
    assert not any(password in text for text in seen)


# --- after a batch build -----------------------------------------------------------------------

def test_the_batch_hands_over_to_delivery_through_the_plan_section(out, server, small_file, tmp_path):
    from thuis_cli.bezorging import deliver_after_build
    from thuis_cli.plan import LoadedPlan, plan_model

    Plan = plan_model()
    from thuis_cli.project import Project
    from thuis_cli.workspace import Workspace as Session

    controller, handler = server
    pack(out)
    session = Session.open([small_file], None, Project())
    section = settings(controller.port, {"leuven": {"diensten": {"wonen": "wonen@example.org"}}})
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text("bezorging: {}\n", encoding="utf-8")
    lines = []
    result = deliver_after_build(out, LoadedPlan(Plan(bezorging=section), str(plan_file)), session, echo=lines.append)
    assert result.exit_code == ExitCode.OK
    assert [r.recipients for r in handler.received] == [["wonen@example.org"]]

    section["smtp"]["inlog"] = {"gebruiker_variabele": "THUIS_NIET_GEZET_U",
                                "wachtwoord_variabele": "THUIS_NIET_GEZET_P"}
    pack(out, ruimte_hash="v2")
    result = deliver_after_build(out, LoadedPlan(Plan(bezorging=section), str(plan_file)), session, echo=lines.append)
    assert result.exit_code == ExitCode.PARTIAL_FAILURE  # the build stays done; the batch reports the failure
    assert result.headline.startswith("bezorging per e-mail niet gestart: De omgevingsvariabele(n) "
                                      "THUIS_NIET_GEZET_U, THUIS_NIET_GEZET_P")
    assert len(handler.received) == 1


@pytest.mark.slow
def test_a_nightly_batch_builds_then_mails_each_brief_once_with_its_key_points(tmp_path, server):
    """The real command: `thuis batch plan.yaml` with a bezorging section sends each brief to its
    department with the brief's own findings in the text; verslag.json says what went to whom; a
    second night sends nothing."""
    import subprocess
    import sys

    import yaml

    controller, handler = server
    section = settings(controller.port, {"leuven": {"diensten": {"wonen": "wonen@example.org",
                                                                 "ruimte": "ruimte@example.org"}}})
    plan = {"gemeenten": ["leuven"], "briefs": {"diensten": ["wonen", "ruimte"]}, "uit": "uit",
            "bezorging": section}
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    command = [sys.executable, "-m", "thuis_cli", "batch", "plan.yaml", "--jobs", "1"]
    first = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    assert sorted(r.recipients[0] for r in handler.received) == ["ruimte@example.org", "wonen@example.org"]
    manifest = json.loads((tmp_path / "uit" / ".thuis-manifest.json").read_text())
    points = manifest["uitvoer"]["brief/leuven/wonen"]["kernpunten"]
    assert 1 <= len(points) <= 3
    mail = next(r for r in handler.received if r.recipients == ["wonen@example.org"])
    body = mail.message.get_body(("plain",)).get_content()
    assert points[0].replace("\u00a0", " ") in body.replace("\u00a0", " ")
    report = json.loads((tmp_path / "uit" / "verslag.json").read_text())
    assert {(b["document"], b["ontvanger"], b["status"]) for b in report["bezorging"]["bezorgingen"]} == {
        ("brief/leuven/wonen", "wonen@example.org", "verstuurd"),
        ("brief/leuven/ruimte", "ruimte@example.org", "verstuurd")}
    second = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0 and len(handler.received) == 2


# --- round 3 of own use (issue 29) --------------------------------------------------------------

def test_the_size_limit_counts_the_encoded_message_which_a_4_mib_server_would_refuse(out, config, gebieden):
    """3.1 MiB of PDF is a 4.2 MiB message: with max_bijlage_mb 4 it is reported, not refused by the
    server with 552; 2.8 MiB of PDF (3.8 MiB as a message) goes through the same 4 MiB server."""
    handler = Handler()
    controller = start_server(handler, data_size_limit=4 * 1024 * 1024)
    try:
        pack(out)
        (out / "leuven/brief-wonen.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * (31 * 1024 * 1024 // 2560))
        (out / "leuven/brief-ruimte.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * (28 * 1024 * 1024 // 2560))
        raw = settings(controller.port, {"leuven": LEUVEN})
        raw["max_bijlage_mb"] = 4
        result = deliver(out, documents_from_manifest(out), recipients(raw, config, gebieden), echo=lambda line: None)
        [failed] = result.failed
        assert failed.delivery.document.id == "brief/leuven/wonen"
        assert failed.error.startswith("het bericht is met de bijlage(n) 4,2 MB groot (de PDF's zelf 3,1 MB; ")
        assert "meer dan de toegelaten 4 MB (max_bijlage_mb)" in failed.error
        arrived = {r.recipients[0]: len(r.raw) for r in handler.received}
        assert "wonen@example.org" not in arrived and arrived["ruimte@example.org"] < 4 * 1024 * 1024

        raw["max_bijlage_mb"] = 10  # above what the server takes: its SIZE in the EHLO says so, before sending
        pack_again = documents_from_manifest(out)
        result = deliver(out, pack_again, recipients(raw, config, gebieden), echo=lambda line: None)
        [failed] = result.failed
        assert failed.error == ("het bericht is 4,2 MB groot, meer dan de 4,0 MB die de SMTP-server 127.0.0.1 "
                                "aanneemt (SIZE); zet max_bijlage_mb lager, dan meldt thuis te grote berichten zelf")
        assert result.exit_code == ExitCode.PARTIAL_FAILURE
    finally:
        controller.stop()


def test_an_internationalised_domain_goes_out_in_ascii_and_never_stops_the_run(out, config, gebieden):
    """A server without SMTPUTF8: 'ruimte@stad-léuven.be' travels as its IDNA form, so it arrives; the
    other deliveries of the run go on. (It used to count as 'geen verbinding', four times, and stop all.)"""
    handler = Handler()
    controller = start_server(handler, enable_SMTPUTF8=False)
    try:
        pack(out)
        leuven = {**LEUVEN, "diensten": {"ruimte": "Dienst Ruimte <ruimte@stad-léuven.be>",
                                         "wonen": "wonen@example.org"}}
        result, _ = run(out, controller.port, config, gebieden, {"leuven": leuven})
        assert result.exit_code == ExitCode.OK, result.failed
        arrived = {r.recipients[0]: r for r in handler.received}
        assert set(arrived) == {"ruimte@xn--stad-luven-g7a.be", "wonen@example.org", "beleid@example.org",
                                "communicatie@example.org"}
        to = arrived["ruimte@xn--stad-luven-g7a.be"].message["To"].addresses[0]
        assert (to.display_name, to.addr_spec) == ("Dienst Ruimte", "ruimte@xn--stad-luven-g7a.be")
        ledger = json.loads((out / LEDGER).read_text(encoding="utf-8"))["bezorgd"]
        assert "ruimte@stad-léuven.be" in ledger["brief/leuven/ruimte"]  # as the user wrote it
    finally:
        controller.stop()


def test_an_address_that_needs_smtputf8_fails_alone_on_a_server_without_it():
    from thuis_cli.bezorging.bericht import Outgoing
    from thuis_cli.bezorging.ontvangers import Smtp
    from thuis_cli.bezorging.smtp import DeliveryFailed, Mailer

    handler = Handler()
    controller = start_server(handler, enable_SMTPUTF8=False)
    try:
        smtp = Smtp(host="127.0.0.1", poort=controller.port, modus="plain", pogingen=3, wachttijd=0.01)
        with Mailer(smtp, None) as mailer:
            with pytest.raises(DeliveryFailed) as caught:
                mailer.send(Outgoing("wonen@example.org", "jürgen@example.org", b"Subject: x\r\n\r\nx\r\n", True))
            mailer.send(Outgoing("wonen@example.org", "ok@example.org", b"Subject: y\r\n\r\ny\r\n", False))
        assert str(caught.value).startswith("het adres jürgen@example.org heeft letters buiten ASCII vóór de @; "
                                            "daarvoor moet de SMTP-server SMTPUTF8 kennen, en 127.0.0.1 kent dat niet")
        assert handler.mails == 1 and [r.recipients for r in handler.received] == [["ok@example.org"]]
    finally:
        controller.stop()


def test_headers_keep_the_senders_name_and_say_the_mail_is_automatic_and_dutch(out, server, config, gebieden):
    controller, handler = server
    pack(out)
    raw = settings(controller.port, {"leuven": {"diensten": {"wonen": "wonen@example.org"}}})
    raw["afzender"] = "Dienst Wonen – Stad Leuven (één loket) <wonen@leuven.example.org>"
    raw["antwoord_aan"] = '"Peeters, An" <an.peeters@example.org>'
    deliver(out, documents_from_manifest(out), recipients(raw, config, gebieden), echo=lambda line: None)
    [received] = handler.received
    assert received.raw.isascii()
    message = received.message
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Dienst Wonen – Stad Leuven (één loket)",
                                                       "wonen@leuven.example.org")
    [reply] = message["Reply-To"].addresses
    assert (reply.display_name, reply.addr_spec) == ("Peeters, An", "an.peeters@example.org")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Auto-Response-Suppress"] == "OOF, AutoReply"
    assert message["Content-Language"] == "nl-BE"
    assert message.get_body(("plain",))["Content-Language"] == "nl-BE"


def workbook_pack(out):
    group = "intervisie/intervisie-leuven-herent-bertem"
    copies = {f"{group}-facilitator.pdf": "facilitator", f"{group}-leuven.pdf": "leuven",
              f"{group}-herent.pdf": "herent", f"{group}-bertem.pdf": "bertem"}
    return write_output(out, {"intervisie/leuven-herent-bertem": {
        "bestanden": list(copies), "exemplaren": copies, "titel": None,
        "gemeenten": [{"slug": "leuven", "nis": "24062", "naam": "Leuven"},
                      {"slug": "herent", "nis": "24038", "naam": "Herent"},
                      {"slug": "bertem", "nis": "24009", "naam": "Bertem"}]}})


def test_each_municipality_gets_its_own_workbook_copy_and_the_facilitator_the_facilitators(out, server, config,
                                                                                             gebieden):
    controller, handler = server
    files = workbook_pack(out)
    raw = settings(controller.port, {"leuven": {"intervisie": "beleid@example.org"},
                                     "herent": {"intervisie": ["beleid@herent.example.org", "beleid@example.org"]}})
    raw["facilitator"] = "Facilitator <intervisie@example.org>"
    lines = []
    result = deliver(out, documents_from_manifest(out), recipients(raw, config, gebieden), echo=lines.append)
    assert result.exit_code == ExitCode.OK
    got = {r.recipients[0]: r.message for r in handler.received}
    attached = {who: [a.get_filename() for a in m.iter_attachments()] for who, m in got.items()}
    assert attached == {
        "beleid@example.org": ["intervisie-leuven-herent-bertem-leuven.pdf",
                               "intervisie-leuven-herent-bertem-herent.pdf"],
        "beleid@herent.example.org": ["intervisie-leuven-herent-bertem-herent.pdf"],
        "intervisie@example.org": ["intervisie-leuven-herent-bertem-facilitator.pdf"]}
    herent = got["beleid@herent.example.org"]
    [pdf] = herent.iter_attachments()
    assert pdf.get_content() == files["intervisie/intervisie-leuven-herent-bertem-herent.pdf"]
    text = herent.get_body(("plain",)).get_content()
    assert "intervisie over de woontest met Leuven, Herent, Bertem" in text  # names, never the slug 'bertem'
    assert "het exemplaar van Herent" in text
    assert herent["Subject"] == "Intervisiewerkboek woontest – Leuven, Herent, Bertem"
    assert "het exemplaar van de facilitator" in got["intervisie@example.org"].get_body(("plain",)).get_content()
    assert "1 document (of exemplaren) zonder ontvanger, niet verstuurd; 'thuis bezorg --droog' toont welke." \
        in "\n".join(lines)  # Bertem's copy: Bertem has no entry


def test_documents_without_a_recipient_are_one_line_with_a_count(out, server, config, gebieden):
    controller, handler = server
    write_output(out, {f"brief/leuven/{d}": {"bestanden": [f"leuven/brief-{d}.pdf"]}
                       for d in ("ruimte", "wonen", "welzijn", "senioren", "mobiliteit")})
    lines = []
    raw = settings(controller.port, {"leuven": {"diensten": {"wonen": "wonen@example.org"}}})
    deliver(out, documents_from_manifest(out), recipients(raw, config, gebieden), echo=lines.append)
    summary = lines[-1].splitlines()
    assert summary[1] == ("4 documenten (of exemplaren) zonder ontvanger, niet verstuurd; "
                          "'thuis bezorg --droog' toont welke.")
    assert not any("brief/leuven/senioren" in line for line in summary)

"""Participation hand-off (issue 16): files Decidim and Go Vocal import as they are, a calendar file for
the information evening, honest figures only, and a sender that talks to Go Vocal's API."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from thuis_cli.config_residents import Actie as Plan, GemeentePlannen
from thuis_cli import plain
from thuis_cli.products.infografiek import Boodschap, choose_messages
from thuis_cli.participatie import from_actions, from_messages, short_title
from thuis_cli.participatie import formats
from thuis_cli.participatie.export import build, participation
from thuis_cli.participatie.verstuur import ENV_ID, ENV_SECRET, SendError, send_ideas
from thuis_cli.project import Project
from thuis_cli.workspace import Workspace

from clirunner import thuis
from conftest import question, write_csv

# What Decidim's importer requires (decidim-admin Import::Verifier#required_headers via
# decidim-proposals ProposalsVerifier: title/<default locale>, body/<default locale>; Readers::CSV
# uses col_sep ";"; ProposalCreator drops "id"; the other keys it reads: scope/id, taxonomies/ids,
# address, latitude, longitude).
DECIDIM_KEYS = {"title/nl", "body/nl", "scope/id", "taxonomies/ids", "address", "latitude", "longitude"}
# Go Vocal public API v2, POST /api/v2/ideas, scope "idea".
GOVOCAL_KEYS = {"project_id", "title_multiloc", "body_multiloc", "topic_ids", "phase_ids"}

PLANNEN = """
gemeenten:
  leuven:
    plannen:
      - indicator: winkels_wandelafstand
        tekst: "=SOM(A1:A9) <b>Buurtwinkels</b> krijgen steun & meer"
        meerjarenplan: "-Actie 3.2.1"
    deelname:
      platform: https://doemee.leuven.be/woontest
      infoavond:
        datum: 2027-03-16
        begin: 20:00
        einde: "22.00"
        plaats: Stadhuis, Grote Markt 9, 3000 Leuven
        beschrijving: We stellen de resultaten voor.
        link: https://doemee.leuven.be/infoavond
      decidim: {taal: nl, scope: 3, taxonomieen: [12, 14]}
      govocal: {project_id: proj-1, topic_ids: [t1], phase_ids: [ph1, ph2]}
"""


@pytest.fixture(scope="module")
def cfg(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cfg")
    (folder / "plannen.yaml").write_text(PLANNEN)
    return folder


@pytest.fixture(scope="module")
def session(cfg):
    return Workspace.open(None, cfg, Project())


@pytest.fixture(scope="module")
def files(session):
    return participation(session, session.municipality("leuven"), environ={}).files


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=";"))


def _xlsx_rows(data: bytes) -> list[list]:
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]  # Decidim reads worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()]


# --- Decidim ----------------------------------------------------------------------------------

def test_decidim_csv_follows_decidims_import_rules(files):
    data = files["decidim-voorstellen.csv"]
    assert data.startswith(b"title/nl;")  # no BOM: Ruby's CSV.read would keep it in the first header
    rows = _csv_rows(data)
    header = rows[0]
    assert {"title/nl", "body/nl"} <= set(header) and set(header) <= DECIDIM_KEYS
    assert "id" not in header and len(set(header)) == len(header)
    assert len(rows) > 2 and all(len(r) == len(header) for r in rows)
    record = dict(zip(header, rows[1]))
    assert record["scope/id"] == "3" and record["taxonomies/ids"] == "12,14"
    assert all(r[header.index("title/nl")] and r[header.index("body/nl")] for r in rows[1:])


def test_decidim_xlsx_has_the_same_rows_as_text(files):
    import openpyxl

    rows = _xlsx_rows(files["decidim-voorstellen.xlsx"])
    assert rows == _csv_rows(files["decidim-voorstellen.csv"])
    sheet = openpyxl.load_workbook(io.BytesIO(files["decidim-voorstellen.xlsx"])).worksheets[0]
    # Decidim calls .split(",") on taxonomies/ids: it must be a string, never a number
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row)


def test_config_markup_is_escaped_in_bodies(files):
    rows = _csv_rows(files["decidim-voorstellen.csv"])
    shops = next(r for r in rows if "winkels" in r[0].lower())
    assert "&lt;b&gt;Buurtwinkels&lt;/b&gt; krijgen steun &amp; meer" in shops[1]
    assert "<b>" not in shops[1] and "<script" not in files["govocal-ideeen.json"].decode()
    assert shops[1].startswith("<p>") and shops[1].endswith("</p>")


def _strip_tags_and_simple_format(body: str) -> list[str]:
    """What Decidim shows of a body it does not trust (a proposal that is not official, before July
    2026): Rails' strip_tags, then simple_format's paragraphs (split on blank lines)."""
    import html
    import re

    text = html.unescape(re.sub(r"<[^>]*>", "", body))
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _html_paragraphs(body: str) -> list[str]:
    """What a browser shows of the body as HTML (an official proposal, or rich text): the <p>s."""
    from html.parser import HTMLParser

    found = []

    class Paragraphs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append("") if tag == "p" else None

        def handle_data(self, data):
            if found:
                found[-1] += data

    Paragraphs(convert_charrefs=True).feed(body)
    return [p.strip() for p in found]


def test_decidim_bodies_read_as_paragraphs_with_and_without_rich_text(files):
    import re

    for row in _csv_rows(files["decidim-voorstellen.csv"])[1:]:
        paragraphs = _strip_tags_and_simple_format(row[1])
        assert len(paragraphs) >= 3 and paragraphs == _html_paragraphs(row[1])
        assert not any(re.search(r"[.?!][A-Z]", p) for p in paragraphs), paragraphs  # '3 op de 10.Wat doet'


def test_message_without_plan_has_no_plan_line(files):
    rows = _csv_rows(files["decidim-voorstellen.csv"])[1:]
    without = [r for r in rows if "winkels" not in r[0].lower()]
    assert without and all("Wat doet de gemeente" not in r[1] for r in without)
    shops = next(r for r in rows if "winkels" in r[0].lower())
    assert "<p>Wat doet de gemeente? =SOM(A1:A9)" in shops[1] and "Meerjarenplan: -Actie 3.2.1." in shops[1]
    for r in rows:
        assert "<p></p>" not in r[1] and "()" not in r[1]


def test_titles_fit_within_80_characters_at_a_word_boundary():
    long = "Wil in een buurt wonen waar winkels, scholen, dokters en het station allemaal op wandelafstand liggen"
    title = short_title(long)
    assert len(title) <= 80 and title.endswith("…")
    assert long.startswith(title[:-1]) and long[len(title) - 1] == " "
    assert short_title("Kort") == "Kort"


def test_all_titles_within_limit(files):
    for row in _csv_rows(files["decidim-voorstellen.csv"])[1:]:
        assert 0 < len(row[0]) <= 80
    for idea in json.loads(files["govocal-ideeen.json"]):
        assert 0 < len(idea["idea"]["title_multiloc"]["nl-BE"]) <= 80


def test_formula_looking_text_stays_text():
    import openpyxl

    rows = [["title/nl", "body/nl"], ["=1+2", "@SUM(A1)"], ["-3", "\tx"]]
    assert _csv_rows(formats.decidim_csv(rows))[1:] == [["'=1+2", "'@SUM(A1)"], ["'-3", "'\tx"]]
    data = formats.decidim_xlsx(rows)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A2"].value == "=1+2" and sheet["A2"].data_type == "s"
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def test_formula_looking_plan_is_guarded_in_the_generic_csv(files):
    data = files["ideeen.csv"]
    assert data.startswith(b"\xef\xbb\xbf")  # for people opening it in Excel
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = rows[0]
    shops = next(r for r in rows if "winkels" in r[0].lower())
    assert shops[header.index("plan")].startswith("'=SOM(")
    assert shops[header.index("meerjarenplan")] == "'-Actie 3.2.1"


# --- Go Vocal ---------------------------------------------------------------------------------

def test_govocal_json_matches_the_api_fields(files):
    ideas = json.loads(files["govocal-ideeen.json"])
    assert ideas and all(set(body) == {"idea"} for body in ideas)
    for body in ideas:
        idea = body["idea"]
        assert set(idea) <= GOVOCAL_KEYS and {"project_id", "title_multiloc", "body_multiloc"} <= set(idea)
        assert idea["project_id"] == "proj-1" and idea["topic_ids"] == ["t1"] and idea["phase_ids"] == ["ph1", "ph2"]
        assert list(idea["title_multiloc"]) == ["nl-BE"] and list(idea["body_multiloc"]) == ["nl-BE"]


def test_environment_overrides_govocal_ids(session):
    env = {"THUIS_GOVOCAL_PROJECT_ID": "proj-9", "THUIS_GOVOCAL_PHASE_IDS": "a, b"}
    ideas = json.loads(participation(session, session.municipality("leuven"), "govocal", environ=env)
                       .files["govocal-ideeen.json"])
    assert {i["idea"]["project_id"] for i in ideas} == {"proj-9"}
    assert {tuple(i["idea"]["phase_ids"]) for i in ideas} == {("a", "b")}


# --- honest figures -------------------------------------------------------------------------

def test_suppressed_figures_never_appear(tmp_path):
    rows = question("24062", "Leuven", "winkels_wandelafstand", {"winkels": 10})
    rows = [r[:6] + [20] for r in rows]  # n = 20: below the threshold
    rows += question("24062", "Leuven", "meer_groen", {"zeer-oneens": 5, "oneens": 5, "neutraal": 20,
                                                       "eens": 40, "zeer-eens": 30})
    session = Workspace.open([write_csv(tmp_path / "d.csv", rows)], None, Project())
    export = participation(session, session.municipality("leuven"), environ={})
    for name, data in export.files.items():
        text = (" ".join(str(v) for row in _xlsx_rows(data) for v in row) if name.endswith(".xlsx")
                else data.decode("utf-8"))
        assert "winkel" not in text.lower().replace("winkels en diensten", ""), name
        assert " van 20 deelnemers" not in text


def boodschap(nr, indicator, label, thema, share, n, phrase, plans) -> Boodschap:
    return Boodschap(nr, indicator, label, thema, "Leuven", share, n, phrase, plain.fraction(share), None, None,
                     plans, False)


def test_items_below_the_threshold_are_dropped_even_if_they_arrive():
    plan = Plan(indicator="meer_groen", tekst="Bomen planten.")
    ok = boodschap(1, "meer_groen", "Wil meer groen", "Dichter bij voorzieningen", 0.7, 120,
                   "willen meer groen", (plan,))
    small = boodschap(2, "autodelen", "Wil een auto delen", "Delen", 0.4, 12, "willen een auto delen", ())
    items = from_messages([ok, small], GemeentePlannen(plannen=[plan]))
    export = build(items, None, "Leuven", "leuven", "alle", min_n=30, environ={})
    text = export.files["decidim-voorstellen.csv"].decode()
    assert "meer groen" in text and "auto delen" not in text
    assert any("weggelaten" in n for n in export.notes)


def test_plan_no_longer_in_the_municipalitys_list_is_left_out():
    gone = Plan(indicator="meer_groen", tekst="Oud plan.")
    m = boodschap(1, "meer_groen", "Wil meer groen", "Thema", 0.7, 120, "willen meer groen", (gone,))
    [item] = from_messages([m], GemeentePlannen(plannen=[]))
    assert item.plannen == () and "Oud plan" not in item.tekst


def test_items_match_todays_messages(session):
    gebied = session.municipality("leuven")
    messages = choose_messages(session, gebied)
    items = from_messages(messages, None)
    assert [i.indicator for i in items] == [m.indicator for m in messages]
    for item, m in zip(items, messages):
        assert item.share == m.share and item.n == m.n
        assert item.cijfer.split(" van ")[0] in item.titel


# --- intervision actions ----------------------------------------------------------------------

def test_actions_from_verzamel_xlsx_and_csv_become_proposals(tmp_path):
    from thuis_cli.verzamel import Summary, write_summary

    summary = Summary("ABC123", ["Leuven", "Herent"],
                      actions=[("1", "=Fietsenstalling aan het station", "Dienst mobiliteit", "juni 2027"),
                               ("2", "Samen een woonbeurs organiseren", "", "")])
    xlsx = next(p for p in write_summary(summary, tmp_path) if p.suffix == ".xlsx")
    csv_file = next(p for p in write_summary(summary, tmp_path, as_csv=True) if p.suffix == ".csv")
    from thuis_cli.participatie.verzameling import read_actions

    assert read_actions(xlsx) == read_actions(csv_file) == [
        ("=Fietsenstalling aan het station", "Dienst mobiliteit", "juni 2027"),
        ("Samen een woonbeurs organiseren", "", "")]
    first, second = from_actions(read_actions(csv_file))
    assert first.titel == "Voorstel: =Fietsenstalling aan het station"
    assert "Wie: Dienst mobiliteit. Tegen wanneer: juni 2027." in first.tekst
    assert "Wie:" not in second.tekst and "Tegen wanneer" not in second.tekst


def test_a_file_that_is_no_summary_is_refused(tmp_path):
    from thuis_cli.errors import InputError
    from thuis_cli.participatie.verzameling import read_actions

    bad = tmp_path / "x.csv"
    bad.write_text("a;b\n1;2\n")
    with pytest.raises(InputError, match="geen verzameling"):
        read_actions(bad)


# --- calendar ---------------------------------------------------------------------------------

def test_ics_parses_and_round_trips_date_and_place(files, session):
    import datetime as dt

    import icalendar

    cal = icalendar.Calendar.from_ical(files["infoavond.ics"])
    [event] = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (dt.date(2027, 3, 16), 20, 0)
    assert start.utcoffset() == dt.timedelta(hours=1)  # Brussels in March, before summer time
    assert event.decoded("dtend").hour == 22
    assert str(event["location"]) == "Stadhuis, Grote Markt 9, 3000 Leuven"
    assert "We stellen de resultaten voor." in str(event["description"])
    assert str(event["url"]) == "https://doemee.leuven.be/infoavond"
    again = participation(session, session.municipality("leuven"), environ={}).files
    assert again == files  # same input, same bytes (UID and DTSTAMP do not follow the clock)


def _event(data: bytes):
    import icalendar

    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return event


def test_the_calendar_file_is_updated_in_place_when_the_evening_changes(tmp_path):
    """A calendar takes a new version of an event with the same UID and a higher SEQUENCE: a changed
    place raises SEQUENCE and DTSTAMP, a moved date keeps the UID (no second event), and the same
    input written again keeps the file's bytes."""
    import datetime as dt

    from thuis_cli.config_residents import Deelname
    from thuis_cli.participatie import agenda

    evening = {"datum": "2027-03-16", "begin": "20:00", "einde": "22:00", "plaats": "Stadhuis"}

    def write(now, **changes) -> bytes:
        deelname = Deelname.model_validate({"infoavond": {**evening, **changes}})
        export = build([], deelname, "Leuven", "leuven", "csv", environ={})
        path = tmp_path / agenda.FILE
        previous = path.read_bytes() if path.exists() else None
        path.write_bytes(agenda.revise_ics(export.files[agenda.FILE], previous, now))
        return path.read_bytes()

    first = write(dt.datetime(2027, 1, 10, 9, 30, tzinfo=dt.timezone.utc))
    event = _event(first)
    assert (int(event["sequence"]), event.decoded("dtstamp")) == (
        0, dt.datetime(2027, 1, 10, 9, 30, tzinfo=dt.timezone.utc))
    assert write(dt.datetime(2027, 1, 11, tzinfo=dt.timezone.utc)) == first  # nothing changed: the same bytes

    moved = _event(write(dt.datetime(2027, 1, 12, 8, 0, tzinfo=dt.timezone.utc), plaats="Raadzaal"))
    assert str(moved["uid"]) == str(event["uid"]) and int(moved["sequence"]) == 1
    assert moved.decoded("dtstamp") == dt.datetime(2027, 1, 12, 8, 0, tzinfo=dt.timezone.utc)
    later = _event(write(dt.datetime(2027, 1, 13, tzinfo=dt.timezone.utc), plaats="Raadzaal", datum="2027-03-23"))
    assert str(later["uid"]) == str(event["uid"]) and int(later["sequence"]) == 2
    assert later.decoded("dtstart").date() == dt.date(2027, 3, 23)


def test_a_calendar_file_of_an_older_thuis_keeps_its_uid_and_goes_up_in_sequence():
    import datetime as dt

    from thuis_cli.config_residents import Infoavond
    from thuis_cli.participatie import agenda

    avond = Infoavond(datum=dt.date(2027, 3, 16), begin="20:00", plaats="Stadhuis")
    old = agenda.infoavond_ics(avond, "Leuven", "leuven", uid="infoavond-c09d97664dccc890@thuis")
    new = agenda.revise_ics(agenda.infoavond_ics(avond, "Leuven", "leuven"), old.replace(b"Stadhuis", b"Raadzaal"))
    event = _event(new)
    assert str(event["uid"]) == "infoavond-c09d97664dccc890@thuis" and int(event["sequence"]) == 1


def test_the_calendar_file_has_no_english_comment_and_the_brussels_time_zone_by_rule(files):
    import datetime as dt
    from zoneinfo import ZoneInfo

    import icalendar

    assert b"COMMENT" not in files["infoavond.ics"] and b"This timezone" not in files["infoavond.ics"]
    [zone] = icalendar.Calendar.from_ical(files["infoavond.ics"]).walk("VTIMEZONE")
    ours, brussels = zone.to_tz(), ZoneInfo("Europe/Brussels")
    for year in range(2026, 2040):
        for month, day, hour in ((3, 20, 12), (3, 31, 12), (6, 1, 20), (10, 20, 20), (10, 31, 20), (12, 1, 20)):
            moment = dt.datetime(year, month, day, hour)
            assert moment.replace(tzinfo=ours).utcoffset() == moment.replace(tzinfo=brussels).utcoffset(), moment


def test_the_cli_raises_the_sequence_when_the_place_changes(cfg, tmp_path):
    import shutil

    own = tmp_path / "cfg"
    shutil.copytree(cfg, own)
    command = ["participatie", "--platform", "csv", "--config", own, "--uit", tmp_path / "uit"]
    assert thuis(*command).returncode == 0
    path = tmp_path / "uit" / "leuven" / "participatie" / "infoavond.ics"
    first = path.read_bytes()
    assert thuis(*command).returncode == 0 and path.read_bytes() == first
    (own / "plannen.yaml").write_text(PLANNEN.replace("Stadhuis, Grote Markt 9", "Raadzaal, Grote Markt 9"))
    assert thuis(*command).returncode == 0
    before, after = _event(first), _event(path.read_bytes())
    assert str(after["location"]).startswith("Raadzaal") and str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == int(before["sequence"]) + 1


def test_info_evening_as_a_sentence_still_works_without_calendar():
    from thuis_cli.config_residents import Deelname

    deelname = Deelname.model_validate({"infoavond": "Infoavond op 1 april in de raadzaal"})
    assert str(deelname.infoavond) == "Infoavond op 1 april in de raadzaal"
    export = build([], deelname, "X", "x", "csv", environ={})
    assert "infoavond.ics" not in export.files and any("geen datum" in n for n in export.notes)


def test_bad_info_evening_is_reported_with_its_key(tmp_path):
    from thuis_cli.config import load_config
    from thuis_cli.errors import InputError

    (tmp_path / "plannen.yaml").write_text(
        "gemeenten:\n  leuven:\n    deelname:\n      infoavond: {datum: 2027-03-16, begin: '25:00', link: x}\n")
    with pytest.raises(InputError) as info:
        load_config(tmp_path)
    text = str(info.value)
    assert "gemeenten.leuven.deelname.infoavond.begin: is geen uur" in text and "'25:00'" in text
    assert "gemeenten.leuven.deelname.infoavond.link: is geen webadres" in text
    (tmp_path / "plannen.yaml").write_text(
        "gemeenten:\n  leuven:\n    deelname:\n      infoavond: {datum: 2027-02-30}\n")
    with pytest.raises(InputError,
                       match=r"plannen.yaml, regel 4, kolom 26: waarde '2027-02-30': deze datum bestaat niet"):
        load_config(tmp_path)


# --- sending to Go Vocal ----------------------------------------------------------------------

@pytest.fixture
def govocal_server():
    """A Go Vocal stand-in on 127.0.0.1: authenticate answers a JWT for the right pair, ideas need
    that bearer token. Yields (base_url, requests); `requests.refuse` holds the numbers of the idea
    POSTs to answer with 422."""
    import http.server
    import threading

    class Seen(list):
        refuse: set  # numbers of idea POSTs (1, 2, ...) answered with 422

    seen = Seen()
    seen.refuse = refuse = set()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
            posts = sum(1 for s in seen if s["path"] == "/api/v2/ideas")
            if self.path == "/api/v2/authenticate":
                good = body == {"auth": {"client_id": "id-1", "client_secret": "geheim-xyz"}}
                self._answer(201 if good else 404, {"jwt": "token-123"} if good else {})
            elif self.path == "/api/v2/ideas" and posts in refuse:
                self._answer(422, {"errors": {"title_multiloc": [{"error": "blank"}]}})
            elif self.path == "/api/v2/ideas" and self.headers.get("Authorization") == "Bearer token-123":
                self._answer(201, {"idea": {"id": f"idea-{len(seen)}"}})
            else:
                self._answer(401, {"errors": {"base": [{"error": "unauthorized"}]}})

        def _answer(self, status, data):
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_send_authenticates_then_posts_one_idea_per_request(govocal_server, files):
    base, seen = govocal_server
    ideas = json.loads(files["govocal-ideeen.json"])
    result = send_ideas(base + "/", ideas, "id-1", "geheim-xyz")
    assert seen[0]["path"] == "/api/v2/authenticate" and seen[0]["auth"] is None
    posts = seen[1:]
    assert [p["body"] for p in posts] == ideas
    assert all(p["path"] == "/api/v2/ideas" and p["auth"] == "Bearer token-123" for p in posts)
    assert all("geheim" not in json.dumps(p["body"]) for p in posts)
    assert len(result.created) == len(ideas)


def test_wrong_secret_is_a_dutch_error_without_the_secret(govocal_server, files):
    base, seen = govocal_server
    with pytest.raises(SendError) as info:
        send_ideas(base, json.loads(files["govocal-ideeen.json"]), "id-1", "fout-geheim")
    assert "Aanmelden bij Go Vocal mislukt (HTTP 404)" in str(info.value)
    assert "fout-geheim" not in str(info.value) and len(seen) == 1


def test_secret_never_goes_over_plain_http_to_another_host(files):
    from thuis_cli.errors import InputError

    with pytest.raises(InputError, match="https://"):
        send_ideas("http://example.org", json.loads(files["govocal-ideeen.json"]), "a", "b")


def test_cli_verstuur_posts_and_never_prints_the_secret(govocal_server, cfg, tmp_path):
    import os

    base, seen = govocal_server
    env = {ENV_ID: "id-1", ENV_SECRET: "geheim-xyz", "THUIS_GOVOCAL_URL": base}
    assert not any(k.startswith("THUIS_GOVOCAL") for k in os.environ)
    result = thuis("participatie", "--platform", "govocal", "--config", cfg, "--uit", tmp_path, "--verstuur", env=env)
    assert result.returncode == 0, result.stderr
    written = json.loads((tmp_path / "leuven" / "participatie" / "govocal-ideeen.json").read_text())
    assert f"Verstuurd naar Go Vocal: {len(written)} nieuwe ideeën, 0 al eerder verstuurd" in result.stdout
    assert len(seen) == len(written) + 1
    assert "geheim" not in result.stdout + result.stderr
    assert sorted(p.name for p in (tmp_path / "leuven" / "participatie").iterdir()) == [
        ".thuis-govocal.json", "govocal-ideeen.json", "infoavond.ics"]


def test_cli_verstuur_without_credentials_is_refused(cfg, tmp_path):
    import os

    assert not any(k.startswith("THUIS_GOVOCAL") for k in os.environ)  # no credentials in the environment
    result = thuis("participatie", "--platform", "govocal", "--config", cfg, "--uit", tmp_path, "--verstuur",
                   env={"THUIS_GOVOCAL_URL": "https://gemeente.example"})
    assert result.returncode == 2 and ENV_ID in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "leuven").exists()  # exit code 2: nothing written


def verstuur(cfg, out, base, **env):
    import os

    assert not any(k.startswith("THUIS_GOVOCAL") for k in os.environ)
    return thuis("participatie", "--platform", "govocal", "--config", cfg, "--uit", out, "--verstuur",
                 env={ENV_ID: "id-1", ENV_SECRET: "geheim-xyz", "THUIS_GOVOCAL_URL": base, **env})


def test_verstuur_posts_each_idea_once_and_a_rerun_after_a_refusal_posts_only_what_is_missing(
        govocal_server, cfg, tmp_path):
    base, seen = govocal_server
    seen.refuse.add(3)  # Go Vocal refuses the third idea once
    first = verstuur(cfg, tmp_path, base)
    assert first.returncode == 1, first.stderr  # files written, ideas partly sent
    ideas = json.loads((tmp_path / "leuven" / "participatie" / "govocal-ideeen.json").read_text())
    assert len(ideas) >= 4
    assert "Go Vocal weigerde idee 3 van" in first.stderr and "(HTTP 422)" in first.stderr
    assert "2 ideeën werden in deze run wel aangemaakt (idea-2, idea-3)" in first.stderr
    assert "nieuw         idea-2" in first.stdout and "nieuw         idea-3" in first.stdout

    seen.refuse.clear()
    second = verstuur(cfg, tmp_path, base)
    assert second.returncode == 0, second.stderr
    posted = [s["body"] for s in seen if s["path"] == "/api/v2/ideas"]
    assert posted == ideas[:3] + ideas[2:]  # the refused one again, then the rest; nothing twice
    assert "al verstuurd  idea-2" in second.stdout and "al verstuurd  idea-3" in second.stdout
    assert f"Verstuurd naar Go Vocal: {len(ideas) - 2} nieuwe ideeën, 2 al eerder verstuurd" in second.stdout

    before = len(seen)
    third = verstuur(cfg, tmp_path, base)
    assert third.returncode == 0 and len(seen) == before  # all there: not even an authentication
    assert f"0 nieuwe ideeën, {len(ideas)} al eerder verstuurd" in third.stdout
    register = json.loads((tmp_path / "leuven" / "participatie" / ".thuis-govocal.json").read_text())
    [space] = register["verstuurd"].values()
    assert sorted(e["id"] for e in space.values()) == sorted({"idea-2", "idea-3"} | {
        line.split()[1] for line in second.stdout.splitlines() if line.startswith("  nieuw")})


def test_verstuur_that_reaches_nobody_exits_4_with_the_files_written(cfg, tmp_path):
    from bezorging_support import free_port

    result = verstuur(cfg, tmp_path, f"http://127.0.0.1:{free_port()}")
    assert result.returncode == 4, result.stderr
    assert "Go Vocal is niet bereikbaar" in result.stderr
    assert "In deze run werd geen idee aangemaakt" not in result.stdout
    assert (tmp_path / "leuven" / "participatie" / "govocal-ideeen.json").is_file()


def test_govocal_wants_nl_be_not_nl(tmp_path):
    from thuis_cli.config import load_config
    from thuis_cli.errors import InputError

    (tmp_path / "plannen.yaml").write_text("gemeenten:\n  leuven:\n    deelname:\n      govocal: {taal: nl}\n")
    with pytest.raises(InputError) as info:
        load_config(tmp_path)
    assert ("gemeenten.leuven.deelname.govocal.taal: Go Vocal noemt de taal van een Vlaams platform 'nl-BE', met "
            "de landcode; een andere code weigert het. Zet taal: nl-BE, of laat de sleutel weg") in str(info.value)


def test_cli_writes_every_platform(tmp_path):
    result = thuis("participatie", "--gemeente", "leuven", "--uit", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "leuven" / "participatie").iterdir()) == [
        "decidim-voorstellen.csv", "decidim-voorstellen.xlsx", "govocal-ideeen.json", "ideeen.csv",
        "infoavond.ics"]
    result = thuis("participatie", "--platform", "decidm", "--uit", tmp_path)
    assert result.returncode == 2 and "decidim" in result.stderr


def test_municipality_without_publishable_figures(tmp_path):
    from thuis_cli.errors import NothingToPublish
    from thuis_cli.verzamel import Summary, write_summary

    session = Workspace.open(None, None, Project())
    gebied = session.municipality("spiere-helkijn")
    with pytest.raises(NothingToPublish, match="genoeg antwoorden"):
        participation(session, gebied, environ={})
    summary = Summary("S1", ["Spiere-Helkijn"], actions=[("1", "Een deelfietsenpunt aan de kerk", "", "")])
    [xlsx] = [p for p in write_summary(summary, tmp_path) if p.suffix == ".xlsx"]
    rows = _csv_rows(participation(session, gebied, "decidim", xlsx, environ={}).files["decidim-voorstellen.csv"])
    assert [r[0] for r in rows[1:]] == ["Voorstel: Een deelfietsenpunt aan de kerk"]

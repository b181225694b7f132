"""`infoavond.ics`: the information evening as a calendar file (RFC 5545, with `icalendar`).

Neither Decidim nor Go Vocal imports events; a calendar file goes into the newsletter, the website and
the platform's own event page. A calendar that imported the file recognises a new version by its UID
and takes it when its SEQUENCE is higher (RFC 5546), so:

- the UID belongs to the municipality's information evening, not to its date: a moved evening is the
  same event, moved;
- the previous file in the output folder is the state. Written again with the same content, it keeps
  its bytes (same SEQUENCE, same DTSTAMP); with a changed date, time, place or text, SEQUENCE goes up by
  one and DTSTAMP is the time of writing (`revise_ics`, called by the folder sink). A previous file's
  UID is kept, so an evening written by an older thuis is updated, not doubled.

The time zone is written as the EU rule (last Sunday of March and of October), not as a list of
dates: shorter, and without the English comment `icalendar` adds to a generated one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from ..config_residents import Infoavond

FILE = "infoavond.ics"
TIMEZONE = "Europe/Brussels"
STAMPED = (b"DTSTAMP", b"SEQUENCE")  # what a new version changes by itself


def event_uid(gemeente_slug: str) -> str:
    """One information evening per municipality: its UID does not change when the evening moves."""
    return f"infoavond-{hashlib.sha256(gemeente_slug.encode()).hexdigest()[:16]}@thuis"


def brussels_timezone():
    """VTIMEZONE for Europe/Brussels by rule, as calendar programs write it (CET/CEST since 1996)."""
    import icalendar

    zone = icalendar.Timezone()
    zone.add("tzid", TIMEZONE)
    for kind, name, before, after, start, month in (
            (icalendar.TimezoneDaylight, "CEST", 1, 2, dt.datetime(1996, 3, 31, 2, 0), 3),
            (icalendar.TimezoneStandard, "CET", 2, 1, dt.datetime(1996, 10, 27, 3, 0), 10)):
        part = kind()
        part.add("tzname", name)
        part.add("tzoffsetfrom", dt.timedelta(hours=before))
        part.add("tzoffsetto", dt.timedelta(hours=after))
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def infoavond_ics(avond: Infoavond, gemeente: str, gemeente_slug: str, platform: str | None = None, *,
                  uid: str | None = None, sequence: int = 0, stamp: dt.datetime | None = None,
                  templates: Path | None = None) -> bytes:
    """The calendar file; `avond.datum` must be known (see `Infoavond`). Without `stamp` the file is a
    draft with DTSTAMP at midnight of the evening (the same input, the same bytes); `revise_ics` gives
    it its real SEQUENCE and DTSTAMP against the previous file. Its words: woorden/participatie.html."""
    from .items import words
    from zoneinfo import ZoneInfo

    import icalendar

    if avond.datum is None:
        raise ValueError("an information evening without a date has no calendar file")
    zone = ZoneInfo(TIMEZONE)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//thuis//Woontest Thuis in de Toekomst//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if avond.begin:
        cal.add_component(brussels_timezone())
    event = icalendar.Event()
    event.add("uid", uid or event_uid(gemeente_slug))
    event.add("dtstamp", stamp or dt.datetime.combine(avond.datum, dt.time(0, 0), tzinfo=dt.timezone.utc))
    say = words(templates)
    event.add("summary", say("infoavond_titel", gemeente))
    if avond.begin:
        event.add("dtstart", dt.datetime.combine(avond.datum, Infoavond.clock(avond.begin), tzinfo=zone))
        if avond.einde:
            event.add("dtend", dt.datetime.combine(avond.datum, Infoavond.clock(avond.einde), tzinfo=zone))
    else:  # a whole day: DTSTART as a DATE, no end (RFC 5545 3.6.1: lasts that one day)
        event.add("dtstart", avond.datum)
    if avond.plaats:
        event.add("location", avond.plaats)
    lines = [avond.beschrijving or avond.tekst or say("infoavond_tekst")]
    if avond.link:
        lines.append(say("infoavond_meer", avond.link))
    if platform:
        lines.append(say("infoavond_online", platform))
    event.add("description", "\n\n".join(lines))
    if avond.link:
        event.add("url", avond.link)
    event.add("sequence", sequence)
    event.add("transp", "OPAQUE")
    cal.add_component(event)
    return cal.to_ical()


def _event(data: bytes | None):
    import icalendar

    if not data:
        return None
    try:
        events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    except (ValueError, KeyError, IndexError):
        return None
    return events[0] if events and events[0].get("uid") else None


def _content(data: bytes) -> list[bytes]:
    return [line for line in data.split(b"\r\n") if not line.startswith(STAMPED)]


def revise_ics(draft: bytes, previous: bytes | None, now: dt.datetime | None = None) -> bytes:
    """The file to write, given the draft and the file already in the output folder (None: none):
    the previous bytes when nothing changed; else the draft with the previous UID, SEQUENCE one
    higher and DTSTAMP `now` (the time of writing, in UTC)."""
    import icalendar

    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    cal = icalendar.Calendar.from_ical(draft)
    [event] = cal.walk("VEVENT")
    before = _event(previous)
    if before is not None:
        assert previous is not None, "_event finds an event only in bytes"
        event["uid"] = icalendar.vText(str(before["uid"]))
        if _content(cal.to_ical()) == _content(previous):
            return previous
    for name, value in (("sequence", 0 if before is None else int(before.get("sequence", 0)) + 1),
                        ("dtstamp", now)):
        event.pop(name, None)
        event.add(name, value)
    return cal.to_ical()

"""`infoavond.ics`: the information evening as a calendar file (RFC 5545, with `icalendar`).

Neither Decidim nor Go Vocal imports events; a calendar file goes into the newsletter, the website and
the platform's own event page. The same input gives the same bytes: the UID is derived from the
municipality and the date, DTSTAMP from the date (not the clock).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from ..config import Infoavond

TIMEZONE = "Europe/Brussels"


def event_uid(gemeente_slug: str, avond: Infoavond) -> str:
    key = f"{gemeente_slug}|{avond.datum.isoformat()}|{avond.begin or ''}"
    return f"infoavond-{hashlib.sha256(key.encode()).hexdigest()[:16]}@thuis"


def infoavond_ics(avond: Infoavond, gemeente: str, gemeente_slug: str, platform: str | None = None) -> bytes:
    """The calendar file; `avond.datum` must be known (see `Infoavond`)."""
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
    event = icalendar.Event()
    event.add("uid", event_uid(gemeente_slug, avond))
    event.add("dtstamp", dt.datetime.combine(avond.datum, dt.time(0, 0), tzinfo=dt.timezone.utc))
    event.add("summary", f"Infoavond woontest 'Thuis in de Toekomst' – {gemeente}")
    if avond.begin:
        event.add("dtstart", dt.datetime.combine(avond.datum, Infoavond.clock(avond.begin), tzinfo=zone))
        if avond.einde:
            event.add("dtend", dt.datetime.combine(avond.datum, Infoavond.clock(avond.einde), tzinfo=zone))
    else:  # a whole day: DTSTART as a DATE, no end (RFC 5545 3.6.1: lasts that one day)
        event.add("dtstart", avond.datum)
    if avond.plaats:
        event.add("location", avond.plaats)
    lines = [avond.beschrijving or avond.tekst or "Resultaten van de woontest en de plannen van de gemeente."]
    if avond.link:
        lines.append(f"Meer informatie: {avond.link}")
    if platform:
        lines.append(f"Praat ook online mee: {platform}")
    event.add("description", "\n\n".join(lines))
    if avond.link:
        event.add("url", avond.link)
    event.add("sequence", 0)
    event.add("transp", "OPAQUE")
    cal.add_component(event)
    if avond.begin:
        cal.add_missing_timezones()
    return cal.to_ical()

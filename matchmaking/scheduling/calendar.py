"""An agenda as an iCalendar file (RFC 5545), for download, subscription and e-mail.

Each meeting's UID stands for the producer–distributor pair at the event, and SEQUENCE is the
schedule's version, so a calendar that already holds version 1 moves the meeting when it
reads version 2. Times carry the Asia/Ho_Chi_Minh zone (with its VTIMEZONE). Texts are in
the active language: build inside ``translation.override`` of the reader's.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.absolute_urls import absolute_url

from .agenda import Agenda, AgendaMeeting, pair_uid

PRODID = "-//OCOP Connect//B2B meeting schedule//VI"


def uid_domain() -> str:
    return urlsplit(absolute_url("/")).hostname or "ocop.local"


def _description(meeting: AgendaMeeting, agenda: Agenda) -> str:
    lines = [meeting.partner_name]
    if meeting.partner_detail:
        lines.append(meeting.partner_detail)
    table = meeting.table
    if agenda.side == "buyer" and meeting.seats > 1:
        table = _("%(table)s, seat %(seat)s") % {"table": table, "seat": meeting.seat}
    lines.append(table)
    if meeting.products:
        lines.append(_("Products to discuss:"))
        lines += [f"- {product.name}" for product in meeting.products]
    return "\n".join(lines)


def _location(meeting: AgendaMeeting, agenda: Agenda) -> str:
    parts = [agenda.event.venue, meeting.room, meeting.table]
    return ", ".join(part for part in parts if part)


def agenda_calendar(agenda: Agenda, *, cancelled: Iterable[AgendaMeeting] = ()) -> bytes:
    """The agenda's meetings as VEVENTs; ``cancelled`` ones (dropped since the version
    before) as VEVENTs with STATUS:CANCELLED, so that calendars remove them."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("B2B meetings: %(event)s") % {"event": agenda.event.name})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    version = agenda.run.version if agenda.run and agenda.run.version else 0
    stamp = (agenda.run.published_at if agenda.run and agenda.run.published_at else None) or timezone.now()
    domain = uid_domain()
    for meeting, status in [(m, "CONFIRMED") for m in agenda.meetings] + [
        (m, "CANCELLED") for m in cancelled
    ]:
        entry = icalendar.Event()
        entry.add(
            "uid",
            pair_uid(
                event_id=agenda.event.pk,
                producer_id=meeting.producer_id,
                distributor_id=meeting.distributor_id,
                domain=domain,
            ),
        )
        entry.add("sequence", version)
        entry.add("dtstamp", stamp)
        entry.add("dtstart", meeting.starts_at.astimezone(zone))
        entry.add("dtend", meeting.ends_at.astimezone(zone))
        entry.add("summary", _("B2B meeting: %(partner)s") % {"partner": meeting.partner_name})
        entry.add("location", _location(meeting, agenda))
        entry.add("description", _description(meeting, agenda))
        entry.add("status", status)
        entry.add("transp", "OPAQUE")
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_filename(agenda: Agenda) -> str:
    return f"meetings-{agenda.event.slug}-{agenda.participation.pk}.ics"

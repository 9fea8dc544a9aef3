"""A booking as a calendar event (RFC 5545, through icalendar): METHOD:REQUEST in the
confirmation email, METHOD:CANCEL when it is called off, METHOD:PUBLISH as a download. One UID
for the booking's life; SEQUENCE goes up with each change, so calendars replace, never add.
Speakers never appear in it."""
import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from ..core.db import utcnow
from ..core.i18n import in_language
from .models import BookingState, Delivery

LONDON = ZoneInfo("Europe/London")
CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_for(booking, *, method, organizer, language=None):
    """The booking's event as .ics bytes. `method` is REQUEST, CANCEL or PUBLISH; `organizer`
    the bookings mailbox's address."""
    with in_language(language or booking.language):
        summary = _("%(format)s: Borough of Sanctuary session (%(reference)s)",
                    format=booking.format_label, reference=booking.reference)
        description = "\n".join([
            _("Reference: %(reference)s", reference=booking.reference),
            _("Speaker: %(speaker)s", speaker=_("to be confirmed")),
            _("Supervising teacher: %(name)s", name=booking.supervisor_name),
        ])
        location = (_("Online") if booking.delivery == Delivery.ONLINE
                    else ", ".join(part for part in (booking.organisation.name,
                                                     booking.organisation.address.replace(
                                                         "\n", ", "),
                                                     booking.organisation.postcode) if part))
    calendar = Calendar()
    calendar.add("prodid", "-//Lewisham Borough of Sanctuary//School sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", booking.uid)
    event.add("sequence", booking.sequence)
    event.add("dtstamp", utcnow().replace(tzinfo=datetime.UTC))
    event.add("dtstart", booking.start.replace(tzinfo=LONDON))
    event.add("dtend", booking.end.replace(tzinfo=LONDON))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", vText(location))
    cancelled = method == "CANCEL" or booking.state == BookingState.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if method != "PUBLISH":
        event.add("organizer", _address(organizer, "ORGANIZER"))
        event.add("attendee", _address(booking.contact_email, "ATTENDEE",
                                       name=booking.contact_name))
    calendar.add_component(event)
    # The VTIMEZONE of Europe/London, for the local times, over the years around the session.
    year = booking.session_date.year
    calendar.add_missing_timezones(first_date=datetime.date(year - 1, 1, 1),
                                   last_date=datetime.date(year + 2, 1, 1))
    return calendar.to_ical()


def _address(email, kind, *, name=None):
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    if kind == "ATTENDEE":
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("FALSE")
    return address


def filename(booking):
    return f"{booking.reference}.ics"

import datetime

from flask import current_app
from icalendar import Calendar

from sanctuary.accounts.models import Role
from sanctuary.core.outbox import OutboxAttachment, OutboxMessage
from sanctuary.schools import ics, services
from tests.factories import make_booking, make_slot, make_user

UTC = datetime.UTC
SUMMER = datetime.date(2027, 6, 15)  # British Summer Time: London is UTC+1
WINTER = datetime.date(2027, 1, 12)  # GMT: London is UTC


def confirmed_in_slot(day):
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    slot = make_slot(date=day, starts_at="10:00", ends_at="11:30")
    booking = make_booking(slot=slot)
    services.confirm(booking, by=coordinator, slot=slot)
    return booking, coordinator


def attached_calendars(recipient):
    """The calendars attached to the emails to `recipient`, oldest first, with their types."""
    attachments = (OutboxAttachment.select().join(OutboxMessage)
                   .where(OutboxMessage.recipient == recipient).order_by(OutboxAttachment.id))
    return [(a.filename, a.content_type, Calendar.from_ical(bytes(a.data))) for a in attachments]


def only_event(calendar):
    [event] = calendar.walk("VEVENT")
    return event


def test_the_confirmation_carries_an_invitation_at_the_london_time(app):
    booking, _ = confirmed_in_slot(SUMMER)

    [(filename, content_type, calendar)] = attached_calendars(booking.contact_email)

    event = only_event(calendar)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (filename, content_type) == (f"{booking.reference}.ics",
                                        "text/calendar; charset=utf-8; method=REQUEST")
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == booking.uid
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert start.replace(tzinfo=None) == datetime.datetime(2027, 6, 15, 10, 0)
    assert start.astimezone(UTC) == datetime.datetime(2027, 6, 15, 9, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime.datetime(2027, 6, 15, 10, 30, tzinfo=UTC)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert str(event["organizer"]) == f"mailto:{current_app.config['SCHOOL_BOOKINGS_EMAIL']}"
    assert str(event["attendee"]) == f"mailto:{booking.contact_email}"
    assert event["attendee"].params["CN"] == booking.contact_name
    assert (str(event["status"]), event.decoded("sequence")) == ("CONFIRMED", 1)
    assert booking.reference in str(event["summary"])


def test_a_winter_session_is_at_the_same_time_in_utc(app):
    booking, _ = confirmed_in_slot(WINTER)

    [(_, _, calendar)] = attached_calendars(booking.contact_email)

    start = only_event(calendar).decoded("dtstart")
    assert start.replace(tzinfo=None) == datetime.datetime(2027, 1, 12, 10, 0)
    assert start.astimezone(UTC) == datetime.datetime(2027, 1, 12, 10, 0, tzinfo=UTC)


def test_cancelling_sends_a_cancellation_of_the_same_event(app):
    booking, coordinator = confirmed_in_slot(SUMMER)

    services.cancel(booking, by=coordinator, reason="No speaker", by_school=False)

    [(_, _, invitation), (filename, content_type, cancellation)] = attached_calendars(
        booking.contact_email)
    invited, cancelled = only_event(invitation), only_event(cancellation)
    assert (filename, content_type) == (f"{booking.reference}.ics",
                                        "text/calendar; charset=utf-8; method=CANCEL")
    assert str(cancellation["method"]) == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(invited["uid"]) == booking.uid
    assert cancelled.decoded("sequence") > invited.decoded("sequence")
    assert cancelled.decoded("dtstart") == invited.decoded("dtstart")
    assert str(cancelled["attendee"]) == f"mailto:{booking.contact_email}"


def test_cancelling_a_request_sends_no_calendar(app):
    booking = make_booking()

    services.cancel(booking, by=booking.requested_by, reason="Not needed", by_school=True)

    assert attached_calendars(booking.contact_email) == []


def test_the_download_is_published_with_no_organizer_or_attendee(app):
    booking, _ = confirmed_in_slot(SUMMER)

    calendar = Calendar.from_ical(ics.calendar_for(booking, method="PUBLISH",
                                                   organizer="school-sessions@localhost"))

    event = only_event(calendar)
    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["uid"]) == booking.uid
    assert ("organizer" in event, "attendee" in event) == (False, False)
    assert str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart").astimezone(UTC) == datetime.datetime(
        2027, 6, 15, 9, 0, tzinfo=UTC)

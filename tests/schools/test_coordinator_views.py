import csv
import datetime
import email
import html
import io
import re
from pathlib import Path

import pytest

from sanctuary.accounts.models import Role
from sanctuary.core.clock import london_today
from sanctuary.core.outbox import OutboxAttachment, OutboxMessage
from sanctuary.schools import queries, services
from sanctuary.schools.models import BlockedPeriod, BlockKind, Booking, BookingState, Slot
from tests.factories import make_booking, make_school, make_slot, make_user
from tests.support.client import date_fields, post, sign_in, text
from tests.support.queries import recorded_queries

DAY = datetime.timedelta(days=1)


def make_coordinator():
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


@pytest.fixture
def coordinator(app):
    return make_coordinator()


@pytest.fixture
def staff(app, coordinator):
    client = app.test_client()
    sign_in(client, coordinator)
    return client


def fresh(row):
    return type(row).get_by_id(row.id)


def plain(page):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def error_summary(page):
    """The error summary's messages, one after another (tags inside a message dropped)."""
    found = re.search(r'<ul class="error-summary__list">(.*?)</ul>', page, re.S)
    if not found:
        return ""
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items)


def checked(page, name, value):
    """Whether the radio or checkbox `name` with `value` is ticked."""
    return any(f'name="{name}"' in tag and f'value="{value}"' in tag and " checked" in tag
               for tag in re.findall(r"<input [^>]*>", page))


def table_rows(page):
    """The text of each body row of the page's tables."""
    return [plain(row) for body in re.findall(r"<tbody>(.*?)</tbody>", page, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def references(page):
    return re.findall(r'<bdi class="ref">(SB-\d{4}-\d{4})</bdi></a></td>', page)


def a_weekday(days_ahead):
    day = london_today() + datetime.timedelta(days=days_ahead)
    while day.weekday() >= 5 or queries.is_closed(day):
        day += DAY
    return day


def next_bank_holiday():
    today = london_today()
    return queries.bank_holidays_between(today + DAY, today + datetime.timedelta(days=400))[0]


def slot_form(date, **overrides):
    return {**date_fields("date", date), "starts_at": "10:00", "ends_at": "11:30",
            "formats": ["assembly", "workshop"], "delivery": "in_school", "capacity": "2",
            **overrides}


# ---------------------------------------------------------------------------- who may come in

PAGES = ["/coordinate/school-sessions", "/coordinate/school-sessions.csv",
         "/coordinate/school-sessions/agenda", "/coordinate/school-sessions/slots",
         "/coordinate/school-sessions/calendar", "/coordinate/school-sessions/{booking}",
         "/coordinate/school-sessions/{booking}/confirm",
         "/coordinate/school-sessions/{booking}/offer",
         "/coordinate/school-sessions/{booking}/decline",
         "/coordinate/school-sessions/{booking}/cancel",
         "/coordinate/school-sessions/{booking}/deliver",
         "/coordinate/school-sessions/slots/{slot}"]


def test_coordinator_pages_send_visitors_to_sign_in_and_refuse_schools(app):
    booking = make_booking()
    member = booking.organisation.active_members()[0].user
    urls = [url.format(booking=booking.id, slot=booking.slot_id) for url in PAGES]
    anonymous, school = app.test_client(), app.test_client()
    sign_in(school, member)

    to_sign_in = {url: anonymous.get(url).headers.get("Location", "").split("?")[0]
                  for url in urls}
    refused = {url: school.get(url).status_code for url in urls}
    posted = post(school, f"/coordinate/school-sessions/{booking.id}/decline",
                  {"reason": "No"}).status_code

    assert to_sign_in == dict.fromkeys(urls, "/sign-in")
    assert refused == dict.fromkeys(urls, 403)
    assert (posted, fresh(booking).state) == (403, BookingState.REQUESTED)


# ---------------------------------------------------------------------------- the list


def test_the_list_shows_bookings_counts_and_filters_by_state_format_and_search(staff,
                                                                               coordinator):
    asked = make_booking(school=make_school(name="Brockley Primary"), contact_name="Amina Yusuf")
    training = make_booking(format="training", proposed=(a_weekday(20),))
    confirmed = make_booking(school=make_school(name="Lee Manor School"))
    services.confirm(confirmed, by=coordinator, slot=confirmed.slot)

    everything = text(staff.get("/coordinate/school-sessions"))
    by_state = text(staff.get("/coordinate/school-sessions?state=confirmed"))
    by_format = text(staff.get("/coordinate/school-sessions?format=training"))
    by_contact = text(staff.get("/coordinate/school-sessions?q=amina"))
    by_school = text(staff.get("/coordinate/school-sessions?q=Lee+Manor"))
    nonsense = text(staff.get("/coordinate/school-sessions?state=nonsense&q=%00"))

    assert sorted(references(everything)) == sorted(
        [asked.reference, training.reference, confirmed.reference])
    assert "Requested: 2" in plain(everything) and "Confirmed: 1" in plain(everything)
    assert references(by_state) == [confirmed.reference]
    assert references(by_format) == [training.reference]
    assert references(by_contact) == [asked.reference]
    assert references(by_school) == [confirmed.reference]
    assert sorted(references(nonsense)) == sorted(references(everything))
    row = next(row for row in table_rows(everything) if training.reference in row)
    assert "Proposed:" in row and "Staff or governor training" in row
    assert 'href="/coordinate/school-sessions/agenda"' in everything
    assert 'href="/coordinate/school-sessions.csv?state=confirmed"' in by_state


def test_the_list_runs_as_many_queries_for_five_bookings_as_for_one(staff):
    make_booking()

    def counted():
        staff.get("/coordinate/school-sessions")  # the session's first look is not the page's
        with recorded_queries() as statements:
            page = text(staff.get("/coordinate/school-sessions"))
        return len(statements), len(references(page))

    one = counted()
    for n in range(4):
        make_booking(proposed=(a_weekday(10 + n),)) if n % 2 else make_booking()
    five = counted()

    assert (one[1], five[1]) == (1, 5)
    assert five[0] == one[0]


def test_the_csv_export_has_the_headings_and_a_line_per_booking_as_filtered(staff, coordinator):
    booking = make_booking(school=make_school(name="Brockley Primary", urn="100123"))
    services.confirm(booking, by=coordinator, slot=booking.slot)
    make_booking()  # requested: filtered out

    response = staff.get("/coordinate/school-sessions.csv?state=confirmed")
    lines = list(csv.reader(io.StringIO(text(response).lstrip("\ufeff"))))

    assert response.mimetype == "text/csv"
    assert lines[0] == ["reference", "state", "school", "URN", "format", "delivery", "date",
                        "start", "end", "year groups", "key stages", "audience",
                        "contact name", "contact email", "contact phone",
                        "supervising teacher", "created"]
    booking = fresh(booking)
    assert lines[1:] == [[booking.reference, "confirmed", "Brockley Primary", "100123",
                          "workshop", "in_school", booking.session_date.isoformat(), "10:00",
                          "11:30", "Year 6", "ks2", "30", "Class Teacher",
                          booking.contact_email, "020 7946 0000", "Deputy Head",
                          booking.created_at.date().isoformat()]]


# ---------------------------------------------------------------------------- the agenda


def test_the_agenda_shows_the_week_confirmed_sessions_by_day(staff, coordinator):
    slot = make_slot(days_ahead=14)
    booking = make_booking(slot=slot, school=make_school(name="Brockley Primary"))
    services.confirm(booking, by=coordinator, slot=slot)
    make_booking(slot=make_slot(days_ahead=15))  # only requested: not on the agenda
    monday = queries.week_of(slot.date)

    page = text(staff.get(f"/coordinate/school-sessions/agenda?week={slot.date.isoformat()}"))
    this_week = text(staff.get("/coordinate/school-sessions/agenda?week=not-a-date"))

    assert table_rows(page) == [
        f"10:00 to 11:30 Brockley Primary Classroom workshop In school Speaker to be confirmed "
        f"{booking.reference}"]
    assert f"week={(monday + 7 * DAY).isoformat()}" in page
    assert f"week={(monday - 7 * DAY).isoformat()}" in page
    assert ("No sessions are confirmed in this week." in this_week) == (
        queries.week_of(london_today()) != monday)


# ---------------------------------------------------------------------------- a booking


def test_the_booking_page_shows_what_the_school_sent_and_the_moves_allowed(staff):
    booking = make_booking(accessibility="A ramp at the front", home_languages="Arabic, Tamil")

    page = text(staff.get(f"/coordinate/school-sessions/{booking.id}"))

    for sent in ("A ramp at the front", "Arabic, Tamil", "Deputy Head", "020 7946 0001",
                 "Class Teacher", "Year 6"):
        assert sent in page
    links = re.findall(rf'href="/coordinate/school-sessions/{booking.id}/(\w+)"', page)
    assert links == ["confirm", "offer", "decline", "cancel"]


def test_confirming_into_the_slot_asked_for_takes_a_place_and_emails_an_invitation(
        app, staff, coordinator):
    booking = make_booking()
    url = f"/coordinate/school-sessions/{booking.id}/confirm"
    form = text(staff.get(url))

    response = post(staff, url, {"choice": "asked", "slot": ""})

    assert checked(form, "choice", "asked")
    assert "1 place left" in form
    assert response.headers["Location"] == f"/coordinate/school-sessions/{booking.id}"
    booking = fresh(booking)
    assert (booking.state, fresh(booking.slot).confirmed) == (BookingState.CONFIRMED, 1)
    message = (OutboxMessage.select().where(OutboxMessage.recipient == booking.contact_email)
               .order_by(OutboxMessage.id.desc()).first())
    assert str(message.subject) == f"Confirmed: your session {booking.reference}"
    # Sent once the response went, its attachment then deleted: read what the mailbox got.
    sent = email.message_from_bytes(
        (Path(app.config["DEV_MAILBOX"]) / f"{message.id:08d}.eml").read_bytes())
    calendars = [(part.get_filename().endswith(".ics"), part.get_content_type(),
                  f"UID:{booking.uid}" in part.get_payload(decode=True).decode())
                 for part in sent.walk() if part.get_content_type() == "text/calendar"]
    assert calendars == [(True, "text/calendar", True)]
    assert not OutboxAttachment.select().exists()
    assert "has been emailed a calendar invitation" in text(staff.get(response.headers[
        "Location"]))


def test_confirming_into_a_full_slot_says_so_and_confirms_nothing(staff, coordinator):
    slot = make_slot()
    first, second = make_booking(slot=slot), make_booking(slot=slot)
    services.confirm(first, by=coordinator, slot=slot)

    response = post(staff, f"/coordinate/school-sessions/{second.id}/confirm",
                    {"choice": "asked"})

    assert response.status_code == 200
    assert error_summary(text(response)) == (
        "That slot has just been filled: every place in it is confirmed. Choose another slot "
        "or another time.")
    assert (fresh(second).state, fresh(slot).confirmed) == (BookingState.REQUESTED, 1)


def test_confirming_at_a_time_of_its_own_checks_the_time_and_the_calendar(staff):
    booking = make_booking(proposed=(a_weekday(20),))
    url = f"/coordinate/school-sessions/{booking.id}/confirm"
    holiday = next_bank_holiday()

    backwards = post(staff, url, {"choice": "own", **date_fields("date", a_weekday(20)),
                                  "starts_at": "14:00", "ends_at": "13:00"})
    closed = post(staff, url, {"choice": "own", **date_fields("date", holiday),
                               "starts_at": "9.30", "ends_at": "10:30"})
    good = post(staff, url, {"choice": "own", **date_fields("date", a_weekday(21)),
                             "starts_at": "9:30", "ends_at": "10:30"})

    assert error_summary(text(backwards)) == "The end time must be after the start time"
    assert 'value="14:00"' in text(backwards) and 'value="13:00"' in text(backwards)
    assert "Bank holiday" in error_summary(text(closed))
    assert 'value="09:30"' in text(closed)
    assert good.status_code == 302
    booking = fresh(booking)
    assert (booking.state, booking.session_date, booking.starts_at, booking.held_slot_id) == (
        BookingState.CONFIRMED, a_weekday(21), "09:30", None)


def test_a_booking_that_changed_meanwhile_is_not_confirmed_again(staff, coordinator):
    booking = make_booking()
    url = f"/coordinate/school-sessions/{booking.id}/confirm"
    services.decline(booking, by=coordinator, reason="No speaker")

    response = post(staff, url, {"choice": "asked"})

    assert response.status_code == 200
    assert error_summary(text(response)) == (
        "This booking changed while you were looking at it. Here it is as it is now.")
    assert fresh(booking).state == BookingState.DECLINED


def test_offering_another_open_slot_with_a_note(staff):
    booking = make_booking()
    other = make_slot(days_ahead=40)
    url = f"/coordinate/school-sessions/{booking.id}/offer"

    form = text(staff.get(url))
    missing = post(staff, url, {"choice": "slot", "slot": "", "note": "A later date"})
    response = post(staff, url, {"choice": "slot", "slot": str(other.id), "note": "Later"})

    assert f'<option value="{other.id}">' in form
    assert f'<option value="{booking.slot_id}">' not in form  # the one asked for: not an offer
    assert error_summary(text(missing)) == "Choose a slot"
    assert "A later date" in text(missing)
    booking = fresh(booking)
    assert response.status_code == 302
    assert (booking.state, booking.offer_slot_id, booking.offer_note) == (
        BookingState.OFFERED, other.id, "Later")


def test_declining_needs_a_reason_which_the_school_is_sent(staff):
    booking = make_booking()
    url = f"/coordinate/school-sessions/{booking.id}/decline"

    empty = post(staff, url, {"reason": "   "})
    declined = post(staff, url, {"reason": "No speaker is free that week"})

    assert empty.status_code == 200
    assert error_summary(text(empty)) == "Say why we cannot offer this session"
    assert declined.status_code == 302
    booking = fresh(booking)
    assert (booking.state, booking.decline_reason) == (
        BookingState.DECLINED, "No speaker is free that week")
    page = text(staff.get(f"/coordinate/school-sessions/{booking.id}"))
    assert "No speaker is free that week" in page
    assert re.findall(rf'href="/coordinate/school-sessions/{booking.id}/(\w+)"', page) == []


def test_cancelling_a_confirmed_session_gives_its_place_back(staff, coordinator):
    booking = make_booking()
    services.confirm(booking, by=coordinator, slot=booking.slot)
    url = f"/coordinate/school-sessions/{booking.id}/cancel"

    form = text(staff.get(url))
    empty = post(staff, url, {"reason": ""})
    response = post(staff, url, {"reason": "The speaker is ill"})

    assert "This is not a late cancellation" in form
    assert error_summary(text(empty)) == "Say why the session is cancelled"
    assert response.status_code == 302
    booking = fresh(booking)
    assert (booking.state, booking.cancelled_by_school, booking.cancelled_late,
            fresh(booking.slot).confirmed) == (BookingState.CANCELLED, False, False, 0)


def test_a_cancellation_days_before_the_session_is_shown_as_late(staff, coordinator):
    booking = make_booking(slot=make_slot(days_ahead=1))
    services.confirm(booking, by=coordinator, slot=booking.slot)

    form = text(staff.get(f"/coordinate/school-sessions/{booking.id}/cancel"))

    assert "This is a late cancellation" in form


def test_marking_a_session_delivered(staff, coordinator):
    booking = make_booking()
    url = f"/coordinate/school-sessions/{booking.id}/deliver"
    refused = post(staff, url)  # only requested: nothing took place
    services.confirm(booking, by=coordinator, slot=booking.slot)
    early = post(staff, url)  # confirmed, but its day has not come
    today = make_booking()
    services.confirm(today, by=coordinator, date=london_today(), starts_at="09:00",
                     ends_at="10:00")

    response = post(staff, f"/coordinate/school-sessions/{today.id}/deliver")

    assert error_summary(text(early)) == (
        "The session has not taken place yet: mark it as delivered on the day or after.")
    assert (refused.status_code, error_summary(text(refused))) == (
        200, "This booking changed while you were looking at it. Here it is as it is now.")
    assert response.status_code == 302
    assert (fresh(booking).state, fresh(today).state) == (
        BookingState.CONFIRMED, BookingState.DELIVERED)


# ---------------------------------------------------------------------------- slots


def test_publishing_a_slot(staff, coordinator):
    day = a_weekday(30)

    response = post(staff, "/coordinate/school-sessions/slots", slot_form(day))

    assert response.status_code == 302
    slot = Slot.get()
    assert (slot.date, slot.starts_at, slot.ends_at, slot.formats, slot.delivery,
            slot.capacity, slot.created_by_id) == (day, "10:00", "11:30",
                                                   ["assembly", "workshop"], "in_school", 2,
                                                   coordinator.id)
    assert table_rows(text(staff.get("/coordinate/school-sessions/slots"))) == [
        f"{day.day} {day:%B %Y} 10:00 to 11:30 In school Assembly, Classroom workshop 0 / 2 "
        f"Change"]


def test_a_slot_that_ends_before_it_starts_is_refused_keeping_what_was_typed(staff):
    day = a_weekday(30)

    response = post(staff, "/coordinate/school-sessions/slots",
                    slot_form(day, starts_at="15:00", ends_at="14:00", formats=["training"],
                              delivery="online", capacity="3"))

    page = text(response)
    assert (response.status_code, error_summary(page)) == (
        200, "The end time must be after the start time")
    assert 'value="15:00"' in page and 'value="14:00"' in page and 'value="3"' in page
    assert checked(page, "formats", "training") and not checked(page, "formats", "assembly")
    assert checked(page, "delivery", "online")
    assert f'value="{day.day}"' in page
    assert Slot.select().count() == 0


def test_a_slot_on_a_bank_holiday_or_a_blocked_day_is_refused_saying_why(staff, coordinator):
    holiday = next_bank_holiday()
    blocked = a_weekday(50)
    services.block_days(starts_on=blocked, ends_on=blocked, kind=BlockKind.SCHOOL_HOLIDAY,
                        note="Half term", by=coordinator)

    on_holiday = post(staff, "/coordinate/school-sessions/slots", slot_form(holiday))
    on_blocked = post(staff, "/coordinate/school-sessions/slots", slot_form(blocked))
    in_the_past = post(staff, "/coordinate/school-sessions/slots",
                       slot_form(london_today() - DAY))
    no_format = post(staff, "/coordinate/school-sessions/slots",
                     slot_form(a_weekday(30), formats=[], capacity="21"))

    assert error_summary(text(on_holiday)).endswith(": Bank holiday.")
    assert error_summary(text(on_blocked)).endswith(": School holiday, Half term.")
    assert error_summary(text(in_the_past)) == "The date must be today or in the future"
    assert error_summary(text(no_format)) == ("Choose at least one format "
                                              "Enter a number from 1 to 20")
    assert Slot.select().count() == 0


def test_changing_a_slot_keeps_room_for_its_confirmed_sessions(staff, coordinator):
    slot = make_slot(capacity=2)
    services.confirm(make_booking(slot=slot), by=coordinator, slot=slot)
    services.confirm(make_booking(slot=slot), by=coordinator, slot=slot)
    url = f"/coordinate/school-sessions/slots/{slot.id}"

    form = text(staff.get(url))
    too_small = post(staff, url, slot_form(slot.date, capacity="1"))
    bigger = post(staff, url, slot_form(slot.date, capacity="3", starts_at="09:00"))

    assert 'value="10:00"' in form and 'value="11:30"' in form
    assert error_summary(text(too_small)) == (
        "Sessions are already confirmed in this slot: it needs room for at least that many.")
    assert bigger.status_code == 302
    assert (fresh(slot).capacity, fresh(slot).starts_at) == (3, "09:00")


def test_withdrawing_a_slot(staff):
    slot = make_slot()

    response = post(staff, f"/coordinate/school-sessions/slots/{slot.id}/withdraw")

    assert response.status_code == 302
    assert fresh(slot).withdrawn_at is not None
    assert "Withdrawn" in table_rows(text(staff.get("/coordinate/school-sessions/slots")))[0]


# ---------------------------------------------------------------------------- the calendar


def test_the_calendar_lists_bank_holidays_and_blocked_days_by_month(staff, coordinator):
    holiday = next_bank_holiday()
    first, last = a_weekday(40), a_weekday(40) + 4 * DAY
    services.block_days(starts_on=first, ends_on=last, kind=BlockKind.CLOSED, note="Staff away",
                        by=coordinator)

    page = text(staff.get("/coordinate/school-sessions/calendar"))

    rows = table_rows(page)
    assert f"{holiday.day} {holiday:%B %Y} Bank holiday Remove" not in rows
    assert f"{holiday.day} {holiday:%B %Y} Bank holiday" in rows
    assert (f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y} No sessions Staff away "
            f"Remove") in rows
    assert "Slots on these days are not shown to schools" in page


def test_blocking_days_and_removing_them(staff):
    first = a_weekday(60)

    one_day = post(staff, "/coordinate/school-sessions/calendar",
                   {**date_fields("starts_on", first), "kind": "school_holiday",
                    "note": "Inset day"})
    period = BlockedPeriod.get()
    removed = post(staff, f"/coordinate/school-sessions/calendar/{period.id}/remove")

    assert (one_day.status_code, period.starts_on, period.ends_on, period.kind, period.note) == (
        302, first, first, "school_holiday", "Inset day")
    assert removed.status_code == 302
    assert BlockedPeriod.select().count() == 0


def test_blocking_days_that_end_before_they_start_keeps_what_was_typed(staff):
    first = a_weekday(60)

    response = post(staff, "/coordinate/school-sessions/calendar",
                    {**date_fields("starts_on", first),
                     **date_fields("ends_on", first - DAY), "kind": "closed",
                     "note": "Office move"})

    page = text(response)
    assert error_summary(page) == "The last day must be the same as the first or after it"
    assert 'value="Office move"' in page
    assert BlockedPeriod.select().count() == 0


# ---------------------------------------------------------------------------- the dashboard


def test_the_dashboard_card_says_what_waits(staff, coordinator):
    make_booking()
    make_booking()
    offered = make_booking()
    services.offer_alternative(offered, by=coordinator, slot=make_slot(days_ahead=45))
    confirmed = make_booking(school=make_school(name="Brockley Primary"))
    services.confirm(confirmed, by=coordinator, slot=confirmed.slot)

    page = plain(text(staff.get("/dashboard")))

    assert "2 requests wait for an answer" in page
    assert "1 offer waits for the school" in page
    assert "Next session:" in page and "Brockley Primary" in page


def test_the_dashboard_card_is_for_coordinators_only(app):
    client = app.test_client()
    sign_in(client, make_user())

    assert "School sessions" not in text(client.get("/dashboard"))
    assert Booking.select().count() == 0


def test_the_coordinators_trail_says_who_acted_and_the_schools_does_not(staff, coordinator):
    booking = make_booking()
    school = booking.requested_by
    services.decline(booking, by=coordinator, reason="No speaker is free that week.")

    staff_trail = text(staff.get(f"/coordinate/school-sessions/{booking.id}"))
    school_client = staff.application.test_client()
    sign_in(school_client, school)
    school_trail = text(school_client.get(f"/school-sessions/bookings/{booking.id}"))

    assert re.findall(r'class="timeline__date">[^<]*· <bdi>([^<]+)</bdi>', staff_trail) == [
        school.name_or_email, coordinator.name_or_email]
    assert "· <bdi>" not in school_trail

import datetime
import html
import re

from icalendar import Calendar

from sanctuary.accounts.models import Role
from sanctuary.awards.models import Organisation
from sanctuary.core import links
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today, moved
from sanctuary.core.outbox import OutboxMessage
from sanctuary.schools import queries, services
from sanctuary.schools.models import MANAGE_LINK, Booking, BookingState
from tests.factories import make_booking, make_school, make_slot, make_user
from tests.support.client import date_fields, post, sign_in, text

KEY = "0123456789abcdef0123456789abcdef"
NEW_SCHOOL = {"school": "new", "name": "Brockley Primary", "urn": "100123",
              "address": "2 Hill Road", "postcode": "SE4 1AA"}
REQUEST = {"contact_name": "Amina Yusuf", "contact_role": "Class teacher",
           "contact_email": "amina@school.example.org", "contact_phone": "020 7946 0100",
           "format": "workshop", "year_groups": "Year 5", "key_stages": ["ks2"],
           "audience_size": "28",
           "home_languages": "Arabic, Tigrinya", "accessibility": "Step-free hall",
           "supervisor_name": "Deputy Head", "supervisor_phone": "020 7946 0101", "agree": "y",
           "request_key": KEY}


def make_coordinator():
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


def errors_in(page):
    """The error summary's messages, in order."""
    summary = page.split('class="error-summary__list"')[1].split("</ul>")[0]
    return [html.unescape(message) for message in re.findall(r'<a href="#[^"]+">([^<]*)</a>',
                                                             summary)]


def next_bank_holiday(after):
    return queries.bank_holidays_between(after, after + datetime.timedelta(days=400))[0]


def open_day_after(day):
    day += datetime.timedelta(days=1)
    while day.weekday() >= 5 or queries.is_closed(day):
        day += datetime.timedelta(days=1)
    return day


def fresh(row):
    return type(row).get_by_id(row.id)


# ---------------------------------------------------------------------------- availability


def test_the_availability_page_shows_open_slots_and_says_when_one_is_full(client):
    coordinator = make_coordinator()
    open_slot = make_slot(days_ahead=10, capacity=2, starts_at="09:15", ends_at="10:15")
    full = make_slot(days_ahead=20, starts_at="13:45", ends_at="14:30")
    services.confirm(make_booking(slot=full), by=coordinator, slot=full)
    make_slot(days_ahead=80, starts_at="11:11")  # beyond the ten weeks shown

    page = text(client.get("/school-sessions"))

    assert re.findall(r'<h4 class="card__title">[^<]*, (\d\d:\d\d)–', page) == ["09:15", "13:45"]
    assert "2 places left" in page
    assert re.findall(r'href="/school-sessions/request\?slot=(\d+)"', page) == [
        str(open_slot.id), str(full.id)]
    assert '<span class="tag tag--grey">Full</span>' in page
    assert "Full — join the waiting list" in page
    monday = queries.week_of(open_slot.date)
    assert f"Week of {monday.day} {monday:%B %Y}" in page
    assert "Classroom workshop" in page and "One class, about 30 pupils" in page


def test_the_availability_page_leaves_out_bank_holidays_and_blocked_days(client):
    today = london_today()
    holiday = next_bank_holiday(today + datetime.timedelta(days=2))
    with moved(days=(holiday - today).days - 14):
        blocked = open_day_after(holiday)
        services.block_days(starts_on=blocked, ends_on=blocked, kind="closed", note="", by=None)
        make_slot(date=holiday, starts_at="09:05")
        make_slot(date=blocked, starts_at="09:10")
        make_slot(date=open_day_after(blocked), starts_at="09:20")

        page = text(client.get("/school-sessions"))

    assert re.findall(r'<h4 class="card__title">[^<]*, (\d\d:\d\d)–', page) == ["09:20"]


# ---------------------------------------------------------------------------- asking


def test_anonymous_people_are_sent_to_sign_in_first(client):
    response = client.get("/school-sessions/request?slot=3")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_a_new_school_asks_for_a_slot_and_is_registered_with_it(client):
    person = make_user(email="amina@school.example.org")
    slot = make_slot(days_ahead=15)
    sign_in(client, person)
    page = text(client.get(f"/school-sessions/request?slot={slot.id}"))
    assert f'<input type="hidden" name="slot" value="{slot.id}">' in page
    assert '<input type="hidden" name="school" value="new">' in page  # no school of theirs yet
    assert 'value="amina@school.example.org"' in page  # the email is filled in already

    response = post(client, "/school-sessions/request",
                    {**NEW_SCHOOL, **REQUEST, "slot": slot.id})

    booking = Booking.get()
    school = Organisation.get()
    assert response.headers["Location"] == f"/school-sessions/bookings/{booking.id}"
    assert (school.name, school.kind, school.urn, school.postcode) == (
        "Brockley Primary", "school", "100123", "SE4 1AA")
    assert school.is_member(person)
    assert (booking.organisation_id, booking.slot_id, booking.state, booking.format,
            booking.delivery, booking.audience_size, booking.duration_minutes,
            booking.supervisor_name, booking.language) == (
        school.id, slot.id, BookingState.REQUESTED, "workshop", "in_school", 28, 90,
        "Deputy Head", "en")
    assert [m.subject for m in OutboxMessage.select().where(
        OutboxMessage.recipient == "amina@school.example.org")] == [
        f"We have your session request {booking.reference}"]
    shown = text(client.get(response.headers["Location"]))
    assert f"Request sent. Your reference is <bdi>{booking.reference}</bdi>." in shown

    again = post(client, "/school-sessions/request", {**NEW_SCHOOL, **REQUEST, "slot": slot.id})

    assert again.headers["Location"] == f"/school-sessions/bookings/{booking.id}"
    assert (Booking.select().count(), Organisation.select().count()) == (1, 1)


def test_a_member_asks_for_dates_of_their_own_for_their_school(client):
    person = make_user()
    school = make_school(member=person, name="Hither Green Primary")
    first = open_day_after(london_today() + datetime.timedelta(days=40))
    second = open_day_after(first)
    sign_in(client, person)

    response = post(client, "/school-sessions/request", {
        **REQUEST, "school": school.id, "delivery": "online", "preferred_start": "9.30",
        "duration": "60", **date_fields("date_1", first), **date_fields("date_3", second)})

    booking = Booking.get()
    assert response.headers["Location"] == f"/school-sessions/bookings/{booking.id}"
    assert (booking.organisation_id, booking.slot_id, booking.proposed, booking.preferred_start,
            booking.duration_minutes, booking.delivery) == (
        school.id, None, [first, second], "09:30", 60, "online")
    assert Organisation.select().count() == 1


def test_a_request_with_mistakes_keeps_everything_typed(client):
    today = london_today()
    holiday = next_bank_holiday(today + datetime.timedelta(days=1))
    sign_in(client, make_user())

    response = post(client, "/school-sessions/request", {
        **NEW_SCHOOL, **REQUEST, "supervisor_name": "", "agree": "", "delivery": "in_school",
        "preferred_start": "09:30", "duration": "90", **date_fields("date_1", holiday),
        **date_fields("date_2", today)})

    page = text(response)
    assert response.status_code == 200
    assert errors_in(page) == [
        "No sessions on that day: Bank holiday",
        "Second date must be in the future",
        "Enter the name of the teacher who will supervise on the day",
        "Agree to the visit terms to send your request",
    ]
    for typed in ('value="Brockley Primary"', 'value="28"', 'value="Amina Yusuf"',
                  f'value="{holiday.day}"', 'value="09:30"', '<option selected value="90">',
                  "Step-free hall</textarea>", f'name="request_key" type="hidden" value="{KEY}"'):
        assert typed in page
    assert Booking.select().count() == 0


def test_a_slot_filled_meanwhile_takes_the_request_onto_its_waiting_list(client):
    coordinator = make_coordinator()
    slot = make_slot(days_ahead=12)
    services.confirm(make_booking(slot=slot), by=coordinator, slot=slot)
    sign_in(client, make_user())

    response = post(client, "/school-sessions/request", {**NEW_SCHOOL, **REQUEST,
                                                         "slot": slot.id})

    booking = Booking.get(Booking.request_key == KEY)
    assert response.headers["Location"] == f"/school-sessions/bookings/{booking.id}"
    assert (booking.slot_id, booking.state) == (slot.id, BookingState.REQUESTED)
    assert [entry.booking_id for entry in fresh(slot).waiting] == [booking.id]


def test_nobody_asks_for_a_school_they_are_not_a_member_of(client):
    other = make_school()
    person = make_user()
    make_school(member=person)
    sign_in(client, person)

    response = post(client, "/school-sessions/request", {**REQUEST, "school": other.id,
                                                         "slot": make_slot().id})

    assert errors_in(text(response)) == ["Choose your school, or Another school"]
    assert Booking.select().count() == 0


# ---------------------------------------------------------------------------- the bookings


def test_a_member_sees_their_schools_bookings_newest_first(client):
    person = make_user()
    school = make_school(member=person, name="Forest Hill School")
    older, newer = make_booking(school=school), make_booking(school=school, proposed=(
        london_today() + datetime.timedelta(days=30),))
    make_booking()  # another school's
    sign_in(client, person)

    page = text(client.get("/school-sessions/bookings"))

    assert re.findall(r'href="/school-sessions/bookings/(\d+)"', page) == [
        str(newer.id), str(older.id)]
    assert "Your proposed dates" in page
    assert "School sessions" in text(client.get("/dashboard"))


def test_someone_with_no_school_sees_an_empty_list_and_no_dashboard_card(client):
    sign_in(client, make_user())

    assert "Your school has no bookings yet." in text(client.get("/school-sessions/bookings"))
    assert "School sessions" not in text(client.get("/dashboard"))


def test_a_member_of_another_school_sees_nothing_of_a_booking(app):
    coordinator = make_coordinator()
    booking = make_booking()
    slot = booking.slot
    services.confirm(booking, by=coordinator, slot=slot)
    outsider = make_user()
    make_school(member=outsider)
    client = app.test_client()
    sign_in(client, outsider)
    base = f"/school-sessions/bookings/{booking.id}"

    assert [client.get(base + end).status_code for end in ("", "/calendar.ics", "/cancel",
                                                            "/change")] == [403] * 4
    assert post(client, base + "/cancel", {"reason": "No"}).status_code == 403
    assert fresh(booking).state == BookingState.CONFIRMED


def test_the_booking_page_shows_what_the_school_sent_and_its_timeline(client):
    person = make_user()
    booking = make_booking(school=make_school(member=person), accessibility="Hearing loop")
    sign_in(client, person)

    page = text(client.get(f"/school-sessions/bookings/{booking.id}"))

    assert "We have your request and will reply soon." in page
    assert "<bdi>Hearing loop</bdi>" in page and "<bdi>Deputy Head</bdi>" in page
    assert '<li class="timeline__item"><strong>Requested</strong>' in page
    assert "Speaker to be confirmed" not in page


def test_a_confirmed_session_downloads_as_a_published_calendar_event(client):
    person = make_user()
    booking = make_booking(school=make_school(member=person))
    sign_in(client, person)
    assert client.get(f"/school-sessions/bookings/{booking.id}/calendar.ics").status_code == 404
    services.confirm(booking, by=make_coordinator(), slot=booking.slot)

    response = client.get(f"/school-sessions/bookings/{booking.id}/calendar.ics")

    calendar = Calendar.from_ical(response.data)
    event = calendar.walk("VEVENT")[0]
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{booking.reference}.ics"')
    assert (str(calendar["METHOD"]), str(event["UID"]), "ATTENDEE" in event) == (
        "PUBLISH", booking.uid, False)
    page = text(client.get(f"/school-sessions/bookings/{booking.id}"))
    assert "Speaker to be confirmed" in page and "Add to your calendar" in page


def test_a_school_accepts_the_time_offered(client):
    person = make_user()
    booking = make_booking(school=make_school(member=person))
    other = make_slot(days_ahead=45, capacity=1)
    services.offer_alternative(booking, by=make_coordinator(), slot=other, note="Room free")
    sign_in(client, person)
    assert "Room free" in text(client.get(f"/school-sessions/bookings/{booking.id}"))

    post(client, f"/school-sessions/bookings/{booking.id}/offer", {"answer": "accept"})

    booking = fresh(booking)
    assert (booking.state, booking.session_date, fresh(other).confirmed) == (
        BookingState.CONFIRMED, other.date, 1)


def test_a_school_cancels_late_and_is_warned_first(client):
    person = make_user()
    booking = make_booking(school=make_school(member=person))
    day = london_today() + datetime.timedelta(days=2)
    services.confirm(booking, by=make_coordinator(), date=day, starts_at="10:00",
                     ends_at="11:00")
    sign_in(client, person)
    assert "This is a late cancellation" in text(
        client.get(f"/school-sessions/bookings/{booking.id}/cancel"))

    empty = post(client, f"/school-sessions/bookings/{booking.id}/cancel", {"reason": " "})
    response = post(client, f"/school-sessions/bookings/{booking.id}/cancel",
                    {"reason": "Snow day"})

    assert errors_in(text(empty)) == ["Say why you are cancelling"]
    booking = fresh(booking)
    assert response.headers["Location"] == f"/school-sessions/bookings/{booking.id}"
    assert (booking.state, booking.cancel_reason, booking.cancelled_by_school,
            booking.cancelled_late) == (BookingState.CANCELLED, "Snow day", True, True)


def test_a_school_asks_for_a_change(client):
    person = make_user()
    booking = make_booking(school=make_school(member=person))
    sign_in(client, person)

    empty = post(client, f"/school-sessions/bookings/{booking.id}/change", {"message": ""})
    post(client, f"/school-sessions/bookings/{booking.id}/change", {"message": "32 pupils"})

    assert errors_in(text(empty)) == ["Say what you would like to change"]
    assert [event.note for event in AuditEvent.select().where(
        AuditEvent.kind == "booking.change_asked")] == ["32 pupils"]


# ---------------------------------------------------------------------------- the manage link


def test_opening_the_manage_link_shows_the_booking_and_changes_nothing(client):
    booking = make_booking(contact_name="Amina Yusuf")
    token = services.manage_token(booking)
    events = AuditEvent.select().count()

    response = client.get(f"/school-sessions/manage/{token}")

    assert response.status_code == 200
    assert booking.reference in text(response) and "<bdi>Amina Yusuf</bdi>" in text(response)
    assert (fresh(booking).state, AuditEvent.select().count()) == (BookingState.REQUESTED, events)
    assert links.find(token, MANAGE_LINK).used_at is None


def test_cancelling_from_the_manage_link_ends_the_link(client):
    booking = make_booking()
    token = services.manage_token(booking)

    empty = post(client, f"/school-sessions/manage/{token}/cancel", {"reason": ""})
    response = post(client, f"/school-sessions/manage/{token}/cancel", {"reason": "Trip"})

    assert (empty.status_code, errors_in(text(empty))) == (200, ["Say why you are cancelling"])
    assert response.headers["Location"] == "/school-sessions"
    booking = fresh(booking)
    assert (booking.state, booking.cancelled_by_school, booking.cancel_reason) == (
        BookingState.CANCELLED, True, "Trip")
    assert client.get(f"/school-sessions/manage/{token}").status_code == 410


def test_a_revoked_manage_link_works_no_more(client):
    booking = make_booking()
    token = services.manage_token(booking)
    links.revoke_for(MANAGE_LINK, booking)

    assert client.get(f"/school-sessions/manage/{token}").status_code == 410
    assert post(client, f"/school-sessions/manage/{token}/cancel",
                {"reason": "Trip"}).status_code == 410
    assert fresh(booking).state == BookingState.REQUESTED


def test_the_manage_link_answers_an_offer_and_asks_for_a_change(client):
    booking = make_booking()
    services.offer_alternative(booking, by=make_coordinator(), date=london_today()
                               + datetime.timedelta(days=50), starts_at="13:00", ends_at="14:00")
    token = services.manage_token(booking)

    post(client, f"/school-sessions/manage/{token}/offer", {"answer": "decline"})
    post(client, f"/school-sessions/manage/{token}/change", {"message": "Any Tuesday"})

    assert fresh(booking).state == BookingState.REQUESTED
    assert [event.note for event in AuditEvent.select().where(
        AuditEvent.kind == "booking.change_asked")] == ["Any Tuesday"]


def test_the_open_dates_page_goes_on_to_later_weeks(client):
    far = make_slot(days_ahead=120, starts_at="13:20", ends_at="14:20")

    first = client.get("/school-sessions?lang=en").get_data(as_text=True)
    later = client.get(f"/school-sessions?from={far.date.isoformat()}&lang=en")
    past = client.get("/school-sessions?from=2000-01-01&lang=en").get_data(as_text=True)

    assert "13:20" not in first and "Later dates" in first and "Earlier dates" not in first
    assert "13:20" in later.get_data(as_text=True)
    assert "Earlier dates" in later.get_data(as_text=True)
    shown = re.compile(r"From [^<]+\.")
    assert shown.search(past).group(0) == shown.search(first).group(0)  # never before tomorrow


# ---------------------------------------------------------------------------- found by a probe


def test_a_school_already_registered_by_its_urn_is_not_registered_again(client):
    make_school(urn="100123")
    person = make_user()
    sign_in(client, person)
    slot = make_slot()

    page = text(post(client, "/school-sessions/request", {**NEW_SCHOOL, **REQUEST,
                                                          "slot": slot.id}))

    assert errors_in(page) == [
        "A school with this URN is already registered here. Ask someone at your school who uses "
        "this site to invite you, then choose the school from your list."]
    assert Booking.select().count() == 0
    assert 'value="Brockley Primary"' in page  # what was typed stays


def test_the_booking_emails_only_the_address_its_requester_signed_in_with(client):
    person = make_user(email="teacher@school.example.org")
    sign_in(client, person)

    post(client, "/school-sessions/request", {**NEW_SCHOOL, **REQUEST, "slot": make_slot().id,
                                              "contact_email": "victim@elsewhere.example"})

    [booking] = Booking.select()
    assert booking.contact_email == "teacher@school.example.org"
    assert OutboxMessage.select().where(
        OutboxMessage.recipient == "victim@elsewhere.example").count() == 0


def test_ids_and_weeks_no_database_can_hold_are_not_found_not_errors(client):
    sign_in(client, make_coordinator())
    huge = "9" * 23

    answers = [client.get(url).status_code for url in (
        f"/school-sessions/bookings/{huge}", f"/school-sessions/bookings/{huge}/calendar.ics",
        f"/coordinate/school-sessions/{huge}", f"/coordinate/school-sessions/slots/{huge}")]
    request_page = client.get(f"/school-sessions/request?slot={huge}")
    far_weeks = [client.get(f"/coordinate/school-sessions/agenda?week={week}").status_code
                 for week in ("9999-12-31", "0001-01-01")]

    assert (answers, request_page.status_code, far_weeks) == ([404] * 4, 200, [200, 200])


def test_a_proposed_date_more_than_13_months_ahead_is_refused(client):
    sign_in(client, make_user())
    far = london_today() + datetime.timedelta(days=500)

    page = text(post(client, "/school-sessions/request", {
        **NEW_SCHOOL, **REQUEST, "delivery": "in_school", "preferred_start": "10:00",
        "duration": "60", **date_fields("date_1", far)}))

    assert errors_in(page) == ["First date must be within the next 13 months"]

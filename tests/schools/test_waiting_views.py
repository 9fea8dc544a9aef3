"""Waiting lists on the pages: a full slot's link to join, the request form that joins it (with
JavaScript off), the school's place or offer on its booking page and its manage link, and the
coordinators' lists. Nobody else's school answers an offer, and looking changes nothing."""
import re

from sanctuary.accounts.models import Role
from sanctuary.core.audit import AuditEvent
from sanctuary.core.outbox import OutboxMessage
from sanctuary.core.templating import local_datetime
from sanctuary.schools import services
from sanctuary.schools.models import Booking, BookingState, Slot, WaitingEntry, WaitingState
from tests.factories import make_booking, make_school, make_slot, make_user
from tests.support.client import post, sign_in, text

KEY = "0123456789abcdef0123456789abcdef"
REQUEST = {"school": "new", "name": "Brockley Primary", "urn": "100123",
           "address": "2 Hill Road", "postcode": "SE4 1AA", "contact_name": "Amina Yusuf",
           "contact_phone": "020 7946 0100", "format": "workshop", "year_groups": "Year 5",
           "audience_size": "28", "supervisor_name": "Deputy Head",
           "supervisor_phone": "020 7946 0101", "agree": "y", "key_stages": "ks2",
           "request_key": KEY}


def make_coordinator():
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


def fresh(row):
    return type(row).get_by_id(row.id)


def full_slot(*, waiting=2):
    """A slot with room for one, confirmed, and `waiting` schools queued for it in order."""
    coordinator = make_coordinator()
    slot = make_slot(capacity=1)
    confirmed = make_booking(slot=slot)
    services.confirm(confirmed, by=coordinator, slot=slot)
    entries = [services.join(make_booking(slot=slot), slot) for _ in range(waiting)]
    return fresh(slot), entries, confirmed, coordinator


def offered(entries, confirmed, coordinator):
    """The place freed, and offered to the first school waiting."""
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)
    return fresh(entries[0])


def member_of(entry):
    return fresh(entry.booking).requested_by


def counts():
    return (WaitingEntry.select().count(), AuditEvent.select().count(),
            OutboxMessage.select().count(),
            [(s.confirmed, s.offered) for s in Slot.select().order_by(Slot.id)],
            [(e.state, e.offer_expires_at)
             for e in WaitingEntry.select().order_by(WaitingEntry.id)])


# ---------------------------------------------------------------------------- joining


def test_a_full_slot_leads_to_the_request_form_in_waiting_mode(client):
    slot, _entries, _confirmed, _coordinator = full_slot(waiting=0)
    sign_in(client, make_user())

    availability = text(client.get("/school-sessions"))
    form = text(client.get(f"/school-sessions/request?slot={slot.id}"))

    assert re.search(rf'<a href="/school-sessions/request\?slot={slot.id}">Full — join the '
                     r"waiting list<span", availability)
    assert "This session is full. Send your request and your school joins its waiting list" in form
    assert f'<input type="hidden" name="slot" value="{slot.id}">' in form


def test_the_form_without_javascript_joins_the_waiting_list_once_and_says_where(client):
    slot, (first,), _confirmed, _coordinator = full_slot(waiting=1)
    sign_in(client, make_user())

    response = post(client, "/school-sessions/request", {**REQUEST, "slot": slot.id})
    page = text(client.get(response.headers["Location"]))
    again = post(client, "/school-sessions/request", {**REQUEST, "slot": slot.id})

    booking = Booking.get(Booking.request_key == KEY)
    assert response.headers["Location"] == again.headers["Location"] == (
        f"/school-sessions/bookings/{booking.id}")
    assert [(e.booking_id, e.state) for e in WaitingEntry.select().order_by(WaitingEntry.id)] == [
        (first.booking_id, WaitingState.WAITING), (booking.id, WaitingState.WAITING)]
    assert "The session is full, so your school is on its waiting list" in page
    assert "You are number 2 on the waiting list" in page
    assert 'name="answer" value="leave"' in page and 'value="accept"' not in page


def test_a_failed_request_for_a_full_slot_keeps_what_was_typed_and_joins_nothing(client):
    slot, _entries, _confirmed, _coordinator = full_slot(waiting=0)
    sign_in(client, make_user())

    response = post(client, "/school-sessions/request", {**REQUEST, "slot": slot.id,
                                                         "audience_size": ""})

    assert response.status_code == 200
    assert 'value="Brockley Primary"' in text(response)
    assert "This session is full" in text(response)
    assert WaitingEntry.select().count() == 0


# ---------------------------------------------------------------------------- the booking page


def test_the_booking_page_shows_the_offer_with_its_time_and_the_buttons(app, client):
    _slot, entries, confirmed, coordinator = full_slot()
    entry = offered(entries, confirmed, coordinator)
    sign_in(client, member_of(entry))
    with app.test_request_context():
        until = local_datetime(entry.offer_expires_at)

    page = text(client.get(f"/school-sessions/bookings/{entry.booking_id}"))

    assert "A place has come free for you" in page
    assert f"Accept or decline it by {until} (London time)" in page
    assert (f'action="/school-sessions/bookings/{entry.booking_id}/waiting"' in page
            and 'value="accept">Accept place</button>' in page
            and 'value="decline">Decline</button>' in page)


def test_accepting_on_the_booking_page_confirms_the_session(client):
    slot, entries, confirmed, coordinator = full_slot()
    entry = offered(entries, confirmed, coordinator)
    sign_in(client, member_of(entry))

    response = post(client, f"/school-sessions/bookings/{entry.booking_id}/waiting",
                    {"answer": "accept"})

    assert response.headers["Location"] == (
        f"/school-sessions/bookings/{entry.booking_id}#waiting")
    assert fresh(entry.booking).state == BookingState.CONFIRMED
    assert (fresh(slot).confirmed, fresh(slot).offered) == (1, 0)
    page = text(client.get(f"/school-sessions/bookings/{entry.booking_id}"))
    assert "You accepted the place. The session is confirmed" in page
    assert 'id="waiting"' not in page


def test_declining_on_the_booking_page_passes_the_place_on(client):
    _slot, (first, second), confirmed, coordinator = full_slot()
    entry = offered([first, second], confirmed, coordinator)
    sign_in(client, member_of(entry))

    post(client, f"/school-sessions/bookings/{entry.booking_id}/waiting", {"answer": "decline"})

    assert (fresh(first).state, fresh(second).state) == (WaitingState.DECLINED,
                                                         WaitingState.OFFERED)


def test_leaving_on_the_booking_page(client):
    _slot, (first, second), _confirmed, _coordinator = full_slot()
    sign_in(client, member_of(first))

    post(client, f"/school-sessions/bookings/{first.booking_id}/waiting", {"answer": "leave"})

    assert fresh(first).state == WaitingState.LEFT
    assert fresh(first.booking).state == BookingState.REQUESTED  # the request stands
    sign_in(client, member_of(second))
    assert "You are number 1 on the waiting list" in text(
        client.get(f"/school-sessions/bookings/{second.booking_id}"))


def test_another_school_cannot_accept_the_offer(client):
    slot, entries, confirmed, coordinator = full_slot()
    entry = offered(entries, confirmed, coordinator)
    sign_in(client, make_school().active_members()[0].user)

    response = post(client, f"/school-sessions/bookings/{entry.booking_id}/waiting",
                    {"answer": "accept"})

    assert response.status_code == 403
    assert fresh(entry).state == WaitingState.OFFERED
    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 1)


def test_a_coordinator_or_someone_signed_out_cannot_answer_for_the_school(app, client):
    _slot, entries, confirmed, coordinator = full_slot()
    entry = offered(entries, confirmed, coordinator)
    url = f"/school-sessions/bookings/{entry.booking_id}/waiting"

    signed_out = post(client, url, {"answer": "accept"})
    staff = app.test_client()
    sign_in(staff, coordinator)
    as_staff = post(staff, url, {"answer": "accept"})
    page = text(staff.get(f"/school-sessions/bookings/{entry.booking_id}"))

    assert signed_out.headers["Location"].startswith("/sign-in?next=")
    assert as_staff.status_code == 403
    assert "A place has come free for you" in page and 'value="accept"' not in page
    assert fresh(entry).state == WaitingState.OFFERED


def test_a_wrong_answer_changes_nothing(client):
    _slot, entries, confirmed, coordinator = full_slot()
    entry = offered(entries, confirmed, coordinator)
    sign_in(client, member_of(entry))
    before = counts()

    post(client, f"/school-sessions/bookings/{entry.booking_id}/waiting", {"answer": "take"})

    assert counts() == before


# ---------------------------------------------------------------------------- the manage link


def test_the_manage_link_shows_the_offer_and_accepts_it(client):
    slot, entries, confirmed, coordinator = full_slot()
    entry = offered(entries, confirmed, coordinator)
    token = services.manage_token(fresh(entry.booking))

    page = text(client.get(f"/school-sessions/manage/{token}"))
    response = post(client, f"/school-sessions/manage/{token}/waiting", {"answer": "accept"})

    assert f'action="/school-sessions/manage/{token}/waiting"' in page
    assert 'value="accept">Accept place</button>' in page
    assert response.headers["Location"] == f"/school-sessions/manage/{token}#waiting"
    assert fresh(entry.booking).state == BookingState.CONFIRMED
    assert (fresh(slot).confirmed, fresh(slot).offered) == (1, 0)


def test_the_manage_link_of_another_booking_cannot_take_this_place(client):
    _slot, (first, second), confirmed, coordinator = full_slot()
    entry = offered([first, second], confirmed, coordinator)
    token = services.manage_token(fresh(second.booking))

    post(client, f"/school-sessions/manage/{token}/waiting", {"answer": "accept"})

    assert (fresh(entry).state, fresh(second).state) == (WaitingState.OFFERED,
                                                         WaitingState.WAITING)
    assert client.post("/school-sessions/manage/no-such-token/waiting").status_code in (400, 410)
    assert post(client, "/school-sessions/manage/no-such-token/waiting",
                {"answer": "accept"}).status_code == 410


# ---------------------------------------------------------------------------- coordinators


def test_coordinators_see_each_slots_waiting_list_and_the_bookings_place(app, client):
    slot, (first, second), confirmed, coordinator = full_slot()
    entry = offered([first, second], confirmed, coordinator)
    sign_in(client, coordinator)
    with app.test_request_context():
        until = local_datetime(entry.offer_expires_at)

    slots = text(client.get("/coordinate/school-sessions/slots"))
    edit = text(client.get(f"/coordinate/school-sessions/slots/{slot.id}"))
    booking = text(client.get(f"/coordinate/school-sessions/{second.booking_id}"))

    for page in (slots, edit):
        rows = re.findall(r"<tr>\s*<td><bdi>([^<]+)</bdi></td>.*?<td>(Place offered|On the "
                          r"waiting list)</td>\s*<td>([^<]*)</td>", page, re.S)
        assert rows == [(fresh(first.booking).organisation.name, "Place offered", until),
                        (fresh(second.booking).organisation.name, "On the waiting list", "")]
    assert "position 2." in booking and "On the waiting list for" in booking


def test_a_coordinator_cannot_confirm_another_request_into_the_held_place(client):
    slot, entries, confirmed, coordinator = full_slot()
    offered(entries, confirmed, coordinator)
    ordinary = make_booking(slot=slot)
    sign_in(client, coordinator)

    response = post(client, f"/coordinate/school-sessions/{ordinary.id}/confirm",
                    {"choice": "asked"})

    assert response.status_code == 200
    assert "That slot has just been filled" in text(response)
    assert fresh(ordinary).state == BookingState.REQUESTED
    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 1)


def test_looking_at_the_waiting_pages_changes_nothing(app, client):
    slot, (first, second), confirmed, coordinator = full_slot()
    entry = offered([first, second], confirmed, coordinator)
    token = services.manage_token(fresh(entry.booking))
    school = app.test_client()
    sign_in(school, member_of(entry))
    sign_in(client, coordinator)
    before = counts()

    for visitor, url in ((school, f"/school-sessions/bookings/{entry.booking_id}"),
                         (school, f"/school-sessions/manage/{token}"),
                         (school, f"/school-sessions/request?slot={slot.id}"),
                         (school, "/school-sessions"),
                         (client, "/coordinate/school-sessions/slots"),
                         (client, f"/coordinate/school-sessions/slots/{slot.id}"),
                         (client, f"/coordinate/school-sessions/{entry.booking_id}")):
        assert visitor.get(url).status_code == 200, url

    assert counts() == before

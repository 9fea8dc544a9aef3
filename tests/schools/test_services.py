import datetime

import pytest
from flask_babel import gettext
from peewee import IntegrityError

from sanctuary.accounts.models import Role
from sanctuary.awards.models import Membership, Organisation
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today
from sanctuary.core.i18n import in_language
from sanctuary.core.outbox import OutboxMessage
from sanctuary.schools import notifications, queries, services
from sanctuary.schools.models import BlockKind, Booking, BookingState
from tests.factories import make_booking, make_school, make_slot, make_user
from tests.support.concurrency import at_once

D = datetime.date
FIELDS = {"format": "workshop", "delivery": "in_school", "year_groups": "Year 5",
          "key_stages": ["ks2"],
          "audience_size": 28, "contact_name": "Amina Yusuf", "contact_role": "Teacher",
          "contact_phone": "020 7946 0100", "supervisor_name": "Deputy Head",
          "duration_minutes": 60}
NEW_SCHOOL = {"name": "Brockley Primary", "urn": "100123", "address": "2 Hill Road",
              "postcode": "SE4 1AA"}


def make_coordinator():
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


def subjects_to(recipient):
    return [message.subject for message in OutboxMessage.select()
            .where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)]


def fresh(row):
    return type(row).get_by_id(row.id)


def confirmed_on(day, *, by, **overrides):
    """A booking confirmed at a time of its own on `day` (which may be in the past)."""
    booking = make_booking(proposed=(day,), **overrides)
    return services.confirm(booking, by=by, date=day, starts_at="10:00", ends_at="11:00")


# ---------------------------------------------------------------------------- requests


def test_a_first_request_registers_the_school_with_the_person_as_member(app):
    person = make_user(email="amina@school.example.org")

    booking = services.request_booking(by=person, request_key="form-1", new_school=NEW_SCHOOL,
                                       contact_email=person.email, slot=make_slot(), **FIELDS)

    school = Organisation.get()
    assert (school.name, school.kind, school.urn, school.postcode) == (
        "Brockley Primary", "school", "100123", "SE4 1AA")
    assert [m.user_id for m in Membership.select().where(Membership.organisation == school)] == [
        person.id]
    assert (booking.organisation_id, booking.state) == (school.id, BookingState.REQUESTED)
    assert queries.schools_of(person) == [school]


def test_a_request_that_fails_registers_no_school(app):
    person = make_user()
    organisations = Organisation.select().count()

    with pytest.raises(IntegrityError):  # no audience size: the booking cannot be stored
        services.request_booking(by=person, request_key="a-key", new_school=NEW_SCHOOL,
                                 contact_email=person.email, slot=None,
                                 **{**FIELDS, "audience_size": None})

    assert Organisation.select().count() == organisations
    assert Booking.select().count() == 0


def test_someone_elses_form_key_neither_shows_nor_changes_their_booking(app):
    theirs = make_booking(member=make_user(), request_key="taken-key")
    person = make_user()

    mine = services.request_booking(by=person, request_key="taken-key", new_school=NEW_SCHOOL,
                                    contact_email=person.email, slot=None, **FIELDS)

    assert mine.id != theirs.id and mine.request_key != "taken-key"
    assert (fresh(theirs).request_key, fresh(theirs).requested_by_id) == (
        "taken-key", theirs.requested_by_id)


def test_the_same_form_sent_twice_gives_back_the_first_booking(any_app):
    school = make_school()
    member = school.active_members()[0].user

    first = make_booking(school=school, member=member, request_key="form-7")
    emails = OutboxMessage.select().count()
    second = make_booking(school=school, member=member, request_key="form-7")

    assert second.id == first.id
    assert Booking.select().count() == 1
    assert OutboxMessage.select().count() == emails


def test_the_same_form_sent_twice_at_once_makes_one_booking(make_app, any_database_url):
    app = make_app(any_database_url)
    school = make_school()
    member = school.active_members()[0].user
    slot = make_slot()

    results = at_once(app, lambda: services.request_booking(
        by=member, request_key="form-double", organisation=school, slot=slot,
        contact_email=member.email, **FIELDS).id)

    assert len(results) == 2
    assert results[0] == results[1]
    assert Booking.select().count() == 1


def test_references_count_up_in_the_year(app):
    year = london_today().year

    first, second = make_booking(), make_booking()

    assert (first.reference, second.reference) == (f"SB-{year}-0001", f"SB-{year}-0002")


# ---------------------------------------------------------------------------- confirming


def test_confirming_into_a_slot_takes_one_of_its_places(any_app):
    coordinator = make_coordinator()
    slot = make_slot(capacity=2)
    booking = make_booking(slot=slot)

    services.confirm(booking, by=coordinator, slot=slot)

    stored = fresh(booking)
    assert fresh(slot).confirmed == 1
    assert (stored.state, stored.session_date, stored.starts_at, stored.ends_at,
            stored.held_slot_id, stored.sequence) == (
        BookingState.CONFIRMED, slot.date, "10:00", "11:30", slot.id, 1)


def test_a_full_slot_refuses_and_nothing_changes(any_app):
    coordinator = make_coordinator()
    slot = make_slot(capacity=1)
    first, second = make_booking(slot=slot), make_booking(slot=slot)
    services.confirm(first, by=coordinator, slot=slot)
    emails, events = OutboxMessage.select().count(), AuditEvent.select().count()

    with pytest.raises(services.BookingRefused) as refused:
        services.confirm(second, by=coordinator, slot=slot)

    assert refused.value.message == services.bookings.SLOT_FULL
    assert fresh(slot).confirmed == 1
    stored = fresh(second)
    assert (stored.state, stored.session_date, stored.held_slot_id, stored.sequence) == (
        BookingState.REQUESTED, None, None, 0)
    assert (OutboxMessage.select().count(), AuditEvent.select().count()) == (emails, events)


def test_a_withdrawn_slot_refuses_and_says_so(any_app):
    coordinator = make_coordinator()
    slot = make_slot(capacity=2)
    booking = make_booking(slot=slot)
    services.withdraw_slot(slot, by=coordinator)

    with pytest.raises(services.BookingRefused) as refused:
        services.confirm(booking, by=coordinator, slot=slot)

    assert refused.value.message == services.bookings.SLOT_WITHDRAWN
    assert (fresh(slot).confirmed, fresh(booking).state) == (0, BookingState.REQUESTED)

def test_confirming_the_same_booking_twice_takes_one_place(any_app):
    coordinator = make_coordinator()
    slot = make_slot(capacity=3)
    booking = make_booking(slot=slot)
    stale = fresh(booking)  # another coordinator's page, read while it was still requested
    services.confirm(booking, by=coordinator, slot=slot)

    for copy in (booking, fresh(booking), stale):
        with pytest.raises(services.BookingRefused) as refused:
            services.confirm(copy, by=coordinator, slot=slot)
        assert refused.value.message == services.bookings.CHANGED

    assert fresh(slot).confirmed == 1
    assert fresh(booking).sequence == 1


def test_cancelling_a_confirmed_booking_frees_its_place(any_app):
    coordinator = make_coordinator()
    slot = make_slot(capacity=1)
    booking = make_booking(slot=slot)
    services.confirm(booking, by=coordinator, slot=slot)

    services.cancel(booking, by=coordinator, reason=" Snow day ", by_school=False)

    stored = fresh(booking)
    assert fresh(slot).confirmed == 0
    assert (stored.state, stored.cancel_reason, stored.cancelled_by_school, stored.sequence) == (
        BookingState.CANCELLED, "Snow day", False, 2)
    services.confirm(make_booking(slot=slot), by=coordinator, slot=slot)  # the place is free
    assert fresh(slot).confirmed == 1


def test_cancelling_a_request_frees_no_place(any_app):
    coordinator = make_coordinator()
    slot = make_slot(capacity=2)
    services.confirm(make_booking(slot=slot), by=coordinator, slot=slot)
    request = make_booking(slot=slot)

    services.cancel(request, by=coordinator, reason="Asked twice", by_school=False)

    assert fresh(slot).confirmed == 1


# ---------------------------------------------------------------------------- late cancellation


def test_working_days_leave_out_weekends_bank_holidays_and_blocked_days(app):
    coordinator = make_coordinator()
    assert queries.working_days_between(D(2026, 5, 28), D(2026, 6, 5)) == 5
    # Spring bank holiday, Monday 25 May 2026: 22, 26, 27 and 28 May.
    assert queries.working_days_between(D(2026, 5, 21), D(2026, 5, 29)) == 4
    assert queries.working_days_between(D(2026, 5, 21), D(2026, 6, 1)) == 5
    assert queries.working_days_between(D(2026, 5, 28), D(2026, 5, 29)) == 0
    assert queries.working_days_between(D(2026, 5, 28), D(2026, 5, 28)) == 0

    services.block_days(starts_on=D(2026, 6, 1), ends_on=D(2026, 6, 1), kind=BlockKind.CLOSED,
                        note="Staff day", by=coordinator)

    # 29 May, 2, 3 and 4 June.
    assert queries.working_days_between(D(2026, 5, 28), D(2026, 6, 5)) == 4


def test_the_issues_example_is_a_late_cancellation(any_app):
    coordinator = make_coordinator()
    services.block_days(starts_on=D(2026, 6, 1), ends_on=D(2026, 6, 1), kind=BlockKind.CLOSED,
                        note="", by=coordinator)
    booking = confirmed_on(D(2026, 6, 5), by=coordinator)

    services.cancel(booking, by=booking.requested_by, reason="Trip moved", by_school=True,
                    today=D(2026, 5, 28))

    stored = fresh(booking)
    assert (stored.state, stored.cancelled_late, stored.cancelled_by_school) == (
        BookingState.CANCELLED, True, True)
    assert subjects_to(coordinator.email)[-1] == (
        f"Late cancellation: school session {booking.reference}")


def test_a_cancellation_across_a_bank_holiday_is_late(any_app):
    coordinator = make_coordinator()
    booking = confirmed_on(D(2026, 5, 29), by=coordinator)
    emails = len(subjects_to(coordinator.email))

    # A coordinator cancelling: only the lateness makes coordinators hear of it.
    services.cancel(booking, by=coordinator, reason="No speaker", by_school=False,
                    today=D(2026, 5, 21))

    assert fresh(booking).cancelled_late is True
    assert subjects_to(coordinator.email)[emails:] == [
        f"Late cancellation: school session {booking.reference}"]


def test_a_cancellation_with_five_working_days_to_go_is_not_late(any_app):
    coordinator = make_coordinator()
    by_school, by_coordinator = (confirmed_on(D(2026, 6, 5), by=coordinator) for _ in range(2))
    emails = len(subjects_to(coordinator.email))

    services.cancel(by_school, by=by_school.requested_by, reason="Exams", by_school=True,
                    today=D(2026, 5, 28))
    services.cancel(by_coordinator, by=coordinator, reason="Exams", by_school=False,
                    today=D(2026, 5, 28))

    assert (fresh(by_school).cancelled_late, fresh(by_coordinator).cancelled_late) == (
        False, False)
    assert subjects_to(coordinator.email)[emails:] == [
        f"School session {by_school.reference} cancelled"]


def test_a_request_with_no_time_fixed_is_never_late(app):
    coordinator = make_coordinator()
    booking = make_booking(proposed=(D(2026, 5, 29),))

    services.cancel(booking, by=booking.requested_by, reason="Not needed", by_school=True,
                    today=D(2026, 5, 28))

    assert fresh(booking).cancelled_late is False
    assert subjects_to(coordinator.email)[-1] == (
        f"School session {booking.reference} cancelled")


# ---------------------------------------------------------------------------- offers


def test_an_accepted_offer_is_confirmed_into_the_offered_slot(any_app):
    coordinator = make_coordinator()
    asked, offered = make_slot(days_ahead=30), make_slot(days_ahead=40, capacity=2)
    booking = make_booking(slot=asked)

    services.offer_alternative(booking, by=coordinator, slot=offered, note=" A week later ")
    assert fresh(offered).confirmed == 0  # an offer holds no place
    offer = fresh(booking)
    assert (offer.state, offer.offer_slot_id, offer.offer_date, offer.offer_starts_at,
            offer.offer_note) == (BookingState.OFFERED, offered.id, offered.date, "10:00",
                                  "A week later")

    services.accept_offer(offer, by=offer.requested_by)

    stored = fresh(booking)
    assert (stored.state, stored.held_slot_id, stored.session_date) == (
        BookingState.CONFIRMED, offered.id, offered.date)
    assert (fresh(offered).confirmed, fresh(asked).confirmed) == (1, 0)
    assert subjects_to(coordinator.email)[-1] == (
        f"The school accepted the time offered: {booking.reference}")


def test_an_offer_of_a_slot_filled_meanwhile_cannot_be_accepted(any_app):
    coordinator = make_coordinator()
    offered = make_slot(days_ahead=40, capacity=1)
    booking = make_booking()
    services.offer_alternative(booking, by=coordinator, slot=offered)
    services.confirm(make_booking(slot=offered), by=coordinator, slot=offered)

    with pytest.raises(services.BookingRefused) as refused:
        services.accept_offer(booking, by=booking.requested_by)

    assert refused.value.message == services.bookings.SLOT_FULL
    assert (fresh(booking).state, fresh(offered).confirmed) == (BookingState.OFFERED, 1)


def test_an_accepted_offer_of_a_time_of_its_own_holds_no_slot(any_app):
    coordinator = make_coordinator()
    slot = make_slot()
    booking = make_booking(slot=slot)
    services.offer_alternative(booking, by=coordinator, date=D(2027, 3, 3), starts_at="13:00",
                               ends_at="14:00")

    services.accept_offer(booking, by=booking.requested_by)

    stored = fresh(booking)
    assert (stored.state, stored.session_date, stored.starts_at, stored.ends_at,
            stored.held_slot_id, stored.sequence) == (
        BookingState.CONFIRMED, D(2027, 3, 3), "13:00", "14:00", None, 2)
    assert fresh(slot).confirmed == 0


def test_a_declined_offer_leaves_the_request_standing(any_app):
    coordinator = make_coordinator()
    booking = make_booking()
    services.offer_alternative(booking, by=coordinator, date=D(2027, 3, 3), starts_at="13:00",
                               ends_at="14:00", note="An afternoon")

    services.decline_offer(booking, by=booking.requested_by)

    stored = fresh(booking)
    assert (stored.state, stored.offer_slot_id, stored.offer_date, stored.offer_starts_at,
            stored.offer_ends_at, stored.offer_note) == (
        BookingState.REQUESTED, None, None, "", "", "")
    assert subjects_to(coordinator.email)[-1] == (
        f"The school declined the time offered: {booking.reference}")
    assert subjects_to(booking.contact_email)[-1] == (
        f"Your session request {booking.reference} is still open")


def test_a_declined_request_keeps_its_reason_and_tells_the_school(any_app):
    coordinator = make_coordinator()
    booking = make_booking()

    services.decline(booking, by=coordinator, reason=" No speaker is free that week. ")

    stored = fresh(booking)
    assert (stored.state, stored.decline_reason) == (
        BookingState.DECLINED, "No speaker is free that week.")
    [event] = queries.timeline(booking)[-1:]
    assert (event.kind, event.detail) == ("booking.declined",
                                          {"note": "No speaker is free that week."})
    assert subjects_to(booking.contact_email)[-1] == f"Your session request {booking.reference}"


def test_a_delivered_session_keeps_its_place(any_app):
    coordinator = make_coordinator()
    slot = make_slot()
    booking = make_booking(slot=slot)
    services.confirm(booking, by=coordinator, slot=slot)

    services.mark_delivered(booking, by=coordinator, today=slot.date)

    assert (fresh(booking).state, fresh(slot).confirmed) == (BookingState.DELIVERED, 1)
    assert subjects_to(booking.contact_email)[-1] == (
        f"Thank you for your session {booking.reference}")


def test_a_session_cannot_be_delivered_before_its_day(app):
    coordinator = make_coordinator()
    slot = make_slot()
    booking = services.confirm(make_booking(slot=slot), by=coordinator, slot=slot)

    with pytest.raises(services.BookingRefused) as refused:
        services.mark_delivered(booking, by=coordinator,
                                today=slot.date - datetime.timedelta(days=1))

    assert (refused.value.message, fresh(booking).state) == (
        services.bookings.NOT_YET, BookingState.CONFIRMED)


def test_confirming_into_a_slot_on_a_day_blocked_since_is_refused(app):
    coordinator = make_coordinator()
    slot = make_slot()
    booking = make_booking(slot=slot)
    services.block_days(starts_on=slot.date, ends_on=slot.date, kind="closed", note="Strike",
                        by=coordinator)

    with pytest.raises(services.BookingRefused) as refused:
        services.confirm(booking, by=coordinator, slot=slot)

    assert (refused.value.message, fresh(booking).state, fresh(slot).confirmed) == (
        services.bookings.DAY_CLOSED, BookingState.REQUESTED, 0)


def test_a_session_cannot_be_delivered_before_it_is_confirmed(app):
    booking = make_booking()

    with pytest.raises(services.BookingRefused):
        services.mark_delivered(booking, by=make_coordinator())

    assert fresh(booking).state == BookingState.REQUESTED


# ---------------------------------------------------------------------------- asking for a change


def test_a_change_asked_for_is_in_the_schools_timeline_and_tells_coordinators(app):
    coordinator = make_coordinator()
    booking = make_booking()

    services.ask_for_change(booking, by=booking.requested_by, message=" 45 pupils now ")

    kinds = [(event.kind, event.detail) for event in queries.timeline(booking)]
    assert kinds == [("booking.requested", {}), ("booking.change_asked", {"note": "45 pupils now"})]
    assert fresh(booking).state == BookingState.REQUESTED
    assert subjects_to(coordinator.email)[-1] == (
        f"A school asks for a change: {booking.reference}")


def test_no_change_can_be_asked_of_an_ended_booking(app):
    booking = make_booking()
    services.cancel(booking, by=booking.requested_by, reason="Not needed", by_school=True)

    with pytest.raises(services.BookingRefused):
        services.ask_for_change(booking, by=booking.requested_by, message="Another date?")


# ---------------------------------------------------------------------------- the manage link


def test_the_manage_link_is_the_same_in_every_email_and_finds_the_booking(any_app):
    booking = make_booking()

    token = services.manage_token(booking)

    assert token is not None
    assert services.manage_token(fresh(booking)) == token
    assert services.booking_by_token(token).id == booking.id
    assert services.booking_by_token(token, using=True).id == booking.id
    assert services.booking_by_token(token).id == booking.id  # reusable
    assert services.booking_by_token(token + "x") is None


@pytest.mark.parametrize("end", ["cancel", "decline", "deliver"])
def test_the_manage_link_stops_working_when_the_booking_ends(app, end):
    coordinator = make_coordinator()
    slot = make_slot()
    booking = make_booking(slot=slot)
    token = services.manage_token(booking)
    if end == "cancel":
        services.cancel(booking, by=booking.requested_by, reason="Not needed", by_school=True)
    elif end == "decline":
        services.decline(booking, by=coordinator, reason="No speaker")
    else:
        services.confirm(booking, by=coordinator, slot=slot)
        services.mark_delivered(booking, by=coordinator, today=booking.session_date)

    assert services.booking_by_token(token) is None
    assert services.booking_by_token(token, using=True) is None
    assert services.manage_token(booking) is None


def test_another_bookings_link_keeps_working_when_one_is_cancelled(app):
    school = make_school()
    member = school.active_members()[0].user
    first = make_booking(school=school, member=member)
    second = make_booking(school=school, member=member)
    first_token, second_token = services.manage_token(first), services.manage_token(second)

    services.cancel(first, by=member, reason="Not needed", by_school=True)

    assert first_token != second_token
    assert services.booking_by_token(first_token) is None
    assert services.booking_by_token(second_token).id == second.id


# ---------------------------------------------------------------------------- language


def test_emails_go_in_the_bookings_language(app):
    coordinator = make_coordinator()
    member = make_user(language="ar")
    slot = make_slot()
    booking = make_booking(member=member, slot=slot)

    services.confirm(booking, by=coordinator, slot=slot)

    message = (OutboxMessage.select().where(OutboxMessage.recipient == member.email)
               .order_by(OutboxMessage.id.desc()).get())
    with in_language("ar"):
        arabic = str(notifications.SUBJECTS["confirmed"](booking.reference))
        masthead = gettext("Lewisham Borough of Sanctuary")
    assert booking.language == "ar"
    assert (message.locale, message.subject) == ("ar", arabic)
    assert '<html lang="ar" dir="rtl">' in message.body_html
    assert masthead != "Lewisham Borough of Sanctuary"
    assert masthead in message.body_html
    assert OutboxMessage.select().where(OutboxMessage.recipient == coordinator.email).count() == 1
    # Coordinators hear in their own language, whatever the school's.
    assert subjects_to(coordinator.email) == [
        f"New school session request {booking.reference}"]



def test_someone_removed_from_the_school_loses_the_manage_links_they_hold(app):
    from sanctuary.awards.services import remove_member

    school = make_school()
    leaver = make_user()
    membership = Membership.create(organisation=school, user=leaver)
    theirs = make_booking(school=school, member=leaver)
    colleagues = make_booking(school=school)
    their_link, colleagues_link = services.manage_token(theirs), services.manage_token(colleagues)

    remove_member(membership, by=school.active_members()[0].user)

    assert services.booking_by_token(their_link) is None
    assert services.booking_by_token(colleagues_link).id == colleagues.id

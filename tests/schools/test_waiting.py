"""Waiting lists: a full slot's queue, places offered in turn and held until answered or run out,
and never more sessions (confirmed or held) than a slot has room for, however many hosts run the
job at once."""
import datetime

import pytest

from sanctuary import create_app
from sanctuary.accounts.models import Role
from sanctuary.core import jobs
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import LONDON, moved
from sanctuary.core.db import db, utcnow
from sanctuary.core.outbox import OutboxMessage
from sanctuary.schools import queries, services
from sanctuary.schools.models import Booking, BookingState, Slot, WaitingEntry, WaitingState
from sanctuary.schools.services.bookings import SLOT_FULL
from sanctuary.schools.services.waiting import NOT_FULL, OFFER_GONE
from tests.factories import make_booking, make_slot, make_user
from tests.support.concurrency import in_processes

HOURS_48 = datetime.timedelta(hours=48)


def make_coordinator():
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


def fresh(row):
    return type(row).get_by_id(row.id)


def subjects_to(recipient):
    return [message.subject for message in OutboxMessage.select()
            .where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)]


def full_slot(*, waiting=2, capacity=1):
    """A slot whose places are confirmed, with `waiting` schools queued for it, in order; and
    the first confirmed booking."""
    coordinator = make_coordinator()
    slot = make_slot(capacity=capacity)
    confirmed = []
    for _ in range(capacity):
        booking = make_booking(slot=slot)
        services.confirm(booking, by=coordinator, slot=slot)
        confirmed.append(booking)
    queued = []
    for _ in range(waiting):
        booking = make_booking(slot=slot)
        queued.append(services.join(booking, slot))
    return fresh(slot), queued, confirmed[0], coordinator


def states(entries):
    return [fresh(entry).state for entry in entries]


# ---------------------------------------------------------------------------- joining


def test_a_request_for_a_full_slot_joins_its_waiting_list_in_order(any_app):
    _slot, (first, second), _confirmed, _coordinator = full_slot()

    assert (queries.waiting_position(first), queries.waiting_position(second)) == (1, 2)
    assert states([first, second]) == [WaitingState.WAITING, WaitingState.WAITING]
    assert [event.kind for event in AuditEvent.select().where(
        (AuditEvent.subject_kind == "booking") & (AuditEvent.subject_id == first.booking_id))
        .order_by(AuditEvent.id)] == ["booking.requested", "booking.waiting_joined"]


def test_joining_twice_makes_one_entry(any_app):
    slot, (entry,), _confirmed, _coordinator = full_slot(waiting=1)

    again = services.join(fresh(entry.booking), slot)

    assert again.id == entry.id
    assert WaitingEntry.select().count() == 1


def test_a_slot_with_a_place_free_has_no_waiting_list(any_app):
    slot = make_slot(capacity=2)

    with pytest.raises(services.BookingRefused) as refused:
        services.join(make_booking(slot=slot), slot)

    assert refused.value.message == NOT_FULL
    assert WaitingEntry.select().count() == 0


# ---------------------------------------------------------------------------- offers


def test_a_cancellation_offers_the_place_to_the_first_school_and_holds_it(any_app):
    slot, (first, second), confirmed, coordinator = full_slot()
    now = utcnow()

    services.cancel(confirmed, by=coordinator, reason="Closed for snow", by_school=False)

    offered = fresh(first)
    assert states([first, second]) == [WaitingState.OFFERED, WaitingState.WAITING]
    assert now <= offered.offered_at <= utcnow()
    assert offered.offer_expires_at - offered.offered_at == HOURS_48
    assert (fresh(slot).confirmed, fresh(slot).offered, fresh(slot).is_full) == (0, 1, True)
    booking = fresh(first.booking)
    assert subjects_to(booking.contact_email)[-1] == (
        f"A place has come free for your session {booking.reference}")
    body = OutboxMessage.get(OutboxMessage.recipient == booking.contact_email,
                             OutboxMessage.subject.contains("A place")).body_text
    assert f"/school-sessions/bookings/{booking.id}" in body
    assert "/school-sessions/manage/" in body
    assert queries.waiting_position(fresh(second)) == 2  # the offer is still ahead of it


def test_an_offer_runs_out_after_48_hours_and_passes_to_the_next(any_app):
    slot, (first, second), confirmed, coordinator = full_slot()
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)
    offered_at = fresh(first).offered_at

    assert services.expire_offers(offered_at + HOURS_48 - datetime.timedelta(minutes=1)) == 0
    later = offered_at + HOURS_48
    assert services.expire_offers(later) == 1

    assert states([first, second]) == [WaitingState.EXPIRED, WaitingState.OFFERED]
    assert fresh(second).offer_expires_at == later + HOURS_48
    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 1)
    first_booking = fresh(first.booking)
    assert subjects_to(first_booking.contact_email)[-1] == (
        f"The place offered for {first_booking.reference} has passed on")
    assert first_booking.state == BookingState.REQUESTED  # its request stands
    assert services.expire_offers(later) == 0


def test_an_offer_never_outlasts_the_session(any_app):
    coordinator = make_coordinator()
    slot = make_slot(days_ahead=1, capacity=1)
    confirmed = make_booking(slot=slot)
    services.confirm(confirmed, by=coordinator, slot=slot)
    entry = services.join(make_booking(slot=slot), slot)
    start = slot.start.replace(tzinfo=LONDON).astimezone(datetime.UTC).replace(tzinfo=None)

    with moved(hours=0):
        services.cancel(fresh(confirmed), by=coordinator, reason="Closed", by_school=False)

    expires = fresh(entry).offer_expires_at
    assert expires == min(start, fresh(entry).offered_at + HOURS_48)


def test_the_offer_lasts_as_long_as_the_setting_says(make_app, sqlite_url):
    make_app(sqlite_url, SCHOOL_WAITING_OFFER_HOURS=24)
    _slot, (first, _second), confirmed, coordinator = full_slot()

    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)

    entry = fresh(first)
    assert entry.offer_expires_at - entry.offered_at == datetime.timedelta(hours=24)


def test_accepting_confirms_the_booking_and_holds_exactly_one_place(any_app):
    slot, (first, second), confirmed, coordinator = full_slot()
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)
    member = fresh(first.booking).requested_by

    booking = services.accept_place(fresh(first), by=member)

    stored = fresh(booking)
    assert (stored.state, stored.session_date, stored.starts_at, stored.ends_at,
            stored.held_slot_id) == (BookingState.CONFIRMED, slot.date, slot.starts_at,
                                     slot.ends_at, slot.id)
    assert (fresh(slot).confirmed, fresh(slot).offered) == (1, 0)
    assert states([first, second]) == [WaitingState.ACCEPTED, WaitingState.WAITING]
    assert subjects_to(stored.contact_email)[-1] == f"Confirmed: your session {stored.reference}"
    attachment = OutboxMessage.get(OutboxMessage.recipient == stored.contact_email,
                                   OutboxMessage.subject.startswith("Confirmed")).attachments
    assert [a.content_type for a in attachment] == ["text/calendar; charset=utf-8; method=REQUEST"]
    with pytest.raises(services.BookingRefused) as refused:  # a second click
        services.accept_place(fresh(first), by=member)
    assert refused.value.message == OFFER_GONE
    assert (fresh(slot).confirmed, fresh(slot).offered) == (1, 0)


def test_an_offer_run_out_cannot_be_accepted(any_app):
    _slot, (first, _second), confirmed, coordinator = full_slot()
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)
    entry = fresh(first)

    with pytest.raises(services.BookingRefused) as refused:
        services.accept_place(entry, now=entry.offer_expires_at)

    assert refused.value.message == OFFER_GONE
    assert fresh(entry.booking).state == BookingState.REQUESTED


def test_declining_passes_the_place_to_the_next_school(any_app):
    slot, (first, second), confirmed, coordinator = full_slot()
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)

    services.decline_place(fresh(first), by=None)

    assert states([first, second]) == [WaitingState.DECLINED, WaitingState.OFFERED]
    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 1)
    with pytest.raises(services.BookingRefused):
        services.decline_place(fresh(first), by=None)


def test_leaving_while_waiting_or_holding_an_offer(any_app):
    slot, (first, second), confirmed, coordinator = full_slot()

    services.leave(fresh(second), by=None)
    assert states([first, second]) == [WaitingState.WAITING, WaitingState.LEFT]
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)
    services.leave(fresh(first), by=None)

    assert states([first, second]) == [WaitingState.LEFT, WaitingState.LEFT]
    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 0)


def test_a_queued_request_cancelled_or_declined_leaves_the_queue(any_app):
    _slot, (first, second, third), confirmed, coordinator = full_slot(waiting=3)

    services.cancel(fresh(first.booking), by=None, reason="Changed plans", by_school=True)
    services.decline(fresh(second.booking), by=coordinator, reason="No speaker")

    assert states([first, second, third]) == [WaitingState.LEFT, WaitingState.LEFT,
                                              WaitingState.WAITING]
    assert queries.waiting_position(fresh(third)) == 1
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)
    assert fresh(third).state == WaitingState.OFFERED


def test_a_request_holding_an_offer_that_is_cancelled_passes_the_place_on(any_app):
    slot, (first, second), confirmed, coordinator = full_slot()
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)

    services.cancel(fresh(first.booking), by=None, reason="Found another date", by_school=True)

    assert states([first, second]) == [WaitingState.LEFT, WaitingState.OFFERED]
    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 1)


def test_a_larger_slot_offers_its_new_places_at_once(any_app):
    slot, (first, second, third), _confirmed, coordinator = full_slot(waiting=3)

    services.update_slot(slot, date=slot.date, starts_at=slot.starts_at, ends_at=slot.ends_at,
                         formats=slot.formats, delivery=slot.delivery, capacity=3,
                         by=coordinator)

    assert states([first, second, third]) == [WaitingState.OFFERED, WaitingState.OFFERED,
                                              WaitingState.WAITING]
    assert (fresh(slot).confirmed, fresh(slot).offered) == (1, 2)


def test_a_slot_cannot_shrink_below_its_confirmed_and_held_places(any_app):
    slot, _entries, confirmed, coordinator = full_slot(capacity=2)
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)

    with pytest.raises(services.SlotRefused):
        services.update_slot(slot, date=slot.date, starts_at=slot.starts_at,
                             ends_at=slot.ends_at, formats=slot.formats,
                             delivery=slot.delivery, capacity=1, by=coordinator)


def test_a_coordinator_cannot_confirm_an_ordinary_request_into_a_held_place(any_app):
    slot, (_first, _second), confirmed, coordinator = full_slot()
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)
    ordinary = make_booking(slot=slot)

    with pytest.raises(services.BookingRefused) as refused:
        services.confirm(ordinary, by=coordinator, slot=fresh(slot))

    assert refused.value.message == SLOT_FULL
    assert fresh(ordinary).state == BookingState.REQUESTED
    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 1)


def test_a_coordinator_confirming_the_school_holding_the_offer_takes_the_held_place(any_app):
    slot, (first, second), confirmed, coordinator = full_slot()
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)

    services.confirm(fresh(first.booking), by=coordinator, slot=fresh(slot))

    assert fresh(first.booking).state == BookingState.CONFIRMED
    assert states([first, second]) == [WaitingState.ACCEPTED, WaitingState.WAITING]
    assert (fresh(slot).confirmed, fresh(slot).offered) == (1, 0)


def test_a_withdrawn_or_past_slot_offers_nothing(any_app):
    slot, (first, _second), confirmed, coordinator = full_slot()
    services.withdraw_slot(slot, by=coordinator)

    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)

    assert fresh(first).state == WaitingState.WAITING
    assert services.offer_free_places(now=utcnow()) == 0


def test_the_frequent_job_expires_then_offers(app):
    _slot, (first, second), confirmed, coordinator = full_slot()
    services.cancel(confirmed, by=coordinator, reason="Closed", by_school=False)
    later = fresh(first).offer_expires_at

    assert jobs.run_frequent(app, later) == {"School waiting lists": 2}  # one out, one offered
    assert jobs.run_frequent(app, later) == {"School waiting lists": 0}
    assert states([first, second]) == [WaitingState.EXPIRED, WaitingState.OFFERED]


# ---------------------------------------------------------------------------- two hosts at once


def job_runner(config, now):
    """In its own process: an app and a connection, then the action, running the frequent jobs."""
    app = create_app(config)
    app.app_context().push()
    db.connect(reuse_if_open=True)

    def run():
        try:
            return jobs.run_frequent(app, now)["School waiting lists"]
        finally:
            db.close()

    return run


@pytest.mark.parametrize("processes", [2, 6])
def test_jobs_running_at_once_on_several_hosts_make_one_offer(make_app, any_database_url,
                                                             processes):
    app = make_app(any_database_url)
    slot, entries, confirmed, _coordinator = full_slot(waiting=3)
    # The place frees with nobody offering it (as if the job had not run since).
    Slot.update(confirmed=0).where(Slot.id == slot.id).execute()
    Booking.update(state=BookingState.CANCELLED).where(Booking.id == confirmed.id).execute()
    config = {name: app.config[name] for name in ("TESTING", "DATABASE_URL", "SECRET_KEY",
                                                  "MAIL_SERVER", "DEV_MAILBOX")}

    outcomes = in_processes(job_runner, [(config, utcnow())] * processes)

    assert sorted(outcomes) == [0] * (processes - 1) + [1]
    assert states(entries) == [WaitingState.OFFERED, WaitingState.WAITING, WaitingState.WAITING]
    assert (fresh(slot).confirmed, fresh(slot).offered) == (0, 1)
    assert OutboxMessage.select().where(
        OutboxMessage.subject.contains("A place has come free")).count() == 1

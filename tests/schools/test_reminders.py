"""The school's reminder two days before a confirmed session, and its request for feedback the
day after, both run by `send-reminders`: each sent once, never too late."""
import datetime

from sanctuary.accounts.models import Role
from sanctuary.core.clock import LONDON, london_now, london_today, moved
from sanctuary.core.jobs import send_reminders
from sanctuary.core.outbox import OutboxMessage
from sanctuary.schools import services
from sanctuary.schools.models import Booking
from tests.factories import make_booking, make_user

COMING_UP, FEEDBACK = "School session coming up", "School asked for feedback"


def confirmed_in(days, coordinator, starts_at="10:00", ends_at="11:00"):
    day = london_today() + datetime.timedelta(days=days)
    booking = make_booking(proposed=[day])
    return services.confirm(booking, by=coordinator, date=day, starts_at=starts_at,
                            ends_at=ends_at)


def subjects_to(recipient, words):
    return [m.subject for m in OutboxMessage.select().where(OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.id) if words in m.subject]


def fresh(row):
    return type(row).get_by_id(row.id)


def test_a_confirmed_session_is_reminded_two_days_before_and_once_only(app):
    coordinator = make_user(roles=[Role.COORDINATOR])
    soon = confirmed_in(5, coordinator)
    later = confirmed_in(6, coordinator)
    called_off = confirmed_in(4, coordinator)
    services.cancel(called_off, by=coordinator, reason="Closed for snow", by_school=False)

    with moved(days=3):  # `soon` is two days away, `later` three
        first = send_reminders(app, london_today())
        second = send_reminders(app, london_today())

    assert (first[COMING_UP], second[COMING_UP]) == (1, 0)
    assert subjects_to(soon.contact_email, "coming up") == [
        f"Your session {soon.reference} is coming up"]
    assert subjects_to(later.contact_email, "coming up") == []
    assert subjects_to(called_off.contact_email, "coming up") == []


def test_a_session_confirmed_inside_the_two_days_gets_its_confirmation_and_no_reminder(app):
    coordinator = make_user(roles=[Role.COORDINATOR])
    tomorrow = confirmed_in(1, coordinator)
    in_two_days = confirmed_in(2, coordinator)
    offered = make_booking(proposed=[london_today() + datetime.timedelta(days=5)])
    services.offer_alternative(offered, by=coordinator,
                               date=london_today() + datetime.timedelta(days=1),
                               starts_at="13:00", ends_at="14:00")
    services.accept_offer(fresh(offered), by=offered.requested_by)
    far = confirmed_in(9, coordinator)

    sent = send_reminders(app, london_today())

    assert sent[COMING_UP] == 0
    for booking in (tomorrow, in_two_days, offered):
        assert fresh(booking).reminded_at is not None
        assert subjects_to(booking.contact_email, "")[-1:] == [
            f"Confirmed: your session {booking.reference}"]
    assert fresh(far).reminded_at is None


def _until(booking, **delta):
    """The clock's move that puts now at the session's start plus `delta` (London time)."""
    start = datetime.datetime.combine(booking.session_date, datetime.time(10, 0), tzinfo=LONDON)
    return {"seconds": (start + datetime.timedelta(**delta) - london_now()).total_seconds()}


def test_no_reminder_once_the_session_has_started_but_one_before_it_on_the_day(app):
    coordinator = make_user(roles=[Role.COORDINATOR])
    started = confirmed_in(6, coordinator)
    not_yet = confirmed_in(12, coordinator)

    with moved(**_until(started, minutes=1)):
        late = send_reminders(app, london_today())
    with moved(**_until(not_yet, hours=-1)):  # the runs before were missed: caught up
        early = send_reminders(app, london_today())

    assert (late[COMING_UP], early[COMING_UP]) == (0, 1)
    assert fresh(started).reminded_at is None
    assert subjects_to(not_yet.contact_email, "coming up") == [
        f"Your session {not_yet.reference} is coming up"]


def test_the_school_is_asked_for_feedback_the_day_after_once_and_not_when_cancelled(app):
    coordinator = make_user(roles=[Role.COORDINATOR])
    held = confirmed_in(3, coordinator)
    delivered = confirmed_in(3, coordinator)
    called_off = confirmed_in(3, coordinator)
    today_too = confirmed_in(4, coordinator)
    answered = confirmed_in(3, coordinator)
    services.cancel(called_off, by=coordinator, reason="Closed for snow", by_school=False)

    with moved(days=3):
        services.mark_delivered(fresh(delivered), by=coordinator)
        on_the_day = send_reminders(app, london_today())
    with moved(days=4):
        services.give_feedback(fresh(answered), by=answered.requested_by, how_it_went="well",
                               reached=30, book_again="yes")
        first = send_reminders(app, london_today())
        second = send_reminders(app, london_today())

    assert (on_the_day[FEEDBACK], first[FEEDBACK], second[FEEDBACK]) == (0, 2, 0)
    for booking in (held, delivered):
        assert subjects_to(booking.contact_email, "How did") == [
            f"How did your session {booking.reference} go?"]
        message = OutboxMessage.get((OutboxMessage.recipient == booking.contact_email)
                                    & OutboxMessage.subject.contains("How did"))
        assert f"/school-sessions/bookings/{booking.id}/feedback" in message.body_text
    for booking in (called_off, today_too, answered):
        assert subjects_to(booking.contact_email, "How did") == []
    assert Booking.select().where(Booking.feedback_asked_at.is_null(False)).count() == 2


def test_sessions_long_past_are_not_asked_for_feedback(app):
    coordinator = make_user(roles=[Role.COORDINATOR])
    old = confirmed_in(3, coordinator)

    with moved(days=3 + 15):
        sent = send_reminders(app, london_today())

    assert sent[FEEDBACK] == 0
    assert fresh(old).feedback_asked_at is None

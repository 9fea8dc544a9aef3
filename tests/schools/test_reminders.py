"""The school's reminder a few days before a confirmed session, run by `send-reminders`."""
import datetime

from sanctuary.accounts.models import Role
from sanctuary.core.clock import london_today
from sanctuary.core.jobs import send_reminders
from sanctuary.core.outbox import OutboxMessage
from sanctuary.schools import services
from tests.factories import make_booking, make_user


def confirmed_in(days, coordinator):
    booking = make_booking(proposed=[london_today() + datetime.timedelta(days=days)])
    return services.confirm(booking, by=coordinator,
                            date=london_today() + datetime.timedelta(days=days),
                            starts_at="10:00", ends_at="11:00")


def reminders_to(recipient):
    return [m.subject for m in OutboxMessage.select().where(OutboxMessage.recipient == recipient)
            if "coming up" in m.subject]


def test_a_confirmed_session_within_a_week_is_reminded_once(app):
    coordinator = make_user(roles=[Role.COORDINATOR])
    soon = confirmed_in(5, coordinator)
    later = confirmed_in(12, coordinator)
    called_off = confirmed_in(3, coordinator)
    services.cancel(called_off, by=coordinator, reason="Closed for snow", by_school=False)

    first = send_reminders(app, london_today())
    second = send_reminders(app, london_today())

    assert first["School session coming up"] == 1
    assert second["School session coming up"] == 0
    assert reminders_to(soon.contact_email) == [
        f"Your session {soon.reference} is coming up"]
    assert reminders_to(later.contact_email) == []
    assert reminders_to(called_off.contact_email) == []

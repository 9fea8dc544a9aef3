"""No slot ever holds more confirmed sessions than its capacity, even when many coordinators
confirm at the same moment: proven across separate processes (as separate workers would be),
each with its own connection, released together by a barrier."""
import time

import pytest

from sanctuary import create_app
from sanctuary.accounts.models import Role, User
from sanctuary.core.db import db
from sanctuary.schools import services
from sanctuary.schools.models import Booking, BookingState, Slot
from tests.factories import make_booking, make_school, make_slot, make_user
from tests.support.concurrency import in_processes

PROCESSES = 20


def confirmer(config, booking_id, coordinator_id, slot_id):
    """In its own process: an app, a connection and the rows, then the action, confirming."""
    app = create_app(config)
    app.app_context().push()
    db.connect(reuse_if_open=True)
    booking, slot = Booking.get_by_id(booking_id), Slot.get_by_id(slot_id)
    coordinator = User.get_by_id(coordinator_id)

    def confirm():
        try:
            services.confirm(booking, by=coordinator, slot=slot)
        except services.BookingRefused as refused:
            if refused.message == services.bookings.SLOT_FULL:
                return "refused"
            return f"refused: {refused.message}"
        finally:
            db.close()
        return "confirmed"

    return confirm


@pytest.mark.parametrize("capacity", [1, 2])
def test_twenty_confirmations_at_once_fill_the_slot_and_no_more(make_app, any_database_url,
                                                                capacity):
    app = make_app(any_database_url)
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    slot = make_slot(capacity=capacity)
    school = make_school()
    member = school.active_members()[0].user
    bookings = [make_booking(school=school, member=member, slot=slot) for _ in range(PROCESSES)]
    config = {name: app.config[name] for name in ("TESTING", "DATABASE_URL", "SECRET_KEY",
                                                  "MAIL_SERVER", "DEV_MAILBOX")}

    started = time.monotonic()
    outcomes = in_processes(confirmer, [(config, booking.id, coordinator.id, slot.id)
                                        for booking in bookings])
    print(f"{PROCESSES} processes started, ran and ended in {time.monotonic() - started:.1f} s")

    assert sorted(outcomes) == ["confirmed"] * capacity + ["refused"] * (PROCESSES - capacity)
    said_confirmed = [booking.id for booking, outcome in zip(bookings, outcomes, strict=True)
                      if outcome == "confirmed"]
    assert Slot.get_by_id(slot.id).confirmed == capacity
    assert [b.id for b in Booking.select().where(Booking.state == BookingState.CONFIRMED)
            .order_by(Booking.id)] == said_confirmed
    assert (Booking.select().where(Booking.state == BookingState.REQUESTED).count()
            == PROCESSES - capacity)

"""The same feedback sent several times at once (a double click, a retry, two tabs) makes one
row, one entry in the trail and one email to the speaker, on every database."""
import datetime

from sanctuary import create_app
from sanctuary.accounts.models import Role, User
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today, utcnow
from sanctuary.core.db import db
from sanctuary.core.outbox import OutboxMessage
from sanctuary.schools import services
from sanctuary.schools.models import (
    AssignmentState,
    Booking,
    SessionFeedback,
    Speaker,
    SpeakerAssignment,
)
from tests.factories import make_booking, make_user
from tests.support.concurrency import in_processes

PROCESSES = 6


def giver(config, booking_id, user_id):
    app = create_app(config)
    app.app_context().push()
    db.connect(reuse_if_open=True)
    booking, person = Booking.get_by_id(booking_id), User.get_by_id(user_id)

    def give():
        try:
            services.give_feedback(booking, by=person, how_it_went="well", reached=30,
                                   book_again="yes", for_speaker="Thank you!")
        finally:
            db.close()
        return "given"

    return give


def test_feedback_sent_at_once_is_kept_once_and_passed_on_once(make_app, any_database_url):
    app = make_app(any_database_url)
    coordinator = make_user(roles=[Role.COORDINATOR])
    day = london_today() + datetime.timedelta(days=3)
    booking = services.confirm(make_booking(proposed=[day]), by=coordinator, date=day,
                               starts_at="10:00", ends_at="11:00")
    speaker = Speaker.create(name="Samira", email="samira@example.org", wants_feedback=True,
                             consent_at=utcnow())
    start = datetime.datetime.combine(day, datetime.time(10, 0))
    SpeakerAssignment.create(booking=booking, speaker=speaker, state=AssignmentState.ACCEPTED,
                             day=day, starts=start, ends=start + datetime.timedelta(hours=1))
    config = {name: app.config[name] for name in ("TESTING", "DATABASE_URL", "SECRET_KEY",
                                                  "MAIL_SERVER", "DEV_MAILBOX")}

    outcomes = in_processes(giver, [(config, booking.id, booking.requested_by_id)] * PROCESSES)

    assert outcomes == ["given"] * PROCESSES
    assert SessionFeedback.select().count() == 1
    assert AuditEvent.select().where(AuditEvent.kind.startswith("booking.feedback")).count() == 1
    assert OutboxMessage.select().where(OutboxMessage.recipient == speaker.email).count() == 1

"""No speaker in two places, even when they (or coordinators for them) accept many clashing
sessions at the same moment: proven across separate processes, each with its own connection,
released together by a barrier, on SQLite and on PostgreSQL."""
import datetime
import time

from sanctuary import create_app
from sanctuary.core.clock import london_today
from sanctuary.core.db import db
from sanctuary.schools.models import AssignmentState, SpeakerAssignment
from sanctuary.schools.queries import is_closed
from sanctuary.schools.services import assignments
from tests.factories import make_session, make_speaker
from tests.support.concurrency import in_processes

PROCESSES = 20


def accepter(config, assignment_id):
    """In its own process: an app, a connection and the invitation, then the action."""
    app = create_app(config)
    app.app_context().push()
    db.connect(reuse_if_open=True)
    assignment = SpeakerAssignment.get_by_id(assignment_id)

    def accept():
        try:
            assignments.accept(assignment)
        except assignments.AssignmentRefused:
            return "refused"
        finally:
            db.close()
        return "accepted"

    return accept


def test_twenty_clashing_acceptances_at_once_leave_one(make_app, any_database_url):
    app = make_app(any_database_url)
    day = london_today() + datetime.timedelta(days=30)
    while day.weekday() >= 5 or is_closed(day):  # slots are only confirmed on open days
        day += datetime.timedelta(days=1)
    speaker = make_speaker()
    # Twenty sessions in twenty slots, each starting three minutes after the last: all overlap.
    starts = [datetime.datetime.combine(day, datetime.time(10)) + datetime.timedelta(minutes=3 * n)
              for n in range(PROCESSES)]
    invitations = [assignments.invite(
        make_session(day, f"{start:%H:%M}", f"{start + datetime.timedelta(hours=1):%H:%M}",
                     slot=True), speaker, by=None) for start in starts]
    config = {name: app.config[name] for name in ("TESTING", "DATABASE_URL", "SECRET_KEY",
                                                  "MAIL_SERVER", "DEV_MAILBOX")}

    started = time.monotonic()
    outcomes = in_processes(accepter, [(config, a.id) for a in invitations])
    print(f"{PROCESSES} processes started, ran and ended in {time.monotonic() - started:.1f} s")

    assert sorted(outcomes) == ["accepted"] + ["refused"] * (PROCESSES - 1)
    said_accepted = [a.id for a, outcome in zip(invitations, outcomes, strict=True)
                     if outcome == "accepted"]
    assert [a.id for a in SpeakerAssignment.select().where(
        SpeakerAssignment.state == AssignmentState.ACCEPTED)] == said_accepted

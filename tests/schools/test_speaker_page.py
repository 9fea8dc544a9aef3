"""The speaker's page, opened from the link in their invitation with no account."""
import datetime

from sanctuary.accounts.models import Role
from sanctuary.core import links
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today
from sanctuary.core.outbox import OutboxMessage
from sanctuary.schools import services
from sanctuary.schools.models import SPEAKER_LINK, AssignmentState, Speaker, SpeakerAssignment
from sanctuary.schools.services import assignments
from tests.factories import make_school, make_session, make_speaker, make_user
from tests.support.client import post, text

DAY = london_today() + datetime.timedelta(days=20)


def invited(speaker=None, starts_at="10:00", ends_at="11:00", **school):
    booking = make_session(DAY, starts_at, ends_at, school=make_school(**school))
    assignment = assignments.invite(booking, speaker or make_speaker(name="Amal"), by=None)
    return assignment, services.speaker_token(assignment)


def url(token, action=""):
    return f"/school-sessions/speaking/{token}" + (f"/{action}" if action else "")


def state_of(assignment):
    return SpeakerAssignment.get_by_id(assignment.id).state


def test_opening_the_page_shows_the_session_and_changes_nothing(client):
    assignment, token = invited(name="Brockley Primary", address="2 Hill Road",
                                postcode="SE4 1AA")
    counts = (AuditEvent.select().count(), OutboxMessage.select().count())

    response = client.get(url(token))

    page = text(response)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert "<bdi>Brockley Primary</bdi>" in page and "2 Hill Road" in page
    assert "Accept: I can come" in page and "Decline: I cannot come" in page
    assert "Deputy Head" not in page  # the supervising teacher, only once they are coming
    assert assignment.booking.contact_email not in page
    assert state_of(assignment) == AssignmentState.INVITED
    assert (AuditEvent.select().count(), OutboxMessage.select().count()) == counts
    assert links.find(token, SPEAKER_LINK).used_at is None


def test_accepting_from_the_page_shows_the_supervising_teacher(client):
    assignment, token = invited()
    coordinator = make_user(roles=[Role.COORDINATOR])  # after the request, so told only this

    response = post(client, url(token, "accept"))
    page = text(client.get(url(token)))

    assert response.headers["Location"] == url(token)
    assert state_of(assignment) == AssignmentState.ACCEPTED
    assert "Deputy Head" in page and "I can no longer come" in page
    assert "Accept: I can come" not in page
    assert [m.subject for m in OutboxMessage.select().where(
        OutboxMessage.recipient == coordinator.email)] == [
        f"Amal is coming to school session {assignment.booking.reference}"]


def test_declining_from_the_page(client):
    assignment, token = invited()

    post(client, url(token, "decline"))
    page = text(client.get(url(token)))

    assert state_of(assignment) == AssignmentState.DECLINED
    assert "Thank you for letting us know" in page
    assert "Accept: I can come" not in page and "2 Hill Road" not in page


def test_saying_they_can_no_longer_come_from_the_page(client):
    assignment, token = invited()
    post(client, url(token, "accept"))

    post(client, url(token, "withdraw"))

    assert state_of(assignment) == AssignmentState.WITHDRAWN


def test_a_clash_on_accepting_shows_why_and_changes_nothing(client):
    speaker = make_speaker(name="Amal")
    coming, _ = invited(speaker, "10:00", "11:00")
    assignments.accept(coming)
    close, token = invited(speaker, "11:30", "12:30")

    response = post(client, url(token, "accept"), follow_redirects=True)

    assert ("You are already coming to a session at 10:00 on that day, too close to travel "
            "between. Nothing has changed.") in text(response)
    assert state_of(close) == AssignmentState.INVITED


def test_the_link_of_a_cancelled_session_works_no_more(client):
    assignment, token = invited()
    services.cancel(assignment.booking, by=None, reason="Closed", by_school=True)

    response = client.get(url(token))

    assert response.status_code == 410
    assert "This link no longer works" in text(response)
    assert post(client, url(token, "accept")).status_code == 410
    assert state_of(assignment) == AssignmentState.CANCELLED


def test_an_unknown_link_opens_nothing(client):
    invited()

    assert client.get(url("no-such-token")).status_code == 410
    assert client.get(url("no-such-token", "remove")).status_code == 410
    assert post(client, url("no-such-token", "remove")).status_code == 410


def test_removing_their_details_asks_first_then_erases_them(client):
    assignment, token = invited()
    before = Speaker.get_by_id(assignment.speaker_id)

    confirm = client.get(url(token, "remove"))
    unchanged = Speaker.get_by_id(assignment.speaker_id)
    response = post(client, url(token, "remove"))

    assert confirm.status_code == 200 and "cannot be undone" in text(confirm)
    assert (unchanged.email, unchanged.removed_at) == (before.email, None)
    assert response.headers["Location"] == "/"
    removed = Speaker.get_by_id(assignment.speaker_id)
    assert (removed.name, removed.email, removed.phone) == ("Amal", "", "")
    assert state_of(assignment) == AssignmentState.CANCELLED
    assert client.get(url(token)).status_code == 410


def test_one_speakers_link_opens_only_their_own_invitation(client):
    mine, my_token = invited()
    theirs, _ = invited(make_speaker(name="Bilal"))

    post(client, url(my_token, "decline"))

    assert (state_of(mine), state_of(theirs)) == (AssignmentState.DECLINED,
                                                  AssignmentState.INVITED)
    assert "Bilal" not in text(client.get(url(my_token)))

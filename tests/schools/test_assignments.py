"""Speakers invited to sessions: their answers, no speaker in two places, a cancelled session,
a speaker who asks to be removed, and their reminders."""
import datetime

import pytest

from sanctuary.accounts.models import Role
from sanctuary.core import links
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today
from sanctuary.core.jobs import send_reminders
from sanctuary.core.outbox import OutboxMessage, State
from sanctuary.schools import services, speaker_queries
from sanctuary.schools.models import (
    SPEAKER_LINK,
    AssignmentState,
    Booking,
    Speaker,
    SpeakerAssignment,
)
from sanctuary.schools.services import assignments
from tests.factories import make_booking, make_school, make_session, make_speaker, make_user

DAY = datetime.timedelta(days=1)


def make_coordinator():
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


def soon(days=20):
    return london_today() + datetime.timedelta(days=days)


def fresh(row):
    return type(row).get_by_id(row.id)


def mail_to(address):
    return list(OutboxMessage.select().where(OutboxMessage.recipient == address)
                .order_by(OutboxMessage.id))


def subjects_to(address):
    return [message.subject for message in mail_to(address)]


def staff_news(coordinator):
    """What coordinators heard about speakers (not the schools' new requests)."""
    return [subject for subject in subjects_to(coordinator.email)
            if not subject.startswith("New school session request")]


def token_in(message):
    return message.body_text.split("/school-sessions/speaking/")[1].split()[0]


# ---------------------------------------------------------------------------- inviting


def test_inviting_copies_the_time_and_emails_what_the_speaker_needs_to_decide(app):
    coordinator = make_coordinator()
    school = make_school(name="Brockley Primary", postcode="SE4 1AA")
    booking = make_session(soon(), "13:30", "14:30", school=school)
    other = make_speaker(name="Bilal")
    assignments.invite(booking, other, by=coordinator)
    speaker = make_speaker(name="Amal", language="ar")

    assignment = assignments.invite(booking, speaker, by=coordinator)

    assert (assignment.state, assignment.day, assignment.starts, assignment.ends) == (
        AssignmentState.INVITED, soon(), datetime.datetime.combine(soon(), datetime.time(13, 30)),
        datetime.datetime.combine(soon(), datetime.time(14, 30)))
    [message] = mail_to(speaker.email)
    assert message.locale == "ar"
    body = message.body_text
    assert "Brockley Primary" in body and "SE4 1AA" in body and "Year 6" in body
    assert "Bilal" not in body and booking.contact_email not in body
    assert "Deputy Head" not in body  # the supervising teacher: only on the page, once coming
    assert assignments.assignment_by_token(token_in(message)).id == assignment.id


def test_inviting_twice_makes_one_invitation_and_sends_one_email(app):
    booking, speaker = make_session(soon()), make_speaker()

    first = assignments.invite(booking, speaker, by=None)
    second = assignments.invite(booking, speaker, by=None)

    assert first.id == second.id
    assert len(mail_to(speaker.email)) == 1


def test_a_speaker_who_declined_is_invited_again_in_the_same_row_with_the_same_link(app):
    booking, speaker = make_session(soon()), make_speaker()
    assignment = assignments.invite(booking, speaker, by=None)
    assignments.decline(assignment)

    again = assignments.invite(booking, speaker, by=make_coordinator())

    assert (again.id, fresh(again).state, fresh(again).answered_at) == (
        assignment.id, AssignmentState.INVITED, None)
    first, second = mail_to(speaker.email)
    assert token_in(first) == token_in(second)


@pytest.mark.parametrize("speaker_fields", [{"consent": False},
                                            {"consent_withdrawn_at": datetime.datetime(2026, 1, 1)},
                                            {"removed_at": datetime.datetime(2026, 1, 1)}])
def test_only_a_speaker_who_agreed_to_be_contacted_is_invited(app, speaker_fields):
    booking, speaker = make_session(soon()), make_speaker(**speaker_fields)

    with pytest.raises(assignments.AssignmentRefused) as refused:
        assignments.invite(booking, speaker, by=None)

    assert refused.value.message == assignments.NO_CONSENT
    assert SpeakerAssignment.select().count() == 0


def test_a_session_not_confirmed_takes_no_speaker(app):
    with pytest.raises(assignments.AssignmentRefused) as refused:
        assignments.invite(make_booking(), make_speaker(), by=None)

    assert refused.value.message == assignments.NOT_CONFIRMED


# ---------------------------------------------------------------------------- no two places


def invited_to(speaker, *times, day=None):
    return [assignments.invite(make_session(day or soon(), start, end), speaker, by=None)
            for start, end in times]


def test_sessions_closer_than_the_travel_gap_clash(app):
    speaker = make_speaker(name="Amal")
    morning, close, far = invited_to(speaker, ("10:00", "11:00"), ("11:55", "12:55"),
                                     ("12:01", "13:00"))
    assignments.accept(morning)

    with pytest.raises(assignments.AssignmentRefused) as refused:
        assignments.accept(close, by=make_coordinator())
    assignments.accept(far)

    assert str(refused.value.message) == ("Amal is already coming to a session at 10:00 on that "
                                          "day, too close to travel between.")
    assert [fresh(a).state for a in (morning, close, far)] == [
        AssignmentState.ACCEPTED, AssignmentState.INVITED, AssignmentState.ACCEPTED]


def test_the_travel_gap_counts_before_a_session_too_and_follows_the_setting(make_app, sqlite_url):
    make_app(sqlite_url, SCHOOL_SPEAKER_TRAVEL_MINUTES=30)
    speaker = make_speaker()
    later, before, overlapping = invited_to(speaker, ("13:00", "14:00"), ("11:00", "12:35"),
                                            ("11:00", "12:25"))
    assignments.accept(later)

    with pytest.raises(assignments.AssignmentRefused):
        assignments.accept(before)
    assignments.accept(overlapping)  # ends 35 minutes before: time enough with a 30-minute gap

    assert fresh(overlapping).state == AssignmentState.ACCEPTED


def test_no_speaker_comes_to_more_sessions_a_day_than_the_limit(app):
    speaker = make_speaker(name="Amal")
    first, second, third = invited_to(speaker, ("09:00", "10:00"), ("12:00", "13:00"),
                                      ("15:00", "16:00"))
    next_day = invited_to(speaker, ("09:00", "10:00"), day=soon() + DAY)[0]
    assignments.accept(first)
    assignments.accept(second)

    with pytest.raises(assignments.AssignmentRefused) as refused:
        assignments.accept(third)
    assignments.accept(next_day)

    assert "as many as one speaker takes on" in str(refused.value.message)
    assert fresh(third).state == AssignmentState.INVITED
    assert fresh(next_day).state == AssignmentState.ACCEPTED


def test_a_session_given_up_no_longer_counts(app):
    speaker = make_speaker()
    morning, close = invited_to(speaker, ("10:00", "11:00"), ("11:30", "12:30"))
    assignments.accept(morning)
    assignments.withdraw(morning)

    assignments.accept(close)

    assert fresh(close).state == AssignmentState.ACCEPTED


def test_clashes_for_warns_before_inviting(app):
    speaker = make_speaker()
    morning, = invited_to(speaker, ("10:00", "11:00"))
    assignments.accept(morning)
    close, far = make_session(soon(), "11:30", "12:30"), make_session(soon(), "14:00", "15:00")

    assert [a.id for a in speaker_queries.clashes_for(speaker, close)] == [morning.id]
    assert speaker_queries.clashes_for(speaker, far) == []
    assert speaker_queries.clashes_for(make_speaker(), close) == []


def test_accepting_twice_is_one_acceptance(app):
    assignment, = invited_to(make_speaker(), ("10:00", "11:00"))

    assignments.accept(assignment)
    assignments.accept(assignment)

    assert SpeakerAssignment.get_by_id(assignment.id).state == AssignmentState.ACCEPTED
    assert AuditEvent.select().where(AuditEvent.kind == "speaker_assignment.accepted").count() == 1


def test_a_decline_cannot_become_an_acceptance_from_an_old_page(app):
    assignment, = invited_to(make_speaker(), ("10:00", "11:00"))
    stale = SpeakerAssignment.get_by_id(assignment.id)
    assignments.decline(assignment)

    with pytest.raises(assignments.AssignmentRefused):
        assignments.withdraw(stale)

    assert fresh(assignment).state == AssignmentState.DECLINED


# ---------------------------------------------------------------------------- who is told


def test_the_speakers_answers_reach_the_coordinators_and_queries_show_who_comes(app):
    coordinator = make_coordinator()
    booking = make_session(soon())
    amal, bilal = make_speaker(name="Amal"), make_speaker(name="Bilal")
    yes, no = (assignments.invite(booking, s, by=coordinator) for s in (amal, bilal))

    assignments.accept(yes)
    assignments.decline(no)

    assert staff_news(coordinator) == [
        f"Amal is coming to school session {booking.reference}",
        f"Bilal cannot come to school session {booking.reference}"]
    assert [s.name for s in speaker_queries.coming_speakers(booking)] == ["Amal"]
    assert [(a.speaker.name, a.state) for a in speaker_queries.assignments_of(booking)] == [
        ("Amal", AssignmentState.ACCEPTED), ("Bilal", AssignmentState.DECLINED)]
    assert [a.booking.id for a in speaker_queries.speaker_assignments(amal)] == [booking.id]


def test_a_speaker_who_can_no_longer_come_is_told_to_coordinators_and_called_off_is_told(app):
    coordinator = make_coordinator()
    speaker = make_speaker(name="Amal")
    coming, other = invited_to(speaker, ("10:00", "11:00"), ("14:00", "15:00"))
    assignments.accept(coming, by=coordinator)  # told by phone: nobody is emailed

    assignments.withdraw(coming)
    assignments.call_off(other, by=coordinator)

    assert staff_news(coordinator) == [
        f"Amal can no longer come to school session {coming.booking.reference}"]
    assert subjects_to(speaker.email)[-1] == "A school session you were invited to"
    assert (fresh(coming).state, fresh(other).state) == (AssignmentState.WITHDRAWN,
                                                         AssignmentState.CANCELLED)


def test_a_cancelled_session_tells_its_speakers_and_ends_their_links(app):
    coordinator = make_coordinator()
    booking = make_session(soon())
    coming, waiting, declined = (assignments.invite(booking, make_speaker(), by=coordinator)
                                 for _ in range(3))
    assignments.accept(coming)
    assignments.decline(declined)
    tokens = [token_in(mail_to(a.speaker.email)[0]) for a in (coming, waiting)]

    services.cancel(booking, by=coordinator, reason="Closed for snow", by_school=False)

    assert [fresh(a).state for a in (coming, waiting, declined)] == [
        AssignmentState.CANCELLED, AssignmentState.CANCELLED, AssignmentState.DECLINED]
    assert [subjects_to(a.speaker.email)[-1] for a in (coming, waiting, declined)] == [
        "Cancelled: the school session you were coming to",
        "Cancelled: a school session you were invited to",
        "Can you speak at a school session?"]
    assert [assignments.assignment_by_token(token) for token in tokens] == [None, None]


# ---------------------------------------------------------------------------- removal


def test_a_speaker_removed_keeps_only_their_name(any_app):
    coordinator = make_coordinator()
    speaker = make_speaker(name="Amal", email="amal@example.org")
    coming, waiting = invited_to(speaker, ("10:00", "11:00"), ("14:00", "15:00"))
    assignments.accept(coming)
    token = token_in(mail_to("amal@example.org")[0])

    assignments.remove_speaker(speaker)
    assignments.remove_speaker(speaker)  # asked twice: nothing more happens

    removed = Speaker.get_by_id(speaker.id)
    assert (removed.name, removed.email, removed.phone, removed.notes, removed.topics) == (
        "Amal", "", "", "", "")
    assert removed.removed_at is not None and removed.consent_withdrawn_at is not None
    assert not removed.has_consent
    assert [fresh(a).state for a in (coming, waiting)] == [AssignmentState.CANCELLED] * 2
    assert links.find(token, SPEAKER_LINK) is None
    assert links.usable(SPEAKER_LINK).count() == 0
    assert mail_to("amal@example.org") == []
    assert OutboxMessage.select().where(OutboxMessage.body_text.contains("Amal,")).count() == 0
    # The two invitations, never sent: they will not be.
    assert OutboxMessage.select().where(OutboxMessage.state == State.FAILED).count() == 2
    assert staff_news(coordinator)[-1] == "Amal asked to be removed from the speakers"
    told = mail_to(coordinator.email)[-1].body_text
    assert coming.booking.reference in told and waiting.booking.reference in told


def test_a_removed_speaker_keeps_the_sessions_they_already_gave(any_app):
    make_coordinator()
    speaker = make_speaker(name="Nour", email="nour@example.org")
    coming, given = invited_to(speaker, ("10:00", "11:00"), ("14:00", "15:00"))
    for assignment in (coming, given):
        assignments.accept(assignment)
    # The afternoon session has taken place since: it is the speaker's for good.
    services.mark_delivered(given.booking, by=None, today=given.day)

    assignments.remove_speaker(speaker)

    assert [fresh(a).state for a in (coming, given)] == [AssignmentState.CANCELLED,
                                                          AssignmentState.ACCEPTED]


# ---------------------------------------------------------------------------- reminders


def test_a_coming_speaker_is_reminded_once_two_days_before(app):
    speaker = make_speaker()
    coming, = invited_to(speaker, ("10:00", "11:00"))
    waiting, = invited_to(make_speaker(), ("10:00", "11:00"))
    assignments.accept(coming)
    two_days_before = soon() - 2 * DAY

    early = send_reminders(app, two_days_before - DAY)["Speaker's session coming up"]
    first = send_reminders(app, two_days_before)["Speaker's session coming up"]
    second = send_reminders(app, two_days_before)["Speaker's session coming up"]

    assert (early, first, second) == (0, 1, 0)
    assert subjects_to(speaker.email) == ["Can you speak at a school session?",
                                          "Your school session is coming up"]
    assert subjects_to(waiting.speaker.email) == ["Can you speak at a school session?"]


def test_accepting_within_two_days_brings_no_reminder(app):
    assignment, = invited_to(make_speaker(), ("23:00", "23:30"), day=london_today() + DAY)

    assignments.accept(assignment)

    assert fresh(assignment).reminded_at is not None
    assert send_reminders(app, london_today())["Speaker's session coming up"] == 0


def test_coordinators_are_told_once_when_a_session_close_by_has_no_speaker(app):
    coordinator = make_coordinator()
    bare, covered, far = (make_session(soon(days)) for days in (4, 5, 9))
    assignments.accept(assignments.invite(covered, make_speaker(), by=coordinator))
    assignments.invite(bare, make_speaker(), by=coordinator)  # invited is not coming

    first = send_reminders(app, london_today())["No speaker has accepted"]
    second = send_reminders(app, london_today())["No speaker has accepted"]

    assert (first, second) == (1, 0)
    assert f"No speaker yet for school session {bare.reference}" in subjects_to(
        coordinator.email)
    assert Booking.get_by_id(far.id).speaker_alerted_at is None

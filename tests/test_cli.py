import datetime

import pytest

from sanctuary.accounts.models import User
from sanctuary.accounts.services import check_password
from sanctuary.awards.models import (
    Application,
    Criterion,
    CriterionTag,
    Organisation,
    PledgeSignature,
    RecordedEvidence,
    Round,
)
from sanctuary.awards.queries import criteria_with_files, criterion_sections, directory
from sanctuary.core.clock import london_today
from sanctuary.core.outbox import OutboxMessage
from sanctuary.panel.models import Assignment, Review, ReviewerProfile
from sanctuary.schools.models import (
    Booking,
    SessionFeedback,
    Slot,
    Speaker,
    SpeakerAssignment,
    Term,
    WaitingEntry,
)
from sanctuary.schools.queries_report import term_report
from tests.factories import make_outbox_message
from tests.support.ports import free_port


def invoke(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def people():
    return sorted((u.email, u.display_name, sorted(r.role for r in u.roles), bool(u.password_hash))
                  for u in User.select())


def test_seed_demo_twice_changes_nothing_the_second_time(app):
    first = invoke(app, "seed-demo")
    after_first = people()

    second = invoke(app, "seed-demo")

    assert after_first == [
        ("applicant@demo.example.org", "Grace Mensah", ["applicant"], False),
        ("cafe@demo.example.org", "Joseph Adeyemi", ["applicant"], False),
        ("choir@demo.example.org", "Tomasz Nowak", ["applicant"], False),
        ("coordinator@demo.example.org", "Amina Yusuf", ["admin", "coordinator"], True),
        ("library@demo.example.org", "Samira Haddad", ["applicant"], False),
        ("office@elmgrove.example.org", "Aisha Karimi", ["applicant"], False),
        ("office@ladywell-green.example.org", "Priya Shah", ["applicant"], False),
        ("office@river-way.example.org", "Kwame Boateng", ["applicant"], False),
        ("office@rushey-meadow.example.org", "Tom Whitfield", ["applicant"], False),
        ("reviewer.four@demo.example.org", "Olena Kovalenko", ["reviewer"], True),
        ("reviewer.one@demo.example.org", "Daniel Okafor", ["reviewer"], True),
        ("reviewer.three@demo.example.org", "Leila Haddad", ["reviewer"], True),
        ("reviewer.two@demo.example.org", "Maryam Rahimi", ["reviewer"], True),
        ("school@demo.example.org", "Fatima Begum", ["applicant"], False),
    ]
    assert people() == after_first
    assert [o.name for o in Organisation.select().order_by(Organisation.name)] == [
        "Brockley Community Choir", "Catford Community Bakery", "Deptford Library Friends",
        "Elmgrove Primary School", "Hilly Fields Primary School", "Ladywell Corner Café",
        "Ladywell Green Academy", "River Way School", "Rushey Meadow School"]
    assert PledgeSignature.select().where(PledgeSignature.public == True).count() == 4  # noqa: E712
    states = {a.organisation.name: (a.state, bool(a.reference)) for a in Application.select()}
    assert states == {"Catford Community Bakery": ("draft", False),
                      "Brockley Community Choir": ("under_review", True),
                      "Deptford Library Friends": ("awarded", True),
                      "Ladywell Corner Café": ("further_evidence", True)}
    # The choir's panel of three: one review submitted, one in progress, one not opened yet.
    choir = Application.get(Application.state == "under_review")
    assert Assignment.select().where(Assignment.application == choir).count() == 3
    assert [bool(r.submitted_at) for r in Review.select().where(Review.application == choir)
            .order_by(Review.id)] == [True, False]
    # An award holder in the directory, with its certificate; a request for further evidence.
    assert [a.organisation.name for a in directory()] == ["Deptford Library Friends"]
    assert Round.current(london_today()) is not None
    planned = Round.get(Round.is_open == False)  # noqa: E712
    assert planned.opens_on == Round.current(london_today()).closes_on + datetime.timedelta(days=1)
    assert ReviewerProfile.get(ReviewerProfile.user == User.get(
        User.email == "reviewer.three@demo.example.org")).is_paused(london_today())
    bakery = Application.get(Application.state == "draft")
    sections = criterion_sections(bakery, Criterion.in_use(bakery.stream),
                                  {a.criterion_id: a for a in bakery.answers},
                                  criteria_with_files(bakery))
    assert [s.status.value for s in sections] == ["completed", "in_progress", "not_started"]
    assert [s.files_needed for s in sections] == [0, 0, 1]  # Share still needs a file
    assert all(c.evidence_hint["en"] for c in Criterion.in_use(bakery.stream)
               if c.evidence_required)
    # School sessions: open slots, one nearly full, and the demo school's bookings.
    training = Slot.get(Slot.capacity == 3)
    assert (training.confirmed, Slot.select().where(Slot.confirmed == 0).count() > 10) == (2, True)
    school = Organisation.get(Organisation.name == "Hilly Fields Primary School")
    assert sorted(b.state for b in Booking.select().where(Booking.organisation == school)) == [
        "confirmed", "delivered", "requested"]
    assert_school_sessions_part_two()
    assert_checks_part_one(first)
    assert first == second
    assert "school@demo.example.org" in first
    assert "office@elmgrove.example.org" in first
    assert "coordinator@demo.example.org" in first
    assert "password: sanctuary-demo" in first


def assert_checks_part_one(printed):
    """The register from the demo file, a live campaign whose code `make run` prints, its slots
    over the coming weeks and this week's, a check booked (its reference printed), one booked
    with an email address, one reported, and a draft."""
    from sanctuary.checks.models import Campaign, CheckBooking, CheckReport, CheckSlot, Service

    assert Service.select().count() == 14
    assert Service.select().where(Service.ward == "").count() == 0
    live = Campaign.get(Campaign.state == "open")
    assert f"the live campaign's code is {live.code}" in printed
    assert [c.state for c in Campaign.select().order_by(Campaign.id)] == [
        "closed", "closed", "open", "draft"]
    slots = list(CheckSlot.select().where(CheckSlot.campaign == live))
    coming = [s for s in slots if s.first_day > london_today()]
    assert len(coming) == 8 and len(slots) == 9
    assert any(s.first_day != s.last_day for s in slots)  # week windows beside single days
    live_bookings = CheckBooking.select().join(CheckSlot).where(CheckSlot.campaign == live)
    assert sorted((b.alias, b.state, bool(b.email)) for b in live_bookings) == [
        ("K.", "booked", False), ("Maple", "booked", True), ("Sunflower", "reported", False)]
    booked = CheckBooking.get(CheckBooking.alias == "K.")
    assert f"with its reference {booked.reference}" in printed
    [report] = CheckReport.select().join(CheckBooking).join(CheckSlot).where(
        CheckSlot.campaign == live)
    assert (report.booking.alias, report.score, report.out_of, report.reviewed_at) == (
        "Sunflower", 4, 5, None)  # waits for review
    assert_checks_part_three(printed)


def assert_checks_part_three(printed):
    """Two closed campaigns: last spring's (eight surgeries) and this autumn's (24 accepted
    reports, one queried and answered first, a kind with 2 reports); one service published; a
    letter and a meeting recorded."""
    from sanctuary.checks.models import (
        Campaign,
        CheckQuery,
        CheckReport,
        FollowUp,
        Publication,
    )
    from sanctuary.checks.queries import findings

    spring, autumn = Campaign.select().where(Campaign.state == "closed").order_by(Campaign.id)
    assert [len(findings.accepted([c.id])) for c in (spring, autumn)] == [8, 24]
    kinds = {}
    for report in findings.accepted([autumn.id]):
        kind = findings.service_of(report).kind
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {"gp": 17, "council": 5, "pharmacy": 2}
    assert CheckReport.select().where(CheckReport.reviewed_at.is_null()).count() == 1
    [query] = CheckQuery.select()
    assert query.answer and query.answered_at
    assert [p.service.name for p in Publication.select()] == ["Quillfield Family Practice"]
    assert sorted(f.kind for f in FollowUp.select()) == ["letter", "meeting"]
    assert f"/coordinate/checks/campaigns/{autumn.id}/results" in printed
    assert "/checks/results" in printed


def assert_school_sessions_part_two():
    """Speakers, terms, a waiting list with an offer, sessions held this term (with feedback, a
    late cancellation) and a staff training session recorded as award evidence."""
    speakers = {s.name: (s.has_consent, bool(s.consent_withdrawn_at), bool(s.removed_at))
                for s in Speaker.select()}
    assert speakers == {"Amal": (True, False, False), "Dawit": (True, False, False),
                        "Olena": (False, False, False), "Reza": (False, True, False),
                        "Nour": (False, True, True)}
    assert Speaker.get(Speaker.name == "Nour").email == ""  # removed: only the name stays
    # Nour came to a session before she asked to be removed (what removal does to that
    # answer is services.remove_speaker's business, not the demo's).
    answers = sorted((a.speaker.name, a.booking.state, a.state if a.speaker.name != "Nour"
                      else "") for a in SpeakerAssignment.select())
    assert answers == [("Amal", "confirmed", "accepted"), ("Amal", "delivered", "accepted"),
                       ("Dawit", "confirmed", "invited"), ("Nour", "delivered", "")]
    # The full slot made larger: the first school waiting holds the new place, the next waits.
    queue = list(WaitingEntry.select().order_by(WaitingEntry.joined_at, WaitingEntry.id))
    assert [(e.booking.organisation.name, e.state, bool(e.offer_expires_at)) for e in queue] == [
        ("Elmgrove Primary School", "offered", True), ("Rushey Meadow School", "waiting", False)]
    assert (queue[0].slot.capacity, queue[0].slot.confirmed, queue[0].slot.offered) == (2, 1, 1)
    # A confirmed session within five days with no speaker: coordinators were told.
    soon = Booking.get(Booking.request_key == "demo-soon")
    assert soon.state == "confirmed" and soon.speaker_alerted_at is not None
    assert soon.session_date <= london_today() + datetime.timedelta(days=5)
    assert Term.select().count() in (3, 4)  # a year's first week keeps last summer's too
    delivered = Booking.get(Booking.request_key == "demo-past-workshop")
    feedback = SessionFeedback.get(SessionFeedback.booking == delivered)
    assert (delivered.state, feedback.reached, feedback.how_it_went) == ("delivered", 60,
                                                                        "very_well")
    term = next(t for t in Term.select() if t.includes(delivered.session_date))
    total = term_report(term).total
    assert (total.delivered, total.cancelled_late, total.reached, total.without_feedback) == (
        3, 1, 82, 1)
    recorded = RecordedEvidence.get()
    assert (recorded.application.organisation.name, recorded.criterion.title["en"],
            recorded.minutes, recorded.people) == (
        "Catford Community Bakery", "Everyone understands what seeking sanctuary means", 90, 22)
    assert recorded.criterion.tags == [CriterionTag.STAFF_TRAINING.value]


def test_create_user_makes_a_coordinator_with_a_password(app):
    output = invoke(app, "create-user", "First@Example.org", "--role", "coordinator",
                    "--name", "First Coordinator", "--password", "a long enough password")

    user = User.get(User.email == "first@example.org")
    assert output == "first@example.org: coordinator\n"
    assert user.display_name == "First Coordinator"
    assert check_password(user, "a long enough password")


def test_create_user_asks_for_the_password_on_standard_input(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "admin@example.org", "--role", "admin"],
        input="a long enough password\na long enough password\n")

    assert result.exit_code == 0, result.output
    assert check_password(User.get(User.email == "admin@example.org"), "a long enough password")


def test_create_user_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "admin@example.org", "--role", "admin", "--password", "short"])

    assert result.exit_code == 2
    assert "at least 10 characters" in result.output
    assert User.select().count() == 0


def test_outbox_lists_queued_messages_with_their_last_error(make_app, sqlite_url):
    app = make_app(sqlite_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    make_outbox_message(recipient="waiting@example.org")

    sent = invoke(app, "send-outbox")
    listed = invoke(app, "outbox")

    assert sent == "sent: 0, retry: 1, failed: 0, skipped: 0\n"
    assert "queued  tries: 1  to: waiting@example.org" in listed
    assert "last error: ConnectionRefusedError" in listed


@pytest.mark.smtp
def test_send_outbox_sends_what_is_due(make_app, sqlite_url, smtp):
    app = make_app(sqlite_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    make_outbox_message(recipient="cron@example.org")

    output = invoke(app, "send-outbox")

    assert output == "sent: 1, retry: 0, failed: 0, skipped: 0\n"
    assert [m["To"] for m in smtp.messages] == ["cron@example.org"]
    assert invoke(app, "outbox") == "Nothing queued.\n"


@pytest.mark.smtp
def test_a_message_that_cannot_be_built_fails_at_once_and_the_rest_are_sent(make_app, sqlite_url,
                                                                            smtp):
    app = make_app(sqlite_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    broken = make_outbox_message(recipient="broken@example.org\r\nBcc: evil@example.org")
    behind = [make_outbox_message(recipient=f"behind{n}@example.org") for n in range(3)]

    output = invoke(app, "send-outbox")  # exits 0: every due message was handled

    assert output == "sent: 3, retry: 0, failed: 1, skipped: 0\n"
    broken = OutboxMessage.get_by_id(broken.id)
    assert (broken.state, broken.lease_until, broken.last_error) == (
        "failed", None, "BadHeaderError: ")
    assert sorted(m["To"] for m in smtp.messages) == [m.recipient for m in behind]
    assert invoke(app, "send-outbox") == "sent: 0, retry: 0, failed: 0, skipped: 0\n"


def test_production_without_mail_server_keeps_messages_queued(production_env, make_app, sqlite_url):
    app = make_app(sqlite_url)
    make_outbox_message()

    assert invoke(app, "send-outbox") == "sent: 0, retry: 1, failed: 0, skipped: 0\n"
    assert "MAIL_SERVER is not configured" in invoke(app, "outbox")

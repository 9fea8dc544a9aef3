import datetime

import pytest

from sanctuary.accounts.models import User
from sanctuary.accounts.services import check_password
from sanctuary.awards.models import Application, Criterion, Organisation, PledgeSignature, Round
from sanctuary.awards.queries import criteria_with_files, criterion_sections, directory
from sanctuary.core.clock import london_today
from sanctuary.core.outbox import OutboxMessage
from sanctuary.panel.models import Assignment, Review, ReviewerProfile
from sanctuary.schools.models import Booking, Slot
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
        ("office@ladywell-green.example.org", "Priya Shah", ["applicant"], False),
        ("office@river-way.example.org", "Kwame Boateng", ["applicant"], False),
        ("reviewer.four@demo.example.org", "Olena Kovalenko", ["reviewer"], True),
        ("reviewer.one@demo.example.org", "Daniel Okafor", ["reviewer"], True),
        ("reviewer.three@demo.example.org", "Leila Haddad", ["reviewer"], True),
        ("reviewer.two@demo.example.org", "Maryam Rahimi", ["reviewer"], True),
        ("school@demo.example.org", "Fatima Begum", ["applicant"], False),
    ]
    assert people() == after_first
    assert [o.name for o in Organisation.select().order_by(Organisation.name)] == [
        "Brockley Community Choir", "Catford Community Bakery", "Deptford Library Friends",
        "Hilly Fields Primary School", "Ladywell Corner Café", "Ladywell Green Academy",
        "River Way School"]
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
    # School sessions: open slots, one nearly full, and the demo school's two bookings.
    training = Slot.get(Slot.capacity == 3)
    assert (training.confirmed, Slot.select().where(Slot.confirmed == 0).count() > 10) == (2, True)
    school = Organisation.get(Organisation.name == "Hilly Fields Primary School")
    assert sorted(b.state for b in Booking.select().where(Booking.organisation == school)) == [
        "confirmed", "requested"]
    assert first == second
    assert "school@demo.example.org" in first
    assert "coordinator@demo.example.org" in first
    assert "password: sanctuary-demo" in first


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

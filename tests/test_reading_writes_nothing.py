"""Reading never writes: every GET route, with ?lang= set to another language, as each kind of
visitor, on the demo data (where each of them gets real pages), leaves the database as it was,
but for the last-seen time of sessions."""
import pytest

from sanctuary.accounts.models import User
from sanctuary.awards.models import Application, Evidence, Membership, Organisation, Round, Stream
from sanctuary.core.db import db
from sanctuary.core.outbox import OutboxMessage
from sanctuary.schools.models import BlockedPeriod, Booking, Slot
from tests.support.client import sign_in
from tests.support.routes import rules

# What may change when someone reads: when their session was last seen.
MAY_CHANGE = {("user_session", "last_seen_at")}


def dump():
    """Every row of every table, as plain values, but for what may change."""
    tables = {}
    for table in sorted(db.get_tables()):
        columns = [column.name for column in db.get_columns(table)
                   if (table, column.name) not in MAY_CHANGE]
        quoted = ", ".join(f'"{name}"' for name in columns)
        rows = db.execute_sql(f'SELECT {quoted} FROM "{table}" ORDER BY 1').fetchall()
        tables[table] = [dict(zip(columns, row, strict=True)) for row in rows]
    return tables


def differences(before, after):
    return {table: {"gone": [r for r in before[table] if r not in after.get(table, [])],
                    "new": [r for r in after.get(table, []) if r not in before[table]]}
            for table in set(before) | set(after) if before.get(table) != after.get(table)}


def arguments_for(email, application_name):
    """Route arguments that lead to real things of this visitor's: their organisation and its
    application (for staff, the one they see), its evidence and first criterion."""
    application = (Application.select().join(Organisation)
                   .where(Organisation.name == application_name).get())
    user = User.get(User.email == email)
    membership = Membership.get_or_none(Membership.user == user) or Membership.get()
    evidence = Evidence.get(Evidence.application == application)
    return {
        "organisation_id": application.organisation_id, "application_id": application.id,
        "membership_id": membership.id, "evidence_id": evidence.id,
        "criterion_id": evidence.criterion_id, "principle": "learn",
        "stream_id": Stream.select().first().id, "round_id": Round.select().first().id,
        "user_id": User.get(User.email == "reviewer.two@demo.example.org").id,
        "reviewer_id": User.get(User.email == "reviewer.two@demo.example.org").id,
        "message_id": OutboxMessage.select().first().id, "token": "no-such-token",
        "kind": "svg", "action": "up",
        # The demo school's confirmed session, a slot and a blocked period.
        "booking_id": Booking.get(Booking.state == "confirmed").id,
        "slot_id": Slot.select().first().id, "period_id": BlockedPeriod.select().first().id,
        # No demo speaker yet: their pages answer 404, which reads (and writes) nothing too.
        "speaker_id": 1,
        # No demo check campaign, service or upload yet: their pages answer 404 too.
        "campaign_id": 1, "question_id": 1, "service_id": 1, "pending_id": 1,
    }


VISITORS = {
    # who: (email or None, an application of theirs or one they see, the language asked for)
    "anonymous": (None, "Deptford Library Friends", "ar"),
    "applicant": ("library@demo.example.org", "Deptford Library Friends", "uk"),
    "reviewer": ("reviewer.two@demo.example.org", "Brockley Community Choir", "ar"),
    "coordinator": ("coordinator@demo.example.org", "Ladywell Corner Café", "ar"),
    "school": ("school@demo.example.org", "Deptford Library Friends", "uk"),
}


@pytest.fixture
def demo_app(make_demo_app):
    return make_demo_app(SANCTUARY_ENV="development", WTF_CSRF_ENABLED=True)


@pytest.mark.parametrize("visitor", list(VISITORS))
def test_no_get_changes_anything_but_a_session_last_seen_time(demo_app, visitor):
    email, application_name, language = VISITORS[visitor]
    client = demo_app.test_client()
    if email is not None:
        sign_in(client, User.get(User.email == email))
    values = arguments_for(email or "applicant@demo.example.org", application_name)
    with demo_app.test_request_context():
        from flask import url_for

        urls = [(rule.endpoint, url_for(rule.endpoint, lang=language,
                                        **{arg: values[arg] for arg in rule.arguments}))
                for rule in rules(demo_app, {"GET"}) if rule.endpoint != "static"]
        urls.append(("static", url_for("static", filename="css/app.css", lang=language)))
    before = dump()

    answers = {endpoint: client.get(url).status_code for endpoint, url in urls}

    assert differences(before, dump()) == {}
    real_pages = {endpoint for endpoint, status in answers.items() if status == 200}
    expected = {
        "anonymous": {"pages.home", "accounts.sign_in", "awards.holders", "static"},
        "applicant": {"dashboard.dashboard", "awards.application", "awards.download_evidence",
                      "awards.certificate", "accounts.profile"},
        "reviewer": {"panel.review", "panel.assignments", "awards.download_evidence"},
        "coordinator": {"decisions.decide", "panel.manage", "panel.export_reviews",
                        "admin.outbox", "awards.review_application", "schools.booking"},
        "school": {"schools.availability", "schools.request", "schools.bookings",
                   "schools.booking", "schools.booking_ics", "schools.cancel"},
    }[visitor]
    assert expected <= real_pages, sorted(expected - real_pages)
    assert len(real_pages) >= {"anonymous": 10, "applicant": 15, "reviewer": 12,
                               "coordinator": 30, "school": 8}[visitor], sorted(real_pages)

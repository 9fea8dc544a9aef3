"""A coordinator reviews a checker's report: asks a question, shown on the checker's code page
until they answer it there, and accepts the report, which then can no longer be changed."""
import datetime

import pytest

from sanctuary import create_app
from sanctuary.accounts.models import Role
from sanctuary.checks import services
from sanctuary.checks.models import (
    CheckBooking,
    CheckQuery,
    CheckReport,
    CheckSlot,
    Question,
    ReviewEvent,
)
from sanctuary.checks.queries import coordinators_summary
from sanctuary.checks.services import review
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today, moved
from sanctuary.core.db import db
from sanctuary.core.outbox import OutboxMessage
from sanctuary.core.references import new_code
from tests.factories import make_campaign, make_check, make_organisation, make_service, make_user
from tests.support.client import date_fields, fresh, plain, post, sign_in, text
from tests.support.concurrency import in_processes
from tests.support.mail import delivered_mail

TODAY = datetime.date(2027, 3, 2)
QUESTION = "Did they ask for your ID at the desk, or only on the phone?"


@pytest.fixture
def today():
    """The clock on 2 March 2027, in the campaign's month."""
    with moved(days=(TODAY - london_today()).days):
        yield TODAY


def sent_report(name="Larkspur Lane Surgery", *, campaign=None, alias="Sunflower", email=None):
    """A sent report, not accepted, in an open campaign (a new one unless given)."""
    if campaign is None:
        campaign = make_campaign()
        services.open_campaign(campaign, by=None)
    report = make_check(campaign, make_service(name), alias=alias, accepted=False)
    if email:
        CheckBooking.update(email=email).where(CheckBooking.id == report.booking_id).execute()
    return report


def signed_in_checker(app, report):
    """A browser that typed the report's reference on the return page."""
    client = app.test_client()
    reference = CheckBooking.get_by_id(report.booking_id).reference
    assert post(client, "/checks/return", {"reference": reference}).status_code == 302
    return client


def base(report):
    return f"/coordinate/checks/bookings/{report.booking_id}"


def events(kind, report=None):
    query = AuditEvent.select().where(AuditEvent.kind == kind.value)
    if report is not None:
        query = query.where(AuditEvent.subject_id == report.booking_id)
    return query.count()


def report_form(report, notes):
    questions = Question.select().where(Question.retired_at.is_null()
                                        & (Question.campaign == fresh(report).booking.slot
                                           .campaign_id))
    return {**date_fields("visited_on", TODAY), "channel": "in_person", "outcome": "registered",
            "minutes": "15", "changed_answer": "no", "notes": notes,
            **{f"q{q.id}": q.good or "not_sure" for q in questions}}


def test_a_question_is_answered_on_the_code_page_and_the_report_accepted(app, today, staff,
                                                                         coordinator):
    report = sent_report()
    checker = signed_in_checker(app, report)

    asked = post(staff, f"{base(report)}/query", {"question": f"  {QUESTION}  "})
    waiting = plain(text(checker.get("/checks/my-check")))
    answered = post(checker, "/checks/my-check/answer", {"answer": "Only at the desk."})
    after_answer = plain(text(checker.get("/checks/my-check")))
    seen_by_staff = plain(text(staff.get(base(report))))
    accepted = post(staff, f"{base(report)}/accept")
    edited = post(checker, "/checks/my-check/report", report_form(report, "Changed later."))
    after_accept = plain(text(checker.get("/checks/my-check")))

    query = CheckQuery.get()
    assert asked.headers["Location"].endswith(f"{base(report)}#review")
    assert (query.question, query.asked_by_id) == (QUESTION, coordinator.id)
    assert "A coordinator has a question about your report" in waiting and QUESTION in waiting
    assert answered.headers["Location"].endswith("/checks/my-check")
    assert "Your answer is sent" in after_answer
    assert "A coordinator has a question about your report" not in after_answer
    assert "Questions you have answered" in after_answer and "Only at the desk." in after_answer
    assert (fresh(query).answer, fresh(query).answered_at is not None) == (
        "Only at the desk.", True)
    assert QUESTION in seen_by_staff and "Only at the desk." in seen_by_staff
    assert "Answered" in seen_by_staff
    assert accepted.headers["Location"].endswith(f"{base(report)}#review")
    assert fresh(report).reviewed_at is not None and fresh(report).reviewed_by_id == coordinator.id
    assert "can no longer be changed" in plain(text(edited))
    assert fresh(report).notes == ""
    assert "A coordinator has reviewed it." in after_accept
    assert "Report what happened" not in after_accept and "Change your report" not in after_accept
    assert [events(kind, report) for kind in ReviewEvent] == [1, 1, 1]


def test_the_booking_page_shows_who_accepted_and_offers_nothing_more(app, today, staff,
                                                                      coordinator):
    coordinator.display_name = "Amira Coordinator"
    coordinator.save()
    report = sent_report()

    before = text(staff.get(base(report)))
    post(staff, f"{base(report)}/accept")
    after = text(staff.get(base(report)))

    assert "Accept this report" in before and f"{base(report)}/query" in before
    assert "Accepted by Amira Coordinator on" in plain(after)
    assert "Accept this report" not in after and f"{base(report)}/query" not in after


def test_an_empty_or_too_long_question_or_answer_is_refused_keeping_what_was_typed(app, today,
                                                                                    staff):
    report = sent_report()
    checker = signed_in_checker(app, report)
    long_text = "They asked me many things. " * 75  # 2025 characters

    empty_question = post(staff, f"{base(report)}/query", {"question": "   "})
    long_question = post(staff, f"{base(report)}/query", {"question": long_text})
    review.ask(report, QUESTION, by=None)
    empty_answer = post(checker, "/checks/my-check/answer", {"answer": ""})
    long_answer = post(checker, "/checks/my-check/answer", {"answer": long_text})

    assert empty_question.status_code == 400
    assert "Type your question to the checker" in plain(text(empty_question))
    assert long_question.status_code == 400
    assert "Keep it to 2000 characters or fewer" in plain(text(long_question))
    assert long_text.strip() in plain(text(long_question))
    assert empty_answer.status_code == 400 and "Type your answer" in plain(text(empty_answer))
    assert long_answer.status_code == 400 and long_text.strip() in plain(text(long_answer))
    assert QUESTION in plain(text(long_answer))
    assert CheckQuery.select().count() == 1 and fresh(CheckQuery.get()).answered_at is None


def test_a_second_question_while_one_waits_is_refused_keeping_its_text(app, today, staff):
    report = sent_report()
    review.ask(report, QUESTION, by=None)

    second = post(staff, f"{base(report)}/query", {"question": "And the paper form?"})

    assert second.status_code == 409
    assert "already waiting for the checker's answer" in plain(text(second))
    assert "And the paper form?" in plain(text(second))
    assert CheckQuery.select().count() == 1 and events(ReviewEvent.QUERIED) == 1


def test_no_question_about_a_report_not_sent_accepted_or_in_a_closed_campaign(app, today):
    campaign = make_campaign()
    services.open_campaign(campaign, by=None)
    slot = CheckSlot.create(campaign=campaign, service=make_service("Hawthorn Practice"),
                            first_day=campaign.starts_on, last_day=campaign.ends_on)
    unsent = CheckReport.create(booking=CheckBooking.create(
        slot=slot, alias="Marigold", reference=new_code(), briefing_read=True))
    accepted = sent_report("Rowan Surgery")
    review.accept(accepted, by=None)
    closed = sent_report("Birch Medical Centre")
    services.close_campaign(fresh(closed).booking.slot.campaign, by=None)
    refusals = []

    for report in (unsent, accepted, closed):
        with pytest.raises(review.ReviewRefused) as refused:
            review.ask(report, QUESTION, by=None)
        refusals.append(str(refused.value.message))

    assert refusals == [str(review.NOT_SENT), str(review.ACCEPTED), str(review.CLOSED)]
    assert CheckQuery.select().count() == 0 and events(ReviewEvent.QUERIED) == 0


def test_accepting_twice_records_one_acceptance_and_a_waiting_question_stops_showing(
        app, today, staff):
    report = sent_report()
    checker = signed_in_checker(app, report)
    review.ask(report, QUESTION, by=None)

    post(staff, f"{base(report)}/accept")
    first = fresh(report).reviewed_at
    post(staff, f"{base(report)}/accept")
    late = post(checker, "/checks/my-check/answer", {"answer": "Too late?"})
    page = plain(text(checker.get("/checks/my-check")))

    assert first is not None and fresh(report).reviewed_at == first
    assert events(ReviewEvent.ACCEPTED) == 1
    assert QUESTION not in page and "the question no longer needs an answer" in page
    assert late.status_code == 302 and fresh(CheckQuery.get()).answer is None


def test_a_question_still_waiting_when_the_campaign_closes_can_no_longer_be_answered(
        app, today):
    report = sent_report()
    checker = signed_in_checker(app, report)
    review.ask(report, QUESTION, by=None)
    services.close_campaign(fresh(report).booking.slot.campaign, by=None)

    late = post(checker, "/checks/my-check/answer", {"answer": "Too late?"})
    page = plain(text(checker.get("/checks/my-check")))

    assert QUESTION not in page and "answers can no longer be sent" in page
    assert late.status_code == 302 and fresh(CheckQuery.get()).answer is None


def test_a_checker_who_gave_an_email_is_told_only_that_a_question_waits(app, today, staff):
    with_email = sent_report(alias="Sunflower", email="sunflower@example.org")
    without = sent_report("Hawthorn Practice", alias="Marigold")

    post(staff, f"{base(with_email)}/query", {"question": QUESTION})
    post(staff, f"{base(without)}/query", {"question": QUESTION})

    message = OutboxMessage.get()
    [delivered] = delivered_mail(app)
    body = delivered.get_body(("plain",)).get_content()
    assert OutboxMessage.select().count() == 1
    assert message.sent_at is not None and message.recipient is None  # forgotten once sent
    assert delivered["To"] == "sunflower@example.org"
    assert "Sunflower" not in delivered["Subject"] and "Sunflower" not in body
    assert "has a question about the report" in body and "/checks/return" in body
    assert QUESTION not in body and "Larkspur" not in body
    assert QUESTION not in delivered.get_body(("html",)).get_content()


def test_only_coordinators_ask_and_accept(app, today):
    report = sent_report()
    member = make_user()
    make_organisation(member=member)
    anonymous, organisation, reviewer = app.test_client(), app.test_client(), app.test_client()
    sign_in(organisation, member)
    sign_in(reviewer, make_user(roles=[Role.REVIEWER], password="r" * 12))
    actions = [(f"{base(report)}/query", {"question": QUESTION}), (f"{base(report)}/accept", {})]

    to_sign_in = [post(anonymous, url, data).headers.get("Location", "").split("?")[0]
                  for url, data in actions]
    refused = [post(client, url, data).status_code for client in (organisation, reviewer)
               for url, data in actions]

    assert to_sign_in == ["/sign-in"] * 2 and refused == [403] * 4
    assert CheckQuery.select().count() == 0 and fresh(report).reviewed_at is None
    assert [events(kind) for kind in ReviewEvent] == [0, 0, 0]


def test_a_checker_answers_only_the_question_about_their_own_report(app, today):
    mine = sent_report(alias="Sunflower")
    theirs = sent_report("Hawthorn Practice", alias="Marigold")
    for report in (mine, theirs):
        review.ask(report, QUESTION, by=None)
    checker = signed_in_checker(app, mine)

    post(checker, "/checks/my-check/answer",
         {"answer": "Mine.", "booking_id": str(theirs.booking_id)})
    stranger = post(app.test_client(), "/checks/my-check/answer", {"answer": "Not theirs."})

    answers = {q.report_id: q.answer for q in CheckQuery.select()}
    assert answers == {mine.id: "Mine.", theirs.id: None}
    assert stranger.headers["Location"].endswith("/checks/return")


def test_the_dashboard_counts_the_reports_waiting_for_review(app, today, staff):
    spring = make_campaign()
    services.open_campaign(spring, by=None)
    for name in ("Larkspur Lane Surgery", "Hawthorn Practice"):
        sent_report(name, campaign=spring)
    make_check(spring, make_service("Rowan Surgery"))  # accepted
    autumn = make_campaign(title={"en": "GP surgeries, autumn"})
    services.open_campaign(autumn, by=None)
    sent_report("Birch Medical Centre", campaign=autumn)
    services.close_campaign(autumn, by=None)
    make_campaign(title={"en": "Council desks"})  # a draft: nothing to review

    summary = coordinators_summary(TODAY)
    page = plain(text(staff.get("/dashboard"))).replace(" :", ":")  # the title is isolated

    assert sorted((c.id, c.to_review) for c in summary.to_review) == [(spring.id, 2),
                                                                       (autumn.id, 1)]
    assert "GP surgeries, spring: 2 reports wait for review." in page
    assert "GP surgeries, autumn: 1 report waits for review." in page


def test_the_slots_list_tells_reports_waiting_for_review_from_accepted_ones(app, today, staff):
    campaign = make_campaign()
    services.open_campaign(campaign, by=None)
    sent_report("Larkspur Lane Surgery", campaign=campaign, alias="Sunflower")
    make_check(campaign, make_service("Rowan Surgery"), alias="Maple")  # accepted

    page = plain(text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/slots")))

    assert "Sunflower Waits for review" in page
    assert "Maple Accepted" in page


# ---------------------------------------------------------------------------- at once


def acceptor(config, report_id, user_id):
    """In its own process: the app, then accepting the report as coordinator `user_id`."""
    from sanctuary.accounts.models import User

    app = create_app(config)
    app.app_context().push()
    db.connect(reuse_if_open=True)
    report, by = CheckReport.get_by_id(report_id), User.get_by_id(user_id)

    def accept_it():
        try:
            return int(review.accept(report, by=by).reviewed_by_id == user_id)
        finally:
            db.close()

    return accept_it


def test_coordinators_accepting_at_once_make_one_acceptance(make_app, any_database_url):
    app = make_app(any_database_url)
    campaign = make_campaign()
    services.open_campaign(campaign, by=None)
    report = sent_report(campaign=campaign)
    people = [make_user(roles=[Role.COORDINATOR]).id for _ in range(5)]
    config = {name: app.config[name] for name in ("TESTING", "DATABASE_URL", "SECRET_KEY",
                                                  "MAIL_SERVER", "DEV_MAILBOX")}

    outcomes = in_processes(acceptor, [(config, report.id, person) for person in people])

    assert sorted(outcomes) == [0] * 4 + [1]
    assert events(ReviewEvent.ACCEPTED) == 1
    assert fresh(report).reviewed_by_id == people[outcomes.index(1)]

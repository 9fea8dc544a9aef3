import datetime
import re
import threading

import pytest

from sanctuary.accounts.models import Role
from sanctuary.awards import services
from sanctuary.awards.models import (
    Answer,
    Application,
    ApplicationState,
    Criterion,
)
from sanctuary.awards.queries import answer_rows
from sanctuary.core.audit import AuditEvent
from sanctuary.core.db import db
from sanctuary.core.outbox import OutboxMessage
from sanctuary.core.states import TransitionRefused
from tests.factories import make_complete_application, make_organisation, make_round, make_user
from tests.support.client import date_fields, post, sign_in, text
from tests.support.concurrency import at_once


def test_a_complete_application_is_submitted_with_a_reference_and_an_email(client):
    make_round()
    application = make_complete_application()
    member = application.organisation.memberships.get().user
    member.language = "ar"
    member.save()
    sign_in(client, member)

    response = post(client, f"/applications/{application.id}/submit", follow_redirects=True)

    application = Application.get_by_id(application.id)
    year = datetime.datetime.now().year
    assert re.fullmatch(rf"SA-{year}-0001", application.reference)
    assert application.state == ApplicationState.SUBMITTED
    assert application.reference in text(response)
    message = OutboxMessage.select().order_by(OutboxMessage.id.desc()).get()
    assert message.recipient == member.email
    assert message.locale == "ar"
    assert [e.kind for e in AuditEvent.select().order_by(AuditEvent.id)] == [
        "application.draft", "application.submitted"]


def test_submitting_with_missing_answers_lists_each_one(client):
    make_round()
    member = make_user()
    organisation = make_organisation(member=member)
    application = services.start_application(organisation, by=member)
    sign_in(client, member)

    response = post(client, f"/applications/{application.id}/submit")

    page = text(response)
    criteria = Criterion.in_use(application.stream)
    assert "Your application is not finished yet" in page
    assert "Sign the pledge</a>" in page
    expected = 1 + 3 * len(criteria) + sum(c.evidence_required for c in criteria)
    summary = page[page.index('class="error-summary"'):
                   page.index("</ul>", page.index('class="error-summary"'))]
    assert summary.count('<li><a href="') == expected
    assert f'href="/applications/{application.id}/learn#a{criteria[0].id}-doing_now"' in page
    assert Application.get_by_id(application.id).state == ApplicationState.DRAFT


def test_outside_an_open_round_a_draft_cannot_be_submitted(client):
    application = make_complete_application()
    services.plan_round("Spring 2027", opens_on=datetime.date(2099, 3, 1))
    sign_in(client, application.organisation.memberships.get().user)

    page = text(client.get(f"/applications/{application.id}/check"))
    refused = post(client, f"/applications/{application.id}/submit")

    assert "Applications cannot be submitted at the moment" in page
    assert "The next round, <bdi>Spring 2027</bdi>, is planned to open on 1 March 2099." in page
    assert "Submit the application" not in page
    assert "Applications cannot be submitted at the moment" in text(refused)
    assert Application.get_by_id(application.id).state == ApplicationState.DRAFT


def test_a_round_past_its_closing_date_takes_no_submissions(app):
    make_round(closes_on=datetime.date(2020, 1, 1))
    application = make_complete_application()

    with pytest.raises(services.SubmissionRefused) as refused:
        services.submit_application(application, by=application.created_by)

    assert refused.value.round_closed


def test_a_double_clicked_submit_creates_one_submission(client):
    make_round()
    application = make_complete_application()
    sign_in(client, application.organisation.memberships.get().user)

    first = post(client, f"/applications/{application.id}/submit")
    second = post(client, f"/applications/{application.id}/submit")

    assert first.headers["Location"] == second.headers["Location"] == (
        f"/applications/{application.id}/submitted")
    assert Application.select().where(Application.reference.is_null(False)).count() == 1
    assert AuditEvent.select().where(AuditEvent.kind == "application.submitted").count() == 1


def test_twenty_submissions_at_once_get_twenty_references(make_app, any_database_url):
    app = make_app(any_database_url)
    make_round()
    applications = [make_complete_application() for _ in range(20)]
    db.close()
    barrier = threading.Barrier(20)
    errors = []

    def submit(application):
        try:
            with app.app_context():
                barrier.wait()
                services.submit_application(application, by=application.created_by)
                db.close()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    references = [a.reference for a in Application.select()]
    year = datetime.datetime.now().year
    assert sorted(references) == [f"SA-{year}-{n:04d}" for n in range(1, 21)]


def test_withdrawing_while_the_review_starts_moves_the_application_once(any_app):
    make_round()
    application = make_complete_application()
    services.submit_application(application, by=application.created_by)
    member, coordinator = application.created_by, make_user(roles=[Role.COORDINATOR],
                                                             password="c" * 12)
    copies = [Application.get_by_id(application.id) for _ in range(2)]  # both read Submitted
    moves = [lambda a: services.withdraw_application(a, by=member),
             lambda a: services.start_review(a, by=coordinator)]

    def act():
        move, copy = moves.pop(), copies.pop()
        try:
            return move(copy).state
        except TransitionRefused:
            return "refused"

    results = at_once(any_app, act)

    state = Application.get_by_id(application.id).state
    assert sorted(results) == sorted([state, "refused"])
    assert [e.kind for e in AuditEvent.select().order_by(AuditEvent.id)] == [
        "application.draft", "application.submitted", f"application.{state}"]


def test_a_criterion_edited_after_submission_keeps_the_submitted_wording(app):
    make_round()
    application = make_complete_application()
    services.submit_application(application, by=application.created_by)
    criterion = Criterion.in_use(application.stream)[0]
    original = criterion.title["en"]

    services.save_criterion(criterion, stream=criterion.stream, principle=criterion.principle,
                            titles={"en": "Reworded later"}, guidances={"en": "New"},
                            evidence_required=False, evidence_hints={})

    rows = answer_rows(Application.get_by_id(application.id))
    assert rows[0].title["en"] == original
    assert rows[0].evidence_required is True
    assert "Reworded later" not in [r.title["en"] for r in rows]


def test_submitted_applications_are_read_only_for_applicants(client):
    make_round()
    application = make_complete_application()
    services.submit_application(application, by=application.created_by)
    sign_in(client, application.organisation.memberships.get().user)
    criterion = Criterion.in_use(application.stream)[0]

    status_page = text(client.get(f"/applications/{application.id}"))

    assert "Submitted" in status_page and "Timeline" in status_page
    assert client.get(f"/applications/{application.id}/learn").status_code == 403
    assert post(client, f"/applications/{application.id}/answers/{criterion.id}",
                {f"a{criterion.id}-doing_now": "late"}).status_code == 403
    assert Answer.get(Answer.criterion == criterion).doing_now != "late"


def test_withdrawing_until_a_decision(client):
    make_round()
    application = make_complete_application()
    services.submit_application(application, by=application.created_by)
    sign_in(client, application.organisation.memberships.get().user)

    response = post(client, f"/applications/{application.id}/withdraw", follow_redirects=True)

    assert "Your application has been withdrawn." in text(response)
    assert Application.get_by_id(application.id).state == ApplicationState.WITHDRAWN
    with pytest.raises(TransitionRefused):
        services.withdraw_application(Application.get_by_id(application.id), by=None)


def test_only_allowed_transitions_happen(app):
    make_round()
    application = make_complete_application()

    with pytest.raises(TransitionRefused):
        services.change_state(application, ApplicationState.AWARDED, by=None)
    services.submit_application(application, by=application.created_by)
    application = Application.get_by_id(application.id)
    services.start_review(application, by=None)
    assert Application.get_by_id(application.id).state == ApplicationState.UNDER_REVIEW


def test_the_applicants_timeline_names_no_staff(client):
    make_round()
    application = make_complete_application()
    services.submit_application(application, by=application.created_by)
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12, display_name="Cora Staff")
    services.start_review(Application.get_by_id(application.id), by=coordinator)
    sign_in(client, application.organisation.memberships.get().user)

    page = text(client.get(f"/applications/{application.id}"))

    assert "Under review" in page
    assert "Cora Staff" not in page


def test_coordinators_list_filters_and_reads_applications(app):
    make_round()
    business = make_complete_application(kind="business")
    community = make_complete_application(kind="charity")
    for application in (business, community):
        services.submit_application(application, by=application.created_by)
    client = app.test_client()
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    business, community = Application.get_by_id(business.id), Application.get_by_id(community.id)

    everything = text(client.get("/coordinate/applications"))
    only_business = text(client.get(f"/coordinate/applications?stream={business.stream_id}"))
    read = client.get(f"/coordinate/applications/{business.id}")

    assert business.reference in everything and community.reference not in only_business
    assert business.reference in only_business
    assert read.status_code == 200
    assert f"Doing {Criterion.in_use(business.stream)[0].id}" in text(read)


def test_applicants_and_reviewers_cannot_see_the_coordinators_list(app):
    for user in (make_user(), make_user(roles=[Role.REVIEWER], password="r" * 12)):
        client = app.test_client()
        sign_in(client, user)
        assert client.get("/coordinate/applications").status_code == 403
        assert client.get("/coordinate/rounds").status_code == 403


def test_coordinator_opens_and_plans_rounds(client):
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    missing_date = post(client, "/coordinate/rounds", {"name": "Planned"})
    post(client, "/coordinate/rounds", {"name": "Now", "open_now": "y",
                                        **date_fields("closes_on", datetime.date(2099, 1, 31))})

    assert "Give the planned opening date" in text(missing_date)
    from sanctuary.awards.models import Round
    assert Round.current(datetime.date(2098, 1, 1)).name == "Now"
    listed = text(client.get("/coordinate/rounds"))
    assert "<td>31 January 2099</td>" in listed


def test_a_round_with_a_half_typed_date_is_not_saved_and_keeps_what_was_typed(client):
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    response = post(client, "/coordinate/rounds", {
        "name": "Autumn", "opens_on-day": "1", "opens_on-month": "10", "opens_on-year": "2099",
        "closes_on-day": "30", "closes_on-month": "", "closes_on-year": "2099"})

    page = text(response)
    assert ('<li><a href="#closes_on-month">Closing date (optional) must include a month</a></li>'
            in page)
    assert 'name="opens_on-month" type="text" inputmode="numeric" value="10">' in page
    assert 'name="closes_on-day" type="text" inputmode="numeric" value="30">' in page
    from sanctuary.awards.models import Round
    assert Round.select().count() == 0

import datetime

import pytest

from sanctuary.accounts.models import Role
from sanctuary.awards import services as awards
from sanctuary.awards.models import Application, ApplicationState, Evidence, Membership
from sanctuary.core.outbox import OutboxMessage
from sanctuary.panel import services
from sanctuary.panel.models import Assignment, ConflictDeclaration, PanelEvent
from tests.accounts.helpers import csrf_token, sign_in, text
from tests.factories import make_complete_application, make_round, make_user
from tests.support.routes import SAMPLE_ARGS




def reviewer(name, *, languages=("en",), lived=False, paused_until=None):
    person = make_user(roles=[Role.REVIEWER], password="r" * 12, display_name=name)
    services.record_reviewer(person, languages=list(languages), consent=lived,
                             lived_experience=lived)
    if paused_until:
        services.set_pause(person, paused_until)
    return person


def submitted_application(language="en"):
    make_round()
    application = make_complete_application()
    application.organisation.language = language
    application.organisation.save()
    return awards.submit_application(application, by=application.created_by)


def busy(person, times):
    for _ in range(times):
        services.assign(submitted_application(), person, by=None)


def test_suggest_panel_weighs_load_language_pauses_members_and_conflicts(app):
    make_round()
    application = submitted_application(language="ar")
    names = lambda people: [p.display_name for p in people]  # noqa: E731
    lived_busy = reviewer("Lina Lived Busy", lived=True)
    reviewer("Lee Lived Free", lived=True)
    reviewer("Amal Reads Arabic", languages=["ar"])
    reviewer("Eve English")
    english_two = reviewer("Ed English")
    paused = reviewer("Pat Paused", languages=["ar"], paused_until=datetime.date(2099, 1, 1))
    member = reviewer("Mo Member", languages=["ar"])
    Membership.create(organisation=application.organisation, user=member)
    conflicted = reviewer("Cy Conflicted", languages=["ar"])
    ConflictDeclaration.create(application=application, organisation=application.organisation,
                               reviewer=conflicted, has_conflict=True, reason="know")
    busy(lived_busy, 2)
    busy(english_two, 1)

    suggestion = services.suggest_panel(application)

    # Lived experience first (the less busy one), then the least loaded, Arabic readers first.
    assert names(suggestion) == ["Lee Lived Free", "Amal Reads Arabic", "Eve English"]
    for left_out in (paused, member, conflicted):
        assert left_out not in suggestion


def test_suggest_panel_keeps_those_already_on_the_panel(app):
    application = submitted_application()
    first = reviewer("First On", lived=True)
    services.assign(application, first, by=None)
    reviewer("Second")
    reviewer("Third")

    suggestion = services.suggest_panel(application)

    assert suggestion[0] == first and len(suggestion) == 3


def test_assigning_a_member_or_a_conflicted_reviewer_is_refused(app):
    application = submitted_application()
    member = reviewer("Member")
    Membership.create(organisation=application.organisation, user=member)
    conflicted = reviewer("Conflicted")
    ConflictDeclaration.create(application=application, organisation=application.organisation,
                               reviewer=conflicted, has_conflict=True, reason="work")

    for person in (member, conflicted):
        with pytest.raises(services.AssignmentRefused):
            services.assign(application, person, by=None)
    assert Assignment.select().count() == 0


def test_assigning_starts_the_review_and_emails_the_reviewer(app):
    application = submitted_application()
    person = reviewer("Rev")

    assignment = services.assign(application, person, by=None)

    assert Application.get_by_id(application.id).state == ApplicationState.UNDER_REVIEW
    assert assignment.due_on == awards.london_today() + datetime.timedelta(days=21)
    message = OutboxMessage.select().order_by(OutboxMessage.id.desc()).get()
    assert message.recipient == person.email
    assert application.reference in message.subject
    assert [e.kind for e in PanelEvent.select()] == ["assigned"]


def test_coordinator_accepts_a_suggested_panel(client):
    application = submitted_application()
    people = [reviewer("A Lived", lived=True), reviewer("B"), reviewer("C")]
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    url = f"/coordinate/applications/{application.id}/panel"

    page = text(client.get(url + "?suggest=1"))
    client.post(url, data={"csrf_token": csrf_token(client, url),
                           "reviewers": [str(p.id) for p in people]})

    for person in people:
        assert 'checked id="reviewers-' in page and f'value="{person.id}"' in page
    assert services.composition(application).is_met
    assert "The panel meets the rule" in text(client.get(url))


def test_a_declared_conflict_recuses_at_once(app):
    application = submitted_application()
    person = reviewer("Conflicted Later")
    services.assign(application, person, by=None)
    evidence = Evidence.get(Evidence.application == application)
    client = app.test_client()
    sign_in(client, person)
    url = f"/panel/applications/{application.id}"

    first_look = text(client.get(url))
    client.post(url, data={"csrf_token": csrf_token(client, url), "conflict": "work"})

    assert application.organisation.name in first_look
    assert "What we are doing already" not in first_look  # nothing but the name before declaring
    for blocked in (url, f"/applications/{application.id}", f"/evidence/{evidence.id}"):
        assert client.get(blocked).status_code == 403, blocked
    assert not services.composition(application).reviewers
    assert person.id in services.excluded_reviewers(application.organisation)


def test_an_assigned_reviewer_without_conflict_reads_and_downloads(app):
    application = submitted_application()
    person = reviewer("Fair Reader")
    services.assign(application, person, by=None)
    evidence = Evidence.get(Evidence.application == application)
    client = app.test_client()
    sign_in(client, person)
    url = f"/panel/applications/{application.id}"

    assert client.get(f"/evidence/{evidence.id}").status_code == 403  # not yet declared
    client.post(url, data={"csrf_token": csrf_token(client, url), "conflict": "no"})

    assert "What they are doing already" in text(client.get(url))
    assert client.get(f"/evidence/{evidence.id}").status_code == 200


def test_a_reviewer_not_assigned_is_refused_on_every_panel_url(app):
    application = submitted_application()
    client = app.test_client()
    sign_in(client, reviewer("Outsider"))
    token = csrf_token(client)
    refused = {}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("panel.") or rule.endpoint in (
                "panel.my_profile", "panel.assignments", "panel.withdraw_lived_experience"):
            continue  # a reviewer's own pages
        values = {**SAMPLE_ARGS.get(rule.endpoint, {}), "application_id": application.id}
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            refused[(rule.endpoint, method)] = client.open(
                url, method=method, headers={"X-CSRFToken": token}).status_code

    assert refused and all(status in (403, 404) for status in refused.values()), refused


def test_the_coordinators_list_flags_incomplete_panels(client):
    application = submitted_application()
    services.assign(application, reviewer("Only One"), by=None)
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    page = text(client.get("/coordinate/applications"))

    assert "1 of 3" in page and "Panel incomplete" in page


def test_a_second_declaration_changes_nothing(app):
    application = submitted_application()
    person = reviewer("Double Clicker")
    services.assign(application, person, by=None)

    services.declare(application, person, has_conflict=False)
    again = services.declare(application, person, has_conflict=True, reason="work")

    assert again.has_conflict is False
    assert [e.kind for e in PanelEvent.select().order_by(PanelEvent.id)] == ["assigned", "no_conflict"]
    assert services.can_review(application, person)


def test_assigning_twice_changes_nothing(app):
    application = submitted_application()
    person = reviewer("Twice")

    services.assign(application, person, by=None)
    services.assign(application, person, by=None)

    assert Assignment.select().count() == 1
    assert [e.kind for e in PanelEvent.select()] == ["assigned"]

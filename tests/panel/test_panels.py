import datetime
import html
import re

import pytest
from babel.dates import format_date

from sanctuary.accounts.models import Role
from sanctuary.awards.models import Application, ApplicationState, Evidence
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today
from sanctuary.core.outbox import OutboxMessage
from sanctuary.panel import queries, services
from sanctuary.panel.models import Assignment, PanelEventKind, can_review
from tests.factories import (
    make_conflict_declaration,
    make_membership,
    make_reviewer,
    make_round,
    make_submitted_application,
    make_user,
)
from tests.support.client import csrf_token, sign_in, signed_in_client, text
from tests.support.queries import recorded_queries
from tests.support.routes import SAMPLE_ARGS


def panel_events():
    """The panel's trail, without the application's own states."""
    return AuditEvent.select().where(AuditEvent.kind.in_(list(PanelEventKind)))


def busy(person, times):
    for _ in range(times):
        services.assign(make_submitted_application(), person, by=None)


def plain(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def choices(page):
    """{name: (ticked, what is said about them)} for each reviewer offered on the panel page."""
    found = re.findall(r'<input ([^>]*)>\s*<div>\s*<label class="checkbox__label" '
                       r'for="(reviewers-\d+)">(.*?)</label>\s*<p [^>]*id="\2-hint">(.*?)</p>',
                       page, re.S)
    return {plain(name): (" checked " in f" {attributes} ", plain(hint))
            for attributes, _, name, hint in found}


def lived_experience_column(page, people):
    """The "Lived experience" cell of each reviewer's row in the "On the panel" table."""
    return {person.display_name: plain(re.search(
        rf'<td id="panel-{person.id}">.*?</td>\s*<td>(.*?)</td>', page, re.S).group(1))
        for person in people}


def test_suggest_panel_weighs_load_language_pauses_members_and_conflicts(app):
    make_round()
    application = make_submitted_application(language="ar")
    names = lambda people: [p.display_name for p in people]  # noqa: E731
    lived_busy = make_reviewer("Lina Lived Busy", lived=True)
    make_reviewer("Lee Lived Free", lived=True)
    make_reviewer("Amal Reads Arabic", languages=["ar"])
    make_reviewer("Eve English")
    english_two = make_reviewer("Ed English")
    paused = make_reviewer("Pat Paused", languages=["ar"], paused_until=datetime.date(2099, 1, 1))
    member = make_reviewer("Mo Member", languages=["ar"])
    make_membership(application.organisation, member)
    conflicted = make_reviewer("Cy Conflicted", languages=["ar"])
    make_conflict_declaration(application, conflicted, reason="know")
    busy(lived_busy, 2)
    busy(english_two, 1)

    suggestion = queries.suggest_panel(application)

    # Lived experience first (the less busy one), then the least loaded, Arabic readers first.
    assert names(suggestion) == ["Lee Lived Free", "Amal Reads Arabic", "Eve English"]
    for left_out in (paused, member, conflicted):
        assert left_out not in suggestion


def test_suggest_panel_keeps_those_already_on_the_panel(app):
    application = make_submitted_application()
    first = make_reviewer("First On", lived=True)
    services.assign(application, first, by=None)
    make_reviewer("Second")
    make_reviewer("Third")

    suggestion = queries.suggest_panel(application)

    assert suggestion[0] == first and len(suggestion) == 3


def test_assigning_a_member_or_a_conflicted_reviewer_is_refused(app):
    application = make_submitted_application()
    member = make_reviewer("Member")
    make_membership(application.organisation, member)
    conflicted = make_reviewer("Conflicted")
    make_conflict_declaration(application, conflicted, reason="work")

    for person in (member, conflicted):
        with pytest.raises(services.AssignmentRefused):
            services.assign(application, person, by=None)
    assert Assignment.select().count() == 0


def test_a_withdrawn_application_gets_no_panel_even_when_read_before_it_was_withdrawn(app):
    application = make_submitted_application()  # read while still submitted
    Application.update(state=ApplicationState.WITHDRAWN).where(
        Application.id == application.id).execute()
    before = OutboxMessage.select().count()

    with pytest.raises(services.AssignmentRefused):
        services.assign(application, make_reviewer("Late"), by=None)
    assert (Assignment.select().count(), OutboxMessage.select().count()) == (0, before)


def test_assigning_starts_the_review_and_emails_the_reviewer(app):
    application = make_submitted_application()
    person = make_reviewer("Rev")

    assignment = services.assign(application, person, by=None)

    assert Application.get_by_id(application.id).state == ApplicationState.UNDER_REVIEW
    assert assignment.due_on == london_today() + datetime.timedelta(days=21)
    message = OutboxMessage.select().order_by(OutboxMessage.id.desc()).get()
    assert message.recipient == person.email
    assert application.reference in message.subject
    assert [e.kind for e in panel_events()] == ["assigned"]


@pytest.mark.parametrize(("language", "written"), [
    ("en", "{d.day} {d:%B} {d.year}"),  # 1 December 2026, never December 1, 2026 or 2026-12-01
    ("uk", "{uk}"),
    ("ar", "{ar}"),
])
def test_the_assignment_email_gives_the_due_date_in_the_reviewers_language(app, language,
                                                                             written):
    application = make_submitted_application()
    person = make_reviewer("Rev")
    person.language = language
    person.save()

    due = services.assign(application, person, by=None).due_on

    message = OutboxMessage.select().order_by(OutboxMessage.id.desc()).get()
    date = written.format(d=due, uk=format_date(due, "long", locale="uk"),
                          ar=format_date(due, "long", locale="ar"))
    assert date in message.body_text and date in message.body_html
    assert due.isoformat() not in message.body_text + message.body_html
    # The reference keeps its own direction, and its line, within the sentence.
    assert f"\u2068{application.reference}\u2069" in message.body_text
    assert (f'<bdi style="white-space:nowrap">{application.reference}</bdi>'
            in message.body_html)


def test_coordinator_accepts_a_suggested_panel(client):
    application = make_submitted_application()
    people = [make_reviewer("A Lived", lived=True), make_reviewer("B"), make_reviewer("C")]
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    url = f"/coordinate/applications/{application.id}/panel"

    page = text(client.get(url + "?suggest=1"))
    client.post(url, data={"csrf_token": csrf_token(client, url),
                           "reviewers": [str(p.id) for p in people]})

    assert {name: ticked for name, (ticked, _) in choices(page).items()} == {
        "A Lived": True, "B": True, "C": True}
    assert queries.composition(application).is_met
    assert "The panel meets the rule" in text(client.get(url))


def test_the_panel_page_counts_reviewers_in_words_that_fit_the_number(client):
    application = make_submitted_application()
    make_conflict_declaration(application, make_reviewer("Knows Them"))
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    url = f"/coordinate/applications/{application.id}/panel"

    empty = text(client.get(url))
    services.assign(application, make_reviewer("Only One"), by=None)
    one = text(client.get(url))

    assert ("<p>A panel needs at least 3 reviewers, at least 1 of them with lived experience of "
            "seeking sanctuary.\nIt has no reviewers yet.</p>") in empty
    assert ("1 reviewer cannot judge this organisation (a member of it, or a declared conflict) "
            "and is not listed.") in empty
    assert "It has 1 reviewer so far, 0 of them with lived experience." in one


def test_a_declared_conflict_recuses_at_once(app):
    application = make_submitted_application()
    person = make_reviewer("Conflicted Later")
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
    assert not queries.composition(application).reviewers
    assert person.id in queries.excluded_reviewers(application.organisation)


def test_an_assigned_reviewer_without_conflict_reads_and_downloads(app):
    application = make_submitted_application()
    person = make_reviewer("Fair Reader")
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
    application = make_submitted_application()
    client = app.test_client()
    sign_in(client, make_reviewer("Outsider"))
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
    application = make_submitted_application()
    services.assign(application, make_reviewer("Only One"), by=None)
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    page = text(client.get("/coordinate/applications"))

    assert "1 of 3" in page and "Panel incomplete" in page


def test_a_second_declaration_changes_nothing(app):
    application = make_submitted_application()
    person = make_reviewer("Double Clicker")
    services.assign(application, person, by=None)

    services.declare(application, has_conflict=False, by=person)
    again = services.declare(application, has_conflict=True, reason="work", by=person)

    assert again.has_conflict is False
    assert ([e.kind for e in panel_events().order_by(AuditEvent.id)]
            == ["assigned", "no_conflict"])
    assert can_review(application, person)


def test_assigning_twice_changes_nothing(app):
    application = make_submitted_application()
    person = make_reviewer("Twice")

    services.assign(application, person, by=None)
    services.assign(application, person, by=None)

    assert Assignment.select().count() == 1
    assert [e.kind for e in panel_events()] == ["assigned"]


def test_choosing_reviewers_by_hand_shows_what_suggest_panel_weighs(app):
    application = make_submitted_application()
    rita = make_reviewer("Rita Reads Arabic", languages=["ar", "en"], lived=True)
    busy(rita, 2)
    make_reviewer("Una Unrecorded", languages=["en", "pl"])  # did not agree to a record
    nadia = make_reviewer("Nadia Recorded No")
    services.record_reviewer(nadia, languages=["en"], consent=True, lived_experience=False)
    busy(nadia, 1)
    make_reviewer("Pat Paused", paused_until=datetime.date(2099, 1, 31))
    client, _ = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    page = text(client.get(f"/coordinate/applications/{application.id}/panel"))

    assert {name: hint for name, (_, hint) in choices(page).items()} == {
        "Nadia Recorded No": "Reads: English · Lived experience: No · Open reviews: 1",
        "Pat Paused": "Reads: English · Lived experience: Not recorded · Open reviews: 0 · "
                      "Not available until 31 January 2099",
        "Rita Reads Arabic": "Reads: العربية, English · Lived experience: Yes · Open reviews: 2",
        "Una Unrecorded": "Reads: English, Polski · Lived experience: Not recorded · "
                          "Open reviews: 0",
    }


def test_the_panel_page_runs_as_many_queries_for_many_reviewers_as_for_few(app):
    application = make_submitted_application()
    services.assign(application, make_reviewer("On The Panel", lived=True), by=None)
    make_reviewer("Second", languages=["en", "ar"])
    client, _ = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    url = f"/coordinate/applications/{application.id}/panel"

    def queries():
        client.get(url)  # the session's first look is not the page's doing
        with recorded_queries() as statements:
            page = text(client.get(url))
        return len(statements), len(choices(page))

    few = queries()
    for n in range(6):
        busy(make_reviewer(f"More {n}", languages=["en", "fr"], lived=n % 2 == 0), n % 3)
    many = queries()

    assert (few[1], many[1]) == (1, 7)
    assert many[0] == few[0]


def test_lived_experience_never_recorded_is_not_shown_as_no_on_the_panel(app):
    application = make_submitted_application()
    unrecorded = make_reviewer("Una Unrecorded")
    recorded_no = make_reviewer("Nadia Recorded No")
    services.record_reviewer(recorded_no, languages=["en"], consent=True, lived_experience=False)
    lived = make_reviewer("Lee Lived", lived=True)
    for person in (unrecorded, recorded_no, lived):
        services.assign(application, person, by=None)
    client, _ = signed_in_client(app, make_user(roles=[Role.COORDINATOR], password="c" * 12))

    page = text(client.get(f"/coordinate/applications/{application.id}/panel"))

    assert lived_experience_column(page, [unrecorded, recorded_no, lived]) == {
        "Una Unrecorded": "Not recorded", "Nadia Recorded No": "No", "Lee Lived": "Yes"}

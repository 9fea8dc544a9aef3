import datetime

import pytest

from sanctuary.accounts.models import Role
from sanctuary.awards import services
from sanctuary.awards.models import Criterion, CriterionTag, RecordedEvidence, Stream
from sanctuary.awards.queries import criteria_with_files, missing_items
from sanctuary.awards.services import RecordedRefused
from tests.factories import (
    make_complete_application,
    make_decision,
    make_organisation,
    make_panel_member,
    make_round,
    make_submitted_review,
    make_user,
)
from tests.support.client import post, sign_in, text

TRAINING = CriterionTag.STAFF_TRAINING
SHOWN = ("Staff training session delivered by the Sanctuary team: 3 March 2027, "
         "Staff or governor training, 90 minutes, 24 people")


def tagged(application, *, position=1):
    """The stream's `position`th learn criterion, tagged as a staff training criterion."""
    criterion = [c for c in Criterion.in_use(application.stream) if c.principle == "learn"][
        position]
    criterion.tags = [TRAINING.value]
    criterion.save()
    return criterion


def attach(application, criterion, *, by, source="SB-2027-0004"):
    return services.attach_recorded(
        application, criterion, source=source,
        title={"en": "Staff or governor training", "uk": "Навчання для персоналу"},
        occurred_on=datetime.date(2027, 3, 3), minutes=90, people=24, by=by)


def draft_with_member():
    member = make_user()
    organisation = make_organisation(member=member, kind="business")
    return member, services.start_application(organisation, by=member)


# ---------------------------------------------------------------------------- tags


def test_a_coordinator_tags_a_criterion_and_the_list_shows_it(client):
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    criterion = Criterion.in_use(Stream.get(Stream.key == "business"))[1]
    form = text(client.get(f"/coordinate/criteria/{criterion.id}/edit"))
    assert 'name="tags" type="checkbox" value="staff_training"' in form
    assert "A staff training session we delivered can be evidence for it." in form

    post(client, f"/coordinate/criteria/{criterion.id}/edit", {
        "principle": "learn", "title_en": criterion.title["en"],
        "guidance_en": criterion.guidance["en"], "tags": "staff_training"})

    assert Criterion.get_by_id(criterion.id).tags == ["staff_training"]
    listed = text(client.get("/coordinate/criteria"))
    item = listed.split(f'id="criterion-{criterion.id}"')[1].split("</li>")[0]
    assert '<span class="tag tag--grey">Staff training</span>' in item
    again = text(client.get(f"/coordinate/criteria/{criterion.id}/edit"))
    assert ('checked class="checkbox__input" id="tags-0" name="tags" type="checkbox" '
            'value="staff_training"') in again

    post(client, f"/coordinate/criteria/{criterion.id}/edit", {
        "principle": "learn", "title_en": criterion.title["en"],
        "guidance_en": criterion.guidance["en"]})
    assert Criterion.get_by_id(criterion.id).tags == []


def test_an_unknown_tag_is_refused_and_nothing_changes(client):
    sign_in(client, make_user(roles=[Role.COORDINATOR], password="c" * 12))
    criterion = Criterion.in_use(Stream.get(Stream.key == "business"))[1]

    response = post(client, f"/coordinate/criteria/{criterion.id}/edit", {
        "principle": "learn", "title_en": "Changed", "guidance_en": "x", "tags": "secret"})

    assert response.status_code == 200
    assert (Criterion.get_by_id(criterion.id).title["en"], Criterion.get_by_id(
        criterion.id).tags) == (criterion.title["en"], [])


def test_tagged_criteria_are_the_streams_tagged_ones_that_can_change(app):
    _, application = draft_with_member()
    criterion = tagged(application)
    retired = tagged(application, position=0)
    services.retire_criterion(retired)

    assert services.tagged_criteria(application, TRAINING) == [criterion]


# ---------------------------------------------------------------------------- attaching


def test_attaching_the_same_session_twice_makes_one_row(app):
    member, application = draft_with_member()
    criterion = tagged(application)

    first = attach(application, criterion, by=member)
    second = attach(application, criterion, by=member)

    assert first.id == second.id
    assert [(r.source, r.people, r.minutes, r.added_by_id, r.added_in_round)
            for r in RecordedEvidence.select()] == [("SB-2027-0004", 24, 90, member.id, 1)]


def test_a_criterion_without_the_tag_is_refused(app):
    member, application = draft_with_member()
    untagged = Criterion.in_use(application.stream)[2]

    with pytest.raises(RecordedRefused):
        attach(application, untagged, by=member)
    assert RecordedEvidence.select().count() == 0


def test_a_submitted_application_cannot_take_a_session(app):
    make_round()
    application = make_complete_application()
    criterion = tagged(application)
    submitted = services.submit_application(application, by=application.created_by)

    with pytest.raises(RecordedRefused):
        attach(submitted, criterion, by=application.created_by)
    assert RecordedEvidence.select().count() == 0


def test_only_the_criteria_asked_about_take_a_session_while_further_evidence_is_asked(app):
    make_round()
    draft = make_complete_application()
    asked, other = tagged(draft), tagged(draft, position=0)
    application = services.submit_application(draft, by=draft.created_by)
    for n in range(3):
        make_submitted_review(application, make_panel_member(application, f"P {n}",
                                                             lived=n == 0))
    application = make_decision(application, "further_evidence", evidence_on=(asked.id,))
    member = application.created_by

    assert services.tagged_criteria(application, TRAINING) == [asked]
    row = attach(application, asked, by=member)
    assert row.added_in_round == application.review_round == 2
    with pytest.raises(RecordedRefused):
        attach(application, other, by=member)


def test_someone_outside_the_organisation_cannot_attach(app):
    _, application = draft_with_member()
    criterion = tagged(application)
    outsider = make_user()
    make_organisation(member=outsider)

    with pytest.raises(RecordedRefused):
        attach(application, criterion, by=outsider)
    assert RecordedEvidence.select().count() == 0


# ---------------------------------------------------------------------------- counting


def test_a_session_counts_as_the_evidence_a_criterion_requires(app):
    application = make_complete_application()
    member = application.created_by
    criterion = tagged(application)
    assert criterion.evidence_required
    services.remove_evidence(next(e for e in application.evidence if e.criterion_id ==
                                  criterion.id))
    assert [item.field for item in missing_items(application)] == ["evidence"]

    attach(application, criterion, by=member)

    assert missing_items(application) == []
    assert criterion.id in criteria_with_files(application)


def test_the_applicant_sees_the_session_beside_files_and_completes_the_section(client):
    application = make_complete_application()
    member = application.created_by
    criterion = tagged(application)
    services.remove_evidence(next(e for e in application.evidence if e.criterion_id ==
                                  criterion.id))
    attach(application, criterion, by=member)
    sign_in(client, member)

    section = text(client.get(f"/applications/{application.id}/learn"))
    evidence = text(client.get(f"/applications/{application.id}/criteria/{criterion.id}/evidence"))
    check = text(client.get(f"/applications/{application.id}/check"))
    tasks = text(client.get(f"/applications/{application.id}"))

    assert f"<li>{SHOWN}</li>" in section
    assert "This section has everything it needs." in section
    assert SHOWN in evidence and "Sessions we delivered" in evidence
    assert SHOWN in check.split(f'id="check-{criterion.id}"')[1].split("</section>")[0]
    assert "Completed" in tasks.split("Learn")[1].split("</li>")[0]


def test_a_tagged_criterion_without_a_session_says_how_to_add_one(client):
    member, application = draft_with_member()
    criterion = tagged(application)
    sign_in(client, member)

    page = text(client.get(f"/applications/{application.id}/criteria/{criterion.id}/evidence"))

    assert "A staff training session we delivered to your organisation counts as evidence" in page


# ---------------------------------------------------------------------------- removing


def test_a_member_removes_a_session_from_a_draft(client):
    member, application = draft_with_member()
    record = attach(application, tagged(application), by=member)
    sign_in(client, member)

    response = post(client, f"/recorded-evidence/{record.id}/remove")

    assert response.headers["Location"] == (
        f"/applications/{application.id}/criteria/{record.criterion_id}/evidence")
    assert RecordedEvidence.select().count() == 0
    assert post(client, f"/recorded-evidence/{record.id}/remove").status_code == 404


def test_nobody_else_removes_a_session_and_nobody_once_it_is_submitted(app):
    make_round()
    application = make_complete_application()
    member = application.created_by
    record = attach(application, tagged(application), by=member)
    outsider = make_user()
    make_organisation(member=outsider)
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    url = f"/recorded-evidence/{record.id}/remove"

    for person in (outsider, coordinator):
        client = app.test_client()
        sign_in(client, person)
        assert post(client, url).status_code == 403
    assert app.test_client().post(url).status_code in (302, 400)  # signed out: never removed

    services.submit_application(application, by=member)
    client = app.test_client()
    sign_in(client, member)
    assert post(client, url).status_code == 403
    assert RecordedEvidence.select().count() == 1
    with pytest.raises(RecordedRefused):
        services.remove_recorded(RecordedEvidence.get(), by=member)


# ---------------------------------------------------------------------------- who reads it


def test_the_panel_and_coordinators_see_the_session_with_its_date_format_and_numbers(app):
    make_round()
    draft = make_complete_application()
    criterion = tagged(draft)
    attach(draft, criterion, by=draft.created_by)
    application = services.submit_application(draft, by=draft.created_by)
    reviewer = make_panel_member(application, "Reviewer")
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)

    client = app.test_client()
    sign_in(client, reviewer)
    review = text(client.get(f"/panel/applications/{application.id}"))
    row = review.split(f'id="row-{criterion.id}"')[1].split("</section>")[0]
    assert f'<span class="recorded-evidence">{SHOWN}</span>' in row
    client = app.test_client()
    sign_in(client, coordinator)
    shown = text(client.get(f"/coordinate/applications/{application.id}"))
    assert SHOWN in shown.split(f'id="check-{criterion.id}"')[1].split("</section>")[0]


def test_the_title_is_shown_in_the_readers_language(client):
    member, application = draft_with_member()
    criterion = tagged(application)
    attach(application, criterion, by=member)
    sign_in(client, member)

    page = text(client.get(
        f"/applications/{application.id}/criteria/{criterion.id}/evidence?lang=uk"))

    assert "Навчання для персоналу" in page

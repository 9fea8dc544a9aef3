"""Staff training for organisations other than schools, and a delivered session used as evidence
in the organisation's Sanctuary Award application."""
import re

import pytest

from sanctuary.accounts.models import Role
from sanctuary.awards import services as awards
from sanctuary.awards.models import Criterion, CriterionTag, Organisation, RecordedEvidence
from sanctuary.schools import services
from sanctuary.schools.models import Booking, SessionFeedback
from sanctuary.schools.services.evidence import EvidenceRefused, use_as_evidence
from tests.factories import (
    make_booking,
    make_complete_application,
    make_organisation,
    make_panel_member,
    make_round,
    make_school,
    make_slot,
    make_user,
)
from tests.support.client import post, sign_in, text

KEY = "0123456789abcdef0123456789abcdef"
REQUEST = {"contact_name": "Sam Okafor", "contact_email": "ignored@example.org",
           "contact_phone": "020 7946 0100", "format": "training", "year_groups": "All staff",
           "audience_size": "24", "supervisor_name": "Office Manager",
           "supervisor_phone": "020 7946 0101", "agree": "y", "key_stages": "staff",
           "request_key": KEY}


def coordinator():
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


def errors_in(page):
    summary = page.split('class="error-summary__list"')[1].split("</ul>")[0]
    return re.findall(r'<a href="#[^"]+">([^<]*)</a>', summary)


def training_criterion(application):
    """The business stream's "Everyone understands…" criterion, tagged as staff training."""
    criterion = [c for c in Criterion.in_use(application.stream) if c.principle == "learn"][1]
    criterion.tags = [CriterionTag.STAFF_TRAINING.value]
    criterion.save()
    return criterion


def delivered_training(organisation, member, **overrides):
    slot = make_slot(formats=["training"], starts_at="14:00", ends_at="15:30")
    booking = make_booking(school=organisation, member=member, slot=slot,
                           **{"format": "training", "audience_size": 20, **overrides})
    staff = coordinator()
    services.confirm(booking, by=staff, slot=slot)
    services.mark_delivered(Booking.get_by_id(booking.id), by=staff, today=slot.date)
    return Booking.get_by_id(booking.id)


def business_draft():
    """A business's complete draft, its member, and the tagged criterion."""
    application = make_complete_application()
    return application, application.created_by, training_criterion(application)


# ---------------------------------------------------------------------------- asking


def test_a_business_member_asks_for_staff_training_for_their_organisation(client):
    person = make_user()
    business = make_organisation(member=person, name="Deptford Bakery")
    slot = make_slot(formats=["training"])
    sign_in(client, person)
    page = text(client.get(f"/school-sessions/request?slot={slot.id}"))
    assert "<bdi>Deptford Bakery</bdi> (staff training)" in page
    assert '<input type="hidden" name="school" value="new">' not in page

    response = post(client, "/school-sessions/request",
                    {**REQUEST, "school": business.id, "slot": slot.id})

    booking = Booking.get()
    assert response.headers["Location"] == f"/school-sessions/bookings/{booking.id}"
    assert (booking.organisation_id, booking.format, booking.audience_size) == (
        business.id, "training", 24)
    assert Organisation.select().count() == 1  # no school was registered
    assert "School sessions" in text(client.get("/dashboard"))


def test_an_organisation_that_is_not_a_school_cannot_ask_for_a_workshop(client):
    person = make_user()
    business = make_organisation(member=person)
    sign_in(client, person)

    response = post(client, "/school-sessions/request",
                    {**REQUEST, "school": business.id, "format": "workshop",
                     "slot": make_slot(formats=["workshop", "training"]).id})

    assert errors_in(text(response)) == [
        "For an organisation that is not a school, choose staff training: assemblies and "
        "workshops are for pupils"]
    assert Booking.select().count() == 0
    with pytest.raises(services.BookingRefused):
        make_booking(school=business, member=person, format="assembly")


def test_a_school_still_asks_for_any_session(app):
    booking = make_booking(school=make_school(), format="assembly")

    assert booking.format == "assembly"


# ---------------------------------------------------------------------------- using it


def test_a_delivered_session_becomes_evidence_the_panel_sees(client, app):
    make_round()
    application, member, criterion = business_draft()
    booking = delivered_training(application.organisation, member)
    SessionFeedback.create(booking=booking, how_it_went="well", reached=18, book_again="yes")
    sign_in(client, member)
    page = text(client.get(f"/school-sessions/bookings/{booking.id}"))
    assert "Use this session as evidence" in page
    assert f'id="criteria-0" name="criteria" type="checkbox" value="{criterion.id}"' in page

    response = post(client, f"/school-sessions/bookings/{booking.id}/evidence",
                    {"criteria": criterion.id})
    again = post(client, f"/school-sessions/bookings/{booking.id}/evidence",
                 {"criteria": criterion.id})

    assert response.headers["Location"] == (
        f"/school-sessions/bookings/{booking.id}#use-as-evidence")
    assert again.status_code == 302
    record = RecordedEvidence.get()
    assert RecordedEvidence.select().count() == 1
    assert (record.application_id, record.criterion_id, record.source, record.occurred_on,
            record.minutes, record.people, record.added_by_id) == (
        application.id, criterion.id, booking.reference, booking.session_date, 90, 18,
        member.id)
    assert record.title == {"en": "Staff or governor training",
                            "ar": record.title["ar"], "uk": record.title["uk"]}
    assert "Staff or governor training" not in (record.title["ar"], record.title["uk"])
    shown = text(client.get(f"/school-sessions/bookings/{booking.id}"))
    assert "This session is evidence in your Sanctuary Award application for:" in shown

    submitted = awards.submit_application(application, by=member)
    reviewer = make_panel_member(submitted, "Reviewer")
    panel = app.test_client()
    sign_in(panel, reviewer)
    review = text(panel.get(f"/panel/applications/{submitted.id}"))
    day = booking.session_date
    assert (f"Staff training session delivered by the Sanctuary team: {day.day} "
            f"{day:%B %Y}, Staff or governor training, 90 minutes, 18 people") in review


def test_without_feedback_the_number_expected_is_used(app):
    application, member, criterion = business_draft()
    booking = delivered_training(application.organisation, member)

    [record] = use_as_evidence(booking, [criterion.id], by=member)

    assert record.people == 20


def test_choosing_nothing_shows_the_choice_again_with_an_error(client):
    application, member, _ = business_draft()
    booking = delivered_training(application.organisation, member)
    sign_in(client, member)

    response = post(client, f"/school-sessions/bookings/{booking.id}/evidence", {})

    assert response.status_code == 200
    assert errors_in(text(response)) == [
        "Choose at least one criterion this session is evidence for"]
    assert RecordedEvidence.select().count() == 0


def test_a_session_not_delivered_or_not_training_cannot_be_evidence(client):
    application, member, criterion = business_draft()
    slot = make_slot(formats=["training"])
    confirmed = make_booking(school=application.organisation, member=member, slot=slot,
                             format="training")
    services.confirm(confirmed, by=coordinator(), slot=slot)
    school_member = make_user()
    school = make_school(member=school_member)
    awards.start_application(school, by=school_member)
    workshop = delivered_training(school, school_member, format="workshop")
    sign_in(client, member)

    assert "Use this session as evidence" not in text(
        client.get(f"/school-sessions/bookings/{confirmed.id}"))
    assert post(client, f"/school-sessions/bookings/{confirmed.id}/evidence",
                {"criteria": criterion.id}).status_code == 404
    with pytest.raises(EvidenceRefused):
        use_as_evidence(Booking.get_by_id(confirmed.id), [criterion.id], by=member)
    with pytest.raises(EvidenceRefused):
        use_as_evidence(workshop, [criterion.id], by=school_member)
    assert RecordedEvidence.select().count() == 0


def test_an_untagged_criterion_cannot_be_chosen(client):
    application, member, _ = business_draft()
    untagged = next(c for c in Criterion.in_use(application.stream) if c.principle == "embed")
    booking = delivered_training(application.organisation, member)
    sign_in(client, member)

    response = post(client, f"/school-sessions/bookings/{booking.id}/evidence",
                    {"criteria": untagged.id})

    assert errors_in(text(response)) == ["Choose criteria from the list"]
    with pytest.raises(EvidenceRefused):
        use_as_evidence(booking, [untagged.id], by=member)
    assert RecordedEvidence.select().count() == 0


def test_only_the_organisations_own_people_use_its_session(app):
    application, member, criterion = business_draft()
    booking = delivered_training(application.organisation, member)
    outsider = make_user()
    make_organisation(member=outsider)
    url = f"/school-sessions/bookings/{booking.id}/evidence"

    for person in (outsider, coordinator()):
        client = app.test_client()
        sign_in(client, person)
        assert "Use this session as evidence" not in text(
            client.get(f"/school-sessions/bookings/{booking.id}"))
        assert post(client, url, {"criteria": criterion.id}).status_code == 403
    assert app.test_client().get(url).status_code == 302  # signed out: sign in first
    with pytest.raises(EvidenceRefused):
        use_as_evidence(booking, [criterion.id], by=outsider)
    assert RecordedEvidence.select().count() == 0


def test_a_submitted_application_takes_no_more_sessions(client):
    make_round()
    application, member, criterion = business_draft()
    booking = delivered_training(application.organisation, member)
    awards.submit_application(application, by=member)
    sign_in(client, member)

    assert "Use this session as evidence" not in text(
        client.get(f"/school-sessions/bookings/{booking.id}"))
    assert post(client, f"/school-sessions/bookings/{booking.id}/evidence",
                {"criteria": criterion.id}).status_code == 404

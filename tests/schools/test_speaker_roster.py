"""The coordinators' register of speakers: the list, the form, consent, removal, and speakers on
a booking's page (inviting, recording a yes, calling off), and the dashboard's count."""
import datetime
import html
import re

import pytest

from sanctuary.accounts.models import Role
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today
from sanctuary.schools import roster_queries, services
from sanctuary.schools.forms.speakers import CHOOSE_SPEAKER, NEED_CONTACT
from sanctuary.schools.models import AssignmentState, Speaker, SpeakerAssignment
from sanctuary.schools.services import assignments, speaker_register
from tests.factories import make_booking, make_slot, make_speaker, make_user
from tests.support.client import post, sign_in, text
from tests.support.queries import recorded_queries

NEW = {"name": "Amal", "email": "amal@example.net", "phone": "", "language": "ar",
       "formats": ["assembly", "workshop"], "topics": "Starting school again",
       "languages": "Arabic, English", "usual_days": ["0", "2"], "wants_feedback": "y",
       "notes": "Prefers mornings", "form_key": "0123456789abcdef0123456789abcdef"}


@pytest.fixture
def coordinator(app):
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


@pytest.fixture
def staff(app, coordinator):
    client = app.test_client()
    sign_in(client, coordinator)
    return client


def fresh(row):
    return type(row).get_by_id(row.id)


def plain(page):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def errors_in(page):
    summary = page.split('class="error-summary__list"')[1].split("</ul>")[0]
    return [html.unescape(message) for message in re.findall(r'<a href="#[^"]+">([^<]*)</a>',
                                                             summary)]


def table_rows(page):
    return [plain(row) for body in re.findall(r"<tbody>(.*?)</tbody>", page, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def confirmed_booking(coordinator, *, days_ahead=30, **overrides):
    slot = make_slot(days_ahead=days_ahead)
    booking = make_booking(slot=slot, **overrides)
    return services.confirm(booking, by=coordinator, slot=slot)


def invite_options(page):
    """The speakers offered in the invitation form, in order, by name."""
    return [html.unescape(name) for name in re.findall(
        r'<label class="radios__label" for="speaker-\d+"><bdi>([^<]*)</bdi>', page)]


# ---------------------------------------------------------------------------- the list


def test_the_list_shows_contact_consent_and_coming_sessions(staff, coordinator):
    amal = make_speaker(name="Amal", email="amal@example.net", phone="", formats=["assembly"],
                        usual_days=[0, 3], languages="Arabic")
    make_speaker(name="Bilal", consent=False, formats=["workshop"], email="",
                 phone="07700 900 000", languages="English")
    booking = confirmed_booking(coordinator)
    assignments.accept(assignments.invite(booking, amal, by=coordinator))

    rows = table_rows(text(staff.get("/coordinate/school-sessions/speakers")))

    given = fresh(amal).consent_at
    assert rows == [
        f"Amal Assembly Arabic Monday, Thursday Given on {given.day} "
        f"{given.strftime('%B %Y')} 1 amal@example.net",
        "Bilal Classroom workshop English No consent recorded 0 07700 900 000"]


def test_the_list_filters_by_format_and_consent(staff):
    make_speaker(name="Amal", formats=["assembly"])
    make_speaker(name="Bilal", formats=["workshop"], consent=False)
    withdrawn = make_speaker(name="Chen", formats=["workshop"])
    speaker_register.withdraw_consent(withdrawn, by=None)

    def names(query):
        page = text(staff.get(f"/coordinate/school-sessions/speakers?{query}"))
        return [row.split(" ")[0] for row in table_rows(page)]

    assert names("format=workshop") == ["Bilal", "Chen"]
    assert names("consent=given") == ["Amal"]
    assert names("consent=withdrawn&format=workshop") == ["Chen"]
    assert names("consent=none") == ["Bilal"]
    assert names("format=nonsense&consent=nonsense") == ["Amal", "Bilal", "Chen"]


def test_the_list_takes_the_same_queries_for_one_speaker_or_five(staff, coordinator):
    def counted():
        with recorded_queries() as statements:
            page = text(staff.get("/coordinate/school-sessions/speakers"))
        return len(statements), len(table_rows(page))

    make_speaker()
    one = counted()
    booking = confirmed_booking(coordinator)
    for _ in range(4):
        assignments.accept(assignments.invite(booking, make_speaker(), by=coordinator))
    five = counted()

    assert (one[1], five[1]) == (1, 5)
    assert five[0] == one[0]


# ---------------------------------------------------------------------------- the form


def test_adding_a_speaker_saves_them_without_consent_and_trails_it(staff, coordinator):
    response = post(staff, "/coordinate/school-sessions/speakers/new", NEW)

    speaker = Speaker.get(Speaker.name == "Amal")
    assert response.headers["Location"] == f"/coordinate/school-sessions/speakers/{speaker.id}"
    assert (speaker.email, speaker.phone, speaker.language, speaker.formats, speaker.topics,
            speaker.languages, speaker.usual_days, speaker.wants_feedback, speaker.notes) == (
        "amal@example.net", "", "ar", ["assembly", "workshop"], "Starting school again",
        "Arabic, English", [0, 2], True, "Prefers mornings")
    assert (speaker.has_consent, speaker.created_by_id) == (False, coordinator.id)
    assert [(e.kind, e.by_id) for e in AuditEvent.select().where(
        AuditEvent.subject_kind == "speaker")] == [("speaker.added", coordinator.id)]
    assert "Record their consent before inviting them" in text(staff.get(
        response.headers["Location"]))


def test_the_same_form_sent_twice_adds_one_speaker(staff):
    first = post(staff, "/coordinate/school-sessions/speakers/new", NEW)
    second = post(staff, "/coordinate/school-sessions/speakers/new", NEW)
    other = post(staff, "/coordinate/school-sessions/speakers/new",
                 {**NEW, "form_key": "f" * 32, "name": "Bilal"})

    assert first.headers["Location"] == second.headers["Location"]
    assert sorted(speaker.name for speaker in Speaker.select()) == ["Amal", "Bilal"]
    assert other.status_code == 302


def test_adding_with_a_key_already_used_gives_back_the_first_speaker(any_app):
    person = make_user(roles=[Role.COORDINATOR])
    fields = {"name": "Amal", "phone": "1", "formats": ["assembly"]}

    first = speaker_register.add_speaker(by=person, form_key="a" * 32, **fields)
    again = speaker_register.add_speaker(by=person, form_key="a" * 32, **fields)

    assert (again.id, Speaker.select().count()) == (first.id, 1)


def test_a_speaker_needs_an_email_or_a_phone_and_what_was_typed_stays(staff):
    response = post(staff, "/coordinate/school-sessions/speakers/new",
                    {**NEW, "email": "", "phone": ""})

    page = text(response)
    assert response.status_code == 200
    assert errors_in(page) == [str(NEED_CONTACT)]
    assert 'value="Amal"' in page and "Prefers mornings" in page and "Starting school again" in page
    assert re.search(r'<input[^>]*checked[^>]*value="2"|<input[^>]*value="2"[^>]*checked', page)
    assert Speaker.select().count() == 0


def test_a_phone_alone_is_enough_and_a_bad_email_is_refused(staff):
    bad = post(staff, "/coordinate/school-sessions/speakers/new",
               {**NEW, "email": "not-an-email", "phone": ""})
    good = post(staff, "/coordinate/school-sessions/speakers/new",
                {**NEW, "email": "", "phone": "07700 900 123"})

    assert errors_in(text(bad)) == [
        "Enter an email address in the right format, like name@example.org"]
    assert 'value="not-an-email"' in text(bad)
    assert good.status_code == 302
    assert [(s.email, s.phone) for s in Speaker.select()] == [("", "07700 900 123")]


def test_the_form_asks_nothing_about_origin_and_says_so(staff):
    page = text(staff.get("/coordinate/school-sessions/speakers/new"))

    form = page.split('action="/coordinate/school-sessions/speakers/new"')[1].split("</form>")[0]

    assert set(re.findall(r'name="([^"]+)"', form)) == {
        "csrf_token", "name", "email", "phone", "language", "formats", "topics", "languages",
        "usual_days", "wants_feedback", "notes", "form_key"}
    assert "We never ask a speaker where they come from, their nationality or their " \
        "immigration status" in plain(page)
    assert "The only thing schools will ever see of them" in page


def test_changing_a_speaker_trails_the_fields_changed_never_their_values(staff, coordinator):
    speaker = make_speaker(name="Amal", email="amal@example.net")
    form = {**NEW, "email": "amal.new@example.net", "notes": "Now prefers afternoons"}

    response = post(staff, f"/coordinate/school-sessions/speakers/{speaker.id}/edit", form)

    assert response.status_code == 302
    assert (fresh(speaker).email, fresh(speaker).notes) == ("amal.new@example.net",
                                                            "Now prefers afternoons")
    event = AuditEvent.get(AuditEvent.kind == "speaker.updated")
    assert "amal" not in str(event.detail) and "afternoons" not in str(event.detail)
    assert "email" in event.detail["fields"] and "notes" in event.detail["fields"]


# ---------------------------------------------------------------------------- consent


def test_consent_needs_the_box_ticked(staff):
    speaker = make_speaker(consent=False)

    response = post(staff, f"/coordinate/school-sessions/speakers/{speaker.id}/consent", {})

    assert response.status_code == 200
    assert errors_in(text(response)) == [
        "Tick the box once they have told you they agree to be contacted"]
    assert fresh(speaker).consent_at is None


def test_consent_is_recorded_with_who_and_when_and_can_be_withdrawn(staff, coordinator):
    speaker = make_speaker(consent=False)
    url = f"/coordinate/school-sessions/speakers/{speaker.id}"

    post(staff, f"{url}/consent", {"agreed": "y"})
    post(staff, f"{url}/consent", {"agreed": "y"})  # a second click records nothing more
    recorded = fresh(speaker)
    page = plain(text(staff.get(url)))
    post(staff, f"{url}/consent/withdraw")

    assert (recorded.has_consent, recorded.consent_recorded_by_id) == (True, coordinator.id)
    assert "Recorded on" in page and f"by {coordinator.name_or_email}" in page
    assert fresh(speaker).has_consent is False
    assert [e.kind for e in AuditEvent.select().where(AuditEvent.subject_kind == "speaker")
            .order_by(AuditEvent.id)] == ["speaker.consent_recorded",
                                     "speaker.consent_withdrawn"]


# ---------------------------------------------------------------------------- removal


def test_removing_a_speaker_asks_first_then_empties_their_details(staff, coordinator):
    speaker = make_speaker(name="Amal", email="amal@example.net", notes="Private note",
                           topics="My story")
    url = f"/coordinate/school-sessions/speakers/{speaker.id}/remove"

    asked = text(staff.get(url))
    untouched = fresh(speaker)
    response = post(staff, url)

    assert "It cannot be undone" in asked and untouched.removed_at is None
    assert response.headers["Location"] == "/coordinate/school-sessions/speakers"
    gone = fresh(speaker)
    assert (gone.email, gone.phone, gone.notes, gone.topics) == ("", "", "", "")
    assert gone.removed_at is not None and not gone.has_consent
    assert staff.get(f"/coordinate/school-sessions/speakers/{speaker.id}/edit").status_code == 404
    assert "Details removed" in text(staff.get(
        f"/coordinate/school-sessions/speakers/{speaker.id}"))


# ---------------------------------------------------------------------------- on a booking


def test_the_booking_page_offers_consenting_speakers_of_its_format_usual_day_first(
        staff, coordinator):
    booking = confirmed_booking(coordinator)
    weekday = booking.session_date.weekday()
    make_speaker(name="Zainab", usual_days=[weekday])
    make_speaker(name="Amal", usual_days=[(weekday + 1) % 5])
    make_speaker(name="Bilal", consent=False)
    make_speaker(name="Chen", formats=["assembly"])  # the booking is a workshop

    page = text(staff.get(f"/coordinate/school-sessions/{booking.id}"))

    assert invite_options(page) == ["Zainab", "Amal"]
    assert "Usually free on this day of the week" in page


def test_a_speaker_without_consent_cannot_be_invited(staff, coordinator):
    booking = confirmed_booking(coordinator)
    speaker = make_speaker(consent=False)

    response = post(staff, f"/coordinate/school-sessions/{booking.id}/invite",
                    {"speaker": str(speaker.id)})

    assert response.status_code == 200
    assert errors_in(text(response)) == [str(CHOOSE_SPEAKER)]
    assert SpeakerAssignment.select().count() == 0


def test_inviting_recording_a_yes_and_calling_off(staff, coordinator):
    booking = confirmed_booking(coordinator)
    speaker = make_speaker(name="Amal")
    base = f"/coordinate/school-sessions/{booking.id}"

    invited = post(staff, f"{base}/invite", {"speaker": str(speaker.id)})
    page = text(staff.get(f"{base}"))
    again = post(staff, f"{base}/invite", {"speaker": str(speaker.id)})  # a double click
    assignment = SpeakerAssignment.get()
    post(staff, f"{base}/speakers/{assignment.id}/yes")
    accepted = fresh(assignment).state
    post(staff, f"{base}/speakers/{assignment.id}/call-off")

    assert invited.headers["Location"] == again.headers["Location"] == f"{base}#speakers"
    assert "Amal is invited to this session." in plain(page)
    assert next(row for row in table_rows(page) if row.startswith("Amal")).startswith(
        "Amal Invited")
    assert invite_options(page) == []  # already invited: not offered again
    assert (accepted, fresh(assignment).state) == (AssignmentState.ACCEPTED,
                                                   AssignmentState.CANCELLED)


def test_a_refused_invitation_is_shown_as_the_forms_error(staff, coordinator, monkeypatch):
    # The refusal's reasons (two places at once, too many sessions in a day) are the
    # assignments service's; here it refuses, and the page must say why.
    booking = confirmed_booking(coordinator)
    speaker = make_speaker()

    def refuse(booking, speaker, *, by):
        raise assignments.AssignmentRefused("They are in another session at that time.")

    monkeypatch.setattr(assignments, "invite", refuse)
    response = post(staff, f"/coordinate/school-sessions/{booking.id}/invite",
                    {"speaker": str(speaker.id)})

    assert response.status_code == 200
    assert errors_in(text(response)) == ["They are in another session at that time."]


def test_the_invite_page_is_for_confirmed_bookings_only(staff):
    requested = make_booking()

    assert staff.get(f"/coordinate/school-sessions/{requested.id}/invite").status_code == 404
    assert "Invite a speaker" not in text(staff.get(f"/coordinate/school-sessions/{requested.id}"))


def test_an_assignment_of_another_booking_is_not_found(staff, coordinator):
    one, other = confirmed_booking(coordinator), confirmed_booking(coordinator)
    assignment = assignments.invite(one, make_speaker(), by=coordinator)

    response = post(staff, f"/coordinate/school-sessions/{other.id}/speakers/{assignment.id}/yes")

    assert response.status_code == 404
    assert fresh(assignment).state == AssignmentState.INVITED


# ---------------------------------------------------------------------------- what schools see


def test_the_school_sees_the_name_once_the_speaker_said_yes_and_not_before(app, coordinator):
    booking = confirmed_booking(coordinator)
    school = app.test_client()
    sign_in(school, booking.organisation.active_members()[0].user)
    assignment = assignments.invite(booking, make_speaker(name="Amal"), by=coordinator)

    invited = plain(text(school.get(f"/school-sessions/bookings/{booking.id}")))
    assignments.accept(assignment)
    accepted = plain(text(school.get(f"/school-sessions/bookings/{booking.id}")))

    assert "Amal" not in invited and "Speaker to be confirmed" in invited
    assert "Your speaker: Amal" in accepted


# ---------------------------------------------------------------------------- the dashboard


def test_the_dashboard_counts_sessions_soon_with_no_speaker_yet(staff, coordinator):
    soon, later = confirmed_booking(coordinator, days_ahead=5), confirmed_booking(
        coordinator, days_ahead=40)
    staffed = confirmed_booking(coordinator, days_ahead=6)
    assignments.accept(assignments.invite(staffed, make_speaker(), by=coordinator))
    assignments.invite(soon, make_speaker(), by=coordinator)  # invited is not coming yet

    page = plain(text(staff.get("/dashboard")))

    assert roster_queries.sessions_without_speaker(london_today()) == 1
    assert "1 confirmed session in the next 14 days has no speaker yet" in page
    assert later.session_date > london_today() + datetime.timedelta(days=14)

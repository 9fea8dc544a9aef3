"""After the session: the school's feedback form, kept once per session and changed in place;
coordinators read it; its comments for speakers go only to those who asked for them."""
import datetime
import html
import re

import pytest

from sanctuary.accounts.models import Role
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today, moved, utcnow
from sanctuary.core.outbox import OutboxMessage
from sanctuary.schools import services
from sanctuary.schools.models import (
    AssignmentState,
    SessionFeedback,
    Speaker,
    SpeakerAssignment,
)
from tests.factories import make_booking, make_school, make_user
from tests.support.client import post, sign_in, text

ANSWERS = {"how_it_went": "very_well", "reached": "64", "book_again": "yes",
           "for_speaker": "The pupils loved your story.", "comments": "Hall was too small."}


def plain(page):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def errors_in(page):
    summary = page.split('class="error-summary__list"')[1].split("</ul>")[0]
    return [html.unescape(message) for message in re.findall(r'<a href="#[^"]+">([^<]*)</a>',
                                                             summary)]


def fresh(row):
    return type(row).get_by_id(row.id)


@pytest.fixture
def coordinator(app):
    return make_user(roles=[Role.COORDINATOR], password="c" * 12)


@pytest.fixture
def held(coordinator):
    """A session confirmed for three days from now (tests move the clock past it)."""
    day = london_today() + datetime.timedelta(days=3)
    booking = make_booking(proposed=[day])
    return services.confirm(booking, by=coordinator, date=day, starts_at="10:00",
                            ends_at="11:00")


def member_of(booking):
    return booking.organisation.active_members()[0].user


def signed_in(app, person):
    client = app.test_client()
    sign_in(client, person)
    return client


def url(booking):
    return f"/school-sessions/bookings/{booking.id}/feedback"


def speaker(booking, *, wants_feedback=True, state=AssignmentState.ACCEPTED, **overrides):
    """A speaker with consent recorded, and their part in `booking`."""
    fields = {"name": "Samira", "email": f"speaker{Speaker.select().count()}@example.org",
              "language": "en", "wants_feedback": wants_feedback, "consent_at": utcnow(),
              **overrides}
    row = Speaker.create(**fields)
    start = datetime.datetime.combine(booking.session_date, datetime.time(10, 0))
    SpeakerAssignment.create(booking=booking, speaker=row, state=state,
                             day=booking.session_date, starts=start,
                             ends=start + datetime.timedelta(hours=1))
    return row


def subjects_to(recipient):
    return [m.subject for m in OutboxMessage.select().where(OutboxMessage.recipient == recipient)]


def events(booking, kind):
    return AuditEvent.select().where((AuditEvent.subject_id == booking.id)
                                     & (AuditEvent.kind == kind)).count()


# ---------------------------------------------------------------------------- who and when


def test_the_form_opens_the_day_after_the_session_and_not_before(app, held):
    school = signed_in(app, member_of(held))

    before = school.get(url(held)).status_code
    with moved(days=3):
        on_the_day = school.get(url(held)).status_code
    with moved(days=4):
        after = text(school.get(url(held)))
        page = text(school.get(f"/school-sessions/bookings/{held.id}"))

    assert (before, on_the_day) == (404, 404)
    assert "How did the session go?" in after and "Send your feedback" in after
    assert f'href="{url(held)}"' in page and "Tell us how it went" in page


def test_a_delivered_session_takes_feedback_on_its_day_and_a_cancelled_one_never(
        app, held, coordinator):
    called_off = make_booking(proposed=[held.session_date])
    services.confirm(called_off, by=coordinator, date=held.session_date, starts_at="13:00",
                     ends_at="14:00")
    services.cancel(fresh(called_off), by=coordinator, reason="Snow", by_school=False)

    with moved(days=3):
        services.mark_delivered(fresh(held), by=coordinator)
        delivered = signed_in(app, member_of(held)).get(url(held)).status_code
    with moved(days=4):
        cancelled = signed_in(app, member_of(called_off)).get(url(called_off)).status_code

    assert (delivered, cancelled) == (200, 404)


def test_only_the_school_s_members_may_give_feedback(app, held, coordinator):
    other_school = make_user()
    make_school(member=other_school)
    reviewer = make_user(roles=[Role.REVIEWER], password="r" * 12)

    with moved(days=4):
        anonymous = app.test_client().get(url(held))
        refused = {who: signed_in(app, person).get(url(held)).status_code
                   for who, person in (("other school", other_school), ("reviewer", reviewer),
                                       ("coordinator", coordinator))}
        posted = post(signed_in(app, other_school), url(held), ANSWERS).status_code

    assert anonymous.headers["Location"].startswith("/sign-in?next=")
    assert refused == {"other school": 403, "reviewer": 403, "coordinator": 403}
    assert posted == 403
    assert SessionFeedback.select().count() == 0


# ---------------------------------------------------------------------------- giving it


def test_feedback_is_saved_once_sent_twice_and_changed_in_place(app, held):
    school = signed_in(app, member_of(held))

    with moved(days=4):
        first = post(school, url(held), ANSWERS)
        again = post(school, url(held), ANSWERS)  # a double click
        changed = post(school, url(held), {**ANSWERS, "how_it_went": "mixed", "reached": "60"})
        page = text(school.get(f"/school-sessions/bookings/{held.id}"))
        form = text(school.get(url(held)))

    feedback = SessionFeedback.get()
    assert [first.status_code, again.status_code, changed.status_code] == [302, 302, 302]
    assert first.headers["Location"] == f"/school-sessions/bookings/{held.id}"
    assert SessionFeedback.select().count() == 1
    assert (feedback.how_it_went, feedback.reached, feedback.book_again, feedback.for_speaker,
            feedback.comments, feedback.given_by_id) == (
        "mixed", 60, "yes", "The pupils loved your story.", "Hall was too small.",
        member_of(held).id)
    assert (events(held, "booking.feedback_given"),
            events(held, "booking.feedback_changed")) == (1, 1)
    assert "Some parts well, some not" in plain(page) and "Change your feedback" in page
    assert 'value="60"' in form and "Save the changes" in form


def test_mistakes_are_shown_and_what_was_typed_is_kept(app, held):
    school = signed_in(app, member_of(held))

    with moved(days=4):
        response = post(school, url(held), {**ANSWERS, "how_it_went": "", "reached": "2001",
                                            "book_again": "perhaps"})
        zero = post(school, url(held), {**ANSWERS, "reached": "0"})
        words = post(school, url(held), {**ANSWERS, "reached": "thirty"})

    page = text(response)
    assert response.status_code == 200
    assert errors_in(page) == [
        "Choose how the session went",
        "Enter how many pupils or staff took part, as a whole number from 1 to 2000",
        "Choose whether you would book a session again",
    ]
    assert 'value="2001"' in page and "The pupils loved your story.</textarea>" in page
    assert errors_in(text(zero)) == errors_in(text(words)) == [
        "Enter how many pupils or staff took part, as a whole number from 1 to 2000"]
    assert SessionFeedback.select().count() == 0


def test_coordinators_read_the_feedback_on_their_booking_page(app, held, coordinator):
    with moved(days=4):
        staff = signed_in(app, coordinator)  # staff sessions end sooner than four days
        waiting = plain(text(staff.get(f"/coordinate/school-sessions/{held.id}")))
        services.give_feedback(fresh(held), by=member_of(held), **{**ANSWERS, "reached": 64})
        given = plain(text(staff.get(f"/coordinate/school-sessions/{held.id}")))

    assert "The school has not said how it went yet." in waiting
    for shown in ("The school's feedback", "Very well", "64", "The pupils loved your story.",
                  "Hall was too small."):
        assert shown in given


# ---------------------------------------------------------------------------- for the speakers


def test_comments_for_speakers_go_only_to_accepted_speakers_who_asked_for_them(app, held):
    wants = speaker(held)
    does_not = speaker(held, wants_feedback=False)
    only_invited = speaker(held, state=AssignmentState.INVITED)
    withdrew_consent = speaker(held, consent_withdrawn_at=utcnow())
    by = member_of(held)

    with moved(days=4):
        services.give_feedback(fresh(held), by=by, **{**ANSWERS, "reached": 64})
        services.give_feedback(fresh(held), by=by, **{**ANSWERS, "reached": 64})  # again
        services.give_feedback(fresh(held), by=by, **{**ANSWERS, "reached": 64,
                                                      "comments": "Another thought."})
        services.give_feedback(fresh(held), by=by, **{**ANSWERS, "reached": 64,
                                                      "for_speaker": "Thank you again!"})

    assert services.speaker_feedback(fresh(held)) == [(wants, "Thank you again!")]
    assert subjects_to(wants.email) == ["What a school said about your session"] * 2
    bodies = [m.body_text for m in OutboxMessage.select().where(
        OutboxMessage.recipient == wants.email).order_by(OutboxMessage.id)]
    assert "The pupils loved your story." in bodies[0] and "Thank you again!" in bodies[1]
    assert by.email not in bodies[0] and held.contact_phone not in bodies[0]
    for other in (does_not, only_invited, withdrew_consent):
        assert subjects_to(other.email) == []


def test_nothing_is_passed_on_when_the_school_wrote_nothing_for_the_speaker(app, held):
    wants = speaker(held)

    with moved(days=4):
        services.give_feedback(fresh(held), by=member_of(held),
                               **{**ANSWERS, "reached": 64, "for_speaker": "  "})

    assert services.speaker_feedback(fresh(held)) == []
    assert subjects_to(wants.email) == []

"""A speaker's private details never reach a school: not on a page, a fragment, a calendar file
or an email. And nobody but coordinators gets into the register of speakers."""
import datetime
import email
import re
from pathlib import Path

import pytest

from sanctuary.accounts.models import Role
from sanctuary.core.clock import london_today
from sanctuary.core.jobs import send_reminders
from sanctuary.core.outbox import OutboxAttachment, OutboxMessage
from sanctuary.schools import services
from sanctuary.schools.models import AssignmentState, Booking, Speaker, SpeakerAssignment
from sanctuary.schools.services import assignments
from tests.factories import make_booking, make_slot, make_speaker, make_user
from tests.support.client import post, sign_in, text

PRIVATE_EMAIL = "amal.private.7Q4@example.net"
PRIVATE_PHONE = "07700 900 417"
PLANTED = [PRIVATE_EMAIL, PRIVATE_PHONE, PRIVATE_PHONE.replace(" ", ""),
           "Topic-secret-R2 my journey", "Notes-secret-K9 prefers mornings",
           "Language-secret-L5"]
NAME = "Amal"


def leaks(content):
    """The planted details found in `content` (text or bytes)."""
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    content = content.lower()
    return [planted for planted in PLANTED if planted.lower() in content]


def school_facing_urls(app, booking, token):
    """Every GET route of the school sessions pages and the dashboard that a school's member
    (or the holder of its manage link) reaches, filled in with this booking."""
    arguments = {"booking_id": booking.id, "token": token}
    urls = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint.split(".")[0] not in {
                    "schools", "dashboard"}:
                continue
            if not set(rule.arguments) <= set(arguments) or rule.rule.startswith("/coordinate"):
                continue
            if "token" in rule.arguments and not rule.endpoint.startswith("schools.manage"):
                continue  # another link's page (a speaker's): not the school's
            urls.append(url_for(rule.endpoint, **{name: arguments[name]
                                                  for name in rule.arguments}))
    return sorted(urls)


def sent_messages(app):
    """Every message the dev mailbox received, parsed."""
    mailbox = Path(app.config["DEV_MAILBOX"])
    return [email.message_from_bytes(path.read_bytes())
            for path in sorted(mailbox.glob("*.eml"))] if mailbox.exists() else []


def decoded_parts(message):
    """The whole text of a sent message: headers and every part, decoded (base64 or
    quoted-printable would hide a planted detail from a plain search)."""
    parts = [str(value) for value in message.values()]
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if payload:
            parts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
    return "\n".join(parts)


def test_a_speakers_private_details_reach_no_school_page_file_or_email(app):
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    staff = app.test_client()
    sign_in(staff, coordinator)
    speaker = make_speaker(name=NAME, email=PRIVATE_EMAIL, phone=PRIVATE_PHONE,
                           topics="Topic-secret-R2 my journey",
                           notes="Notes-secret-K9 prefers mornings",
                           languages="Language-secret-L5", wants_feedback=True)
    slot = make_slot(days_ahead=4)  # within the school's reminder week
    booking = services.confirm(make_booking(slot=slot), by=coordinator, slot=slot)
    member = booking.organisation.active_members()[0].user
    school_addresses = {booking.contact_email, booking.organisation.contact_email, member.email}
    # Invited and accepted as coordinators do it, through their pages.
    post(staff, f"/coordinate/school-sessions/{booking.id}/invite", {"speaker": str(speaker.id)})
    assignment = SpeakerAssignment.get(SpeakerAssignment.speaker == speaker)
    post(staff, f"/coordinate/school-sessions/{booking.id}/speakers/{assignment.id}/yes")
    assert SpeakerAssignment.get_by_id(assignment.id).state == AssignmentState.ACCEPTED
    send_reminders(app, london_today())  # the school's "coming up" email, with the speaker set
    token = services.manage_token(booking)

    school, link_holder = app.test_client(), app.test_client()
    sign_in(school, member)
    urls = school_facing_urls(app, booking, token)
    pages = {}
    for url in urls:
        client = link_holder if "/manage/" in url else school
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            pages[(url, bool(headers))] = (response.status_code, response.get_data())

    # The feedback form opens once the session is over: walked as it will be then.
    held_on = booking.session_date
    Booking.update(session_date=london_today() - datetime.timedelta(days=1)).where(
        Booking.id == booking.id).execute()
    feedback_url = f"/school-sessions/bookings/{booking.id}/feedback"
    for headers in ({}, {"HX-Request": "true"}):
        response = school.get(feedback_url, headers=headers)
        pages[(feedback_url, bool(headers))] = (response.status_code, response.get_data())
    Booking.update(session_date=held_on).where(Booking.id == booking.id).execute()

    # The coordinators call the session off: the school's cancellation email and its .ics too.
    post(staff, f"/coordinate/school-sessions/{booking.id}/cancel", {"reason": "Snow day"})
    queued = [message for message in OutboxMessage.select()
              if message.recipient in school_addresses]
    attachments = [attachment.data for attachment in OutboxAttachment.select().where(
        OutboxAttachment.message.in_([message.id for message in queued]))]
    mailed = [message for message in sent_messages(app)
              if set(re.findall(r"[\w.+-]+@[\w.-]+", message.get("To", ""))) & school_addresses]

    booking_page = text(school.get(f"/school-sessions/bookings/{booking.id}"))
    ics = pages[(f"/school-sessions/bookings/{booking.id}/calendar.ics", False)]
    assert {f"/school-sessions/bookings/{booking.id}", f"/school-sessions/manage/{token}",
            f"/school-sessions/bookings/{booking.id}/calendar.ics", "/school-sessions/bookings",
            "/school-sessions", "/dashboard"} <= set(urls)
    # The evidence page is for organisations working towards an award, not for schools.
    evidence_url = f"/school-sessions/bookings/{booking.id}/evidence"
    assert {url: status for (url, _htmx), (status, _body) in pages.items()
            if status != 200} == {evidence_url: 404}
    assert {key: leaks(body) for key, (_status, body) in pages.items() if leaks(body)} == {}
    assert ics[0] == 200 and NAME.encode() not in ics[1]
    # Shown by name, once they said yes: on the booking page and the manage link's page.
    assert f"Your speaker: <bdi>{NAME}</bdi>" in pages[(
        f"/school-sessions/bookings/{booking.id}", False)][1].decode()
    assert f"Your speaker: <bdi>{NAME}</bdi>" in pages[(
        f"/school-sessions/manage/{token}", False)][1].decode()
    assert f"<bdi>{NAME}</bdi>" not in booking_page  # cancelled: no speaker is coming any more
    assert len(queued) >= 3 and len(mailed) >= 1  # requested, confirmed, coming up, cancelled
    assert [leaks(" ".join(filter(None, (m.subject, m.body_text, m.body_html))))
            for m in queued if leaks(" ".join(filter(None, (m.subject, m.body_text,
                                                               m.body_html))))] == []
    assert [leaks(data) for data in attachments if leaks(data)] == []
    assert [leaks(decoded_parts(m)) for m in mailed if leaks(decoded_parts(m))] == []
    assert not any(NAME.encode() in data for data in attachments)


# ---------------------------------------------------------------------------- who gets in


def roster_urls(booking, speaker, assignment):
    base = "/coordinate/school-sessions"
    people = f"{base}/speakers/{speaker.id}"
    gets = [f"{base}/speakers", f"{base}/speakers/new", people, f"{people}/edit",
            f"{people}/remove", f"{base}/{booking.id}/invite"]
    posts = [(f"{base}/speakers/new", {"name": "Intruder", "phone": "1", "language": "en",
                                       "formats": ["assembly"]}),
             (f"{people}/edit", {"name": "Intruder", "phone": "1", "language": "en",
                                 "formats": ["assembly"]}),
             (f"{people}/consent", {"agreed": "y"}), (f"{people}/consent/withdraw", {}),
             (f"{people}/remove", {}),
             (f"{base}/{booking.id}/invite", {"speaker": str(speaker.id)}),
             (f"{base}/{booking.id}/speakers/{assignment.id}/yes", {}),
             (f"{base}/{booking.id}/speakers/{assignment.id}/call-off", {})]
    return gets, posts


def snapshot():
    return ([tuple(row) for row in Speaker.select().tuples()],
            [tuple(row) for row in SpeakerAssignment.select().tuples()])


@pytest.mark.parametrize("visitor", ["school", "anonymous", "reviewer"])
def test_nobody_but_coordinators_gets_into_the_register(app, visitor):
    coordinator = make_user(roles=[Role.COORDINATOR])
    slot = make_slot()
    booking = services.confirm(make_booking(slot=slot), by=coordinator, slot=slot)
    speaker = make_speaker(name=NAME, email=PRIVATE_EMAIL, phone=PRIVATE_PHONE)
    other = make_speaker(name="Bilal")
    assignment = assignments.invite(booking, other, by=coordinator)
    client = app.test_client()
    if visitor == "school":
        sign_in(client, booking.organisation.active_members()[0].user)
    elif visitor == "reviewer":
        sign_in(client, make_user(roles=[Role.REVIEWER], password="r" * 12))
    gets, posts = roster_urls(booking, speaker, assignment)
    before = snapshot()

    answers = [client.get(url) for url in gets] + [post(client, url, data) for url, data in posts]

    expected = "/sign-in" if visitor == "anonymous" else 403
    assert [response.headers.get("Location", "").split("?")[0] if visitor == "anonymous"
            else response.status_code for response in answers] == [expected] * len(answers)
    assert not any(leaks(response.get_data()) for response in answers)
    assert snapshot() == before

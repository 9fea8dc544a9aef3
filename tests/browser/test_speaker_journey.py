"""A Community Forum speaker from the register to a cancelled session, as its people would live
it: a coordinator records a new speaker and their consent, and invites them to a confirmed
session; the invitation reaches the SMTP server; the speaker, with no account, opens the link in
it (looking changes nothing) and accepts; the school sees only the speaker's chosen name; the
coordinator cancels the session, and the speaker is told by email."""
import re

import pytest
from playwright.sync_api import expect

from tests.support.checks import page_problems
from tests.support.live import sign_in_with_link
from tests.support.mail import wait_for_email

SCHOOL_EMAIL = "office@brockley-primary.example.org"
SPEAKER_EMAIL = "nadia.forum@example.org"
# What only the coordinators may ever see of the speaker.
CONTACT_DETAILS = (SPEAKER_EMAIL, "07700 900456", "Learning English at night school",
                   "Prefers afternoons near Catford")
SPEAKING_LINK = re.compile(r"https?://\S+/school-sessions/speaking/[^\s/]+")

# A workshop confirmed for a school in a published slot six weeks ahead.
CONFIRMED_BOOKING = f"""
from sanctuary.schools.services import confirm
from tests.factories import make_booking, make_school, make_slot, make_user
member = make_user(email={SCHOOL_EMAIL!r}, display_name="Brockley Office")
slot = make_slot(days_ahead=45, formats=["workshop"], starts_at="09:30", ends_at="10:30")
booking = make_booking(school=make_school(member=member, name="Brockley Primary"), slot=slot)
booking = confirm(booking, by=None, slot=slot)
print(booking.id, booking.reference)
"""

# Her invitation's state, when it was answered, and when its link was last used.
ASSIGNMENT = """
from sanctuary.core.links import Link
from sanctuary.schools.models import Speaker, SpeakerAssignment
from sanctuary.schools.services.assignments import SPEAKER_LINK
[row] = SpeakerAssignment.select().join(Speaker).where(Speaker.email == {email!r})
[link] = Link.select().where((Link.purpose == SPEAKER_LINK) & (Link.subject_id == row.id))
print(row.state, row.answered_at or "-", link.used_at or "-")
"""


def assignment_state(live_server):
    return live_server.run_python(ASSIGNMENT.format(email=SPEAKER_EMAIL)).stdout.split()


def new_page(browser, live_server, console, **options):
    page = browser.new_context(base_url=live_server.url, locale="en-GB", **options).new_page()
    page.on("console", lambda m: m.type == "error" and console.record(m.text))
    return page


@pytest.mark.smtp
def test_a_speaker_is_recorded_invited_accepts_from_the_email_and_hears_of_the_cancellation(
        browser, live_server, staff_state, smtp, console):
    live_server.reset_database()
    booking_id, _reference = live_server.run_python(CONFIRMED_BOOKING).stdout.split()

    # The coordinator records the speaker, with what they want us to keep, and their consent.
    staff = new_page(browser, live_server, console, storage_state=staff_state)
    staff.goto("/coordinate/school-sessions/speakers?lang=en")
    staff.get_by_role("link", name="Add a speaker").first.click()
    staff.get_by_label("First name or alias").fill("Nadia")
    staff.get_by_label("Email address").fill(SPEAKER_EMAIL)
    staff.get_by_label("Phone number").fill(CONTACT_DETAILS[1])
    staff.get_by_label("Classroom workshop").check()
    staff.get_by_label("What they choose to talk about (optional)").fill(CONTACT_DETAILS[2])
    staff.get_by_label("Notes (optional)").fill(CONTACT_DETAILS[3])
    staff.get_by_role("button", name="Save the speaker").click()
    expect(staff.locator("h1")).to_have_text("Nadia")
    staff.get_by_label("I have asked them and they agree to be contacted about sessions").check()
    staff.get_by_role("button", name="Record their consent").click()
    expect(staff.locator("#main")).to_contain_text("consent to be contacted about sessions is "
                                                   "recorded")

    # On the confirmed booking's page, the coordinator invites her.
    staff.goto(f"/coordinate/school-sessions/{booking_id}?lang=en")
    staff.get_by_role("radio", name="Nadia").check()
    staff.get_by_role("button", name="Invite this speaker").click()
    expect(staff.locator("#main")).to_contain_text("Nadia is invited to this session.")

    # The invitation reaches her; she opens its link with no account, and looking changes nothing.
    invitation = wait_for_email(smtp, SPEAKER_EMAIL, subject_contains="Can you speak")
    link = SPEAKING_LINK.search(invitation.get_body(("plain",)).get_content()).group(0)
    before = assignment_state(live_server)
    speaker = new_page(browser, live_server, console)
    speaker.goto(link)
    expect(speaker.locator("h1")).to_have_text("Your school session")
    expect(speaker.locator("#main")).to_contain_text("Brockley Primary")
    assert page_problems(speaker, "en") == []
    assert before[0] == "invited"
    assert before[1:] == ["-", "-"]
    assert assignment_state(live_server) == before  # still invited, the link not marked used
    speaker.get_by_role("button", name="Accept: I can come").click()
    expect(speaker.locator("#main")).to_contain_text("Thank you: you are coming.")
    assert assignment_state(live_server)[0] == "accepted"

    # The school sees the name she chose, and nothing else of her.
    school = new_page(browser, live_server, console)
    sign_in_with_link(school, smtp, SCHOOL_EMAIL)
    school.goto(f"/school-sessions/bookings/{booking_id}?lang=en")
    expect(school.locator("#main")).to_contain_text("Your speaker: Nadia")
    shown = school.content()
    assert [detail for detail in CONTACT_DETAILS if detail in shown] == []

    # The coordinator cancels the session: she is told it will not take place.
    staff.goto(f"/coordinate/school-sessions/{booking_id}/cancel?lang=en")
    staff.get_by_label("Why the session is cancelled").fill("The school is closed for a flood.")
    staff.get_by_role("button", name="Cancel the session").click()
    expect(staff.locator(".summary-list").first).to_contain_text("Cancelled")
    cancelled = wait_for_email(smtp, SPEAKER_EMAIL,
                               subject_contains="Cancelled: the school session you were coming to")
    assert "Brockley Primary" in cancelled.get_body(("plain",)).get_content()
    for page in (staff, speaker, school):
        page.context.close()
    assert console.unexpected() == []

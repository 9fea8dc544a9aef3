"""A school's booking from end to end, as its people would live it: a new school asks for a
workshop in a published slot on a date in British Summer Time, the coordinator confirms it, the
confirmation email that reaches the SMTP server carries a calendar invitation at the right local
time, and the school cancels from the manage link in that email: a cancellation for the same
calendar event follows."""
import datetime
import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.support.live import sign_in_with_link
from tests.support.mail import wait_for_email

SCHOOL_EMAIL = "head@forest-hill-primary.example.org"
LONDON = "Europe/London"

# A Tuesday in summer time at least eleven weeks ahead, on an open day: off the first page of
# open dates, so the school looks further on as a person planning ahead would.
SUMMER_SLOT = """
import datetime
from zoneinfo import ZoneInfo
from sanctuary.core.clock import london_today
from sanctuary.schools.queries import is_closed
from tests.factories import make_slot
day = london_today() + datetime.timedelta(weeks=11)
london = ZoneInfo("Europe/London")
summer = lambda d: datetime.datetime(d.year, d.month, d.day, 12, tzinfo=london).dst()
while day.weekday() != 1 or not summer(day) or is_closed(day):
    day += datetime.timedelta(days=1)
print(make_slot(date=day, starts_at="13:10", ends_at="14:40", formats=["workshop"]).date)
"""


def calendar_in(message):
    """The .ics attached to an email, parsed, and its one event."""
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_content().encode()
                                  if isinstance(part.get_content(), str) else part.get_content())
    [event] = calendar.walk("VEVENT")
    return calendar, event


def booking_uid(live_server, reference):
    return live_server.run_python(
        "from sanctuary.schools.models import Booking\n"
        f"print(Booking.get(Booking.reference == {reference!r}).uid)").stdout.strip()


@pytest.mark.smtp
def test_a_school_asks_is_confirmed_gets_the_invitation_and_cancels_from_the_email(
        browser, live_server, staff_state, smtp, console):
    live_server.reset_database()
    slot_date = datetime.date.fromisoformat(live_server.run_python(SUMMER_SLOT).stdout.strip())
    school = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    school.on("console", lambda m: m.type == "error" and console.record(m.text))

    # The school: signs in with a link, finds the summer date, and asks.
    sign_in_with_link(school, smtp, SCHOOL_EMAIL)
    school.goto("/school-sessions?lang=en")
    card = school.get_by_role("listitem").filter(has_text="13:10")
    for _ in range(8):
        if card.count():
            break
        before = school.url
        school.get_by_role("link", name="Later dates").click()
        school.wait_for_url(lambda url, before=before: url != before)
    card.get_by_role("link", name=re.compile("Ask for this session")).click()
    school.get_by_label("Name of the school").fill("Forest Hill Primary")
    school.get_by_label("URN (optional, schools only)").fill("100456")
    school.get_by_label("Address of the school").fill("Dartmouth Road\nLondon")
    school.get_by_label("Postcode").fill("SE23 3HN")
    school.get_by_label("Your name", exact=True).fill("Grace Owusu")
    school.get_by_label("Your phone number").fill("020 7946 0200")
    school.get_by_label("Classroom workshop").check()
    school.get_by_label("Key stage 2 (years 3 to 6)").check()
    school.get_by_label("Year groups or key stage").fill("Year 6")
    school.get_by_label("Number of pupils or staff").fill("29")
    school.get_by_label("Name of the supervising teacher").fill("Mr Reid")
    school.get_by_label("Their phone number on the day").fill("020 7946 0201")
    school.get_by_label("We agree to the visit terms").check()
    school.get_by_role("button", name="Send the request").click()
    expect(school.locator("h1")).to_contain_text(re.compile(r"Booking SB-\d{4}-\d{4}"))
    reference = school.locator("h1 .ref").inner_text()

    # The coordinator: finds the request in the list and confirms it into the slot.
    staff = browser.new_context(base_url=live_server.url, locale="en-GB",
                                storage_state=staff_state).new_page()
    staff.on("console", lambda m: m.type == "error" and console.record(m.text))
    staff.goto("/coordinate/school-sessions?lang=en")
    staff.get_by_role("link", name=reference).click()
    staff.get_by_role("link", name="Confirm", exact=True).click()
    staff.get_by_role("button", name="Confirm the session").click()
    expect(staff.locator(".summary-list").first).to_contain_text("Confirmed")

    # The invitation: the booking's event, 13:10 on London's summer clock (12:10 UTC).
    confirmation = wait_for_email(smtp, SCHOOL_EMAIL, subject_contains="Confirmed")
    calendar, event = calendar_in(confirmation)
    uid = booking_uid(live_server, reference)
    start = event.decoded("dtstart")
    assert (str(calendar["method"]), str(event["uid"]), str(event["status"])) == (
        "REQUEST", uid, "CONFIRMED")
    assert (start.date(), start.strftime("%H:%M"), str(start.tzinfo)) == (
        slot_date, "13:10", LONDON)
    assert start.astimezone(datetime.UTC).strftime("%H:%M") == "12:10"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == [LONDON]

    # The school cancels from the manage link in that email, without signing in.
    body = confirmation.get_body(("plain",)).get_content()
    manage = re.search(r"https?://\S+/school-sessions/manage/\S+", body).group(0)
    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(manage)
    expect(visitor.locator("h1")).to_contain_text(reference)
    visitor.get_by_label("Why are you cancelling?").fill("The class has a trip that day.")
    visitor.get_by_role("button", name="Cancel the booking").click()
    expect(visitor.locator("body")).to_contain_text("cancelled")

    cancellation = wait_for_email(smtp, SCHOOL_EMAIL, subject_contains="Cancelled")
    calendar, cancelled = calendar_in(cancellation)
    assert (str(calendar["method"]), str(cancelled["uid"]), str(cancelled["status"])) == (
        "CANCEL", uid, "CANCELLED")
    assert int(cancelled["sequence"]) > int(event["sequence"])
    assert visitor.goto(manage).status == 410  # the link ended with the booking
    for page in (school, staff, visitor):
        page.context.close()
    assert console.unexpected() == []

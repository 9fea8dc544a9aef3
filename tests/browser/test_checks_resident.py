"""A resident books a secret-shopper check with nothing but the campaign code, with JavaScript
off and no email address; comes back later on another browser with only their reference, and
reports what happened; the coordinator sees the report."""
import datetime
import re

from playwright.sync_api import expect

from tests.support.checks import page_problems, problems_without_javascript
from tests.support.live import fill_date

LIVE_CAMPAIGN = """
from sanctuary.demo_checks import live_campaign
print(live_campaign().code)
"""
BOOKING = """
from sanctuary.checks.models import CheckBooking
booking = CheckBooking.get(CheckBooking.alias == "Robin")
print(booking.email, booking.state, booking.reports[0].score, booking.reports[0].out_of)
"""
# The good answer to each of the demo campaign's questions, but one: photo ID was asked for.
ANSWERS = (("Did staff ask you for photo ID?", "Yes"),
           ("Did staff ask you for proof of address?", "No"),
           ("Was a paper registration form available?", "Yes"),
           ("Did staff offer or confirm an interpreter?", "Yes"),
           ("Did staff ask about your immigration status?", "No"),
           ("Was the Safe Surgeries poster on display?", "Not sure"))


def resident(browser, live_server, console):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and console.record(m.text))
    return context, page


def problems(browser, page, languages=("en", "ar")):
    return problems_without_javascript(browser, page, languages)


def test_a_resident_books_with_the_code_comes_back_with_the_reference_and_reports(
        browser, live_server, staff_page, console):
    code = live_server.run_python(LIVE_CAMPAIGN).stdout.strip()
    context, page = resident(browser, live_server, console)

    page.goto("/?lang=en")
    page.get_by_role("link", name="Book a check with your campaign code").click()
    assert problems(browser, page) == []
    page.get_by_label("Campaign code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Book a check")
    page.get_by_role("button", name="Book the check").click()  # nothing chosen yet
    expect(page.get_by_role("alert")).to_contain_text("Choose a check")
    assert problems(browser, page) == []
    page.get_by_label(re.compile("^Hollybush Vale Medical Practice")).check()
    page.get_by_label("First name or alias").fill("Robin")
    page.get_by_label("I have read the briefing").check()
    page.get_by_role("button", name="Book the check").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your check is booked")
    reference = page.locator(".code-large").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}", reference)
    assert reference not in page.url
    assert problems(browser, page) == []
    context.close()

    # Later, on another browser: only the reference.
    context, page = resident(browser, live_server, console)
    page.goto("/?lang=en")
    page.get_by_role("link", name="Come back to your check with your reference").click()
    page.get_by_label("Your reference").fill(reference)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your check")
    expect(page.locator(".summary-list")).to_contain_text("Hollybush Vale Medical Practice")
    assert problems(browser, page) == []

    page.get_by_role("link", name="Report what happened").click()
    page.get_by_label("In person").check()
    for wording, answer in ANSWERS:
        page.get_by_role("group", name=wording).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Send the report").click()  # the date is missing
    expect(page.get_by_role("alert")).to_contain_text("Enter the day you visited or called")
    assert page.get_by_role("group", name=ANSWERS[0][0]).get_by_label(
        "Yes", exact=True).is_checked()  # nothing typed is lost
    assert problems(browser, page) == []
    fill_date(page, "When did you visit or call?", datetime.date.today())
    page.get_by_role("group", name="What happened in the end?").get_by_label(
        "Refused").check()
    page.get_by_label("How long did it take, in minutes? (optional)").fill("10")
    page.get_by_label("Anything else (optional)").fill("Asked for a passport first.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_contain_text("Your report is sent. Thank you.")
    expect(page.get_by_role("link", name="Change your report")).to_be_visible()
    context.close()

    assert live_server.run_python(BOOKING).stdout.split() == ["None", "reported", "4", "5"]

    # The coordinator sees it, beside the alias only.
    staff = staff_page
    staff.goto(live_server.url + "/coordinate/checks/campaigns/1/slots?lang=en")
    staff.get_by_role("row", name=re.compile("Hollybush Vale")).get_by_role(
        "link", name=re.compile("Robin")).click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Robin")
    expect(staff.locator("main")).to_contain_text("4 out of 5")
    expect(staff.locator("main")).to_contain_text("Asked for a passport first.")
    expect(staff.locator("main")).to_contain_text("Refused")
    assert page_problems(staff, "en") == []
    staff.goto(staff.url.split("?")[0] + "?lang=ar")
    assert page_problems(staff, "ar") == []
    assert console.unexpected() == []

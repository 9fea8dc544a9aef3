"""What comes of a check, with JavaScript off: the coordinator asks the checker about their
report, the checker answers on their code page, the coordinator accepts the report and sees it
in the campaign's results and chart, closes the campaign and publishes a service's result; the
public page, reached from the home page, shows the aggregate and the published service and
nothing about who checked or when."""
import re

from playwright.sync_api import expect

from tests.support.checks import page_problems, problems_without_javascript

# Campaign 1 of the browser tests' data is open, with slots on services 1 and 2 and "Sunflower"
# booked on service 1 (KFK-7CM-CH2). Four accepted checks of service 2, and Sunflower's report
# sent: photo ID asked for, every other good practice met, a note and a visit date of its own.
REPORTED = """
import datetime
from sanctuary.checks.models import Campaign, CheckBooking, Question, Service
from sanctuary.checks.services import reports
from tests.factories import make_check
campaign = Campaign.get_by_id(1)
for number in range(4):
    make_check(campaign, Service.get_by_id(2), alias=f"Helper {number}",
               visited_on=datetime.date(2026, 11, 2))
booking = CheckBooking.get(CheckBooking.reference == "KFK-7CM-CH2")
questions = Question.select().where(Question.campaign == campaign)
reports.save_report(booking, {"visited_on": datetime.date(2026, 11, 3), "channel": "phone",
                              "outcome": "registered", "minutes": 12, "changed_answer": None,
                              "notes": "Green scarf at the desk."},
                    {q.id: ("yes" if q.key == "asked_id" else q.good or "not_sure")
                     for q in questions})
assert reports.submit_report(booking) == []
print(Service.get_by_id(1).name, "|", Service.get_by_id(2).name)
"""
SECRETS = ("Sunflower", "Helper 0", "Green scarf", "2026-11-03", "3 November 2026", "3 Nov")


def anonymous(browser, live_server, console):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and console.record(m.text))
    return context, page


def coordinator(browser, staff_page):
    context = browser.new_context(java_script_enabled=False, base_url=staff_page.url,
                                  storage_state=staff_page.context.storage_state())
    return context, context.new_page()


def test_a_report_is_queried_answered_accepted_counted_and_published(
        browser, live_server, staff_page, console):
    console.allow(r"status of 400")  # a form sent empty is answered with its errors
    first, second = live_server.run_python(REPORTED).stdout.strip().split(" | ")
    staff_context, staff = coordinator(browser, staff_page)
    base = live_server.url

    staff.goto(f"{base}/coordinate/checks/bookings/1?lang=en")
    assert problems_without_javascript(browser, staff) == []
    staff.get_by_role("button", name="Send the question").click()  # nothing typed
    expect(staff.get_by_role("alert")).to_contain_text("Type your question to the checker")
    # The page with its errors, as a browser with JavaScript shows it too (axe needs it).
    staff_page.goto(f"{base}/coordinate/checks/bookings/1?lang=en")
    staff_page.get_by_role("button", name="Send the question").click()
    expect(staff_page.get_by_role("alert")).to_contain_text("Type your question")
    assert page_problems(staff_page, "en") == []
    staff.get_by_label("Your question to the checker").fill("Which ID did they ask for?")
    staff.get_by_role("button", name="Send the question").click()
    expect(staff.locator("main")).to_contain_text("Waiting for the checker's answer")

    checker_context, checker = anonymous(browser, live_server, console)
    checker.goto("/checks/return?lang=en")
    checker.get_by_label("Your reference").fill("KFK-7CM-CH2")
    checker.get_by_role("button", name="Continue").click()
    box = checker.get_by_role("region", name="A coordinator has a question about your report")
    expect(box).to_contain_text("Which ID did they ask for?")
    assert problems_without_javascript(browser, checker) == []
    checker.get_by_role("button", name="Send my answer").click()  # nothing typed
    expect(checker.get_by_role("alert")).to_contain_text("Type your answer")
    checker.get_by_label("Your answer").fill("A passport.")
    checker.get_by_role("button", name="Send my answer").click()
    expect(checker.get_by_role("status")).to_contain_text("Your answer is sent")
    expect(box).to_have_count(0)
    checker_context.close()

    staff.reload()
    expect(staff.locator("main")).to_contain_text("A passport.")
    staff.get_by_role("button", name="Accept this report").click()
    expect(staff.locator("main")).to_contain_text("It counts in the results")

    staff.goto(f"{base}/coordinate/checks/campaigns/1?lang=en")
    staff.get_by_role("link", name="See the campaign's results").click()
    main = staff.locator("main")
    expect(main).to_contain_text("2 of 2 planned services checked.")
    expect(main).to_contain_text("5 reports accepted.")
    # Photo ID was asked for in one report of five: the table says so, and the chart draws it.
    row = staff.locator("#answers-row-asked_id")
    expect(row.get_by_role("cell").nth(0)).to_have_text("1 (20%)")
    expect(row.get_by_role("cell").nth(1)).to_have_text("4 (80%)")
    segment = staff.locator("#answers-bar-asked_id .chart__segment--yes")
    assert (segment.get_attribute("data-count"), float(segment.get_attribute("width"))) == (
        "1", 20.0)
    for secret in SECRETS:
        expect(main).not_to_contain_text(secret)
    assert problems_without_javascript(browser, staff) == []

    staff.goto(f"{base}/coordinate/checks/campaigns/1?lang=en")
    staff.get_by_role("button", name="Close the campaign").click()
    staff.goto(f"{base}/coordinate/checks/services?lang=en")
    staff.get_by_role("link", name=re.compile(f"^Results for {re.escape(first)}")).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"Results for {first}")
    staff.get_by_role("region", name="Browser checks").get_by_role(
        "button", name="Publish this result").click()
    expect(staff.get_by_role("status")).to_contain_text("published")
    assert problems_without_javascript(browser, staff) == []
    staff_context.close()

    public_context, public = anonymous(browser, live_server, console)
    public.goto("/?lang=en")
    public.get_by_role("link", name="Results of local checks").click()
    main = public.locator("main")
    expect(main).to_contain_text("Browser checks")
    expect(main).to_contain_text("80%")  # four reports in five met "no photo ID asked"
    expect(public.get_by_role("heading", name=first)).to_be_visible()
    expect(main).not_to_contain_text(second)  # not published
    for secret in SECRETS:
        expect(main).not_to_contain_text(secret)
    assert problems_without_javascript(browser, public) == []
    public_context.close()
    assert console.unexpected() == []

"""One person on two devices (a phone and a laptop, each signed in): a save made from an older
copy on one never silently replaces newer text saved on the other, for an answer or a verdict."""
import pytest
from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.live import sign_in_as_staff

SECTION = "/applications/1/learn?lang=en"
REVIEW = "/panel/applications/3?lang=en"  # the staff user is on its panel


@pytest.fixture
def laptop(browser, live_server, staff_page):
    """The same person as `staff_page` (the phone), signed in again on another device."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    sign_in_as_staff(page)
    yield page
    context.close()


def test_an_answer_saved_from_an_older_copy_on_another_device_shows_both(staff_page, laptop):
    phone = staff_page
    phone.goto(SECTION)
    laptop.goto(SECTION)

    laptop.locator("textarea").first.fill("Newer words, typed on the laptop")
    expect(laptop.locator(".save-status").first).to_contain_text("Saved at")
    phone.locator("textarea").first.fill("Older copy, typed on the phone")

    status = phone.locator(".save-status").first
    expect(status).to_have_text("Not saved: see the message below")
    panel = phone.locator(".answer").first.get_by_role("alert")
    expect(panel).to_contain_text("Not saved: changed elsewhere")
    expect(panel).to_contain_text("in another tab or on another device")
    expect(panel).to_contain_text("Newer words, typed on the laptop")
    expect(phone.locator("textarea").first).to_have_value("Older copy, typed on the phone")
    assert axe_violations(phone) == []

    panel.get_by_role("button", name="Keep my version").click()
    expect(status).to_contain_text("Saved at")
    expect(panel).to_have_count(0)
    laptop.reload()
    expect(laptop.locator("textarea").first).to_have_value("Older copy, typed on the phone")


def test_the_pages_own_autosave_in_flight_never_conflicts_with_its_save_button(staff_page):
    staff_page.goto(SECTION)
    arrived = []

    def saved_but_answer_held(route):  # the server has saved it; the page has not heard yet
        arrived.append(route.fetch())

    staff_page.route("**/answers/*", saved_but_answer_held)
    staff_page.locator("textarea").first.fill("Typed, then saved with the button")
    for _ in range(50):
        if arrived:
            break
        staff_page.wait_for_timeout(100)
    assert len(arrived) == 1 and "Saved at" in arrived[0].text()

    # The page still holds version 0; its own autosave made version 1 meanwhile.
    staff_page.get_by_role("button", name="Save and go back to the task list").click()

    expect(staff_page.get_by_text("Your answers have been saved.")).to_be_visible()
    staff_page.goto(SECTION)
    expect(staff_page.locator("textarea").first).to_have_value("Typed, then saved with the button")


def test_a_verdict_saved_from_an_older_copy_on_another_device_shows_both(staff_page, laptop):
    phone = staff_page
    phone.goto(REVIEW)
    laptop.goto(REVIEW)
    laptop_row = laptop.locator("section.review-row").first
    phone_row = phone.locator("section.review-row").first

    laptop_row.get_by_label("Note for the panel").fill("Newer note, on the laptop")
    expect(laptop_row.get_by_role("status")).to_contain_text("Saved at")
    phone_row.get_by_label("Note for the panel").fill("Older note, on the phone")

    expect(phone_row.get_by_role("status")).to_have_text("Not saved: see the message below")
    panel = phone_row.get_by_role("alert")
    expect(panel).to_contain_text("Not saved: changed elsewhere")
    expect(panel).to_contain_text("Newer note, on the laptop")
    expect(phone_row.get_by_label("Note for the panel")).to_have_value("Older note, on the phone")
    assert axe_violations(phone) == []

    panel.get_by_role("button", name="Keep my version").click()
    expect(phone_row.get_by_role("status")).to_contain_text("Saved at")
    laptop.reload()
    expect(laptop.locator("section.review-row").first.get_by_label("Note for the panel")
           ).to_have_value("Older note, on the phone")

"""Answers save as people type, without ever losing a keystroke."""
import re

from playwright.sync_api import expect

from tests.support.axe import axe_violations

SECTION = "/applications/1/learn"


def first_answer(page):
    return page.locator("textarea").first


def test_typing_saves_and_survives_a_reload(staff_page):
    staff_page.goto(SECTION)
    box = first_answer(staff_page)

    box.click()
    staff_page.keyboard.type("We run a welcome desk")

    status = staff_page.locator(".save-status").first
    status.filter(has_text="Saved at").wait_for()
    assert status.get_attribute("role") == "status"
    staff_page.reload()
    assert first_answer(staff_page).input_value() == "We run a welcome desk"
    assert staff_page.locator(".save-status").first.inner_text().startswith("Saved at")
    assert axe_violations(staff_page) == []


def test_typing_on_while_a_save_is_in_flight_loses_nothing(staff_page):
    staff_page.goto(SECTION)
    held = []
    # Hold the first save on its way; let later ones through.
    staff_page.route("**/answers/*",
                     lambda route: route.continue_() if held else held.append(route))
    box = first_answer(staff_page)
    box.click()

    staff_page.keyboard.type("First part")
    staff_page.wait_for_function("() => document.querySelector('.save-status') !== null")
    for _ in range(50):
        if held:
            break
        staff_page.wait_for_timeout(100)
    assert len(held) == 1  # the first save is on its way, and held there
    staff_page.keyboard.type(", then more")
    held[0].continue_()

    staff_page.locator(".save-status").first.filter(has_text="Saved at").wait_for()
    staff_page.wait_for_function(
        "() => document.querySelector('input[name$=\"-version\"]').value === '2'")
    assert box.input_value() == "First part, then more"
    assert staff_page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    staff_page.reload()
    assert first_answer(staff_page).input_value() == "First part, then more"


def test_a_failed_save_says_so_and_keeps_the_text(staff_page, console):
    console.allow(r"net::ERR_FAILED|Failed to load resource|htmx:(afterRequest|sendError)")
    staff_page.goto(SECTION)
    staff_page.route("**/answers/*", lambda route: route.abort())
    first_answer(staff_page).click()

    staff_page.keyboard.type("Typed offline")

    staff_page.locator(".save-status").first.filter(has_text="Not saved").wait_for()
    expect(staff_page.locator("#alerts .notice--error")).to_be_visible()
    assert first_answer(staff_page).input_value() == "Typed offline"


def test_when_the_session_has_ended_the_text_stays_and_sign_in_is_offered(staff_page, console):
    console.allow(r"status of 401|Response Status Error Code 401")
    staff_page.goto(SECTION)
    # Let every response land first: a late one (a static file) would set the session cookie again.
    staff_page.wait_for_load_state("networkidle")
    staff_page.context.clear_cookies()  # signed out meanwhile (an expired or cleared session)
    statuses = []
    staff_page.on("response", lambda response: "/answers/" in response.url
            and statuses.append((response.status, response.headers.get("x-sanctuary-alert"))))
    first_answer(staff_page).click()

    staff_page.keyboard.type("Typed after the session ended")

    staff_page.wait_for_function(
        "() => document.querySelector('.save-status').textContent.length > 0")
    assert statuses == [(401, "1")], statuses
    alert = staff_page.locator("#alerts [role=alert]")
    alert.wait_for()
    assert (alert.get_by_role("link", name="Sign in again in a new tab").get_attribute("target")
            == "_blank")
    expect(staff_page.locator(".save-status").first).to_have_text(
        "Not saved: you have been signed out. What you typed is still here.",
        use_inner_text=True)
    assert first_answer(staff_page).input_value() == "Typed after the session ended"


def test_a_bad_date_saved_with_the_button_is_listed_at_the_top_with_focus(staff_page):
    staff_page.goto(SECTION)
    expect(staff_page.get_by_text("Your answers save as you type.")).to_be_visible()
    staff_page.locator("textarea").first.fill("Kept after the error")
    date = staff_page.get_by_role("group", name="Target date for the next steps").first
    date.get_by_label("Day", exact=True).fill("31")
    date.get_by_label("Month", exact=True).fill("13")
    date.get_by_label("Year", exact=True).fill("2027")

    staff_page.get_by_role("button", name="Save and go back to the task list").click()

    summary = staff_page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_have_text(
        "Target date for the next steps must be a real date")
    summary.get_by_role("link").first.click()
    date = staff_page.get_by_role("group", name="Target date for the next steps").first
    expect(date.get_by_label("Month", exact=True)).to_be_focused()  # the box that is wrong
    expect(date.get_by_label("Day", exact=True)).to_have_value("31")
    expect(date.get_by_label("Month", exact=True)).to_have_value("13")
    expect(staff_page.locator("textarea").first).to_have_value("Kept after the error")
    assert axe_violations(staff_page) == []


def test_a_date_typed_box_by_box_saves_only_once_it_is_whole_and_never_shows_an_error(
        staff_page):
    staff_page.goto(SECTION)
    status = staff_page.locator(".save-status").first
    date = staff_page.get_by_role("group", name="Target date for the next steps").first
    statuses = []
    staff_page.on("response", lambda response: "/answers/" in response.url
                  and statuses.append(response.status))

    date.get_by_label("Day", exact=True).click()
    staff_page.keyboard.type("30")  # the day only, then a pause: an autosave goes
    expect(status).to_have_text(re.compile(
        r"^Saved at \d\d:\d\d, except the target date, which is not complete yet$"))
    staff_page.keyboard.press("Tab")
    # Its autosave must land before the reload: one still on its way after it would be a save
    # from a closed page, made from an older version, which is a conflict.
    with staff_page.expect_response(lambda response: "/answers/" in response.url):
        staff_page.keyboard.type("6")
    expect(staff_page.locator(".field__error, [data-error-summary]")).to_have_count(0)
    staff_page.reload()
    date = staff_page.get_by_role("group", name="Target date for the next steps").first
    assert [date.get_by_label(part, exact=True).input_value()
            for part in ("Day", "Month", "Year")] == ["", "", ""]  # nothing wrong was saved

    # The page shows "Saved at" from the earlier save already: wait for this save's answer.
    with staff_page.expect_response(lambda response: "/answers/" in response.url
                                    and "except" not in response.text()) as whole:
        for part, value in (("Day", "30"), ("Month", "6"), ("Year", "2027")):
            date.get_by_label(part, exact=True).fill(value)
    assert "Saved at" in whole.value.text()
    expect(staff_page.locator(".save-status").first).to_have_text(
        re.compile(r"^Saved at \d\d:\d\d$"))
    staff_page.reload()
    date = staff_page.get_by_role("group", name="Target date for the next steps").first
    assert [date.get_by_label(part, exact=True).input_value()
            for part in ("Day", "Month", "Year")] == ["30", "6", "2027"]
    assert set(statuses) == {200}
    assert axe_violations(staff_page) == []

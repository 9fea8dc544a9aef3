"""Answers save as people type, without ever losing a keystroke."""
from tests.support.axe import axe_violations
from tests.support.live import sign_in_as_staff

SECTION = "/applications/1/learn"


def first_answer(page):
    return page.locator("textarea").first


def test_typing_saves_and_survives_a_reload(page):
    sign_in_as_staff(page)
    page.goto(SECTION)
    box = first_answer(page)

    box.click()
    page.keyboard.type("We run a welcome desk")

    status = page.locator(".save-status").first
    status.filter(has_text="Saved at").wait_for()
    assert status.get_attribute("role") == "status"
    page.reload()
    assert first_answer(page).input_value() == "We run a welcome desk"
    assert page.locator(".save-status").first.inner_text().startswith("Saved at")
    assert axe_violations(page) == []


def test_typing_on_while_a_save_is_in_flight_loses_nothing(page):
    sign_in_as_staff(page)
    page.goto(SECTION)
    held = []
    # Hold the first save on its way; let later ones through.
    page.route("**/answers/*", lambda route: route.continue_() if held else held.append(route))
    box = first_answer(page)
    box.click()

    page.keyboard.type("First part")
    page.wait_for_function("() => document.querySelector('.save-status') !== null")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert len(held) == 1  # the first save is on its way, and held there
    page.keyboard.type(", then more")
    held[0].continue_()

    page.locator(".save-status").first.filter(has_text="Saved at").wait_for()
    page.wait_for_function(
        "() => document.querySelector('input[name$=\"-version\"]').value === '2'")
    assert box.input_value() == "First part, then more"
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.reload()
    assert first_answer(page).input_value() == "First part, then more"


def test_a_failed_save_says_so_and_keeps_the_text(page, console):
    console.allow(r"net::ERR_FAILED|Failed to load resource|htmx:(afterRequest|sendError)")
    sign_in_as_staff(page)
    page.goto(SECTION)
    page.route("**/answers/*", lambda route: route.abort())
    first_answer(page).click()

    page.keyboard.type("Typed offline")

    page.locator(".save-status").first.filter(has_text="Not saved").wait_for()
    assert page.locator("#alerts .notice--error").is_visible()
    assert first_answer(page).input_value() == "Typed offline"


def test_when_the_session_has_ended_the_text_stays_and_sign_in_is_offered(page, console):
    console.allow(r"status of 401|Response Status Error Code 401")
    sign_in_as_staff(page)
    page.goto(SECTION)
    # Let every response land first: a late one (a static file) would set the session cookie again.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()  # signed out meanwhile (an expired or cleared session)
    statuses = []
    page.on("response", lambda response: "/answers/" in response.url
            and statuses.append((response.status, response.headers.get("x-sanctuary-alert"))))
    first_answer(page).click()

    page.keyboard.type("Typed after the session ended")

    page.wait_for_function("() => document.querySelector('.save-status').textContent.length > 0")
    assert statuses == [(401, "1")], statuses
    alert = page.locator("#alerts [role=alert]")
    alert.wait_for()
    assert alert.get_by_role("link", name="Sign in again in a new tab").get_attribute("target") == "_blank"
    assert page.locator(".save-status").first.inner_text() == "Not saved. What you typed is still here."
    assert first_answer(page).input_value() == "Typed after the session ended"

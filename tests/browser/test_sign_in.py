"""Signing in as people would: links from real email, passwords, invitations, ended sessions."""
import re
import time

import pytest

from tests.support.axe import axe_violations
from tests.support.live import sign_in_as_staff


def wait_for_email(smtp, recipient, timeout=10, subject_contains=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp.messages:
            if message["To"] == recipient and subject_contains in message["Subject"]:
                return message
        time.sleep(0.05)
    raise AssertionError(f"No email reached {recipient} within {timeout} seconds")


def link_in(message):
    return re.search(r"https?://\S+", message.get_body(("plain",)).get_content()).group(0)


@pytest.mark.smtp
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_new_person_signs_in_with_a_link_from_their_email(browser, live_server, smtp, console,
                                                         javascript):
    live_server.reset_database()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and console.record(m.text))

    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill("new.person@example.org")
    page.get_by_role("button", name="Send me a link").click()
    assert page.locator("h1").inner_text() == "Check your email"

    link = link_in(wait_for_email(smtp, "new.person@example.org"))
    page.goto(link)
    assert page.locator("h1").inner_text() == "Sign in"  # opening the link alone does nothing
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/dashboard")
    assert page.locator("h1").inner_text() == "Welcome, new.person@example.org"
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("link", name="Sign in").is_visible()
    context.close()
    assert console.unexpected() == []


@pytest.mark.smtp
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_coordinator_invites_a_reviewer_who_sets_a_password(page, browser, live_server, smtp,
                                                            javascript):
    sign_in_as_staff(page)
    page.get_by_role("link", name="Invite people").click()
    page.get_by_label("Their name").fill("Rita Reviewer")
    page.get_by_label("Their email address").fill("rita@example.org")
    page.get_by_label("Role").select_option("reviewer")
    page.get_by_role("button", name="Send the invitation").click()
    assert page.get_by_text("Invitation sent to rita@example.org.").is_visible()
    assert page.get_by_role("cell", name="Rita Reviewer").is_visible()

    link = link_in(wait_for_email(smtp, "rita@example.org"))
    reviewer = browser.new_context(base_url=live_server.url,
                                   java_script_enabled=javascript).new_page()
    reviewer.goto(f"{link}?lang=ar")
    assert reviewer.locator("html").get_attribute("dir") == "rtl"
    if javascript:  # axe runs as page script
        assert axe_violations(reviewer) == []
    reviewer.goto(f"{link}?lang=en")
    if javascript:
        assert axe_violations(reviewer) == []
    assert reviewer.get_by_label("Your name").input_value() == "Rita Reviewer"
    reviewer.get_by_label("New password", exact=True).fill("a good long password")
    reviewer.get_by_label("Type the new password again").fill("a different password")
    reviewer.get_by_role("button", name="Set my password and sign in").click()
    assert reviewer.get_by_role("link", name="The two passwords are not the same").is_visible()
    if javascript:
        assert reviewer.evaluate("document.activeElement.dataset.errorSummary") == ""
        assert axe_violations(reviewer) == []
    reviewer.get_by_label("New password", exact=True).fill("a good long password")
    reviewer.get_by_label("Type the new password again").fill("a good long password")
    reviewer.get_by_role("button", name="Set my password and sign in").click()

    reviewer.wait_for_url("**/dashboard")
    assert reviewer.locator("h1").inner_text() == "Welcome, Rita Reviewer"
    reviewer.context.close()


def test_an_htmx_post_after_the_session_ended_shows_sign_in_and_keeps_the_typing(page, console):
    console.allow(r"status of 401|Response Status Error Code 401")
    sign_in_as_staff(page)
    page.goto("/account")
    page.get_by_label("Your name").fill("Half-typed name")
    # Let every response land first: a late one (a static file) would set the session cookie again.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()  # the session is gone (a cleared or expired cookie)

    statuses = []
    page.on("response", lambda response: response.request.method == "POST"
            and statuses.append((response.status, response.request.headers.get("cookie"))))
    page.evaluate("htmx.ajax('POST', '/account', {source: 'form[action=\"/account\"]', swap: 'none'})")
    page.wait_for_function("() => document.querySelector('#alerts').children.length > 0")
    assert [status for status, _ in statuses] == [401], statuses

    alert = page.locator("#alerts [role=alert]")
    alert.wait_for()
    assert alert.locator(".notice__title").inner_text() == "You have been signed out"
    sign_in_link = alert.get_by_role("link", name="Sign in again in a new tab")
    assert sign_in_link.get_attribute("target") == "_blank"
    assert sign_in_link.get_attribute("href") == "/sign-in?next=/account"
    assert page.get_by_label("Your name").input_value() == "Half-typed name"
    assert axe_violations(page) == []


def test_an_htmx_get_after_signing_out_elsewhere_shows_sign_in(page, browser, live_server,
                                                               console):
    console.allow(r"status of 401|Response Status Error Code 401")
    sign_in_as_staff(page)
    page.goto("/account")
    page.get_by_label("Your name").fill("Still here")
    other = browser.new_context(base_url=live_server.url).new_page()
    sign_in_as_staff(other)
    other.goto("/account")
    other.get_by_role("button", name="Sign out everywhere").click()
    other.context.close()

    page.evaluate("htmx.ajax('GET', '/dashboard', {target: '#main', swap: 'innerHTML'})")

    page.locator("#alerts [role=alert]").wait_for()
    assert page.locator("h1").inner_text() == "Your account"
    assert page.get_by_label("Your name").input_value() == "Still here"


def test_keyboard_only_sign_in_with_password(page, live_server):
    page.goto("/staff/sign-in")
    page.locator("#email").focus()

    page.keyboard.type("coordinator@browser.example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("browser-tests-password")
    page.keyboard.press("Enter")

    page.wait_for_url("**/dashboard")

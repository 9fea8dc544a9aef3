"""Signing in as people would: links from real email, passwords, invitations, ended sessions."""
import pytest
from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.live import sign_in_as_staff
from tests.support.mail import link_in, wait_for_email


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
    expect(page.locator("h1")).to_have_text("Check your email", use_inner_text=True)

    link = link_in(wait_for_email(smtp, "new.person@example.org"))
    page.goto(link)
    expect(page.locator("h1")).to_have_text(
        "Sign in", use_inner_text=True)  # opening the link alone does nothing
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/dashboard")
    expect(page.locator("h1")).to_have_text("Welcome, new.person@example.org", use_inner_text=True)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    context.close()
    assert console.unexpected() == []


@pytest.mark.smtp
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_coordinator_invites_a_reviewer_who_sets_a_password(staff_page, browser, live_server, smtp,
                                                            javascript):
    staff_page.goto("/dashboard")
    staff_page.get_by_role("link", name="Invite people").click()
    staff_page.get_by_label("Their name").fill("Rita Reviewer")
    staff_page.get_by_label("Their email address").fill("rita@example.org")
    staff_page.get_by_label("Role").select_option("reviewer")
    staff_page.get_by_role("button", name="Send the invitation").click()
    expect(staff_page.get_by_text("Invitation sent to rita@example.org.")).to_be_visible()
    expect(staff_page.get_by_role("cell", name="Rita Reviewer")).to_be_visible()

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
    expect(reviewer.get_by_role("link", name="The two passwords are not the same")).to_be_visible()
    if javascript:
        expect(reviewer.locator("[data-error-summary]")).to_be_focused()
        assert axe_violations(reviewer) == []
    reviewer.get_by_label("New password", exact=True).fill("a good long password")
    reviewer.get_by_label("Type the new password again").fill("a good long password")
    reviewer.get_by_role("button", name="Set my password and sign in").click()

    reviewer.wait_for_url("**/dashboard")
    expect(reviewer.locator("h1")).to_have_text("Welcome, Rita Reviewer", use_inner_text=True)
    reviewer.context.close()


def test_an_htmx_post_after_the_session_ended_shows_sign_in_and_keeps_the_typing(staff_page,
                                                                                 console):
    console.allow(r"status of 401|Response Status Error Code 401")
    staff_page.goto("/account")
    staff_page.get_by_label("Your name").fill("Half-typed name")
    # Let every response land first: a late one (a static file) would set the session cookie again.
    staff_page.wait_for_load_state("networkidle")
    staff_page.context.clear_cookies()  # the session is gone (a cleared or expired cookie)

    statuses = []
    staff_page.on("response", lambda response: response.request.method == "POST"
            and statuses.append((response.status, response.request.headers.get("cookie"))))
    staff_page.evaluate(
        "htmx.ajax('POST', '/account', {source: 'form[action=\"/account\"]', swap: 'none'})")
    staff_page.wait_for_function("() => document.querySelector('#alerts').children.length > 0")
    assert [status for status, _ in statuses] == [401], statuses

    alert = staff_page.locator("#alerts [role=alert]")
    alert.wait_for()
    expect(alert.locator(".notice__title")).to_have_text(
        "You have been signed out", use_inner_text=True)
    sign_in_link = alert.get_by_role("link", name="Sign in again in a new tab")
    assert sign_in_link.get_attribute("target") == "_blank"
    assert sign_in_link.get_attribute("href") == "/sign-in?next=/account"
    assert staff_page.get_by_label("Your name").input_value() == "Half-typed name"
    assert axe_violations(staff_page) == []


def test_an_htmx_get_after_signing_out_elsewhere_shows_sign_in(staff_page, browser, live_server,
                                                               console):
    console.allow(r"status of 401|Response Status Error Code 401")
    staff_page.goto("/account")
    staff_page.get_by_label("Your name").fill("Still here")
    other = browser.new_context(base_url=live_server.url).new_page()
    sign_in_as_staff(other)
    other.goto("/account")
    other.get_by_role("button", name="Sign out everywhere").click()
    other.context.close()

    staff_page.evaluate("htmx.ajax('GET', '/dashboard', {target: '#main', swap: 'innerHTML'})")

    staff_page.locator("#alerts [role=alert]").wait_for()
    expect(staff_page.locator("h1")).to_have_text("Your account", use_inner_text=True)
    assert staff_page.get_by_label("Your name").input_value() == "Still here"


def test_keyboard_only_sign_in_with_password(page, live_server):
    page.goto("/staff/sign-in")
    page.locator("#email").focus()

    page.keyboard.type("coordinator@browser.example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("browser-tests-password")
    page.keyboard.press("Enter")

    page.wait_for_url("**/dashboard")

"""The whole journey, as a new organisation would make it: from a sign-in link to a submitted
application and its confirmation email, with JavaScript and without."""
import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.support import files
from tests.support.live import fill_date, sign_in_with_link
from tests.support.mail import wait_for_email


def answer_section(page, principle, evidence, javascript):
    # A click no longer waits for the page it leads to: counting the answers straight after it
    # once counted the task list's (none), and the section was left unanswered.
    section_url = re.compile(rf"/applications/\d+/{principle.lower()}(?:[?#]|$)")
    page.get_by_role("link", name=principle, exact=True).click()
    page.wait_for_url(section_url)
    answers = page.locator("section.answer")
    for index in range(answers.count()):
        answer = answers.nth(index)
        answer.get_by_label("What we are doing already").fill(f"{principle} now {index}")
        answer.get_by_label("What we will do next").fill(f"{principle} next {index}")
        fill_date(answer, "Target date for the next steps", datetime.date(2027, 6, 30))
        if javascript and index == 0:
            answer.locator(".save-status").filter(has_text="Saved at").wait_for()
    for index in range(answers.count()):
        answer = page.locator("section.answer").nth(index)
        if answer.get_by_text("Evidence required").count():
            answer.get_by_role("button", name=re.compile("Save and add evidence")).click()
            page.get_by_label("Choose a file").set_input_files(str(evidence))
            page.get_by_role("button", name="Upload").click()
            expect(page.get_by_role("link", name="Training record.pdf")).to_be_visible()
            page.get_by_role("link", name="Back to your answers").click()
            page.wait_for_url(section_url)
    page.get_by_role("button", name="Save and go back to the task list").click()
    expect(page.locator(f"#status-{principle.lower()}")).to_have_text(
        "Completed", use_inner_text=True)


@pytest.mark.smtp
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_new_organisation_applies_and_submits(browser, live_server, smtp, console, tmp_path,
                                                javascript):
    live_server.reset_database()
    evidence = tmp_path / "Training record.pdf"
    evidence.write_bytes(files.PDF)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and console.record(m.text))
    email = f"journey.{'js' if javascript else 'nojs'}@example.org"

    sign_in_with_link(page, smtp, email)
    page.get_by_role("link", name="Register an organisation").click()
    page.get_by_label("Name of the organisation").fill("Journey Bakery")
    page.get_by_label("Business or workplace").check()
    page.get_by_label("1 to 9 staff").check()
    page.get_by_label("Name of your sanctuary contact").fill("Jo Contact")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("We sign the pledge").check()
    page.get_by_label("Yes, show our name").check()
    page.get_by_role("button", name="Sign the pledge").click()
    page.get_by_role("button", name="Start your application").click()

    for principle in ("Learn", "Embed", "Share"):
        answer_section(page, principle, evidence, javascript)
    expect(page.get_by_text("5 of 6 sections completed")).to_be_visible()

    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.get_by_role("link", name="Training record.pdf").first).to_be_visible()
    page.get_by_role("button", name="Submit the application").click()

    expect(page.locator("h1")).to_have_text("Application submitted", use_inner_text=True)
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"SA-\d{4}-\d{4}", reference)
    confirmation = wait_for_email(smtp, email, subject_contains=reference)
    assert confirmation["Subject"] == f"We have your Sanctuary Award application {reference}"
    assert reference in confirmation.get_body(("plain",)).get_content()
    context.close()
    assert console.unexpected() == []

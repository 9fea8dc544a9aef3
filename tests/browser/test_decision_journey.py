"""From the panel's reviews to a certificate: further evidence asked for and sent back, a second
round of review, the award, and the applicant's downloads."""
import datetime

import pytest
from playwright.sync_api import expect

from tests.support import files
from tests.support.axe import axe_violations
from tests.support.checks import page_problems
from tests.support.live import fill_date, sign_in_as_staff, sign_in_with_link
from tests.support.mail import wait_for_email

APPLICANT = "grace.decision@example.org"
SETUP = f"""
from tests.factories import make_user, make_complete_application
from sanctuary.accounts.models import Role
from sanctuary.awards.queries import answer_rows
from sanctuary.awards.services import submit_application
from sanctuary.panel import services
from sanctuary.panel.services import assign, declare, record_reviewer
applicant = make_user(email={APPLICANT!r}, display_name="Grace Applicant")
application = submit_application(make_complete_application(applicant), by=applicant)
rows = answer_rows(application)
for n in range(3):
    judge = make_user(email=f"judge{{n}}@example.org", roles=[Role.REVIEWER],
                      password=f"judge-password-{{n}}", display_name=f"Judge {{n}}")
    record_reviewer(judge, languages=["en"], consent=n == 0, lived_experience=n == 0)
    assign(application, judge, by=None)
    declare(application, has_conflict=False, by=judge)
    for row in rows:
        first = row is rows[0]
        services.save_verdict(application, row.criterion_id, by=judge,
                              verdict="partly_met" if first else "met", note="Internal thought",
                              feedback="Show us how people seeking sanctuary shape your plans"
                              if first else "")
    services.save_overall(application, by=judge, recommendation="further_evidence", summary="Close")
    services.submit_review(application, by=judge)
print(application.id)
"""
SECOND_ROUND = """
from sanctuary.awards.models import Application
from sanctuary.awards.queries import answer_rows
from sanctuary.accounts.queries import find_user
from sanctuary.panel import services
application = Application.get_by_id({id})
for n in (1, 2):
    judge = find_user(f"judge{{n}}@example.org")
    for row in answer_rows(application):
        services.save_verdict(application, row.criterion_id, by=judge, verdict="met")
    services.save_overall(application, by=judge, recommendation="award",
                          summary="Now it is there")
    assert services.submit_review(application, by=judge) == []
"""


def check_axe(page, url):
    for lang in ("ar", "en"):
        page.goto(f"{url}?lang={lang}")
        assert axe_violations(page) == [], (url, lang)


@pytest.mark.smtp
def test_further_evidence_then_an_award_with_certificate_and_logo(
        staff_page, browser, live_server, smtp, console, tmp_path):
    application_id = int(live_server.run_python(SETUP).stdout.strip())
    decision_url = f"/coordinate/applications/{application_id}/decision"

    # The coordinator asks for further evidence on the first criterion, previews and sends.
    check_axe(staff_page, decision_url)
    assert staff_page.get_by_label("Areas to improve").first.input_value().startswith(
        "Show us how people seeking sanctuary")  # started from the reviewers' suggestions
    staff_page.get_by_label("Further evidence requested").check()
    staff_page.get_by_label("Message to the organisation").fill("Thank you: nearly there.")
    staff_page.get_by_label("What further evidence is needed").fill(
        "Minutes of a planning meeting.")
    fill_date(staff_page, "Send it by", datetime.date.today() + datetime.timedelta(days=30))
    staff_page.get_by_label("Strengths").first.fill("A warm welcome at every rehearsal.")
    staff_page.get_by_label("Ask for further evidence on this criterion").first.check()
    staff_page.get_by_label("Rationale (internal)").fill("Secret reasoning")
    staff_page.get_by_role("button", name="Save and preview").click()
    expect(staff_page.get_by_text("A warm welcome at every rehearsal.")).to_be_visible()
    expect(staff_page.get_by_text("Secret reasoning")).to_have_count(0)
    check_axe(staff_page, f"{decision_url}/preview")
    staff_page.get_by_role("button", name="Send the decision").click()
    expect(staff_page.get_by_text(
        "The decision has been sent to the organisation.")).to_be_visible()

    # The applicant reads the feedback, adds a file to the named criterion and sends it back.
    applicant = browser.new_context(base_url=live_server.url).new_page()
    assert "Further evidence" in wait_for_email(smtp, APPLICANT, subject_contains="decision")\
        .get_body(("plain",)).get_content()
    sign_in_with_link(applicant, smtp, APPLICANT)
    status_url = f"/applications/{application_id}"
    check_axe(applicant, status_url)
    expect(applicant.get_by_text("Minutes of a planning meeting.")).to_be_visible()
    expect(applicant.get_by_text("A warm welcome at every rehearsal.")).to_be_visible()
    assert "Secret reasoning" not in applicant.content() and "Judge" not in applicant.content()
    applicant.get_by_role("link", name="add a file").first.click()
    minutes = tmp_path / "Planning minutes.pdf"
    minutes.write_bytes(files.PDF)
    applicant.get_by_label("Choose a file").set_input_files(minutes)
    applicant.get_by_role("button", name="Upload").click()
    expect(applicant.get_by_text("Planning minutes.pdf has been added.")).to_be_visible()
    applicant.goto(status_url)
    applicant.get_by_role("button", name="Send my further evidence to the panel").click()
    expect(applicant.get_by_text("your further evidence has gone to the panel")).to_be_visible()

    # The panel reviews round 2: one reviewer in the browser, sees what is new, and judges.
    judge = browser.new_context(base_url=live_server.url).new_page()
    sign_in_as_staff(judge, "judge0@example.org", "judge-password-0")
    judge.goto(f"/panel/applications/{application_id}")
    expect(judge.get_by_text("the organisation has sent further evidence")).to_be_visible()
    first_row = judge.locator("section.review-row").first
    expect(first_row.locator(".tag", has_text="New")).to_be_visible()
    expect(first_row.get_by_text("In the last round you said: Partly met")).to_be_visible()
    for row in judge.locator("section.review-row").all():
        row.get_by_label("Met", exact=True).check()
    judge.get_by_label("Award").check()
    judge.get_by_label("Summary").fill("The minutes show it.")
    judge.wait_for_load_state("networkidle")
    judge.get_by_role("button", name="Submit my review").click()
    expect(judge.get_by_role("heading", level=1)).to_contain_text("The panel's reviews")
    live_server.run_python(SECOND_ROUND.format(id=application_id))

    # The coordinator awards.
    staff_page.goto(decision_url)
    staff_page.get_by_label("Awarded", exact=True).check()
    staff_page.get_by_label("Message to the organisation").fill("Congratulations from the panel!")
    staff_page.get_by_role("button", name="Save and preview").click()
    staff_page.get_by_role("button", name="Send the decision").click()
    expect(staff_page.get_by_text(
        "The decision has been sent to the organisation.")).to_be_visible()

    # The applicant reads it and downloads the certificate and the logo.
    check_axe(applicant, status_url)
    expect(applicant.get_by_text("Congratulations from the panel!")).to_be_visible()
    for link, starts in (("Download the certificate (PDF)", b"%PDF"),
                         ("Download the award logo (SVG, for websites)", b"<svg"),
                         ("Download the award logo (PNG)", b"\x89PNG")):
        with applicant.expect_download() as download:
            applicant.get_by_role("link", name=link).click()
        assert download.value.path().read_bytes().startswith(starts), link
    applicant.get_by_role("button", name="List us in the directory").click()
    applicant.goto("/award-holders")
    expect(applicant.locator("tbody tr")).to_have_count(1)
    for other in (applicant, judge):
        other.context.close()


HALF_REVIEWED = """
from tests.factories import make_panel_member, make_submitted_application, make_submitted_review
application = make_submitted_application()
for n in range(3):
    judge = make_panel_member(application, f"Early Judge {n}", lived=n == 0)
    if n < 2:
        make_submitted_review(application, judge)
print(application.id)
"""


def test_a_decision_sent_before_every_review_is_in_is_confirmed_first(staff_page, live_server,
                                                                      console):
    console.allow(r"status of 400")  # the page that asks for the confirmation
    application_id = int(live_server.run_python(HALF_REVIEWED).stdout.strip())
    decision_url = f"/coordinate/applications/{application_id}/decision"
    staff_page.goto(decision_url)
    expect(staff_page.get_by_text("Reviews submitted: 2 of 3")).to_be_visible()
    staff_page.get_by_label("Awarded", exact=True).check()
    staff_page.get_by_role("button", name="Save and preview").click()
    confirm = staff_page.get_by_label("I want to send the decision now, before every review is in")
    expect(confirm).not_to_be_checked()

    # Sent without the confirmation: the error, in both languages, on a 320 pixel screen.
    staff_page.set_viewport_size({"width": 320, "height": 640})
    for lang in ("ar", "en"):
        staff_page.goto(f"{decision_url}/preview?lang={lang}")
        staff_page.locator("form[action$='/decision/send'] button[type=submit]").click()
        expect(staff_page.locator(".error-summary")).to_be_focused()
        assert page_problems(staff_page, lang) == []
        assert staff_page.evaluate("document.documentElement.scrollWidth") <= 320, lang
    staff_page.get_by_role("link", name="Confirm that you want to send the decision").click()
    expect(confirm).to_be_focused()

    staff_page.keyboard.press("Space")
    staff_page.get_by_role("button", name="Send the decision").click()

    expect(staff_page.get_by_text(
        "The decision has been sent to the organisation.")).to_be_visible()
    staff_page.goto(f"/coordinate/applications/{application_id}/panel")
    expect(staff_page.get_by_text(
        "Sent the decision before every review was in: 2 of 3 reviews submitted")).to_be_visible()

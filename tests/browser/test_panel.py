"""A coordinator builds a panel; a reviewer declares a conflict and is recused."""
import pytest
from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.mail import link_in, wait_for_email


@pytest.mark.smtp
def test_suggested_panel_and_a_recused_reviewer(staff_page, browser, live_server, smtp, console):
    console.allow(r"status of 403")
    for n, (name, lived) in enumerate([("Lived Reviewer", True), ("Second Reviewer", False),
                                       ("Third Reviewer", False)]):
        live_server.run_python(
            "from tests.factories import make_user\n"
            "from sanctuary.accounts.models import Role\n"
            "from sanctuary.panel.services import record_reviewer\n"
            f"u = make_user(email='panel{n}@example.org', roles=[Role.REVIEWER], "
            f"password='panel-password-{n}', display_name={name!r})\n"
            f"record_reviewer(u, languages=['en'], consent={lived}, lived_experience={lived})\n")
    staff_page.goto("/coordinate/applications")
    staff_page.get_by_role("link", name="SA-", exact=False).first.click()
    staff_page.get_by_role("link", name="Suggest panel").click()
    expect(staff_page.get_by_label("Lived Reviewer")).to_be_checked()
    assert axe_violations(staff_page) == []
    staff_page.get_by_role("button", name="Add to the panel").click()
    expect(staff_page.get_by_role("cell", name="Lived Reviewer")).to_be_visible()

    reviewer = browser.new_context(base_url=live_server.url).new_page()
    reviewer.goto("/staff/sign-in")
    reviewer.get_by_label("Email address").fill("panel1@example.org")
    reviewer.get_by_label("Password").fill("panel-password-1")
    reviewer.get_by_role("button", name="Sign in").click()
    link = link_in(wait_for_email(smtp, "panel1@example.org", subject_contains="panel"))
    reviewer.goto(link + "?lang=ar")
    assert axe_violations(reviewer) == []
    reviewer.goto(link + "?lang=en")
    reviewer.get_by_label("I work or volunteer there").check()
    reviewer.get_by_role("button", name="Continue").click()
    expect(reviewer.get_by_text("You are no longer on this panel")).to_be_visible()
    response = reviewer.goto(link)
    assert response.status == 403
    reviewer.context.close()

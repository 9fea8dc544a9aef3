"""A coordinator builds a panel; a reviewer declares a conflict and is recused."""
import pytest

from tests.browser.test_sign_in import link_in, wait_for_email
from tests.support.axe import axe_violations
from tests.support.live import sign_in_as_staff


@pytest.mark.smtp
def test_suggested_panel_and_a_recused_reviewer(page, browser, live_server, smtp, console):
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
    sign_in_as_staff(page)
    page.goto("/coordinate/applications")
    page.get_by_role("link", name="SA-", exact=False).first.click()
    page.get_by_role("link", name="Suggest panel").click()
    assert page.get_by_label("Lived Reviewer").is_checked()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add to the panel").click()
    assert page.get_by_role("cell", name="Lived Reviewer").is_visible()

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
    assert reviewer.get_by_text("You are no longer on this panel").is_visible()
    response = reviewer.goto(link)
    assert response.status == 403
    reviewer.context.close()

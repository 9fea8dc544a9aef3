"""A whole panel in the browser: suggestion, two reviews that disagree, a recusal, a replacement
and the agreed verdicts."""
import re

import pytest
from playwright.sync_api import expect

from tests.support.axe import axe_violations
from tests.support.live import sign_in_as_staff

REVIEWERS = [("Lived Reviewer", True), ("Second Reviewer", False), ("Third Reviewer", False)]


def add_reviewer(live_server, n, name, lived):
    live_server.run_python(
        "from tests.factories import make_user\n"
        "from sanctuary.accounts.models import Role\n"
        "from sanctuary.panel.services import record_reviewer\n"
        f"u = make_user(email='review{n}@example.org', roles=[Role.REVIEWER], "
        f"password='review-password-{n}', display_name={name!r})\n"
        f"record_reviewer(u, languages=['en'], consent={lived}, lived_experience={lived})\n")


def sign_in_reviewer(browser, live_server, n):
    page = browser.new_context(base_url=live_server.url).new_page()
    sign_in_as_staff(page, f"review{n}@example.org", f"review-password-{n}")
    return page


def review(page, first_verdict, *, note):
    """Declare no conflict, judge every criterion (the first as given, the rest Met), recommend."""
    page.goto("/panel/applications/2?lang=en")
    page.get_by_label("No, I have no conflict").check()
    page.get_by_role("button", name="Continue").click()
    rows = page.locator("section.review-row")
    first = rows.first
    first.get_by_label(first_verdict, exact=True).check()
    first.get_by_label("Note for the panel").fill(note)
    expect(first.get_by_role("status")).to_contain_text("Saved at")  # saved in place by htmx
    for row in rows.all()[1:]:
        row.get_by_label("Met", exact=True).check()
    page.get_by_label("Award").check()
    page.get_by_label("Summary").fill(f"{note}: my summary")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Submit my review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("The panel's reviews")


@pytest.mark.smtp
def test_a_panel_suggests_reviews_recuses_replaces_and_agrees(staff_page, browser, live_server,
                                                              smtp, console):
    console.allow(r"status of 403")
    for n, (name, lived) in enumerate(REVIEWERS):
        add_reviewer(live_server, n, name, lived)

    # The coordinator asks for a suggested panel of three for application 2 (their own
    # organisation's, so they are not suggested themselves).
    staff_page.goto("/coordinate/applications/2/panel")
    staff_page.get_by_role("link", name="Suggest panel").click()
    for name, _ in REVIEWERS:
        expect(staff_page.get_by_label(name)).to_be_checked()
    staff_page.get_by_role("button", name="Add to the panel").click()
    expect(staff_page.get_by_text("The panel meets the rule: 3 reviewers, "
                                  "1 of them with lived experience.")).to_be_visible()

    # Two reviewers declare no conflict and submit reviews that disagree on the first criterion.
    lived = sign_in_reviewer(browser, live_server, 0)
    lived.goto("/panel/applications/2?lang=ar")
    assert axe_violations(lived) == []  # the declaration, in Arabic
    review(lived, "Met", note="Strong welcome")
    second = sign_in_reviewer(browser, live_server, 1)
    review(second, "Not yet met", note="Little in place")
    assert "Strong welcome" in second.content()  # now they see the other review
    second.goto("/panel/applications/2?lang=ar")  # the submitted, locked review
    assert axe_violations(second) == []
    second.goto("/panel/applications/2?lang=en")
    evidence_url = second.locator("a[href^='/evidence/']").first.get_attribute("href")
    assert second.request.get(evidence_url).status == 200

    # The third declares a conflict: recused at once, refused the application and its evidence.
    third = sign_in_reviewer(browser, live_server, 2)
    third.goto("/panel/applications/2")
    third.get_by_label("I know people there well").check()
    third.get_by_role("button", name="Continue").click()
    expect(third.get_by_text("You are no longer on this panel")).to_be_visible()
    assert third.goto("/panel/applications/2").status == 403
    assert third.request.get(evidence_url).status == 403
    assert third.goto("/panel/applications/2/reviews").status == 403

    # The coordinator sees the disagreement, replaces the recused reviewer, records the verdicts.
    staff_page.goto("/panel/applications/2/reviews")
    first_row = staff_page.locator("table.matrix tbody tr").first
    expect(first_row).to_contain_text("Disagreement")
    expect(first_row).to_contain_text("Met")
    expect(first_row).to_contain_text("Not yet met")
    for lang in ("en", "ar"):
        staff_page.goto(f"/panel/applications/2/reviews?lang={lang}")
        assert axe_violations(staff_page) == []
    add_reviewer(live_server, 3, "Fourth Reviewer", False)
    staff_page.goto("/coordinate/applications/2/panel?lang=en")
    expect(staff_page.get_by_text("The panel is not complete")).to_be_visible()
    staff_page.get_by_role("link", name="Suggest panel").click()
    expect(staff_page.get_by_label("Fourth Reviewer")).to_be_checked()
    # never offered again
    expect(staff_page.get_by_label("Third Reviewer", exact=True)).to_have_count(0)
    staff_page.get_by_role("button", name="Add to the panel").click()
    expect(staff_page.get_by_role("cell", name="Fourth Reviewer")).to_be_visible()

    staff_page.get_by_role("link", name="The panel's reviews").click()
    agreed = staff_page.locator("#agreed ~ form")
    groups = agreed.locator("fieldset")
    groups.first.get_by_label("Partly met", exact=True).check()
    for group in groups.all()[1:]:
        group.get_by_label("Met", exact=True).check()
    agreed.get_by_label("Why (for the record)").first.fill("Agreed at the meeting")
    staff_page.get_by_role("button", name="Save the agreed verdicts").click()
    expect(staff_page.get_by_text("The agreed verdicts have been saved.")).to_be_visible()
    first_row = staff_page.locator("table.matrix tbody tr").first
    expect(first_row.locator("td").last).to_have_text("Partly met")
    expect(first_row).to_contain_text("Not yet met")  # the reviewers' own verdicts stay
    staff_page.goto("/coordinate/applications/2/panel")
    expect(staff_page.locator(".timeline")).to_contain_text(re.compile("agreed verdict"))
    expect(staff_page.locator(".timeline")).to_contain_text("Submitted their review")
    for context_page in (lived, second, third):
        context_page.context.close()

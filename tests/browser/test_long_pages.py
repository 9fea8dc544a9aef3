"""Long panel pages: jump links with a live count, and the matrix readable on a phone."""
from playwright.sync_api import expect

from tests.support.axe import axe_violations

REVIEW = "/panel/applications/3?lang=en"  # the staff user is on its panel

THREE_REVIEWS = """
from tests.factories import make_panel_member, make_submitted_application, make_submitted_review
application = make_submitted_application()
for name in ("Reviewer One", "Reviewer Two", "Reviewer Three"):
    make_submitted_review(application, make_panel_member(application, name),
                          ["met", "partly_met", "not_yet_met"])
print(application.id)
"""


def test_judging_a_criterion_updates_the_count_and_its_jump_link(staff_page):
    staff_page.goto(REVIEW)
    jump = staff_page.get_by_role("navigation", name="Criteria")
    count = jump.get_by_role("status")
    links = jump.get_by_role("link")
    total = links.count()
    expect(count).to_have_text(f"0 of {total} judged")

    links.nth(1).click()  # to the second criterion, by its link
    second = staff_page.locator("section.review-row").nth(1)
    expect(second).to_be_in_viewport()
    second.get_by_label("Partly met", exact=True).check()

    expect(count).to_have_text(f"1 of {total} judged")
    expect(jump.locator("[data-progress-done]:not([hidden])")).to_have_text(["Judged"])
    expect(second.get_by_role("status")).to_contain_text("Saved at")
    staff_page.reload()
    expect(count).to_have_text(f"1 of {total} judged")  # as saved
    assert axe_violations(staff_page) == []


def test_the_matrix_on_a_phone_is_a_card_per_criterion(staff_page, live_server):
    application_id = live_server.run_python(THREE_REVIEWS).stdout.strip()
    staff_page.set_viewport_size({"width": 360, "height": 800})
    staff_page.goto(f"/panel/applications/{application_id}/reviews?lang=en")

    first_card = staff_page.locator(".matrix tbody tr").first
    for label in ("Reviewer Three", "Met", "Partly met", "Not yet met", "Agreed"):
        cell = first_card.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        assert cell.bounding_box()["x"] + cell.bounding_box()["width"] <= 360
    assert staff_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(staff_page) == []


def test_the_panel_page_with_its_reviewers_table_never_scrolls_sideways_on_a_phone(staff_page):
    staff_page.set_viewport_size({"width": 320, "height": 800})
    for language in ("en", "ar"):
        staff_page.goto(f"/coordinate/applications/3/panel?lang={language}")
        assert staff_page.evaluate("document.documentElement.scrollWidth") <= 320, language

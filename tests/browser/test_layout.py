"""The site in a real browser: every page in English, Arabic and Ukrainian through every page
check (widths in all three, axe in English and Arabic), the language switcher, the quick exit,
and htmx errors shown in the alert region."""
import pytest
from playwright.sync_api import expect

from sanctuary import create_app
from tests.support.axe import axe_violations
from tests.support.checks import AXE_LANGUAGES, page_problems
from tests.support.routes import PUBLIC_ENDPOINTS, SCHOOL_ONLY_ENDPOINTS, page_urls

QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"


def all_pages():
    app = create_app({"SANCTUARY_ENV": "development", "DATABASE_URL": "sqlite:////tmp/unused.db"})
    return page_urls(app)


PAGES = all_pages()


def test_the_walk_covers_every_page():
    assert sorted(endpoint for endpoint, _ in PAGES) == sorted([
        "accounts.accept_invitation", "accounts.check_email", "dashboard.dashboard",
        "accounts.invitations", "accounts.profile", "accounts.request_reset",
        "accounts.reset_password", "accounts.reset_sent", "accounts.sign_in",
        "accounts.staff_sign_in", "accounts.use_link", "admin.outbox", "awards.application",
        "awards.award_criteria",
        "awards.criteria", "awards.evidence", "awards.check", "awards.submitted", "awards.withdraw",
        "panel.applications", "awards.review_application", "awards.rounds",
        "panel.reviewers", "panel.edit_reviewer", "panel.my_profile", "panel.manage",
        "panel.assignments", "panel.review", "panel.matrix",
        "decisions.decide", "decisions.preview", "awards.holders",
        "awards.edit_criterion", "awards.edit_organisation", "awards.join", "awards.members",
        "awards.new_criterion", "awards.new_organisation", "awards.organisation", "awards.pledge",
        "awards.pledge_text", "awards.section", "awards.stream_assignments", "awards.supporters",
        "dev.outbox",
        "pages.home", "pages.privacy",
        "schools.agenda", "schools.ask_change", "schools.availability", "schools.booking",
        "schools.bookings", "schools.calendar", "schools.cancel", "schools.cancel_booking",
        "schools.confirm_booking", "schools.coordinate", "schools.coordinate_booking",
        "schools.decline_booking", "schools.deliver_booking", "schools.edit_slot",
        "schools.manage", "schools.offer_booking", "schools.request", "schools.slots",
        "schools.speakers", "schools.new_speaker", "schools.speaker", "schools.edit_speaker",
        "schools.remove_speaker", "schools.invite_speaker", "schools.speaking",
        "schools.speaking_remove", "schools.report", "schools.feedback",
        "schools.use_as_evidence",
        "checks.campaigns", "checks.campaign", "checks.edit_campaign", "checks.new_campaign",
        "checks.reword_question", "checks.services", "checks.edit_service",
        "checks.import_services", "checks.import_services_preview", "checks.new_service",
        "checks.slots", "checks.slot", "checks.booking", "checks.enter_report",
        "checks.resident_start", "checks.resident_book", "checks.resident_booked",
        "checks.resident_return", "checks.resident_check", "checks.resident_lost",
        "checks.resident_report", "checks.campaign_results", "checks.service_results",
        "checks.public_results",
    ])


def walker(endpoint):
    """Public pages are walked signed out; the pages only a school's own people see as a member
    of the school; the rest as the coordinator, who may see every other page."""
    if endpoint in PUBLIC_ENDPOINTS:
        return None
    return "school" if endpoint in SCHOOL_ONLY_ENDPOINTS else "staff"


@pytest.mark.parametrize("lang", ["en", "ar", "uk"])
@pytest.mark.parametrize(("endpoint", "url"), PAGES, ids=[e for e, _ in PAGES])
def test_every_page_passes_every_check(walk_page, console, endpoint, url, lang):
    """One load of each page in each language, and every check on it (support/checks.py)."""
    console.allow(r"status of 410")  # the token pages, walked with a token that does not exist
    page = walk_page(walker(endpoint))

    response = page.goto(f"{url}?lang={lang}")

    assert response.status in (200, 410)  # the page itself, not a refusal or a missing row
    assert page_problems(page, lang, axe=lang in AXE_LANGUAGES) == []


# The school's own booking pages as its member sees them: the speaker coming (booking 2), the
# delivered training with its feedback and evidence (3), the place on a waiting list (4).
SCHOOL_PAGES = ["/school-sessions/bookings", "/school-sessions/bookings/2",
                "/school-sessions/bookings/3", "/school-sessions/bookings/4", "/dashboard"]


@pytest.mark.parametrize("lang", ["en", "ar", "uk"])
@pytest.mark.parametrize("url", SCHOOL_PAGES)
def test_the_school_s_own_pages_pass_every_check(walk_page, url, lang):
    page = walk_page("school")

    assert page.goto(f"{url}?lang={lang}").status == 200
    assert page_problems(page, lang, axe=lang in AXE_LANGUAGES) == []


# A checker's pages, which need the campaign code or their reference typed first (the walk
# above meets them signed out, sent back to type it): campaign 1's code, then the reference of
# Sunflower's booking (support/live.py).
RESIDENT_PAGES = [("code", "/checks/book"), ("reference", "/checks/my-check"),
                  ("reference", "/checks/booked"), ("reference", "/checks/my-check/report")]
CAMPAIGN_CODE = ("from sanctuary import create_app\nfrom sanctuary.checks.models import Campaign\n"
                 "with create_app().app_context():\n    print(Campaign.get_by_id(1).code)")


@pytest.fixture(scope="module")
def campaign_code(live_server):
    """Read once, from the template every reset copies: each read starts Python and the app."""
    return live_server.python(CAMPAIGN_CODE).stdout.strip()


@pytest.mark.parametrize("lang", ["en", "ar", "uk"])
@pytest.mark.parametrize(("typed", "url"), RESIDENT_PAGES)
def test_a_checker_s_own_pages_pass_every_check(walk_page, campaign_code, typed, url, lang):
    page = walk_page(None)
    if typed == "code":
        page.goto("/checks?lang=en")
        page.get_by_label("Campaign code").fill(campaign_code)
    else:
        page.goto("/checks/return?lang=en")
        page.get_by_label("Your reference").fill("KFK-7CM-CH2")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()

    assert page.goto(f"{url}?lang={lang}").url.endswith(f"{url}?lang={lang}")
    assert page_problems(page, lang, axe=lang in AXE_LANGUAGES) == []


def test_error_page_passes_axe_in_arabic(page, console):
    console.allow(r"status of 404")

    page.goto("/no-such-page?lang=ar")

    assert page.locator("h1").inner_text() != "Page not found"
    assert axe_violations(page) == []


def test_language_switcher_changes_language_and_mirrors_the_layout(page):
    page.goto("/")
    english_brand = page.locator(".site-header__brand").bounding_box()

    page.get_by_role("link", name="العربية").click()

    page.wait_for_url("**/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    arabic_brand = page.locator(".site-header__brand").bounding_box()
    viewport = page.viewport_size["width"]
    # The site name sits at the start of the header: the left in English, the right in Arabic.
    assert english_brand["x"] < viewport / 2
    assert arabic_brand["x"] + arabic_brand["width"] > viewport / 2
    page.get_by_role("link", name="Українська").click()
    page.goto("/privacy")  # the choice is remembered
    assert page.locator("html").get_attribute("lang") == "uk"


def test_quick_exit_leaves_the_site_and_back_does_not_return_to_the_page(page):
    page.goto("/")
    page.goto("/privacy")

    page.get_by_role("link", name="Leave this site").click()

    page.wait_for_url(QUICK_EXIT_URL)
    assert page.title() == "Weather"
    page.go_back()
    assert not page.url.endswith("/privacy")


def test_pressing_shift_three_times_leaves_the_site(page):
    page.goto("/")

    for _ in range(3):
        page.keyboard.press("Shift")

    page.wait_for_url(QUICK_EXIT_URL)


def test_keyboard_user_reaches_skip_link_then_quick_exit(page):
    page.goto("/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Leave this site"


def test_page_fits_a_320_pixel_screen(page):
    page.set_viewport_size({"width": 320, "height": 640})

    for url in ("/", "/?lang=ar", "/privacy?lang=uk"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


def test_htmx_error_is_shown_in_the_alert_region(page, console):
    console.allow(r"status of 404|Response Status Error Code 404")
    page.goto("/")

    page.evaluate("htmx.ajax('GET', '/no-such-page', {target: '#main', swap: 'innerHTML'})")

    alert = page.locator("#alerts [role=alert]")
    alert.wait_for()
    expect(alert.locator(".notice__title")).to_have_text("Page not found", use_inner_text=True)
    expect(page.locator("h1")).to_have_text(
        "Lewisham, a Borough of Sanctuary", use_inner_text=True)  # page unchanged
    assert axe_violations(page) == []


def test_htmx_network_failure_is_shown_in_the_alert_region(page, console):
    console.allow(r"net::ERR_FAILED|Failed to load resource|htmx:(afterRequest|sendError)")
    page.goto("/?lang=ar")
    page.route("**/healthz", lambda route: route.abort())

    page.evaluate(
        "htmx.ajax('GET', '/healthz', {target: '#main', swap: 'innerHTML'}).catch(() => {})")

    alert = page.locator("#alerts .notice--error")
    alert.wait_for()
    assert alert.inner_text() == (
        "لم نتمكن من الاتصال بالخادم. تحقّق من اتصالك بالإنترنت وحاول مرة أخرى. "
        "لم يضِع أي شيء مما كتبته."
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="إغلاق").click()
    expect(page.locator("#alerts .notice--error")).to_have_count(0)


def test_htmx_post_sends_the_csrf_token_header(page):
    page.goto("/dev/outbox")

    status = page.evaluate(
        """() => new Promise(resolve => {
            document.body.addEventListener('htmx:afterRequest',
                e => resolve(e.detail.xhr.status), {once: true});
            htmx.ajax('POST', '/dev/outbox/clear', {target: '#main', swap: 'none'});
        })"""
    )

    assert status == 200  # the redirect was followed to the outbox page: the token was accepted

"""A new school asks for a workshop in a published slot, with JavaScript off: signing in by an
email link, registering the school in the same form, and seeing the booking's reference."""
import re

import pytest
from playwright.sync_api import expect

from tests.support.live import sign_in_with_link

SLOT = ("from tests.factories import make_slot\n"
        "print(make_slot(days_ahead=20, starts_at='13:10', ends_at='14:40', capacity=2).id)")


@pytest.mark.smtp
def test_a_new_school_asks_for_a_workshop_without_javascript(browser, live_server, smtp, console):
    live_server.reset_database()
    slot_id = int(live_server.run_python(SLOT).stdout.strip())
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and console.record(m.text))
    sign_in_with_link(page, smtp, "head@brockley-primary.example.org")

    page.goto("/?lang=en")
    page.get_by_role("link", name="See the open dates and ask for a session").click()
    row = page.get_by_role("listitem").filter(has_text="13:10")
    expect(row).to_contain_text("2 places left")
    row.get_by_role("link", name=re.compile("Ask for this session")).click()
    expect(page).to_have_url(re.compile(rf"/school-sessions/request\?slot={slot_id}$"))

    page.get_by_label("Name of the school").fill("Brockley Primary")
    page.get_by_label("URN (optional, schools only)").fill("100123")
    page.get_by_label("Address of the school").fill("2 Hill Road\nLondon")
    page.get_by_label("Postcode").fill("SE4 1AA")
    page.get_by_label("Your name", exact=True).fill("Amina Yusuf")
    page.get_by_label("Your phone number").fill("020 7946 0100")
    page.get_by_label("Classroom workshop").check()
    page.get_by_label("Key stage 2 (years 3 to 6)").check()
    page.get_by_label("Year groups or key stage").fill("Year 5")
    page.get_by_label("Number of pupils or staff").fill("28")
    page.get_by_label("Name of the supervising teacher").fill("Deputy Head")
    page.get_by_label("Their phone number on the day").fill("020 7946 0101")
    page.get_by_label("We agree to the visit terms").check()
    page.get_by_role("button", name="Send the request").click()

    expect(page.locator("h1")).to_contain_text(re.compile(r"Booking SB-\d{4}-\d{4}"))
    reference = page.locator("h1 .ref").inner_text()
    expect(page.get_by_text(f"Request sent. Your reference is {reference}.")).to_be_visible()
    expect(page.locator(".summary-list")).to_contain_text(["Classroom workshop",
                                                           "Brockley Primary"])
    context.close()
    assert console.unexpected() == []

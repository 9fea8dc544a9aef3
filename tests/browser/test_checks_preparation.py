"""A coordinator prepares a secret-shopper campaign in a real browser: imports a register of
services from a CSV file (a bad row is shown with its error and nothing is written until the
good rows are confirmed; the same file again changes nothing), creates a campaign, adds a
question in English and Arabic, and changes the campaign code."""
import datetime
import re

from playwright.sync_api import expect

from tests.support.checks import page_problems
from tests.support.live import fill_date

HEADINGS = "Kind,Name,Address,Postcode,Ward,ODS code,Safe Surgeries\n"
GOOD_ROWS = ("GP surgery,Quarry Lane Health Centre,4 Quarry Lane,SE6 2XX,Bellingham,Y99801,yes\n"
             "Pharmacy,Heron Row Pharmacy,12 Heron Row,SE13 7ZZ,Ladywell,,no\n")
BAD_ROW = "GP surgery,Nowhere Practice,2 Road,not a postcode,Atlantis,,\n"
SERVICES_NAMED = """
from sanctuary.checks.models import Service
print(Service.select().where(Service.name.in_(["Quarry Lane Health Centre",
                                               "Heron Row Pharmacy"])).count())
"""


def upload(page, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.goto(page.url.split("/coordinate")[0] + "/coordinate/checks/services/import")
    page.get_by_label(re.compile("file", re.I)).set_input_files(str(path))
    page.get_by_role("button", name="Upload and preview").click()


def test_a_coordinator_imports_services_creates_a_campaign_and_changes_its_code(
        staff_page, live_server, tmp_path):
    page = staff_page
    page.goto(live_server.url + "/coordinate/checks/services")

    upload(page, tmp_path, "with-a-bad-row.csv", HEADINGS + GOOD_ROWS + BAD_ROW)
    expect(page.get_by_role("alert")).to_contain_text("Row 4: Enter a real postcode")
    expect(page.get_by_role("button", name="Import these services")).to_have_count(0)
    assert page_problems(page, "en") == []
    assert live_server.run_python(SERVICES_NAMED).stdout.split() == ["0"]

    upload(page, tmp_path, "services.csv", HEADINGS + GOOD_ROWS)
    page.get_by_role("button", name="Import these services").click()
    expect(page.get_by_text(re.compile("2 new"))).to_be_visible()
    assert live_server.run_python(SERVICES_NAMED).stdout.split() == ["2"]

    upload(page, tmp_path, "services-again.csv", HEADINGS + GOOD_ROWS)
    expect(page.get_by_text("No change: 2")).to_be_visible()
    expect(page.get_by_text("New: 0")).to_be_visible()
    expect(page.get_by_text("Changed: 0")).to_be_visible()

    page.goto(live_server.url + "/coordinate/checks/campaigns/new")
    page.get_by_label("Title").first.fill("Pharmacy checks, spring")
    today = datetime.date.today()
    fill_date(page, "First day", today + datetime.timedelta(days=10))
    fill_date(page, "Last day", today + datetime.timedelta(days=60))
    page.get_by_label("Briefing for checkers").first.fill("Ask where to register with a GP.")
    page.get_by_label("Scenario script").first.fill("I have just moved here.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pharmacy checks, spring")

    form = page.locator("form", has=page.get_by_role("button", name="Add the question"))
    form.get_by_label("Yes", exact=True).check()
    form.get_by_label("Question").nth(0).fill("Did the pharmacist offer to help in your language?")
    form.locator("[lang=ar] input").fill("هل عرض الصيدلي المساعدة بلغتك؟")
    form.get_by_role("button", name="Add the question").click()
    expect(page.get_by_text("Did the pharmacist offer to help in your language?")).to_be_visible()
    page.goto(page.url.split("?")[0].split("#")[0] + "?lang=ar")
    expect(page.get_by_text("هل عرض الصيدلي المساعدة بلغتك؟")).to_be_visible()
    assert page_problems(page, "ar") == []

    page.goto(page.url.split("?")[0] + "?lang=en")
    old_code = page.locator(".code-large").inner_text()
    page.get_by_role("button", name="Change the code").click()
    new_code = page.locator(".code-large").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}", new_code) and new_code != old_code


SLOTS_OF_CAMPAIGN_ONE = """
from sanctuary.checks.models import CheckSlot
for slot in CheckSlot.select().where(CheckSlot.campaign == 1).order_by(CheckSlot.id):
    print(slot.service.name.replace(" ", "_"), (slot.last_day - slot.first_day).days,
          slot.capacity, "withdrawn" if slot.withdrawn_at else "open")
"""


def test_a_coordinator_opens_slots_for_two_services_and_withdraws_a_held_one(
        staff_page, live_server):
    page = staff_page
    page.goto(live_server.url + "/coordinate/checks/campaigns/1")
    page.get_by_role("link", name="See and open slots").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check slots")
    expect(page.get_by_role("row", name=re.compile("Hollybush Vale"))).to_contain_text(
        "Sunflower")

    # A mistake first: no service chosen. The day typed stays.
    fill_date(page, "Day", datetime.date.today() + datetime.timedelta(days=5))
    page.get_by_role("button", name="Open the slots").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one service")
    assert page.get_by_role("group", name="Day").get_by_label("Day", exact=True).input_value() \
        == str((datetime.date.today() + datetime.timedelta(days=5)).day)

    # With the keyboard: Space ticks a box, arrows choose the week.
    page.get_by_label(re.compile("^Quillfield Family Practice")).focus()
    page.keyboard.press("Space")
    page.get_by_label(re.compile("^The Cobbler's Yard Health Centre")).check()
    page.get_by_label("On that day").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_label("Places", exact=True).fill("2")
    page.get_by_role("button", name="Open the slots").click()
    expect(page.get_by_role("status")).to_contain_text("2 slots are opened.")
    expect(page.get_by_role("row", name=re.compile("Quillfield"))).to_contain_text("Any day from")
    assert page_problems(page, "en") == []

    rows = live_server.run_python(SLOTS_OF_CAMPAIGN_ONE).stdout.split("\n")
    assert [row.split()[0] for row in rows if row][-2:] == [
        "Quillfield_Family_Practice", "The_Cobbler's_Yard_Health_Centre"]
    assert all(row.split()[2] == "2" for row in rows if row and "Quillfield" in row)

    page.get_by_role("row", name=re.compile("Hollybush Vale")).get_by_role(
        "link", name="Change").click()
    expect(page.get_by_role("note")).to_contain_text("1 checker holds a place on this slot")
    page.get_by_label("Places", exact=True).fill("0")
    page.get_by_role("button", name="Save the places").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a number from 1 to 10")
    page.goto(page.url.split("?")[0] + "?lang=ar")
    assert page_problems(page, "ar") == []
    page.goto(page.url.split("?")[0] + "?lang=en")
    page.get_by_role("button", name="Withdraw the slot").click()
    expect(page.get_by_role("status")).to_contain_text("is withdrawn")
    expect(page.get_by_role("row", name=re.compile("Hollybush Vale"))).to_contain_text(
        "Withdrawn")
    assert "Hollybush_Vale_Medical_Practice 0 2 withdrawn" in live_server.run_python(
        SLOTS_OF_CAMPAIGN_ONE).stdout

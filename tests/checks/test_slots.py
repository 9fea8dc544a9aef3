"""A campaign's check slots: opened for several services at once, on a day or within a week,
never twice; their places never below the places held; withdrawn with a warning; the CSV file;
and who may see any of it."""
import csv
import datetime
import io
import re

import pytest

from sanctuary import create_app
from sanctuary.accounts.models import Role, User
from sanctuary.checks import queries, services
from sanctuary.checks.models import Campaign, CheckBooking, CheckBookingState, CheckSlot, Service
from sanctuary.checks.services import slots as writes
from sanctuary.core.audit import AuditEvent
from sanctuary.core.clock import london_today
from sanctuary.core.db import db
from tests.factories import make_campaign, make_organisation, make_service, make_user
from tests.support.client import date_fields, fresh, plain, post, sign_in, text
from tests.support.concurrency import in_processes
from tests.support.outsiders import met_by, outsiders
from tests.support.queries import recorded_queries

D = datetime.date


def book(slot, alias, state=CheckBookingState.BOOKED):
    return CheckBooking.create(slot=slot, alias=alias, state=state,
                               reference=f"R{CheckBooking.select().count()}")


def slots_of(campaign):
    return list(CheckSlot.select().where(CheckSlot.campaign == campaign)
                .order_by(CheckSlot.first_day, CheckSlot.id))


def open_form(services_, day, span="day", capacity="1"):
    return {"services": [str(service.id) for service in services_], **date_fields("day", day),
            "span": span, "capacity": capacity}


def test_a_coordinator_opens_slots_for_several_services_on_a_day_and_in_a_week(staff,
                                                                                coordinator):
    campaign = make_campaign()  # 1 to 31 March 2027
    larkspur, hawthorn = make_service("Larkspur Lane Surgery"), make_service("Hawthorn Practice")
    url = f"/coordinate/checks/campaigns/{campaign.id}/slots"

    page = text(staff.get(url))
    done = post(staff, url, open_form([larkspur, hawthorn], D(2027, 3, 10), capacity="2"),
                follow_redirects=True)
    week = post(staff, url, open_form([larkspur], D(2027, 3, 3), span="week"),
                follow_redirects=True)
    # The week of Wednesday 31 March runs to Sunday 4 April: cut to the campaign's last day.
    last = post(staff, url, open_form([hawthorn], D(2027, 3, 31), span="week"),
                follow_redirects=True)

    assert "No slots yet" in page and "Larkspur Lane Surgery" in page
    assert "2 slots are opened." in text(done)
    assert "1 slot is opened." in text(week)
    assert [(s.service.name, s.first_day, s.last_day, s.capacity) for s in slots_of(campaign)] == [
        ("Larkspur Lane Surgery", D(2027, 3, 1), D(2027, 3, 7), 1),
        ("Hawthorn Practice", D(2027, 3, 10), D(2027, 3, 10), 2),
        ("Larkspur Lane Surgery", D(2027, 3, 10), D(2027, 3, 10), 2),
        ("Hawthorn Practice", D(2027, 3, 29), D(2027, 3, 31), 1)]
    shown = plain(text(last))
    assert "Any day from 29 March 2027 to 31 March 2027" in shown
    assert "0 of 2 held" in shown and "Places 6" in shown and "Free 6" in shown
    assert AuditEvent.select().where(AuditEvent.kind == "check_slot.opened").count() == 4
    assert all(slot.created_by_id == coordinator.id for slot in slots_of(campaign))


def test_the_same_slot_is_never_opened_twice(staff):
    campaign = make_campaign()
    larkspur, hawthorn = make_service("Larkspur Lane Surgery"), make_service("Hawthorn Practice")
    url = f"/coordinate/checks/campaigns/{campaign.id}/slots"
    post(staff, url, open_form([larkspur], D(2027, 3, 10)))

    again = post(staff, url, open_form([larkspur, hawthorn], D(2027, 3, 10)),
                 follow_redirects=True)

    assert "1 slot is opened." in text(again)
    assert "Already open from that day, so left as they were" in text(again)
    assert [slot.service.name for slot in slots_of(campaign)] == ["Larkspur Lane Surgery",
                                                                  "Hawthorn Practice"]
    # Once withdrawn, the same day can be opened again.
    writes.withdraw_slot(slots_of(campaign)[0], by=None)
    post(staff, url, open_form([larkspur], D(2027, 3, 10)))
    assert len(slots_of(campaign)) == 3


@pytest.mark.parametrize("form, problem", [
    ({"day": D(2027, 4, 1)}, "Choose a day within the campaign's dates"),
    ({"day": D(2027, 2, 28)}, "Choose a day within the campaign's dates"),
    ({"services": []}, "Choose at least one service"),
    ({"capacity": "0"}, "Enter a number from 1 to 10"),
    ({"capacity": "11"}, "Enter a number from 1 to 10"),
    ({"capacity": "two"}, "Enter the number of places as a whole number, like 2"),
    ({"capacity": ""}, "Enter how many checkers may take it"),
])
def test_a_mistake_is_named_and_what_was_typed_stays(staff, form, problem):
    campaign = make_campaign()
    larkspur = make_service("Larkspur Lane Surgery")
    values = {"services": [larkspur], "day": D(2027, 3, 10), "capacity": "3", **form}

    page = post(staff, f"/coordinate/checks/campaigns/{campaign.id}/slots",
                open_form(values["services"], values["day"], capacity=values["capacity"]))

    assert problem in text(page) and "There is a problem" in text(page)
    assert f'value="{values["day"].day}"' in text(page)
    if values["services"]:
        assert re.search(rf'<input checked[^>]*value="{larkspur.id}"', text(page))
    assert slots_of(campaign) == []


def test_a_closed_campaign_opens_no_slots_and_retired_services_are_not_offered(staff):
    campaign = make_campaign()
    larkspur, gone = make_service("Larkspur Lane Surgery"), make_service("Old Surgery")
    services.retire_service(gone, by=None)
    url = f"/coordinate/checks/campaigns/{campaign.id}/slots"
    offered = text(staff.get(url))
    services.open_campaign(campaign, by=None)
    services.close_campaign(fresh(campaign), by=None)

    page = post(staff, url, open_form([larkspur], D(2027, 3, 10)))

    assert "Larkspur Lane Surgery" in offered and "Old Surgery" not in offered
    assert "The campaign is closed: reopen it to open slots." in text(page)
    assert slots_of(campaign) == []
    with pytest.raises(writes.SlotRefused):
        writes.open_slots(fresh(campaign), services=[larkspur.id], day=D(2027, 3, 10),
                          span="day", capacity=1, by=None)
    with pytest.raises(writes.SlotRefused):  # a retired service chosen alone
        writes.open_slots(make_campaign(), services=[gone.id], day=D(2027, 3, 10),
                          span="day", capacity=1, by=None)


def test_places_never_go_below_those_held_and_withdrawing_warns(staff):
    campaign = make_campaign()
    larkspur = make_service("Larkspur Lane Surgery")
    slot, = writes.open_slots(campaign, services=[larkspur.id], day=D(2027, 3, 10), span="day",
                              capacity=3, by=None).slots
    book(slot, "Sunflower")
    book(slot, "K.", CheckBookingState.REPORTED)
    book(slot, "Gone", CheckBookingState.CANCELLED)  # a cancelled place is free again
    url = f"/coordinate/checks/slots/{slot.id}"

    page = text(staff.get(url))
    below = post(staff, url, {"capacity": "1"})
    saved = post(staff, url, {"capacity": "2"}, follow_redirects=True)
    listed = plain(text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/slots")))

    assert "2 checkers hold places on this slot" in plain(page)
    assert "Sunflower" in page and "K." in page and "Gone" not in page
    assert "2 checkers already hold places: enter 2 or more" in plain(text(below))
    assert 'value="1"' in text(below)
    assert "The slot's places are saved." in plain(text(saved))
    assert fresh(slot).capacity == 2
    assert "2 of 2 held" in listed and re.search(r"Sunflower ?, K\.", listed) and "Full" in listed
    assert "Reported 1" in listed

    post(staff, f"{url}/withdraw")
    post(staff, f"{url}/withdraw")  # a second click changes nothing
    after = plain(text(staff.get(f"/coordinate/checks/campaigns/{campaign.id}/slots")))
    assert fresh(slot).withdrawn_at is not None
    assert "Withdrawn" in after and "Places 0" in after
    assert AuditEvent.select().where(AuditEvent.kind == "check_slot.withdrawn").count() == 1
    assert post(staff, url, {"capacity": "5"}).status_code == 200  # shown, not changed
    assert fresh(slot).capacity == 2


def test_the_slots_as_a_csv_file(staff):
    campaign = make_campaign()
    larkspur = make_service("=HYPERLINK(\"x\") Surgery", ods_code="Y90102")
    slot, = writes.open_slots(campaign, services=[larkspur.id], day=D(2027, 3, 3), span="week",
                              capacity=2, by=None).slots
    book(slot, "Sunflower")

    response = staff.get(f"/coordinate/checks/campaigns/{campaign.id}/slots.csv")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "no-store" in response.headers["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["First day", "Last day", "Service", "Kind"]
    assert rows[1][0:2] == ["2027-03-01", "2027-03-07"]
    assert rows[1][2].startswith("'=HYPERLINK")  # defused: a spreadsheet shows it as text
    assert rows[1][6:12] == ["Y90102", "2", "1", "0", "1", "Sunflower"]


def test_only_coordinators_get_in(app):
    campaign = make_campaign()
    slot, = writes.open_slots(campaign, services=[make_service("Larkspur Lane Surgery").id],
                              day=D(2027, 3, 10), span="day", capacity=1, by=None).slots
    urls = [f"/coordinate/checks/campaigns/{campaign.id}/slots",
            f"/coordinate/checks/campaigns/{campaign.id}/slots.csv",
            f"/coordinate/checks/slots/{slot.id}"]
    anonymous, organisation, reviewer = outsiders(app)

    to_sign_in, refused = met_by(urls, anonymous, organisation, reviewer)
    posted = [post(client, url, data).status_code for client in (organisation, reviewer)
              for url, data in [(urls[0], {"capacity": "1"}), (urls[2], {"capacity": "5"}),
                                (f"{urls[2]}/withdraw", {})]]

    assert to_sign_in == dict.fromkeys(urls, "/sign-in")
    assert refused == dict.fromkeys(urls, (403, 403))
    assert posted == [403] * 6
    assert (fresh(slot).capacity, fresh(slot).withdrawn_at) == (1, None)
    assert len(slots_of(campaign)) == 1


def opener(config, campaign_id, service_ids, coordinator_id):
    """In its own process: the app and rows, then the action, opening the same slots."""
    app = create_app(config)
    app.app_context().push()
    db.connect(reuse_if_open=True)
    campaign, coordinator = Campaign.get_by_id(campaign_id), User.get_by_id(coordinator_id)

    def open_them():
        try:
            return len(writes.open_slots(campaign, services=service_ids, day=D(2027, 3, 10),
                                         span="day", capacity=1, by=coordinator).slots)
        finally:
            db.close()

    return open_them


def test_coordinators_opening_the_same_slots_at_once_make_each_once(make_app,
                                                                    any_database_url):
    app = make_app(any_database_url)
    coordinator = make_user(roles=[Role.COORDINATOR], password="c" * 12)
    campaign = make_campaign()
    ids = [make_service(name).id for name in ("Larkspur Lane Surgery", "Hawthorn Practice")]
    config = {name: app.config[name] for name in ("TESTING", "DATABASE_URL", "SECRET_KEY",
                                                  "MAIL_SERVER", "DEV_MAILBOX")}

    outcomes = in_processes(opener, [(config, campaign.id, ids, coordinator.id)] * 6)

    assert sorted(outcomes) == [0] * 5 + [2]
    assert sorted(s.service_id for s in slots_of(campaign)) == sorted(ids)
    assert Service.select().count() == 2


def test_the_coordinators_dashboard_shows_the_checks_under_way(app, staff):
    today = london_today()
    live = make_campaign(title={"en": "Winter checks"}, starts_on=today - D.resolution * 10,
                         ends_on=today + D.resolution * 40)
    services.open_campaign(live, by=None)
    larkspur, hawthorn = make_service("Larkspur Lane Surgery"), make_service("Hawthorn Practice")
    soon, = writes.open_slots(live, services=[larkspur.id], day=today + D.resolution * 3,
                              span="day", capacity=3, by=None).slots
    writes.open_slots(live, services=[hawthorn.id], day=today + D.resolution * 30, span="day",
                      capacity=5, by=None)  # not in the next 14 days
    book(soon, "Sunflower")
    book(soon, "K.", CheckBookingState.REPORTED)
    past = make_campaign(title={"en": "Autumn checks"}, starts_on=today - D.resolution * 60,
                         ends_on=today - D.resolution)
    services.open_campaign(past, by=None)
    make_campaign(title={"en": "Spring checks"})
    member = make_user()
    make_organisation(member=member)
    organisation = app.test_client()
    sign_in(organisation, member)

    card = plain(text(staff.get("/dashboard")))
    other = plain(text(organisation.get("/dashboard")))

    assert "Secret-shopper checks" in card
    assert "Winter checks : 1 of 8 checks reported. 1 place free in the next 14 days." in card
    assert "Autumn checks has passed its last day: close it when the last reports are in." in card
    assert "1 campaign is being prepared" in card
    assert "Secret-shopper checks" not in other and "Winter checks" not in other


def test_the_slots_page_and_the_card_read_the_same_number_of_queries_however_many_slots(staff):
    campaign = make_campaign()
    services.open_campaign(campaign, by=None)
    url = f"/coordinate/checks/campaigns/{campaign.id}/slots"

    def counted():
        with recorded_queries() as statements:
            staff.get(url)
            queries.coordinators_summary(D(2027, 3, 5))
        return len(statements)

    writes.open_slots(campaign, services=[make_service("Larkspur Lane Surgery").id],
                      day=D(2027, 3, 10), span="day", capacity=3, by=None)
    few = counted()
    more = [make_service(f"Practice {n}", postcode=f"SE6 {n}AA").id for n in range(1, 6)]
    for slot in writes.open_slots(campaign, services=more, day=D(2027, 3, 10), span="week",
                                  capacity=2, by=None).slots:
        book(slot, "Sunflower")

    assert counted() == few

"""The register of services: the list and its filters, adding and changing a service (its
checks kept with what was typed), retiring it, and the CSV import (matched by ODS code, else by
name and postcode; the same file twice changes nothing). Coordinators only."""
import io
import re

import pytest

from sanctuary.accounts.models import Role
from sanctuary.checks.models import Service
from sanctuary.checks.services import register
from sanctuary.core.audit import AuditEvent
from sanctuary.core.imports import PendingImport
from tests.factories import make_organisation, make_user
from tests.support.client import csrf_token, plain, post, sign_in, text

NEW = {"kind": "gp", "name": "Hollybush Vale Medical Practice", "address": "41 Brockley Rise",
       "postcode": "se23 1jg", "ward": "Crofton Park", "ods_code": "y90101",
       "safe_surgery": "y", "notes": "Ask for the practice manager",
       "form_key": "0123456789abcdef0123456789abcdef"}
HEAD = "Kind,Name,Address,Postcode,Ward,ODS code,Safe Surgeries\n"
FILE = (HEAD + "GP surgery,Larkspur Lane Surgery,212 Bromley Road,SE6 2RP,Bellingham,Y90102,yes\n"
        "pharmacy,Old Kiln Chemist,48 Dartmouth Road,se23 3xz,forest hill,,no\n")


def errors_in(page):
    summary = page.split('class="error-summary__list"')[1].split("</ul>")[0]
    return [plain(message) for message in re.findall(r'<a href="#[^"]+">(.*?)</a>', summary)]


def table_rows(page):
    return [plain(row) for body in re.findall(r"<tbody>(.*?)</tbody>", page, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def stored():
    return [(s.kind, s.name, s.address, s.postcode, s.ward, s.ods_code, s.safe_surgery)
            for s in Service.select().order_by(Service.name)]


def upload(client, data):
    return post(client, "/coordinate/checks/services/import",
                {"file": (io.BytesIO(data.encode()), "services.csv")},
                content_type="multipart/form-data")


def imported(client, data):
    """Upload, preview and confirm: (the preview page, the page after confirming)."""
    preview = client.get(upload(client, data).location)
    pending_id = PendingImport.select().order_by(PendingImport.id.desc()).first().id
    done = post(client, f"/coordinate/checks/services/import/{pending_id}",
                follow_redirects=True)
    return text(preview), text(done)


# ---------------------------------------------------------------------------- the form

def test_a_service_is_added_with_its_postcode_and_ods_code_written_properly(staff):
    response = post(staff, "/coordinate/checks/services/new", NEW)

    assert response.status_code == 302
    assert stored() == [("gp", "Hollybush Vale Medical Practice", "41 Brockley Rise", "SE23 1JG",
                         "Crofton Park", "Y90101", True)]
    assert [e.kind for e in AuditEvent.select()] == ["service.added"]


def test_the_same_form_sent_twice_adds_one_service(staff):
    answers = [post(staff, "/coordinate/checks/services/new", NEW) for _ in range(2)]

    assert [a.status_code for a in answers] == [302, 302]
    assert Service.select().count() == 1


def test_a_bad_postcode_and_ods_code_are_refused_and_what_was_typed_stays(staff):
    response = post(staff, "/coordinate/checks/services/new",
                    {**NEW, "postcode": "not a postcode", "ods_code": "12345"})

    assert errors_in(text(response)) == [
        "Enter a real postcode, like SE6 4RU",
        "Enter an ODS code in the right format: a letter followed by 5 numbers, like Y01234"]
    for typed in ('value="not a postcode"', 'value="12345"', 'value="41 Brockley Rise"',
                  "Ask for the practice manager"):
        assert typed in text(response)
    assert re.search(r'<option selected value="Crofton Park">', text(response))
    assert Service.select().count() == 0


def test_an_ods_code_another_service_has_is_refused(staff):
    post(staff, "/coordinate/checks/services/new", NEW)
    response = post(staff, "/coordinate/checks/services/new",
                    {**NEW, "name": "Another Practice", "form_key": "f" * 32})

    assert errors_in(text(response)) == ["Another service in the register has this ODS code"]
    assert 'value="Another Practice"' in text(response)
    assert Service.select().count() == 1


def test_a_service_is_changed_retired_hidden_and_restored_with_its_trail(staff, coordinator):
    service = register.add_service(by=coordinator, **{**register_values(), "ods_code": ""})
    url = f"/coordinate/checks/services/{service.id}"

    changed = post(staff, f"{url}/edit", {**NEW, "name": "Hollybush Vale Surgery",
                                          "ods_code": ""})
    post(staff, f"{url}/retire")
    hidden = table_rows(text(staff.get("/coordinate/checks/services")))
    shown = table_rows(text(staff.get("/coordinate/checks/services?retired=1")))
    post(staff, f"{url}/restore")
    page = plain(text(staff.get(f"{url}/edit")))

    assert changed.status_code == 302
    assert hidden == []
    assert shown == ["Hollybush Vale Surgery Retired GP surgery 41 Brockley Rise , SE23 1JG "
                     "Crofton Park Yes Results for Hollybush Vale Surgery"]
    assert Service.get_by_id(service.id).retired_at is None
    assert [e.kind for e in AuditEvent.select().order_by(AuditEvent.id)] == [
        "service.added", "service.edited", "service.retired", "service.restored"]
    assert "Service added" in page and "Service retired" in page and "Service restored" in page


def register_values():
    return {"kind": "gp", "name": "Hollybush Vale Medical Practice",
            "address": "41 Brockley Rise", "postcode": "SE23 1JG", "ward": "Crofton Park",
            "ods_code": "Y90101", "safe_surgery": True, "notes": ""}


def test_the_list_filters_by_kind_and_ward_without_javascript(staff, coordinator):
    register.add_service(by=coordinator, **register_values())
    register.add_service(by=coordinator, **{**register_values(), "kind": "pharmacy",
                                            "name": "Old Kiln Chemist", "ods_code": "",
                                            "ward": "Forest Hill", "safe_surgery": False})

    everything = table_rows(text(staff.get("/coordinate/checks/services")))
    pharmacies = table_rows(text(staff.get("/coordinate/checks/services?kind=pharmacy")))
    crofton = table_rows(text(staff.get("/coordinate/checks/services?ward=Crofton+Park")))

    assert [row.split(" GP")[0].split(" Pharmacy")[0] for row in everything] == [
        "Hollybush Vale Medical Practice", "Old Kiln Chemist"]
    assert pharmacies == ["Old Kiln Chemist Pharmacy 41 Brockley Rise , SE23 1JG Forest Hill No "
                          "Results for Old Kiln Chemist"]
    assert [row.split(" GP")[0] for row in crofton] == ["Hollybush Vale Medical Practice"]


# ---------------------------------------------------------------------------- the import

def test_a_file_is_previewed_then_imported_and_the_same_file_again_changes_nothing(staff):
    first, done = imported(staff, FILE)
    after_first = stored()
    second, _ = imported(staff, FILE)

    assert "New: 2" in plain(first)
    assert "Imported: 2 new, 0 changed, 0 with no change." in plain(done)
    assert after_first == [
        ("gp", "Larkspur Lane Surgery", "212 Bromley Road", "SE6 2RP", "Bellingham", "Y90102",
         True),
        ("pharmacy", "Old Kiln Chemist", "48 Dartmouth Road", "SE23 3XZ", "Forest Hill", None,
         False)]
    assert "No change: 2" in plain(second) and "Import these services" not in second
    assert stored() == after_first
    assert AuditEvent.select().count() == 2


def test_a_bad_row_is_shown_with_its_error_and_nothing_is_written(staff):
    bad = FILE + "GP surgery,Nowhere Practice,1 Road,not a postcode,Narnia,,\n"
    preview = text(staff.get(upload(staff, bad).location))
    pending_id = PendingImport.select().first().id
    refused = post(staff, f"/coordinate/checks/services/import/{pending_id}")

    assert errors_in(preview) == ["Row 4: Enter a real postcode, like SE6 4RU",
                                  "Row 4: Enter one of Lewisham's wards, like Rushey Green"]
    assert "Import these services" not in preview
    assert refused.status_code == 302
    assert Service.select().count() == 0


def test_a_row_with_an_ods_code_is_matched_by_it_even_when_its_name_changed(staff, coordinator):
    service = register.add_service(by=coordinator, **{**register_values(), "ods_code": "Y90102",
                                                      "name": "Larkspur Surgery"})

    imported(staff, FILE)

    assert Service.get_by_id(service.id).name == "Larkspur Lane Surgery"
    assert Service.select().count() == 2


def test_a_row_without_an_ods_code_is_matched_by_name_and_postcode(staff, coordinator):
    service = register.add_service(by=coordinator, **{
        **register_values(), "kind": "pharmacy", "name": "old  kiln CHEMIST", "ods_code": "",
        "postcode": "SE23 3XZ", "ward": "", "address": "", "safe_surgery": False})

    preview, _done = imported(staff, FILE)

    assert "Changed: 1" in plain(preview)
    assert Service.get_by_id(service.id).ward == "Forest Hill"
    assert Service.select().count() == 2


def test_the_demo_services_import_once(app, coordinator):
    first = register.import_demo_services(coordinator)
    second = register.import_demo_services(coordinator)

    assert (first.new, first.changed, first.unchanged) == (14, 0, 0)
    assert second is None or (second.new, second.changed) == (0, 0)
    assert Service.select().count() == 14


# ---------------------------------------------------------------------------- who may

@pytest.mark.parametrize("visitor", ["anonymous", "member", "reviewer"])
def test_nobody_but_coordinators_gets_into_the_register(app, coordinator, visitor):
    service = register.add_service(by=coordinator, **register_values())
    pending = register.imports.receive(register.SERVICES_IMPORT, filename="s.csv",
                                       data=FILE.encode(), by=coordinator)
    client = app.test_client()
    if visitor == "member":
        sign_in(client, make_organisation().active_members()[0].user)
    elif visitor == "reviewer":
        sign_in(client, make_user(roles=[Role.REVIEWER], password="r" * 12))
    base = "/coordinate/checks/services"
    gets = [base, f"{base}/new", f"{base}/{service.id}/edit", f"{base}/import",
            f"{base}/import/{pending.id}"]
    posts = [(f"{base}/new", {**NEW, "ods_code": "Y90199", "name": "X"}),
             (f"{base}/{service.id}/edit", {**NEW, "name": "X"}),
             (f"{base}/{service.id}/retire", {}),
             (f"{base}/import/{pending.id}", {})]
    token = csrf_token(client)
    before = stored()

    answers = [client.get(url) for url in gets] + [
        client.post(url, data={"csrf_token": token, **data}) for url, data in posts]

    if visitor == "anonymous":
        assert [a.headers.get("Location", "").split("?")[0] for a in answers] == \
            ["/sign-in"] * len(answers)
    else:
        assert [a.status_code for a in answers] == [403] * len(answers)
    assert stored() == before
    assert PendingImport.get_by_id(pending.id).confirmed_at is None

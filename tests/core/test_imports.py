"""CSV imports: every row previewed with its errors, nothing written until the uploader confirms,
written once, and a second import of the same file changing nothing. The importer here is the
tests' own: services (name, postcode, phone) into a table only these tests create."""
import dataclasses
import datetime
import io
import re

import pytest
from flask import Blueprint, flash, redirect, render_template_string, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from peewee import CharField, IntegerField, Model

from sanctuary.accounts.access import login_required
from sanctuary.core import imports
from sanctuary.core.db import db
from sanctuary.core.forms import ActionForm
from sanctuary.core.imports import Column, Importer, Invalid, PendingImport, RowStatus
from sanctuary.core.permissions import load_or_404
from sanctuary.core.uploads import storage
from tests.factories import make_user
from tests.support import files
from tests.support.client import signed_in_client, text


class Service(Model):
    name = CharField()
    postcode = CharField()
    phone = CharField(null=True)
    added_by = IntegerField()

    class Meta:
        database = db
        table_name = "test_import_service"


def postcode(value):
    compact = value.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}", compact):
        raise Invalid("Enter a real postcode, like SE6 4RU")
    return f"{compact[:-3]} {compact[-3:]}"


def existing(keys):
    wanted = set(keys)
    return {(s.name, s.postcode): {"name": s.name, "postcode": s.postcode, "phone": s.phone}
            for s in Service.select().where(Service.name.in_([name for name, _ in wanted]))
            if (s.name, s.postcode) in wanted}


WRITES = []


def write(rows, *, by):
    WRITES.append([row.number for row in rows])
    for row in rows:
        if row.status == RowStatus.NEW:
            Service.create(**row.values, added_by=by.id)
        else:
            Service.update(phone=row.values["phone"]).where(
                (Service.name == row.values["name"])
                & (Service.postcode == row.values["postcode"])).execute()


SERVICES = Importer(
    name="test-services",
    columns=(Column("name", _l("Name")), Column("postcode", _l("Postcode"), parse=postcode),
             Column("phone", _l("Phone"), required=False)),
    key=("name", "postcode"), existing=existing, write=write, max_bytes=2048)

GOOD = (b"Name,Postcode,Phone\n"
        b"Catford Food Bank,se6 4ru,020 8000 0001\n"
        b"Deptford Advice,SE8 4AG,\n"
        b"Lewisham Library,SE13 6LG,020 8000 0003\n")
ONE_BAD_ROW = (b"Name,Postcode,Phone\n"
               b"Catford Food Bank,SE6 4RU,\n"
               b"Nowhere Centre,not a postcode,\n"
               b",SE13 6LG,\n")


@pytest.fixture
def services(any_app):
    WRITES.clear()
    db.create_tables([Service])
    with any_app.test_request_context("/"):
        yield any_app


@pytest.fixture
def services_here(app):
    """The same, on SQLite alone, for what does not touch SQL beyond the basics."""
    WRITES.clear()
    db.create_tables([Service])
    with app.test_request_context("/"):
        yield app


def received(data, by, filename="services.csv"):
    return imports.receive(SERVICES, filename=filename, data=data, by=by)


def summary(preview):
    return [(row.number, row.status, row.errors) for row in preview.rows]


def test_a_file_with_a_bad_row_shows_every_row_with_its_errors_and_writes_nothing(services):
    person = make_user()
    pending = received(ONE_BAD_ROW, person)

    preview = imports.preview(SERVICES, pending)

    assert summary(preview) == [
        (2, RowStatus.NEW, {}),
        (3, RowStatus.INVALID, {"postcode": "Enter a real postcode, like SE6 4RU"}),
        (4, RowStatus.INVALID, {"name": "Name must be filled in"}),
    ]
    assert [(e.row, e.anchor) for e in preview.errors] == [
        (3, "import-row-3-postcode"), (4, "import-row-4-name")]
    assert not preview.can_confirm
    with pytest.raises(imports.ImportRefused):
        imports.confirm(SERVICES, pending, by=person)
    assert Service.select().count() == 0 and WRITES == []
    assert PendingImport.get_by_id(pending.id).confirmed_at is None


def test_confirming_writes_every_row_once_however_often_it_is_pressed(services):
    person = make_user()
    pending = received(GOOD, person)
    assert imports.preview(SERVICES, pending).can_confirm

    first = imports.confirm(SERVICES, pending, by=person)
    second = imports.confirm(SERVICES, pending, by=person)

    assert first == imports.Imported(new=3, changed=0, unchanged=0)
    assert second is None
    assert sorted((s.name, s.postcode, s.phone, s.added_by) for s in Service.select()) == [
        ("Catford Food Bank", "SE6 4RU", "020 8000 0001", person.id),
        ("Deptford Advice", "SE8 4AG", None, person.id),
        ("Lewisham Library", "SE13 6LG", "020 8000 0003", person.id),
    ]
    assert WRITES == [[2, 3, 4]]
    assert not storage().exists(pending.storage_key)


def test_importing_the_same_file_again_changes_nothing_and_a_changed_row_is_updated(services):
    person = make_user()
    imports.confirm(SERVICES, received(GOOD, person), by=person)

    again = received(GOOD, person)
    preview = imports.preview(SERVICES, again)
    result = imports.confirm(SERVICES, again, by=person)
    changed = received(GOOD.replace(b"020 8000 0003", b"020 8000 0004"), person)
    statuses = [(row.status, row.before) for row in imports.preview(SERVICES, changed).rows]
    imports.confirm(SERVICES, changed, by=person)

    assert [row.status for row in preview.rows] == [RowStatus.UNCHANGED] * 3
    assert not preview.can_confirm
    assert result == imports.Imported(new=0, changed=0, unchanged=3)
    assert statuses == [(RowStatus.UNCHANGED, {}), (RowStatus.UNCHANGED, {}),
                        (RowStatus.CHANGED, {"phone": "020 8000 0003"})]
    assert WRITES == [[2, 3, 4], [4]]
    assert sorted((s.name, s.phone) for s in Service.select()) == [
        ("Catford Food Bank", "020 8000 0001"), ("Deptford Advice", None),
        ("Lewisham Library", "020 8000 0004")]


def test_someone_else_cannot_confirm_your_upload(services):
    person, other = make_user(), make_user()
    pending = received(GOOD, person)

    with pytest.raises(imports.NotYours):
        imports.confirm(SERVICES, pending, by=other)

    assert (pending.can_confirm(person), pending.can_confirm(other)) == (True, False)
    assert Service.select().count() == 0
    assert PendingImport.get_by_id(pending.id).confirmed_at is None


def test_an_upload_is_confirmed_only_as_the_import_it_was_made_for(services):
    person = make_user()
    pending = received(GOOD, person)
    elsewhere = Importer(name="other", columns=SERVICES.columns, key=SERVICES.key,
                         existing=existing, write=write)

    with pytest.raises(imports.NotYours):
        imports.preview(elsewhere, pending)
    with pytest.raises(imports.NotYours):
        imports.confirm(elsewhere, pending, by=person)


def test_a_row_that_repeats_another_rows_key_is_an_error(services_here):
    data = GOOD + b"catford food bank,SE6 4RU,\nCatford Food Bank,se6  4ru,020\n"

    preview = imports.preview(SERVICES, received(data, make_user()))

    assert summary(preview)[3:] == [
        (5, RowStatus.NEW, {}),  # the name differs in case: the importer's key is exact
        (6, RowStatus.INVALID, {"": "This row has the same “Name” and “Postcode” as row 2."}),
    ]


def test_an_importer_may_say_itself_which_stored_row_a_row_is(services_here):
    # By phone when there is one, else by name (case folded) and postcode.
    def identify(values):
        return values["phone"] or (values["name"].casefold(), values["postcode"])

    def existing_by_identity(identities):
        rows = {identify({"phone": s.phone, "name": s.name, "postcode": s.postcode}):
                {"name": s.name, "postcode": s.postcode, "phone": s.phone}
                for s in Service.select()}
        return {identity: rows[identity] for identity in identities if identity in rows}

    importer = dataclasses.replace(SERVICES, identify=identify, existing=existing_by_identity)
    Service.create(name="Catford Food Bank", postcode="SE6 4RU", phone="020 8000 0001",
                   added_by=1)
    Service.create(name="Deptford Advice", postcode="SE8 4AG", phone=None, added_by=1)
    data = (b"Name,Postcode,Phone\n"
            b"Catford Foodbank,SE6 4RU,020 8000 0001\n"  # renamed: found by its phone
            b"DEPTFORD ADVICE,se8 4ag,\n"  # no phone: found by name and postcode
            b"deptford advice,SE8 4AG,\n")

    preview = imports.preview(importer, received(data, make_user()))

    assert summary(preview) == [
        (2, RowStatus.CHANGED, {}), (3, RowStatus.CHANGED, {}),
        (4, RowStatus.INVALID, {"": "This row is the same as row 3."})]
    assert [row.before for row in preview.rows[:2]] == [
        {"name": "Catford Food Bank"}, {"name": "Deptford Advice"}]


TOO_LARGE = b"Name,Postcode,Phone\n" + b"A service,SE6 4RU,\n" * 200
NOT_CSV = ("This is not a CSV file. In your spreadsheet, choose “Save as”, then “CSV UTF-8”, "
           "and upload that file.")
NOT_UTF8 = ("The file is not saved as UTF-8. In your spreadsheet, choose “Save as”, then "
            "“CSV UTF-8”, and upload that file.")


@pytest.mark.parametrize(("data", "message"), [
    (TOO_LARGE, "The file is larger than 2 kB. Choose a smaller file."),
    (b"", "The file is empty. Choose another file."),
    (files.PDF, NOT_CSV),
    (files.png(), NOT_CSV),
    (b"Name,Postcode\x00,Phone\n", NOT_CSV),
    (files.xlsx(), "This is a spreadsheet, not a CSV file. In your spreadsheet, choose "
                   "“Save as”, then “CSV UTF-8”, and upload that file."),
    ("Name,Postcode,Phone\nCafé,SE6 4RU,\n".encode("cp1252"), NOT_UTF8),
    ("Name,Postcode,Phone\n".encode("utf-16"), NOT_UTF8),
    (b"Name,Phone\nCatford,020\n",
     "The first row of the file must name its columns. Missing: “Postcode”."),
    (b"Service,Where\nCatford,SE6 4RU\n",
     "The first row of the file must name its columns. Missing: “Name”, “Postcode” and "
     "“Phone”."),
    (b"Name,Postcode,Phone,name\nCatford,SE6 4RU,,\n",
     "The first row names the column “Name” twice. Keep one and upload the file again."),
    (b"Name,Postcode,Phone\n,,\n", "The file has no rows under its first row."),
], ids=["too-large", "empty", "pdf", "png", "nul", "xlsx", "windows-1252", "utf-16",
        "a-column-missing", "no-headings", "a-column-twice", "no-rows"])
def test_a_file_that_cannot_be_imported_is_refused_with_a_clear_message(services_here, data,
                                                                        message):
    with pytest.raises(imports.ImportRefused) as refused:
        received(data, make_user())

    assert str(refused.value) == message
    assert PendingImport.select().count() == 0


def test_excels_csv_utf8_is_read_with_its_byte_order_mark_crlf_and_semicolons(services_here):
    data = ("\ufeffNAME ; postcode;Phone;Notes\r\n"
            "\"Café; Brockley\";SE4 1UT;\"020 8000\r\n0005\";\r\n"
            ";;;\r\n"
            "Ladywell Fields;SE13 7RY;;not read\r\n").encode()

    preview = imports.preview(SERVICES, received(data, make_user()))

    assert [(row.number, row.values, row.errors) for row in preview.rows] == [
        (2, {"name": "Café; Brockley", "postcode": "SE4 1UT"},
         {"phone": "Phone must be on one line, with no hidden characters"}),
        (4, {"name": "Ladywell Fields", "postcode": "SE13 7RY", "phone": None}, {}),
    ]


def test_a_file_whose_lines_end_with_a_lone_cr_is_read(services_here):
    data = b"Name,Postcode,Phone\rLadywell Fields,SE13 7RY,\r"

    preview = imports.preview(SERVICES, received(data, make_user()))

    assert [(row.number, row.values) for row in preview.rows] == [
        (2, {"name": "Ladywell Fields", "postcode": "SE13 7RY", "phone": None})]


def test_the_headings_may_be_in_the_readers_language(services_here):
    data = "الاسم,الرمز البريدي,Phone\nمركز الترحيب,SE6 4RU,\n".encode()

    with services_here.app_context(), services_here.test_request_context("/?lang=ar"):
        preview = imports.preview(SERVICES, received(data, make_user()))

    assert [row.values for row in preview.rows] == [
        {"name": "مركز الترحيب", "postcode": "SE6 4RU", "phone": None}]


def test_a_row_with_more_cells_than_headings_is_an_error(services_here):
    data = b"Name,Postcode,Phone\nCatford, the bakery,SE6 4RU,020\n"

    preview = imports.preview(SERVICES, received(data, make_user()))

    assert preview.rows[0].errors[""] == (
        "This row has more cells than the first row has headings.")


def test_uploads_older_than_a_time_are_listed_for_removal_and_discarded(services_here):
    person = make_user()
    old, recent = received(GOOD, person), received(GOOD, person)
    PendingImport.update(uploaded_at=datetime.datetime(2026, 1, 1)).where(
        PendingImport.id == old.id).execute()

    stale = list(imports.stale_imports(datetime.datetime(2026, 2, 1)))
    for pending in stale:
        imports.discard(pending)

    assert [pending.id for pending in stale] == [old.id]
    assert not storage().exists(old.storage_key) and storage().exists(recent.storage_key)
    assert [pending.id for pending in PendingImport.select()] == [recent.id]


def test_the_preview_is_a_table_whose_errors_the_summary_links_to(services_here):
    Service.create(name="Catford Food Bank", postcode="SE6 4RU", phone="020 8000 0009",
                   added_by=0)
    pending = received(ONE_BAD_ROW, make_user())

    html = render_template_string(
        '{% from "core/_import_preview.html" import import_preview %}'
        "{{ import_preview(preview, 'Services in the file') }}",
        preview=imports.preview(SERVICES, pending))

    summary_html, table = html.split('<div class="table-wrap">')
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary_html)
    assert links == [("import-row-3-postcode", "Row 3: Enter a real postcode, like SE6 4RU"),
                     ("import-row-4-name", "Row 4: Name must be filled in")]
    assert all(f'<td id="{anchor}">' in table for anchor, _ in links)
    assert "<caption>Services in the file</caption>" in table
    assert re.findall(r'<th scope="col">([^<]+)</th>', table) == [
        "Row", "Name", "Postcode", "Phone", "Status"]
    assert re.findall(r'<th scope="row">(\d+)</th>', table) == ["2", "3", "4"]
    assert "<bdi>not a postcode</bdi>" in table
    assert ('<td id="import-row-2-phone">\n      <p class="field__hint">Was: <bdi>020 8000 0009'
            "</bdi></p></td>") in table


# ---------------------------------------------------------------------------- through a page

PAGE = ('{% extends "base.html" %}{% from "core/_import_preview.html" import import_preview %}'
        "{% block content %}{{ import_preview(preview, 'Services in the file') }}"
        "{% if preview.can_confirm %}<form method=\"post\" action=\"{{ url_for("
        "'test_imports.confirm', pending_id=preview.pending.id) }}\">"
        "{{ form.csrf_token }}<button>Import</button></form>{% endif %}{% endblock %}")


def add_test_pages(app):
    bp = Blueprint("test_imports", __name__)

    @bp.post("/test-imports")
    @login_required
    def upload():
        pending = imports.receive(SERVICES, filename="services.csv",
                                  data=request.files["file"].read(), by=current_user)
        return redirect(url_for("test_imports.show", pending_id=pending.id))

    @bp.get("/test-imports/<int:pending_id>")
    @login_required
    def show(pending_id):
        pending = load_or_404(PendingImport, pending_id, can="view")
        if pending.confirmed_at:
            return "Imported."
        return render_template_string(PAGE, preview=imports.preview(SERVICES, pending),
                                      form=ActionForm())

    @bp.post("/test-imports/<int:pending_id>")
    @login_required
    def confirm(pending_id):
        pending = load_or_404(PendingImport, pending_id, can="confirm")
        if ActionForm().validate_on_submit():
            imports.confirm(SERVICES, pending, by=current_user)
            flash("Imported.", "success")
        return redirect(url_for("test_imports.show", pending_id=pending.id))

    app.register_blueprint(bp)


def test_a_person_uploads_previews_and_confirms_and_no_one_else_can(app):
    WRITES.clear()
    db.create_tables([Service])
    add_test_pages(app)
    person, other = make_user(), make_user()
    client, token = signed_in_client(app, person)
    intruder, intruder_token = signed_in_client(app, other)

    uploaded = client.post("/test-imports", data={
        "csrf_token": token, "file": (io.BytesIO(GOOD), "services.csv")})
    page = client.get(uploaded.location)
    foreign = [intruder.get(uploaded.location).status_code,
               intruder.post(uploaded.location, data={"csrf_token": intruder_token}).status_code]
    confirmed = [client.post(uploaded.location, data={"csrf_token": token}) for _ in range(2)]

    assert uploaded.status_code == 302 and page.status_code == 200
    assert "<caption>Services in the file</caption>" in text(page)
    assert "<button>Import</button>" in text(page)
    assert foreign == [403, 403]
    assert [response.status_code for response in confirmed] == [302, 302]
    assert WRITES == [[2, 3, 4]] and Service.select().count() == 3

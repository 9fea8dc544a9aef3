"""The audit trail: one table of events for every feature, read by who may see them; and
migration 0017, which moved the applications' timelines and the panels' trails into it."""
import datetime

import pytest
from flask_babel import lazy_gettext as _l

from sanctuary.core import audit, migrate
from sanctuary.core.audit import AuditEvent, Visibility, event_kinds
from sanctuary.core.db import db, utcnow
from sanctuary.core.i18n import in_language
from sanctuary.core.labels import Labelled
from tests.factories import make_user
from tests.support.migrations import database_before, insert, select


@event_kinds
class Happening(Labelled):
    OPENED = "test.opened", _l("Draft")
    NOTED = "test.noted", _l("Submitted")
    # A label naming parts of the detail (the panel's own wording, translated already).
    COUNTED = "test.counted", _l("Sent the decision before every review was in: %(submitted)s "
                                 "of %(panel)s reviews submitted")


def test_an_event_keeps_who_what_on_what_about_whom_when_and_its_detail(any_app):
    actor, concerned = make_user(display_name="Actor"), make_user(display_name="Concerned")
    at = datetime.datetime(2027, 3, 1, 9, 30)

    audit.record(Happening.NOTED, ("thing", 5), by=actor, about=concerned, at=at,
                 detail={"note": "Seen to"}, visibility=Visibility.SUBJECT)

    [event] = audit.read(("thing", 5), audience=Visibility.STAFF)
    assert (event.subject, event.kind, event.by, event.about, event.at, event.detail,
            event.visibility) == (("thing", 5), "test.noted", actor, concerned, at,
                                  {"note": "Seen to"}, "subject")
    assert (str(event.label), event.note) == ("Submitted", "Seen to")


def test_an_event_done_by_no_one_names_no_one(any_app):
    audit.record(Happening.OPENED, ("thing", 5), by=None)

    [event] = audit.read(("thing", 5), audience=Visibility.STAFF)
    assert (event.by_id, event.by, event.about, event.note) == (None, None, None, "")


def test_events_are_staff_only_unless_recorded_for_the_subjects_people(any_app):
    audit.record(Happening.OPENED, ("thing", 1), by=None, visibility=Visibility.SUBJECT)
    audit.record(Happening.NOTED, ("thing", 1), by=None)

    staff = audit.read(("thing", 1), audience=Visibility.STAFF)
    own_people = audit.read(("thing", 1), audience=Visibility.SUBJECT)

    assert [e.kind for e in staff] == ["test.opened", "test.noted"]
    assert [e.kind for e in own_people] == ["test.opened"]


def test_a_subjects_events_come_oldest_first_of_the_kinds_asked_for(any_app):
    now = utcnow()
    audit.record(Happening.NOTED, ("thing", 1), by=None, at=now)
    audit.record(Happening.OPENED, ("thing", 1), by=None, at=now - datetime.timedelta(hours=1))
    audit.record(Happening.COUNTED, ("thing", 1), by=None, at=now,
                 detail={"submitted": 2, "panel": 3})
    audit.record(Happening.OPENED, ("thing", 2), by=None)
    audit.record(Happening.OPENED, ("other", 1), by=None)

    every = audit.read(("thing", 1), audience=Visibility.STAFF)
    some = audit.read(("thing", 1), audience=Visibility.STAFF,
                      kinds=[Happening.OPENED, Happening.COUNTED])

    assert [e.kind for e in every] == ["test.opened", "test.noted", "test.counted"]
    assert [e.kind for e in some] == ["test.opened", "test.counted"]
    assert audit.last_at(("thing", 1), Happening.NOTED) == now
    assert audit.last_at(("thing", 1), Happening.COUNTED) == now
    assert audit.last_at(("thing", 3), Happening.NOTED) is None


def test_a_label_is_filled_from_the_detail_in_the_readers_language(app):
    audit.record(Happening.COUNTED, ("thing", 1), by=None, detail={"submitted": 2, "panel": 3})
    [event] = audit.read(("thing", 1), audience=Visibility.STAFF)

    with app.test_request_context():
        english = event.label
        with in_language("uk"):
            ukrainian = event.label

    assert english == "Sent the decision before every review was in: 2 of 3 reviews submitted"
    assert ukrainian == "Рішення надіслано ще до того, як надійшли всі рецензії: подано 2 з 3"


def test_an_event_is_kept_or_lost_with_the_change_it_describes(any_app):
    with pytest.raises(RuntimeError), db.atomic():
        audit.record(Happening.OPENED, ("thing", 1), by=None)
        raise RuntimeError("the change failed")

    assert AuditEvent.select().count() == 0


def test_only_declared_kinds_are_recorded_and_a_kind_names_one_thing(app):
    class Undeclared(Labelled):
        OPENED = "test.opened", _l("Draft")

    with pytest.raises(ValueError):
        audit.record(Undeclared.OPENED, ("thing", 1), by=None)
    with pytest.raises(ValueError):
        audit.record("test.opened", ("thing", 1), by=None)
    with pytest.raises(ValueError):
        event_kinds(Undeclared)  # its value is Happening's
    assert AuditEvent.select().count() == 0


# ---------------------------------------------------------------------------- migration 0017

MIGRATION = "0017_audit_and_references"


def old_tables(now):
    """Users, an organisation, two applications, and rows of both old tables about them."""
    minute = datetime.timedelta(minutes=1)
    insert("user", [{"email": f"{name}@example.org", "display_name": name.title(),
                     "language": "en", "is_active": True, "created_at": now}
                    for name in ("coordinator", "member", "reviewer")])
    insert("organisation", [{"name": "Old Org", "kind": "charity", "size_band": "1-9",
                             "address": "", "postcode": "", "website": "", "contact_name": "C",
                             "contact_role": "", "contact_email": "c@example.org",
                             "language": "en", "created_by_id": 2, "created_at": now}])
    insert("application", [
        {"organisation_id": 1, "stream_id": 2, "state": "under_review", "reference": "SA-2026-0041",
         "created_by_id": 2, "created_at": now, "submitted_at": now + minute, "review_round": 1},
        {"organisation_id": 1, "stream_id": 2, "state": "withdrawn", "reference": None,
         "created_by_id": 2, "created_at": now, "submitted_at": None, "review_round": 1}])
    insert("application_event", [
        {"application_id": 1, "state": "draft", "at": now, "by_id": 2},
        {"application_id": 2, "state": "draft", "at": now + minute / 2, "by_id": 2},
        {"application_id": 1, "state": "submitted", "at": now + minute, "by_id": 2},
        {"application_id": 1, "state": "under_review", "at": now + 3 * minute, "by_id": 1},
        {"application_id": 2, "state": "withdrawn", "at": now + 4 * minute, "by_id": None}])
    insert("panel_event", [
        {"application_id": 1, "kind": "assigned", "at": now + 2 * minute, "by_id": 1,
         "subject_id": 3, "detail": ""},
        {"application_id": 1, "kind": "conflict", "at": now + 5 * minute, "by_id": 3,
         "subject_id": 3, "detail": "I volunteer there"},
        {"application_id": 1, "kind": "removed", "at": now + 5 * minute, "by_id": 3,
         "subject_id": 3, "detail": ""},
        {"application_id": 1, "kind": "agreed", "at": now + 6 * minute, "by_id": 1,
         "subject_id": None, "detail": "A named contact: Met"},
        {"application_id": 1, "kind": "decision_sent_early", "at": now + 7 * minute, "by_id": 1,
         "subject_id": None, "detail": "2/3"}])


OLD_COLUMNS = {"application_event": ("application_id", "state", "at", "by_id"),
               "panel_event": ("application_id", "kind", "at", "by_id", "subject_id", "detail")}


def test_0017_moves_every_timeline_and_trail_row_into_the_audit_table_keeping_its_meaning(
        make_app, empty_database_url):
    app = make_app(empty_database_url)
    database_before(MIGRATION)
    now = datetime.datetime(2026, 11, 30, 10, 0, 0, 250000)
    minute = datetime.timedelta(minutes=1)
    old_tables(now)

    applied = migrate.upgrade(db.obj, to=MIGRATION)

    assert applied == [MIGRATION]
    assert (db.table_exists("application_event"), db.table_exists("panel_event")) == (False,
                                                                                      False)
    moved = [(e.subject, e.kind, e.by_id, e.about_id, e.at, e.detail, e.visibility)
             for e in AuditEvent.select().order_by(AuditEvent.id)]
    first, second = ("application", 1), ("application", 2)
    assert moved == [
        (first, "application.draft", 2, None, now, {}, "subject"),
        (second, "application.draft", 2, None, now + minute / 2, {}, "subject"),
        (first, "application.submitted", 2, None, now + minute, {}, "subject"),
        (first, "assigned", 1, 3, now + 2 * minute, {}, "staff"),
        (first, "application.under_review", 1, None, now + 3 * minute, {}, "subject"),
        (second, "application.withdrawn", None, None, now + 4 * minute, {}, "subject"),
        (first, "conflict", 3, 3, now + 5 * minute, {"note": "I volunteer there"}, "staff"),
        (first, "removed", 3, 3, now + 5 * minute, {}, "staff"),
        (first, "agreed", 1, None, now + 6 * minute, {"note": "A named contact: Met"}, "staff"),
        (first, "decision_sent_early", 1, None, now + 7 * minute, {"submitted": 2, "panel": 3},
         "staff"),
    ]
    with app.test_request_context():
        applicants = [(str(e.label), e.by and e.by.email)
                      for e in audit.read(first, audience=Visibility.SUBJECT)]
        trail = [(str(e.label), e.about and e.about.email, e.note)
                 for e in audit.read(first, audience=Visibility.STAFF) if e.visibility == "staff"]
    assert applicants == [("Draft", "member@example.org"), ("Submitted", "member@example.org"),
                          ("Under review", "coordinator@example.org")]
    assert trail == [
        ("Assigned to the panel", "reviewer@example.org", ""),
        ("Declared a conflict of interest, and was recused", "reviewer@example.org",
         "I volunteer there"),
        ("Removed from the panel", "reviewer@example.org", ""),
        ("Recorded the panel's agreed verdict", None, "A named contact: Met"),
        ("Sent the decision before every review was in: 2 of 3 reviews submitted", None, ""),
    ]


def test_0017_reverts_to_the_two_tables_with_their_rows(make_app, empty_database_url):
    make_app(empty_database_url)
    database_before(MIGRATION)
    old_tables(datetime.datetime(2026, 11, 30, 10, 0))
    before = {table: select(table, columns) for table, columns in OLD_COLUMNS.items()}

    migrate.upgrade(db.obj, to=MIGRATION)
    migrate.runner(db.obj).down()

    assert [len(rows) for rows in before.values()] == [5, 5]
    assert {table: select(table, columns) for table, columns in OLD_COLUMNS.items()} == before
    assert db.table_exists("audit_event") is False

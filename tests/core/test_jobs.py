"""Scheduled work: reminders claimed once, retention rules that remove exactly what they say, and
a privacy notice that lists the same rules."""
import datetime

from peewee import CharField, Model

from sanctuary.accounts.models import Role, UserSession
from sanctuary.accounts.services import start_session
from sanctuary.core import jobs, links
from sanctuary.core.clock import london_today
from sanctuary.core.db import UTCDateTimeField, db, utcnow
from sanctuary.core.imports import PendingImport
from sanctuary.core.links import Link
from sanctuary.core.outbox import OutboxMessage, State
from sanctuary.core.uploads import storage
from tests.factories import make_outbox_message, make_user
from tests.support.client import text
from tests.support.concurrency import at_once


class Note(Model):
    """A table of this test's own, for a reminder about it (not a BaseModel: no migration)."""

    name = CharField()
    reminded_at = UTCDateTimeField(null=True)
    earlier_reminded_at = UTCDateTimeField(null=True)

    class Meta:
        database = db


def note_reminder(sent):
    return jobs.Reminder("Notes", due=lambda today: Note.select(),
                         claim=(Note.reminded_at, Note.earlier_reminded_at),
                         send=lambda note: sent.append(note.name))


def test_a_reminder_is_claimed_and_sent_once_however_often_it_runs(any_app):
    db.create_tables([Note])
    Note.create(name="first")
    Note.create(name="second", reminded_at=utcnow())  # reminded already
    sent = []

    assert jobs.send_reminder(note_reminder(sent), london_today()) == 1
    assert jobs.send_reminder(note_reminder(sent), london_today()) == 0
    assert sent == ["first"]
    assert Note.get(Note.name == "first").earlier_reminded_at is not None  # claimed with it


def test_two_runs_at_once_send_a_reminder_once(any_app):
    db.create_tables([Note])
    Note.create(name="only")
    sent = []

    results = at_once(any_app, lambda: jobs.send_reminder(note_reminder(sent), london_today()))

    assert sorted(results) == [0, 1] and sent == ["only"]


def test_every_feature_registers_its_reminders_and_the_command_runs_them_all(app):
    names = [reminder.name for reminder in jobs.registered_reminders(app)]
    output = app.test_cli_runner().invoke(args=["send-reminders"]).output

    assert sorted(names) == ["No speaker has accepted", "Overdue further evidence",
                             "Overdue reviews", "Renewals (30 days)", "Renewals (90 days)",
                             "School asked for feedback", "School session coming up",
                             "Speaker's session coming up"]
    assert all(f"{name}: 0" in output for name in names)


# ---------------------------------------------------------------------------- retention

def every_row():
    """{table: {row id: row}} of the whole database."""
    rows = {}
    for table in db.get_tables():
        cursor = db.execute_sql(f'SELECT * FROM "{table}"')
        columns = [column[0] for column in cursor.description]
        rows[table] = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    return rows


def aged(message, days, **fields):
    (OutboxMessage.update(created_at=utcnow() - datetime.timedelta(days=days), **fields)
     .where(OutboxMessage.id == message.id).execute())
    return message.id


def aged_link(person, *, expires_days_ago=None, used_days_ago=None):
    _token, link = links.issue("sign_in", lifetime=datetime.timedelta(hours=1),
                               holder_user=person, holder_email=person.email)
    changes = {}
    if expires_days_ago is not None:
        changes["expires_at"] = utcnow() - datetime.timedelta(days=expires_days_ago)
    if used_days_ago is not None:
        changes["used_at"] = utcnow() - datetime.timedelta(days=used_days_ago)
    if changes:
        Link.update(changes).where(Link.id == link.id).execute()
    return link.id


def aged_session(person, *, signed_out_days_ago=None, last_seen_days_ago=0):
    key = start_session(person)
    session = UserSession.get(UserSession.key_hash == links.hash_token(key))
    (UserSession.update(
        last_seen_at=utcnow() - datetime.timedelta(days=last_seen_days_ago),
        revoked_at=None if signed_out_days_ago is None
        else utcnow() - datetime.timedelta(days=signed_out_days_ago))
     .where(UserSession.id == session.id).execute())
    return session.id


def aged_upload(person, *, days):
    key = storage().save(b"name,postcode\n")
    pending = PendingImport.create(kind="services", storage_key=key, filename="services.csv",
                                   uploaded_by_id=person.id,
                                   uploaded_at=utcnow() - datetime.timedelta(days=days))
    return pending.id, key


def test_purge_expired_removes_exactly_what_the_rules_say_and_nothing_the_second_time(any_app):
    long_ago = utcnow() - datetime.timedelta(days=31)
    old_sent = aged(make_outbox_message(), 40, state=State.SENT, sent_at=long_ago,
                    body_text=None, body_html=None)
    new_sent = aged(make_outbox_message(), 2, state=State.SENT, sent_at=utcnow(),
                    body_text=None, body_html=None)
    old_failed = aged(make_outbox_message(), 40, state=State.FAILED)
    new_failed = aged(make_outbox_message(), 2, state=State.FAILED)
    queued = aged(make_outbox_message(), 40)  # still to be sent: kept whole, however old
    person = make_user()
    old_link = aged_link(person, expires_days_ago=31)
    spent_link = aged_link(person, used_days_ago=31)
    aged_link(person, expires_days_ago=29)  # stopped working lately: kept a while yet
    aged_link(person)  # still usable
    old_session = aged_session(person, signed_out_days_ago=31)
    idle_session = aged_session(person, last_seen_days_ago=31 + 14)  # past the longest idle time
    aged_session(person, signed_out_days_ago=29)
    aged_session(person, last_seen_days_ago=31)  # could be in use (14 days' idle allowed)
    staff_session = aged_session(make_user(roles=[Role.REVIEWER]), last_seen_days_ago=31)
    stale_upload, stale_key = aged_upload(person, days=8)
    aged_upload(person, days=6)
    before = every_row()

    removed = jobs.purge_expired(any_app)
    after = every_row()

    expected = {table: {id_: dict(row) for id_, row in rows.items()}
                for table, rows in before.items()}
    expected["outbox_message"][old_sent].update(recipient=None, subject=None)
    expected["outbox_message"][old_failed].update(recipient=None, subject=None, body_text=None,
                                                  body_html=None, last_error=None)
    for table, gone in (("link", (old_link, spent_link)),
                        ("user_session", (old_session, idle_session, staff_session)),
                        ("pending_import", (stale_upload,))):
        for id_ in gone:
            del expected[table][id_]
    assert after == expected
    assert {new_sent, new_failed, queued} <= set(after["outbox_message"])
    assert removed["Sent email: address and subject"] == 1
    assert removed["Email that could not be sent"] == 1
    assert (removed["Links that no longer work"], removed["Ended sign-ins"]) == (2, 3)
    assert removed["Uploaded files for import"] == 1
    assert not storage().exists(stale_key)
    assert set(jobs.purge_expired(any_app).values()) == {0}
    assert every_row() == after


def test_the_command_prints_what_each_rule_removed(app):
    aged(make_outbox_message(), 40, state=State.FAILED)

    output = app.test_cli_runner().invoke(args=["purge-expired"]).output

    assert "Email that could not be sent: 1" in output.splitlines()


def test_a_failed_message_whose_text_is_gone_is_not_offered_again(app):
    message_id = aged(make_outbox_message(), 40, state=State.FAILED)
    jobs.purge_expired(app)

    assert not OutboxMessage.get_by_id(message_id).can_retry


def test_the_privacy_notice_lists_the_rules_that_run(app, client):
    page = text(client.get("/privacy"))

    notices = [str(rule.notice) for rule in jobs.registered_rules(app)]
    assert notices and all(notice in page for notice in notices)
    assert "Who an email was sent to, and its subject: deleted 30 days after it was sent." in page


# ---------------------------------------------------------------------------- frequent jobs

def test_every_feature_registers_its_frequent_jobs_and_the_command_runs_them_all(app):
    names = [job.name for job in jobs.registered_frequent_jobs(app)]
    result = app.test_cli_runner().invoke(args=["run-jobs"])

    assert names == ["School waiting lists"]
    assert result.exit_code == 0
    assert result.output.startswith("School waiting lists: 0. Email: sent: 0")


def counting_job(runs, name="Counting"):
    return jobs.FrequentJob(name, run=lambda now: runs.append(now) or 1)


def test_each_frequent_job_runs_in_its_own_transaction_and_a_failure_stops_no_other(
        app, caplog, monkeypatch):
    db.create_tables([Note])
    runs = []

    def failing(now):
        Note.create(name="half done")  # rolled back with the failure
        raise RuntimeError("broken")

    monkeypatch.setattr(jobs, "registered_frequent_jobs", lambda app: [
        jobs.FrequentJob("Failing", run=failing), counting_job(runs)])
    now = utcnow()

    done = jobs.run_frequent(app, now)

    assert done == {"Failing": None, "Counting": 1}
    assert runs == [now]
    assert Note.select().count() == 0
    assert "The frequent job 'Failing' failed" in caplog.text
    result = app.test_cli_runner().invoke(args=["run-jobs"])
    assert result.exit_code == 1 and "Failing: failed. Counting: 1." in result.output


def test_the_sender_runs_the_frequent_jobs_at_most_every_so_often(make_app, sqlite_url,
                                                                  monkeypatch):
    from sanctuary.core.outbox import watch

    make_app(sqlite_url, FREQUENT_JOBS_SECONDS=120)
    runs = []
    monkeypatch.setattr(jobs, "registered_frequent_jobs", lambda app: [counting_job(runs)])
    times = iter([0, 0, 5, 100, 119.9, 120])  # the clock: at the start, then each look
    naps = []

    watch(every=5, should_stop=lambda: len(naps) == 5, sleep=naps.append,
          clock=lambda: next(times))

    assert len(runs) == 2  # at 0 and at 120, not at 5, 100 or 119.9


def test_the_sender_carries_on_when_the_frequent_jobs_cannot_run(app, caplog, monkeypatch):
    from sanctuary.core import outbox

    def broken(app):
        raise RuntimeError("database down")

    monkeypatch.setattr(outbox, "run_frequent", broken)
    message = make_outbox_message()
    naps = []

    outbox.watch(every=1, should_stop=lambda: len(naps) == 1, sleep=naps.append)

    assert OutboxMessage.get_by_id(message.id).state == State.SENT
    assert "could not run the frequent jobs" in caplog.text

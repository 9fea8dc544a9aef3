import datetime
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sanctuary.core.db import db, utcnow
from sanctuary.core.outbox import (
    OutboxAttachment,
    OutboxMessage,
    State,
    backoff,
    claim,
    forget_recipient,
    queued_and_failed,
    send_due,
    watch,
)
from tests.factories import make_outbox_message
from tests.support.devserver import DevServer
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]


def smtp_app(make_app, url, port):
    return make_app(url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)


def reload(message):
    return OutboxMessage.get_by_id(message.id)


def test_queue_email_renders_text_and_html_in_the_recipients_language(app):
    message = make_outbox_message(locale="uk")

    stored = reload(message)
    assert stored.state == State.QUEUED
    assert stored.locale == "uk"
    assert stored.subject == "Ваше посилання для входу на сайт «Район-притулок Льюїшем»"
    assert '<html lang="uk" dir="ltr">' in stored.body_html
    assert stored.body_text.startswith("Вітаємо")


@pytest.mark.smtp
def test_send_due_delivers_over_smtp_and_drops_the_body(make_app, any_database_url, smtp):
    smtp_app(make_app, any_database_url, smtp.port)
    message = make_outbox_message(
        recipient="school@example.org",
        attachments=[("session.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")],
    )

    counts = send_due()

    assert counts == {"sent": 1, "retry": 0, "failed": 0, "skipped": 0}
    [received] = smtp.messages
    assert received["To"] == "school@example.org"
    assert received["Message-ID"] == message.message_id
    assert received["Subject"] == "Your link to sign in to Lewisham Borough of Sanctuary"
    assert ("http://127.0.0.1:5000/sign-in/link/example"
            in received.get_body(("plain",)).get_content())
    assert "<html" in received.get_body(("html",)).get_content()
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "session.ics"
    assert attachment.get_content_type() == "text/calendar"
    stored = reload(message)
    assert (stored.state, stored.body_text, stored.body_html) == (State.SENT, None, None)
    assert stored.sent_at is not None
    assert OutboxAttachment.select().where(OutboxAttachment.message == message.id).count() == 0


@pytest.mark.smtp
def test_message_survives_a_server_that_is_down_and_is_sent_when_it_is_back(
    make_app, any_database_url, smtp
):
    from tests.support.smtp import SMTPServer

    port = free_port()  # nothing listens here yet
    smtp_app(make_app, any_database_url, port)
    message = make_outbox_message(recipient="later@example.org")

    first = send_due()
    failed = reload(message)

    assert first == {"sent": 0, "retry": 1, "failed": 0, "skipped": 0}
    assert failed.state == State.QUEUED
    assert failed.attempts == 1
    assert failed.last_error.startswith("ConnectionRefusedError")
    assert failed.body_text is not None
    assert failed.next_attempt_at > utcnow()
    assert [m.id for m in queued_and_failed()] == [message.id]
    assert send_due() == {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}  # not due yet

    server = SMTPServer(port=port).start()
    try:
        second = send_due(now=failed.next_attempt_at)
    finally:
        server.stop()

    assert second == {"sent": 1, "retry": 0, "failed": 0, "skipped": 0}
    assert [m["To"] for m in server.messages] == ["later@example.org"]
    assert reload(message).state == State.SENT
    assert reload(message).last_error is None


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30).total_seconds() == 6 * 60 * 60


@pytest.mark.smtp
def test_two_senders_at_once_deliver_each_message_once(make_app, any_database_url, smtp):
    app = smtp_app(make_app, any_database_url, smtp.port)
    messages = [make_outbox_message() for _ in range(24)]
    db.close()
    start = threading.Barrier(2)
    results, errors = [], []

    def sender():
        try:
            with app.app_context():
                db.connect(reuse_if_open=True)
                start.wait()
                results.append(send_due())
                db.close()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(r["sent"] for r in results) == 24
    received_ids = sorted(m["Message-ID"] for m in smtp.messages)
    assert received_ids == sorted(m.message_id for m in messages)
    assert OutboxMessage.select().where(OutboxMessage.state == State.SENT).count() == 24


def test_a_claimed_message_is_skipped_by_other_senders_until_its_lease_ends(any_app):
    message = make_outbox_message()

    token = claim(message.id)

    assert token is not None
    assert claim(message.id) is None
    assert send_due() == {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}


@pytest.mark.smtp
def test_a_sender_killed_after_its_claim_does_not_strand_the_message(
    make_app, any_database_url, smtp
):
    smtp_app(make_app, any_database_url, smtp.port)
    message = make_outbox_message(recipient="stranded@example.org")
    db.close()
    # A real sender process claims the message, then dies before it can send or release it.
    script = (
        "import os, signal\n"
        "from sanctuary import create_app\n"
        "from sanctuary.core.outbox import claim\n"
        f"app = create_app({{'DATABASE_URL': {any_database_url!r}}})\n"
        "with app.app_context():\n"
        f"    assert claim({message.id}) is not None\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    killed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True)
    assert killed.returncode == -9, killed.stderr.decode()
    leased = reload(message)
    assert leased.lease_until is not None
    assert send_due() == {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}

    after_lease = leased.lease_until + datetime.timedelta(seconds=1)
    assert send_due(now=after_lease) == {"sent": 1, "retry": 0, "failed": 0, "skipped": 0}

    assert [m["To"] for m in smtp.messages] == ["stranded@example.org"]
    assert reload(message).attempts == 2


@pytest.mark.smtp
def test_a_refused_recipient_fails_for_good_and_is_listed(make_app, any_database_url, smtp):
    smtp_app(make_app, any_database_url, smtp.port)
    message = make_outbox_message(recipient="no-such-mailbox@example.org")
    smtp.inbox.refuse("no-such-mailbox@example.org")

    counts = send_due()

    assert counts == {"sent": 0, "retry": 0, "failed": 1, "skipped": 0}
    stored = reload(message)
    assert stored.state == State.FAILED
    assert "SMTPRecipientsRefused" in stored.last_error
    assert [m.id for m in queued_and_failed()] == [message.id]
    assert send_due(now=utcnow() + datetime.timedelta(days=1))["sent"] == 0


@pytest.mark.smtp
def test_email_queued_in_a_request_is_sent_once_the_response_has_gone(make_app, sqlite_url, smtp):
    app = smtp_app(make_app, sqlite_url, smtp.port)

    # A route of the kind later features add: it queues an email as part of its change.
    def notify():
        make_outbox_message(recipient="after-response@example.org")
        assert smtp.messages == []  # nothing is sent while the request is still being handled
        return "queued"

    app.add_url_rule("/test-notify", view_func=notify)

    response = app.test_client().get("/test-notify")
    response.close()

    assert response.status_code == 200
    assert [m["To"] for m in smtp.messages] == ["after-response@example.org"]
    assert OutboxMessage.get().state == State.SENT


def test_watch_sends_what_is_due_each_time_until_stopped(app):
    first = make_outbox_message()
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 1:
            make_outbox_message()  # queued while the sender sleeps

    watch(every=2, should_stop=lambda: len(naps) == 2, sleep=sleep)

    assert naps == [2, 2]
    assert [m.state for m in OutboxMessage.select().order_by(OutboxMessage.id)] == ["sent", "sent"]
    assert reload(first).attempts == 1


def test_no_message_is_stranded_when_clients_reset_after_the_headers(sqlite_url, tmp_path):
    """Served as `make run` serves it; a client that resets the connection can make Werkzeug's
    server skip the after-response send, and the sender beside it sends what was left."""
    limits = {f"RATELIMIT_SIGN_IN_PER_{who}": "1000 per hour" for who in ("ADDRESS", "CLIENT")}
    server = DevServer(tmp_path, sqlite_url, **limits).start()
    try:
        statuses = [server.ask_for_link_and_reset(f"reset{n}@example.org") for n in range(20)]
        deadline = time.monotonic() + 60  # guards against hanging only
        while server.mailbox_count() < 20 and time.monotonic() < deadline:
            time.sleep(0.2)

        assert statuses == ["302"] * 20
        assert server.mailbox_count() == 20, server.logs()
    finally:
        server.stop()


def test_watch_carries_on_when_a_look_fails(app, caplog):
    table = OutboxMessage._meta.table_name
    make_outbox_message()
    db.execute_sql(f"ALTER TABLE {table} RENAME TO hidden_outbox")  # the first look fails
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 1:
            db.execute_sql(f"ALTER TABLE hidden_outbox RENAME TO {table}")

    watch(every=1, should_stop=lambda: len(naps) == 2, sleep=sleep)

    assert OutboxMessage.get().state == "sent"
    assert "could not look for due messages" in caplog.text


def test_forgetting_a_recipient_empties_their_messages_and_stops_the_unsent(any_app):
    sent = make_outbox_message(recipient="Amal@example.org")
    send_due(only=[sent.id])
    queued = make_outbox_message(recipient="amal@example.org",
                                 attachments=[("a.txt", "text/plain", b"a")])
    other = make_outbox_message(recipient="someone@example.org")

    emptied = forget_recipient(" amal@example.org ")

    rows = {row.id: row for row in OutboxMessage.select()}
    assert emptied == 2
    assert [(rows[m.id].recipient, rows[m.id].subject, rows[m.id].body_text, rows[m.id].state)
            for m in (sent, queued)] == [(None, None, None, State.SENT),
                                         (None, None, None, State.FAILED)]
    assert rows[other.id].recipient == "someone@example.org"
    assert OutboxAttachment.select().count() == 0
    assert forget_recipient("") == 0 and send_due()["sent"] == 1  # only the other one goes


# ---------------------------------------------------------------------------- forget_recipient

@pytest.mark.smtp
def test_a_message_that_forgets_its_recipient_has_no_address_once_sent(make_app,
                                                                      any_database_url, smtp):
    smtp_app(make_app, any_database_url, smtp.port)
    forgetting = make_outbox_message(recipient="resident@example.org", forget_recipient=True)
    keeping = make_outbox_message(recipient="school@example.org")

    assert send_due()["sent"] == 2

    assert sorted(m["To"] for m in smtp.messages) == ["resident@example.org", "school@example.org"]
    sent = reload(forgetting)
    assert (sent.state, sent.recipient, sent.last_error, sent.body_text) == (
        State.SENT, None, None, None)
    assert reload(keeping).recipient == "school@example.org"  # until the retention rule
    assert reload(keeping).forget_recipient is False


@pytest.mark.smtp
def test_a_refused_message_that_forgets_its_recipient_keeps_no_address_in_its_error(
    make_app, any_database_url, smtp
):
    smtp_app(make_app, any_database_url, smtp.port)
    forgetting = make_outbox_message(recipient="Gone@example.org", forget_recipient=True)
    keeping = make_outbox_message(recipient="gone-too@example.org")
    smtp.inbox.refuse("Gone@example.org")
    smtp.inbox.refuse("gone-too@example.org")

    assert send_due()["failed"] == 2

    refused = reload(forgetting)
    assert refused.state == State.FAILED
    assert refused.last_error == (
        "SMTPRecipientsRefused: {'[address deleted]': (550, b'5.1.1 No such mailbox')}")
    assert refused.recipient == "Gone@example.org"  # never sent: an admin may still retry it
    assert "gone-too@example.org" in reload(keeping).last_error


@pytest.mark.smtp
def test_a_failed_try_of_a_message_that_forgets_its_recipient_names_it_nowhere(
    make_app, any_database_url, smtp, caplog
):
    smtp_app(make_app, any_database_url, smtp.port)
    message = make_outbox_message(recipient="resident@example.org", forget_recipient=True)
    # The server's answer repeats the address, in its own case.
    smtp.inbox.answer_data("451 4.3.0 Try later for RESIDENT@example.org")

    first = send_due()

    assert first == {"sent": 0, "retry": 1, "failed": 0, "skipped": 0}
    failed = reload(message)
    assert failed.last_error == "SMTPDataError: (451, b'4.3.0 Try later for [address deleted]')"
    assert "not sent: SMTPDataError" in caplog.text
    assert "resident@example.org" not in caplog.text.lower()

    smtp.inbox.answer_data(None)
    assert send_due(now=failed.next_attempt_at)["sent"] == 1
    assert (reload(message).recipient, reload(message).last_error) == (None, None)
    assert [m["To"] for m in smtp.messages] == ["resident@example.org"]

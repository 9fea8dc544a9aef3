import pytest

from sanctuary.core.outbox import OutboxMessage, State
from tests.factories import make_outbox_message
from tests.support.postgres import free_port


def invoke(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_seed_demo_twice_changes_nothing_the_second_time(app):
    first = invoke(app, "seed-demo")
    rows_after_first = [(m.recipient, m.state) for m in OutboxMessage.select()]

    invoke(app, "seed-demo")

    assert "Demo data is loaded." in first
    assert rows_after_first == [("demo.visitor@example.org", State.SENT)]
    assert [(m.recipient, m.state) for m in OutboxMessage.select()] == rows_after_first


def test_outbox_lists_queued_messages_with_their_last_error(make_app, sqlite_url):
    app = make_app(sqlite_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    make_outbox_message(recipient="waiting@example.org")

    sent = invoke(app, "send-outbox")
    listed = invoke(app, "outbox")

    assert sent == "sent: 0, retry: 1, failed: 0, skipped: 0\n"
    assert "queued  tries: 1  to: waiting@example.org" in listed
    assert "last error: ConnectionRefusedError" in listed


@pytest.mark.smtp
def test_send_outbox_sends_what_is_due(make_app, sqlite_url, smtp):
    app = make_app(sqlite_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    make_outbox_message(recipient="cron@example.org")

    output = invoke(app, "send-outbox")

    assert output == "sent: 1, retry: 0, failed: 0, skipped: 0\n"
    assert [m["To"] for m in smtp.messages] == ["cron@example.org"]
    assert invoke(app, "outbox") == "Nothing queued.\n"


def test_production_without_mail_server_keeps_messages_queued(monkeypatch, make_app, sqlite_url):
    monkeypatch.setenv("SANCTUARY_ENV", "production")
    app = make_app(sqlite_url)
    make_outbox_message()

    assert invoke(app, "send-outbox") == "sent: 0, retry: 1, failed: 0, skipped: 0\n"
    assert "MAIL_SERVER is not configured" in invoke(app, "outbox")

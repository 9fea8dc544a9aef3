from sanctuary.accounts.models import Role
from sanctuary.core.outbox import OutboxMessage, State, send_due
from tests.factories import make_outbox_message, make_user
from tests.support.client import csrf_token, sign_in, text
from tests.support.ports import free_port


def failing_app(make_app, sqlite_url):
    return make_app(sqlite_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())


def test_admin_sees_email_that_has_not_gone_out(make_app, sqlite_url):
    app = failing_app(make_app, sqlite_url)
    make_outbox_message(recipient="stuck@example.org")
    send_due()
    client = app.test_client()
    sign_in(client, make_user(roles=[Role.ADMIN], password="a" * 12))

    page = text(client.get("/admin/outbox"))

    assert '<td id="recipient-1">stuck@example.org</td>' in page
    assert "ConnectionRefusedError" in page
    assert "<td>Queued</td>" in page


def test_a_failed_message_whose_address_is_deleted_shows_an_empty_cell(make_app, sqlite_url):
    app = failing_app(make_app, sqlite_url)
    make_outbox_message(recipient="gone@example.org")
    # As the retention rule leaves an undeliverable email, a while after it was written.
    OutboxMessage.update(state=State.FAILED, recipient=None, subject=None, body_text=None,
                         body_html=None, last_error=None).execute()
    client = app.test_client()
    sign_in(client, make_user(roles=[Role.ADMIN], password="a" * 12))

    page = text(client.get("/admin/outbox"))

    assert '<td id="recipient-1"></td>' in page
    assert "None" not in page
    assert "Its text has been deleted, so it cannot be sent again." in page


def test_try_again_now_requeues_a_failed_message(make_app, sqlite_url):
    app = failing_app(make_app, sqlite_url)
    message = make_outbox_message(recipient="refused@example.org")
    OutboxMessage.update(state=State.FAILED, last_error="SMTPRecipientsRefused").execute()
    client = app.test_client()
    sign_in(client, make_user(roles=[Role.ADMIN], password="a" * 12))

    response = client.post(f"/admin/outbox/{message.id}/retry",
                           data={"csrf_token": csrf_token(client, "/admin/outbox")},
                           follow_redirects=True)

    assert "The email to refused@example.org will be sent again now." in text(response)
    stored = OutboxMessage.get_by_id(message.id)
    assert stored.state == State.QUEUED
    assert stored.attempts >= 1  # the request tried it again straight away (the server is down)


def test_a_coordinator_who_is_not_admin_gets_403(client):
    sign_in(client, make_user(roles=[Role.COORDINATOR, Role.REVIEWER], password="c" * 12))

    assert client.get("/admin/outbox").status_code == 403
    message = make_outbox_message()
    assert client.post(f"/admin/outbox/{message.id}/retry",
                       data={"csrf_token": csrf_token(client)}).status_code == 403


def test_retrying_a_message_that_does_not_exist_is_404(client):
    sign_in(client, make_user(roles=[Role.ADMIN], password="a" * 12))

    assert client.post("/admin/outbox/999/retry",
                       data={"csrf_token": csrf_token(client)}).status_code == 404


def test_sent_messages_cannot_be_sent_again(app):
    from sanctuary.core.outbox import requeue

    message = make_outbox_message()
    send_due()

    assert requeue(OutboxMessage.get_by_id(message.id)) is False
    assert OutboxMessage.get_by_id(message.id).state == State.SENT

"""Reading email as its recipient would: what the app delivered, what reached the SMTP server,
and the link in it."""
import email
import email.policy
import re
import time
from pathlib import Path

LINK = re.compile(r"https?://\S+")


def mailbox_files(app):
    return sorted(Path(app.config["DEV_MAILBOX"]).glob("*.eml"))


def delivered_mail(app):
    """What the app delivered to the development mailbox, as email messages."""
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in mailbox_files(app)]


def last_link_to(recipient):
    """The link in the newest email to `recipient`, read as the person would read it."""
    from flask import current_app

    from sanctuary.core.outbox import OutboxMessage

    message = (OutboxMessage.select().where(OutboxMessage.recipient == recipient)
               .order_by(OutboxMessage.id.desc()).get())
    body = message.body_text
    if body is None:  # already sent, and so dropped from the outbox: read the delivered copy
        [delivered] = [m for m in delivered_mail(current_app)
                       if m["Message-ID"] == message.message_id]
        body = delivered.get_body(("plain",)).get_content()
    return LINK.search(body).group(0)


def wait_for_email(smtp, recipient, timeout=10, subject_contains=""):
    """The first message to `recipient` that reaches the SMTP server within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp.messages:
            if message["To"] == recipient and subject_contains in message["Subject"]:
                return message
        time.sleep(0.05)
    raise AssertionError(f"No email reached {recipient} within {timeout} seconds")


def link_in(message):
    return LINK.search(message.get_body(("plain",)).get_content()).group(0)

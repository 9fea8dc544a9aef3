"""Email that is never lost: written to an outbox with the change that causes it, sent after commit.

A sender claims a message by a conditional UPDATE that sets a lease; only one sender's UPDATE can
match, so two senders never send the same message, and a sender that dies leaves a lease that
runs out, after which another sender takes the message.
"""
import datetime
import email.utils
import re
import secrets
import smtplib
import time
from pathlib import Path

from blinker import Namespace
from flask import current_app, g, has_request_context, render_template
from flask_babel import lazy_gettext as _l, lazy_ngettext as _ln
from flask_mail import Message
from peewee import BlobField, BooleanField, CharField, ForeignKeyField, IntegerField, TextField, fn

from ..extensions import mail
from .db import BaseModel, UTCDateTimeField, db, utcnow
from .i18n import in_language
from .jobs import RetentionRule, retention_rules, run_frequent
from .labels import Labelled
from .text import for_header

# Retry after 1, 2, 4 ... minutes, never waiting more than six hours between tries.
BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 6 * 60 * 60


# Work that decides at send time whether to email anyone, so that a request can do the same for
# every address (a password reset): receivers queue what is due and return the queued messages.
# The sender sends `preparing` before each look; a request asks for one with
# `prepare_after_response`.
preparing = Namespace().signal("outbox-preparing")


class State(Labelled):
    QUEUED = "queued", _l("Queued")
    SENT = "sent", _l("Sent")
    # Refused for good by the mail server (a bad address), or a message that cannot be built or
    # sent whatever the retries: not retried, and never in the way of the messages behind it.
    FAILED = "failed", _l("Failed")


class OutboxMessage(BaseModel):
    message_id = CharField(max_length=255, unique=True)
    # Emptied a while after sending (core.jobs retention), so the outbox is no list of who heard
    # from us about what; or as soon as it is sent, when the message asks to forget it.
    recipient = CharField(max_length=320, null=True)
    forget_recipient = BooleanField(default=False)
    subject = CharField(max_length=255, null=True)
    body_text = TextField(null=True)  # dropped once sent, so links never sit readable here
    body_html = TextField(null=True)
    locale = CharField(max_length=16)
    state = CharField(max_length=16, default=State.QUEUED, index=True)
    attempts = IntegerField(default=0)
    next_attempt_at = UTCDateTimeField(default=utcnow, index=True)
    lease_until = UTCDateTimeField(null=True)
    claim_token = CharField(max_length=64, null=True)
    last_error = TextField(null=True)
    created_at = UTCDateTimeField(default=utcnow)
    sent_at = UTCDateTimeField(null=True)

    @property
    def state_label(self):
        return State(self.state).label

    @property
    def can_retry(self):
        """Not once its text has been deleted (a failed message, after a while)."""
        return self.state != State.SENT and self.body_text is not None


class OutboxAttachment(BaseModel):
    message = ForeignKeyField(OutboxMessage, backref="attachments", on_delete="CASCADE")
    filename = CharField(max_length=255)
    content_type = CharField(max_length=127)
    data = BlobField()


def queue_email(recipient, subject, template, *, locale, attachments=(), forget_recipient=False,
                **context):
    """Render `templates/emails/<template>.txt` and `.html` in `locale` and queue them.

    Call inside the transaction of the change that causes the email. `subject` is a lazy string,
    rendered in the recipient's language. `attachments` holds (filename, content_type, bytes).
    The message is sent right after the current request and, should that not happen (a client
    that went away, a worker that died), by the sender: `flask send-outbox [--watch]`.
    With `forget_recipient` (a resident's address), the address is deleted as soon as the
    message is sent, and no error kept or logged about it (a failed try's) ever names it.
    """
    with in_language(locale):
        subject_text = for_header(str(subject))  # it may carry people's text: an org's name
        body_text = render_template(f"emails/{template}.txt", **context)
        body_html = render_template(f"emails/{template}.html", subject=subject_text, **context)
    domain = email.utils.parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1].rpartition("@")[2]
    with db.atomic():
        message = OutboxMessage.create(
            message_id=email.utils.make_msgid(domain=domain or None),
            recipient=recipient,
            forget_recipient=forget_recipient,
            subject=subject_text,
            body_text=body_text,
            body_html=body_html,
            locale=locale,
        )
        for filename, content_type, data in attachments:
            OutboxAttachment.create(
                message=message, filename=filename, content_type=content_type, data=data
            )
    send_after_response(message.id)
    return message


def send_after_response(message_id):
    """Within a request, send the message once the response has gone; elsewhere leave it to cron."""
    if has_request_context():
        g.setdefault("outbox_ids", []).append(message_id)


def prepare_after_response():
    """Within a request, let the receivers of `preparing` act once the response has gone."""
    if has_request_context():
        g.outbox_prepare = True


def prepare_due():
    """Ask every receiver of `preparing` to queue what is due; return the ids they queued."""
    ids = []
    for _receiver, queued in preparing.send(current_app._get_current_object()):
        ids.extend(message.id for message in queued or ())
    return ids


def backoff(attempts):
    return datetime.timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0),
                                          BACKOFF_MAX_SECONDS))


def claim(message_id, *, now=None, lease_seconds=None):
    """Take the lease on a due message; return the claim token, or None if another sender has it."""
    now = now or utcnow()
    lease_seconds = lease_seconds or current_app.config["OUTBOX_LEASE_SECONDS"]
    token = secrets.token_hex(16)
    claimed = (
        OutboxMessage.update(
            claim_token=token,
            lease_until=now + datetime.timedelta(seconds=lease_seconds),
            attempts=OutboxMessage.attempts + 1,
        )
        .where(
            (OutboxMessage.id == message_id)
            & (OutboxMessage.state == State.QUEUED)
            & (OutboxMessage.next_attempt_at <= now)
            & (OutboxMessage.lease_until.is_null() | (OutboxMessage.lease_until <= now))
        )
        .execute()
    )
    return token if claimed == 1 else None


def watch(*, every, should_stop=lambda: False, sleep=time.sleep, clock=time.monotonic):
    """Send what is due every `every` seconds until `should_stop()` says so; and run the
    frequent jobs (core.jobs) first, at most every `FREQUENT_JOBS_SECONDS` (0: never), so that
    what they queue goes at once."""
    app = current_app._get_current_object()
    frequent_every = app.config["FREQUENT_JOBS_SECONDS"]
    next_frequent = clock()
    while not should_stop():
        moment = clock()
        if frequent_every and moment >= next_frequent:
            next_frequent = moment + frequent_every
            _run_frequent(app)
        try:
            with db.connection_context():
                counts = send_due()
        except Exception:  # a database busy or down: look again next time, never stop sending
            current_app.logger.exception("The outbox sender could not look for due messages")
        else:
            if counts["retry"] or counts["failed"]:
                current_app.logger.warning("Outbox: %s", counts)
        sleep(every)


def _run_frequent(app):
    try:
        with db.connection_context():
            done = run_frequent(app)
    except Exception:  # a database busy or down: try again next time, never stop sending
        app.logger.exception("The sender could not run the frequent jobs")
    else:
        if any(count for count in done.values()):
            app.logger.info("Frequent jobs: %s", done)


def due_ids(*, now=None, limit=100, only=None):
    now = now or utcnow()
    query = (
        OutboxMessage.select(OutboxMessage.id)
        .where(
            (OutboxMessage.state == State.QUEUED)
            & (OutboxMessage.next_attempt_at <= now)
            & (OutboxMessage.lease_until.is_null() | (OutboxMessage.lease_until <= now))
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if only is not None:
        query = query.where(OutboxMessage.id.in_(list(only)))
    return [row.id for row in query]


def send_due(*, now=None, limit=100, only=None):
    """Claim and send what is due (or, with `only`, those ids if due). Returns the counts."""
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    if only is None:
        prepare_due()
    for message_id in due_ids(now=now, limit=limit, only=only):
        token = claim(message_id, now=now)
        if token is None:
            counts["skipped"] += 1
            continue
        counts[_deliver(message_id, token)] += 1
    return counts


def _deliver(message_id, token):
    message = OutboxMessage.get_by_id(message_id)
    try:
        _transmit(message)
    except smtplib.SMTPRecipientsRefused as exc:
        _finish(message, token, state=State.FAILED, last_error=_describe(exc, message))
        return "failed"
    except (smtplib.SMTPException, OSError) as exc:
        _finish(
            message,
            token,
            state=State.QUEUED,
            last_error=_describe(exc, message),
            next_attempt_at=utcnow() + backoff(message.attempts),
        )
        current_app.logger.warning("Outbox message %s not sent: %s", message.id,
                                   _describe(exc, message))
        return "retry"
    except Exception as exc:  # no retry can cure it (a bad header, a message that cannot be built)
        _finish(message, token, state=State.FAILED, last_error=_describe(exc, message))
        if message.forget_recipient:  # a traceback ends with the error's text, address and all
            current_app.logger.error("Outbox message %s cannot be sent: %s", message.id,
                                     _describe(exc, message))
        else:
            current_app.logger.exception("Outbox message %s cannot be sent", message.id)
        return "failed"
    forgotten = {"recipient": None} if message.forget_recipient else {}
    _finish(message, token, state=State.SENT, sent_at=utcnow(), last_error=None,
            body_text=None, body_html=None, **forgotten)
    OutboxAttachment.delete().where(OutboxAttachment.message == message.id).execute()
    return "sent"


def _finish(message, token, **fields):
    """Release the lease, but only if it is still ours (a lease that ran out belongs to no one)."""
    (
        OutboxMessage.update(lease_until=None, claim_token=None, **fields)
        .where((OutboxMessage.id == message.id) & (OutboxMessage.claim_token == token))
        .execute()
    )


ADDRESS_DELETED = "[address deleted]"


def _describe(exc, message):
    """The error's text, to keep; without the address, when the message is to forget it."""
    text = f"{type(exc).__name__}: {exc}"
    if message.forget_recipient and message.recipient:
        text = re.sub(re.escape(message.recipient), ADDRESS_DELETED, text, flags=re.IGNORECASE)
    return text[:1000]


def _transmit(message):
    config = current_app.config
    mail_message = Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
        sender=config["MAIL_DEFAULT_SENDER"],
    )
    # The same Message-ID on every retry, so a mail server can tell a resend from a new message.
    mail_message.msgId = message.message_id
    for attachment in message.attachments:
        mail_message.attach(attachment.filename, attachment.content_type, bytes(attachment.data))
    if config["MAIL_SERVER"]:
        with mail.connect() as connection:
            connection.host.sock.settimeout(config["MAIL_TIMEOUT"])
            connection.send(mail_message)
    elif config["SANCTUARY_ENV"] != "development":
        raise smtplib.SMTPException("MAIL_SERVER is not configured")
    if config["SANCTUARY_ENV"] == "development":
        _keep_for_development(mail_message, message)


def _keep_for_development(mail_message, message):
    """Development only: keep a copy of what was sent, for the development outbox page."""
    folder = Path(current_app.config["DEV_MAILBOX"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{message.id:08d}.eml").write_bytes(mail_message.as_bytes())


def deliver_after_request(response):
    """Send what this request queued once the response has gone (its transaction has committed)."""
    ids = g.pop("outbox_ids", [])
    prepare = g.pop("outbox_prepare", False)
    if ids or prepare:
        app = current_app._get_current_object()

        def send_queued():
            with app.app_context(), db.connection_context():
                try:
                    send_due(only=ids + (prepare_due() if prepare else []))
                except Exception:  # the sender (`flask send-outbox`) takes what this missed
                    app.logger.exception("Sending outbox messages %s after the request failed",
                                         ids)

        response.call_on_close(send_queued)
    return response


def _forget_recipients(cutoff):
    return (OutboxMessage.update(recipient=None, subject=None)
            .where((OutboxMessage.state == State.SENT) & (OutboxMessage.sent_at < cutoff)
                   & (OutboxMessage.recipient.is_null(False)
                      | OutboxMessage.subject.is_null(False)))
            .execute())


def _forget_failed(cutoff):
    """An undeliverable email, a while after it was written: its address, subject, text, the
    server's answer (which names the address) and its attachments."""
    failed = ((OutboxMessage.state == State.FAILED) & (OutboxMessage.created_at < cutoff))
    OutboxAttachment.delete().where(OutboxAttachment.message.in_(
        OutboxMessage.select(OutboxMessage.id).where(failed))).execute()
    return (OutboxMessage.update(recipient=None, subject=None, body_text=None, body_html=None,
                                 last_error=None)
            .where(failed & (OutboxMessage.recipient.is_null(False)
                             | OutboxMessage.body_text.is_null(False)
                             | OutboxMessage.body_html.is_null(False)))
            .execute())


def forget_recipient(address):
    """Someone asked us to forget them: every message to `address` loses its address, subject,
    text and attachments, and one not sent yet never will be. Returns how many were emptied."""
    if not address:
        return 0
    theirs = fn.LOWER(OutboxMessage.recipient) == address.strip().lower()
    with db.atomic():
        OutboxAttachment.delete().where(OutboxAttachment.message.in_(
            OutboxMessage.select(OutboxMessage.id).where(theirs))).execute()
        OutboxMessage.update(state=State.FAILED, lease_until=None, claim_token=None).where(
            theirs & (OutboxMessage.state == State.QUEUED)).execute()
        return (OutboxMessage.update(recipient=None, subject=None, body_text=None,
                                     body_html=None, last_error=None)
                .where(theirs).execute())


def retention_rules_for(app):
    """The outbox's retention rules (core.jobs)."""
    sent, failed = (app.config["RETENTION_SENT_EMAIL_DAYS"],
                    app.config["RETENTION_FAILED_EMAIL_DAYS"])
    return [
        RetentionRule("Sent email: address and subject", datetime.timedelta(days=sent),
                      _forget_recipients, _ln(
                          "Who an email was sent to, and its subject: deleted %(num)d day after "
                          "it was sent.",
                          "Who an email was sent to, and its subject: deleted %(num)d days after "
                          "it was sent.", sent)),
        RetentionRule("Email that could not be sent", datetime.timedelta(days=failed),
                      _forget_failed, _ln(
                          "An email that could not be delivered (who it was for, its subject and "
                          "its text): deleted %(num)d day after it was written.",
                          "An email that could not be delivered (who it was for, its subject and "
                          "its text): deleted %(num)d days after it was written.", failed)),
    ]


def init_app(app):
    app.after_request(deliver_after_request)
    retention_rules.connect(retention_rules_for)


def queued_and_failed():
    """Messages not yet sent (or refused for good), oldest first, for `flask outbox`."""
    return (
        OutboxMessage.select()
        .where(OutboxMessage.state != State.SENT)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )


def requeue(message):
    """Try a message again at once: one that failed for good, or one waiting for its next try."""
    requeued = (
        OutboxMessage.update(state=State.QUEUED, next_attempt_at=utcnow())
        .where((OutboxMessage.id == message.id) & (OutboxMessage.state != State.SENT)
               & OutboxMessage.body_text.is_null(False))
        .execute()
    )
    if requeued:
        send_after_response(message.id)
    return requeued == 1

"""Plain factory functions: make_<model>(**overrides), saved, with sensible defaults."""
import itertools

from flask_babel import lazy_gettext as _l

from sanctuary.core.outbox import queue_email

_numbers = itertools.count(1)


def make_outbox_message(**overrides):
    n = next(_numbers)
    fields = {
        "recipient": f"person{n}@example.org",
        "subject": _l("Your link to sign in to Lewisham Borough of Sanctuary"),
        "template": "sign_in_link",
        "locale": "en",
        "link": "http://127.0.0.1:5000/sign-in/link/example",
        "minutes": 30,
        **overrides,
    }
    return queue_email(fields.pop("recipient"), fields.pop("subject"), fields.pop("template"),
                       **fields)


def make_user(*, roles=(), password=None, **overrides):
    from sanctuary.accounts.services import create_user

    n = next(_numbers)
    fields = {"display_name": f"Person {n}", "language": "en", **overrides}
    email = fields.pop("email", f"person{n}@example.org")
    return create_user(email, roles=roles, password=password, **fields)


def last_link_to(recipient):
    """The link in the newest email to `recipient`, read as the person would read it."""
    import re

    from flask import current_app

    from sanctuary.core.outbox import OutboxMessage
    from tests.conftest import delivered_mail

    message = (OutboxMessage.select().where(OutboxMessage.recipient == recipient)
               .order_by(OutboxMessage.id.desc()).get())
    body = message.body_text
    if body is None:  # already sent, and so dropped from the outbox: read the delivered copy
        [delivered] = [m for m in delivered_mail(current_app) if m["Message-ID"] == message.message_id]
        body = delivered.get_body(("plain",)).get_content()
    return re.search(r"https?://\S+", body).group(0)


def make_organisation(*, member=None, **overrides):
    from sanctuary.awards.services import create_organisation

    member = member or make_user()
    fields = {"name": f"Organisation {next(_numbers)}", "kind": "business", "size_band": "1-9",
              "contact_name": "Contact Person", "contact_email": "contact@example.org",
              **overrides}
    return create_organisation(by=member, **fields)

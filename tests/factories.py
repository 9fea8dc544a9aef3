"""Plain factory functions: make_<model>(**overrides), saved, with sensible defaults."""
import itertools

from flask_babel import lazy_gettext as _l

from sanctuary.core.outbox import queue_email

_numbers = itertools.count(1)


def make_outbox_message(**overrides):
    n = next(_numbers)
    fields = {
        "recipient": f"person{n}@example.org",
        "subject": _l("Welcome to the Lewisham Borough of Sanctuary demo"),
        "template": "demo_welcome",
        "locale": "en",
        **overrides,
    }
    return queue_email(fields.pop("recipient"), fields.pop("subject"), fields.pop("template"),
                       **fields)

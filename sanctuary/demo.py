"""Demo data for `make run`: enough for someone trying the app to see every feature working."""
from flask import current_app
from flask_babel import lazy_gettext as _l

from .core.db import db
from .core.outbox import OutboxMessage, queue_email, send_due

DEMO_RECIPIENT = "demo.visitor@example.org"


def seed():
    """Create what is missing; return lines to print. Running it twice changes nothing."""
    lines = []
    with db.atomic():
        welcome_sent = (
            OutboxMessage.select().where(OutboxMessage.recipient == DEMO_RECIPIENT).exists()
        )
        if not welcome_sent:
            queue_email(
                DEMO_RECIPIENT,
                _l("Welcome to the Lewisham Borough of Sanctuary demo"),
                "demo_welcome",
                locale="en",
            )
    send_due()
    base = current_app.config["PUBLIC_BASE_URL"]
    lines.append("Demo data is loaded.")
    lines.append(f"  Site:              {base}/")
    if current_app.config["SANCTUARY_ENV"] == "development":
        lines.append(f"  Development email: {base}/dev/outbox (every email the app sends)")
    return lines

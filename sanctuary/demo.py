"""Demo data for `make run`: enough for someone trying the app to see every feature working."""
from flask import current_app

from .accounts.models import Role
from .accounts.services import create_user, find_user
from .core.db import db
from .core.outbox import send_due

# Demo sign-ins, printed by `make run`. Never used outside development.
DEMO_PASSWORD = "sanctuary-demo"
DEMO_STAFF = (
    ("coordinator@demo.example.org", "Amina Yusuf", [Role.COORDINATOR, Role.ADMIN]),
    ("reviewer.one@demo.example.org", "Daniel Okafor", [Role.REVIEWER]),
    ("reviewer.two@demo.example.org", "Maryam Rahimi", [Role.REVIEWER]),
)
DEMO_APPLICANT = ("applicant@demo.example.org", "Grace Mensah", [Role.APPLICANT])


def seed():
    """Create what is missing; return lines to print. Running it twice changes nothing."""
    with db.atomic():
        for email, name, roles in DEMO_STAFF:
            if find_user(email) is None:
                create_user(email, roles=roles, display_name=name, password=DEMO_PASSWORD)
        email, name, roles = DEMO_APPLICANT
        if find_user(email) is None:
            create_user(email, roles=roles, display_name=name)
    send_due()
    return _sign_ins()


def _sign_ins():
    base = current_app.config["PUBLIC_BASE_URL"]
    lines = ["Demo data is loaded.", f"  Site: {base}/", "",
             f"Staff sign in at {base}/staff/sign-in (password: {DEMO_PASSWORD}):"]
    for email, name, roles in DEMO_STAFF:
        lines.append(f"  {email:<36} {name} ({', '.join(r.value for r in roles)})")
    email, name, _ = DEMO_APPLICANT
    lines += ["", f"Applicant: ask for a sign-in link for {email} at {base}/sign-in,"]
    if current_app.config["SANCTUARY_ENV"] == "development":
        lines.append(f"  then open it from the development outbox: {base}/dev/outbox")
    return lines

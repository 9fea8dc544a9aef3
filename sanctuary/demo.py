"""Demo data for `make run`: enough for someone trying the app to see every feature working."""
from flask import current_app

from .accounts.models import Role
from .accounts.services import create_user, find_user
from .awards.models import Organisation
from .awards.services import create_organisation, sign_pledge
from .core.db import db
from .core.outbox import send_due

# Demo sign-ins, printed by `make run`. Never used outside development.
DEMO_PASSWORD = "sanctuary-demo"
DEMO_STAFF = (
    ("coordinator@demo.example.org", "Amina Yusuf", [Role.COORDINATOR, Role.ADMIN]),
    ("reviewer.one@demo.example.org", "Daniel Okafor", [Role.REVIEWER]),
    ("reviewer.two@demo.example.org", "Maryam Rahimi", [Role.REVIEWER]),
)
DEMO_APPLICANTS = (
    ("applicant@demo.example.org", "Grace Mensah"),
    ("choir@demo.example.org", "Tomasz Nowak"),
)
DEMO_ORGANISATIONS = (
    # (member, fields, public on the supporters list)
    ("applicant@demo.example.org", dict(
        name="Catford Community Bakery", kind="business", size_band="10-49",
        address="12 Rushey Green\nLondon", postcode="SE6 4JD", website="https://bakery.example.org",
        contact_name="Grace Mensah", contact_role="Owner", contact_email="applicant@demo.example.org",
        language="en"), True),
    ("choir@demo.example.org", dict(
        name="Brockley Community Choir", kind="charity", size_band="volunteers",
        address="Brockley Road\nLondon", postcode="SE4 2RR", website="",
        contact_name="Tomasz Nowak", contact_role="Chair", contact_email="choir@demo.example.org",
        language="en"), True),
)


def seed():
    """Create what is missing; return lines to print. Running it twice changes nothing."""
    with db.atomic():
        for email, name, roles in DEMO_STAFF:
            if find_user(email) is None:
                create_user(email, roles=roles, display_name=name, password=DEMO_PASSWORD)
        for email, name in DEMO_APPLICANTS:
            if find_user(email) is None:
                create_user(email, roles=[Role.APPLICANT], display_name=name)
        for email, fields, public in DEMO_ORGANISATIONS:
            if not Organisation.select().where(Organisation.name == fields["name"]).exists():
                member = find_user(email)
                organisation = create_organisation(by=member, **fields)
                sign_pledge(organisation, by=member, public=public)
    send_due()
    return _sign_ins()


def _sign_ins():
    base = current_app.config["PUBLIC_BASE_URL"]
    lines = ["Demo data is loaded.", f"  Site: {base}/", "",
             f"Staff sign in at {base}/staff/sign-in (password: {DEMO_PASSWORD}):"]
    for email, name, roles in DEMO_STAFF:
        lines.append(f"  {email:<36} {name} ({', '.join(r.value for r in roles)})")
    lines += ["", f"Applicants sign in with a link: ask for one at {base}/sign-in for"]
    for (email, name), (_, fields, _public) in zip(DEMO_APPLICANTS, DEMO_ORGANISATIONS):
        lines.append(f"  {email:<36} {name}, {fields['name']}")
    if current_app.config["SANCTUARY_ENV"] == "development":
        lines.append(f"then open it from the development outbox: {base}/dev/outbox")
    return lines

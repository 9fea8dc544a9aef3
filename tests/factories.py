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


def make_round(**overrides):
    from sanctuary.awards.services import open_round

    return open_round(overrides.pop("name", "Test round"), **overrides)


def make_complete_application(member=None, *, kind="business"):
    """A draft with the pledge signed, every criterion answered and evidence where required."""
    import datetime

    from sanctuary.awards import services
    from sanctuary.awards.models import Criterion
    from tests.support.files import PDF

    member = member or make_user()
    organisation = make_organisation(member=member, kind=kind)
    services.sign_pledge(organisation, by=member, public=False)
    application = services.start_application(organisation, by=member)
    for criterion in Criterion.in_use(application.stream):
        services.save_answer(application, criterion, doing_now=f"Doing {criterion.id}",
                             next_steps=f"Next {criterion.id}",
                             target_date=datetime.date(2027, 6, 30), version=0, by=member)
        if criterion.evidence_required:
            services.add_evidence(application, criterion, filename="proof.pdf", data=PDF,
                                  by=member)
    return application

"""The emails the award side sends: a colleague's invitation, a submission's receipt, and the
reminders to renew."""
from flask_babel import lazy_gettext as _l

from ..core.outbox import queue_email
from ..core.urls import public_url
from .queries import recipients


def member_invited(email, organisation, *, token, by, locale, days):
    queue_email(
        email,
        _l("Join %(organisation)s on Lewisham Borough of Sanctuary",
           organisation=organisation.name),
        "member_invitation",
        locale=locale,
        link=public_url("awards.join", token=token),
        inviter=by.name_or_email,
        organisation=organisation.name,
        days=days,
    )


def application_submitted(application, *, by):
    """To the person who submitted it."""
    queue_email(by.email, _l("We have your Sanctuary Award application %(reference)s",
                             reference=application.reference),
                "application_submitted", locale=by.language, reference=application.reference,
                organisation=application.organisation.name,
                link=public_url("awards.application", application_id=application.id))


def renewal_due(award, *, days):
    """To every member and the named contact, `days` before the award ends."""
    for address, language in recipients(award.organisation):
        queue_email(address, _l("Renew your Sanctuary Award"), "renewal_reminder",
                    locale=language, organisation=award.organisation.name,
                    expires=award.expires_on, days=days,
                    link=public_url("awards.application", application_id=award.application_id))

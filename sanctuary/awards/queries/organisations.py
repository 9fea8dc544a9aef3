"""Organisations: invitations, who hears about an application, and an organisation's page."""
from typing import NamedTuple

from ...accounts.models import User
from ...core import links
from ..models import ACTIVE_STATES, MEMBER_INVITATION, Application, Membership, Organisation


class Invitation(NamedTuple):
    """A colleague's invitation that still works: who it is for, and to which organisation."""

    email: str
    organisation: Organisation


def usable_invitation(token, *, now=None):
    link = links.find(token, MEMBER_INVITATION, now=now)
    if link is None:
        return None
    organisation = Organisation.get_or_none(Organisation.id == link.subject_id)
    return None if organisation is None else Invitation(link.holder_email, organisation)


def recipients(organisation):
    """[(email, language)] of every member of the organisation and its named contact, once each."""
    seen, result = set(), []
    members = (User.select().join(Membership, on=(Membership.user == User.id))
               .where((Membership.organisation == organisation)
                      & Membership.removed_at.is_null()).order_by(User.id))
    for person in members:
        if person.email not in seen:
            seen.add(person.email)
            result.append((person.email, person.language))
    contact = (organisation.contact_email or "").strip().lower()
    if contact and contact not in seen:
        result.append((contact, organisation.language))
    return result



def earlier_applications(organisation, *, leaving_out=()):
    """The organisation's applications that are no longer active, newest first, except the ids
    in `leaving_out` (the one that won the award it holds, shown apart)."""
    query = (Application.select().where(
        (Application.organisation == organisation)
        & Application.state.not_in([s.value for s in ACTIVE_STATES]))
        .order_by(Application.submitted_at.desc(nulls="LAST")))
    return [application for application in query if application.id not in leaving_out]

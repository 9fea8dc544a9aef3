"""Organisations: invitations, who hears about an application, and an organisation's page."""
from ...accounts.models import User, hash_token
from ...core.db import utcnow
from ..models import ACTIVE_STATES, Application, MemberInvitation, Membership


def usable_invitation(token, *, now=None):
    invitation = MemberInvitation.get_or_none(MemberInvitation.token_hash == hash_token(token))
    now = now or utcnow()
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= now:
        return None
    return invitation


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

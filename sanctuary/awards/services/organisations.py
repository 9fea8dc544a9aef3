"""Organisations: registering and editing them, their members and invitations, the pledge."""
import datetime

from ...accounts.models import Role, normalise_email
from ...accounts.queries import find_user
from ...accounts.services import add_role, create_user
from ...core import links
from ...core.db import db, utcnow
from .. import notifications
from ..models import (
    MEMBER_INVITATION,
    Membership,
    Organisation,
    PledgeSignature,
    PledgeText,
    member_removed,
)

MEMBER_INVITATION_LIFETIME = datetime.timedelta(days=14)
ORGANISATION_FIELDS = ("name", "kind", "size_band", "address", "postcode", "urn", "website",
                       "contact_name", "contact_role", "contact_email", "language")



def create_organisation(*, by, **fields):
    """Register an organisation; the person who does it becomes its first member."""
    with db.atomic():
        organisation = Organisation.create(created_by=by, **_clean(fields))
        Membership.create(organisation=organisation, user=by)
        add_role(by, Role.APPLICANT)
    return organisation


def update_organisation(organisation, **fields):
    for name, value in _clean(fields).items():
        setattr(organisation, name, value)
    organisation.save()
    return organisation


def _clean(fields):
    cleaned = {name: (value or "").strip() for name, value in fields.items()
               if name in ORGANISATION_FIELDS}
    if "contact_email" in cleaned:
        cleaned["contact_email"] = normalise_email(cleaned["contact_email"])
    return cleaned


def invite_member(organisation, email, *, by, locale):
    """Email a colleague a link that signs them in and adds them to the organisation."""
    email = normalise_email(email)
    with db.atomic():
        # One invitation per person per organisation: a new one replaces the one sent before.
        links.revoke_held(email=email, purposes=[MEMBER_INVITATION], subject=organisation)
        token, link = links.issue(MEMBER_INVITATION, lifetime=MEMBER_INVITATION_LIFETIME,
                                  subject=organisation, holder_email=email,
                                  holder_user=find_user(email), created_by=by)
        notifications.member_invited(email, organisation, token=token, by=by, locale=locale,
                                     days=MEMBER_INVITATION_LIFETIME.days)
    return link


def accept_member_invitation(token):
    """Spend the invitation: the invited person (created if new) becomes a member."""
    now = utcnow()
    with db.atomic():
        link = links.use(token, MEMBER_INVITATION, now=now)
        if link is None:
            return None
        organisation = Organisation.get_or_none(Organisation.id == link.subject_id)
        if organisation is None:  # gone since: nothing to join
            return None
        user = create_user(link.holder_email, roles=[Role.APPLICANT])
        (Membership.insert(organisation=organisation, user=user, joined_at=now)
         .on_conflict(conflict_target=[Membership.organisation, Membership.user],
                      update={Membership.removed_at: None, Membership.removed_by: None,
                              Membership.joined_at: now})
         .execute())
    return user, organisation


def remove_member(membership, *, by):
    """End a membership (leaving, or removed by a colleague): access to everything ends at once,
    and no invitation to the organisation that the person holds, or sent, lets them back."""
    with db.atomic():
        removed = (Membership.update(removed_at=utcnow(), removed_by=by)
                   .where((Membership.id == membership.id) & Membership.removed_at.is_null())
                   .execute())
        person, organisation = membership.user, membership.organisation
        links.revoke_held(email=person.email, user=person, purposes=[MEMBER_INVITATION],
                          subject=organisation)
        links.revoke_sent(by=person, purposes=[MEMBER_INVITATION], subject=organisation)
        member_removed.send(organisation, user=person)
    return removed


def sign_pledge(organisation, *, by, public):
    """Sign the current wording of the pledge (or change whether the name is shown publicly)."""
    pledge = PledgeText.current()
    (PledgeSignature.insert(organisation=organisation, pledge=pledge, signed_by=by,
                            signed_at=utcnow(), public=public)
     .on_conflict(conflict_target=[PledgeSignature.organisation],
                  update={PledgeSignature.public: public})
     .execute())
    return PledgeSignature.get(PledgeSignature.organisation == organisation)

"""Organisations: registering and editing them, their members and invitations, the pledge."""
import datetime

from ...accounts.models import Role, hash_token, new_token, normalise_email
from ...accounts.services import add_role, create_user
from ...core.db import db, utcnow
from .. import notifications
from ..models import MemberInvitation, Membership, Organisation, PledgeSignature, PledgeText

MEMBER_INVITATION_LIFETIME = datetime.timedelta(days=14)
ORGANISATION_FIELDS = ("name", "kind", "size_band", "address", "postcode", "website",
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
    token = new_token()
    with db.atomic():
        invitation = MemberInvitation.create(
            organisation=organisation, email=normalise_email(email), token_hash=hash_token(token),
            invited_by=by, expires_at=utcnow() + MEMBER_INVITATION_LIFETIME)
        notifications.member_invited(invitation, token=token, by=by, locale=locale,
                                     days=MEMBER_INVITATION_LIFETIME.days)
    return invitation


def accept_member_invitation(token):
    """Spend the invitation: the invited person (created if new) becomes a member."""
    now = utcnow()
    with db.atomic():
        spent = (MemberInvitation.update(accepted_at=now)
                 .where((MemberInvitation.token_hash == hash_token(token))
                        & MemberInvitation.accepted_at.is_null()
                        & (MemberInvitation.expires_at > now))
                 .execute())
        if spent != 1:
            return None
        invitation = MemberInvitation.get(MemberInvitation.token_hash == hash_token(token))
        user = create_user(invitation.email, roles=[Role.APPLICANT])
        (Membership.insert(organisation=invitation.organisation, user=user, joined_at=now)
         .on_conflict(conflict_target=[Membership.organisation, Membership.user],
                      update={Membership.removed_at: None, Membership.removed_by: None,
                              Membership.joined_at: now})
         .execute())
    return user, invitation.organisation


def remove_member(membership, *, by):
    """End a membership (leaving, or removed by a colleague): access to everything ends at once."""
    return (Membership.update(removed_at=utcnow(), removed_by=by)
            .where((Membership.id == membership.id) & Membership.removed_at.is_null())
            .execute())


def sign_pledge(organisation, *, by, public):
    """Sign the current wording of the pledge (or change whether the name is shown publicly)."""
    pledge = PledgeText.current()
    (PledgeSignature.insert(organisation=organisation, pledge=pledge, signed_by=by,
                            signed_at=utcnow(), public=public)
     .on_conflict(conflict_target=[PledgeSignature.organisation],
                  update={PledgeSignature.public: public})
     .execute())
    return PledgeSignature.get(PledgeSignature.organisation == organisation)

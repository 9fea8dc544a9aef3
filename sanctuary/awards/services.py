"""Every write about organisations, their members and the pledge."""
import datetime

from flask_babel import lazy_gettext as _l
from peewee import fn

from ..accounts.models import Role, hash_token, new_token, normalise_email
from ..accounts.services import add_role, create_user
from ..core.db import db, utcnow
from ..core.outbox import queue_email
from ..core.urls import public_url
from .models import (
    Criterion,
    MemberInvitation,
    Membership,
    Organisation,
    PledgeSignature,
    PledgeText,
    Principle,
    StreamAssignment,
)

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
        queue_email(
            invitation.email,
            _l("Join %(organisation)s on Lewisham Borough of Sanctuary",
               organisation=organisation.name),
            "member_invitation",
            locale=locale,
            link=public_url("awards.join", token=token),
            inviter=by.name_or_email,
            organisation=organisation.name,
            days=MEMBER_INVITATION_LIFETIME.days,
        )
    return invitation


def usable_invitation(token, *, now=None):
    invitation = MemberInvitation.get_or_none(MemberInvitation.token_hash == hash_token(token))
    now = now or utcnow()
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= now:
        return None
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


def set_pledge_text(texts, *, by):
    """A new wording of the pledge; organisations that signed keep the wording they signed."""
    return PledgeText.create(text=_texts(texts), created_by=by)


# ---------------------------------------------------------------------------- criteria (coordinators)

def _texts(values):
    return {code: text.strip() for code, text in values.items() if text and text.strip()}


def save_criterion(criterion=None, *, stream, principle, titles, guidances, evidence_required):
    """Add a criterion (at the end of its principle) or reword one. Applications already
    submitted keep the wording they answered (they hold their own copy)."""
    fields = dict(stream=stream, principle=Principle(principle), title=_texts(titles),
                  guidance=_texts(guidances), evidence_required=evidence_required,
                  updated_at=utcnow())
    with db.atomic():
        if criterion is None:
            last = (Criterion.select(fn.MAX(Criterion.position))
                    .where((Criterion.stream == stream) & (Criterion.principle == principle))
                    .scalar())
            return Criterion.create(position=(last if last is not None else -1) + 1, **fields)
        moved = criterion.principle != fields["principle"]
        for name, value in fields.items():
            setattr(criterion, name, value)
        if moved:
            criterion.position = 1 + (Criterion.select(fn.MAX(Criterion.position)).where(
                (Criterion.stream == stream) & (Criterion.principle == principle)
                & (Criterion.id != criterion.id)).scalar() or 0)
        criterion.save()
        return criterion


def move_criterion(criterion, *, up):
    """Swap a criterion with its neighbour above or below, within its principle."""
    siblings = [c for c in Criterion.in_use(criterion.stream) if c.principle == criterion.principle]
    index = next(i for i, c in enumerate(siblings) if c.id == criterion.id)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return False
    with db.atomic():
        # Renumber the whole principle so that equal positions can never make a swap a no-op.
        siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
        for position, sibling in enumerate(siblings):
            Criterion.update(position=position).where(Criterion.id == sibling.id).execute()
    return True


def retire_criterion(criterion):
    """Stop asking a criterion of new applications (answers already given keep it)."""
    Criterion.update(retired_at=utcnow()).where(Criterion.id == criterion.id).execute()


def restore_criterion(criterion):
    Criterion.update(retired_at=None, updated_at=utcnow()).where(Criterion.id == criterion.id).execute()


def assign_stream(kind, stream):
    (StreamAssignment.insert(kind=kind, stream=stream)
     .on_conflict(conflict_target=[StreamAssignment.kind], update={StreamAssignment.stream: stream})
     .execute())

"""Every write about organisations, members, the pledge, criteria, applications, answers,
evidence and rounds."""
import datetime
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError, fn

from ..accounts.models import Role, hash_token, new_token, normalise_email
from ..accounts.services import add_role, create_user
from ..core.clock import london_now, london_today
from ..core.db import db, is_postgres, unchanged_since, utcnow
from ..core.hooks import any_says
from ..core.outbox import queue_email
from ..core.templating import file_size
from ..core.translated import localize
from ..core.uploads import sniff, storage
from ..core.urls import public_url
from .models import (
    ALLOWED_TRANSITIONS,
    Answer,
    Application,
    ApplicationEvent,
    ApplicationState,
    Criterion,
    Evidence,
    MemberInvitation,
    Membership,
    Organisation,
    PledgeSignature,
    PledgeText,
    Principle,
    ReferenceCounter,
    Round,
    Stream,
    StreamAssignment,
    criteria_with_files,
    criterion_gaps,
    submittable_outside_round,
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


# -------------------------------------------------------------------------- criteria (coordinators)

def _texts(values):
    return {code: text.strip() for code, text in values.items() if text and text.strip()}


def save_criterion(criterion=None, *, stream, principle, titles, guidances, evidence_required,
                   evidence_hints):
    """Add a criterion (at the end of its principle) or reword one. Applications already
    submitted keep the wording they answered (they hold their own copy)."""
    fields = dict(stream=stream, principle=Principle(principle), title=_texts(titles),
                  guidance=_texts(guidances), evidence_required=evidence_required,
                  evidence_hint=_texts(evidence_hints), updated_at=utcnow())
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
    (Criterion.update(retired_at=None, updated_at=utcnow())
     .where(Criterion.id == criterion.id).execute())


def assign_stream(kind, stream):
    (StreamAssignment.insert(kind=kind, stream=stream)
     .on_conflict(conflict_target=[StreamAssignment.kind], update={StreamAssignment.stream: stream})
     .execute())


# ---------------------------------------------------------------------------- applications

def record_event(application, state, *, by):
    ApplicationEvent.create(application=application, state=state, by=by)


def start_application(organisation, *, by):
    """The organisation's active application, started now if it has none. Safe to double-click:
    a unique index allows one active application per organisation."""
    existing = Application.active_for(organisation)
    if existing is not None:
        return existing
    try:
        with db.atomic():
            application = Application.create(organisation=organisation, created_by=by,
                                             stream=Stream.for_kind(organisation.kind))
            record_event(application, ApplicationState.DRAFT, by=by)
            return application
    except IntegrityError:  # started by a colleague (or a second click) a moment ago
        return Application.active_for(organisation)


def save_answer(application, criterion, *, doing_now, next_steps, target_date, version, by,
                edit_id=None, keep_target_date=False):
    """Save an answer made from the copy of it at `version` on the page load `edit_id`. Returns
    (answer, saved): when it was saved meanwhile from another page (a colleague's, or the same
    person's other tab or device), nothing is written and `saved` is False, so the caller can
    show both versions. A newer save from the same page (an autosave still on its way when a
    button was pressed) is not a conflict: what the page sends now is what was typed last.
    `keep_target_date` leaves the saved date as it is (one typed halfway is not a date yet)."""
    with db.atomic():
        (Answer.insert(application=application, criterion=criterion)
         .on_conflict_ignore().execute())
        further = {}
        if application.state == ApplicationState.FURTHER_EVIDENCE:
            # Keep the answer as the panel read it, the first time it changes in this round.
            before = Answer.get((Answer.application == application)
                                & (Answer.criterion == criterion))
            if before.changed_in_round != application.review_round:
                further = dict(changed_in_round=application.review_round, earlier={
                    "doing_now": before.doing_now, "next_steps": before.next_steps,
                    "target_date": before.target_date.isoformat() if before.target_date else None})
        dated = {} if keep_target_date else {"target_date": target_date}
        saved = (Answer.update(doing_now=doing_now, next_steps=next_steps, **dated,
                               version=Answer.version + 1, edit_id=edit_id or None,
                               updated_at=utcnow(), updated_by=by, **further)
                 .where((Answer.application == application) & (Answer.criterion == criterion)
                        & unchanged_since(Answer.version, version, Answer.edit_id, edit_id))
                 .execute()) == 1
        answer = Answer.get((Answer.application == application) & (Answer.criterion == criterion))
    return answer, saved


# ---------------------------------------------------------------------------- evidence

class EvidenceRefused(Exception):
    """The file cannot be accepted; the message says why, in words for the person."""


def add_evidence(application, criterion, *, filename, data, by):
    """Check and keep an evidence file. Raises EvidenceRefused with a message to show."""
    config = current_app.config
    if not data:
        raise EvidenceRefused(_l("The file is empty. Choose another file."))
    if len(data) > config["MAX_FILE_BYTES"]:
        raise EvidenceRefused(_l("The file is larger than %(size)s. Choose a smaller file.",
                                 size=file_size(config["MAX_FILE_BYTES"])))
    kind = sniff(data)
    if kind is None:
        raise EvidenceRefused(_l("This type of file cannot be used. Use a PDF, a photo (JPEG or "
                                 "PNG), or a Word, Excel or LibreOffice document."))
    with db.atomic():
        if is_postgres():  # one upload at a time per application, so the total stays true
            Application.select().where(Application.id == application.id).for_update().execute()
        used = (Evidence.select(fn.COALESCE(fn.SUM(Evidence.size), 0))
                .where(Evidence.application == application).scalar())
        if used + len(data) > config["MAX_APPLICATION_FILES_BYTES"]:
            raise EvidenceRefused(_l(
                "Your application already has %(used)s of evidence, and the limit is %(limit)s. "
                "Remove a file, or use a smaller one.", used=file_size(used),
                limit=file_size(config["MAX_APPLICATION_FILES_BYTES"])))
        key = storage().save(data)
        return Evidence.create(application=application, criterion=criterion, storage_key=key,
                               filename=_display_name(filename, kind),
                               content_type=kind.content_type,
                               size=len(data), uploaded_by=by,
                               added_in_round=application.review_round)


def _display_name(filename, kind):
    """The name to show and download as: the person's name for it, with the true extension."""
    stem = Path(filename or "").stem.strip() or "evidence"
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '\\/:*?"<>|')[:200]
    return f"{stem or 'evidence'}.{kind.extension}"


def remove_evidence(evidence):
    with db.atomic():
        Evidence.delete().where(Evidence.id == evidence.id).execute()
    storage().delete(evidence.storage_key)


# ---------------------------------------------------------------------------- states, submission

class TransitionRefused(Exception):
    """The application is not in a state that allows this change."""


class SubmissionRefused(Exception):
    def __init__(self, missing=(), *, round_closed=False):
        super().__init__("submission refused")
        self.missing = list(missing)
        self.round_closed = round_closed


@dataclass(frozen=True)
class MissingItem:
    message: str
    section: str  # learn, embed, share, pledge
    criterion_id: int | None = None
    field: str | None = None


def change_state(application, to, *, by, when=None):
    """Move an application to state `to` if the move is allowed from where it is now, recording
    who and when. Conditional on the state read, so two changes at once cannot both happen."""
    to = ApplicationState(to)
    current = ApplicationState(application.state)
    if to not in ALLOWED_TRANSITIONS.get(current, set()):
        raise TransitionRefused(f"{current} cannot become {to}")
    with db.atomic():
        changed = (Application.update(state=to)
                   .where((Application.id == application.id) & (Application.state == current))
                   .execute())
        if changed != 1:
            raise TransitionRefused("the application changed meanwhile")
        ApplicationEvent.create(application=application, state=to, by=by, at=when or utcnow())
    application.state = to
    return application


def start_review(application, *, by):
    """Submitted -> Under review: called when a panel is assigned (the panel's service)."""
    return change_state(application, ApplicationState.UNDER_REVIEW, by=by)


def withdraw_application(application, *, by):
    return change_state(application, ApplicationState.WITHDRAWN, by=by)


# What each gap in a criterion asks the applicant to do (see models.criterion_gaps).
GAP_MESSAGES = {
    "doing_now": _l("%(criterion)s: say what you are doing already"),
    "next_steps": _l("%(criterion)s: say what you will do next"),
    "target_date": _l("%(criterion)s: give a target date"),
    "evidence": _l("%(criterion)s: add evidence"),
}


def missing_items(application):
    """What must still be done before the application can be submitted, in page order: the
    same gaps that keep a section from being Completed."""
    items = []
    if not PledgeSignature.select().where(
            PledgeSignature.organisation == application.organisation).exists():
        items.append(MissingItem(_l("Sign the pledge"), "pledge"))
    answers = {a.criterion_id: a for a in Answer.select().where(Answer.application == application)}
    with_files = criteria_with_files(application)
    for criterion in Criterion.in_use(application.stream):
        title = localize(criterion.title).text
        for gap in criterion_gaps(criterion, answers.get(criterion.id),
                                  criterion.id in with_files):
            items.append(MissingItem(GAP_MESSAGES[gap] % {"criterion": title},
                                     criterion.principle, criterion.id, gap))
    return items


def _next_reference(year):
    """SA-<year>-<number>: the counter row is locked by the update, so numbers never repeat."""
    ReferenceCounter.insert(year=year, last=0).on_conflict_ignore().execute()
    ReferenceCounter.update(last=ReferenceCounter.last + 1).where(
        ReferenceCounter.year == year).execute()
    number = ReferenceCounter.get(ReferenceCounter.year == year).last
    return f"SA-{year}-{number:04d}"


def may_submit_outside_round(application, today):
    """Whether another feature lets this draft be sent with no round open (a renewal)."""
    return any_says(submittable_outside_round, application, today=today)


def submit_application(application, *, by, today=None):
    """Submit a complete application in an open round. Safe to double-click: the second
    submission finds it already submitted and returns it unchanged."""
    if application.state != ApplicationState.DRAFT:
        if application.reference:
            return application
        raise TransitionRefused("only a draft can be submitted")
    today = today or london_today()
    current_round = Round.current(today)
    outside_round = current_round is None and may_submit_outside_round(application, today)
    missing = missing_items(application)
    if missing or (current_round is None and not outside_round):
        raise SubmissionRefused(missing, round_closed=current_round is None and not outside_round)
    now = utcnow()
    with db.atomic():
        won = (Application.update(state=ApplicationState.SUBMITTED, submitted_at=now,
                                  round=current_round)
               .where((Application.id == application.id)
                      & (Application.state == ApplicationState.DRAFT))
               .execute())
        if won != 1:  # a second click, or a colleague, submitted it a moment ago
            return Application.get_by_id(application.id)
        reference = _next_reference(london_now().year)
        Application.update(reference=reference).where(Application.id == application.id).execute()
        ApplicationEvent.create(application=application, state=ApplicationState.SUBMITTED, by=by,
                                at=now)
        _keep_wording(application)
        application = Application.get_by_id(application.id)
        queue_email(by.email, _l("We have your Sanctuary Award application %(reference)s",
                                 reference=reference),
                    "application_submitted", locale=by.language, reference=reference,
                    organisation=application.organisation.name,
                    link=public_url("awards.application", application_id=application.id))
    return application


def _keep_wording(application):
    """Copy each criterion's wording into its answer: later edits leave what was answered."""
    for criterion in Criterion.in_use(application.stream):
        (Answer.update(snapshot={"title": criterion.title, "guidance": criterion.guidance,
                                 "principle": criterion.principle,
                                 "evidence_required": criterion.evidence_required,
                                 "evidence_hint": criterion.evidence_hint,
                                 "position": criterion.position})
         .where((Answer.application == application) & (Answer.criterion == criterion))
         .execute())


def start_next_review_round(application):
    """The panel will read the application again (after further evidence): its next round."""
    Application.update(review_round=Application.review_round + 1).where(
        Application.id == application.id).execute()


def claim_as_renewal(draft, earlier, *, by):
    """Make `draft` the renewal of `earlier`, pre-filled with its answers and targets for the
    criteria still in use. Only the first caller claims it (a double click copies once)."""
    with db.atomic():
        claimed = (Application.update(renewal_of=earlier)
                   .where((Application.id == draft.id) & Application.renewal_of.is_null())
                   .execute())
        if not claimed:
            return False
        answers = {a.criterion_id: a for a in Answer.select().where(
            Answer.application == earlier)}
        for criterion in Criterion.in_use(draft.stream):
            answer = answers.get(criterion.id)
            if answer is not None:
                (Answer.insert(application=draft, criterion=criterion,
                               doing_now=answer.doing_now, next_steps=answer.next_steps,
                               target_date=answer.target_date, version=1, updated_by=by)
                 .on_conflict_ignore().execute())
    return True


# ---------------------------------------------------------------------------- rounds

def open_round(name, *, closes_on=None):
    return Round.create(name=name.strip(), closes_on=closes_on, is_open=True)


def plan_round(name, *, opens_on, closes_on=None):
    return Round.create(name=name.strip(), opens_on=opens_on, closes_on=closes_on)


def set_round_open(round_, is_open):
    Round.update(is_open=is_open).where(Round.id == round_.id).execute()

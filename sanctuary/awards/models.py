"""Organisations and members, the pledge, award criteria, applications and their answers."""
import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from peewee import (
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..accounts.models import Role, User
from ..core.db import BaseModel, UTCDateTimeField, utcnow
from ..core.hooks import any_says, hooks, union_of
from ..core.translated import JSONTextField, TranslatedTextField


class OrganisationKind(enum.StrEnum):
    BUSINESS = "business"
    CHARITY = "charity"
    FAITH = "faith"
    SCHOOL = "school"
    PUBLIC_SERVICE = "public_service"
    LIBRARY_ARTS = "library_arts"
    HEALTH = "health"
    OTHER = "other"

    @property
    def label(self):
        return KIND_LABELS[self]


KIND_LABELS = {
    OrganisationKind.BUSINESS: _l("Business or workplace"),
    OrganisationKind.CHARITY: _l("Charity or community group"),
    OrganisationKind.FAITH: _l("Faith group"),
    OrganisationKind.SCHOOL: _l("School, college or university"),
    OrganisationKind.PUBLIC_SERVICE: _l("Public service"),
    OrganisationKind.LIBRARY_ARTS: _l("Library, arts or culture"),
    OrganisationKind.HEALTH: _l("Health service"),
    OrganisationKind.OTHER: _l("Something else"),
}


class SizeBand(enum.StrEnum):
    VOLUNTEERS = "volunteers"
    SMALL = "1-9"
    MEDIUM = "10-49"
    LARGE = "50-249"
    VERY_LARGE = "250+"

    @property
    def label(self):
        return SIZE_LABELS[self]


SIZE_LABELS = {
    SizeBand.VOLUNTEERS: _l("Run by volunteers only"),
    SizeBand.SMALL: _l("1 to 9 staff"),
    SizeBand.MEDIUM: _l("10 to 49 staff"),
    SizeBand.LARGE: _l("50 to 249 staff"),
    SizeBand.VERY_LARGE: _l("250 staff or more"),
}


class Organisation(BaseModel):
    name = CharField(max_length=200)
    kind = CharField(max_length=32)
    size_band = CharField(max_length=16)
    address = TextField(default="")
    postcode = CharField(max_length=16, default="")
    website = CharField(max_length=300, default="")
    contact_name = CharField(max_length=200)
    contact_role = CharField(max_length=200, default="")
    contact_email = CharField(max_length=320)
    language = CharField(max_length=16, default="en")  # the language the organisation writes in
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)

    @property
    def kind_label(self):
        return OrganisationKind(self.kind).label

    @property
    def size_label(self):
        return SizeBand(self.size_band).label

    def is_member(self, user):
        return (user.is_authenticated and Membership.select().where(
            (Membership.organisation == self) & (Membership.user == user)
            & Membership.removed_at.is_null()).exists())

    def can_view(self, user):
        """Members, and the coordinators who run the award."""
        return user.is_authenticated and (
            user.has_role(Role.COORDINATOR, Role.ADMIN) or self.is_member(user))

    def can_edit(self, user):
        return self.is_member(user)

    def active_members(self):
        return (Membership.select(Membership, User).join(User)
                .where((Membership.organisation == self) & Membership.removed_at.is_null())
                .order_by(Membership.joined_at))

    @classmethod
    def of_user(cls, user):
        return (cls.select().join(Membership)
                .where((Membership.user == user) & Membership.removed_at.is_null())
                .order_by(cls.name))


class Membership(BaseModel):
    organisation = ForeignKeyField(Organisation, backref="memberships", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    joined_at = UTCDateTimeField(default=utcnow)
    removed_at = UTCDateTimeField(null=True)
    removed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        indexes = ((("organisation", "user"), True),)


class MemberInvitation(BaseModel):
    """A colleague invited by email; the link signs them in and adds them to the organisation."""

    organisation = ForeignKeyField(Organisation, backref="invitations", on_delete="CASCADE")
    email = CharField(max_length=320)
    token_hash = CharField(max_length=64, unique=True)
    invited_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)
    expires_at = UTCDateTimeField()
    accepted_at = UTCDateTimeField(null=True)


class PledgeText(BaseModel):
    """One wording of the pledge; coordinators add a new one to change it. The newest is current."""

    text = TranslatedTextField()
    created_at = UTCDateTimeField(default=utcnow)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    @classmethod
    def current(cls):
        return cls.select().order_by(cls.id.desc()).first()


class PledgeSignature(BaseModel):
    organisation = ForeignKeyField(Organisation, unique=True, backref="+", on_delete="CASCADE")
    pledge = ForeignKeyField(PledgeText, on_delete="RESTRICT", backref="+")  # the wording signed
    signed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    signed_at = UTCDateTimeField(default=utcnow)
    public = BooleanField(default=False)  # the organisation agreed to be on the supporters list

    @classmethod
    def public_supporters(cls):
        return (cls.select(cls, Organisation).join(Organisation)
                .where(cls.public == True)  # noqa: E712 - peewee expression
                .order_by(Organisation.name))


class Principle(enum.StrEnum):
    LEARN = "learn"
    EMBED = "embed"
    SHARE = "share"

    @property
    def label(self):
        return PRINCIPLE_LABELS[self]

    @property
    def description(self):
        return PRINCIPLE_DESCRIPTIONS[self]


PRINCIPLE_LABELS = {
    Principle.LEARN: _l("Learn"),
    Principle.EMBED: _l("Embed"),
    Principle.SHARE: _l("Share"),
}
PRINCIPLE_DESCRIPTIONS = {
    Principle.LEARN: _l("Understand what it means to seek sanctuary, and help others understand."),
    Principle.EMBED: _l("Make welcome part of how you work, and include people seeking sanctuary "
                        "in what you do and decide."),
    Principle.SHARE: _l("Tell others about the contribution people seeking sanctuary make, "
                        "and about your own work."),
}


class Stream(BaseModel):
    """A set of award criteria for one sort of organisation (business, community organisation)."""

    key = CharField(max_length=32, unique=True)
    name = TranslatedTextField()
    position = IntegerField(default=0)

    @classmethod
    def ordered(cls):
        return cls.select().order_by(cls.position, cls.id)

    @classmethod
    def for_kind(cls, kind):
        """The stream coordinators chose for this kind of organisation."""
        return (cls.select().join(StreamAssignment)
                .where(StreamAssignment.kind == kind).first())


class StreamAssignment(BaseModel):
    kind = CharField(max_length=32, unique=True)
    stream = ForeignKeyField(Stream, backref="assignments", on_delete="RESTRICT")


class Criterion(BaseModel):
    stream = ForeignKeyField(Stream, backref="criteria", on_delete="RESTRICT")
    principle = CharField(max_length=16)
    title = TranslatedTextField()
    guidance = TranslatedTextField()
    evidence_required = BooleanField(default=False)
    # What kind of file would show it (a training record, minutes), where coordinators wrote one.
    evidence_hint = TranslatedTextField(default=dict)
    position = IntegerField(default=0)
    retired_at = UTCDateTimeField(null=True)
    updated_at = UTCDateTimeField(default=utcnow)

    @property
    def principle_label(self):
        return Principle(self.principle).label

    @classmethod
    def in_use(cls, stream):
        """The stream's current criteria, Learn then Embed then Share, each in its order."""
        return cls.in_page_order(cls.select().where((cls.stream == stream)
                                                    & cls.retired_at.is_null()))

    @staticmethod
    def in_page_order(criteria):
        order = {p.value: i for i, p in enumerate(Principle)}
        return sorted(criteria, key=lambda c: (order[c.principle], c.position, c.id))


class ApplicationState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    FURTHER_EVIDENCE = "further_evidence"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"
    WITHDRAWN = "withdrawn"

    @property
    def label(self):
        return APPLICATION_STATE_LABELS[self]


APPLICATION_STATE_LABELS = {
    ApplicationState.DRAFT: _l("Draft"),
    ApplicationState.SUBMITTED: _l("Submitted"),
    ApplicationState.UNDER_REVIEW: _l("Under review"),
    ApplicationState.FURTHER_EVIDENCE: _l("Further evidence requested"),
    ApplicationState.AWARDED: _l("Awarded"),
    ApplicationState.NOT_AWARDED: _l("Not yet awarded"),
    ApplicationState.WITHDRAWN: _l("Withdrawn"),
}
# An organisation has at most one application in these states at a time.
ACTIVE_STATES = (ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW,
                 ApplicationState.FURTHER_EVIDENCE)


class Round(BaseModel):
    """A period in which applications can be submitted. Open when opened and not past its
    closing date (London time)."""

    name = CharField(max_length=200)
    opens_on = DateField(null=True)  # announced opening, shown to applicants while it is planned
    closes_on = DateField(null=True)  # last day to submit, if any
    is_open = BooleanField(default=False)
    created_at = UTCDateTimeField(default=utcnow)

    def accepts_submissions(self, today):
        return self.is_open and (self.closes_on is None or today <= self.closes_on)

    @classmethod
    def current(cls, today):
        """The open round taking submissions today, if any."""
        for candidate in cls.select().where(cls.is_open == True).order_by(cls.id.desc()):  # noqa: E712
            if candidate.accepts_submissions(today):
                return candidate
        return None

    @classmethod
    def next_planned(cls, today):
        return (cls.select().where((cls.is_open == False) & (cls.opens_on >= today))  # noqa: E712
                .order_by(cls.opens_on).first())


class Application(BaseModel):
    organisation = ForeignKeyField(Organisation, backref="applications", on_delete="CASCADE")
    stream = ForeignKeyField(Stream, backref="applications", on_delete="RESTRICT")
    round = ForeignKeyField(Round, null=True, backref="applications", on_delete="RESTRICT")
    state = CharField(max_length=32, default=ApplicationState.DRAFT, index=True)
    reference = CharField(max_length=32, null=True, unique=True)  # given on submission
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)
    submitted_at = UTCDateTimeField(null=True)
    # The round of review it is in: 1 as submitted, 2 once further evidence was asked for, …
    review_round = IntegerField(default=1)
    # The earlier application this one renews, or starts again from (its answers were copied).
    renewal_of = ForeignKeyField("self", null=True, backref="successors", on_delete="SET NULL")

    @property
    def state_label(self):
        return ApplicationState(self.state).label

    @property
    def is_editable(self):
        return self.state in (ApplicationState.DRAFT, ApplicationState.FURTHER_EVIDENCE)

    def can_view(self, user):
        """The organisation's members, coordinators, and whoever a feature grants (the panel)."""
        return self.organisation.can_view(user) or (
            user.is_authenticated and any_says(view_granted, self, user=user))

    def can_edit(self, user):
        return self.is_editable and self.organisation.can_edit(user)

    def can_withdraw(self, user):
        """Its organisation's people may withdraw it while its state allows (see
        ALLOWED_TRANSITIONS, below: the model it belongs to)."""
        return (ApplicationState.WITHDRAWN in ALLOWED_TRANSITIONS.get(
            ApplicationState(self.state), set()) and self.organisation.can_edit(user))

    def editable_criteria(self):
        """None when every criterion can change (a draft); otherwise the criterion ids that
        can (while further evidence is asked for: the criteria it is asked about). Read once
        per instance: a page asks for every criterion and file."""
        if self.state != ApplicationState.FURTHER_EVIDENCE:
            return None
        if getattr(self, "_editable", None) is None:
            self._editable = union_of(criteria_asked_about, self)
        return self._editable

    def can_change_criterion(self, criterion_id):
        allowed = self.editable_criteria()
        return self.is_editable and (allowed is None or criterion_id in allowed)

    @classmethod
    def submitted(cls):
        """Every application past its draft (what coordinators and panels work on)."""
        return cls.select().where(cls.state != ApplicationState.DRAFT)

    @classmethod
    def active_for(cls, organisation):
        return cls.get_or_none((cls.organisation == organisation)
                               & cls.state.in_([s.value for s in ACTIVE_STATES]))


# One active application per organisation: a double click cannot start two.
Application.add_index(
    Application.index(Application.organisation, unique=True, name="application_one_active")
    .where(Application.state.in_([state.value for state in ACTIVE_STATES])))


class Answer(BaseModel):
    """An organisation's answer to one criterion. `version` goes up with every save, so that a
    save made from an older copy in another tab or device (a colleague's, or the same person's)
    is refused rather than overwriting the newer text."""

    application = ForeignKeyField(Application, backref="answers", on_delete="CASCADE")
    criterion = ForeignKeyField(Criterion, backref="answers", on_delete="RESTRICT")
    doing_now = TextField(default="")
    next_steps = TextField(default="")
    target_date = DateField(null=True)
    version = IntegerField(default=0)
    edit_id = CharField(max_length=32, null=True)  # the page load that saved it last
    updated_at = UTCDateTimeField(default=utcnow)
    updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    # The criterion as it was worded when the application was submitted (title, guidance,
    # principle, evidence_required, evidence_hint, position): later edits to the criterion do not
    # change it.
    snapshot = JSONTextField(null=True)
    # When an answer changes after further evidence was asked for: the round it changed in, and
    # the answer as the panel read it before (doing_now, next_steps, target_date).
    changed_in_round = IntegerField(null=True)
    earlier = JSONTextField(null=True)

    class Meta:
        indexes = ((("application", "criterion"), True),)

    @property
    def is_started(self):
        return bool(self.doing_now.strip() or self.next_steps.strip() or self.target_date)


class ApplicationEvent(BaseModel):
    """One step in an application's life, for its timeline: the state it entered, when, and who
    made the change (the applicant's timeline never names staff)."""

    application = ForeignKeyField(Application, backref="events", on_delete="CASCADE")
    state = CharField(max_length=32)
    at = UTCDateTimeField(default=utcnow)
    by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")


class SectionStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    @property
    def label(self):
        return SECTION_STATUS_LABELS[self]


SECTION_STATUS_LABELS = {
    SectionStatus.NOT_STARTED: _l("Not started"),
    SectionStatus.IN_PROGRESS: _l("In progress"),
    SectionStatus.COMPLETED: _l("Completed"),
}


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    status: SectionStatus
    answers_needed: int = 0  # criteria whose answer is not finished
    files_needed: int = 0  # criteria that need evidence and have no file yet

    @property
    def is_complete(self):
        return self.status == SectionStatus.COMPLETED


ANSWER_PARTS = ("doing_now", "next_steps", "target_date")


def criterion_gaps(criterion, answer, has_file):
    """What one criterion still needs, in page order: any of doing_now, next_steps, target_date
    and evidence. The one definition of done, for the sections and for submitting."""
    gaps = []
    if answer is None or not answer.doing_now.strip():
        gaps.append("doing_now")
    if answer is None or not answer.next_steps.strip():
        gaps.append("next_steps")
    if answer is None or answer.target_date is None:
        gaps.append("target_date")
    if criterion.evidence_required and not has_file:
        gaps.append("evidence")
    return gaps


def section_of(principle, criteria, answers, with_files):
    """One principle's section: Completed only when each of its criteria has everything it needs.
    `answers` maps criterion id to answer; `with_files` holds the ids of criteria with a file."""
    principle = Principle(principle)
    mine = [c for c in criteria if c.principle == principle]
    gaps = [criterion_gaps(c, answers.get(c.id), c.id in with_files) for c in mine]
    answers_needed = sum(any(part in g for part in ANSWER_PARTS) for g in gaps)
    files_needed = sum("evidence" in g for g in gaps)
    if mine and not any(gaps):
        status = SectionStatus.COMPLETED
    elif any((answers.get(c.id) is not None and answers[c.id].is_started) or c.id in with_files
             for c in mine):
        status = SectionStatus.IN_PROGRESS
    else:
        status = SectionStatus.NOT_STARTED
    return Section(principle.value, principle.label, status, answers_needed, files_needed)


def criterion_sections(application, criteria, answers, with_files):
    """The Learn, Embed and Share sections, each with its status from the answers and files."""
    return [section_of(principle, criteria, answers, with_files) for principle in Principle]


def criteria_with_files(application):
    """The ids of the application's criteria that have at least one evidence file."""
    return {row.criterion_id for row in Evidence.select(Evidence.criterion).distinct()
            .where(Evidence.application == application)}


class Evidence(BaseModel):
    """A file attached to one criterion of an application. Its bytes are in storage under
    `storage_key`; the name people gave it is only shown, never used to find the file."""

    application = ForeignKeyField(Application, backref="evidence", on_delete="CASCADE")
    criterion = ForeignKeyField(Criterion, backref="+", on_delete="RESTRICT")
    storage_key = CharField(max_length=64, unique=True)
    filename = CharField(max_length=255)
    content_type = CharField(max_length=127)
    size = IntegerField()
    uploaded_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    uploaded_at = UTCDateTimeField(default=utcnow)
    added_in_round = IntegerField(default=1)  # 2 and up: sent as further evidence

    @property
    def is_image(self):
        return self.content_type in ("image/jpeg", "image/png")

    def is_removable(self, application):
        """In a draft, any file; while further evidence is asked for, only the files sent with it
        (what the panel has judged stays). `application` is this file's, already loaded."""
        return application.can_change_criterion(self.criterion_id) and (
            application.state == ApplicationState.DRAFT
            or self.added_in_round == application.review_round)

    def can_download(self, user):
        """The organisation's members, and coordinators (reviewers join with the panel)."""
        return self.application.can_view(user)


class ReferenceCounter(BaseModel):
    """The last application reference number given in a year (SA-2027-0042 is the 42nd)."""

    year = IntegerField(unique=True)
    last = IntegerField(default=0)


# Which state may follow which: every change goes through services.change_state, which checks it.
ALLOWED_TRANSITIONS = {
    ApplicationState.DRAFT: {ApplicationState.SUBMITTED, ApplicationState.WITHDRAWN},
    ApplicationState.SUBMITTED: {ApplicationState.UNDER_REVIEW, ApplicationState.WITHDRAWN},
    ApplicationState.UNDER_REVIEW: {ApplicationState.FURTHER_EVIDENCE, ApplicationState.AWARDED,
                                    ApplicationState.NOT_AWARDED, ApplicationState.WITHDRAWN},
    # Further evidence comes back (Under review again), or the date passes and the panel decides.
    ApplicationState.FURTHER_EVIDENCE: {ApplicationState.UNDER_REVIEW, ApplicationState.AWARDED,
                                        ApplicationState.NOT_AWARDED, ApplicationState.WITHDRAWN},
}


@dataclass(frozen=True)
class AnswerRow:
    criterion_id: int
    title: dict
    guidance: dict
    principle: str
    evidence_required: bool
    answer: "Answer | None"
    files: list


def answer_rows(application):
    """Each criterion with its answer and files, in page order. A submitted application shows the
    wording it was answered against (the copy kept at submission), not today's wording."""
    answers = {a.criterion_id: a for a in Answer.select().where(Answer.application == application)}
    files = {}
    for item in Evidence.select().where(Evidence.application == application).order_by(Evidence.id):
        files.setdefault(item.criterion_id, []).append(item)
    order = {p.value: i for i, p in enumerate(Principle)}
    if application.state == ApplicationState.DRAFT:
        rows = [AnswerRow(c.id, c.title, c.guidance, c.principle, c.evidence_required,
                          answers.get(c.id), files.get(c.id, []))
                for c in Criterion.in_use(application.stream)]
    else:
        kept = [a for a in answers.values() if a.snapshot]
        kept.sort(key=lambda a: (order[a.snapshot["principle"]], a.snapshot["position"],
                                 a.criterion_id))
        rows = [AnswerRow(a.criterion_id, a.snapshot["title"], a.snapshot["guidance"],
                          a.snapshot["principle"], a.snapshot["evidence_required"], a,
                          files.get(a.criterion_id, []))
                for a in kept]
    return rows


# Higher features extend applications through these signals (core.hooks), sent with the
# application; each connects its receiver in its init_app.
# Who else may read an application (the panel: its assigned reviewers): (application, user=) -> bool
view_granted = hooks.signal("awards.application-view-granted")
# Which criteria can change while further evidence is asked for (decisions): (application) -> ids
criteria_asked_about = hooks.signal("awards.criteria-asked-about")
# Whether a draft may be submitted when no round is open (decisions: a renewal in the award's
# last 90 days): (application, today=) -> bool
submittable_outside_round = hooks.signal("awards.submittable-outside-round")
# Which of an organisation's applications won the award it holds now (decisions): (organisation)
# -> application ids, shown as the current award rather than among the earlier applications.
holding_award = hooks.signal("awards.applications-holding-award")

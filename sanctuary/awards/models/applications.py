"""Applications: the rounds they are submitted in, their answers and evidence files, the states
they move through (their timeline is core.audit's), and the signals higher features extend them
with."""

from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField, TextField

from ...accounts.models import RunByCoordinators, User
from ...core.audit import Visibility
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.hooks import any_says, hooks, union_of
from ...core.labels import Labelled
from ...core.states import Transitions
from ...core.translated import JSONTextField, TranslatedTextField
from .criteria import Criterion, Stream
from .organisations import Organisation


class ApplicationState(Labelled):
    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Submitted")
    UNDER_REVIEW = "under_review", _l("Under review")
    FURTHER_EVIDENCE = "further_evidence", _l("Further evidence requested")
    AWARDED = "awarded", _l("Awarded")
    NOT_AWARDED = "not_awarded", _l("Not yet awarded")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


# An organisation has at most one application in these states at a time.
ACTIVE_STATES = (ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW,
                 ApplicationState.FURTHER_EVIDENCE)

class Round(RunByCoordinators, BaseModel):
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

class Application(RunByCoordinators, BaseModel):
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

    def can_act_for(self, user):
        """Its organisation's members act for it (withdraw it, send further evidence, list it in
        the directory, renew): others who may read it (coordinators, the panel) may not."""
        return self.organisation.can_edit(user)

    def can_submit(self, user):
        """While its state allows, by its organisation; once submitted, a second press only shows
        it again."""
        return self.can_edit(user) if APPLICATION_TRANSITIONS.allows(self.state, "submit") \
            else self.can_view(user)

    def can_withdraw(self, user):
        """Its organisation's people may withdraw it while its state allows (see
        APPLICATION_TRANSITIONS, below the model)."""
        return (APPLICATION_TRANSITIONS.allows(self.state, "withdraw")
                and self.organisation.can_edit(user))

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

# Which state may follow which, each move by name (core.states applies them, recording each state
# entered on the application's trail, which its own people see: their timeline).
APPLICATION_TRANSITIONS = Transitions(
    Application.state, ApplicationState, visibility=Visibility.SUBJECT,
    submit=(ApplicationState.DRAFT, ApplicationState.SUBMITTED),
    start_review=(ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW),
    ask_for_evidence=(ApplicationState.UNDER_REVIEW, ApplicationState.FURTHER_EVIDENCE),
    # Further evidence comes back (Under review again), or the date passes and the panel decides.
    send_back=(ApplicationState.FURTHER_EVIDENCE, ApplicationState.UNDER_REVIEW),
    award=({ApplicationState.UNDER_REVIEW, ApplicationState.FURTHER_EVIDENCE},
           ApplicationState.AWARDED),
    not_award=({ApplicationState.UNDER_REVIEW, ApplicationState.FURTHER_EVIDENCE},
               ApplicationState.NOT_AWARDED),
    withdraw=(ACTIVE_STATES, ApplicationState.WITHDRAWN),
)

# Application references: SA-2027-0001 (core.references counts them per year).
REFERENCE_PREFIX = "SA"

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

    def can_remove(self, user):
        return self.application.can_edit(user) and self.is_removable(self.application)

class RecordedEvidence(BaseModel):
    """Evidence another feature vouches for, attached to one criterion beside the files: a staff
    training session we delivered to the organisation. `title` is what it was, in every language
    the feature could give ({language: text}); `source` names it there ("SB-2027-0004"), once
    per criterion."""

    application = ForeignKeyField(Application, backref="recorded_evidence", on_delete="CASCADE")
    criterion = ForeignKeyField(Criterion, backref="+", on_delete="RESTRICT")
    source = CharField(max_length=64)
    title = TranslatedTextField()
    occurred_on = DateField()
    minutes = IntegerField(null=True)  # how long it lasted
    people = IntegerField(null=True)  # how many took part
    added_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    added_at = UTCDateTimeField(default=utcnow)
    added_in_round = IntegerField(default=1)

    class Meta:
        indexes = ((("application", "criterion", "source"), True),)

    def is_removable(self, application):
        """As for a file: in a draft, or sent with the further evidence asked for."""
        return application.can_change_criterion(self.criterion_id) and (
            application.state == ApplicationState.DRAFT
            or self.added_in_round == application.review_round)


# Higher features extend applications through these signals (core.hooks), sent with the
# application; each connects its receiver in its init_app.
# Who else may read an application (the panel: its assigned reviewers): (application, user=) -> bool
view_granted = hooks.signal("awards.application-view-granted")

# Which criteria can change while further evidence is asked for (decisions): (application) -> ids
criteria_asked_about = hooks.signal("awards.criteria-asked-about")

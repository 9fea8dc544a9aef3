"""The panel's tables (the reviewer pool, assignments, declarations, reviews, agreed verdicts)
with their labels, the kinds of event on its trail, and who may review an application or see its
panel's reviews."""
import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField, TextField

from ..accounts.models import COORDINATORS, User
from ..awards.models import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationState,
    Criterion,
    Organisation,
)
from ..core.audit import event_kinds
from ..core.db import BaseModel, UTCDateTimeField, utcnow
from ..core.labels import Labelled
from ..core.translated import JSONTextField


class ReviewerProfile(BaseModel):
    user = ForeignKeyField(User, unique=True, backref="+", on_delete="CASCADE")
    languages = JSONTextField(default=list)  # codes of the languages the reviewer reads
    # Lived experience of seeking sanctuary: recorded only with the reviewer's consent, seen only
    # by the reviewer and by coordinators (for panel composition), withdrawn at any time.
    lived_experience = BooleanField(default=False)
    consent_given_at = UTCDateTimeField(null=True)
    paused_until = DateField(null=True)  # not available for new panels until this date
    updated_at = UTCDateTimeField(default=utcnow)

    def is_paused(self, today):
        return self.paused_until is not None and today <= self.paused_until

    @classmethod
    def for_user(cls, user):
        """The reviewer's profile, or an unsaved empty one."""
        return cls.get_or_none(cls.user == user) or cls(user=user, languages=[])


class ConflictReason(Labelled):
    WORK = "work", _l("I work or volunteer there")
    KNOW = "know", _l("I know people there well")
    OTHER = "other", _l("Another reason")


class Assignment(BaseModel):
    """A reviewer on an application's panel. `removed_at` is set when they leave the panel
    (recused, or replaced by a coordinator); the row is kept for the record."""

    application = ForeignKeyField(Application, backref="assignments", on_delete="CASCADE")
    reviewer = ForeignKeyField(User, backref="assignments", on_delete="CASCADE")
    assigned_at = UTCDateTimeField(default=utcnow)
    assigned_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    due_on = DateField()
    removed_at = UTCDateTimeField(null=True)
    reminded_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("application", "reviewer"), True),)

    @classmethod
    def active(cls):
        return cls.removed_at.is_null()


class ConflictDeclaration(BaseModel):
    """A reviewer's answer, before seeing anything else, to "do you have a conflict of interest
    with this organisation?". Kept for ever; a conflict counts against that organisation in later
    panel suggestions."""

    application = ForeignKeyField(Application, backref="+", on_delete="CASCADE")
    organisation = ForeignKeyField(Organisation, backref="+", on_delete="CASCADE")
    reviewer = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    has_conflict = BooleanField()
    reason = CharField(max_length=16, null=True)
    note = TextField(default="")
    declared_at = UTCDateTimeField(default=utcnow)

    class Meta:
        indexes = ((("application", "reviewer"), True),)

    @property
    def reason_label(self):
        return ConflictReason(self.reason).label if self.reason else ""


@event_kinds
class PanelEventKind(Labelled):
    """What the panel's trail (core.audit, staff only) records: assignments, declarations,
    reviews, agreed verdicts. A declared conflict's reason, and the verdict agreed, are its
    note; a decision sent early counts the reviews in."""

    ASSIGNED = "assigned", _l("Assigned to the panel")
    REMOVED = "removed", _l("Removed from the panel")
    NO_CONFLICT = "no_conflict", _l("Declared no conflict of interest")
    CONFLICT = "conflict", _l("Declared a conflict of interest, and was recused")
    REVIEW_SUBMITTED = "review_submitted", _l("Submitted their review")
    REVIEW_REOPENED = "review_reopened", _l("Reopened their review")
    AGREED = "agreed", _l("Recorded the panel's agreed verdict")
    DECISION_SENT_EARLY = "decision_sent_early", _l(
        "Sent the decision before every review was in: %(submitted)s of %(panel)s reviews "
        "submitted")


class Verdict(Labelled):
    MET = "met", _l("Met"), _l("What they do and plan is real, and the evidence shows it.")
    PARTLY_MET = ("partly_met", _l("Partly met"),
                  _l("A good start, but something important is missing or unclear."))
    NOT_YET_MET = ("not_yet_met", _l("Not yet met"),
                   _l("Not there yet: little is in place, or the evidence does not show it."))
    CANT_JUDGE = ("cant_judge", _l("Can't judge"),
                  _l("You cannot tell (for example, a file you cannot open, or a subject "
                     "you do not know). It is not counted."))


# "Can't judge" is shown but never counted as a verdict.
COUNTED_VERDICTS = (Verdict.MET, Verdict.PARTLY_MET, Verdict.NOT_YET_MET)


class Recommendation(Labelled):
    AWARD = "award", _l("Award")
    FURTHER_EVIDENCE = "further_evidence", _l("Ask for further evidence")
    NOT_YET = "not_yet", _l("Not yet")


class Review(BaseModel):
    """One reviewer's own judgement of an application in one round of review (round 1 is the
    application as submitted; a further-evidence request starts the next round). Submitting it
    locks it; the reviewer can reopen it until the round is decided."""

    application = ForeignKeyField(Application, backref="reviews", on_delete="CASCADE")
    reviewer = ForeignKeyField(User, backref="reviews", on_delete="CASCADE")
    round = IntegerField(default=1)
    recommendation = CharField(max_length=32, null=True)
    summary = TextField(default="")
    started_at = UTCDateTimeField(default=utcnow)
    updated_at = UTCDateTimeField(default=utcnow)
    submitted_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("application", "reviewer", "round"), True),)

    @property
    def recommendation_label(self):
        return Recommendation(self.recommendation).label if self.recommendation else ""


class ReviewVerdict(BaseModel):
    """A reviewer's verdict on one criterion, with what they want to tell the panel (a private
    note) and the applicant (suggested strengths, suggested areas to improve, a question)."""

    review = ForeignKeyField(Review, backref="verdicts", on_delete="CASCADE")
    criterion = ForeignKeyField(Criterion, backref="+", on_delete="RESTRICT")
    verdict = CharField(max_length=32, null=True)
    note = TextField(default="")
    strengths = TextField(default="")
    feedback = TextField(default="")  # suggested areas to improve
    question = TextField(default="")
    version = IntegerField(default=0)  # up with every save: see services.save_verdict
    edit_id = CharField(max_length=32, null=True)  # the page load that saved it last
    updated_at = UTCDateTimeField(default=utcnow)

    class Meta:
        indexes = ((("review", "criterion"), True),)

    @property
    def verdict_label(self):
        return Verdict(self.verdict).label if self.verdict else ""

    @property
    def is_started(self):
        return bool(self.verdict or self.note.strip() or self.strengths.strip()
                    or self.feedback.strip() or self.question.strip())


class AgreedVerdict(BaseModel):
    """The verdict the panel agreed on a criterion, recorded by a coordinator during or after the
    panel meeting. The reviewers' own verdicts are kept unchanged beside it."""

    application = ForeignKeyField(Application, backref="+", on_delete="CASCADE")
    round = IntegerField(default=1)
    criterion = ForeignKeyField(Criterion, backref="+", on_delete="RESTRICT")
    verdict = CharField(max_length=32)
    note = TextField(default="")
    recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    recorded_at = UTCDateTimeField(default=utcnow)

    class Meta:
        indexes = ((("application", "round", "criterion"), True),)

    @property
    def verdict_label(self):
        return Verdict(self.verdict).label


# ---------------------------------------------------------------------------- who may do what

# The states in which an application's reviewing is over for good.
DECIDED_STATES = (ApplicationState.AWARDED, ApplicationState.NOT_AWARDED)


def panel_may_still_read(application):
    """Reviewers read an application until it is withdrawn, or until REVIEWER_ACCESS_DAYS after
    its final decision (time to finish their notes and answer questions), then no longer."""
    if application.state == ApplicationState.WITHDRAWN:
        return False
    if application.state not in DECIDED_STATES:
        return True
    decided_at = APPLICATION_TRANSITIONS.entered_at(application, application.state)
    days = current_app.config["REVIEWER_ACCESS_DAYS"]
    return decided_at is None or utcnow() - decided_at < datetime.timedelta(days=days)


def has_submitted(application, reviewer):
    """Whether the reviewer's review of the current round is submitted."""
    return Review.select().where(
        (Review.application == application) & (Review.reviewer == reviewer)
        & (Review.round == application.review_round) & Review.submitted_at.is_null(False)).exists()


def can_review(application, user):
    """An assigned reviewer, still on the panel, who has declared no conflict, while the panel
    may still read the application."""
    if not panel_may_still_read(application):
        return False
    return (Assignment.select().where((Assignment.application == application)
                                      & (Assignment.reviewer == user) & Assignment.active())
            .exists()
            and ConflictDeclaration.select().where(
                (ConflictDeclaration.application == application)
                & (ConflictDeclaration.reviewer == user)
                & (ConflictDeclaration.has_conflict == False)).exists())  # noqa: E712


def can_open_review(application, user):
    """The review page: a reviewer on the panel who has not declared yet (the page asks them
    first), or one who may review."""
    undeclared = (Assignment.select().where((Assignment.application == application)
                                            & (Assignment.reviewer == user)
                                            & Assignment.active()).exists()
                  and not ConflictDeclaration.select().where(
                      (ConflictDeclaration.application == application)
                      & (ConflictDeclaration.reviewer == user)).exists())
    return undeclared or can_review(application, user)


def can_see_panel(application, user):
    """Coordinators; reviewers on the panel once they have submitted their own review."""
    if user.has_role(*COORDINATORS):
        return True
    return can_review(application, user) and has_submitted(application, user)

"""The reviewer pool: the languages each reviewer reads, lived experience (only with consent),
and when a reviewer is not available."""
import enum

from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, DateField, ForeignKeyField, TextField

from ..accounts.models import User
from ..awards.models import Application, Organisation
from ..core.db import BaseModel, UTCDateTimeField, utcnow
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


class ConflictReason(enum.StrEnum):
    WORK = "work"
    KNOW = "know"
    OTHER = "other"

    @property
    def label(self):
        return CONFLICT_LABELS[self]


CONFLICT_LABELS = {
    ConflictReason.WORK: _l("I work or volunteer there"),
    ConflictReason.KNOW: _l("I know people there well"),
    ConflictReason.OTHER: _l("Another reason"),
}


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


class PanelEvent(BaseModel):
    """The audit trail of a panel: assignments, declarations, reviews, agreed verdicts."""

    application = ForeignKeyField(Application, backref="+", on_delete="CASCADE")
    kind = CharField(max_length=32)
    at = UTCDateTimeField(default=utcnow)
    by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    subject = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    detail = TextField(default="")

    @property
    def label(self):
        return PANEL_EVENT_LABELS.get(self.kind, self.kind)


PANEL_EVENT_LABELS = {
    "assigned": _l("Assigned to the panel"),
    "removed": _l("Removed from the panel"),
    "no_conflict": _l("Declared no conflict of interest"),
    "conflict": _l("Declared a conflict of interest, and was recused"),
}

"""Community Forum speakers, kept privately by coordinators, and their part in sessions.

A speaker is shown to schools (and anyone but coordinators) only by `name`, the first name or
alias they chose; their contact details never leave the coordinators' pages and their own
emails."""
from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, TextField

from ...accounts.models import RunByCoordinators, User
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled
from ...core.translated import JSONTextField
from .bookings import Booking, SessionFormat


class Speaker(RunByCoordinators, BaseModel):
    name = CharField(max_length=100)  # a first name or an alias: all a school ever sees
    email = CharField(max_length=320, default="")  # private; emptied when they ask to go
    phone = CharField(max_length=40, default="")  # private; emptied when they ask to go
    language = CharField(max_length=16, default="en")  # the language of their emails
    formats = JSONTextField(default=list)  # SessionFormat values they give
    topics = TextField(default="")  # what they choose to talk about, in their words
    languages = CharField(max_length=300, default="")  # the languages they can speak in
    usual_days = JSONTextField(default=list)  # weekdays they are usually free, 0 = Monday
    notes = TextField(default="")  # coordinators' own notes, never shown to anyone else
    wants_feedback = BooleanField(default=False)  # pass schools' comments for them on
    # Consent to be contacted about sessions: recorded by a coordinator, revocable at any time.
    consent_at = UTCDateTimeField(null=True)
    consent_recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    consent_withdrawn_at = UTCDateTimeField(null=True)
    removed_at = UTCDateTimeField(null=True)  # asked to be removed: contact details are gone
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)

    @property
    def has_consent(self):
        return bool(self.consent_at and not self.consent_withdrawn_at and not self.removed_at)

    @property
    def format_members(self):
        return [SessionFormat(value) for value in self.formats]


class AssignmentState(Labelled):
    INVITED = "invited", _l("Invited"), _l("Waiting for the speaker's answer.")
    ACCEPTED = "accepted", _l("Accepted"), _l("The speaker is coming.")
    DECLINED = "declined", _l("Declined"), _l("The speaker cannot come.")
    WITHDRAWN = "withdrawn", _l("Withdrawn"), _l("The speaker can no longer come.")
    CANCELLED = "cancelled", _l("Called off"), _l(
        "The session was cancelled, or coordinators withdrew the invitation.")


# A speaker in one of these is counted against the no-two-places and per-day rules.
COMING_STATES = (AssignmentState.ACCEPTED,)


class SpeakerAssignment(BaseModel):
    """A speaker invited to a confirmed session. `day`, `starts` and `ends` copy the session's
    time (London, naive) when the invitation is made, so the no-two-places rule is one query;
    a confirmed session's time does not move."""

    booking = ForeignKeyField(Booking, backref="speaker_assignments", on_delete="CASCADE")
    speaker = ForeignKeyField(Speaker, backref="assignments", on_delete="CASCADE")
    state = CharField(max_length=16, default=AssignmentState.INVITED, index=True)
    day = DateField(index=True)
    starts = DateTimeField()
    ends = DateTimeField()
    invited_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    invited_at = UTCDateTimeField(default=utcnow)
    answered_at = UTCDateTimeField(null=True)
    reminded_at = UTCDateTimeField(null=True)  # two days before

    class Meta:
        indexes = ((("booking", "speaker"), True),)

    @property
    def state_member(self):
        return AssignmentState(self.state)

    @property
    def state_label(self):
        return self.state_member.label


# The capability link a speaker answers an invitation with (subject: the assignment). It opens
# a page; only its buttons (POST) change anything. Revoked when the session ends.
SPEAKER_LINK = "speaker_invitation"

"""What a checker found: one report per booking, its answer to each question in the wording
they read, and the score by the campaign's rule. Saved as they go; sent when they say so;
editable until a coordinator reviews it."""
from flask_babel import lazy_gettext as _l
from peewee import CharField, DateField, ForeignKeyField, IntegerField, TextField

from ...accounts.models import User
from ...core.audit import event_kinds
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled
from .campaigns import Question, QuestionWording
from .slots import CheckBooking


class Channel(Labelled):
    IN_PERSON = "in_person", _l("In person")
    PHONE = "phone", _l("By phone")
    ONLINE = "online", _l("Online")


class Outcome(Labelled):
    REGISTERED = "registered", _l("Registered, or told I could register")
    REFUSED = "refused", _l("Refused")
    COME_BACK = "come_back", _l("Told to come back")
    ONLINE_ONLY = "online_only", _l("Sent to register online only")
    OTHER = "other", _l("Something else")


class CheckReport(BaseModel):
    booking = ForeignKeyField(CheckBooking, backref="reports", on_delete="CASCADE", unique=True)
    visited_on = DateField(null=True)
    channel = CharField(max_length=16, null=True)
    outcome = CharField(max_length=24, null=True)
    minutes = IntegerField(null=True)  # how long it took
    changed_answer = CharField(max_length=8, null=True)  # an Answer: when the guidance was cited
    notes = TextField(default="")
    score = IntegerField(null=True)
    out_of = IntegerField(null=True)
    submitted_at = UTCDateTimeField(null=True)
    reviewed_at = UTCDateTimeField(null=True)
    entered_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")  # by phone
    reviewed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    version = IntegerField(default=0)  # each save adds one: two tabs never overwrite unseen
    created_at = UTCDateTimeField(default=utcnow)
    updated_at = UTCDateTimeField(default=utcnow)

    @property
    def is_editable(self):
        return self.reviewed_at is None


class ReportAnswer(BaseModel):
    report = ForeignKeyField(CheckReport, backref="answers", on_delete="CASCADE")
    question = ForeignKeyField(Question, backref="+", on_delete="CASCADE")
    wording = ForeignKeyField(QuestionWording, backref="+", on_delete="RESTRICT")
    answer = CharField(max_length=8)

    class Meta:
        indexes = ((("report", "question"), True),)


@event_kinds
class CheckBookingEvent(Labelled):
    BOOKED = "check_booking.booked", _l("Check booked")
    CANCELLED = "check_booking.cancelled", _l("Check cancelled by the checker")
    RELEASED = "check_booking.released", _l("Place released by a coordinator")
    REPORTED = "check_booking.reported", _l("Report sent")
    REPORT_ENTERED = "check_booking.report_entered", _l("Report entered by a coordinator")

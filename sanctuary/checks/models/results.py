"""What comes of the checks: a coordinator's questions to a checker about their report (and
the answers), follow-up with a service (a letter, a meeting, a re-check), and the services whose
result a coordinator has published by name, campaign by campaign."""
from flask_babel import lazy_gettext as _l
from peewee import CharField, DateField, ForeignKeyField, TextField

from ...accounts.models import User
from ...core.audit import event_kinds
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled
from .campaigns import Campaign
from .reports import CheckReport
from .services import Service


class CheckQuery(BaseModel):
    """A coordinator's question about a sent report, shown on the checker's code page until they
    answer it there. A report has at most one question waiting (answered_at null)."""

    report = ForeignKeyField(CheckReport, backref="queries", on_delete="CASCADE")
    question = TextField()
    asked_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    asked_at = UTCDateTimeField(default=utcnow)
    answer = TextField(null=True)
    answered_at = UTCDateTimeField(null=True)


@event_kinds
class ReviewEvent(Labelled):
    QUERIED = "check_booking.queried", _l("Question sent to the checker")
    ANSWERED = "check_booking.answered", _l("Checker answered the question")
    ACCEPTED = "check_booking.accepted", _l("Report accepted")


class FollowUpKind(Labelled):
    LETTER = "letter", _l("Letter sent")
    MEETING = "meeting", _l("Meeting held")
    RECHECK = "recheck", _l("Re-check booked")


class FollowUp(BaseModel):
    """What a coordinator did about a service's result, on the day it was done."""

    service = ForeignKeyField(Service, backref="follow_ups", on_delete="CASCADE")
    campaign = ForeignKeyField(Campaign, null=True, backref="+", on_delete="SET NULL")
    kind = CharField(max_length=16)
    done_on = DateField()
    note = TextField(default="")
    recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    recorded_at = UTCDateTimeField(default=utcnow)

    @property
    def kind_member(self):
        return FollowUpKind(self.kind)


@event_kinds
class FollowUpEvent(Labelled):
    LETTER = "service.letter_sent", _l("Letter sent")
    MEETING = "service.meeting_held", _l("Meeting held")
    RECHECK = "service.recheck_booked", _l("Re-check booked")
    PUBLISHED = "service.result_published", _l("Result published")
    UNPUBLISHED = "service.result_unpublished", _l("Result taken off the public page")


FOLLOW_UP_EVENTS = {FollowUpKind.LETTER: FollowUpEvent.LETTER,
                    FollowUpKind.MEETING: FollowUpEvent.MEETING,
                    FollowUpKind.RECHECK: FollowUpEvent.RECHECK}


class Publication(BaseModel):
    """A service's result in a campaign, published by name on the public results page."""

    service = ForeignKeyField(Service, backref="publications", on_delete="CASCADE")
    campaign = ForeignKeyField(Campaign, backref="publications", on_delete="CASCADE")
    published_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    published_at = UTCDateTimeField(default=utcnow)

    class Meta:
        indexes = ((("service", "campaign"), True),)

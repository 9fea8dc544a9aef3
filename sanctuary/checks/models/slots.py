"""Check slots: a service to check on a day or within a week, for so many checkers, and the
checkers' places on them."""
from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField

from ...accounts.models import RunByCoordinators, User
from ...core.audit import event_kinds
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled
from .campaigns import Campaign
from .services import Service

MAX_CAPACITY = 10  # checkers on one slot
DAY, WEEK = "day", "week"  # a slot on one day, or within the week of a day


class CheckSlot(RunByCoordinators, BaseModel):
    """A check of one service on a day (first_day == last_day) or within a window (a week), for
    `capacity` checkers."""

    campaign = ForeignKeyField(Campaign, backref="slots", on_delete="CASCADE")
    service = ForeignKeyField(Service, backref="slots", on_delete="RESTRICT")
    first_day = DateField(index=True)
    last_day = DateField()
    capacity = IntegerField(default=1)
    withdrawn_at = UTCDateTimeField(null=True)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)

    @property
    def is_window(self):
        return self.first_day != self.last_day


@event_kinds
class SlotEvent(Labelled):
    OPENED = "check_slot.opened", _l("Slot opened")
    CAPACITY_CHANGED = "check_slot.capacity_changed", _l("Slot's places changed")
    WITHDRAWN = "check_slot.withdrawn", _l("Slot withdrawn")


class CheckBookingState(Labelled):
    BOOKED = "booked", _l("Booked")
    REPORTED = "reported", _l("Reported")
    CANCELLED = "cancelled", _l("Cancelled")


class CheckBooking(BaseModel):
    """A checker's place on a slot: known only by the alias they chose and their reference code,
    and by an email address only if they gave one (deleted 30 days after the campaign closes).
    No account, no address, no browser: nothing else about them is kept."""

    slot = ForeignKeyField(CheckSlot, backref="bookings", on_delete="CASCADE")
    alias = CharField(max_length=100)
    reference = CharField(max_length=16, unique=True)  # a core code: KTR-4PW-9ZD
    language = CharField(max_length=16, default="en")
    state = CharField(max_length=16, default=CheckBookingState.BOOKED, index=True)
    email = CharField(max_length=320, null=True)
    form_key = CharField(max_length=32, null=True, unique=True)  # the booking form sent twice
    briefing_read = BooleanField(default=False)
    cancelled_at = UTCDateTimeField(null=True)
    reminded_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField(default=utcnow)

    @property
    def state_member(self):
        return CheckBookingState(self.state)

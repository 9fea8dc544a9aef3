"""Waiting lists: schools queued for a full slot, offered a place in turn when one frees."""
from flask_babel import lazy_gettext as _l
from peewee import CharField, ForeignKeyField

from ...core.audit import event_kinds
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled
from .bookings import Booking, Slot


class WaitingState(Labelled):
    WAITING = "waiting", _l("On the waiting list")
    OFFERED = "offered", _l("Place offered")
    ACCEPTED = "accepted", _l("Place taken")
    DECLINED = "declined", _l("Offer declined")
    EXPIRED = "expired", _l("Offer expired")
    LEFT = "left", _l("Left the waiting list")


@event_kinds
class WaitingEvent(Labelled):
    """What happens to a booking on a waiting list, in its trail (taking the place is the
    booking's own move to Confirmed)."""

    JOINED = "booking.waiting_joined", _l("Joined the waiting list")
    OFFERED = "booking.waiting_offered", _l("A place was offered from the waiting list")
    DECLINED = "booking.waiting_declined", _l("The place offered was declined")
    EXPIRED = "booking.waiting_expired", _l("The place offered was not taken in time")
    LEFT = "booking.waiting_left", _l("Left the waiting list")


# Still in the queue (its turn may come, or has come and is being answered).
QUEUED_STATES = (WaitingState.WAITING, WaitingState.OFFERED)


class WaitingEntry(BaseModel):
    """A booking's place in a slot's queue, first come first offered (joined_at, then id). An
    offer holds one of the slot's places (`Slot.offered`) until `offer_expires_at`."""

    slot = ForeignKeyField(Slot, backref="waiting", on_delete="CASCADE")
    booking = ForeignKeyField(Booking, unique=True, backref="waiting_entries", on_delete="CASCADE")
    state = CharField(max_length=16, default=WaitingState.WAITING, index=True)
    joined_at = UTCDateTimeField(default=utcnow)
    offered_at = UTCDateTimeField(null=True)
    offer_expires_at = UTCDateTimeField(null=True, index=True)
    answered_at = UTCDateTimeField(null=True)

    @property
    def state_member(self):
        return WaitingState(self.state)

    @property
    def state_label(self):
        return self.state_member.label

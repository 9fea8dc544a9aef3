"""What coordinators publish: session slots, and the days nobody comes."""
from flask_babel import lazy_gettext as _l

from ...core.db import db, utcnow
from ..models import BlockedPeriod, Slot
from .waiting import offer_free_places


class SlotRefused(Exception):
    """The slot cannot be changed like that (a reason for the person, translated)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def publish_slot(*, date, starts_at, ends_at, formats, delivery, capacity, by):
    return Slot.create(date=date, starts_at=starts_at, ends_at=ends_at, formats=list(formats),
                       delivery=delivery, capacity=capacity, created_by=by)


def update_slot(slot, *, date, starts_at, ends_at, formats, delivery, capacity, by):
    """Change a slot. Its capacity never drops below the sessions confirmed in it, checked in
    the UPDATE itself (a confirmation may land meanwhile)."""
    with db.atomic():
        changed = (Slot.update(date=date, starts_at=starts_at, ends_at=ends_at,
                               formats=list(formats), delivery=delivery, capacity=capacity)
                   .where((Slot.id == slot.id) & (Slot.confirmed + Slot.offered <= capacity))
                   .execute())
        if not changed:
            raise SlotRefused(_l("Sessions are already confirmed in this slot: it needs room "
                                 "for at least that many."))
        slot = Slot.get_by_id(slot.id)
        offer_free_places(slot)  # a larger slot: its new places go to the schools waiting
    return slot


def withdraw_slot(slot, *, by):
    """Stop offering a slot. Sessions confirmed in it stay as they are."""
    with db.atomic():
        Slot.update(withdrawn_at=utcnow()).where(
            (Slot.id == slot.id) & Slot.withdrawn_at.is_null()).execute()


def block_days(*, starts_on, ends_on, kind, note, by):
    return BlockedPeriod.create(starts_on=starts_on, ends_on=ends_on, kind=kind,
                                note=note.strip(), created_by=by)


def unblock(period, *, by):
    BlockedPeriod.delete().where(BlockedPeriod.id == period.id).execute()

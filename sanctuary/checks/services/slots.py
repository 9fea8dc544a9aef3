"""Check slots: opened for several services at once (on one day, or within the week of a day),
their places changed, withdrawn.

Two coordinators opening the same slot at once never make two: the campaign's row is locked
first on PostgreSQL (SQLite takes its write lock when the transaction begins), and a service
that already has a slot starting that day is passed over."""
import datetime
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l, lazy_ngettext as _ln

from ...core import audit
from ...core.db import db, is_postgres, utcnow
from ..models import Campaign, CampaignState, CheckBooking, CheckBookingState, CheckSlot, Service
from ..models.slots import DAY, MAX_CAPACITY, SlotEvent

CLOSED = _l("The campaign is closed: reopen it to open slots.")
OUTSIDE = _l("Choose a day within the campaign's dates")
NO_SERVICES = _l("Choose at least one service")
BAD_CAPACITY = _l("Enter a number from 1 to %(most)s", most=MAX_CAPACITY)
WITHDRAWN = _l("The slot is withdrawn.")


class SlotRefused(Exception):
    """The change cannot be made; `message` says why and `field` names the form field it is
    about (None: the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message, self.field = message, field


@dataclass
class Opened:
    slots: list = field(default_factory=list)  # the new slots
    already: list = field(default_factory=list)  # services that had a slot starting that day


def window(campaign, day, span):
    """(first day, last day) of a slot: the day itself, or the Monday-to-Sunday week of it, cut
    to the campaign's dates."""
    if span == DAY:
        return day, day
    monday = day - datetime.timedelta(days=day.weekday())
    return (max(monday, campaign.starts_on),
            min(monday + datetime.timedelta(days=6), campaign.ends_on))


def _locked(campaign):
    query = Campaign.select().where(Campaign.id == campaign.id)
    return (query.for_update() if is_postgres() else query).get()


def open_slots(campaign, *, services, day, span, capacity, by):
    """A slot for each of `services` (ids) on `day` or in its week, for `capacity` checkers.
    Services retired meanwhile are left out; one that already has a slot starting then (not
    withdrawn) is passed over and named in `already`. SlotRefused when the campaign is closed,
    the day is outside its dates or nothing is chosen."""
    if not services:
        raise SlotRefused(NO_SERVICES, "services")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise SlotRefused(BAD_CAPACITY, "capacity")
    opened = Opened()
    with db.atomic():
        campaign = _locked(campaign)
        if campaign.state == CampaignState.CLOSED:
            raise SlotRefused(CLOSED)
        if not campaign.starts_on <= day <= campaign.ends_on:
            raise SlotRefused(OUTSIDE, "day")
        first, last = window(campaign, day, span)
        chosen = list(Service.select().where(Service.id.in_(list(services))
                                             & Service.retired_at.is_null())
                      .order_by(Service.name, Service.id))
        if not chosen:
            raise SlotRefused(NO_SERVICES, "services")
        taken = set(CheckSlot.select(CheckSlot.service).where(
            (CheckSlot.campaign == campaign) & (CheckSlot.first_day == first)
            & CheckSlot.withdrawn_at.is_null()).tuples())
        for service in chosen:
            if (service.id,) in taken:
                opened.already.append(service)
                continue
            slot = CheckSlot.create(campaign=campaign, service=service, first_day=first,
                                    last_day=last, capacity=capacity, created_by=by)
            audit.record(SlotEvent.OPENED, slot, by=by, detail={"capacity": capacity})
            opened.slots.append(slot)
    return opened


def held(slot):
    """How many checkers hold places on the slot (booked or reported)."""
    return (CheckBooking.select().where((CheckBooking.slot == slot)
                                        & (CheckBooking.state != CheckBookingState.CANCELLED))
            .count())


def _locked_slot(slot):
    query = CheckSlot.select().where(CheckSlot.id == slot.id)
    return (query.for_update() if is_postgres() else query).get()


def change_capacity(slot, capacity, *, by):
    """Give the slot `capacity` places: never fewer than the places already held."""
    if not 1 <= capacity <= MAX_CAPACITY:
        raise SlotRefused(BAD_CAPACITY, "capacity")
    with db.atomic():
        slot = _locked_slot(slot)
        if slot.withdrawn_at is not None:
            raise SlotRefused(WITHDRAWN)
        taken = held(slot)
        if capacity < taken:
            raise SlotRefused(_ln("%(num)s checker already holds a place: enter %(num)s or more",
                                  "%(num)s checkers already hold places: enter %(num)s or more",
                                  taken), "capacity")
        if capacity != slot.capacity:
            audit.record(SlotEvent.CAPACITY_CHANGED, slot, by=by,
                         detail={"from": slot.capacity, "to": capacity})
            CheckSlot.update(capacity=capacity).where(CheckSlot.id == slot.id).execute()
            slot.capacity = capacity
    return slot


def withdraw_slot(slot, *, by):
    """Take the slot off offer (a second withdrawal changes nothing). Places already held stay
    as they are: coordinators tell those checkers (the page warns them first)."""
    with db.atomic():
        slot = _locked_slot(slot)
        if slot.withdrawn_at is None:
            slot.withdrawn_at = utcnow()
            CheckSlot.update(withdrawn_at=slot.withdrawn_at).where(
                CheckSlot.id == slot.id).execute()
            audit.record(SlotEvent.WITHDRAWN, slot, by=by, detail={"held": held(slot)})
    return slot

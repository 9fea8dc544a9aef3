"""Waiting lists: a school's request for a full slot queues for it, and each place that frees
(a session cancelled, a slot made larger, an offer declined or run out) is offered to the first
school still waiting, held for it for `SCHOOL_WAITING_OFFER_HOURS`.

An offer is two conditional UPDATEs in one transaction: the slot's `offered` count up by one
only while `confirmed + offered < capacity`, then the entry from Waiting to Offered only while it
is still waiting. Every host that runs the job takes the slot's row first, in the same order (by
date), so on PostgreSQL a second offer for the slot waits for the first to commit and then finds
no room; on SQLite transactions queue at BEGIN. Either way a place is offered once."""
import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from ...core import audit
from ...core.audit import Visibility
from ...core.clock import LONDON
from ...core.db import db, utcnow
from ...core.jobs import FrequentJob
from .. import notifications, queries
from ..models import (
    QUEUED_STATES,
    BookingState,
    Slot,
    WaitingEntry,
    WaitingEvent,
    WaitingState,
)
from .bookings import (
    CHANGED,
    BookingRefused,
    _move,
    _take_place,
    _time_of,
    manage_token,
    reminded_if_soon,
)

NOT_FULL = _l("That slot has a place free: ask for it instead of joining its waiting list.")
OFFER_GONE = _l("This place is no longer held for you: the time to answer has passed, or the "
                "offer was answered already.")
MOST_TRIES = 50  # offers lost to another host at once before a slot is left for the next run


class _Lost(Exception):
    """Another host changed the entry meanwhile: undo this offer and look again."""


def _london_date(now):
    return now.replace(tzinfo=datetime.UTC).astimezone(LONDON).date()


def _record(kind, entry, *, by):
    audit.record(kind, ("booking", entry.booking_id), by=by, visibility=Visibility.SUBJECT)


def join(booking, slot, *, by=None):
    """Put a school's request for a full slot on its waiting list (once: a second call gives
    back the entry the first made)."""
    existing = WaitingEntry.get_or_none(WaitingEntry.booking == booking)
    if existing is not None:
        return existing
    if booking.state != BookingState.REQUESTED:
        raise BookingRefused(CHANGED)
    if not Slot.get_by_id(slot.id).is_full:
        raise BookingRefused(NOT_FULL)
    try:
        with db.atomic():
            entry = WaitingEntry.create(slot=slot, booking=booking)
            _record(WaitingEvent.JOINED, entry, by=by)
    except IntegrityError:  # the same request joined twice at once: the other got there first
        return WaitingEntry.get(WaitingEntry.booking == booking)
    return entry


def _end(entry, state, event, *, by, now, where=None):
    """Move a queued entry on (read again until the move lands: an offer may be made or run out
    meanwhile); a place it held goes back to the slot and on to the next school. Returns
    whether this call moved it."""
    for _try in range(3):
        current = WaitingEntry.get_by_id(entry.id)
        if current.state not in QUEUED_STATES or (where and current.state not in where):
            return False
        with db.atomic():
            moved = (WaitingEntry.update(state=state, answered_at=now)
                     .where((WaitingEntry.id == entry.id)
                            & (WaitingEntry.state == current.state)).execute())
            if not moved:
                continue
            _record(event, current, by=by)
            if current.state == WaitingState.OFFERED:
                _release(current.slot_id)
                offer_free_places(Slot.get_by_id(current.slot_id), now=now)
        entry.state = state
        return True
    return False


def _release(slot_id):
    Slot.update(offered=Slot.offered - 1).where(
        (Slot.id == slot_id) & (Slot.offered > 0)).execute()


def leave(entry, *, by, now=None):
    """The school leaves the waiting list (its request stands, for coordinators to answer)."""
    if not _end(entry, WaitingState.LEFT, WaitingEvent.LEFT, by=by, now=now or utcnow()):
        raise BookingRefused(CHANGED)
    return entry


def leave_queue(booking, *, by=None):
    """A booking that is no longer a plain request (confirmed, declined, cancelled) leaves any
    waiting list it is on (called from services.bookings, inside the booking's move)."""
    entry = queries.queued_entry(booking)
    if entry is not None:
        _end(entry, WaitingState.LEFT, WaitingEvent.LEFT, by=by, now=utcnow())


def booking_moved(booking, *, by=None):
    """After each move of a booking (services.bookings, inside it): one that is no longer a
    request leaves the queue; one offered another time gives back a place it held."""
    if booking.state == BookingState.OFFERED:
        _give_place_back(booking)
    elif booking.state != BookingState.REQUESTED:
        leave_queue(booking, by=by)


def _give_place_back(booking, *, now=None):
    """Coordinators offered the booking another time while it held a place from the waiting
    list: it cannot take the place while the alternative is open, so the place goes back to the
    slot and on to the next school; it stays first in the queue, for a place that frees after it
    turns the alternative down."""
    entry = queries.queued_entry(booking)
    if entry is None or entry.state != WaitingState.OFFERED:
        return
    stepped = (WaitingEntry.update(state=WaitingState.WAITING, offered_at=None,
                                   offer_expires_at=None)
               .where((WaitingEntry.id == entry.id)
                      & (WaitingEntry.state == WaitingState.OFFERED)).execute())
    if stepped:
        _release(entry.slot_id)
        offer_free_places(Slot.get_by_id(entry.slot_id), now=now)


def _expiry(slot, now):
    """The offer's time to answer, never past the session's start."""
    hours = datetime.timedelta(hours=current_app.config["SCHOOL_WAITING_OFFER_HOURS"])
    start = slot.start.replace(tzinfo=LONDON).astimezone(datetime.UTC).replace(tzinfo=None)
    return min(now + hours, start)


def _offer_one(slot, entry, now):
    """Hold one of the slot's places for `entry`; False when the slot has none left."""
    with db.atomic():
        held = (Slot.update(offered=Slot.offered + 1)
                .where((Slot.id == slot.id) & (Slot.confirmed + Slot.offered < Slot.capacity)
                       & Slot.withdrawn_at.is_null()).execute())
        if not held:
            return False
        expires = _expiry(slot, now)
        moved = (WaitingEntry.update(state=WaitingState.OFFERED, offered_at=now,
                                     offer_expires_at=expires)
                 .where((WaitingEntry.id == entry.id)
                        & (WaitingEntry.state == WaitingState.WAITING)).execute())
        if not moved:
            raise _Lost  # rolls the slot's count back with it
        entry.state, entry.offered_at, entry.offer_expires_at = (
            WaitingState.OFFERED, now, expires)
        entry.slot = slot
        _record(WaitingEvent.OFFERED, entry, by=None)
        notifications.waiting_list_news(entry.booking, entry, "place_offered",
                                        token=manage_token(entry.booking))
    return True


def _offer_places(slot, now):
    offered = 0
    for _try in range(MOST_TRIES):
        entry = queries.first_waiting(slot)
        if entry is None:
            break
        try:
            if not _offer_one(slot, entry, now):
                break
        except _Lost:
            continue
        offered += 1
    return offered


def offer_free_places(slot=None, *, now=None):
    """Offer each free place (of `slot`, or of every slot) to the first school waiting for it;
    returns how many places were offered."""
    now = now or utcnow()
    return sum(_offer_places(free, now)
               for free in queries.slots_to_offer(_london_date(now), slot=slot))


def expire_offers(now=None):
    """Offers nobody answered in time: the school is told, and the place passes to the next.
    Returns how many ran out."""
    return _expire(now or utcnow())[0]


def _expire(now):
    """(offers run out, places offered to the next schools)."""
    expired = offered = 0
    for entry in queries.offers_run_out(now):
        with db.atomic():
            moved = (WaitingEntry.update(state=WaitingState.EXPIRED, answered_at=now)
                     .where((WaitingEntry.id == entry.id)
                            & (WaitingEntry.state == WaitingState.OFFERED)
                            & (WaitingEntry.offer_expires_at <= now)).execute())
            if not moved:
                continue  # answered, or run out on another host, meanwhile
            _release(entry.slot_id)
            _record(WaitingEvent.EXPIRED, entry, by=None)
            notifications.waiting_list_news(entry.booking, entry, "offer_expired",
                                            token=manage_token(entry.booking))
            offered += offer_free_places(Slot.get_by_id(entry.slot_id), now=now)
        expired += 1
    return expired, offered


def held_for(booking, slot, now=None):
    """The booking's offer of a place in `slot`, while it still holds one, or None."""
    entry = queries.queued_entry(booking)
    if (entry is None or entry.slot_id != slot.id or entry.state != WaitingState.OFFERED
            or entry.offer_expires_at <= (now or utcnow())):
        return None
    return entry


def accept_place(entry, *, by=None, now=None):
    """The school takes the place held for it: the booking is confirmed into the slot, the
    place moving from held to confirmed in the same UPDATE, with the usual confirmation."""
    now = now or utcnow()
    booking = entry.booking
    with db.atomic():
        taken = (WaitingEntry.update(state=WaitingState.ACCEPTED, answered_at=now)
                 .where((WaitingEntry.id == entry.id)
                        & (WaitingEntry.state == WaitingState.OFFERED)
                        & (WaitingEntry.offer_expires_at > now)).execute())
        if not taken:
            raise BookingRefused(OFFER_GONE)
        slot = Slot.get_by_id(entry.slot_id)
        _take_place(slot, held=True)
        _move(booking, "confirm", by=by, **_time_of(slot, None, "", ""),
              **reminded_if_soon(slot.date))
        notifications.confirmed(booking, token=manage_token(booking))
    entry.state = WaitingState.ACCEPTED
    return booking


def decline_place(entry, *, by=None, now=None):
    """The school turns the place down; it passes to the next school (its request stands)."""
    if not _end(entry, WaitingState.DECLINED, WaitingEvent.DECLINED, by=by, now=now or utcnow(),
                where=(WaitingState.OFFERED,)):
        raise BookingRefused(OFFER_GONE)
    return entry


def run_waiting_lists(now):
    """The frequent job: offers run out, then every free place offered. How many of both."""
    return sum(_expire(now)) + offer_free_places(now=now)


def frequent_jobs_for(app):
    """School sessions' frequent jobs, for core.jobs."""
    return [FrequentJob("School waiting lists", run=run_waiting_lists)]

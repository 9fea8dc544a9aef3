"""School sessions: named reads (the open slots by week, the days nobody comes, the bookings a
school or a coordinator sees)."""
import datetime
import functools

import holidays
from peewee import JOIN, fn

from ..awards.models import Membership, Organisation, OrganisationKind
from ..core import audit
from ..core.audit import Visibility
from ..core.clock import london_now
from ..core.permissions import LARGEST_ID
from .models import (
    QUEUED_STATES,
    BlockedPeriod,
    BlockKind,
    Booking,
    BookingState,
    Slot,
    WaitingEntry,
    WaitingState,
)

# ---------------------------------------------------------------------------- the calendar


@functools.lru_cache(maxsize=32)
def _bank_holidays(year):
    # Observed days included (a Christmas on a Saturday gives the Monday off).
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]))


def is_bank_holiday(day):
    return day in _bank_holidays(day.year)


def bank_holidays_between(first, last):
    return sorted(day for year in range(first.year, last.year + 1)
                  for day in _bank_holidays(year) if first <= day <= last)


def blocked_periods_between(first, last):
    return list(BlockedPeriod.select()
                .where((BlockedPeriod.starts_on <= last) & (BlockedPeriod.ends_on >= first))
                .order_by(BlockedPeriod.starts_on, BlockedPeriod.id))


def closed_days(first, last):
    """{day: (BlockKind, note)} for each day from `first` to `last` with no sessions: bank
    holidays and the periods coordinators blocked."""
    closed = {}
    for period in blocked_periods_between(first, last):
        day = max(period.starts_on, first)
        while day <= min(period.ends_on, last):
            closed.setdefault(day, (BlockKind(period.kind), period.note))
            day += datetime.timedelta(days=1)
    for day in bank_holidays_between(first, last):
        closed[day] = (BlockKind.BANK_HOLIDAY, "")
    return closed


def is_closed(day):
    return bool(closed_days(day, day))


def working_days_between(first, last):
    """How many working days (weekdays that are neither bank holidays nor blocked) lie strictly
    between the days `first` and `last`."""
    if last <= first + datetime.timedelta(days=1):
        return 0
    start, end = first + datetime.timedelta(days=1), last - datetime.timedelta(days=1)
    closed = closed_days(start, end)
    days = (start + datetime.timedelta(days=n) for n in range((end - start).days + 1))
    return sum(1 for day in days if day.weekday() < 5 and day not in closed)


# ---------------------------------------------------------------------------- slots


def week_of(day):
    """The Monday of the week `day` is in."""
    return day - datetime.timedelta(days=day.weekday())


def open_slots(first, last):
    """Published slots from `first` to `last` on days that are not closed, by date and time."""
    closed = closed_days(first, last)
    slots = (Slot.select()
             .where((Slot.date >= first) & (Slot.date <= last) & Slot.withdrawn_at.is_null())
             .order_by(Slot.date, Slot.starts_at, Slot.id))
    return [slot for slot in slots if slot.date not in closed]


def slots_by_week(first, last):
    """[(Monday, [slot, ...]), ...] for the weeks that have a published slot."""
    weeks = {}
    for slot in open_slots(first, last):
        weeks.setdefault(week_of(slot.date), []).append(slot)
    return sorted(weeks.items())


def requestable_slot(slot_id, today):
    """A slot a school may still ask for: published, in the future, on a day that is open."""
    if not 0 < slot_id <= LARGEST_ID:
        return None
    slot = Slot.get_or_none((Slot.id == slot_id) & Slot.withdrawn_at.is_null()
                            & (Slot.date > today))
    return None if slot is None or is_closed(slot.date) else slot


def upcoming_slots(today):
    """Every slot from today on, withdrawn ones too, for coordinators."""
    return list(Slot.select().where(Slot.date >= today).order_by(Slot.date, Slot.starts_at))


# ---------------------------------------------------------------------------- bookings


def schools_of(user):
    """The schools this person is a member of."""
    return list(Organisation.of_user(user).where(Organisation.kind == OrganisationKind.SCHOOL))


def requesters_of(user):
    """The organisations this person may ask for a session for: their schools (any session)
    and their other organisations (staff training)."""
    return list(Organisation.of_user(user))


def bookings_of(user):
    """Every booking of every school this person is a member of, newest first."""
    return list(Booking.select(Booking, Organisation).join(Organisation)
                .join(Membership, on=(Membership.organisation == Organisation.id))
                .where((Membership.user == user) & Membership.removed_at.is_null())
                .order_by(Booking.created_at.desc(), Booking.id.desc()))


def timeline(booking, *, staff=False):
    """What happened to a booking, as its school (or, with staff=True, coordinators) sees it."""
    return audit.read(booking, audience=Visibility.STAFF if staff else Visibility.SUBJECT)


def search_bookings(*, state=None, format=None, text=""):
    """Bookings for coordinators, filtered by state and format and a search of the reference,
    the school and the contact; requests first by age, then the rest."""
    query = (Booking.select(Booking, Organisation).join(Organisation)
             .order_by(Booking.session_date.is_null(False), Booking.session_date,
                       Booking.created_at))
    if state:
        query = query.where(Booking.state == state)
    if format:
        query = query.where(Booking.format == format)
    text = "".join(character for character in text if character.isprintable()).strip()
    if text:
        query = query.where(Booking.reference.contains(text) | Organisation.name.contains(text)
                            | Booking.contact_name.contains(text)
                            | Booking.contact_email.contains(text))
    return query


def count_by_state():
    """{state: how many bookings are in it}."""
    counts = dict(Booking.select(Booking.state, fn.COUNT(Booking.id))
                  .group_by(Booking.state).tuples())
    return {state: counts.get(state, 0) for state in BookingState}


def agenda(monday):
    """Confirmed and delivered sessions in the week starting `monday`, by time."""
    sunday = monday + datetime.timedelta(days=6)
    return list(Booking.select(Booking, Organisation).join(Organisation)
                .where(Booking.state.in_([BookingState.CONFIRMED, BookingState.DELIVERED])
                       & (Booking.session_date >= monday) & (Booking.session_date <= sunday))
                .order_by(Booking.session_date, Booking.starts_at))


def next_confirmed(today):
    return (Booking.select().where((Booking.state == BookingState.CONFIRMED)
                                   & (Booking.session_date >= today))
            .order_by(Booking.session_date, Booking.starts_at).first())


REMINDER_DAYS = 2  # a school is reminded of a confirmed session this many days before it


def due_for_reminder(today):
    """Confirmed sessions within the next two days whose school has not been reminded yet, and
    that have not started (London time): a reminder after the start helps nobody."""
    now = london_now().replace(tzinfo=None)
    not_started = ((Booking.session_date > now.date())
                   | ((Booking.session_date == now.date())
                      & (Booking.starts_at > now.strftime("%H:%M"))))
    return list(Booking.select(Booking, Organisation).join(Organisation)
                .where((Booking.state == BookingState.CONFIRMED) & Booking.reminded_at.is_null()
                       & (Booking.session_date >= today) & not_started
                       & (Booking.session_date <= today + datetime.timedelta(
                           days=REMINDER_DAYS))))


# ---------------------------------------------------------------------------- coordinators


def coordinator_bookings(*, state=None, format=None, text=""):
    """search_bookings with the slot each school asked for, in the same one query."""
    return (search_bookings(state=state, format=format, text=text).select_extend(Slot)
            .switch(Booking).join(Slot, JOIN.LEFT_OUTER, on=(Booking.slot == Slot.id)))


def waiting_for_coordinators(today):
    """What the coordinators' dashboard card says: requests to answer, offers the schools have
    not answered yet, and the next confirmed session."""
    counts = count_by_state()
    return {"requested": counts[BookingState.REQUESTED], "offered": counts[BookingState.OFFERED],
            "next": next_confirmed(today)}


def school_with_urn(urn):
    """The school already registered with this URN, if any."""
    return (Organisation.select().where((Organisation.kind == OrganisationKind.SCHOOL)
                                        & (Organisation.urn == urn)).first() if urn else None)


def requested_with_key(request_key, user):
    """The booking this person already made from the form with this key, if any."""
    return Booking.get_or_none((Booking.request_key == request_key)
                               & (Booking.requested_by == user)) if request_key else None


# ---------------------------------------------------------------------------- waiting lists


def queued_entry(booking):
    """The booking's place on a waiting list while it is still in the queue, or None."""
    return (WaitingEntry.select(WaitingEntry, Slot).join(Slot)
            .where((WaitingEntry.booking == booking)
                   & WaitingEntry.state.in_(list(QUEUED_STATES))).first())


def _ahead_of(entry):
    return ((WaitingEntry.joined_at < entry.joined_at)
            | ((WaitingEntry.joined_at == entry.joined_at) & (WaitingEntry.id < entry.id)))


def waiting_position(entry):
    """1 for the first in the queue (an offer being answered counts as ahead), 2 for the next."""
    return 1 + (WaitingEntry.select()
                .where((WaitingEntry.slot == entry.slot_id)
                       & WaitingEntry.state.in_(list(QUEUED_STATES)) & _ahead_of(entry))
                .count())


def first_waiting(slot):
    """The entry whose turn it is: the first still waiting whose request is still plain."""
    return (WaitingEntry.select(WaitingEntry, Booking).join(Booking)
            .where((WaitingEntry.slot == slot) & (WaitingEntry.state == WaitingState.WAITING)
                   & (Booking.state == BookingState.REQUESTED))
            .order_by(WaitingEntry.joined_at, WaitingEntry.id).first())


def slots_to_offer(today, slot=None):
    """Slots with a place neither confirmed nor held, someone waiting for it, still published,
    after `today` and on a day that is open: by date, so every host locks them in one order."""
    query = (Slot.select().where(
        (Slot.confirmed + Slot.offered < Slot.capacity) & Slot.withdrawn_at.is_null()
        & (Slot.date > today)
        & fn.EXISTS(WaitingEntry.select(WaitingEntry.id).where(
            (WaitingEntry.slot == Slot.id) & (WaitingEntry.state == WaitingState.WAITING))))
        .order_by(Slot.date, Slot.id))
    if slot is not None:
        query = query.where(Slot.id == slot.id)
    return [slot for slot in query if not is_closed(slot.date)]


def offers_run_out(now):
    """Places offered that nobody took by their time, oldest first."""
    return list(WaitingEntry.select()
                .where((WaitingEntry.state == WaitingState.OFFERED)
                       & (WaitingEntry.offer_expires_at <= now))
                .order_by(WaitingEntry.offer_expires_at, WaitingEntry.id))


def waiting_lists(slots, *, everyone=False):
    """{slot id: [entry, ...]} in queue order, with each entry's booking and school, in one
    query: those still queued (`everyone`: those that left it or were served too)."""
    query = (WaitingEntry.select(WaitingEntry, Booking, Organisation).join(Booking)
             .join(Organisation)
             .where(WaitingEntry.slot.in_([slot.id for slot in slots]))
             .order_by(WaitingEntry.joined_at, WaitingEntry.id))
    if not everyone:
        query = query.where(WaitingEntry.state.in_(list(QUEUED_STATES)))
    lists = {}
    for entry in query:
        lists.setdefault(entry.slot_id, []).append(entry)
    return lists


def waiting_place(booking):
    """(entry, position) while the booking is queued on a waiting list, or None."""
    entry = queued_entry(booking)
    return None if entry is None else (entry, waiting_position(entry))

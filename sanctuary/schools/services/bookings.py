"""A booking's life: requested, confirmed (or an alternative offered), declined, cancelled,
delivered. Each move goes through BOOKING_TRANSITIONS (a conditional UPDATE with its trail entry)
and emails the school's contact in their language, in the same transaction.

No slot ever holds more confirmed sessions than it has room for: confirming adds one to the
slot's count with `UPDATE slot SET confirmed = confirmed + 1 WHERE id = ? AND confirmed <
capacity` inside the confirming transaction. On PostgreSQL that UPDATE locks the slot's row, and
a second confirmation waits for the first to commit, then finds no room; on SQLite every
transaction takes the write lock when it begins (core.db), so confirmations queue. Either way the
count and the booking's state are kept or lost together."""
import datetime
import uuid
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from ...awards.models import OrganisationKind
from ...awards.services import create_organisation
from ...core import audit, links
from ...core.audit import Visibility
from ...core.clock import london_today
from ...core.db import db, utcnow
from ...core.references import next_reference
from ...core.states import TransitionRefused
from .. import notifications
from ..models import (
    BOOKING_TRANSITIONS,
    ENDED_STATES,
    MANAGE_LINK,
    Booking,
    BookingEvent,
    BookingState,
    KeyStage,
    SessionFormat,
    Slot,
)
from ..queries import REMINDER_DAYS, is_closed, working_days_between
from . import assignments

MANAGE_LINK_LIFETIME = datetime.timedelta(days=400)  # outlives any booking; revoked when it ends

BOOKING_FIELDS = ("format", "delivery", "slot", "proposed_dates", "preferred_start",
                  "duration_minutes", "year_groups", "key_stages", "audience_size",
                  "home_languages", "accessibility", "contact_name", "contact_role",
                  "contact_email", "contact_phone", "supervisor_name", "supervisor_phone",
                  "language")


class BookingRefused(Exception):
    """The booking cannot move like that now; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


SLOT_FULL = _l("That slot has just been filled: every place in it is confirmed. Choose another "
               "slot or another time.")
SLOT_WITHDRAWN = _l("That slot is no longer offered. Choose another slot or another time.")
DAY_CLOSED = _l("That day has no sessions now (a bank holiday or a blocked day). Choose another "
                "slot or another time.")
NOT_YET = _l("The session has not taken place yet: mark it as delivered on the day or after.")
ONLY_TRAINING = _l("For an organisation that is not a school, choose staff training: assemblies "
                   "and workshops are for pupils")
CHANGED = _l("This booking changed while you were looking at it. Here it is as it is now.")


def manage_token(booking):
    """The contact's manage link: one per booking and contact, the same in every email, working
    until the booking ends."""
    return links.standing(MANAGE_LINK, subject=booking, holder_email=booking.contact_email,
                          lifetime=MANAGE_LINK_LIFETIME)


def booking_by_token(token, *, using=False):
    """The booking a manage link is about, if the link still works. Only acting on it
    (`using`) marks the link used: opening the page changes nothing."""
    link = (links.use if using else links.find)(token, MANAGE_LINK)
    return None if link is None else Booking.get_or_none(Booking.id == link.subject_id)


def _uid():
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"
    return f"{uuid.uuid4()}@{host}"


def request_booking(*, by, request_key, organisation=None, new_school=None, **fields):
    """A school's request. `organisation` is one of the person's schools (or another kind of
    organisation of theirs, asking for staff training), or `new_school` ({name, urn, address,
    postcode}) registers one in the same transaction. The form's own `request_key` makes a
    second submission of the same form (a double click, a retry) give back the first booking."""
    existing = _same_request(request_key, by)
    if existing is not None:
        return existing
    if Booking.select().where(Booking.request_key == request_key).exists():
        request_key = uuid.uuid4().hex  # someone else's form's key: this request gets its own
    values = {name: value for name, value in fields.items() if name in BOOKING_FIELDS}
    if (organisation is not None and organisation.kind != OrganisationKind.SCHOOL
            and values.get("format") != SessionFormat.TRAINING):
        raise BookingRefused(ONLY_TRAINING)  # the form says so first
    # Kept in the order of KeyStage, once each, whatever order the form sent them in.
    values["key_stages"] = [stage.value for stage in KeyStage
                            if stage.value in set(values.get("key_stages", ()))]
    try:
        return _create_booking(by, request_key, organisation, new_school, values)
    except IntegrityError:
        # The same form sent twice at once: the other submission's booking got the key first.
        existing = _same_request(request_key, by)
        if existing is None:
            raise
        return existing


def _same_request(request_key, by):
    existing = Booking.get_or_none(Booking.request_key == request_key)
    return existing if existing is not None and existing.requested_by_id == by.id else None


def _create_booking(by, request_key, organisation, new_school, values):
    with db.atomic():
        if organisation is None:
            organisation = create_organisation(
                by=by, kind=OrganisationKind.SCHOOL, size_band="",
                contact_name=values["contact_name"], contact_role=values.get("contact_role", ""),
                contact_email=values["contact_email"], language=values.get("language", "en"),
                **new_school)
        booking = Booking.create(
            reference=next_reference("SB", london_today().year), request_key=request_key,
            uid=_uid(), organisation=organisation, requested_by=by, agreed_terms_at=utcnow(),
            **values)
        BOOKING_TRANSITIONS.record_start(booking, by=by)
        notifications.requested(booking, token=manage_token(booking))
    return booking


def _waiting():
    """services.waiting, which builds on this module (so imported only when first needed)."""
    from . import waiting

    return waiting


def _move(booking, name, *, by, detail=None, **also):
    """Apply a transition, raising the calendar event's SEQUENCE; refused as BookingRefused.
    A booking that is no longer a plain request leaves any waiting list it is on."""
    try:
        moved = BOOKING_TRANSITIONS.move(booking, name, by=by, detail=detail,
                                         also={"sequence": booking.sequence + 1, **also})
    except TransitionRefused as refused:
        raise BookingRefused(CHANGED) from refused
    _waiting().booking_moved(moved, by=by)
    return moved


def _take_place(slot, *, held=False):
    """One more confirmed session in `slot`, if it has room (see the module's docstring), on
    a day that is still open (coordinators may have blocked it since the slot was published).
    `held`: the place was held for a waiting-list offer, and moves from held to confirmed."""
    if is_closed(slot.date):
        raise BookingRefused(DAY_CLOSED)
    if held:
        change, room = ({Slot.offered: Slot.offered - 1, Slot.confirmed: Slot.confirmed + 1},
                        Slot.offered > 0)
    else:
        change, room = ({Slot.confirmed: Slot.confirmed + 1},
                        Slot.confirmed + Slot.offered < Slot.capacity)
    taken = (Slot.update(change)
             .where((Slot.id == slot.id) & room & Slot.withdrawn_at.is_null())
             .execute())
    if taken != 1:
        withdrawn = Slot.get_by_id(slot.id).withdrawn_at is not None
        raise BookingRefused(SLOT_WITHDRAWN if withdrawn else SLOT_FULL)


def _free_place(slot_id):
    Slot.update(confirmed=Slot.confirmed - 1).where(
        (Slot.id == slot_id) & (Slot.confirmed > 0)).execute()


def _time_of(slot, date, starts_at, ends_at):
    if slot is not None:
        return {"session_date": slot.date, "starts_at": slot.starts_at, "ends_at": slot.ends_at,
                "held_slot": slot}
    return {"session_date": date, "starts_at": starts_at, "ends_at": ends_at, "held_slot": None}


def reminded_if_soon(session_date, today=None):
    """What every path that fixes a session sets with its move: inside the reminder's window
    the school gets the confirmation and no reminder on top."""
    soon = session_date <= (today or london_today()) + datetime.timedelta(days=REMINDER_DAYS)
    return {"reminded_at": utcnow()} if soon else {}


def confirm(booking, *, by, slot=None, date=None, starts_at="", ends_at=""):
    """Fix the session's time: in a slot (taking one of its places) or at a time of its own.
    A place held for this booking's waiting-list offer is taken as the school would take it."""
    held = _waiting().held_for(booking, slot) if slot is not None else None
    if held is not None:
        return _waiting().accept_place(held, by=by)
    with db.atomic():
        if slot is not None:
            _take_place(slot)
        time = _time_of(slot, date, starts_at, ends_at)
        _move(booking, "confirm", by=by, **time, **reminded_if_soon(time["session_date"]))
        notifications.confirmed(booking, token=manage_token(booking))
    return booking


def offer_alternative(booking, *, by, slot=None, date=None, starts_at="", ends_at="", note=""):
    """Offer the school another time (a slot, or a date and times); it holds no place."""
    if slot is not None:
        date, starts_at, ends_at = slot.date, slot.starts_at, slot.ends_at
    with db.atomic():
        _move(booking, "offer", by=by, detail={"note": note.strip()} if note.strip() else None,
              offer_slot=slot, offer_date=date, offer_starts_at=starts_at,
              offer_ends_at=ends_at, offer_note=note.strip())
        notifications.offered(booking, token=manage_token(booking))
    return booking


def accept_offer(booking, *, by):
    """The school takes the time offered: confirmed, if the offered slot still has room."""
    with db.atomic():
        if booking.state != BookingState.OFFERED:
            raise BookingRefused(CHANGED)
        slot = Slot.get_or_none(Slot.id == booking.offer_slot_id)
        if slot is not None:
            _take_place(slot)
        time = _time_of(slot, booking.offer_date, booking.offer_starts_at,
                        booking.offer_ends_at)
        _move(booking, "accept_offer", by=by, **time, **reminded_if_soon(time["session_date"]))
        notifications.confirmed(booking, token=manage_token(booking))
        notifications.to_staff_offer_answered(booking, accepted=True)
    return booking


def decline_offer(booking, *, by):
    """The school turns the time offered down; the request stands, for coordinators to answer."""
    with db.atomic():
        _move(booking, "decline_offer", by=by, offer_slot=None, offer_date=None,
              offer_starts_at="", offer_ends_at="", offer_note="")
        notifications.offer_turned_down(booking, token=manage_token(booking))
        notifications.to_staff_offer_answered(booking, accepted=False)
    return booking


def decline(booking, *, by, reason):
    """Coordinators cannot offer the session: the school is told why."""
    with db.atomic():
        _move(booking, "decline", by=by, detail={"note": reason.strip()},
              decline_reason=reason.strip())
        links.revoke_for(MANAGE_LINK, booking)
        notifications.declined(booking)
    return booking


def is_late(booking, day):
    """Cancelling on `day` is late when fewer working days than the setting lie between it and
    the session (a request with no time fixed is never late)."""
    if booking.session_date is None or booking.state != BookingState.CONFIRMED:
        return False
    return (working_days_between(day, booking.session_date)
            < current_app.config["SCHOOL_LATE_CANCEL_WORKING_DAYS"])


def cancel(booking, *, by, reason, by_school, today=None):
    """Call the booking off (the school, or a coordinator), with a reason. A confirmed session
    gives its place in the slot back; a late cancellation is marked and coordinators are told."""
    today = today or london_today()
    was_confirmed = booking.state == BookingState.CONFIRMED
    late = is_late(booking, today)
    with db.atomic():
        held = booking.held_slot_id if was_confirmed else None
        _move(booking, "cancel", by=by, detail={"note": reason.strip(), "late": late,
                                                "by_school": by_school},
              cancel_reason=reason.strip(), cancelled_by_school=by_school, cancelled_late=late)
        if held is not None:
            _free_place(held)
            _waiting().offer_free_places(Slot.get_by_id(held))  # the next school's turn
        links.revoke_for(MANAGE_LINK, booking)
        assignments.session_cancelled(booking, by=by)
        notifications.cancelled(booking, was_confirmed=was_confirmed)
        if by_school or late:
            notifications.to_staff_cancelled(booking)
    return booking


def mark_delivered(booking, *, by, today=None):
    if booking.session_date is not None and booking.session_date > (today or london_today()):
        raise BookingRefused(NOT_YET)
    with db.atomic():
        _move(booking, "deliver", by=by)
        links.revoke_for(MANAGE_LINK, booking)
        notifications.delivered(booking)
    return booking


def ask_for_change(booking, *, by, message):
    """The school asks for something to change (a time, numbers): coordinators are told, and the
    request is in the trail. The booking itself stays as it is until they act."""
    if booking.state in ENDED_STATES:
        raise BookingRefused(CHANGED)
    with db.atomic():
        audit.record(BookingEvent.CHANGE_ASKED, booking, by=by,
                     detail={"note": message.strip()}, visibility=Visibility.SUBJECT)
        notifications.to_staff_change_asked(booking, message=message.strip())
    return booking

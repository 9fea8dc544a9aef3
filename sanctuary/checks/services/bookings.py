"""Residents' bookings of checks, with no account: a place on a slot for an alias, found again
by its reference code alone; cancelled by the checker, released by a coordinator; codes sent
again to an address given at booking; contact details deleted 30 days after the campaign closes.

A slot never holds more checkers than its places: the slot's row is locked first on PostgreSQL
(SQLite takes its write lock when the transaction begins), then its places are counted."""
import datetime

from flask_babel import lazy_gettext as _l, lazy_ngettext as _ln
from peewee import IntegrityError, fn

from ...core import audit
from ...core.db import db, is_postgres, utcnow
from ...core.jobs import RetentionRule
from ...core.references import CodeTypo, InvalidCode, new_code, parse_code
from .. import notifications
from ..models import (
    Campaign,
    CampaignState,
    CheckBooking,
    CheckBookingEvent,
    CheckBookingState,
    CheckSlot,
)

FULL = _l("Someone has just taken the last place on that check: choose another.")
GONE = _l("That check is no longer offered: choose another.")
NOT_OPEN = _l("The campaign is not taking bookings now.")
CANNOT_CANCEL = _l("A check that is reported or cancelled cannot be cancelled.")
CONTACT_KEPT_DAYS = 30


class BookingRefused(Exception):
    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message, self.field = message, field


def _locked_slot(slot_id):
    query = CheckSlot.select().where(CheckSlot.id == slot_id)
    return (query.for_update() if is_postgres() else query).first()


def held(slot):
    return (CheckBooking.select().where((CheckBooking.slot == slot)
                                        & (CheckBooking.state != CheckBookingState.CANCELLED))
            .count())


def _fresh_reference():
    code = new_code()
    while CheckBooking.select().where(CheckBooking.reference == code).exists():
        code = new_code()
    return code


def booked_with_key(form_key):
    """The booking the form with this key made, if it made one."""
    return CheckBooking.get_or_none(CheckBooking.form_key == form_key) if form_key else None


def book(campaign, *, slot_id, alias, email, language, form_key, today):
    """A place on the slot for `alias`, or BookingRefused (the slot full, withdrawn, past, or
    not the campaign's; the campaign no longer open). The same form sent twice (`form_key`)
    gives back the first booking. An email with the reference goes only to an address given."""
    existing = booked_with_key(form_key)
    if existing is not None:
        return existing
    try:
        with db.atomic():
            slot = _locked_slot(slot_id)
            fresh = Campaign.get_by_id(campaign.id)
            if fresh.state != CampaignState.OPEN:
                raise BookingRefused(NOT_OPEN)
            if (slot is None or slot.campaign_id != campaign.id or slot.withdrawn_at is not None
                    or slot.last_day < today):
                raise BookingRefused(GONE, "slot")
            if held(slot) >= slot.capacity:
                raise BookingRefused(FULL, "slot")
            booking = CheckBooking.create(
                slot=slot, alias=alias, email=email or None, language=language,
                form_key=form_key or None, briefing_read=True, reference=_fresh_reference())
            audit.record(CheckBookingEvent.BOOKED, booking, by=None)
            if booking.email:
                notifications.booked(booking)
    except IntegrityError:  # the same form at the same moment: the first one stands
        existing = CheckBooking.get_or_none(CheckBooking.form_key == form_key)
        if existing is None:
            raise
        return existing
    return booking


def find(typed):
    """(booking, problem) for a reference someone typed: problem is "typo" when the code fails
    its check character, "not found" for anything else that is not a booking we hold."""
    try:
        reference = parse_code(typed or "")
    except CodeTypo:
        return None, "typo"
    except InvalidCode:
        return None, "not found"
    booking = CheckBooking.get_or_none(CheckBooking.reference == reference)
    return (booking, None) if booking is not None else (None, "not found")


def _cancel(booking, event, *, by):
    with db.atomic():
        changed = (CheckBooking.update(state=CheckBookingState.CANCELLED, cancelled_at=utcnow())
                   .where((CheckBooking.id == booking.id)
                          & (CheckBooking.state == CheckBookingState.BOOKED)).execute())
        if not changed:
            raise BookingRefused(CANNOT_CANCEL)
        audit.record(event, booking, by=by)
    booking.state = CheckBookingState.CANCELLED
    return booking


def cancel(booking):
    """The checker gives up their place: it is free again."""
    return _cancel(booking, CheckBookingEvent.CANCELLED, by=None)


def release(booking, *, by):
    """A coordinator frees the place of a checker who lost their code (or told them they
    cannot go)."""
    return _cancel(booking, CheckBookingEvent.RELEASED, by=by)


def send_references_again(email):
    """Email the references of the bookings made with this address (of campaigns not closed),
    if there are any. Says nothing either way: the page answers the same."""
    address = (email or "").strip()
    if not address:
        return
    bookings = list(CheckBooking.select(CheckBooking, CheckSlot, Campaign)
                    .join(CheckSlot).join(Campaign)
                    .where((fn.LOWER(CheckBooking.email) == address.lower())
                           & (Campaign.state != CampaignState.CLOSED)
                           & (CheckBooking.state != CheckBookingState.CANCELLED))
                    .order_by(CheckBooking.id))
    if bookings:
        with db.atomic():
            notifications.references_again(bookings[0].email, bookings)


def _forget_contact(cutoff):
    """Delete the email addresses of bookings whose campaign closed before `cutoff` (30 days
    ago)."""
    closed = (Campaign.select(Campaign.id)
              .where((Campaign.state == CampaignState.CLOSED) & (Campaign.closed_at <= cutoff)))
    slots = CheckSlot.select(CheckSlot.id).where(CheckSlot.campaign.in_(closed))
    return (CheckBooking.update(email=None)
            .where(CheckBooking.email.is_null(False) & CheckBooking.slot.in_(slots)).execute())


def retention_rules_for(app):
    """The checks' retention rule (core.jobs): checkers' optional email addresses."""
    return [RetentionRule(
        "Checkers' email addresses", datetime.timedelta(days=CONTACT_KEPT_DAYS), _forget_contact,
        _ln("The email address a checker chose to give when booking a check: deleted %(num)d "
            "day after the campaign closes. What they found stays, under their alias only.",
            "The email address a checker chose to give when booking a check: deleted %(num)d "
            "days after the campaign closes. What they found stays, under their alias only.",
            CONTACT_KEPT_DAYS))]

"""Reads for a campaign's slots page and its CSV file."""
from dataclasses import dataclass

from ..models import CheckBooking, CheckBookingState, CheckReport, CheckSlot, Service


def campaign_slots(campaign, *, only=None):
    """The campaign's slots by date (then service name), or `only` that one, each with its
    `service`, `holders` (the aliases of the checkers holding places, in booking order),
    `reported` (how many of them reported), `free` places, and each booking's `accepted` (its
    report accepted by a coordinator): three queries."""
    condition = CheckSlot.campaign == campaign
    if only is not None:
        condition &= CheckSlot.id == only.id
    slots = list(CheckSlot.select(CheckSlot, Service).join(Service).where(condition)
                 .order_by(CheckSlot.first_day, Service.name, CheckSlot.id))
    bookings = (CheckBooking.select(CheckBooking.id, CheckBooking.slot, CheckBooking.alias,
                                    CheckBooking.state)
                .where(CheckBooking.slot.in_([slot.id for slot in slots])
                       & (CheckBooking.state != CheckBookingState.CANCELLED))
                .order_by(CheckBooking.created_at, CheckBooking.id))
    accepted = {booking_id for booking_id, in CheckReport.select(CheckReport.booking).where(
        CheckReport.booking.in_(bookings.select(CheckBooking.id))
        & CheckReport.reviewed_at.is_null(False)).tuples()}
    holders = {}
    for booking in bookings:
        booking.accepted = booking.id in accepted
        holders.setdefault(booking.slot_id, []).append(booking)
    for slot in slots:
        held = holders.get(slot.id, [])
        slot.held = held  # the bookings, for links to each
        slot.holders = [booking.alias for booking in held]
        slot.reported = sum(1 for booking in held if booking.state == CheckBookingState.REPORTED)
        slot.free = 0 if slot.withdrawn_at else max(slot.capacity - len(held), 0)
    return slots


@dataclass(frozen=True)
class Progress:
    places: int  # on slots not withdrawn
    held: int
    reported: int

    @property
    def free(self):
        return max(self.places - self.held, 0)


def progress(slots):
    """Totals over `slots` as campaign_slots gives them (withdrawn slots count for nothing)."""
    live = [slot for slot in slots if slot.withdrawn_at is None]
    return Progress(places=sum(slot.capacity for slot in live),
                    held=sum(len(slot.holders) for slot in live),
                    reported=sum(slot.reported for slot in slots))


def bookable_slots(campaign, today):
    """The campaign's slots a checker may still book: not withdrawn, not past, with a free
    place (as campaign_slots gives them)."""
    return [slot for slot in campaign_slots(campaign)
            if slot.withdrawn_at is None and slot.last_day >= today and slot.free > 0]


def services_to_choose():
    """Services in use, by kind then name, for the form that opens slots."""
    return list(Service.select().where(Service.retired_at.is_null())
                .order_by(Service.kind, Service.name, Service.id))

"""School sessions' writes: what coordinators publish, and each booking's life."""
from .availability import SlotRefused, block_days, publish_slot, unblock, update_slot, withdraw_slot
from .bookings import (
    BookingRefused,
    accept_offer,
    ask_for_change,
    booking_by_token,
    cancel,
    confirm,
    decline,
    decline_offer,
    forget_removed_member,
    is_late,
    manage_token,
    mark_delivered,
    offer_alternative,
    reminded_if_soon,
    reminders_for,
    request_booking,
)
from .feedback import give_feedback, speaker_feedback
from .terms import TermRefused, add_term, remove_term
from .waiting import (
    accept_place,
    decline_place,
    expire_offers,
    frequent_jobs_for,
    join,
    leave,
    offer_free_places,
)

__all__ = [
    "BookingRefused", "SlotRefused", "TermRefused", "accept_offer", "accept_place", "add_term",
    "ask_for_change", "block_days", "booking_by_token", "cancel", "confirm", "decline",
    "decline_offer", "decline_place", "expire_offers", "forget_removed_member",
    "frequent_jobs_for", "give_feedback", "is_late", "join", "leave", "manage_token",
    "mark_delivered", "offer_alternative", "offer_free_places", "publish_slot", "reminded_if_soon",
    "reminders_for", "remove_term", "request_booking", "speaker_feedback", "unblock",
    "update_slot", "withdraw_slot",
]

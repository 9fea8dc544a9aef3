"""School sessions' writes: what coordinators publish, each booking's life, and speakers'
part in sessions."""
from .assignments import (
    AssignmentRefused,
    accept,
    assignment_by_token,
    call_off,
    decline as decline_invitation,
    invite,
    remove_speaker,
    speaker_reminders_for,
    speaker_token,
    withdraw,
)
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
    is_late,
    manage_token,
    mark_delivered,
    offer_alternative,
    reminded_if_soon,
    request_booking,
)
from .feedback import give_feedback, speaker_feedback
from .school_jobs import forget_removed_member, reminders_for
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
    "AssignmentRefused", "BookingRefused", "SlotRefused", "TermRefused", "accept", "accept_offer",
    "accept_place", "add_term", "ask_for_change", "assignment_by_token", "block_days",
    "booking_by_token", "call_off", "cancel", "confirm", "decline", "decline_invitation",
    "decline_offer", "decline_place", "expire_offers", "forget_removed_member",
    "frequent_jobs_for", "give_feedback", "invite", "is_late", "join", "leave", "manage_token",
    "mark_delivered", "offer_alternative", "offer_free_places", "publish_slot", "reminded_if_soon",
    "reminders_for", "remove_speaker", "remove_term", "request_booking", "speaker_feedback",
    "speaker_reminders_for", "speaker_token", "unblock", "update_slot", "withdraw",
    "withdraw_slot",
]

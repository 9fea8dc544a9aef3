"""School sessions' tables, one module per topic: slots, closed days and bookings; speakers and
their part in sessions; waiting lists; feedback and terms. Import them from here."""
from .bookings import (
    BOOKING_TRANSITIONS,
    DURATIONS,
    ENDED_STATES,
    FORMAT_GUIDE,
    MANAGE_LINK,
    OPEN_STATES,
    BlockedPeriod,
    BlockKind,
    Booking,
    BookingEvent,
    BookingState,
    Delivery,
    KeyStage,
    SessionFormat,
    Slot,
    local_datetime,
)
from .feedback import (
    BookAgain,
    FeedbackEvent,
    HowItWent,
    SessionFeedback,
    Term,
    can_give_feedback,
    feedback_is_open,
)
from .speakers import COMING_STATES, SPEAKER_LINK, AssignmentState, Speaker, SpeakerAssignment
from .waiting import QUEUED_STATES, WaitingEntry, WaitingEvent, WaitingState

__all__ = [
    "BOOKING_TRANSITIONS", "COMING_STATES", "DURATIONS", "ENDED_STATES", "FORMAT_GUIDE",
    "MANAGE_LINK", "OPEN_STATES", "QUEUED_STATES", "SPEAKER_LINK", "AssignmentState", "BlockKind",
    "BlockedPeriod", "BookAgain", "Booking", "BookingEvent", "BookingState", "Delivery",
    "FeedbackEvent", "HowItWent", "KeyStage", "SessionFeedback", "SessionFormat", "Slot",
    "Speaker", "SpeakerAssignment", "Term", "WaitingEntry", "WaitingEvent", "WaitingState",
    "can_give_feedback", "feedback_is_open", "local_datetime",
]

"""After a session: the school's feedback, the sessions whose school is to be asked for it, and
the speakers who asked to hear what schools say."""
import datetime

from peewee import JOIN

from ..awards.models import Organisation
from .models import (
    AssignmentState,
    Booking,
    BookingState,
    SessionFeedback,
    Speaker,
    SpeakerAssignment,
)

# A school is asked the day after its session; a run missed for longer than this (or sessions
# from before the feature existed) asks nobody: a request weeks late reads as noise.
ASK_WITHIN = datetime.timedelta(days=14)


def open_for_feedback(today):
    """The condition of models.feedback_is_open, for a query."""
    return ((Booking.state == BookingState.DELIVERED)
            | ((Booking.state == BookingState.CONFIRMED) & (Booking.session_date < today)))


def feedback_of(booking):
    """The school's feedback on this session, if it gave any."""
    return SessionFeedback.get_or_none(SessionFeedback.booking == booking.id)


def due_for_feedback_request(today):
    """Sessions held (confirmed or delivered) since yesterday and up to ASK_WITHIN ago whose
    school has neither been asked for feedback nor given it yet."""
    return list(Booking.select(Booking, Organisation).join(Organisation)
                .switch(Booking)
                .join(SessionFeedback, JOIN.LEFT_OUTER,
                      on=(SessionFeedback.booking == Booking.id))
                .where(Booking.state.in_([BookingState.CONFIRMED, BookingState.DELIVERED])
                       & Booking.feedback_asked_at.is_null() & SessionFeedback.id.is_null()
                       & (Booking.session_date < today)
                       & (Booking.session_date >= today - ASK_WITHIN)))


def speakers_wanting_feedback(booking):
    """The speakers who accepted this session and asked for schools' comments, and may still be
    written to (consent recorded and not withdrawn, not removed, an email address kept)."""
    return list(Speaker.select().join(SpeakerAssignment)
                .where((SpeakerAssignment.booking == booking.id)
                       & (SpeakerAssignment.state == AssignmentState.ACCEPTED)
                       & Speaker.wants_feedback & Speaker.consent_at.is_null(False)
                       & Speaker.consent_withdrawn_at.is_null() & Speaker.removed_at.is_null()
                       & (Speaker.email != ""))
                .order_by(Speaker.id))

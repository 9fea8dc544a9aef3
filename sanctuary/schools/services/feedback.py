"""After a session: asking the school how it went (the day after), keeping its answer (one per
session, changed in place), and passing its comments on to the speakers who asked for them."""
from peewee import IntegrityError

from ...core import audit
from ...core.audit import Visibility
from ...core.db import db, utcnow
from ...core.jobs import Reminder
from .. import notifications
from ..models import Booking, FeedbackEvent, SessionFeedback
from ..queries_feedback import due_for_feedback_request, feedback_of, speakers_wanting_feedback


def give_feedback(booking, *, by, how_it_went, reached, book_again, for_speaker="",
                  comments=""):
    """Keep the school's feedback: the first time it is created, later it is changed in place.
    Sending the same form twice changes nothing the second time, and the speakers' comments go
    to them only when that text is new."""
    values = {"how_it_went": how_it_went, "reached": reached, "book_again": book_again,
              "for_speaker": for_speaker.strip(), "comments": comments.strip()}
    with db.atomic():
        if feedback_of(booking) is None and _created(booking, values, by):
            audit.record(FeedbackEvent.GIVEN, booking, by=by, visibility=Visibility.SUBJECT)
            if values["for_speaker"]:
                _pass_on(booking, values["for_speaker"])
            return feedback_of(booking)
        # Conditional UPDATEs: of two identical submissions the second finds nothing to change,
        # and the speakers' text is compared on its own, so it is passed on once.
        text = values.pop("for_speaker")
        new_text = (SessionFeedback.update(for_speaker=text)
                    .where((SessionFeedback.booking == booking.id)
                           & (SessionFeedback.for_speaker != text)).execute())
        differs = None
        for name, value in values.items():
            column = getattr(SessionFeedback, name)
            differs = column != value if differs is None else differs | (column != value)
        changed = (SessionFeedback.update(**values)
                   .where((SessionFeedback.booking == booking.id) & differs).execute())
        if new_text or changed:
            SessionFeedback.update(given_by=by, updated_at=utcnow()).where(
                SessionFeedback.booking == booking.id).execute()
            audit.record(FeedbackEvent.CHANGED, booking, by=by, visibility=Visibility.SUBJECT)
        if new_text and text:
            _pass_on(booking, text)
    return feedback_of(booking)


def _created(booking, values, by):
    try:
        with db.atomic():  # a savepoint: the same form sent at once may have created it first
            SessionFeedback.create(booking=booking, given_by=by, **values)
        return True
    except IntegrityError:
        return False


def speaker_feedback(booking):
    """[(speaker, the school's comments for them)] for each speaker who accepted the session and
    asked to hear from schools; empty when the school wrote nothing for them."""
    feedback = feedback_of(booking)
    if feedback is None or not feedback.for_speaker:
        return []
    return [(speaker, feedback.for_speaker) for speaker in speakers_wanting_feedback(booking)]


def _pass_on(booking, text):
    for speaker in speakers_wanting_feedback(booking):
        notifications.feedback_for_speaker(speaker, booking, text)


def _ask(booking):
    notifications.feedback_asked(booking)


FEEDBACK_ASKED = Reminder("School asked for feedback", due=due_for_feedback_request,
                          claim=(Booking.feedback_asked_at,), send=_ask)

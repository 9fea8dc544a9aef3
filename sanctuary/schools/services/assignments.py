"""A STAND-IN, to be replaced by the "speakers" branch's version on merge: speakers invited to
confirmed sessions, with no links, no emails and no rules about being in two places. It exists
only so the roster's pages can be used and tested end to end meanwhile."""
from flask_babel import lazy_gettext as _l

from ...core.db import db, utcnow
from ..models import AssignmentState, Booking, BookingState, Speaker, SpeakerAssignment

ACTIVE = (AssignmentState.INVITED, AssignmentState.ACCEPTED)


class AssignmentRefused(Exception):
    """The speaker cannot be invited (or the invitation moved) like that; `message` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


CHANGED = _l("This invitation changed while you were looking at it. Here it is as it is now.")


def invite(booking, speaker, *, by):
    if booking.state != BookingState.CONFIRMED or not speaker.has_consent:
        raise AssignmentRefused(CHANGED)
    with db.atomic():
        existing = SpeakerAssignment.get_or_none((SpeakerAssignment.booking == booking)
                                                 & (SpeakerAssignment.speaker == speaker))
        if existing is not None and existing.state in ACTIVE:
            return existing
        time = {"day": booking.session_date, "starts": booking.start, "ends": booking.end,
                "state": AssignmentState.INVITED, "invited_by": by, "invited_at": utcnow(),
                "answered_at": None}
        if existing is not None:
            SpeakerAssignment.update(**time).where(SpeakerAssignment.id == existing.id).execute()
            return SpeakerAssignment.get_by_id(existing.id)
        return SpeakerAssignment.create(booking=booking, speaker=speaker, **time)


def _move(assignment, from_states, to_state):
    moved = (SpeakerAssignment.update(state=to_state, answered_at=utcnow())
             .where((SpeakerAssignment.id == assignment.id)
                    & SpeakerAssignment.state.in_(list(from_states))).execute())
    if moved != 1:
        raise AssignmentRefused(CHANGED)
    return SpeakerAssignment.get_by_id(assignment.id)


def accept(assignment, *, by=None):
    return _move(assignment, (AssignmentState.INVITED,), AssignmentState.ACCEPTED)


def call_off(assignment, *, by):
    return _move(assignment, ACTIVE, AssignmentState.CANCELLED)


def remove_speaker(speaker, *, by=None):
    """They asked to go: their contact details and notes are emptied, invitations called off."""
    with db.atomic():
        (SpeakerAssignment.update(state=AssignmentState.CANCELLED)
         .where((SpeakerAssignment.speaker == speaker)
                & SpeakerAssignment.state.in_(list(ACTIVE))
                & SpeakerAssignment.booking.in_(Booking.select(Booking.id).where(
                    Booking.state == BookingState.CONFIRMED))).execute())
        Speaker.update(email="", phone="", notes="", topics="", removed_at=utcnow()).where(
            Speaker.id == speaker.id).execute()
    return Speaker.get_by_id(speaker.id)

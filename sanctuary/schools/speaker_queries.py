"""A STAND-IN, to be replaced by the "speakers" branch's version on merge: the reads about
speakers in sessions that the roster's pages use."""
from .models import AssignmentState, Speaker, SpeakerAssignment


def assignments_of(booking):
    """Every speaker invited to the booking, with their state, first invited first."""
    return list(SpeakerAssignment.select(SpeakerAssignment, Speaker).join(Speaker)
                .where(SpeakerAssignment.booking == booking)
                .order_by(SpeakerAssignment.invited_at, SpeakerAssignment.id))


def coming_speakers(booking):
    """The speakers who said yes."""
    return [assignment.speaker for assignment in assignments_of(booking)
            if assignment.state == AssignmentState.ACCEPTED]


def clashes_for(speaker, booking):
    """The speaker's other accepted sessions that overlap this one."""
    if booking.session_date is None:
        return []
    return list(SpeakerAssignment.select().where(
        (SpeakerAssignment.speaker == speaker) & (SpeakerAssignment.booking != booking)
        & (SpeakerAssignment.state == AssignmentState.ACCEPTED)
        & (SpeakerAssignment.starts < booking.end) & (SpeakerAssignment.ends > booking.start)))

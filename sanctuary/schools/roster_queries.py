"""Named reads for the coordinators' register of speakers: the list and its filters, a speaker's
sessions, who may be invited to a session, and the sessions still without a speaker."""
import datetime

from flask_babel import lazy_gettext as _l
from peewee import fn

from ..awards.models import Organisation
from ..core import audit
from ..core.audit import Visibility
from ..core.labels import Labelled
from ..core.permissions import LARGEST_ID
from .models import AssignmentState, Booking, BookingState, Speaker, SpeakerAssignment
from .speaker_queries import clashes_for, coming_speakers

ACTIVE_STATES = (AssignmentState.INVITED, AssignmentState.ACCEPTED)
UNSTAFFED_DAYS = 14  # the dashboard counts confirmed sessions this close with no speaker yet


class ConsentState(Labelled):
    GIVEN = "given", _l("Consent given")
    NOT_RECORDED = "none", _l("No consent recorded")
    WITHDRAWN = "withdrawn", _l("Consent withdrawn")
    REMOVED = "removed", _l("Details removed")


def consent_state(speaker):
    if speaker.removed_at is not None:
        return ConsentState.REMOVED
    if speaker.consent_withdrawn_at is not None:
        return ConsentState.WITHDRAWN
    return ConsentState.GIVEN if speaker.consent_at is not None else ConsentState.NOT_RECORDED


_CONSENT_WHERE = {
    ConsentState.GIVEN: (Speaker.consent_at.is_null(False) & Speaker.consent_withdrawn_at.is_null()
                         & Speaker.removed_at.is_null()),
    ConsentState.NOT_RECORDED: Speaker.consent_at.is_null() & Speaker.removed_at.is_null(),
    ConsentState.WITHDRAWN: (Speaker.consent_withdrawn_at.is_null(False)
                             & Speaker.removed_at.is_null()),
    ConsentState.REMOVED: Speaker.removed_at.is_null(False),
}


def speakers(*, today, format=None, consent=None):
    """[(speaker, upcoming accepted sessions)], by name, filtered by a format they give and a
    consent state; two queries however many speakers."""
    query = Speaker.select().order_by(fn.LOWER(Speaker.name), Speaker.id)
    if consent:
        query = query.where(_CONSENT_WHERE[ConsentState(consent)])
    rows = [speaker for speaker in query if not format or format in speaker.formats]
    coming = dict(SpeakerAssignment
                  .select(SpeakerAssignment.speaker, fn.COUNT(SpeakerAssignment.id))
                  .where((SpeakerAssignment.state == AssignmentState.ACCEPTED)
                         & (SpeakerAssignment.day >= today))
                  .group_by(SpeakerAssignment.speaker).tuples())
    return [(speaker, coming.get(speaker.id, 0)) for speaker in rows]


def sessions_of(speaker):
    """The speaker's part in sessions, newest first, with each booking and its school."""
    return list(SpeakerAssignment.select(SpeakerAssignment, Booking, Organisation)
                .join(Booking).join(Organisation)
                .where(SpeakerAssignment.speaker == speaker)
                .order_by(SpeakerAssignment.day.desc(), SpeakerAssignment.starts.desc()))


def trail_of(speaker):
    return audit.read(speaker, audience=Visibility.STAFF)


def invitable_for(booking):
    """[(speaker, usually free that weekday, clashes)] who may be invited to the confirmed
    `booking`: consent given, giving its format, not already invited or coming. Those usually
    free on the session's weekday come first, then by name."""
    if booking.state != BookingState.CONFIRMED or booking.session_date is None:
        return []
    taken = SpeakerAssignment.select(SpeakerAssignment.speaker).where(
        (SpeakerAssignment.booking == booking)
        & SpeakerAssignment.state.in_(list(ACTIVE_STATES)))
    query = (Speaker.select().where(_CONSENT_WHERE[ConsentState.GIVEN]
                                    & Speaker.id.not_in(taken))
             .order_by(fn.LOWER(Speaker.name), Speaker.id))
    weekday = booking.session_date.weekday()
    found = [(speaker, weekday in speaker.usual_days) for speaker in query
             if booking.format in speaker.formats]
    found.sort(key=lambda pair: not pair[1])  # stable: by name within each group
    return [(speaker, usual, clashes_for(speaker, booking)) for speaker, usual in found]


def is_invited(booking, speaker_id):
    """Whether the speaker with this id (as a form sent it) is invited to or coming to the
    booking."""
    if not (speaker_id or "").isdecimal() or not 0 < int(speaker_id) <= LARGEST_ID:
        return False
    return SpeakerAssignment.select().where(
        (SpeakerAssignment.booking == booking) & (SpeakerAssignment.speaker == int(speaker_id))
        & SpeakerAssignment.state.in_(list(ACTIVE_STATES))).exists()


def sessions_without_speaker(today):
    """How many confirmed sessions from today to UNSTAFFED_DAYS ahead have no speaker who said
    yes."""
    coming = SpeakerAssignment.select(SpeakerAssignment.booking).where(
        SpeakerAssignment.state == AssignmentState.ACCEPTED)
    return (Booking.select().where(
        (Booking.state == BookingState.CONFIRMED) & (Booking.session_date >= today)
        & (Booking.session_date <= today + datetime.timedelta(days=UNSTAFFED_DAYS))
        & Booking.id.not_in(coming)).count())


def names_for_school(booking):
    """The chosen names of the speakers coming to a confirmed (or delivered) session: all that
    its school ever sees of them."""
    if booking.state not in (BookingState.CONFIRMED, BookingState.DELIVERED):
        return []
    return [speaker.name for speaker in coming_speakers(booking)]

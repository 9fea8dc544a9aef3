"""School sessions' speakers: named reads (who is invited to or coming to a session, a speaker's
sessions, what would stop a speaker coming) and the rows speakers' reminders are due for."""
import datetime

from flask import current_app

from ..awards.models import Organisation
from .models import COMING_STATES, Booking, BookingState, Speaker, SpeakerAssignment

# A speaker coming to a session is reminded this many days before it.
SPEAKER_REMINDER_DAYS = 2


def assignments_of(booking):
    """Every speaker invited to this session, with the speaker, by name."""
    return list(SpeakerAssignment.select(SpeakerAssignment, Speaker).join(Speaker)
                .where(SpeakerAssignment.booking == booking)
                .order_by(Speaker.name, SpeakerAssignment.id))


def coming_speakers(booking):
    """The speakers who accepted, by name: all a school sees of them is `name`."""
    return list(Speaker.select().join(SpeakerAssignment)
                .where((SpeakerAssignment.booking == booking)
                       & SpeakerAssignment.state.in_(list(COMING_STATES)))
                .order_by(Speaker.name, Speaker.id))


def speaker_assignments(speaker):
    """A speaker's sessions, with their bookings and schools, the latest first."""
    return list(SpeakerAssignment.select(SpeakerAssignment, Booking, Organisation)
                .join(Booking).join(Organisation)
                .where(SpeakerAssignment.speaker == speaker)
                .order_by(SpeakerAssignment.starts.desc(), SpeakerAssignment.id.desc()))


def travel_gap():
    return datetime.timedelta(minutes=current_app.config["SCHOOL_SPEAKER_TRAVEL_MINUTES"])


def too_close(speaker, starts, ends, *, besides=None):
    """The sessions the speaker is coming to that leave no time to travel to or from one at
    `starts`-`ends`: A and B clash when A starts before B ends plus the gap, and B before A."""
    gap = travel_gap()
    query = (SpeakerAssignment.select()
             .where((SpeakerAssignment.speaker == speaker)
                    & SpeakerAssignment.state.in_(list(COMING_STATES))
                    & (SpeakerAssignment.starts < ends + gap)
                    & (SpeakerAssignment.ends > starts - gap))
             .order_by(SpeakerAssignment.starts, SpeakerAssignment.id))
    if besides is not None:
        query = query.where(SpeakerAssignment.id != besides)
    return list(query)


def coming_on(speaker, day, *, besides=None):
    """The sessions the speaker is coming to on `day`, by time."""
    query = (SpeakerAssignment.select()
             .where((SpeakerAssignment.speaker == speaker) & (SpeakerAssignment.day == day)
                    & SpeakerAssignment.state.in_(list(COMING_STATES)))
             .order_by(SpeakerAssignment.starts, SpeakerAssignment.id))
    if besides is not None:
        query = query.where(SpeakerAssignment.id != besides)
    return list(query)


def clashes_for(speaker, booking):
    """What would stop the speaker coming to this confirmed session, for a warning before
    inviting them: the sessions they are coming to too close to it, or, when that day is already
    full (SCHOOL_SPEAKER_DAILY_LIMIT), every session of theirs that day. Each with its booking
    and school; empty when nothing stops them (or the session has no time)."""
    if booking.start is None:
        return []
    besides = (SpeakerAssignment.select(SpeakerAssignment.id)
               .where((SpeakerAssignment.booking == booking)
                      & (SpeakerAssignment.speaker == speaker)).scalar())
    clashes = too_close(speaker, booking.start, booking.end, besides=besides)
    that_day = coming_on(speaker, booking.session_date, besides=besides)
    if len(that_day) >= current_app.config["SCHOOL_SPEAKER_DAILY_LIMIT"]:
        clashes = that_day
    ids = [assignment.id for assignment in clashes]
    return list(SpeakerAssignment.select(SpeakerAssignment, Booking, Organisation)
                .join(Booking).join(Organisation)
                .where(SpeakerAssignment.id.in_(ids))
                .order_by(SpeakerAssignment.starts, SpeakerAssignment.id)) if ids else []


# ---------------------------------------------------------------------------- reminders


def speakers_due_for_reminder(today):
    """Speakers coming to a confirmed session in the next two days who have not been reminded
    (a speaker who accepted closer to the session than that was claimed then)."""
    return list(SpeakerAssignment.select(SpeakerAssignment, Speaker, Booking)
                .join(Speaker).switch(SpeakerAssignment).join(Booking)
                .where(SpeakerAssignment.state.in_(list(COMING_STATES))
                       & SpeakerAssignment.reminded_at.is_null()
                       & (Booking.state == BookingState.CONFIRMED)
                       & Speaker.removed_at.is_null() & (Speaker.email != "")
                       & (SpeakerAssignment.day > today)
                       & (SpeakerAssignment.day <= today + datetime.timedelta(
                           days=SPEAKER_REMINDER_DAYS))))


def without_speaker(today):
    """Confirmed sessions within SCHOOL_SPEAKER_DEADLINE_DAYS that no speaker has accepted, and
    whose coordinators have not been told yet."""
    deadline = today + datetime.timedelta(days=current_app.config["SCHOOL_SPEAKER_DEADLINE_DAYS"])
    coming = (SpeakerAssignment.select(SpeakerAssignment.booking)
              .where(SpeakerAssignment.state.in_(list(COMING_STATES))))
    return list(Booking.select(Booking, Organisation).join(Organisation)
                .where((Booking.state == BookingState.CONFIRMED)
                       & Booking.speaker_alerted_at.is_null()
                       & (Booking.session_date >= today) & (Booking.session_date <= deadline)
                       & Booking.id.not_in(coming)))

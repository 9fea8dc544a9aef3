"""Speakers' part in sessions: invited to a confirmed session, they accept or decline (on their
link's page, or by phone to a coordinator), may change their mind, and may be called off; a
cancelled session calls off everyone. A speaker may ask to be removed altogether.

No speaker in two places: accepting checks the speaker's other accepted sessions (none too
close to travel between, SCHOOL_SPEAKER_TRAVEL_MINUTES; no more than SCHOOL_SPEAKER_DAILY_LIMIT
a day) and moves the state in one transaction that first locks the speaker's row. On PostgreSQL
that is `SELECT ... FOR UPDATE`: a second acceptance for the same speaker, into any session,
waits for the first to commit and then sees it. On SQLite every transaction takes the write lock
when it begins (core.db), so acceptances queue. Either way two sessions that clash are never
both accepted. Whoever locks several speakers locks them in id order."""
import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l, lazy_ngettext as _ln
from peewee import IntegrityError

from ...core import audit, links
from ...core.audit import Visibility
from ...core.clock import LONDON, london_now
from ...core.db import db, is_postgres, utcnow
from ...core.jobs import Reminder
from ...core.labels import Labelled
from ...core.outbox import forget_recipient
from ...core.states import TransitionRefused, Transitions
from ...core.templating import clock_time
from .. import speaker_notifications as notify
from ..models import (
    SPEAKER_LINK,
    AssignmentState,
    Booking,
    BookingState,
    Speaker,
    SpeakerAssignment,
)
from ..speaker_queries import (
    SPEAKER_REMINDER_DAYS,
    coming_on,
    speakers_due_for_reminder,
    too_close,
    without_speaker,
)

OPEN = (AssignmentState.INVITED, AssignmentState.ACCEPTED)  # still waiting, or coming

ASSIGNMENT_TRANSITIONS = Transitions(
    SpeakerAssignment.state, AssignmentState,
    accept=(AssignmentState.INVITED, AssignmentState.ACCEPTED),
    decline=(AssignmentState.INVITED, AssignmentState.DECLINED),
    withdraw=(AssignmentState.ACCEPTED, AssignmentState.WITHDRAWN),
    # Coordinators withdraw the invitation or take the speaker off; or the session is cancelled.
    call_off=(OPEN, AssignmentState.CANCELLED),
    # Invited again after saying no, changing their mind, or being called off: the same row.
    reinvite=((AssignmentState.DECLINED, AssignmentState.WITHDRAWN, AssignmentState.CANCELLED),
              AssignmentState.INVITED),
)


@audit.event_kinds
class SpeakerEvent(Labelled):
    REMOVED = "speaker.removed", _l("The speaker asked to be removed: their details are deleted")


class AssignmentRefused(Exception):
    """The speaker cannot be invited, or cannot move like that now; `message` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


NOT_CONFIRMED = _l("Speakers are invited only to a confirmed session with a date and time.")
NO_CONSENT = _l("This speaker has not agreed to be contacted about sessions (or has withdrawn "
                "their agreement): record their consent first.")
CHANGED = _l("This invitation changed meanwhile. Here it is as it is now.")
SESSION_OVER = _l("This session is no longer going ahead, or has already started.")


def _lifetime(booking):
    """A speaker's link works until a day after the session ends (London time)."""
    ends = booking.end.replace(tzinfo=LONDON).astimezone(datetime.UTC).replace(tzinfo=None)
    return max(ends + datetime.timedelta(days=1) - utcnow(), datetime.timedelta(hours=1))


def speaker_token(assignment):
    """The speaker's link for this invitation: the same in every email while it works; a new
    one when it stopped working (a session cancelled and confirmed again cannot, but an
    invitation re-made to an edited address can)."""
    booking, email = assignment.booking, assignment.speaker.email
    token = links.standing(SPEAKER_LINK, subject=assignment, holder_email=email,
                           lifetime=_lifetime(booking))
    if token is None:
        token, _link = links.issue(SPEAKER_LINK, lifetime=_lifetime(booking), holder_email=email,
                                   subject=assignment, single_use=False)
    return token


def assignment_by_token(token, *, using=False):
    """The invitation a speaker's link is about, with its speaker and booking, if the link
    still works. Only acting on it (`using`) marks the link used."""
    link = (links.use if using else links.find)(token, SPEAKER_LINK)
    if link is None:
        return None
    return (SpeakerAssignment.select(SpeakerAssignment, Speaker, Booking)
            .join(Speaker).switch(SpeakerAssignment).join(Booking)
            .where((SpeakerAssignment.id == link.subject_id) & Speaker.removed_at.is_null())
            .first())


def _lock(speaker_id):
    """The speaker's row, locked until the transaction ends (see the module's docstring)."""
    query = Speaker.select().where(Speaker.id == speaker_id)
    return (query.for_update() if is_postgres() else query).get()


def _move(assignment, name, *, by, detail=None, **also):
    try:
        return ASSIGNMENT_TRANSITIONS.move(assignment, name, by=by, detail=detail, also=also)
    except TransitionRefused as refused:
        raise AssignmentRefused(CHANGED) from refused


def invite(booking, speaker, *, by):
    """Invite a speaker who agreed to be contacted to a confirmed session, and email them. A
    speaker invited before who said no, changed their mind or was called off is invited again;
    one still invited or coming stays as they are (a second click sends nothing). A speaker with
    no email address is asked by phone: no email and no link, and coordinators record the yes."""
    if booking.state != BookingState.CONFIRMED or booking.start is None:
        raise AssignmentRefused(NOT_CONFIRMED)
    with db.atomic():
        speaker = _lock(speaker.id)
        if not speaker.has_consent:
            raise AssignmentRefused(NO_CONSENT)
        when = {"day": booking.session_date, "starts": booking.start, "ends": booking.end}
        assignment = SpeakerAssignment.get_or_none((SpeakerAssignment.booking == booking)
                                                   & (SpeakerAssignment.speaker == speaker))
        if assignment is not None and assignment.state in OPEN:
            return assignment
        if assignment is None:
            try:
                with db.atomic():
                    assignment = SpeakerAssignment.create(booking=booking, speaker=speaker,
                                                          invited_by=by, **when)
            except IntegrityError:  # invited at the same moment by someone else
                return SpeakerAssignment.get((SpeakerAssignment.booking == booking)
                                             & (SpeakerAssignment.speaker == speaker))
            ASSIGNMENT_TRANSITIONS.record_start(assignment, by=by)
        else:
            _move(assignment, "reinvite", by=by, invited_by=by, invited_at=utcnow(),
                  answered_at=None, reminded_at=None, **when)
        assignment.speaker, assignment.booking = speaker, booking
        if speaker.email:
            notify.invited(assignment, token=speaker_token(assignment))
    return assignment


def _clash_message(speaker, clash, *, by):
    time = clock_time(clash.starts)
    if by is None:  # the speaker, on their own page
        return _l("You are already coming to a session at %(time)s on that day, too close to "
                  "travel between. Nothing has changed.", time=time)
    return _l("%(name)s is already coming to a session at %(time)s on that day, too close to "
              "travel between.", name=speaker.name, time=time)


def _full_message(speaker, limit, *, by):
    if by is None:
        return _ln("You are already coming to %(num)d session on that day, as many as one "
                   "speaker takes on. Nothing has changed.",
                   "You are already coming to %(num)d sessions on that day, as many as one "
                   "speaker takes on. Nothing has changed.", limit)
    return _ln("%(name)s is already coming to %(num)d session on that day, as many as one "
               "speaker takes on.",
               "%(name)s is already coming to %(num)d sessions on that day, as many as one "
               "speaker takes on.", limit, name=speaker.name)


def accept(assignment, *, by=None):
    """The speaker is coming: from their link's page (`by` None) or told to a coordinator by
    phone (`by` the coordinator). Refused when it would put them in two places."""
    with db.atomic():
        speaker = _lock(assignment.speaker_id)
        given, assignment = assignment, SpeakerAssignment.get_by_id(assignment.id)
        if assignment.state == AssignmentState.ACCEPTED:
            return assignment  # a second click
        booking = Booking.get_by_id(assignment.booking_id)
        if (booking.state != BookingState.CONFIRMED
                or assignment.starts <= london_now().replace(tzinfo=None)):
            raise AssignmentRefused(SESSION_OVER)
        if not speaker.has_consent:
            raise AssignmentRefused(NO_CONSENT if by is not None else CHANGED)
        clashes = too_close(speaker, assignment.starts, assignment.ends, besides=assignment.id)
        if clashes:
            raise AssignmentRefused(_clash_message(speaker, clashes[0], by=by))
        limit = current_app.config["SCHOOL_SPEAKER_DAILY_LIMIT"]
        if len(coming_on(speaker, assignment.day, besides=assignment.id)) >= limit:
            raise AssignmentRefused(_full_message(speaker, limit, by=by))
        now = utcnow()
        soon = (assignment.starts - london_now().replace(tzinfo=None)
                < datetime.timedelta(days=SPEAKER_REMINDER_DAYS))
        # Accepted less than two days before: no reminder to come (the claim is made now).
        _move(assignment, "accept", by=by, answered_at=now, reminded_at=now if soon else None)
        given.__data__.update(assignment.__data__)  # the caller's copy is as it is now
        assignment.speaker, assignment.booking = speaker, booking
        if by is None:
            notify.to_staff(assignment, "accepted")
    return assignment


def decline(assignment, *, by=None):
    """The speaker cannot come (their own answer, or a coordinator recording it)."""
    with db.atomic():
        if assignment.state == AssignmentState.DECLINED:
            return assignment
        _move(assignment, "decline", by=by, answered_at=utcnow())
        if by is None:
            notify.to_staff(assignment, "declined")
    return assignment


def withdraw(assignment, *, by=None):
    """The speaker accepted but can no longer come: coordinators are told."""
    with db.atomic():
        if assignment.state == AssignmentState.WITHDRAWN:
            return assignment
        _move(assignment, "withdraw", by=by, answered_at=utcnow())
        notify.to_staff(assignment, "withdrawn")
    return assignment


def call_off(assignment, *, by):
    """Coordinators withdraw the invitation, or take an accepted speaker off: they are told."""
    with db.atomic():
        if assignment.state == AssignmentState.CANCELLED:
            return assignment
        _move(assignment, "call_off", by=by)
        if assignment.speaker.email:  # else coordinators tell them by phone
            notify.called_off(assignment)
    return assignment


def session_cancelled(booking, *, by):
    """The session is cancelled (services.bookings.cancel, in its transaction): every speaker
    invited or coming is told, and their links stop working."""
    open_ones = (SpeakerAssignment.select(SpeakerAssignment, Speaker).join(Speaker)
                 .where((SpeakerAssignment.booking == booking)
                        & SpeakerAssignment.state.in_(list(OPEN)))
                 .order_by(SpeakerAssignment.id))
    for assignment in open_ones:
        was_coming = assignment.state == AssignmentState.ACCEPTED
        _move(assignment, "call_off", by=by)
        assignment.booking = booking
        links.revoke_for(SPEAKER_LINK, assignment)
        if assignment.speaker.email:
            notify.session_cancelled(assignment, was_coming=was_coming)


def remove_speaker(speaker, *, by=None):
    """The speaker asked to be removed (on their link's page, or to a coordinator): in one
    transaction their contact details, notes and topics are emptied, their consent withdrawn,
    their open invitations called off (coordinators are told), their links stop working and our
    emails to them are emptied. Their name (a first name or an alias) stays, so past sessions'
    history still reads."""
    with db.atomic():
        speaker = _lock(speaker.id)
        if speaker.removed_at is not None:
            return speaker
        email, now = speaker.email, utcnow()
        called_off = []
        for assignment in (SpeakerAssignment.select(SpeakerAssignment, Booking).join(Booking)
                           .where((SpeakerAssignment.speaker == speaker)
                                  & SpeakerAssignment.state.in_(list(OPEN)))
                           .order_by(SpeakerAssignment.starts)):
            _move(assignment, "call_off", by=by)
            called_off.append(assignment.booking)
        for assignment in SpeakerAssignment.select().where(SpeakerAssignment.speaker == speaker):
            links.revoke_for(SPEAKER_LINK, assignment)
        if email:
            # Only speakers' links: the same person may also hold a school's manage link.
            links.revoke_held(email=email, purposes=[SPEAKER_LINK])
            forget_recipient(email)
        (Speaker.update(removed_at=now, email="", phone="", notes="", topics="",
                        consent_withdrawn_at=speaker.consent_withdrawn_at or now)
         .where(Speaker.id == speaker.id).execute())
        audit.record(SpeakerEvent.REMOVED, speaker, by=by, visibility=Visibility.STAFF)
        speaker = Speaker.get_by_id(speaker.id)
        notify.speaker_removed(speaker, called_off)
    return speaker


# ---------------------------------------------------------------------------- reminders


def _remind(assignment):
    if assignment.speaker.email:  # a speaker without one is reminded by phone, as asked
        notify.reminder(assignment, token=speaker_token(assignment))


SPEAKER_COMING_UP = Reminder("Speaker's session coming up", due=speakers_due_for_reminder,
                             claim=(SpeakerAssignment.reminded_at,), send=_remind)
NO_SPEAKER_YET = Reminder("No speaker has accepted", due=without_speaker,
                          claim=(Booking.speaker_alerted_at,), send=notify.no_speaker_yet)


def speaker_reminders_for(app):
    """Speakers' reminders, for core.jobs."""
    return [SPEAKER_COMING_UP, NO_SPEAKER_YET]

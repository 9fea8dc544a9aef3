"""The emails about speakers: to a speaker (in their language, with their invitation's link) when
invited, two days before, and when coordinators call them off or the session is cancelled; to
coordinators when a speaker answers, changes their mind, asks to be removed, or when a session
close by has no speaker yet. A speaker's email never names another speaker, nor the school's
contact; coordinators' emails never carry a speaker's contact details."""
from flask_babel import lazy_gettext as _l

from ..accounts.notifications import to_coordinators
from ..core.outbox import queue_email
from ..core.urls import public_url

SUBJECTS = {
    "invited": _l("Can you speak at a school session?"),
    "reminder": _l("Your school session is coming up"),
    "called_off": _l("A school session you were invited to"),
    "cancelled": _l("Cancelled: the school session you were coming to"),
    "cancelled_invited": _l("Cancelled: a school session you were invited to"),
}

STAFF_SUBJECTS = {
    "accepted": lambda name, r: _l("%(name)s is coming to school session %(reference)s",
                                   name=name, reference=r),
    "declined": lambda name, r: _l("%(name)s cannot come to school session %(reference)s",
                                   name=name, reference=r),
    "withdrawn": lambda name, r: _l("%(name)s can no longer come to school session "
                                    "%(reference)s", name=name, reference=r),
    "no_speaker": lambda name, r: _l("No speaker yet for school session %(reference)s",
                                     reference=r),
}


def _to_speaker(assignment, kind, *, token=None):
    speaker, booking = assignment.speaker, assignment.booking
    queue_email(speaker.email, SUBJECTS[kind], "speaker_update", locale=speaker.language,
                kind=kind, speaker=speaker, booking=booking, assignment=assignment,
                school=booking.organisation,
                link=public_url("schools.speaking", token=token) if token else None)


def invited(assignment, *, token):
    """What the speaker needs to decide, and the page to answer on."""
    _to_speaker(assignment, "invited", token=token)


def reminder(assignment, *, token):
    _to_speaker(assignment, "reminder", token=token)


def called_off(assignment):
    """Coordinators withdrew the invitation, or no longer need the speaker."""
    _to_speaker(assignment, "called_off")


def session_cancelled(assignment, *, was_coming):
    _to_speaker(assignment, "cancelled" if was_coming else "cancelled_invited")


def _sessions(bookings):
    """(booking, its coordinators' page) for each session the email is about."""
    return [(booking, public_url("schools.coordinate_booking", booking_id=booking.id))
            for booking in bookings]


def to_staff(assignment, kind):
    """A speaker's answer, or change of mind: accepted, declined, withdrawn."""
    booking = assignment.booking
    to_coordinators(STAFF_SUBJECTS[kind](assignment.speaker.name, booking.reference),
                    "speaker_for_staff", kind=kind, speaker=assignment.speaker,
                    sessions=_sessions([booking]))


def no_speaker_yet(booking):
    to_coordinators(STAFF_SUBJECTS["no_speaker"](None, booking.reference), "speaker_for_staff",
                    kind="no_speaker", speaker=None, sessions=_sessions([booking]))


def speaker_removed(speaker, bookings):
    """A speaker asked to be removed: the sessions they were invited to or coming to."""
    to_coordinators(_l("%(name)s asked to be removed from the speakers", name=speaker.name),
                    "speaker_for_staff", kind="removed", speaker=speaker,
                    sessions=_sessions(bookings))

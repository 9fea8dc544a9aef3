"""The emails school sessions send: to the school's contact at every change (in their language,
with the manage link, and the calendar event once a time is fixed), and to coordinators when
something needs them."""
from flask import current_app
from flask_babel import lazy_gettext as _l

from ..accounts.notifications import to_coordinators
from ..core.outbox import queue_email
from ..core.urls import public_url
from . import ics

SUBJECTS = {
    "requested": lambda r: _l("We have your session request %(reference)s", reference=r),
    "confirmed": lambda r: _l("Confirmed: your session %(reference)s", reference=r),
    "offered": lambda r: _l("Another time for your session %(reference)s", reference=r),
    "declined": lambda r: _l("Your session request %(reference)s", reference=r),
    "cancelled": lambda r: _l("Cancelled: your session %(reference)s", reference=r),
    "delivered": lambda r: _l("Thank you for your session %(reference)s", reference=r),
    "offer_declined": lambda r: _l("Your session request %(reference)s is still open",
                                   reference=r),
    "reminder": lambda r: _l("Your session %(reference)s is coming up", reference=r),
}

STAFF_SUBJECTS = {
    "new_request": lambda r: _l("New school session request %(reference)s", reference=r),
    "offer_accepted": lambda r: _l(
        "The school accepted the time offered: %(reference)s", reference=r),
    "offer_declined": lambda r: _l(
        "The school declined the time offered: %(reference)s", reference=r),
    "cancelled": lambda r: _l("School session %(reference)s cancelled", reference=r),
    "cancelled_late": lambda r: _l("Late cancellation: school session %(reference)s", reference=r),
    "change_asked": lambda r: _l("A school asks for a change: %(reference)s", reference=r),
}


def _calendar(booking, method):
    data = ics.calendar_for(booking, method=method,
                            organizer=current_app.config["SCHOOL_BOOKINGS_EMAIL"])
    return (ics.filename(booking), f"{ics.CONTENT_TYPE}; method={method}", data)


def _to_school(booking, kind, *, token=None, attachments=()):
    queue_email(
        booking.contact_email, SUBJECTS[kind](booking.reference),
        "booking_update", locale=booking.language, attachments=attachments, kind=kind,
        booking=booking, school=booking.organisation.name,
        manage_link=public_url("schools.manage", token=token) if token else None,
        page_link=public_url("schools.booking", booking_id=booking.id))


def requested(booking, *, token):
    _to_school(booking, "requested", token=token)
    _to_staff(booking, "new_request")


def confirmed(booking, *, token):
    _to_school(booking, "confirmed", token=token, attachments=[_calendar(booking, "REQUEST")])


def offered(booking, *, token):
    _to_school(booking, "offered", token=token)


def offer_turned_down(booking, *, token):
    """The school declined the time offered: its request stands."""
    _to_school(booking, "offer_declined", token=token)


def declined(booking):
    _to_school(booking, "declined")


def cancelled(booking, *, was_confirmed):
    """To the school; a session that had a time also leaves their calendar."""
    attachments = [_calendar(booking, "CANCEL")] if was_confirmed else []
    _to_school(booking, "cancelled", attachments=attachments)


def reminder(booking, *, token):
    """A few days before: what the school prepares, and the visit terms again."""
    _to_school(booking, "reminder", token=token)


def delivered(booking):
    _to_school(booking, "delivered")


def _to_staff(booking, kind, **context):
    to_coordinators(STAFF_SUBJECTS[kind](booking.reference), "booking_for_staff",
                    kind=kind, booking=booking, school=booking.organisation.name,
                    link=public_url("schools.coordinate_booking", booking_id=booking.id),
                    **context)


def to_staff_offer_answered(booking, *, accepted):
    _to_staff(booking, "offer_accepted" if accepted else "offer_declined")


def to_staff_cancelled(booking):
    _to_staff(booking, "cancelled_late" if booking.cancelled_late else "cancelled")


def to_staff_change_asked(booking, *, message):
    _to_staff(booking, "change_asked", message=message)



# ---------------------------------------------------------------------------- waiting lists

WAITING_SUBJECTS = {
    "place_offered": lambda r: _l("A place has come free for your session %(reference)s",
                                  reference=r),
    "offer_expired": lambda r: _l("The place offered for %(reference)s has passed on",
                                  reference=r),
}


def waiting_list_news(booking, entry, kind, *, token):
    """To the school's contact: a place offered from the waiting list, to accept or decline by
    its time; or an offer that ran out and passed to the next school."""
    queue_email(
        booking.contact_email, WAITING_SUBJECTS[kind](booking.reference), "waiting_update",
        locale=booking.language, kind=kind, booking=booking, entry=entry, slot=entry.slot,
        school=booking.organisation.name,
        manage_link=public_url("schools.manage", token=token),
        page_link=public_url("schools.booking", booking_id=booking.id))
# ---------------------------------------------------------------------------- after the session


def feedback_asked(booking):
    """The day after the session: how did it go? With a link to the feedback form."""
    queue_email(booking.contact_email,
                _l("How did your session %(reference)s go?", reference=booking.reference),
                "feedback_asked", locale=booking.language, booking=booking,
                school=booking.organisation.name,
                feedback_link=public_url("schools.feedback", booking_id=booking.id))


def feedback_for_speaker(speaker, booking, text):
    """A school's comments for a speaker who asked to hear them (their address stays ours)."""
    queue_email(speaker.email, _l("What a school said about your session"), "speaker_feedback",
                locale=speaker.language, speaker=speaker, booking=booking,
                school=booking.organisation.name, text=text)

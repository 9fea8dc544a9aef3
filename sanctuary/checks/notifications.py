"""The emails secret-shopper checks send, only to a checker who chose to give an address: their
reference on booking, their references again when they ask, and word that a coordinator has
a question about their report (never the question itself: it is read on the code page). The
outbox forgets the address once each is sent. No email carries a link with the code: the code is
typed."""
from flask_babel import lazy_gettext as _l

from ..core.outbox import queue_email
from ..core.urls import public_url


def booked(booking):
    queue_email(booking.email, _l("Your check: reference %(reference)s",
                                  reference=booking.reference),
                "check_booked", locale=booking.language, booking=booking,
                slot=booking.slot, service=booking.slot.service,
                return_link=public_url("checks.resident_return"), forget_recipient=True)


def references_again(email, bookings):
    queue_email(email, _l("Your check references"), "check_references",
                locale=bookings[-1].language, bookings=bookings,
                return_link=public_url("checks.resident_return"), forget_recipient=True)


def queried(booking):
    """Only that a question waits, and how to come back: no question, alias or service."""
    queue_email(booking.email, _l("A question about your check"), "check_queried",
                locale=booking.language, return_link=public_url("checks.resident_return"),
                lost_link=public_url("checks.resident_lost"), forget_recipient=True)

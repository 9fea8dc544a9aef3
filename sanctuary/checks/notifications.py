"""The emails secret-shopper checks send, only to a checker who chose to give an address: their
reference on booking, and their references again when they ask. The outbox forgets the
address once each is sent. No email carries a link with the code: the code is typed."""
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

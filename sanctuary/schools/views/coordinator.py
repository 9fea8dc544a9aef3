"""Coordinators' screens: slots, the calendar of closed days, requests, the agenda."""
from flask import render_template

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.permissions import load_or_404
from .. import queries
from ..models import Booking
from . import bp


@bp.get("/coordinate/school-sessions/<int:booking_id>")
@role_required(*COORDINATORS)
def coordinate_booking(booking_id):
    booking = load_or_404(Booking, booking_id, can="manage")
    return render_template("schools/coordinate_booking.html", booking=booking,
                           timeline=queries.timeline(booking, staff=True))

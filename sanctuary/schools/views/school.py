"""Schools' pages: asking for a session, their bookings, and the manage link's page."""
from flask import render_template

from ...accounts.access import login_required
from ...core.permissions import load_or_404, public
from ...core.security import private
from .. import queries, services
from ..models import Booking
from . import bp


@bp.get("/school-sessions/bookings/<int:booking_id>")
@login_required
def booking(booking_id):
    booking = load_or_404(Booking, booking_id, can="view")
    return render_template("schools/booking.html", booking=booking,
                           timeline=queries.timeline(booking))


@bp.get("/school-sessions/manage/<token>")
@public
@private  # its address holds the link's token
def manage(token):
    """The booking, for whoever holds the contact's link: looking changes nothing."""
    booking = services.booking_by_token(token)
    if booking is None:
        return render_template("schools/manage_unusable.html"), 410
    return render_template("schools/manage.html", booking=booking, token=token,
                           timeline=queries.timeline(booking))

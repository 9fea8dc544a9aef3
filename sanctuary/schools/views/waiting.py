"""A school's place on a waiting list: taking or declining the place offered, or leaving the
list, signed in or through the booking's manage link (both POST, from the same buttons)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import login_required
from ...core.permissions import load_or_404, public
from ...core.security import private
from ...core.templating import isolated
from .. import queries, services
from ..forms.waiting import WaitingAnswerForm
from ..models import Booking
from ..services.waiting import OFFER_GONE
from . import bp


def joined_if_full(booking, slot):
    """After a request for `slot`: if the slot is full, the request joins its waiting list, and
    the message to show says so (None for an ordinary request)."""
    if slot is None or not slot.is_full:
        return None
    try:
        services.join(booking, slot)
    except services.BookingRefused:  # a place came free meanwhile: an ordinary request
        return None
    return isolated(_("Request sent. Your reference is %(reference)s. The session is full, so "
                      "your school is on its waiting list: if a place comes free, we email "
                      "you."), reference=booking.reference)


def _answer(booking, answer, *, by):
    entry = queries.queued_entry(booking)
    try:
        if entry is None:
            raise services.BookingRefused(OFFER_GONE)
        if answer == "accept":
            services.accept_place(entry, by=by)
            flash(_("You accepted the place. The session is confirmed: we have emailed you "
                    "the details."), "success")
        elif answer == "decline":
            services.decline_place(entry, by=by)
            flash(_("You declined the place. It goes to the next school on the waiting list; "
                    "your request is still open."), "success")
        else:
            services.leave(entry, by=by)
            flash(_("Your school has left the waiting list. Your request is still open: we "
                    "will be in touch."), "success")
    except services.BookingRefused as refused:
        flash(refused.message, "error")


@bp.post("/school-sessions/bookings/<int:booking_id>/waiting")
@login_required
def answer_waiting(booking_id):
    booking = load_or_404(Booking, booking_id, can=lambda row, user: row.is_school_member(user))
    form = WaitingAnswerForm()
    if form.validate_on_submit():
        _answer(booking, form.answer.data, by=current_user)
    return redirect(url_for("schools.booking", booking_id=booking.id, _anchor="waiting"))


@bp.post("/school-sessions/manage/<token>/waiting")
@public  # the manage link is the permission
@private
def manage_waiting(token):
    booking = services.booking_by_token(token, using=True)
    if booking is None:
        return render_template("schools/manage_unusable.html"), 410
    form = WaitingAnswerForm()
    if form.validate_on_submit():
        _answer(booking, form.answer.data, by=None)
    return redirect(url_for("schools.manage", token=token, _anchor="waiting"))

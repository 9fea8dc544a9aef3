"""The manage link's pages: the booking, for whoever holds its contact's link, without signing in.
Opening it changes nothing; cancelling, asking for a change and answering an offer are POSTs,
which mark the link used."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...core.clock import london_today
from ...core.permissions import public
from ...core.security import private
from ...core.templating import isolated
from .. import queries, services
from ..forms import CancelForm, ChangeForm, OfferAnswerForm
from . import bp
from .school import give_answer


def _page(booking, token, *, cancel_form=None, change_form=None):
    return render_template("schools/manage.html", booking=booking, token=token,
                           timeline=queries.timeline(booking),
                           late=services.is_late(booking, london_today()),
                           cancel_form=cancel_form or CancelForm(formdata=None),
                           change_form=change_form or ChangeForm(formdata=None),
                           offer_form=OfferAnswerForm(formdata=None))


def _unusable():
    return render_template("schools/manage_unusable.html"), 410


@bp.get("/school-sessions/manage/<token>")
@public
@private  # its address holds the link's token
def manage(token):
    """The booking, for whoever holds the contact's link: looking changes nothing."""
    booking = services.booking_by_token(token)
    if booking is None:
        return _unusable()
    return _page(booking, token)


@bp.post("/school-sessions/manage/<token>/cancel")
@public  # the manage link is the permission
@private
def manage_cancel(token):
    booking = services.booking_by_token(token, using=True)
    if booking is None:
        return _unusable()
    form = CancelForm()
    if not form.validate_on_submit():
        return _page(booking, token, cancel_form=form)
    try:
        services.cancel(booking, by=None, reason=form.reason.data, by_school=True)
    except services.BookingRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("schools.manage", token=token))
    # The link stops working with the booking: the school is told where it stands instead.
    flash(isolated(_("Booking %(reference)s is cancelled. We have emailed you to confirm."),
                   reference=booking.reference), "success")
    return redirect(url_for("schools.availability"))


@bp.post("/school-sessions/manage/<token>/change")
@public  # the manage link is the permission
@private
def manage_change(token):
    booking = services.booking_by_token(token, using=True)
    if booking is None:
        return _unusable()
    form = ChangeForm()
    if not form.validate_on_submit():
        return _page(booking, token, change_form=form)
    try:
        services.ask_for_change(booking, by=None, message=form.message.data)
        flash(_("We have your message and will reply by email."), "success")
    except services.BookingRefused as refused:
        flash(refused.message, "error")
    return redirect(url_for("schools.manage", token=token))


@bp.post("/school-sessions/manage/<token>/offer")
@public  # the manage link is the permission
@private
def manage_offer(token):
    booking = services.booking_by_token(token, using=True)
    if booking is None:
        return _unusable()
    form = OfferAnswerForm()
    if form.validate_on_submit():
        give_answer(booking, form.answer.data, by=None)
    return redirect(url_for("schools.manage", token=token))

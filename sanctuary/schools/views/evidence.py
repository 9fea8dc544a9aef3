"""A delivered staff training session, used as evidence in the organisation's Sanctuary Award
application: the part of the booking page that offers it, and the choice of criteria."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user

from ...accounts.access import login_required
from ...core.permissions import load_or_404
from ..forms.evidence import UseAsEvidenceForm
from ..models import Booking
from ..services.evidence import EvidenceRefused, evidence_offer, use_as_evidence as attach
from . import bp


def _member(booking, user):
    """The organisation's own people (coordinators see the booking, but do not act for it)."""
    return booking.is_school_member(user)


@bp.app_template_global("evidence_offer_for")
def evidence_offer_for(booking, user):
    """For the booking page: (offer, form) when this person may use the session as evidence."""
    if not booking.is_school_member(user):
        return None
    offer = evidence_offer(booking)
    if offer is None:
        return None
    return offer, UseAsEvidenceForm(formdata=None, criteria=offer.criteria)


@bp.route("/school-sessions/bookings/<int:booking_id>/evidence", methods=["GET", "POST"])
@login_required
def use_as_evidence(booking_id):
    booking = load_or_404(Booking, booking_id, can=_member)
    offer = evidence_offer(booking)
    if offer is None:
        abort(404)
    form = UseAsEvidenceForm(criteria=offer.criteria)
    if form.validate_on_submit():
        try:
            rows = attach(booking, form.criteria.data, by=current_user)
        except EvidenceRefused as refused:
            flash(refused.message, "error")
        else:
            flash(ngettext("The session is now evidence for %(num)d criterion of your "
                           "application.", "The session is now evidence for %(num)d criteria "
                           "of your application.", len(rows)), "success")
        return redirect(url_for("schools.booking", booking_id=booking.id,
                                _anchor="use-as-evidence"))
    return render_template("schools/use_as_evidence.html", booking=booking, offer=offer,
                           form=form)

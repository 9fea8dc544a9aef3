"""Coordinators and one checker's booking: what they reported (each answer in the words they
read), its review (views/review.py), entering a report a checker gave by phone, and releasing
the place of a checker who lost their code."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.templating import isolated
from ..forms.review import QueryForm
from ..models import Answer, Campaign, Channel, CheckBooking, CheckSlot, Outcome, Service
from ..queries.review import review_of
from ..services import bookings, reports, review
from . import bp
from .resident import handle_report, report_form_for


def bookings_managed():
    """Bookings with their slot, service and campaign, for load_or_404."""
    return (CheckBooking.select(CheckBooking, CheckSlot, Service, Campaign)
            .join(CheckSlot).join(Service).switch(CheckSlot).join(Campaign))


def can_manage(booking, user):
    return booking.slot.can_manage(user)


def _load(booking_id):
    return load_or_404(bookings_managed(), booking_id, can=can_manage)


def booking_page(booking, *, query_form=None, status=200):
    """The booking's page; with the question form as sent when it was refused (`status`)."""
    report = reports.report_of(booking)
    _form, questions = report_form_for(booking, report, formdata=False)
    found = review_of(report)
    return render_template("checks/booking.html", booking=booking, report=report,
                           answers=reports.answers_of(report), questions=questions,
                           campaign=booking.slot.campaign, form=ActionForm(),
                           review=found, query_form=query_form or QueryForm(formdata=None),
                           can_ask=review.refusal_to_ask(report, booking.slot.campaign,
                                                         found.waiting) is None,
                           can_accept=(review.refusal_to_accept(report) is None
                                       and report.reviewed_at is None),
                           channels={c.value: c for c in Channel},
                           outcomes={o.value: o for o in Outcome},
                           answer_labels={a.value: a for a in Answer},
                           changed_labels={Answer.YES.value: _("Yes"), Answer.NO.value: _("No"),
                                           Answer.NOT_SURE.value: _("Not mentioned")}), status


@bp.get("/coordinate/checks/bookings/<int:booking_id>")
@role_required(*COORDINATORS)
def booking(booking_id):
    return booking_page(_load(booking_id))


@bp.route("/coordinate/checks/bookings/<int:booking_id>/report", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def enter_report(booking_id):
    booking = _load(booking_id)
    return handle_report(booking, by=current_user,
                         done_url=url_for("checks.booking", booking_id=booking.id),
                         template="checks/enter_report.html",
                         save_url=url_for("checks.enter_report", booking_id=booking.id))


@bp.post("/coordinate/checks/bookings/<int:booking_id>/release")
@role_required(*COORDINATORS)
def release_booking(booking_id):
    booking = _load(booking_id)
    if ActionForm().validate_on_submit():
        try:
            bookings.release(booking, by=current_user)
            flash(isolated(_("%(alias)s's place is released: someone else can book it."),
                           alias=booking.alias), "success")
        except bookings.BookingRefused as refused:
            flash(refused.message, "error")
    return redirect(url_for("checks.slots", campaign_id=booking.slot.campaign_id,
                            _anchor=f"slot-{booking.slot_id}"))

"""Coordinators and one checker's booking: what they reported (each answer in the words they
read), entering a report a checker gave by phone, and releasing the place of a checker who lost
their code."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.templating import isolated
from ..models import Answer, Campaign, Channel, CheckBooking, CheckSlot, Outcome, Service
from ..services import bookings, reports
from . import bp
from .resident import handle_report, report_form_for


def _load(booking_id):
    return load_or_404(CheckBooking.select(CheckBooking, CheckSlot, Service, Campaign)
                       .join(CheckSlot).join(Service).switch(CheckSlot).join(Campaign),
                       booking_id, can=lambda booking, user: booking.slot.can_manage(user))


@bp.get("/coordinate/checks/bookings/<int:booking_id>")
@role_required(*COORDINATORS)
def booking(booking_id):
    booking = _load(booking_id)
    report = reports.report_of(booking)
    _form, questions = report_form_for(booking, report, formdata=False)
    return render_template("checks/booking.html", booking=booking, report=report,
                           answers=reports.answers_of(report), questions=questions,
                           campaign=booking.slot.campaign, form=ActionForm(),
                           channels={c.value: c for c in Channel},
                           outcomes={o.value: o for o in Outcome},
                           answer_labels={a.value: a for a in Answer},
                           changed_labels={Answer.YES.value: _("Yes"), Answer.NO.value: _("No"),
                                           Answer.NOT_SURE.value: _("Not mentioned")})


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

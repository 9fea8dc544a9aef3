"""A coordinator's review of a checker's report: a question to the checker, accepting the report;
and the checker's answer, on their code page (signed in to it by their reference)."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.anonymous import resident_limits
from ...core.forms import ActionForm
from ...core.permissions import load_or_404, public
from ..forms.review import AnswerForm, QueryForm
from ..services import reports, review
from . import bp
from .check_bookings import booking_page, bookings_managed, can_manage
from .resident import _need_booking, check_page


def _load(booking_id):
    return load_or_404(bookings_managed(), booking_id, can=can_manage)


def _to_review(booking):
    return redirect(url_for("checks.booking", booking_id=booking.id, _anchor="review"))


@bp.post("/coordinate/checks/bookings/<int:booking_id>/query")
@role_required(*COORDINATORS)
def query_report(booking_id):
    booking = _load(booking_id)
    form = QueryForm()
    if not form.validate_on_submit():
        return booking_page(booking, query_form=form, status=400)
    report = reports.report_of(booking)
    try:
        if report is None:
            raise review.ReviewRefused(review.NOT_SENT)
        review.ask(report, form.question.data, by=current_user)
    except review.ReviewRefused as refused:
        # What was typed stays on the page, to send once it can be.
        form.question.errors = [*form.question.errors, refused.message]
        return booking_page(booking, query_form=form, status=409)
    flash(_("Your question is sent. The checker sees it when they come back with their "
            "reference."), "success")
    return _to_review(booking)


@bp.post("/coordinate/checks/bookings/<int:booking_id>/accept")
@role_required(*COORDINATORS)
def accept_report(booking_id):
    booking = _load(booking_id)
    if ActionForm().validate_on_submit():
        report = reports.report_of(booking)
        try:
            if report is None:
                raise review.ReviewRefused(review.NOT_SENT)
            review.accept(report, by=current_user)
            flash(_("The report is accepted: it counts in the results and can no longer be "
                    "changed."), "success")
        except review.ReviewRefused as refused:
            flash(refused.message, "error")
    return _to_review(booking)


@bp.post("/checks/my-check/answer")
@public
@resident_limits("RATELIMIT_RESIDENT_PER_CLIENT", "RATELIMIT_RESIDENT_ALL_CLIENTS")
def resident_answer():
    booking = _need_booking()  # only ever the booking of the reference typed in this browser
    if booking is None:
        return redirect(url_for("checks.resident_return"))
    form = AnswerForm()
    if not form.validate_on_submit():
        return check_page(booking, answer_form=form, status=400)
    try:
        review.answer(booking, form.answer.data)
        flash(_("Your answer is sent. Thank you."), "success")
    except review.ReviewRefused as refused:
        flash(refused.message, "error")
    return redirect(url_for("checks.resident_check"))

"""Schools' pages, signed in: asking for a session, their bookings, and what they can do with
each (answer an offer, cancel, ask for a change, add it to a calendar)."""
import uuid

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import login_required
from ...core.clock import london_today
from ...core.i18n import current_language_code
from ...core.permissions import LARGEST_ID, load_or_404
from ...core.templating import isolated
from .. import ics, queries, services
from ..forms import CancelForm, ChangeForm, OfferAnswerForm, SchoolRequestForm
from ..models import OPEN_STATES, Booking, Slot
from ..services.bookings import SLOT_WITHDRAWN
from . import bp
from .waiting import joined_if_full


def closed_reason(day):
    """Why there are no sessions on `day` (for the request form), or None if there are."""
    closed = queries.closed_days(day, day).get(day)
    if closed is None:
        return None
    kind, note = closed
    return _("%(kind)s (%(note)s)", kind=kind.label, note=note) if note else kind.label


def _wanted_slot(today):
    """(slot asked for, or None; the problem with it, if it cannot be asked for now)."""
    wanted = request.values.get("slot", type=int)
    if wanted is None:
        return None, None
    slot = queries.requestable_slot(wanted, today)
    if slot is None:
        return None, SLOT_WITHDRAWN
    return slot, None  # a full one too: the request joins its waiting list


@bp.route("/school-sessions/request", methods=["GET", "POST"], endpoint="request")
@login_required
def request_session():
    today = london_today()
    slot, problem = _wanted_slot(today)
    form = SchoolRequestForm(
        schools=queries.requesters_of(current_user), slot=slot, today=today, closed=closed_reason,
        slot_problem=problem, urn_taken=queries.school_with_urn,
        contact_name=current_user.display_name,
        contact_email=current_user.email, request_key=uuid.uuid4().hex)
    if problem is not None and not form.delivery.raw_data:
        wanted = request.values.get("slot", type=int)
        lost = Slot.get_or_none(Slot.id == wanted) if 0 < wanted <= LARGEST_ID else None
        form.delivery.data = lost.delivery if lost else None
    done = form.is_submitted() and queries.requested_with_key(form.request_key.data, current_user)
    if done:  # the same form again (a double click, a retry): the booking it made
        return redirect(url_for("schools.booking", booking_id=done.id))
    if form.validate_on_submit():
        # Emails about the booking go only to the address its requester signed in with.
        fields = {**form.booking_fields(), "contact_email": current_user.email}
        booking = services.request_booking(
            by=current_user, request_key=form.request_key.data,
            organisation=form.chosen_school,
            new_school=form.new_school() if form.registers_school else None,
            slot=slot, language=current_language_code(), **fields)
        flash(joined_if_full(booking, slot) or isolated(
            _("Request sent. Your reference is %(reference)s."), reference=booking.reference),
            "success")
        return redirect(url_for("schools.booking", booking_id=booking.id))
    if not form.has_request_key:
        form.request_key.data = uuid.uuid4().hex
    return render_template("schools/request.html", form=form, slot=slot, problem=problem)


@bp.get("/school-sessions/bookings")
@login_required
def bookings():
    return render_template("schools/bookings.html", bookings=queries.bookings_of(current_user))


@bp.get("/school-sessions/bookings/<int:booking_id>")
@login_required
def booking(booking_id):
    booking = load_or_404(Booking, booking_id, can="view")
    return render_template("schools/booking.html", booking=booking,
                           timeline=queries.timeline(booking), offer_form=OfferAnswerForm(),
                           member=booking.is_school_member(current_user))


@bp.post("/school-sessions/bookings/<int:booking_id>/offer")
@login_required
def answer_offer(booking_id):
    booking = load_or_404(Booking, booking_id, can="answer_offer")
    form = OfferAnswerForm()
    if form.validate_on_submit():
        give_answer(booking, form.answer.data, by=current_user)
    return redirect(url_for("schools.booking", booking_id=booking.id))


def give_answer(booking, answer, *, by):
    """Accept or decline the time offered, saying how it went (shared with the manage link)."""
    try:
        if answer == "accept":
            services.accept_offer(booking, by=by)
            flash(_("You accepted the time offered. The session is confirmed."), "success")
        else:
            services.decline_offer(booking, by=by)
            flash(_("You declined the time offered. We will be in touch about another time."),
                  "success")
    except services.BookingRefused as refused:
        flash(refused.message, "error")


@bp.get("/school-sessions/bookings/<int:booking_id>/calendar.ics")
@login_required
def booking_ics(booking_id):
    booking = load_or_404(Booking, booking_id, can="view")
    if booking.session_date is None:
        abort(404)
    data = ics.calendar_for(booking, method="PUBLISH",
                            organizer=current_app.config["SCHOOL_BOOKINGS_EMAIL"],
                            language=current_language_code())
    return Response(data, content_type=ics.CONTENT_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{ics.filename(booking)}"'})


@bp.route("/school-sessions/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(booking_id):
    booking = load_or_404(Booking, booking_id, can="cancel")
    form = CancelForm()
    if form.validate_on_submit():
        try:
            services.cancel(booking, by=current_user, reason=form.reason.data,
                            by_school=booking.is_school_member(current_user))
            flash(isolated(_("Booking %(reference)s is cancelled."),
                           reference=booking.reference), "success")
        except services.BookingRefused as refused:
            flash(refused.message, "error")
        return redirect(url_for("schools.booking", booking_id=booking.id))
    return render_template("schools/cancel.html", booking=booking, form=form,
                           late=services.is_late(booking, london_today()))


@bp.route("/school-sessions/bookings/<int:booking_id>/change", methods=["GET", "POST"])
@login_required
def ask_change(booking_id):
    booking = load_or_404(Booking, booking_id, can="view",
                          where=Booking.state.in_(list(OPEN_STATES)))
    form = ChangeForm()
    if form.validate_on_submit():
        try:
            services.ask_for_change(booking, by=current_user, message=form.message.data)
            flash(_("We have your message and will reply by email."), "success")
        except services.BookingRefused as refused:
            flash(refused.message, "error")
        return redirect(url_for("schools.booking", booking_id=booking.id))
    return render_template("schools/change.html", booking=booking, form=form)


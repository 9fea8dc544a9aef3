"""Coordinators' screens for bookings: the requests by state, the CSV export, the agenda of a
week, and each booking with the moves its state allows (each on a page of its own)."""
import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.clock import london_today
from ...core.exports import csv_response
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.templating import clock_time, isolated, local_date
from .. import queries, services
from ..forms.coordinators import (
    ASKED,
    OTHER_SLOT,
    OWN_TIME,
    CancelSessionForm,
    DeclineForm,
    OfferForm,
    TimeChoiceForm,
)
from ..models import BOOKING_TRANSITIONS, Booking, BookingState, SessionFormat
from . import bp
from .availability import closed_problem
from .speaker_sessions import speakers_part

SLOT_HORIZON = datetime.timedelta(days=180)  # how far ahead a coordinator may choose a slot


def _filters():
    state, format_ = request.args.get("state", ""), request.args.get("format", "")
    return {"state": state if state in set(BookingState) else "",
            "format": format_ if format_ in set(SessionFormat) else "",
            "text": request.args.get("q", "")[:200]}


@bp.get("/coordinate/school-sessions")
@role_required(*COORDINATORS)
def coordinate():
    """Bookings by state, format and a search; a constant number of queries however many."""
    chosen = _filters()
    return render_template("schools/coordinate_bookings.html", chosen=chosen,
                           bookings=list(queries.coordinator_bookings(
                               state=chosen["state"] or None, format=chosen["format"] or None,
                               text=chosen["text"])),
                           counts=queries.count_by_state(), states=list(BookingState),
                           formats=list(SessionFormat))


# i18n: column headings of the school sessions export (CSV), which spreadsheets read; translate
# as plain words
EXPORT_HEADINGS = [_l("reference"), _l("state"), _l("school"), _l("URN"), _l("format"),
                   _l("delivery"), _l("date"), _l("start"), _l("end"), _l("year groups"),
                   _l("key stages"), _l("audience"), _l("contact name"), _l("contact email"),
                   _l("contact phone"), _l("supervising teacher"), _l("created")]


@bp.get("/coordinate/school-sessions.csv")
@role_required(*COORDINATORS)
def export():
    """The bookings as filtered on the list, one line each (ISO dates, for spreadsheets)."""
    chosen = _filters()
    query = queries.coordinator_bookings(state=chosen["state"] or None,
                                         format=chosen["format"] or None, text=chosen["text"])

    def lines():
        for booking in query.iterator():
            yield [booking.reference, booking.state, booking.organisation.name,
                   booking.organisation.urn or "", booking.format, booking.delivery,
                   booking.session_date.isoformat() if booking.session_date else "",
                   booking.starts_at, booking.ends_at, booking.year_groups,
                   " ".join(booking.key_stages), booking.audience_size, booking.contact_name,
                   booking.contact_email, booking.contact_phone, booking.supervisor_name,
                   booking.created_at.date().isoformat()]

    return csv_response("school-sessions.csv", EXPORT_HEADINGS, lines())


@bp.get("/coordinate/school-sessions/agenda")
@role_required(*COORDINATORS)
def agenda():
    """Confirmed and delivered sessions of a week, by day (this week unless ?week= says)."""
    today = london_today()
    try:
        day = datetime.date.fromisoformat(request.args.get("week", ""))
    except ValueError:
        day = today
    # Within ten years either way: the dates around it must exist.
    day = min(max(day, today - datetime.timedelta(days=3650)),
              today + datetime.timedelta(days=3650))
    monday = queries.week_of(day)
    days = {}
    for booking in queries.agenda(monday):
        days.setdefault(booking.session_date, []).append(booking)
    week = datetime.timedelta(days=7)
    return render_template("schools/agenda.html", monday=monday, days=sorted(days.items()),
                           sunday=monday + datetime.timedelta(days=6),
                           previous=monday - week, next=monday + week)


@bp.get("/coordinate/school-sessions/<int:booking_id>")
@role_required(*COORDINATORS)
def coordinate_booking(booking_id):
    booking = load_or_404(Booking, booking_id, can="manage")
    actions = [name for name in ("confirm", "offer", "decline", "cancel", "deliver")
               if BOOKING_TRANSITIONS.allows(booking.state, name)]
    return render_template("schools/coordinate_booking.html", booking=booking, actions=actions,
                           timeline=queries.timeline(booking, staff=True),
                           **speakers_part(booking))


# ---------------------------------------------------------------------------- the moves


def _slot_label(slot):
    places = ngettext("%(num)d place left", "%(num)d places left", slot.places_left)
    return _("%(date)s, %(start)s to %(end)s, %(delivery)s (%(places)s)",
             date=local_date(slot.date), start=clock_time(slot.starts_at),
             end=clock_time(slot.ends_at), delivery=slot.delivery_label, places=places)


def _time_form(form_class, booking, *, asked):
    """The form for choosing a time, with its choices: the slot the school asked for (when
    `asked` and there is one), the open slots that have room, a time of the session's own."""
    today = london_today()
    open_slots = [slot for slot in queries.open_slots(today + datetime.timedelta(days=1),
                                                      today + SLOT_HORIZON)
                  if not slot.is_full and slot.id != booking.slot_id]
    slots = {str(slot.id): slot for slot in open_slots}
    asked_slot = booking.slot if asked and booking.slot_id else None
    if asked_slot is not None:
        slots[ASKED] = asked_slot
    proposed = booking.proposed
    form = form_class(data={"choice": ASKED if asked_slot else OWN_TIME,
                            "date": proposed[0] if proposed else None,
                            "starts_at": booking.preferred_start})
    form.choice.choices = ([SelectChoice(ASKED, _("The slot the school asked for"))]
                           if asked_slot else []) + [
        SelectChoice(OTHER_SLOT, _("Another open slot")),
        SelectChoice(OWN_TIME, _("A time of its own"))]
    form.slot.choices = [SelectChoice("", _("Choose a slot"))] + [
        SelectChoice(str(slot.id), _slot_label(slot)) for slot in open_slots]
    return form, slots, asked_slot


def _chosen_time(form, slots):
    """The time chosen, or None when the form (or the calendar, for a time of its own) says no."""
    if not form.validate_on_submit():
        return None
    if form.choice.data == OWN_TIME and closed_problem(form.date):
        return None
    return form.time(slots)


def _done(booking, message):
    flash(message, "success")
    return redirect(url_for("schools.coordinate_booking", booking_id=booking.id))


@bp.route("/coordinate/school-sessions/<int:booking_id>/confirm", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def confirm_booking(booking_id):
    booking = load_or_404(Booking, booking_id, can="manage")
    form, slots, asked_slot = _time_form(TimeChoiceForm, booking, asked=True)
    refusal = None
    if (time := _chosen_time(form, slots)) is not None:
        try:
            services.confirm(booking, by=current_user, **time)
            return _done(booking, isolated(_("The session is confirmed. %(name)s has been "
                                             "emailed a calendar invitation."),
                                           name=booking.contact_name))
        except services.BookingRefused as refused:
            refusal = refused.message
    return render_template("schools/coordinate_confirm.html", booking=booking, form=form,
                           asked_slot=asked_slot, refusal=refusal)


@bp.route("/coordinate/school-sessions/<int:booking_id>/offer", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def offer_booking(booking_id):
    booking = load_or_404(Booking, booking_id, can="manage")
    form, slots, _asked = _time_form(OfferForm, booking, asked=False)
    refusal = None
    if (time := _chosen_time(form, slots)) is not None:
        try:
            services.offer_alternative(booking, by=current_user, note=form.note.data or "",
                                       **time)
            return _done(booking, isolated(_("The other time has been offered to %(name)s."),
                                           name=booking.contact_name))
        except services.BookingRefused as refused:
            refusal = refused.message
    return render_template("schools/coordinate_offer.html", booking=booking, form=form,
                           refusal=refusal)


@bp.route("/coordinate/school-sessions/<int:booking_id>/decline", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def decline_booking(booking_id):
    booking = load_or_404(Booking, booking_id, can="manage")
    form, refusal = DeclineForm(), None
    if form.validate_on_submit():
        try:
            services.decline(booking, by=current_user, reason=form.reason.data)
            return _done(booking, isolated(_("The request is declined. %(name)s has been "
                                             "told why."), name=booking.contact_name))
        except services.BookingRefused as refused:
            refusal = refused.message
    return render_template("schools/coordinate_decline.html", booking=booking, form=form,
                           refusal=refusal)


@bp.route("/coordinate/school-sessions/<int:booking_id>/cancel", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def cancel_booking(booking_id):
    booking = load_or_404(Booking, booking_id, can="manage")
    form, refusal = CancelSessionForm(), None
    if form.validate_on_submit():
        try:
            services.cancel(booking, by=current_user, reason=form.reason.data, by_school=False)
            return _done(booking, isolated(_("The session is cancelled. %(name)s has been "
                                             "told why."), name=booking.contact_name))
        except services.BookingRefused as refused:
            refusal = refused.message
    return render_template("schools/coordinate_cancel.html", booking=booking, form=form,
                           refusal=refusal, late=services.is_late(booking, london_today()))


@bp.route("/coordinate/school-sessions/<int:booking_id>/deliver", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def deliver_booking(booking_id):
    booking = load_or_404(Booking, booking_id, can="manage")
    form, refusal = ActionForm(), None
    if form.validate_on_submit():
        try:
            services.mark_delivered(booking, by=current_user)
            return _done(booking, _("The session is marked as delivered."))
        except services.BookingRefused as refused:
            refusal = refused.message
    return render_template("schools/coordinate_deliver.html", booking=booking, form=form,
                           refusal=refusal)

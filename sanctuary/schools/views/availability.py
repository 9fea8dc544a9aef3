"""Coordinators' screens for availability: the slots they publish, and the calendar of days with
no sessions (bank holidays, and the periods they block)."""
import datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.clock import london_today
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.templating import isolated, local_date
from .. import queries, queries_report, services
from ..forms.coordinators import BlockForm, SlotForm
from ..forms.terms import TermForm
from ..models import BlockedPeriod, BlockKind, Slot
from . import bp

CALENDAR_MONTHS = 12


def closed_problem(field):
    """Whether the day in a date field is closed; if so, the field says why (a bank holiday, or
    the kind and note of the period blocked)."""
    day = field.data
    closed = queries.closed_days(day, day).get(day) if day else None
    if closed is None:
        return False
    kind, note = closed
    if note:
        message = isolated(_("No sessions take place on %(date)s: %(kind)s, %(note)s."),
                           date=local_date(day), kind=kind.label, note=note)
    else:
        message = _("No sessions take place on %(date)s: %(kind)s.", date=local_date(day),
                    kind=kind.label)
    field.errors = [*field.errors, message]
    field.error_parts = ("day", "month", "year")
    return True


@bp.route("/coordinate/school-sessions/slots", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def slots():
    form = SlotForm()
    if form.validate_on_submit() and not closed_problem(form.date):
        slot = services.publish_slot(**form.values(), by=current_user)
        flash(_("The slot on %(date)s is published.", date=local_date(slot.date)), "success")
        return redirect(url_for("schools.slots"))
    return render_template("schools/slots.html", form=form, action_form=ActionForm(),
                           slots=queries.upcoming_slots(london_today()))


@bp.route("/coordinate/school-sessions/slots/<int:slot_id>", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit_slot(slot_id):
    slot = load_or_404(Slot, slot_id, can="manage")
    form = SlotForm(obj=slot)
    refusal = None
    if form.validate_on_submit() and not closed_problem(form.date):
        try:
            services.update_slot(slot, **form.values(), by=current_user)
            flash(_("The slot is saved."), "success")
            return redirect(url_for("schools.slots"))
        except services.SlotRefused as refused:
            refusal = refused.message
    return render_template("schools/edit_slot.html", slot=slot, form=form, refusal=refusal,
                           action_form=ActionForm())


@bp.post("/coordinate/school-sessions/slots/<int:slot_id>/withdraw")
@role_required(*COORDINATORS)
def withdraw_slot(slot_id):
    slot = load_or_404(Slot, slot_id, can="manage")
    if ActionForm().validate_on_submit():
        services.withdraw_slot(slot, by=current_user)
        flash(_("The slot on %(date)s is withdrawn. Sessions confirmed in it stay as they are.",
                date=local_date(slot.date)), "success")
    return redirect(url_for("schools.slots"))


def _calendar_months(first, last):
    """[(first day of the month, [(from, to, kind label, note, period or None), ...]), ...]:
    bank holidays one by one, blocked periods whole, by the day they start (or the month's first
    day, for one that began earlier)."""
    entries = [(day, day, BlockKind.BANK_HOLIDAY.label, "", None)
               for day in queries.bank_holidays_between(first, last)]
    entries += [(period.starts_on, period.ends_on, period.kind_label, period.note, period)
                for period in queries.blocked_periods_between(first, last)]
    months = {}
    for entry in sorted(entries, key=lambda entry: (entry[0], entry[1])):
        month = max(entry[0], first).replace(day=1)
        months.setdefault(month, []).append(entry)
    return sorted(months.items())


@bp.route("/coordinate/school-sessions/calendar", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def calendar():
    form = BlockForm()
    if form.validate_on_submit():
        services.block_days(**form.values(), by=current_user)
        flash(_("No sessions will be offered on those days."), "success")
        return redirect(url_for("schools.calendar"))
    return render_calendar(form=form)


def render_calendar(*, form=None, term_form=None):
    """The calendar page, with the form that failed (the other one empty)."""
    today = london_today()
    last = (today.replace(day=1) + datetime.timedelta(days=31 * CALENDAR_MONTHS)).replace(
        day=1) - datetime.timedelta(days=1)
    return render_template("schools/calendar.html", form=form or BlockForm(formdata=None),
                           term_form=term_form or TermForm(formdata=None),
                           terms=queries_report.all_terms(), action_form=ActionForm(),
                           months=_calendar_months(today, last), today=today, last=last)


@bp.post("/coordinate/school-sessions/calendar/<int:period_id>/remove")
@role_required(*COORDINATORS)
def unblock(period_id):
    period = load_or_404(BlockedPeriod, period_id, can="manage")
    if ActionForm().validate_on_submit():
        services.unblock(period, by=current_user)
        flash(_("Those days are open again."), "success")
    return redirect(url_for("schools.calendar"))

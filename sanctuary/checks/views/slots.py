"""A campaign's check slots: the list by date with who holds places, opening slots for several
services at once, a slot's page (its places changed, or withdrawn), and the CSV file."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.exports import csv_response
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.templating import isolated, local_date
from ..forms import CapacityForm, OpenSlotsForm
from ..models import Campaign, CheckSlot, Service
from ..queries import slots as queries
from ..services import slots as writes
from . import bp


def _service_label(service):
    parts = [service.kind_member.label] + ([service.ward] if service.ward else [])
    return isolated("%(name)s (%(about)s)", name=service.name, about=", ".join(map(str, parts)))


def _open_form():
    form = OpenSlotsForm()
    form.services.choices = [SelectChoice(service.id, _service_label(service))
                             for service in queries.services_to_choose()]
    return form


def _refused(form, refused):
    if refused.field is None:
        flash(refused.message, "error")
    else:
        target = getattr(form, refused.field)
        target.errors = [*target.errors, refused.message]


def _say_opened(opened):
    if opened.slots:
        flash(ngettext("%(num)s slot is opened.", "%(num)s slots are opened.",
                       len(opened.slots)), "success")
    if opened.already:
        flash(isolated(_("Already open from that day, so left as they were: %(names)s."),
                       names=", ".join(service.name for service in opened.already)), "info")


@bp.route("/coordinate/checks/campaigns/<int:campaign_id>/slots", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def slots(campaign_id):
    campaign = load_or_404(Campaign, campaign_id, can="manage")
    form = _open_form()
    if campaign.state != "closed" and form.validate_on_submit():
        try:
            opened = writes.open_slots(campaign, **form.values(), by=current_user)
            _say_opened(opened)
            return redirect(url_for("checks.slots", campaign_id=campaign.id))
        except writes.SlotRefused as refused:
            _refused(form, refused)
    rows = queries.campaign_slots(campaign)
    return render_template("checks/slots.html", campaign=campaign, rows=rows, form=form,
                           progress=queries.progress(rows))


@bp.get("/coordinate/checks/campaigns/<int:campaign_id>/slots.csv")
@role_required(*COORDINATORS)
def slots_csv(campaign_id):
    campaign = load_or_404(Campaign, campaign_id, can="manage")
    headings = [_("First day"), _("Last day"), _("Service"), _("Kind"), _("Postcode"), _("Ward"),
                _("ODS code"), _("Places"), _("Held"), _("Reported"), _("Free"),
                _("Checkers"), _("Withdrawn")]
    rows = ([slot.first_day.isoformat(), slot.last_day.isoformat(), slot.service.name,
             str(slot.service.kind_member.label), slot.service.postcode, slot.service.ward,
             slot.service.ods_code or "", slot.capacity, len(slot.holders), slot.reported,
             slot.free, ", ".join(slot.holders), _("Yes") if slot.withdrawn_at else ""]
            for slot in queries.campaign_slots(campaign))
    return csv_response(f"check-slots-{campaign.id}.csv", headings, rows)


def _load_slot(slot_id):
    return load_or_404(CheckSlot.select(CheckSlot, Service, Campaign).join(Service)
                       .switch(CheckSlot).join(Campaign), slot_id, can="manage")


def render_slot(slot, form):
    row, = queries.campaign_slots(slot.campaign, only=slot)
    return render_template("checks/slot.html", slot=row, campaign=slot.campaign, form=form,
                           action_form=ActionForm())


@bp.route("/coordinate/checks/slots/<int:slot_id>", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def slot(slot_id):
    slot = _load_slot(slot_id)
    form = CapacityForm(data={"capacity": slot.capacity})
    if slot.withdrawn_at is None and form.validate_on_submit():
        try:
            writes.change_capacity(slot, form.capacity.data, by=current_user)
            flash(_("The slot's places are saved."), "success")
            return redirect(url_for("checks.slots", campaign_id=slot.campaign_id,
                                    _anchor=f"slot-{slot.id}"))
        except writes.SlotRefused as refused:
            _refused(form, refused)
    return render_slot(slot, form)


@bp.post("/coordinate/checks/slots/<int:slot_id>/withdraw")
@role_required(*COORDINATORS)
def withdraw_slot(slot_id):
    slot = _load_slot(slot_id)
    if ActionForm().validate_on_submit():
        writes.withdraw_slot(slot, by=current_user)
        flash(isolated(_("The slot at %(name)s from %(day)s is withdrawn."),
                       name=slot.service.name, day=local_date(slot.first_day)), "success")
    return redirect(url_for("checks.slots", campaign_id=slot.campaign_id))

"""The coordinators' register of services that checkers visit or call: the list (by kind and
ward), adding and changing a service, retiring and restoring it, and the CSV import with its
preview."""
import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core import imports
from ...core.forms import ActionForm
from ...core.imports import ImportRefused, NotYours, PendingImport
from ...core.permissions import load_or_404
from ...core.templating import isolated
from ..forms import NewServiceForm, ServiceForm, ServicesFileForm
from ..models import WARDS, Service, ServiceKind
from ..queries import register as queries
from ..services import register as writes
from . import bp


def _filters():
    kind, ward = request.args.get("kind", ""), request.args.get("ward", "")
    return {"kind": kind if kind in set(ServiceKind) else "",
            "ward": ward if ward in WARDS else "",
            "retired": request.args.get("retired") == "1"}


@bp.get("/coordinate/checks/services")
@role_required(*COORDINATORS)
def services():
    chosen = _filters()
    rows = queries.services(kind=chosen["kind"] or None, ward=chosen["ward"] or None,
                            retired=chosen["retired"])
    return render_template("checks/services.html", rows=rows, chosen=chosen,
                           kinds=list(ServiceKind), wards=WARDS)


def _refused(form, refused):
    getattr(form, refused.field).errors = [*getattr(form, refused.field).errors,
                                           refused.message]


@bp.route("/coordinate/checks/services/new", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def new_service():
    form = NewServiceForm(data={"kind": ServiceKind.GP.value, "form_key": uuid.uuid4().hex})
    done = form.is_submitted() and writes.added_with_key(form.form_key.data, current_user)
    if done:  # the same form again (a double click, a retry): the service it added
        return redirect(url_for("checks.services"))
    if form.validate_on_submit():
        try:
            service = writes.add_service(by=current_user, form_key=form.form_key.data,
                                           **form.values())
            flash(isolated(_("%(name)s is added to the register."), name=service.name),
                  "success")
            return redirect(url_for("checks.services"))
        except writes.ServiceRefused as refused:
            _refused(form, refused)
    if not form.has_form_key:
        form.form_key.errors, form.form_key.data = [], uuid.uuid4().hex
    return render_template("checks/service_form.html", form=form, service=None)


@bp.route("/coordinate/checks/services/<int:service_id>/edit", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit_service(service_id):
    service = load_or_404(Service, service_id, can="manage")
    form = ServiceForm(obj=service)
    if form.validate_on_submit():
        try:
            service = writes.update_service(service, by=current_user, **form.values())
            flash(isolated(_("%(name)s is saved."), name=service.name), "success")
            return redirect(url_for("checks.services"))
        except writes.ServiceRefused as refused:
            _refused(form, refused)
    return render_template("checks/service_form.html", form=form, service=service,
                           action_form=ActionForm(), trail=queries.trail_of(service))


@bp.post("/coordinate/checks/services/<int:service_id>/retire")
@role_required(*COORDINATORS)
def retire_service(service_id):
    service = load_or_404(Service, service_id, can="manage")
    if ActionForm().validate_on_submit() and writes.retire_service(service, by=current_user):
        flash(isolated(_("%(name)s is retired: it is hidden from the register."),
                       name=service.name), "success")
    return redirect(url_for("checks.edit_service", service_id=service.id))


@bp.post("/coordinate/checks/services/<int:service_id>/restore")
@role_required(*COORDINATORS)
def restore_service(service_id):
    service = load_or_404(Service, service_id, can="manage")
    if ActionForm().validate_on_submit() and writes.restore_service(service, by=current_user):
        flash(isolated(_("%(name)s is back in the register."), name=service.name), "success")
    return redirect(url_for("checks.edit_service", service_id=service.id))


@bp.route("/coordinate/checks/services/import", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def import_services():
    form = ServicesFileForm()
    refusal = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            pending = imports.receive(writes.SERVICES_IMPORT, filename=upload.filename,
                                      data=upload.read(), by=current_user)
            return redirect(url_for("checks.import_services_preview", pending_id=pending.id))
        except ImportRefused as refused:
            refusal = str(refused)
    return render_template("checks/services_import.html", form=form, refusal=refusal)


@bp.route("/coordinate/checks/services/import/<int:pending_id>", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def import_services_preview(pending_id):
    pending = load_or_404(PendingImport, pending_id, can="view")
    if pending.kind != writes.SERVICES_IMPORT.name:
        abort(404)
    if pending.confirmed_at:  # imported already (a second click, the back button)
        return redirect(url_for("checks.services"))
    form = ActionForm()
    if form.validate_on_submit():
        try:
            done = imports.confirm(writes.SERVICES_IMPORT, pending, by=current_user)
        except NotYours:
            abort(403)
        except ImportRefused as refused:
            flash(str(refused), "error")
            return redirect(url_for("checks.import_services_preview", pending_id=pending.id))
        if done is not None:
            flash(_("Imported: %(new)s new, %(changed)s changed, %(unchanged)s with no change.",
                    new=done.new, changed=done.changed, unchanged=done.unchanged), "success")
        return redirect(url_for("checks.services"))
    return render_template("checks/services_preview.html", form=form,
                           preview=imports.preview(writes.SERVICES_IMPORT, pending))

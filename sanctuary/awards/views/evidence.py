"""Evidence files: uploaded through their own small form, served only to those allowed."""
import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import login_required
from ...core.forms import ActionForm
from ...core.security import no_store
from ...core.templating import isolated
from ...core.uploads import storage
from .. import services
from ..forms import EvidenceForm
from ..models import Criterion, Evidence
from . import bp
from .applications import get_application_or_403


def _criterion_of(application, criterion_id):
    criterion = Criterion.get_or_none((Criterion.id == criterion_id)
                                      & (Criterion.stream == application.stream))
    if criterion is None:
        abort(404)
    return criterion


@bp.route("/applications/<int:application_id>/criteria/<int:criterion_id>/evidence",
          methods=["GET", "POST"])
@login_required
def evidence(application_id, criterion_id):
    application = get_application_or_403(application_id, edit=True)
    criterion = _criterion_of(application, criterion_id)
    if not application.can_change_criterion(criterion.id):
        abort(403)
    form = EvidenceForm()
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            added = services.add_evidence(application, criterion, filename=upload.filename,
                                          data=upload.read(), by=current_user)
        except services.EvidenceRefused as refused:
            form.file.errors.append(str(refused))
            status = 422
        else:
            flash(isolated(_("%(name)s has been added."), name=added.filename), "success")
            return redirect(url_for("awards.evidence", application_id=application.id,
                                    criterion_id=criterion.id))
    files = list(Evidence.select().where((Evidence.application == application)
                                         & (Evidence.criterion == criterion))
                 .order_by(Evidence.uploaded_at))
    return render_template("awards/evidence.html", application=application, criterion=criterion,
                           form=form, files=files, remove_form=ActionForm()), status


def _get_evidence_or_403(evidence_id):
    item = Evidence.get_or_none(Evidence.id == evidence_id)
    if item is None:
        abort(404)
    if not item.can_download(current_user):
        abort(403)
    return item


@bp.post("/evidence/<int:evidence_id>/remove")
@login_required
def remove_evidence(evidence_id):
    item = _get_evidence_or_403(evidence_id)
    if not item.application.can_edit(current_user) or not item.is_removable(item.application):
        abort(403)
    if ActionForm().validate_on_submit():
        services.remove_evidence(item)
        flash(isolated(_("%(name)s has been removed."), name=item.filename), "success")
    return redirect(url_for("awards.evidence", application_id=item.application_id,
                            criterion_id=item.criterion_id))


@bp.get("/evidence/<int:evidence_id>")
@login_required
def download_evidence(evidence_id):
    """Always as an attachment: the browser opens a downloaded PDF itself, outside our pages."""
    item = _get_evidence_or_403(evidence_id)
    return no_store(send_file(io.BytesIO(storage().read(item.storage_key)),
                              mimetype=item.content_type, as_attachment=True,
                              download_name=item.filename))


@bp.get("/evidence/<int:evidence_id>/preview")
@login_required
def preview_evidence(evidence_id):
    """Images only, shown inline as a preview on the evidence page."""
    item = _get_evidence_or_403(evidence_id)
    if not item.is_image:
        abort(404)
    return no_store(send_file(io.BytesIO(storage().read(item.storage_key)),
                              mimetype=item.content_type, download_name=item.filename))

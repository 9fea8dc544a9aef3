"""Evidence files: uploaded through their own small form, served only to those allowed."""
import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import login_required
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.security import no_store
from ...core.templating import isolated
from ...core.uploads import UploadRefused, storage
from .. import services
from ..forms import EvidenceForm
from ..models import Application, Criterion, CriterionTag, Evidence, RecordedEvidence
from . import bp
from .applications import changeable_in


@bp.route("/applications/<int:application_id>/criteria/<int:criterion_id>/evidence",
          methods=["GET", "POST"])
@login_required
def evidence(application_id, criterion_id):
    application = load_or_404(Application, application_id, can="edit")
    criterion = load_or_404(Criterion, criterion_id, where=Criterion.stream == application.stream,
                            can=changeable_in(application))
    form = EvidenceForm()
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            added = services.add_evidence(application, criterion, filename=upload.filename,
                                          data=upload.read(), by=current_user)
        except UploadRefused as refused:
            form.file.errors.append(str(refused))
            status = 422
        else:
            flash(isolated(_("%(name)s has been added."), name=added.filename), "success")
            return redirect(url_for("awards.evidence", application_id=application.id,
                                    criterion_id=criterion.id))
    files = list(Evidence.select().where((Evidence.application == application)
                                         & (Evidence.criterion == criterion))
                 .order_by(Evidence.uploaded_at))
    recorded = list(RecordedEvidence.select().where(
        (RecordedEvidence.application == application)
        & (RecordedEvidence.criterion == criterion)).order_by(RecordedEvidence.occurred_on))
    return render_template("awards/evidence.html", application=application, criterion=criterion,
                           form=form, files=files, recorded=recorded, remove_form=ActionForm(),
                           takes_training=criterion.has_tag(CriterionTag.STAFF_TRAINING)), status


@bp.post("/evidence/<int:evidence_id>/remove")
@login_required
def remove_evidence(evidence_id):
    item = load_or_404(Evidence, evidence_id, can="remove")
    if ActionForm().validate_on_submit():
        services.remove_evidence(item)
        flash(isolated(_("%(name)s has been removed."), name=item.filename), "success")
    return redirect(url_for("awards.evidence", application_id=item.application_id,
                            criterion_id=item.criterion_id))


@bp.post("/recorded-evidence/<int:record_id>/remove")
@login_required
def remove_recorded(record_id):
    """Take a recorded row (a training session) off its criterion, as a file is removed."""
    record = load_or_404(RecordedEvidence, record_id, can=services.can_remove_recorded)
    if ActionForm().validate_on_submit():
        services.remove_recorded(record, by=current_user)
        flash(_("The training session is no longer evidence for this criterion."), "success")
    return redirect(url_for("awards.evidence", application_id=record.application_id,
                            criterion_id=record.criterion_id))


@bp.get("/evidence/<int:evidence_id>")
@login_required
def download_evidence(evidence_id):
    """Always as an attachment: the browser opens a downloaded PDF itself, outside our pages."""
    item = load_or_404(Evidence, evidence_id, can="download")
    return no_store(send_file(io.BytesIO(storage().read(item.storage_key)),
                              mimetype=item.content_type, as_attachment=True,
                              download_name=item.filename))


@bp.get("/evidence/<int:evidence_id>/preview")
@login_required
def preview_evidence(evidence_id):
    """Images only, shown inline as a preview on the evidence page."""
    item = load_or_404(Evidence, evidence_id, can="download")
    if not item.is_image:
        abort(404)
    return no_store(send_file(io.BytesIO(storage().read(item.storage_key)),
                              mimetype=item.content_type, download_name=item.filename))

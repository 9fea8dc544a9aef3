"""Applicants' part: sending the further evidence back to the panel."""
from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import login_required
from ...awards.services import TransitionRefused
from ...core.forms import ActionForm
from .. import services
from . import application_or_404, bp


def _own_application_or_403(application_id, *, edit=False):
    application = application_or_404(application_id)
    if not application.organisation.can_view(current_user):
        abort(403)
    if edit and not application.organisation.can_edit(current_user):
        abort(403)
    return application


@bp.post("/applications/<int:application_id>/further-evidence/send")
@login_required
def send_back(application_id):
    application = _own_application_or_403(application_id, edit=True)
    if ActionForm(prefix="send-back").validate_on_submit():
        try:
            services.send_back(application, by=current_user)
        except TransitionRefused:
            pass  # sent already (a double click, or a colleague)
        else:
            flash(_("Thank you: your further evidence has gone to the panel."), "success")
    return redirect(url_for("awards.application", application_id=application.id))

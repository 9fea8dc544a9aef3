"""Applicants' part: sending the further evidence back to the panel."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import login_required
from ...awards.models import Application
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.states import TransitionRefused
from .. import services
from . import bp


@bp.post("/applications/<int:application_id>/further-evidence/send")
@login_required
def send_back(application_id):
    application = load_or_404(Application.submitted(), application_id, can="act_for")
    if ActionForm(prefix="send-back").validate_on_submit():
        try:
            services.send_back(application, by=current_user)
        except TransitionRefused:
            pass  # sent already (a double click, or a colleague)
        else:
            flash(_("Thank you: your further evidence has gone to the panel."), "success")
    return redirect(url_for("awards.application", application_id=application.id))

"""Check your answers, submit, the confirmation, the status page, and withdrawing."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import login_required
from ...core.clock import london_today
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.states import TransitionRefused
from .. import services
from ..models import APPLICATION_TRANSITIONS, Application, Principle, Round
from ..queries import answer_rows, renewal_window_open_for
from . import bp


def _check_page(application, missing=(), round_closed=False):
    today = london_today()
    return render_template(
        "awards/check.html", application=application, rows=answer_rows(application),
        principles=list(Principle), missing=missing, round_closed=round_closed,
        current_round=Round.current(today), next_round=Round.next_planned(today),
        outside_round=renewal_window_open_for(application, today),
        form=ActionForm())


@bp.get("/applications/<int:application_id>/check")
@login_required
def check(application_id):
    application = load_or_404(Application, application_id, can="edit")
    if not APPLICATION_TRANSITIONS.allows(application.state, "submit"):
        return redirect(url_for("awards.application", application_id=application.id))
    return _check_page(application)


@bp.post("/applications/<int:application_id>/submit")
@login_required
def submit(application_id):
    application = load_or_404(Application, application_id, can="submit")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        application = services.submit_application(application, by=current_user)
    except services.SubmissionRefused as refused:
        return _check_page(application, refused.missing, refused.round_closed)
    except TransitionRefused:
        return redirect(url_for("awards.application", application_id=application.id))
    return redirect(url_for("awards.submitted", application_id=application.id))


@bp.get("/applications/<int:application_id>/submitted")
@login_required
def submitted(application_id):
    application = load_or_404(Application, application_id, can="view")
    if not application.reference:
        return redirect(url_for("awards.application", application_id=application.id))
    return render_template("awards/submitted.html", application=application)


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(application_id):
    application = load_or_404(Application, application_id, can="act_for")
    form = ActionForm()
    if form.validate_on_submit():
        try:
            services.withdraw_application(application, by=current_user)
        except TransitionRefused:
            flash(_("This application can no longer be withdrawn."), "error")
        else:
            flash(_("Your application has been withdrawn."), "success")
        return redirect(url_for("awards.application", application_id=application.id))
    return render_template("awards/withdraw.html", application=application, form=form)

"""Coordinators: a read-only view of each submitted application, and application rounds.
(The list of applications, with panel progress, is the panel's: panel/views/coordinator.py.)"""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from playhouse.flask_utils import get_object_or_404

from ...accounts.access import role_required
from ...core.forms import ActionForm
from .. import services
from ..forms import RoundForm
from ..models import Application, ApplicationEvent, Principle, Round, answer_rows
from . import bp
from .coordinator import COORDINATORS


@bp.get("/coordinate/applications/<int:application_id>")
@role_required(*COORDINATORS)
def review_application(application_id):
    application = get_object_or_404(Application.submitted(), Application.id == application_id)
    events = list(application.events.order_by(ApplicationEvent.at))
    return render_template("awards/coordinate_application.html", application=application,
                           rows=answer_rows(application), principles=list(Principle),
                           events=events)


@bp.route("/coordinate/rounds", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def rounds():
    form = RoundForm()
    if form.validate_on_submit():
        if form.open_now.data:
            services.open_round(form.name.data, closes_on=form.closes_on.data)
        else:
            services.plan_round(form.name.data, opens_on=form.opens_on.data,
                                closes_on=form.closes_on.data)
        flash(_("The round has been saved."), "success")
        return redirect(url_for("awards.rounds"))
    return render_template("awards/rounds.html", form=form, action_form=ActionForm(),
                           rounds=list(Round.select().order_by(Round.id.desc())),
                           today=services.london_today())


@bp.post("/coordinate/rounds/<int:round_id>/<any(open, close):action>")
@role_required(*COORDINATORS)
def change_round(round_id, action):
    round_ = Round.get_or_none(Round.id == round_id)
    if round_ is None:
        abort(404)
    if ActionForm().validate_on_submit():
        services.set_round_open(round_, action == "open")
        flash(_("The round is open.") if action == "open" else _("The round is closed."),
              "success")
    return redirect(url_for("awards.rounds"))

"""Coordinators' page of one service's results: each campaign's score and what it found
against each good practice (never who checked, or when), publishing a result by name, the letter
to the practice, and the follow-up done with the service."""
import uuid

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.security import no_store
from ...core.templating import isolated
from .. import documents
from ..forms.follow_up import FollowUpForm
from ..models import Answer, Campaign, Service
from ..queries import service_results as queries
from ..services import follow_up as writes
from . import bp


def _results_url(service, **anchor):
    return url_for("checks.service_results", service_id=service.id, **anchor)


def render_results(service, form):
    return render_template(
        "checks/service_results.html", service=service, form=form, action_form=ActionForm(),
        results=queries.service_results(service), follow_ups=queries.follow_ups_of(service),
        answer_labels={answer.value: answer for answer in Answer})


def _follow_up_form(service, **kwargs):
    return FollowUpForm(campaigns=queries.checked_in(service), **kwargs)


@bp.get("/coordinate/checks/services/<int:service_id>/results")
@role_required(*COORDINATORS)
def service_results(service_id):
    service = load_or_404(Service, service_id, can="manage")
    return render_results(service, _follow_up_form(service, formdata=None,
                                                   data={"form_key": uuid.uuid4().hex}))


@bp.post("/coordinate/checks/services/<int:service_id>/follow-up")
@role_required(*COORDINATORS)
def record_follow_up(service_id):
    service = load_or_404(Service, service_id, can="manage")
    form = _follow_up_form(service)
    if writes.recorded_with_key(service, form.form_key.data, current_user):
        return redirect(_results_url(service, _anchor="follow-up"))  # the same form again
    if form.validate_on_submit():
        try:
            done = writes.record_follow_up(service, **form.values(), by=current_user,
                                           form_key=form.form_key.data)
            flash(isolated(_("%(what)s is recorded for %(name)s."),
                           what=done.kind_member.label, name=service.name), "success")
            return redirect(_results_url(service, _anchor="follow-up"))
        except writes.FollowUpRefused as refused:
            field = getattr(form, refused.field)
            field.errors = [*field.errors, refused.message]
            field.error_parts = ("day", "month", "year")
    if not form.has_form_key:
        form.form_key.errors, form.form_key.data = [], uuid.uuid4().hex
    return render_results(service, form)


def _load_both(service_id, campaign_id):
    return (load_or_404(Service, service_id, can="manage"),
            load_or_404(Campaign, campaign_id, can="manage"))


@bp.post("/coordinate/checks/services/<int:service_id>/campaigns/<int:campaign_id>/"
         "<any(publish, unpublish):action>")
@role_required(*COORDINATORS)
def publish_result(service_id, campaign_id, action):
    service, campaign = _load_both(service_id, campaign_id)
    if ActionForm().validate_on_submit():
        if action == "unpublish":
            if writes.unpublish(service, campaign, by=current_user):
                flash(_("The result is taken off the public results page."), "success")
        else:
            try:
                writes.publish(service, campaign, by=current_user)
                flash(_("The result is published on the public results page."), "success")
            except writes.PublishRefused as refused:
                flash(refused.message, "error")
    return redirect(_results_url(service, _anchor=f"campaign-{campaign.id}"))


@bp.get("/coordinate/checks/services/<int:service_id>/campaigns/<int:campaign_id>/letter.pdf")
@role_required(*COORDINATORS)
def service_letter(service_id, campaign_id):
    service, campaign = _load_both(service_id, campaign_id)
    pdf = documents.service_letter_pdf(service, campaign)
    if pdf is None:
        abort(404)
    return no_store(Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="checks-letter-{service.id}-'
                               f'{campaign.id}.pdf"'}))

"""Coordinators' pages: recording the decision and its feedback, previewing exactly what the
applicant will read, sending it, and giving more time for further evidence."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...awards.models import Application, ApplicationState
from ...awards.queries import answer_rows, recipients
from ...core.clock import london_today
from ...core.permissions import load_or_404
from ...core.states import TransitionRefused
from .. import queries, services
from ..forms import DecisionForm, ExtendForm, FeedbackForm, SendForm
from . import bp


def _forms(application, decision, formdata):
    """The decision form and one feedback form per criterion: from the request, from the saved
    draft, or (a new draft) from the reviewers' suggestions."""
    rows = answer_rows(application)
    if formdata:
        form = DecisionForm(prefix="decision")
        feedback = {row.criterion_id: FeedbackForm(prefix=f"f{row.criterion_id}") for row in rows}
        return form, feedback
    form = DecisionForm(prefix="decision", formdata=None, obj=decision)
    given = ({line.row.criterion_id: line.feedback for line in queries.feedback_lines(decision)}
             if decision is not None else queries.starting_feedback(application))
    feedback = {}
    for row in rows:
        saved = given.get(row.criterion_id)
        feedback[row.criterion_id] = FeedbackForm(
            prefix=f"f{row.criterion_id}", formdata=None, obj=saved) if saved else FeedbackForm(
            prefix=f"f{row.criterion_id}", formdata=None)
    return form, feedback


def _decide_page(application, form, feedback, status=200, extend_form=None):
    request_sent = queries.last_sent(application)
    if extend_form is None:
        extend_form = ExtendForm(prefix="extend", formdata=None, data={
            "evidence_due": request_sent.evidence_due if request_sent else None})
    return render_template(
        "decisions/decide.html", application=application, form=form, feedback=feedback,
        rows=answer_rows(application), suggestions=queries.reviewer_suggestions(application),
        can_decide=queries.can_decide(application),
        progress=queries.review_progress(application), waiting_for_evidence=(
            application.state == ApplicationState.FURTHER_EVIDENCE),
        request_sent=request_sent, extend_form=extend_form,
        sent=queries.sent_decisions(application), today=london_today()), status


@bp.route("/coordinate/applications/<int:application_id>/decision", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def decide(application_id):
    application = load_or_404(Application.submitted(), application_id, can="manage")
    draft = queries.draft_of(application)
    if request.method == "GET":
        return _decide_page(application, *_forms(application, draft, formdata=False))
    form, feedback = _forms(application, draft, formdata=True)
    if not form.validate_on_submit() or not all(f.validate() for f in feedback.values()):
        if not form.csrf_token.errors:
            return _decide_page(application, form, feedback, status=400)
        abort(400)
    try:
        services.save_draft(
            application, by=current_user, outcome=form.outcome.data,
            message=form.message.data or "", rationale=form.rationale.data or "",
            evidence_request=form.evidence_request.data or "",
            evidence_due=form.evidence_due.data,
            feedback={cid: {"strengths": f.strengths.data or "",
                            "improvements": f.improvements.data or "",
                            "questions": f.questions.data or "",
                            "needs_evidence": f.needs_evidence.data}
                      for cid, f in feedback.items()})
    except services.DecisionRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("decisions.decide", application_id=application.id))
    if request.form.get("action") == "preview":
        return redirect(url_for("decisions.preview", application_id=application.id))
    flash(_("The draft decision has been saved."), "success")
    return redirect(url_for("decisions.decide", application_id=application.id))


def _preview_page(application, draft, send_form, status=200):
    draft.lines = queries.feedback_lines(draft)
    return render_template("decisions/preview.html", application=application, decision=draft,
                           problems=queries.problems(draft), send_form=send_form,
                           progress=queries.review_progress(application),
                           recipients=recipients(application.organisation)), status


@bp.get("/coordinate/applications/<int:application_id>/decision/preview")
@role_required(*COORDINATORS)
def preview(application_id):
    """Exactly what the applicant will read, and the button that sends it."""
    application = load_or_404(Application.submitted(), application_id, can="manage")
    draft = queries.draft_of(application)
    if draft is None:
        return redirect(url_for("decisions.decide", application_id=application.id))
    return _preview_page(application, draft, SendForm(prefix="send", formdata=None))


@bp.post("/coordinate/applications/<int:application_id>/decision/send")
@role_required(*COORDINATORS)
def send(application_id):
    application = load_or_404(Application.submitted(), application_id, can="manage")
    form = SendForm(prefix="send")
    if not form.validate_on_submit():
        abort(400)
    try:
        services.send_decision(application, by=current_user,
                               round=request.form.get("round", type=int),
                               before_all_reviews=form.before_all_reviews.data)
    except services.ReviewsOutstanding as outstanding:
        draft = queries.draft_of(application)
        if draft is not None:
            form.before_all_reviews.errors.append(str(outstanding))
            return _preview_page(application, draft, form, status=400)
        flash(str(outstanding), "error")
        return redirect(url_for("decisions.preview", application_id=application.id))
    except (services.DecisionRefused, TransitionRefused):
        flash(_("The decision could not be sent: check it and try again."), "error")
        return redirect(url_for("decisions.preview", application_id=application.id))
    flash(_("The decision has been sent to the organisation."), "success")
    return redirect(url_for("decisions.decide", application_id=application.id))


@bp.post("/coordinate/applications/<int:application_id>/further-evidence/extend")
@role_required(*COORDINATORS)
def extend(application_id):
    application = load_or_404(Application.submitted(), application_id, can="manage")
    form = ExtendForm(prefix="extend")
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        # The page again, with the date as it was typed and what is wrong with it.
        draft = queries.draft_of(application)
        return _decide_page(application, *_forms(application, draft, formdata=False),
                            status=400, extend_form=form)
    try:
        services.extend_deadline(application, form.evidence_due.data, by=current_user)
    except services.DecisionRefused as refused:
        flash(str(refused), "error")
    else:
        flash(_("The date has been changed and the organisation told."), "success")
    return redirect(url_for("decisions.decide", application_id=application.id))

"""Recording and sending a decision; what the applicant does next (further evidence, the
certificate and logo, the directory, renewing); the public directory of award holders."""
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404

from ..accounts.access import login_required, role_required
from ..accounts.models import COORDINATORS
from ..awards.models import (
    Application,
    ApplicationState,
    answer_rows,
    criteria_asked_about,
    holding_award,
    submittable_outside_round,
)
from ..awards.services import TransitionRefused
from ..core.clock import london_today
from ..core.forms import ActionForm
from ..core.hooks import page_parts
from ..core.security import no_store
from . import documents, services
from .forms import DecisionForm, ExtendForm, FeedbackForm, SendForm
from .models import Decision, Outcome

bp = Blueprint("decisions", __name__)


def _application_or_404(application_id):
    return get_object_or_404(Application.submitted(), Application.id == application_id)


# ---------------------------------------------------------------------------- coordinators

def _forms(application, decision, formdata):
    """The decision form and one feedback form per criterion: from the request, from the saved
    draft, or (a new draft) from the reviewers' suggestions."""
    rows = answer_rows(application)
    if formdata:
        form = DecisionForm(prefix="decision")
        feedback = {row.criterion_id: FeedbackForm(prefix=f"f{row.criterion_id}") for row in rows}
        return form, feedback
    form = DecisionForm(prefix="decision", formdata=None, obj=decision)
    given = ({line.row.criterion_id: line.feedback for line in services.feedback_lines(decision)}
             if decision is not None else services.starting_feedback(application))
    feedback = {}
    for row in rows:
        saved = given.get(row.criterion_id)
        feedback[row.criterion_id] = FeedbackForm(
            prefix=f"f{row.criterion_id}", formdata=None, obj=saved) if saved else FeedbackForm(
            prefix=f"f{row.criterion_id}", formdata=None)
    return form, feedback


def _decide_page(application, form, feedback, status=200, extend_form=None):
    request_sent = services.last_sent(application)
    if extend_form is None:
        extend_form = ExtendForm(prefix="extend", formdata=None, data={
            "evidence_due": request_sent.evidence_due if request_sent else None})
    return render_template(
        "decisions/decide.html", application=application, form=form, feedback=feedback,
        rows=answer_rows(application), suggestions=services.reviewer_suggestions(application),
        can_decide=services.can_decide(application),
        progress=services.review_progress(application), waiting_for_evidence=(
            application.state == ApplicationState.FURTHER_EVIDENCE),
        request_sent=request_sent, extend_form=extend_form,
        sent=services.sent_decisions(application), today=london_today()), status


@bp.route("/coordinate/applications/<int:application_id>/decision", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def decide(application_id):
    application = _application_or_404(application_id)
    draft = services.draft_of(application)
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
    draft.lines = services.feedback_lines(draft)
    return render_template("decisions/preview.html", application=application, decision=draft,
                           problems=services.problems(draft), send_form=send_form,
                           progress=services.review_progress(application),
                           recipients=services.recipients(application.organisation)), status


@bp.get("/coordinate/applications/<int:application_id>/decision/preview")
@role_required(*COORDINATORS)
def preview(application_id):
    """Exactly what the applicant will read, and the button that sends it."""
    application = _application_or_404(application_id)
    draft = services.draft_of(application)
    if draft is None:
        return redirect(url_for("decisions.decide", application_id=application.id))
    return _preview_page(application, draft, SendForm(prefix="send", formdata=None))


@bp.post("/coordinate/applications/<int:application_id>/decision/send")
@role_required(*COORDINATORS)
def send(application_id):
    application = _application_or_404(application_id)
    form = SendForm(prefix="send")
    if not form.validate_on_submit():
        abort(400)
    try:
        services.send_decision(application, by=current_user,
                               round=request.form.get("round", type=int),
                               before_all_reviews=form.before_all_reviews.data)
    except services.ReviewsOutstanding as outstanding:
        draft = services.draft_of(application)
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
    application = _application_or_404(application_id)
    form = ExtendForm(prefix="extend")
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        # The page again, with the date as it was typed and what is wrong with it.
        draft = services.draft_of(application)
        return _decide_page(application, *_forms(application, draft, formdata=False),
                            status=400, extend_form=form)
    try:
        services.extend_deadline(application, form.evidence_due.data, by=current_user)
    except services.DecisionRefused as refused:
        flash(str(refused), "error")
    else:
        flash(_("The date has been changed and the organisation told."), "success")
    return redirect(url_for("decisions.decide", application_id=application.id))


# ---------------------------------------------------------------------------- applicants

def _own_application_or_403(application_id, *, edit=False):
    application = _application_or_404(application_id)
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


def _award_or_404(application_id):
    application = _own_application_or_403(application_id)
    award = services.award_of(application)
    if award is None:
        abort(404)
    return award


@bp.get("/applications/<int:application_id>/certificate.pdf")
@login_required
def certificate(application_id):
    award = _award_or_404(application_id)
    language = award.organisation.language
    second = language if language != "en" and language in current_app.config["LANGUAGES"] else None
    pdf = documents.certificate_pdf(award, second_language=second)
    return no_store(Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="sanctuary-award-'
                               f'{award.application.reference}.pdf"'}))


@bp.get("/applications/<int:application_id>/logo.<any(svg, png):kind>")
@login_required
def logo(application_id, kind):
    award = _award_or_404(application_id)
    year = award.awarded_on.year
    if kind == "svg":
        body, mimetype = documents.logo_svg(year), "image/svg+xml"
    else:
        body, mimetype = documents.logo_png(year), "image/png"
    return no_store(Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="sanctuary-award-{year}.{kind}"'}))


@bp.post("/applications/<int:application_id>/listing")
@login_required
def listing(application_id):
    application = _own_application_or_403(application_id, edit=True)
    award = services.award_of(application)
    if award is None:
        abort(404)
    if ActionForm(prefix="listing").validate_on_submit():
        listed = request.form.get("listed") == "1"
        services.set_listed(award, listed)
        flash(_("You are now in the directory of award holders.") if listed else
              _("You are no longer in the directory of award holders."), "success")
    return redirect(url_for("awards.application", application_id=application.id))


@bp.post("/applications/<int:application_id>/start-again")
@login_required
def start_again(application_id):
    application = _own_application_or_403(application_id, edit=True)
    if not ActionForm(prefix="again").validate_on_submit():
        abort(400)
    try:
        draft = services.start_again(application, by=current_user)
    except services.DecisionRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("awards.application", application_id=application.id))
    flash(_("Your new application starts from your earlier answers: check and update each one."),
          "success")
    return redirect(url_for("awards.application", application_id=draft.id))


# ---------------------------------------------------------------------------- public

@bp.get("/award-holders")
def holders():
    return render_template("decisions/holders.html", holders=services.directory())


# ---------------------------------------------------------------------------- the status page

def status_context(application):
    """What the applicant's status page shows about decisions (a template global)."""
    award = services.award_of(application)
    return {
        "decisions": services.sent_decisions(application),
        "requested": services.requested_criteria(application),
        "request": services.last_sent(application)
        if application.state == ApplicationState.FURTHER_EVIDENCE else None,
        "award": award,
        "award_current": award is not None and services.is_current(award),
        "in_renewal_window": award is not None and services.in_renewal_window(award),
        "can_start_again": services.can_start_again(application),
        "form": ActionForm(formdata=None),
    }


def held_award(organisation):
    """For the organisation's page: its award in force, when it can renew, and whether it can
    now (a template global), or None."""
    award = services.current_award(organisation)
    if award is None:
        return None
    return {"award": award, "renew_from": services.renewal_opens_on(award),
            "renewal_open": services.in_renewal_window(award),
            "renewable": services.can_start_again(award.application)}


def further_evidence_request(application):
    """For the panel: what was asked for, when the application is in its second round or later."""
    if application.review_round < 2:
        return None
    return (Decision.select().where((Decision.application == application)
                                    & (Decision.round == application.review_round - 1)
                                    & (Decision.outcome == Outcome.FURTHER_EVIDENCE)
                                    & Decision.sent_at.is_null(False)).first())


# Decisions' fragments in the pages of the features below it (core.hooks.page_parts).
PAGE_PARTS = {
    "awards.status": "decisions/_status.html",  # the decisions sent, and what to do next
    "awards.organisation": "decisions/_held_award.html",  # the award held now
    "panel.review": "decisions/_further_evidence_sent.html",  # what the panel asked for
    "panel.matrix": "decisions/_record_decision.html",  # for coordinators: decide
}


def page_parts_for(place, **context):
    return [PAGE_PARTS[place]] if place in PAGE_PARTS else []


def applications_holding_award(organisation):
    held = services.current_award(organisation)
    return {held.application_id} if held else set()


def init_app(app):
    app.register_blueprint(bp)
    page_parts.connect(page_parts_for)
    holding_award.connect(applications_holding_award)
    app.jinja_env.globals["decision_status"] = status_context
    app.jinja_env.globals["held_award"] = held_award
    app.jinja_env.globals["further_evidence_request"] = further_evidence_request
    app.jinja_env.globals["can_decide"] = services.can_decide
    criteria_asked_about.connect(services.requested_criteria)
    submittable_outside_round.connect(services.renewal_window_open_for)


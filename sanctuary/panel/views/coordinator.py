"""Coordinators' pages: the reviewer pool, the applications list, each panel, the panel's matrix
(which reviewers read too, once they have submitted), the agreed verdicts and the CSV exports."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS, Role, User, UserRole
from ...awards.models import (
    Application,
    Stream,
)
from ...core.clock import london_today
from ...core.exports import csv_response
from ...core.forms import ActionForm
from ...core.i18n import KNOWN_LANGUAGES
from ...core.permissions import load_or_404
from ...core.templating import isolated
from ...core.translated import localize
from .. import queries, services
from ..forms import AgreedForm, AssignForm, ReviewerForm
from ..models import (
    COUNTED_VERDICTS,
    Recommendation,
    ReviewerProfile,
    Verdict,
    can_see_panel,
)
from ..queries import LISTED_STATES, applications_query, search_text
from . import bp


@bp.get("/coordinate/reviewers")
@role_required(*COORDINATORS)
def reviewers():
    people = list(queries.reviewer_pool())
    return render_template("panel/reviewers.html", people=people,
                           profiles=queries.profiles_of(people),
                           languages=KNOWN_LANGUAGES, today=london_today())


@bp.route("/coordinate/reviewers/<int:user_id>", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit_reviewer(user_id):
    person = load_or_404(User, user_id, can="manage", where=User.id.in_(
        UserRole.select(UserRole.user).where(UserRole.role == Role.REVIEWER)))
    profile = ReviewerProfile.for_user(person)
    form = ReviewerForm(data={"languages": profile.languages,
                              "consent": profile.consent_given_at is not None,
                              "lived_experience": profile.lived_experience})
    if form.validate_on_submit():
        services.record_reviewer(person, languages=form.languages.data,
                                 consent=form.consent.data,
                                 lived_experience=form.lived_experience.data)
        flash(_("Saved."), "success")
        return redirect(url_for("panel.reviewers"))
    return render_template("panel/edit_reviewer.html", person=person, form=form)


@bp.get("/coordinate/applications")
@role_required(*COORDINATORS)
def applications():
    """Submitted applications with their panel's progress; those whose panel breaks the
    composition rule are flagged. A constant number of queries, however many rows."""
    rows = list(applications_query(request.args))
    return render_template("panel/applications.html", applications=rows,
                           compositions=queries.compositions_for(rows),
                           progress=queries.progress_for(rows), states=LISTED_STATES,
                           streams=list(Stream.ordered()),
                           chosen_state=request.args.get("state", ""),
                           chosen_stream=request.args.get("stream", type=int),
                           search=search_text(request.args))


@bp.route("/coordinate/applications/<int:application_id>/panel", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def manage(application_id):
    application = load_or_404(Application.submitted(), application_id, can="manage")
    excluded = queries.excluded_reviewers(application.organisation)
    everyone = list(queries.reviewer_pool())
    pool = [person for person in everyone if person.id not in excluded]
    on_panel = queries.panel(application)
    form = AssignForm()
    form.reviewers.choices = [SelectChoice(str(person.id), person.name_or_email)
                              for person in pool if person not in on_panel]
    if form.validate_on_submit():
        chosen = [person for person in pool if str(person.id) in form.reviewers.data]
        for person in chosen:
            try:
                services.assign(application, person, by=current_user)
            except services.AssignmentRefused as refused:
                flash(str(refused), "error")
        if chosen:
            flash(_("The panel has been updated."), "success")
        return redirect(url_for("panel.manage", application_id=application.id))
    suggested = []
    if request.args.get("suggest"):
        suggested = [p for p in queries.suggest_panel(application) if p not in on_panel]
        form.reviewers.data = [str(person.id) for person in suggested]
    # What "Suggest panel" weighs, for choosing by hand too; the same queries however many.
    facts = queries.candidates(everyone + [p for p in on_panel if p not in everyone])
    return render_template(
        "panel/manage.html", application=application, on_panel=on_panel, form=form,
        suggested=suggested, facts=facts, languages=KNOWN_LANGUAGES, today=london_today(),
        composition=queries.composition(application),
        declarations=queries.declarations_on(application),
        assignments=queries.assignments_on(application),
        reviews_by=queries.reviews_on(application), events=queries.trail_of(application),
        excluded_count=len(everyone) - len(pool),
        remove_form=ActionForm(prefix="remove"))


@bp.post("/coordinate/applications/<int:application_id>/panel/<int:reviewer_id>/remove")
@role_required(*COORDINATORS)
def remove(application_id, reviewer_id):
    application = load_or_404(Application.submitted(), application_id, can="manage")
    reviewer = load_or_404(User, reviewer_id, can="manage")
    removed = (ActionForm(prefix="remove").validate_on_submit()
               and services.remove_from_panel(application, reviewer, by=current_user))
    if removed:
        flash(isolated(_("%(name)s is no longer on the panel."), name=reviewer.name_or_email),
              "success")
    return redirect(url_for("panel.manage", application_id=application.id))


# ---------------------------------------------------------------------------- the panel's view

def _agreed_forms(matrix, formdata):
    forms = {}
    for line in matrix.lines:
        prefix = f"g{line.row.criterion_id}"
        if formdata:
            forms[line.row.criterion_id] = AgreedForm(prefix=prefix)
        else:
            forms[line.row.criterion_id] = AgreedForm(prefix=prefix, formdata=None, data={
                "verdict": line.agreed.verdict if line.agreed else None,
                "note": line.agreed.note if line.agreed else ""})
    return forms


def _matrix_page(application, forms=None, status=200):
    matrix = queries.panel_matrix(application)
    is_coordinator = current_user.has_role(*COORDINATORS)
    return render_template(
        "panel/matrix.html", application=application, matrix=matrix,
        verdicts=list(Verdict), counted=COUNTED_VERDICTS, recommendations=list(Recommendation),
        is_coordinator=is_coordinator, round_open=queries.round_is_open(application),
        forms=forms or (_agreed_forms(matrix, formdata=False) if is_coordinator else {}),
        page_form=ActionForm(prefix="agreed")), status


@bp.get("/panel/applications/<int:application_id>/reviews")
@role_required(Role.REVIEWER, *COORDINATORS)
def matrix(application_id):
    """Criteria by reviewer: coordinators, and reviewers once their own review is submitted."""
    application = load_or_404(Application, application_id, can=can_see_panel)
    return _matrix_page(application)


@bp.post("/coordinate/applications/<int:application_id>/agreed")
@role_required(*COORDINATORS)
def agree(application_id):
    application = load_or_404(Application, application_id, can="manage")
    if not ActionForm(prefix="agreed").validate_on_submit():
        abort(400)
    matrix = queries.panel_matrix(application)
    forms = _agreed_forms(matrix, formdata=True)
    if not all(form.validate() for form in forms.values()):
        return _matrix_page(application, forms=forms, status=400)
    try:
        changed = services.record_agreed(
            application, {cid: (form.verdict.data, form.note.data) for cid, form in forms.items()},
            by=current_user)
    except services.ReviewLocked as locked:
        flash(str(locked), "error")
        return redirect(url_for("panel.matrix", application_id=application.id))
    if changed:
        flash(_("The agreed verdicts have been saved."), "success")
    return redirect(url_for("panel.matrix", application_id=application.id, _anchor="agreed"))


# ---------------------------------------------------------------------------- exports

# i18n: column headings of the CSV exports, which spreadsheets read; translate as plain words
APPLICATION_HEADINGS = [_l("reference"), _l("organisation"), _l("stream"), _l("state"),
                        _l("submitted"), _l("reviewers"), _l("reviews submitted")]
# i18n: CSV headings, each the number of reviewers who gave a verdict (Met, Partly met, Not yet
# met, Can't judge); the English keeps the codes the cells use. Translate as plain words
VERDICT_HEADINGS = {Verdict.MET: _l("met"), Verdict.PARTLY_MET: _l("partly_met"),
                    Verdict.NOT_YET_MET: _l("not_yet_met"), Verdict.CANT_JUDGE: _l("cant_judge")}
# i18n: CSV headings, each the number of reviewers who recommended an outcome (award, ask for
# further evidence, not yet); the English keeps the codes. Translate as plain words
RECOMMENDATION_HEADINGS = {Recommendation.AWARD: _l("recommend award"),
                           Recommendation.FURTHER_EVIDENCE: _l("recommend further_evidence"),
                           Recommendation.NOT_YET: _l("recommend not_yet")}
REVIEW_HEADINGS = [_l("reference"), _l("round"), _l("reviewer"), _l("criterion"), _l("verdict"),
                   _l("note"), _l("suggested strengths"), _l("suggested areas to improve"),
                   _l("question"), _l("recommendation"), _l("summary"), _l("submitted")]


@bp.get("/coordinate/applications.csv")
@role_required(*COORDINATORS)
def export_applications():
    """The applications list as filtered on the page, with each one's verdict counts (submitted
    reviews of the reviewers on its panel, "Can't judge" apart) and recommendations."""
    rows = list(applications_query(request.args))
    counts = queries.verdict_counts_for(rows)
    progress = queries.progress_for(rows)

    def lines():
        for application in rows:
            verdicts, recommended = counts.get(application.id, ({}, {}))
            done, panel_size = progress.get(application.id, (0, 0))
            yield [application.reference, application.organisation.name,
                   localize(application.stream.name).text, application.state,
                   (application.submitted_at.date().isoformat()
                    if application.submitted_at else ""),
                   panel_size, done, *[verdicts.get(v, 0) for v in Verdict],
                   *[recommended.get(r, 0) for r in Recommendation]]

    return csv_response("applications.csv",
                        [*APPLICATION_HEADINGS, *[VERDICT_HEADINGS[v] for v in Verdict],
                         *[RECOMMENDATION_HEADINGS[r] for r in Recommendation]], lines())


@bp.get("/coordinate/reviews.csv")
@role_required(*COORDINATORS)
def export_reviews():
    """Every submitted review, one line per criterion."""
    titles = queries.criterion_titles()

    def lines():
        for verdict in queries.submitted_verdicts().iterator():
            review = verdict.review
            application = review.application
            reviewer = review.reviewer
            yield [application.reference, review.round, reviewer.name_or_email,
                   titles.get((application.id, verdict.criterion_id), ""),
                   verdict.verdict or "", verdict.note, verdict.strengths, verdict.feedback,
                   verdict.question,
                   review.recommendation or "", review.summary,
                   review.submitted_at.isoformat(timespec="minutes")]

    return csv_response("reviews.csv", REVIEW_HEADINGS, lines())

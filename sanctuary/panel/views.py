"""The reviewer pool: coordinators record languages and (with consent) lived experience;
reviewers see what is recorded about them, withdraw it, and pause themselves."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404
from wtforms.fields.choices import SelectChoice

from ..accounts.access import role_required
from ..accounts.models import COORDINATORS, Role, User
from ..awards.models import (
    Application,
    ApplicationState,
    Organisation,
    Stream,
    view_granted,
)
from ..awards.services import london_today
from ..core.forms import ActionForm
from ..core.i18n import KNOWN_LANGUAGES
from ..core.templating import isolated
from ..core.text import is_control
from . import reviews, services
from .forms import AssignForm, PauseForm, ReviewerForm
from .models import Assignment, ConflictDeclaration, PanelEvent, Review, ReviewerProfile

bp = Blueprint("panel", __name__)


@bp.get("/coordinate/reviewers")
@role_required(*COORDINATORS)
def reviewers():
    people = list(services.reviewer_pool())
    profiles = {p.user_id: p for p in ReviewerProfile.select().where(
        ReviewerProfile.user.in_([person.id for person in people]))}
    return render_template("panel/reviewers.html", people=people, profiles=profiles,
                           languages=KNOWN_LANGUAGES, today=london_today())


@bp.route("/coordinate/reviewers/<int:user_id>", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit_reviewer(user_id):
    person = User.get_or_none(User.id == user_id)
    if person is None or not person.has_role(Role.REVIEWER):
        abort(404)
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


@bp.route("/panel/profile", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def my_profile():
    profile = ReviewerProfile.for_user(current_user)
    form = PauseForm(data={"paused_until": profile.paused_until})
    if form.validate_on_submit():
        services.set_pause(current_user, form.paused_until.data)
        flash(_("Your availability has been saved."), "success")
        return redirect(url_for("panel.my_profile"))
    return render_template("panel/my_profile.html", profile=profile, form=form,
                           withdraw_form=ActionForm(prefix="withdraw"),
                           languages=KNOWN_LANGUAGES, today=london_today())


@bp.post("/panel/profile/lived-experience/withdraw")
@role_required(Role.REVIEWER)
def withdraw_lived_experience():
    if ActionForm(prefix="withdraw").validate_on_submit():
        services.withdraw_lived_experience(current_user)
        flash(_("We no longer hold any record of lived experience about you."), "success")
    return redirect(url_for("panel.my_profile"))




# ---------------------------------------------------------------------------- coordinators

LISTED_STATES = [state for state in ApplicationState if state != ApplicationState.DRAFT]


def applications_query(args):
    """Submitted applications, newest first, filtered by state, stream and a search of the
    organisation's name or the reference (the list and its CSV export share it)."""
    state = args.get("state", "")
    stream_id = args.get("stream", type=int)
    search = _search_text(args)
    query = (Application.select(Application, Organisation, Stream)
             .join(Organisation).switch(Application).join(Stream)
             .where(Application.state != ApplicationState.DRAFT)
             .order_by(Application.submitted_at.desc()))
    if state in {s.value for s in LISTED_STATES}:
        query = query.where(Application.state == state)
    if stream_id:
        query = query.where(Application.stream == stream_id)
    if search:
        query = query.where(Organisation.name.contains(search)
                            | Application.reference.contains(search))
    return query


def _search_text(args):
    """What was searched for, less control characters: no name or reference has them, and
    PostgreSQL refuses NUL outright."""
    return "".join(char for char in args.get("q", "") if not is_control(char)).strip()


@bp.get("/coordinate/applications")
@role_required(*COORDINATORS)
def applications():
    """Submitted applications with their panel's progress; those whose panel breaks the
    composition rule are flagged. A constant number of queries, however many rows."""
    rows = list(applications_query(request.args))
    return render_template("panel/applications.html", applications=rows,
                           compositions=services.compositions_for(rows),
                           progress=reviews.progress_for(rows), states=LISTED_STATES,
                           streams=list(Stream.ordered()),
                           chosen_state=request.args.get("state", ""),
                           chosen_stream=request.args.get("stream", type=int),
                           search=_search_text(request.args))


def _submitted_application_or_404(application_id):
    return get_object_or_404(Application.submitted(), Application.id == application_id)


@bp.route("/coordinate/applications/<int:application_id>/panel", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def manage(application_id):
    application = _submitted_application_or_404(application_id)
    excluded = services.excluded_reviewers(application.organisation)
    everyone = list(services.reviewer_pool())
    pool = [person for person in everyone if person.id not in excluded]
    on_panel = services.panel(application)
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
        suggested = [p for p in services.suggest_panel(application) if p not in on_panel]
        form.reviewers.data = [str(person.id) for person in suggested]
    # What "Suggest panel" weighs, for choosing by hand too; the same queries however many.
    facts = services.candidates(everyone + [p for p in on_panel if p not in everyone])
    return render_template(
        "panel/manage.html", application=application, on_panel=on_panel, form=form,
        suggested=suggested, facts=facts, languages=KNOWN_LANGUAGES, today=london_today(),
        composition=services.composition(application),
        declarations={d.reviewer_id: d for d in ConflictDeclaration.select().where(
            ConflictDeclaration.application == application)},
        assignments={a.reviewer_id: a for a in Assignment.select().where(
            Assignment.application == application)},
        reviews_by={r.reviewer_id: r for r in Review.select().where(
            (Review.application == application)
            & (Review.round == reviews.current_round(application)))},
        events=list(PanelEvent.select().where(PanelEvent.application == application)
                    .order_by(PanelEvent.at)),
        excluded_count=len(everyone) - len(pool),
        remove_form=ActionForm(prefix="remove"))


@bp.post("/coordinate/applications/<int:application_id>/panel/<int:reviewer_id>/remove")
@role_required(*COORDINATORS)
def remove(application_id, reviewer_id):
    application = _submitted_application_or_404(application_id)
    reviewer = User.get_or_none(User.id == reviewer_id)
    if reviewer is None:
        abort(404)
    removed = (ActionForm(prefix="remove").validate_on_submit()
               and services.remove_from_panel(application, reviewer, by=current_user))
    if removed:
        flash(isolated(_("%(name)s is no longer on the panel."), name=reviewer.name_or_email),
              "success")
    return redirect(url_for("panel.manage", application_id=application.id))


# ---------------------------------------------------------------------------- reviewers

@bp.get("/panel/assignments")
@role_required(Role.REVIEWER)
def assignments():
    """The reviewer's panels: to declare, in progress (criteria judged so far), submitted."""
    rows = list(Assignment.select(Assignment, Application, Organisation)
                .join(Application).join(Organisation)
                .where((Assignment.reviewer == current_user) & Assignment.active())
                .order_by(Assignment.due_on))
    declared = {d.application_id: d for d in ConflictDeclaration.select().where(
        ConflictDeclaration.reviewer == current_user)}
    own = {r.application_id: r for r in Review.select().join(Application).where(
        (Review.reviewer == current_user) & (Review.round == Application.review_round))}
    return render_template("panel/assignments.html", rows=rows, declared=declared, own=own,
                           done=reviews.criteria_done(list(own.values())),
                           sizes=reviews.criteria_counts([row.application for row in rows]),
                           today=london_today())


def init_app(app):
    from . import review_views  # noqa: F401 - its routes join this blueprint

    app.register_blueprint(bp)
    # Assigned reviewers who declared no conflict may read the application and its evidence.
    view_granted.connect(services.can_review)

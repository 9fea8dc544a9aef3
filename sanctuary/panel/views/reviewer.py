"""Reviewers' pages: their profile, their assignments, the declaration and their own review
(rows saved one at a time)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import Role
from ...awards.models import Application, Principle
from ...awards.queries import answer_rows
from ...core.clock import london_today
from ...core.errors import ALERT_HEADER
from ...core.forms import ActionForm, new_edit_id
from ...core.i18n import KNOWN_LANGUAGES
from ...core.permissions import load_or_404
from ...extensions import htmx
from .. import queries, services
from ..forms import DeclarationForm, OverallForm, PauseForm, ReviewPageForm, VerdictForm
from ..models import ReviewerProfile, Verdict, can_open_review, can_review
from . import bp


@bp.route("/panel/profile", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def my_profile():
    profile = ReviewerProfile.for_user(current_user)
    form = PauseForm(data={"paused_until": profile.paused_until})
    if form.validate_on_submit():
        services.set_pause(form.paused_until.data, by=current_user)
        flash(_("Your availability has been saved."), "success")
        return redirect(url_for("panel.my_profile"))
    return render_template("panel/my_profile.html", profile=profile, form=form,
                           withdraw_form=ActionForm(prefix="withdraw"),
                           languages=KNOWN_LANGUAGES, today=london_today())


@bp.post("/panel/profile/lived-experience/withdraw")
@role_required(Role.REVIEWER)
def withdraw_lived_experience():
    if ActionForm(prefix="withdraw").validate_on_submit():
        services.withdraw_lived_experience(by=current_user)
        flash(_("We no longer hold any record of lived experience about you."), "success")
    return redirect(url_for("panel.my_profile"))


@bp.get("/panel/assignments")
@role_required(Role.REVIEWER)
def assignments():
    """The reviewer's panels: to declare, in progress (criteria judged so far), submitted."""
    rows = queries.assignments_of(current_user)
    own = queries.own_reviews(current_user)
    return render_template("panel/assignments.html", rows=rows,
                           declared=queries.declarations_by(current_user), own=own,
                           done=queries.criteria_done(list(own.values())),
                           sizes=queries.criteria_counts([row.application for row in rows]),
                           today=london_today())


def _verdict_form(criterion_id, verdict=None, formdata=True):
    prefix = f"c{criterion_id}"
    if formdata:
        return VerdictForm(prefix=prefix)
    return VerdictForm(prefix=prefix, formdata=None, data={
        "verdict": verdict.verdict if verdict else None,
        "note": verdict.note if verdict else "",
        "strengths": verdict.strengths if verdict else "",
        "feedback": verdict.feedback if verdict else "",
        "question": verdict.question if verdict else "",
        "version": verdict.version if verdict else 0})


def _posted_edit_id():
    """The edit id of the page load a save comes from (refused if it is not one of ours)."""
    page = ReviewPageForm()
    if not page.validate():
        abort(400)
    return page.edit_id.data


def _save_row(application, criterion_id, form):
    """Save one posted row as the page sent it; returns the row, or raises ChangedElsewhere."""
    return services.save_verdict(
        application, criterion_id, by=current_user, verdict=form.verdict.data,
        note=form.note.data or "", strengths=form.strengths.data or "",
        feedback=form.feedback.data or "", question=form.question.data or "",
        version=form.base_version, edit_id=_posted_edit_id())


def _overall_form(review=None, formdata=True):
    if formdata:
        return OverallForm(prefix="overall")
    return OverallForm(prefix="overall", formdata=None, data={
        "recommendation": review.recommendation if review else None,
        "summary": review.summary if review else ""})


def _save_posted(application, rows):
    """Save every row and the overall part from the posted review form. Returns the forms (with
    anything typed, and errors), the rows changed elsewhere meanwhile, and whether all saved."""
    forms, conflicts, ok = {}, {}, True
    for row in rows:
        form = forms[row.criterion_id] = _verdict_form(row.criterion_id)
        if not form.validate():
            ok = False
            continue
        try:
            _save_row(application, row.criterion_id, form)
        except services.ChangedElsewhere as changed:
            conflicts[row.criterion_id] = changed.current
            ok = False
    overall = _overall_form()
    if overall.validate():
        services.save_overall(application, by=current_user,
                             recommendation=overall.recommendation.data,
                             summary=overall.summary.data or "")
    else:
        ok = False
    return forms, conflicts, overall, ok


def _review_page(application, *, forms=None, conflicts=None, overall=None, missing=(),
                 status=200):
    rows = answer_rows(application)
    review = queries.review_of(application, current_user)
    given = queries.verdicts_of(review)
    # This page load's edit id: its saves never conflict with each other. A page shown again
    # after a post goes on as the same page.
    edit_id = (_posted_edit_id() if request.method == "POST" else None) or new_edit_id()
    forms = {**{row.criterion_id: _verdict_form(row.criterion_id, given.get(row.criterion_id),
                                                formdata=False)
                for row in rows}, **(forms or {})}
    overall = overall or _overall_form(review, formdata=False)
    assignment = queries.assignment_of(application, current_user)
    return render_template(
        "panel/review.html", application=application, rows=rows, principles=list(Principle),
        assignment=assignment, review=review, given=given, forms=forms, overall=overall,
        earlier_given=queries.verdicts_of(queries.review_of(
            application, current_user, application.review_round - 1))
        if application.review_round > 1 else {},
        missing=missing, verdict_hints={v.value: v.hint for v in Verdict},
        page_form=ReviewPageForm(formdata=None, data={"edit_id": edit_id}),
        conflicts=conflicts or {},
        reopen_form=ActionForm(prefix="reopen"),
        round_open=queries.round_is_open(application),
        has_errors=bool(missing) or any(f.errors for f in [*forms.values(), overall])), status


@bp.route("/panel/applications/<int:application_id>", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def review(application_id):
    """First the declaration (showing only the organisation's name), then the review: one row
    per criterion with the applicant's answer and files, then the recommendation."""
    application = load_or_404(Application, application_id, can=can_open_review)
    if queries.declaration_of(application, current_user) is None:
        return _declare(application)
    if request.method == "GET":
        return _review_page(application)
    if not ReviewPageForm().validate_on_submit():
        abort(400)
    try:
        forms, conflicts, overall, ok = _save_posted(application, answer_rows(application))
        if not ok:
            return _review_page(application, forms=forms, conflicts=conflicts, overall=overall,
                                status=409 if conflicts else 400)
        if request.form.get("action") == "submit":
            missing = services.submit_review(application, by=current_user)
            if missing:
                return _review_page(application, missing=missing, status=400)
            flash(_("Thank you: your review has been submitted. You can now see the panel's "
                    "reviews."), "success")
            return redirect(url_for("panel.matrix", application_id=application.id))
    except services.ReviewLocked as locked:
        flash(str(locked), "error")
        return redirect(url_for("panel.review", application_id=application.id))
    flash(_("Your review has been saved."), "success")
    return redirect(url_for("panel.review", application_id=application.id))


def _declare(application):
    form = DeclarationForm()
    if form.validate_on_submit():
        conflict = form.conflict.data != "no"
        services.declare(application, by=current_user, has_conflict=conflict,
                         reason=form.conflict.data if conflict else None,
                         note=form.note.data or "")
        if conflict:
            flash(_("Thank you. You are no longer on this panel, and the coordinators will "
                    "find someone else."), "success")
            return redirect(url_for("panel.assignments"))
        return redirect(url_for("panel.review", application_id=application.id))
    return render_template("panel/declare.html", application=application, form=form)


def _locked_response(locked, application, anchor=None):
    if htmx:
        return (render_template("core/_alert.html", title=_("Not saved"), message=str(locked)),
                409, {ALERT_HEADER: "1"})
    flash(str(locked), "error")
    return redirect(url_for("panel.review", application_id=application.id, _anchor=anchor))


@bp.post("/panel/applications/<int:application_id>/review/<int:criterion_id>")
@role_required(Role.REVIEWER)
def save_verdict(application_id, criterion_id):
    """One row of the review, saved on its own (htmx), answered with out-of-band swaps of its
    status only. Without htmx it saves the row and goes back to it."""
    application = load_or_404(Application, application_id, can=can_review)
    if not queries.was_answered(application, criterion_id):
        abort(404)
    form = _verdict_form(criterion_id)
    saved = conflict = None
    if form.validate():
        try:
            saved = _save_row(application, criterion_id, form)
        except services.ReviewLocked as locked:
            return _locked_response(locked, application, f"row-{criterion_id}")
        except services.ChangedElsewhere as changed:
            conflict = changed.current
    if htmx:
        return render_template("panel/_verdict_saved.html", application=application,
                               criterion_id=criterion_id,
                               saved=saved, conflict=conflict, form=form)
    if saved is None:
        return _review_page(application, forms={criterion_id: form},
                            conflicts={criterion_id: conflict} if conflict else None,
                            status=409 if conflict else 400)
    flash(_("Saved."), "success")
    return redirect(url_for("panel.review", application_id=application.id,
                            _anchor=f"row-{criterion_id}"))


@bp.post("/panel/applications/<int:application_id>/review/overall")
@role_required(Role.REVIEWER)
def save_overall(application_id):
    application = load_or_404(Application, application_id, can=can_review)
    form = _overall_form()
    saved = None
    if form.validate():
        try:
            saved = services.save_overall(application, by=current_user,
                                         recommendation=form.recommendation.data,
                                         summary=form.summary.data or "")
        except services.ReviewLocked as locked:
            return _locked_response(locked, application, "overall")
    if htmx:
        return render_template("panel/_saved.html", target="status-overall", saved=saved,
                               form=form)
    if saved is None:
        return _review_page(application, overall=form, status=400)
    flash(_("Saved."), "success")
    return redirect(url_for("panel.review", application_id=application.id, _anchor="overall"))


@bp.post("/panel/applications/<int:application_id>/review/reopen")
@role_required(Role.REVIEWER)
def reopen(application_id):
    application = load_or_404(Application, application_id, can=can_review)
    if ActionForm(prefix="reopen").validate_on_submit():
        try:
            if services.reopen_review(application, by=current_user):
                flash(_("Your review is open again. Submit it again when you are done."),
                      "success")
        except services.ReviewLocked as locked:
            flash(str(locked), "error")
    return redirect(url_for("panel.review", application_id=application.id))



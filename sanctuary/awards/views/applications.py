"""Applicants' pages for an application: the task list, and the Learn, Embed and Share sections
whose answers save as people type."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import login_required
from ...core.audit import Visibility
from ...core.forms import ActionForm, new_edit_id
from ...core.permissions import load_or_404
from ...core.translated import localize
from ...extensions import htmx
from .. import services
from ..forms import AnswerForm
from ..models import (
    Answer,
    Application,
    ApplicationState,
    Criterion,
    Evidence,
    Organisation,
    PledgeSignature,
    Principle,
)
from ..queries import (
    SectionStatus,
    answer_rows,
    award_status,
    criteria_with_files,
    criterion_sections,
    recorded_by_criterion,
    section_of,
    timeline_of,
)
from . import bp


def changeable_in(application):
    """The predicate for a criterion of `application`: whether its answer and files may change
    now (every criterion of a draft; while further evidence is asked for, the ones asked about)."""
    return lambda criterion, user: application.can_change_criterion(criterion.id)


def _answers(application):
    return {a.criterion_id: a for a in Answer.select().where(Answer.application == application)}


@bp.post("/organisations/<int:organisation_id>/applications")
@login_required
def start_application(organisation_id):
    organisation = load_or_404(Organisation, organisation_id, can="edit")
    if not ActionForm().validate_on_submit():
        abort(400)
    application = services.start_application(organisation, by=current_user)
    return redirect(url_for("awards.application", application_id=application.id))


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id):
    application = load_or_404(Application, application_id, can="view")
    if application.state != ApplicationState.DRAFT:
        return render_template("awards/status.html", application=application,
                               events=timeline_of(application, audience=Visibility.SUBJECT),
                               rows=answer_rows(application), principles=list(Principle),
                               can_withdraw=application.can_withdraw(current_user),
                               award_status=award_status(application))
    criteria = Criterion.in_use(application.stream)
    signed = PledgeSignature.select().where(
        PledgeSignature.organisation == application.organisation).exists()
    sections = criterion_sections(application, criteria, _answers(application),
                                  criteria_with_files(application))
    pledge_status = SectionStatus.COMPLETED if signed else SectionStatus.NOT_STARTED
    # The task list: about the organisation (done once it is registered), the pledge, each
    # principle's criteria, then checking and submitting (never done on a draft).
    steps = [SectionStatus.COMPLETED, pledge_status, *(s.status for s in sections),
             SectionStatus.NOT_STARTED]
    return render_template(
        "awards/application.html", application=application, sections=sections,
        about_status=steps[0], pledge_status=pledge_status, check_status=steps[-1],
        completed=steps.count(SectionStatus.COMPLETED), total=len(steps))


def _section_criteria(application, principle):
    """The principle's criteria that can change now (all of them in a draft)."""
    return [c for c in Criterion.in_use(application.stream)
            if c.principle == principle and application.can_change_criterion(c.id)]


def _answer_form(criterion, answer, formdata=True, edit_id=None):
    prefix = f"a{criterion.id}"
    if formdata:
        return AnswerForm(prefix=prefix)
    return AnswerForm(prefix=prefix, formdata=None, data={
        "doing_now": answer.doing_now if answer else "",
        "next_steps": answer.next_steps if answer else "",
        "target_date": answer.target_date if answer else None,
        "version": answer.version if answer else 0, "edit_id": edit_id})


@bp.route("/applications/<int:application_id>/<any(learn, embed, share):principle>",
          methods=["GET", "POST"])
@login_required
def section(application_id, principle):
    application = load_or_404(Application, application_id, can="edit")
    criteria = _section_criteria(application, principle)
    if not criteria:
        abort(404)
    answers = _answers(application)
    page_form = ActionForm()
    posted = page_form.validate_on_submit()
    forms, conflicts = {}, {}
    edit_id = new_edit_id()  # this page load's: its saves never conflict with each other
    for criterion in criteria:
        form = _answer_form(criterion, answers.get(criterion.id), formdata=posted,
                            edit_id=edit_id)
        forms[criterion.id] = form
        if posted and form.validate():
            answer, saved = services.save_answer(
                application, criterion, doing_now=form.doing_now.data or "",
                next_steps=form.next_steps.data or "", target_date=form.target_date.data,
                version=form.base_version, edit_id=form.edit_id.data, by=current_user)
            answers[criterion.id] = answer
            if saved:
                form.version.data, form.overwrite.data = answer.version, None
            else:
                conflicts[criterion.id] = answer
    if posted and not conflicts and not any(f.errors for f in forms.values()):
        flash(_("Your answers have been saved."), "success")
        evidence_for = request.form.get("evidence", type=int)
        if evidence_for in {c.id for c in criteria}:  # "Save and add evidence" was pressed
            return redirect(url_for("awards.evidence", application_id=application.id,
                                    criterion_id=evidence_for))
        return redirect(url_for("awards.application", application_id=application.id))
    files = {}
    for item in Evidence.select().where(Evidence.application == application).order_by(Evidence.id):
        files.setdefault(item.criterion_id, []).append(item)
    recorded = recorded_by_criterion(application)
    changed_elsewhere = [
        {"anchor": f"answer-{criterion.id}",
         "message": _("Not saved, changed elsewhere: %(criterion)s",
                      criterion=localize(criterion.title).text)}
        for criterion in criteria if criterion.id in conflicts]
    return render_template("awards/application_section.html", application=application,
                           principle=Principle(principle), criteria=criteria, forms=forms,
                           answers=answers, conflicts=conflicts, page_form=page_form, files=files,
                           recorded=recorded, changed_elsewhere=changed_elsewhere,
                           progress=section_of(principle, criteria, answers,
                                               set(files) | set(recorded)))


@bp.post("/applications/<int:application_id>/answers/<int:criterion_id>")
@login_required
def save_answer(application_id, criterion_id):
    """Autosave of one answer (htmx). It answers with out-of-band swaps of the save status, the
    version and the conflict panel only, never the fields the person is typing in."""
    application = load_or_404(Application, application_id, can="edit")
    criterion = load_or_404(Criterion, criterion_id, where=Criterion.stream == application.stream,
                            can=changeable_in(application))
    form = _answer_form(criterion, None)
    # An autosave comes while the person types: a date typed halfway is not wrong, just not a
    # date yet, so the rest is saved without it and no error is shown. Save says what is wrong.
    form.target_date.waiting = bool(htmx)
    answer, saved = None, False
    if form.validate():
        answer, saved = services.save_answer(
            application, criterion, doing_now=form.doing_now.data or "",
            next_steps=form.next_steps.data or "", target_date=form.target_date.data,
            keep_target_date=form.target_date.incomplete,
            version=form.base_version, edit_id=form.edit_id.data, by=current_user)
    if not htmx:
        if saved:
            flash(_("Your answer has been saved."), "success")
        return redirect(url_for("awards.section", application_id=application.id,
                                principle=criterion.principle, _anchor=f"answer-{criterion.id}"))
    return render_template("awards/_answer_saved.html", criterion=criterion, answer=answer,
                           saved=saved, form=form, date_waiting=form.target_date.incomplete)

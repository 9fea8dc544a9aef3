"""Coordinators' pages: the award criteria of each stream, which stream each kind of
organisation uses, the wording of the pledge, a read-only view of each submitted application,
and application rounds. (The list of applications, with panel progress, is the panel's.)"""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.audit import Visibility
from ...core.clock import london_today
from ...core.forms import ActionForm
from ...core.i18n import current_language_code, enabled_languages
from ...core.permissions import load_or_404
from ...core.translated import localize
from .. import services
from ..forms import (
    RoundForm,
    build_criterion_form,
    build_pledge_text_form,
    build_stream_assignment_form,
)
from ..models import (
    Application,
    Criterion,
    CriterionTag,
    OrganisationKind,
    PledgeText,
    Principle,
    Round,
    Stream,
    StreamAssignment,
)
from ..queries import answer_rows, timeline_of
from . import bp

TAG_HINTS = {tag.value: tag.hint for tag in CriterionTag}


@bp.get("/coordinate/criteria")
@role_required(*COORDINATORS)
def criteria():
    streams = list(Stream.ordered())
    criteria_by_stream = {}
    for criterion in Criterion.select().order_by(Criterion.position, Criterion.id):
        criteria_by_stream.setdefault(criterion.stream_id, []).append(criterion)
    return render_template("awards/coordinate_criteria.html", streams=streams,
                           criteria_by_stream=criteria_by_stream, principles=list(Principle),
                           tags=list(CriterionTag), form=ActionForm())


@bp.route("/coordinate/streams/<int:stream_id>/criteria/new", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def new_criterion(stream_id):
    stream = load_or_404(Stream, stream_id, can="manage")
    form = build_criterion_form(enabled_languages())()
    if form.validate_on_submit():
        services.save_criterion(stream=stream, principle=form.principle.data,
                                titles=form.texts("title"), guidances=form.texts("guidance"),
                                evidence_required=form.evidence_required.data,
                                evidence_hints=form.texts("evidence_hint"), tags=form.tags.data)
        flash(_("The criterion has been added."), "success")
        return redirect(url_for("awards.criteria", _anchor=f"stream-{stream.id}"))
    return render_template("awards/criterion_form.html", form=form, stream=stream, criterion=None,
                           languages=enabled_languages(), tag_hints=TAG_HINTS)


@bp.route("/coordinate/criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit_criterion(criterion_id):
    criterion = load_or_404(Criterion, criterion_id, can="manage")
    languages = enabled_languages()
    initial = {"principle": criterion.principle, "evidence_required": criterion.evidence_required,
               "tags": list(criterion.tags or ())}
    for language in languages:
        initial[f"title_{language.code}"] = criterion.title.get(language.code, "")
        initial[f"guidance_{language.code}"] = criterion.guidance.get(language.code, "")
        initial[f"evidence_hint_{language.code}"] = criterion.evidence_hint.get(language.code, "")
    form = build_criterion_form(languages)(data=initial)
    if form.validate_on_submit():
        services.save_criterion(criterion, stream=criterion.stream, principle=form.principle.data,
                                titles=form.texts("title"), guidances=form.texts("guidance"),
                                evidence_required=form.evidence_required.data,
                                evidence_hints=form.texts("evidence_hint"), tags=form.tags.data)
        flash(_("The criterion has been saved."), "success")
        return redirect(url_for("awards.criteria", _anchor=f"criterion-{criterion.id}"))
    return render_template("awards/criterion_form.html", form=form, stream=criterion.stream,
                           criterion=criterion, languages=languages, tag_hints=TAG_HINTS)


@bp.post("/coordinate/criteria/<int:criterion_id>/<any(up, down, retire, restore):action>")
@role_required(*COORDINATORS)
def change_criterion(criterion_id, action):
    criterion = load_or_404(Criterion, criterion_id, can="manage")
    if ActionForm().validate_on_submit():
        if action in ("up", "down"):
            services.move_criterion(criterion, up=action == "up")
        elif action == "retire":
            services.retire_criterion(criterion)
            flash(_("The criterion is retired: new applications will not be asked it."), "success")
        else:
            services.restore_criterion(criterion)
            flash(_("The criterion is back in use."), "success")
    return redirect(url_for("awards.criteria", _anchor=f"criterion-{criterion.id}"))


@bp.route("/coordinate/streams", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def stream_assignments():
    streams = list(Stream.ordered())
    current = {a.kind: str(a.stream_id) for a in StreamAssignment.select()}
    form_class = build_stream_assignment_form(streams, current_language_code())
    form = form_class(data={f"kind_{kind}": stream_id for kind, stream_id in current.items()})
    if form.validate_on_submit():
        by_id = {str(stream.id): stream for stream in streams}
        for kind in OrganisationKind:
            services.assign_stream(kind.value, by_id[form[f"kind_{kind.value}"].data])
        flash(_("Your changes have been saved."), "success")
        return redirect(url_for("awards.stream_assignments"))
    return render_template("awards/stream_assignments.html", form=form,
                           kinds=list(OrganisationKind))


@bp.route("/coordinate/pledge", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def pledge_text():
    languages = enabled_languages()
    current = PledgeText.current()
    form = build_pledge_text_form(languages)(
        data={f"text_{language.code}": current.text.get(language.code, "")
              for language in languages})
    if form.validate_on_submit():
        services.set_pledge_text(form.texts("text"), by=current_user)
        flash(_("The new wording of the pledge is in use. Organisations that signed before keep "
                "the wording they signed."), "success")
        return redirect(url_for("awards.pledge_text"))
    return render_template("awards/pledge_text_form.html", form=form, languages=languages,
                           localize=localize)


@bp.get("/coordinate/applications/<int:application_id>")
@role_required(*COORDINATORS)
def review_application(application_id):
    application = load_or_404(Application.submitted(), application_id, can="manage")
    events = timeline_of(application, audience=Visibility.STAFF)
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
                           today=london_today())


@bp.post("/coordinate/rounds/<int:round_id>/<any(open, close):action>")
@role_required(*COORDINATORS)
def change_round(round_id, action):
    round_ = load_or_404(Round, round_id, can="manage")
    if ActionForm().validate_on_submit():
        services.set_round_open(round_, action == "open")
        flash(_("The round is open.") if action == "open" else _("The round is closed."),
              "success")
    return redirect(url_for("awards.rounds"))

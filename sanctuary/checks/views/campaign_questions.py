"""A campaign's questions: added, reworded (a new version), moved, retired and restored."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.forms import ActionForm
from ...core.i18n import enabled_languages
from ...core.permissions import load_or_404
from .. import services
from ..forms import build_question_form, build_reword_form
from ..models import Campaign, Question
from . import bp
from .campaigns import render_campaign


def _back(question):
    return redirect(url_for("checks.campaign", campaign_id=question.campaign_id,
                            _anchor=f"question-{question.id}"))


@bp.post("/coordinate/checks/campaigns/<int:campaign_id>/questions")
@role_required(*COORDINATORS)
def add_question(campaign_id):
    campaign = load_or_404(Campaign, campaign_id, can="manage")
    form = build_question_form(enabled_languages())()
    if form.validate_on_submit():
        try:
            question = services.add_question(campaign, texts=form.texts("wording"),
                                             good=form.good_answer, scored=form.scored.data,
                                             by=current_user)
            flash(_("The question is added."), "success")
            return _back(question)
        except services.CampaignRefused as refused:
            form.scored.errors = [*form.scored.errors, refused.message]
    return render_campaign(campaign, question_form=form)


@bp.route("/coordinate/checks/questions/<int:question_id>/reword", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def reword_question(question_id):
    question = load_or_404(Question, question_id, can=lambda q, user: q.campaign.can_manage(user))
    languages = enabled_languages()
    wording = services.current_wording(question)
    form = build_reword_form(languages)(
        data={f"wording_{language.code}": wording.text.get(language.code, "")
              for language in languages})
    if form.validate_on_submit():
        services.reword_question(question, texts=form.texts("wording"), by=current_user)
        flash(_("The new wording is in use. Reports made before keep the wording they answered."),
              "success")
        return _back(question)
    return render_template("checks/reword.html", form=form, question=question, wording=wording,
                           languages=languages)


@bp.post("/coordinate/checks/questions/<int:question_id>/"
         "<any(up, down, retire, restore, score, unscore):action>")
@role_required(*COORDINATORS)
def change_question(question_id, action):
    question = load_or_404(Question, question_id, can=lambda q, user: q.campaign.can_manage(user))
    if ActionForm().validate_on_submit():
        try:
            if action in ("up", "down"):
                services.move_question(question, up=action == "up")
            elif action == "retire":
                services.retire_question(question, by=current_user)
                flash(_("The question is retired: checkers will not be asked it."), "success")
            elif action == "restore":
                services.restore_question(question, by=current_user)
                flash(_("The question is back in use."), "success")
            else:
                services.set_scored(question, scored=action == "score", by=current_user)
                flash(_("The scoring is changed."), "success")
        except services.CampaignRefused as refused:
            flash(refused.message, "error")
    return _back(question)

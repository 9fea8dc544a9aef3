"""Coordinators' campaigns of checks: the list, a campaign's page (state, code, questions,
what checkers read), creating and editing it."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.forms import ActionForm
from ...core.i18n import enabled_languages
from ...core.permissions import load_or_404
from ...core.states import TransitionRefused
from .. import queries, services
from ..forms import build_campaign_form, build_question_form
from ..models import Campaign, CampaignState
from . import bp


@bp.get("/coordinate/checks")
@role_required(*COORDINATORS)
def campaigns():
    return render_template("checks/campaigns.html", campaigns=queries.campaigns_with_progress())


def render_campaign(campaign, *, question_form=None, status=200):
    current, retired = queries.campaign_questions(campaign)
    languages = enabled_languages()
    return render_template(
        "checks/campaign.html", campaign=campaign, questions=current, retired=retired,
        rule=services.scoring_rule(campaign), languages=languages, form=ActionForm(),
        question_form=question_form or build_question_form(languages)(formdata=None),
        states=CampaignState,
        slot_progress=queries.slots.progress(queries.slots.campaign_slots(campaign))), status


@bp.get("/coordinate/checks/campaigns/<int:campaign_id>")
@role_required(*COORDINATORS)
def campaign(campaign_id):
    return render_campaign(load_or_404(Campaign, campaign_id, can="manage"))


def _texts_of(campaign, languages):
    initial = {"starts_on": campaign.starts_on, "ends_on": campaign.ends_on}
    for language in languages:
        for name in ("title", "briefing", "script"):
            initial[f"{name}_{language.code}"] = (getattr(campaign, name) or {}).get(
                language.code, "")
    return initial


@bp.route("/coordinate/checks/campaigns/new", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def new_campaign():
    languages = enabled_languages()
    form = build_campaign_form(languages)()
    if form.validate_on_submit():
        created = services.create_campaign(**form.values(), by=current_user)
        flash(_("The campaign is created as a draft, with the usual questions."), "success")
        return redirect(url_for("checks.campaign", campaign_id=created.id))
    return render_template("checks/campaign_form.html", form=form, campaign=None,
                           languages=languages)


@bp.route("/coordinate/checks/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def edit_campaign(campaign_id):
    campaign = load_or_404(Campaign, campaign_id, can="manage")
    languages = enabled_languages()
    form = build_campaign_form(languages)(data=_texts_of(campaign, languages))
    if form.validate_on_submit():
        services.edit_campaign(campaign, **form.values(), by=current_user)
        flash(_("Your changes have been saved."), "success")
        return redirect(url_for("checks.campaign", campaign_id=campaign.id))
    return render_template("checks/campaign_form.html", form=form, campaign=campaign,
                           languages=languages)


MOVES = {"open": services.open_campaign, "close": services.close_campaign,
         "reopen": services.reopen_campaign}


@bp.post("/coordinate/checks/campaigns/<int:campaign_id>/<any(open, close, reopen):move>")
@role_required(*COORDINATORS)
def move_campaign(campaign_id, move):
    campaign = load_or_404(Campaign, campaign_id, can="manage")
    if ActionForm().validate_on_submit():
        try:
            MOVES[move](campaign, by=current_user)
            flash(_("The campaign is now: %(state)s.", state=campaign.state_member.label),
                  "success")
        except TransitionRefused:
            flash(_("The campaign changed meanwhile: look at it again."), "error")
    return redirect(url_for("checks.campaign", campaign_id=campaign.id))


@bp.post("/coordinate/checks/campaigns/<int:campaign_id>/code")
@role_required(*COORDINATORS)
def change_code(campaign_id):
    campaign = load_or_404(Campaign, campaign_id, can="manage")
    if ActionForm().validate_on_submit():
        services.change_code(campaign, by=current_user)
        flash(_("The campaign has a new code. Checkers given the old code can no longer book."),
              "success")
    return redirect(url_for("checks.campaign", campaign_id=campaign.id, _anchor="code"))


from . import campaign_questions  # noqa: E402,F401 - the questions' routes

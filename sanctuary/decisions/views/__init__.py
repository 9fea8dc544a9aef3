"""The decisions blueprint (coordinator: deciding; applicant: further evidence) and what
decisions adds to the pages of the features below it."""
from flask import Blueprint

from ...awards.models import ApplicationState, criteria_asked_about
from ...core.forms import ActionForm
from ...core.hooks import page_parts
from ...core.jobs import reminders
from .. import queries, services

bp = Blueprint("decisions", __name__)


from . import applicant, coordinator  # noqa: E402,F401 - each adds its routes to bp


def status_context(application):
    """What the applicant's status page shows about decisions (a template global)."""
    return {
        "decisions": queries.sent_decisions(application),
        "requested": queries.requested_criteria(application),
        "request": queries.last_sent(application)
        if application.state == ApplicationState.FURTHER_EVIDENCE else None,
        "form": ActionForm(formdata=None),
    }


# Decisions' fragments in the pages of the features below it (core.hooks.page_parts).
PAGE_PARTS = {
    "awards.status": "decisions/_status.html",  # further evidence asked for, the decisions sent
    "panel.review": "decisions/_further_evidence_sent.html",  # what the panel asked for
    "panel.matrix": "decisions/_record_decision.html",  # for coordinators: decide
}


def page_parts_for(place, **context):
    return [PAGE_PARTS[place]] if place in PAGE_PARTS else []


def init_app(app):
    app.register_blueprint(bp)
    page_parts.connect(page_parts_for)
    reminders.connect(services.reminders_for)
    app.jinja_env.globals["decision_status"] = status_context
    app.jinja_env.globals["further_evidence_request"] = queries.further_evidence_request
    app.jinja_env.globals["can_decide"] = queries.can_decide
    criteria_asked_about.connect(queries.requested_criteria)

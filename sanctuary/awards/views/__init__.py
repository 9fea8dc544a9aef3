"""The awards blueprint, its modules by audience: applicants' pages, split by topic
(organisations, applications, evidence, submission, award), coordinators' (coordinator) and
everyone's (public)."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ...core.hooks import Card, dashboard_cards
from ...core.jobs import reminders
from .. import services

bp = Blueprint("awards", __name__)

from . import (  # noqa: E402,F401 - each adds its routes to bp
    applications,
    award,
    coordinator,
    evidence,
    organisations,
    public,
    submission,
)


def dashboard_cards_for(user):
    """The award side's part of the dashboard: the person's organisations (for the public, or
    staff who belong to one), and for coordinators the rounds, criteria and the pledge."""
    from ...accounts.models import COORDINATORS
    from ..models import Organisation

    cards = []
    if not user.is_staff or Organisation.of_user(user).exists():
        cards.append(Card(0, template="awards/_dashboard.html"))
    if user.has_role(*COORDINATORS):
        cards += [
            Card(40, "awards.rounds", _l("Application rounds"),
                 _l("Open and close the periods in which applications can be submitted.")),
            Card(50, "awards.criteria", _l("Award criteria"),
                 _l("Add, reword, reorder or retire the criteria of each stream, in every "
                    "language.")),
            Card(60, "awards.pledge_text", _l("The wording of the pledge"),
                 _l("Change the text organisations sign, in every language.")),
        ]
    return cards


def init_app(app):
    from ..models import Organisation
    from ..queries import recorded_summary

    app.register_blueprint(bp)
    dashboard_cards.connect(dashboard_cards_for)
    reminders.connect(services.reminders_for)
    app.jinja_env.globals["organisations_of"] = lambda user: list(Organisation.of_user(user))
    # One recorded row in a line (the panel's pages use it too).
    app.jinja_env.globals["recorded_summary"] = recorded_summary

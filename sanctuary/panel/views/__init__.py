"""The panel blueprint: coordinators' pages (coordinator.py) and reviewers' (reviewer.py)."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ...accounts.models import COORDINATORS, Role
from ...awards.models import view_granted
from ...core.hooks import Card, dashboard_cards
from ...core.jobs import reminders
from .. import services
from ..models import can_review

bp = Blueprint("panel", __name__)

from . import coordinator, reviewer  # noqa: E402,F401 - each adds its routes to bp


def dashboard_cards_for(user):
    """The panel's cards: the applications and the reviewer pool for coordinators; a reviewer's
    assignments and what is held about them."""
    cards = []
    if user.has_role(*COORDINATORS):
        cards += [
            Card(20, "panel.applications", _l("Applications"),
                 _l("Submitted Sanctuary Award applications, by status and stream.")),
            Card(30, "panel.reviewers", _l("Reviewers"),
                 _l("The languages each reviewer reads, lived experience (with consent), and "
                    "who is available.")),
        ]
    if user.has_role(Role.REVIEWER):
        cards += [
            Card(70, "panel.assignments", _l("Your assignments"),
                 _l("Applications you have been asked to review, with their due dates.")),
            Card(75, "panel.my_profile", _l("What we hold about you as a reviewer"),
                 _l("See it, withdraw your lived-experience record, or pause yourself.")),
        ]
    return cards


def init_app(app):
    app.register_blueprint(bp)
    dashboard_cards.connect(dashboard_cards_for)
    reminders.connect(services.reminders_for)
    # Assigned reviewers who declared no conflict may read the application and its evidence.
    view_granted.connect(can_review)

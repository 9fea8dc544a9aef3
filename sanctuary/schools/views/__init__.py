"""The school sessions blueprint: the public availability page, schools' requests and bookings
(signed in, or through a booking's manage link), and the coordinators' screens."""
from flask import Blueprint

from ...core.hooks import Card, dashboard_cards
from ...core.jobs import reminders
from .. import queries, services

bp = Blueprint("schools", __name__)


from . import coordinator, manage, public, school  # noqa: E402,F401 - each adds its routes to bp


def dashboard_cards_for(user):
    """A school's members see their bookings on their dashboard; nobody else sees a thing."""
    return [Card(5, template="schools/_dashboard.html")] if queries.schools_of(user) else []


def init_app(app):
    app.register_blueprint(bp)
    dashboard_cards.connect(dashboard_cards_for)
    reminders.connect(services.reminders_for)
    app.jinja_env.globals["school_bookings_of"] = queries.bookings_of

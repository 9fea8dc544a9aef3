"""The school sessions blueprint: the public availability page, schools' requests and bookings
(signed in, or through a booking's manage link), and the coordinators' screens."""
from flask import Blueprint

from ...accounts.models import COORDINATORS
from ...awards.models import member_removed
from ...core.clock import london_today
from ...core.hooks import Card, dashboard_cards
from ...core.jobs import reminders
from .. import queries, roster_queries, services

bp = Blueprint("schools", __name__)


from . import (  # noqa: E402,F401 - each adds its routes to bp
    availability,
    coordinator,
    manage,
    public,
    school,
    speaker_roster,
    speaker_sessions,
)


def dashboard_cards_for(user):
    """A school's members see their bookings; coordinators what waits for them and the schools,
    and the next session. Nobody else sees a thing."""
    cards = []
    if queries.schools_of(user):
        cards.append(Card(5, template="schools/_dashboard.html"))
    if user.has_role(*COORDINATORS):
        cards.append(Card(25, template="schools/_staff_dashboard.html"))
    return cards


def init_app(app):
    app.register_blueprint(bp)
    dashboard_cards.connect(dashboard_cards_for)
    reminders.connect(services.reminders_for)
    member_removed.connect(services.forget_removed_member)
    app.jinja_env.globals["school_bookings_of"] = queries.bookings_of
    app.jinja_env.globals["school_sessions_waiting"] = (
        lambda: queries.waiting_for_coordinators(london_today()))
    app.jinja_env.globals["school_sessions_without_speaker"] = (
        lambda: roster_queries.sessions_without_speaker(london_today()))
    app.jinja_env.globals["speaker_names_for_school"] = roster_queries.names_for_school

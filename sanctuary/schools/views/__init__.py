"""The school sessions blueprint: the public availability page, schools' requests and bookings
(signed in, or through a booking's manage link), and the coordinators' screens."""
from flask import Blueprint

from ...accounts.models import COORDINATORS
from ...awards.models import member_removed
from ...core.clock import london_today
from ...core.hooks import Card, dashboard_cards
from ...core.jobs import frequent_jobs, reminders
from .. import queries, roster_queries, services

bp = Blueprint("schools", __name__)


from . import (  # noqa: E402,F401 - each adds its routes to bp
    availability,
    coordinator,
    evidence,
    feedback,
    manage,
    public,
    report,
    school,
    speaker,
    speaker_roster,
    speaker_sessions,
    terms,
    waiting,
)


def dashboard_cards_for(user):
    """A school's members (and another organisation's, once it has a booking) see their bookings;
    coordinators what waits for them and the schools, and the next session. Nobody else sees a
    thing."""
    cards = []
    if queries.schools_of(user) or queries.bookings_of(user):  # another kind's training too
        cards.append(Card(5, template="schools/_dashboard.html"))
    if user.has_role(*COORDINATORS):
        cards.append(Card(25, template="schools/_staff_dashboard.html"))
    return cards


def init_app(app):
    app.register_blueprint(bp)
    dashboard_cards.connect(dashboard_cards_for)
    reminders.connect(services.reminders_for)
    frequent_jobs.connect(services.frequent_jobs_for)
    reminders.connect(services.speaker_reminders_for)
    member_removed.connect(services.forget_removed_member)
    app.jinja_env.globals["school_bookings_of"] = queries.bookings_of
    app.jinja_env.globals["school_waiting_place"] = queries.waiting_place
    app.jinja_env.globals["school_waiting_lists"] = queries.waiting_lists
    app.jinja_env.globals["school_sessions_waiting"] = (
        lambda: queries.waiting_for_coordinators(london_today()))
    app.jinja_env.globals["school_sessions_without_speaker"] = (
        lambda: roster_queries.sessions_without_speaker(london_today()))
    app.jinja_env.globals["speaker_names_for_school"] = roster_queries.names_for_school

"""The secret-shopper checks blueprint: coordinators' register of services, campaigns with
their questions and code, and their check slots."""
from flask import Blueprint

from ...accounts.models import COORDINATORS
from ...core.clock import london_today
from ...core.hooks import Card, dashboard_cards
from ...core.jobs import retention_rules
from .. import (
    models,  # noqa: F401 - the tables, for the app and its migrations
    queries,
    services,
)

bp = Blueprint("checks", __name__)


from . import (  # noqa: E402,F401 - each adds its routes to bp
    campaigns,
    check_bookings,
    public,
    register,
    resident,
    results,
    review,
    service_results,
    slots,
)


def dashboard_cards_for(user):
    """Coordinators see the campaigns under way: places, reports, free places soon, and what
    waits for them (drafts, campaigns ready to close). Nobody else sees a thing."""
    if user.has_role(*COORDINATORS):
        return [Card(30, template="checks/_staff_dashboard.html")]
    return []


def init_app(app):
    app.register_blueprint(bp)
    dashboard_cards.connect(dashboard_cards_for)
    retention_rules.connect(services.bookings.retention_rules_for)
    app.jinja_env.globals["checks_for_coordinators"] = (
        lambda: queries.coordinators_summary(london_today()))

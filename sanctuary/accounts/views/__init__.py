"""The accounts blueprint: everyone's sign-in pages (public.py), inviting staff (coordinator.py)
and a signed-in person's own account (account.py)."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ...core.audit import people_named
from ...core.hooks import Card, dashboard_cards
from ...core.jobs import retention_rules
from .. import access, services
from ..queries import people_by_id

bp = Blueprint("accounts", __name__)

from . import account, coordinator, public  # noqa: E402,F401 - each adds its routes to bp


def dashboard_cards_for(user):
    """Accounts' cards on the dashboard: inviting people (coordinators), and one's account."""
    cards = [Card(90, "accounts.profile", _l("Your account"),
                  _l("Your name, your language, and signing out on every device."))]
    if user.can_invite():
        cards.append(Card(10, "accounts.invitations", _l("Invite people"), _l(
            "Invite reviewers to the assessment panel, and other coordinators.")))
    return cards


def init_app(app):
    access.init_app(app)
    app.register_blueprint(bp)
    dashboard_cards.connect(dashboard_cards_for)
    retention_rules.connect(services.retention_rules_for)
    people_named.connect(people_by_id)  # who acted, in every feature's audit trail

"""The panel blueprint: coordinators' pages (coordinator.py) and reviewers' (reviewer.py)."""
from flask import Blueprint

from ...awards.models import view_granted
from .. import services

bp = Blueprint("panel", __name__)

from . import coordinator, reviewer  # noqa: E402,F401 - each adds its routes to bp


def init_app(app):
    app.register_blueprint(bp)
    # Assigned reviewers who declared no conflict may read the application and its evidence.
    view_granted.connect(services.can_review)

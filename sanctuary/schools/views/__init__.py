"""The school sessions blueprint: the public availability page, schools' requests and bookings
(signed in, or through a booking's manage link), and the coordinators' screens."""
from flask import Blueprint

from ...core.jobs import reminders
from .. import services

bp = Blueprint("schools", __name__)


from . import coordinator, public, school  # noqa: E402,F401 - each adds its routes to bp


def init_app(app):
    app.register_blueprint(bp)
    reminders.connect(services.reminders_for)

"""The secret-shopper checks blueprint: coordinators' register of services, campaigns with
their questions and code."""
from flask import Blueprint

from .. import models  # noqa: F401 - the tables, for the app and its migrations

bp = Blueprint("checks", __name__)


from . import campaigns, register  # noqa: E402,F401 - each adds its routes to bp


def init_app(app):
    app.register_blueprint(bp)

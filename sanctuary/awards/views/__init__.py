"""The awards blueprint: applicants' pages (organisations.py) and coordinators' (coordinator.py)."""
from flask import Blueprint

bp = Blueprint("awards", __name__)

from . import applications, coordinator, evidence, organisations  # noqa: E402,F401 - add routes


def init_app(app):
    from ..models import Organisation

    app.register_blueprint(bp)
    app.jinja_env.globals["organisations_of"] = lambda user: list(Organisation.of_user(user))

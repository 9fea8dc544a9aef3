"""The awards blueprint: applicants' pages (organisations, applications, evidence, submission),
coordinators' (coordinator, review) and everyone's (public)."""
from flask import Blueprint

bp = Blueprint("awards", __name__)

from . import (  # noqa: E402,F401 - each adds its routes to bp
    applications,
    coordinator,
    evidence,
    organisations,
    public,
    review,
    submission,
)


def init_app(app):
    from ..models import ApplicationState, Organisation

    app.register_blueprint(bp)
    app.jinja_env.globals["organisations_of"] = lambda user: list(Organisation.of_user(user))
    app.jinja_env.filters["state_label"] = lambda state: ApplicationState(state).label

"""A residents' page for tests only, limited as residents' pages are (core.anonymous), so that the
limits are tested before any real residents' page exists: registered on an app in a test, or
served by gunicorn as `tests.support.resident:app_with_probe()`."""
from flask import Blueprint, request

from sanctuary.core.anonymous import resident_limits
from sanctuary.core.permissions import public

bp = Blueprint("resident_probe", __name__)
PATH = "/resident-probe"


@bp.route(PATH, methods=["GET", "POST"])
@public
@resident_limits("RATELIMIT_RESIDENT_PER_CLIENT", "RATELIMIT_RESIDENT_ALL_CLIENTS")
def probe():
    # What a residents' form receives: a reference code, say.
    body = f"{request.method} {request.form.get('reference', '')}".strip()
    return body, 200, {"Content-Type": "text/plain; charset=utf-8"}


def app_with_probe():
    """The app as app.py builds it, with the probe page."""
    from sanctuary import create_app

    app = create_app()
    app.register_blueprint(bp)
    return app

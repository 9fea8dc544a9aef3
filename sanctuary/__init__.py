"""Sanctuary: the self-service web app of Lewisham's Borough of Sanctuary movement."""
import os
from pathlib import Path

from flask import Flask

from . import cli, config, dashboard
from .accounts import views as accounts
from .admin import views as admin
from .awards import views as awards
from .checks import views as checks
from .core import (
    assets,
    db,
    errors,
    i18n,
    imports,
    links,
    logs,
    outbox,
    pages,
    security,
    templating,
    uploads,
)
from .decisions import views as decisions
from .extensions import csrf, htmx, limiter, mail
from .panel import views as panel
from .schools import views as schools

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides=None):
    """Build the app. `overrides` (a dict) replaces configuration, for tests."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("SANCTUARY_INSTANCE_PATH", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.load(app.instance_path))
    app.config.from_mapping(overrides or {})

    logs.init_app(app)  # before anything logs
    assets.init_app(app)  # the first hook: its compression must see every response last
    db.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    outbox.init_app(app)
    links.init_app(app)
    imports.init_app(app)
    uploads.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    cli.init_app(app)

    app.register_blueprint(pages.bp)
    accounts.init_app(app)
    admin.init_app(app)
    awards.init_app(app)
    panel.init_app(app)
    decisions.init_app(app)
    schools.init_app(app)
    checks.init_app(app)
    dashboard.init_app(app)  # the wiring layer, on top of every feature
    if app.config["SANCTUARY_ENV"] == "development":
        app.register_blueprint(pages.dev)
    return app

"""Public pages every visitor can see: home, privacy notice, health check, development outbox."""
import email
import email.policy
import email.utils
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _

from .db import check_database, without_connection
from .forms import ActionForm
from .jobs import registered_rules
from .permissions import public
from .security import private

bp = Blueprint("pages", __name__)


@bp.get("/")
@public
def home():
    return render_template("core/home.html")


@bp.get("/privacy")
@public
def privacy():
    """The notice lists what `flask purge-expired` deletes, from the same rules it runs."""
    return render_template("core/privacy.html", rules=registered_rules(current_app))


@bp.get("/healthz")
@public
@without_connection
def healthz():
    healthy = check_database()
    body = {"status": "ok" if healthy else "unavailable",
            "database": "ok" if healthy else "unavailable"}
    return jsonify(body), 200 if healthy else 503


# The development outbox: registered only when SANCTUARY_ENV=development (see create_app).
dev = Blueprint("dev", __name__, url_prefix="/dev")


def _mailbox():
    return Path(current_app.config["DEV_MAILBOX"])


def _read(path):
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    return {
        "id": path.stem,
        "to": message["To"],
        "subject": message["Subject"],
        "date": email.utils.parsedate_to_datetime(message["Date"]),
        "text": text.get_content() if text else "",
        "attachments": [part.get_filename() for part in message.iter_attachments()],
    }


@dev.get("/outbox")
@public
@private
def outbox():
    paths = sorted(_mailbox().glob("*.eml"), reverse=True)
    return render_template("core/dev_outbox.html", messages=[_read(p) for p in paths],
                           form=ActionForm())


@dev.post("/outbox/clear")
@public
def clear_outbox():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    for path in _mailbox().glob("*.eml"):
        path.unlink()
    flash(_("The development mailbox is empty."), "success")
    return redirect(url_for("dev.outbox"))

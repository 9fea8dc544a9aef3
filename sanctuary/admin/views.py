"""Administrators' pages."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from ..accounts.access import role_required
from ..accounts.models import Role
from ..core.forms import ActionForm
from ..core.hooks import Card, dashboard_cards
from ..core.outbox import OutboxMessage, queued_and_failed, requeue
from ..core.permissions import load_or_404

bp = Blueprint("admin", __name__, url_prefix="/admin")


def is_admin(_row, user):
    """Administrators see and retry every email; the outbox is core's, so the rule is here."""
    return user.has_role(Role.ADMIN)


@bp.get("/outbox")
@role_required(Role.ADMIN)
def outbox():
    return render_template("admin/outbox.html", messages=list(queued_and_failed()),
                           form=ActionForm())


@bp.post("/outbox/<int:message_id>/retry")
@role_required(Role.ADMIN)
def retry(message_id):
    message = load_or_404(OutboxMessage, message_id, can=is_admin)
    if ActionForm().validate_on_submit() and requeue(message):
        flash(_("The email to %(recipient)s will be sent again now.", recipient=message.recipient),
              "success")
    return redirect(url_for("admin.outbox"))


def dashboard_cards_for(user):
    if not user.has_role(Role.ADMIN):
        return []
    return [Card(65, "admin.outbox", _l("Email not yet sent"),
                 _l("See email waiting to be sent or refused by the mail server, and try it "
                    "again."))]


def init_app(app):
    app.register_blueprint(bp)
    dashboard_cards.connect(dashboard_cards_for)

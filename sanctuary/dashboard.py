"""The wiring layer's page: a signed-in person's dashboard, made of the cards each feature gives
for them (core.hooks.dashboard_cards), so that no feature needs to know the others."""
from flask import Blueprint, render_template
from flask_login import current_user

from .accounts.access import login_required
from .core.hooks import dashboard_cards

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@login_required
def dashboard():
    cards = [card for _receiver, given in dashboard_cards.send(current_user._get_current_object())
             for card in given or ()]
    return render_template("dashboard.html", cards=sorted(cards, key=lambda card: card.order))


def init_app(app):
    app.register_blueprint(bp)

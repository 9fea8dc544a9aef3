"""Coordinators' school terms, kept on the calendar page beside the school holidays."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.templating import isolated
from .. import services
from ..forms.terms import TermForm
from ..models import Term
from . import bp
from .availability import render_calendar


@bp.post("/coordinate/school-sessions/terms")
@role_required(*COORDINATORS)
def add_term():
    form = TermForm()
    if form.validate_on_submit():
        try:
            term = services.add_term(**form.values(), by=current_user)
            flash(isolated(_("%(name)s is added to the calendar."), name=term.name), "success")
            return redirect(url_for("schools.calendar", _anchor="terms"))
        except services.TermRefused as refused:
            form.first_day.errors = [*form.first_day.errors, refused.message]
            form.first_day.error_parts = ("day", "month", "year")
    return render_calendar(term_form=form)


@bp.post("/coordinate/school-sessions/terms/<int:term_id>/remove")
@role_required(*COORDINATORS)
def remove_term(term_id):
    term = load_or_404(Term, term_id, can="manage")
    if ActionForm().validate_on_submit():
        services.remove_term(term, by=current_user)
        flash(isolated(_("%(name)s is removed. The sessions in it stay as they are."),
                       name=term.name), "success")
    return redirect(url_for("schools.calendar", _anchor="terms"))

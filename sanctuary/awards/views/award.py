"""Applicants' pages for an award won: the certificate and logo, the holder's place in the
directory, and renewing (or starting again after "Not yet" or a withdrawal)."""
from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404

from ...accounts.access import login_required
from ...core.forms import ActionForm
from ...core.security import no_store
from .. import documents, services
from ..models import Application
from ..queries import award_of
from . import bp


def _own_application_or_403(application_id, *, edit=False):
    """A submitted application, for its organisation's people (and coordinators) only."""
    application = get_object_or_404(Application.submitted(), Application.id == application_id)
    if not application.organisation.can_view(current_user):
        abort(403)
    if edit and not application.organisation.can_edit(current_user):
        abort(403)
    return application


def _award_or_404(application_id):
    award = award_of(_own_application_or_403(application_id))
    if award is None:
        abort(404)
    return award


@bp.get("/applications/<int:application_id>/certificate.pdf")
@login_required
def certificate(application_id):
    award = _award_or_404(application_id)
    language = award.organisation.language
    second = language if language != "en" and language in current_app.config["LANGUAGES"] else None
    pdf = documents.certificate_pdf(award, second_language=second)
    return no_store(Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="sanctuary-award-'
                               f'{award.application.reference}.pdf"'}))


@bp.get("/applications/<int:application_id>/logo.<any(svg, png):kind>")
@login_required
def logo(application_id, kind):
    award = _award_or_404(application_id)
    year = award.awarded_on.year
    if kind == "svg":
        body, mimetype = documents.logo_svg(year), "image/svg+xml"
    else:
        body, mimetype = documents.logo_png(year), "image/png"
    return no_store(Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="sanctuary-award-{year}.{kind}"'}))


@bp.post("/applications/<int:application_id>/listing")
@login_required
def listing(application_id):
    application = _own_application_or_403(application_id, edit=True)
    award = award_of(application)
    if award is None:
        abort(404)
    if ActionForm(prefix="listing").validate_on_submit():
        listed = request.form.get("listed") == "1"
        services.set_listed(award, listed, by=current_user)
        flash(_("You are now in the directory of award holders.") if listed else
              _("You are no longer in the directory of award holders."), "success")
    return redirect(url_for("awards.application", application_id=application.id))


@bp.post("/applications/<int:application_id>/start-again")
@login_required
def start_again(application_id):
    application = _own_application_or_403(application_id, edit=True)
    if not ActionForm(prefix="again").validate_on_submit():
        abort(400)
    try:
        draft = services.start_again(application, by=current_user)
    except services.RenewalRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("awards.application", application_id=application.id))
    flash(_("Your new application starts from your earlier answers: check and update each one."),
          "success")
    return redirect(url_for("awards.application", application_id=draft.id))

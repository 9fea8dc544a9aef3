"""Applicants' pages for an award won: the certificate and logo, the holder's place in the
directory, and renewing (or starting again after "Not yet" or a withdrawal)."""
from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import login_required
from ...core.forms import ActionForm
from ...core.permissions import load_or_404
from ...core.security import no_store
from .. import documents, services
from ..models import Application, Award
from . import bp


@bp.get("/applications/<int:application_id>/certificate.pdf")
@login_required
def certificate(application_id):
    award = load_or_404(Award, application_id, key=Award.application, can="download")
    language = award.organisation.language
    second = language if language != "en" and language in current_app.config["LANGUAGES"] else None
    pdf = documents.certificate_pdf(award, second_language=second)
    return no_store(Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="sanctuary-award-'
                               f'{award.application.reference}.pdf"'}))


@bp.get("/applications/<int:application_id>/logo.<any(svg, png):kind>")
@login_required
def logo(application_id, kind):
    award = load_or_404(Award, application_id, key=Award.application, can="download")
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
    application = load_or_404(Application.submitted(), application_id, can="act_for")
    award = load_or_404(Award, application.id, key=Award.application, can="download")
    if ActionForm(prefix="listing").validate_on_submit():
        listed = request.form.get("listed") == "1"
        services.set_listed(award, listed, by=current_user)
        flash(_("You are now in the directory of award holders.") if listed else
              _("You are no longer in the directory of award holders."), "success")
    return redirect(url_for("awards.application", application_id=application.id))


@bp.post("/applications/<int:application_id>/start-again")
@login_required
def start_again(application_id):
    application = load_or_404(Application.submitted(), application_id, can="act_for")
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

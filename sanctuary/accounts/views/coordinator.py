"""Coordinators' page: inviting reviewers and other coordinators, and the invitations waiting."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import queries, services
from ..access import invitation_allowed, role_required
from ..forms import InvitationForm
from ..models import COORDINATORS, INVITABLE_ROLES, normalise_email
from . import bp


@bp.route("/invitations", methods=["GET", "POST"])
@role_required(*COORDINATORS)
def invitations():
    form = InvitationForm()
    if form.validate_on_submit() and invitation_allowed(form.email):
        services.invite(form.email.data, role=form.role.data, display_name=form.display_name.data,
                        by=current_user, locale=current_user.language)
        flash(_("Invitation sent to %(email)s.", email=normalise_email(form.email.data)),
              "success")
        return redirect(url_for("accounts.invitations"))
    return render_template("accounts/invitations.html", form=form,
                           pending=list(queries.pending_invitations()),
                           roles={role.value: role.label for role in INVITABLE_ROLES})

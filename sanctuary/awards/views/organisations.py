"""Applicants' pages: registering an organisation, editing it, its members, and the pledge."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.access import invitation_allowed, login_required, sign_in_and_redirect
from ...accounts.queries import find_user
from ...core.forms import ActionForm
from ...core.i18n import current_language_code
from ...core.permissions import load_or_404, public
from ...core.security import private
from ...core.templating import isolated
from ...core.translated import localize
from .. import services
from ..forms import MemberInvitationForm, OrganisationForm, PledgeForm
from ..models import Application, Membership, Organisation, PledgeSignature, PledgeText
from ..queries import earlier_applications, held_award, usable_invitation
from . import bp


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def new_organisation():
    form = OrganisationForm(contact_email=current_user.email,
                            contact_name=current_user.display_name,
                            language=current_language_code())
    if form.validate_on_submit():
        organisation = services.create_organisation(by=current_user, **form.data)
        flash(isolated(_("%(name)s is registered. Next, sign the pledge."), name=organisation.name),
              "success")
        return redirect(url_for("awards.pledge", organisation_id=organisation.id))
    return render_template("awards/organisation_form.html", form=form, organisation=None)


@bp.get("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id):
    organisation = load_or_404(Organisation, organisation_id, can="view")
    signature = PledgeSignature.get_or_none(PledgeSignature.organisation == organisation)
    held = held_award(organisation)
    earlier = earlier_applications(organisation)
    return render_template("awards/organisation.html", organisation=organisation,
                           signature=signature, members=list(organisation.active_members()),
                           application=Application.active_for(organisation), held=held,
                           earlier=[a for a in earlier
                                    if held is None or a.id != held["award"].application_id],
                           awarded_before=any(a.state == "awarded" for a in earlier),
                           start_form=ActionForm())


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit_organisation(organisation_id):
    organisation = load_or_404(Organisation, organisation_id, can="edit")
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        services.update_organisation(organisation, **form.data)
        flash(_("Your changes have been saved."), "success")
        return redirect(url_for("awards.organisation", organisation_id=organisation.id))
    return render_template("awards/organisation_form.html", form=form, organisation=organisation)


@bp.route("/organisations/<int:organisation_id>/members", methods=["GET", "POST"])
@login_required
def members(organisation_id):
    organisation = load_or_404(Organisation, organisation_id, can="edit")
    form = MemberInvitationForm()
    if form.validate_on_submit() and invitation_allowed(
            form.email, ("RATELIMIT_INVITATIONS_PER_ORGANISATION", f"org:{organisation.id}")):
        services.invite_member(organisation, form.email.data, by=current_user,
                               locale=current_language_code())
        flash(isolated(_("We have emailed %(email)s a link to join."),
                       email=form.email.data.strip().lower()),
              "success")
        return redirect(url_for("awards.members", organisation_id=organisation.id))
    return render_template("awards/members.html", organisation=organisation, form=form,
                           members=list(organisation.active_members()), remove_form=ActionForm())


@bp.post("/organisations/<int:organisation_id>/members/<int:membership_id>/remove")
@login_required
def remove_member(organisation_id, membership_id):
    organisation = load_or_404(Organisation, organisation_id, can="edit")
    membership = load_or_404(Membership, membership_id, can="remove",
                             where=Membership.organisation == organisation)
    if ActionForm().validate_on_submit():
        services.remove_member(membership, by=current_user)
        if membership.user_id == current_user.id:
            flash(isolated(_("You have left %(name)s."), name=organisation.name), "success")
            return redirect(url_for("dashboard.dashboard"))
        flash(isolated(_("%(person)s no longer has access to %(name)s."),
                       person=membership.user.name_or_email, name=organisation.name), "success")
    return redirect(url_for("awards.members", organisation_id=organisation.id))


@bp.route("/join/<token>", methods=["GET", "POST"])
@public  # the invitation link is the permission
@private
def join(token):
    """The link in a colleague's invitation: pressing the button signs them in as a member."""
    invitation = usable_invitation(token)
    if invitation is None:
        return render_template("accounts/link_unusable.html", purpose="member_invitation"), 410
    holder = find_user(invitation.email)
    if holder is not None and holder.is_staff and not (
            current_user.is_authenticated and current_user.id == holder.id):
        # Staff sign in with their password: a link alone never signs them in.
        flash(_("Sign in with your password first, then join."), "success")
        return redirect(url_for("accounts.staff_sign_in",
                                next=url_for("awards.join", token=token)))
    form = ActionForm()
    if form.validate_on_submit():
        accepted = services.accept_member_invitation(token)
        if accepted is None:
            return render_template("accounts/link_unusable.html", purpose="member_invitation"), 410
        user, organisation = accepted
        response = sign_in_and_redirect(user, url_for("awards.organisation",
                                                      organisation_id=organisation.id))
        flash(isolated(_("You are now a member of %(name)s."), name=organisation.name), "success")
        return response
    return render_template("awards/join.html", invitation=invitation, form=form)


@bp.route("/organisations/<int:organisation_id>/pledge", methods=["GET", "POST"])
@login_required
def pledge(organisation_id):
    organisation = load_or_404(Organisation, organisation_id, can="edit")
    signature = PledgeSignature.get_or_none(PledgeSignature.organisation == organisation)
    form = PledgeForm(data={"agree": signature is not None,
                            "public": None if signature is None
                            else ("yes" if signature.public else "no")})
    if form.validate_on_submit():
        services.sign_pledge(organisation, by=current_user, public=form.public.data == "yes")
        flash(isolated(_("%(name)s has signed the pledge. Thank you."), name=organisation.name),
              "success")
        return redirect(url_for("awards.organisation", organisation_id=organisation.id))
    wording = signature.pledge if signature else PledgeText.current()
    return render_template("awards/pledge.html", organisation=organisation, form=form,
                           signature=signature, pledge=localize(wording.text))


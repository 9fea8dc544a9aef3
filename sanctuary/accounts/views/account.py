"""A signed-in person's own pages: the profile, a staff password change, signing out (here or
on every device)."""
from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from wtforms.fields.choices import SelectChoice

from ...core.forms import ActionForm
from ...core.i18n import enabled_languages, set_language_cookie
from ...core.permissions import public
from .. import services
from ..access import login_required
from ..forms import ChangePasswordForm, ProfileForm
from . import bp


@bp.post("/sign-out")
@public
def sign_out():
    form = ActionForm(prefix="sign-out")
    if form.validate_on_submit() and current_user.is_authenticated:
        services.end_session(current_user.session_key)
        logout_user()
        session.clear()
        flash(_("You have signed out."), "success")
    return redirect(url_for("pages.home"))


def _profile_form():
    form = ProfileForm(obj=current_user)
    form.language.choices = [SelectChoice(language.code, language.name)
                             for language in enabled_languages()]
    return form


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = _profile_form()
    if form.validate_on_submit():
        services.update_profile(current_user, display_name=form.display_name.data.strip(),
                                language=form.language.data)
        flash(_("Your details have been saved."), "success")
        response = redirect(url_for("accounts.profile"))
        set_language_cookie(response, form.language.data)
        return response
    password_form = ChangePasswordForm() if current_user.is_staff else None
    return render_template("accounts/profile.html", form=form, password_form=password_form,
                           everywhere_form=ActionForm(prefix="everywhere"))


@bp.post("/account/password")
@login_required
def change_password():
    if not current_user.is_staff:
        return redirect(url_for("accounts.profile"))
    password_form = ChangePasswordForm()
    if password_form.validate_on_submit():
        if services.change_password(current_user, current=password_form.current_password.data,
                                    new=password_form.password.data,
                                    keep_key=current_user.session_key):
            flash(_("Your password has been changed. You have been signed out everywhere else."),
                  "success")
            return redirect(url_for("accounts.profile"))
        password_form.current_password.errors.append(_("Your current password is not right"))
    return render_template("accounts/profile.html", form=_profile_form(),
                           password_form=password_form,
                           everywhere_form=ActionForm(prefix="everywhere"))


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    form = ActionForm(prefix="everywhere")
    if form.validate_on_submit():
        services.end_all_sessions(current_user)
        logout_user()
        session.clear()
        flash(_("You have been signed out on every device."), "success")
    return redirect(url_for("pages.home"))

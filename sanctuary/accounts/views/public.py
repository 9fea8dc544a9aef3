"""Everyone's sign-in pages: an email link for the public, a password for staff (and its reset),
and accepting an invitation to join the staff."""
from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from ...core import links
from ...core.forms import ActionForm
from ...core.i18n import current_language_code
from ...core.permissions import public
from ...core.security import private
from ...extensions import limiter
from .. import queries, services
from ..access import is_safe_next, sign_in_and_redirect
from ..forms import (
    AcceptInvitationForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignInLinkForm,
    StaffSignInForm,
)
from ..models import Role, TokenPurpose, normalise_email
from . import bp


def _email_key():
    """Rate-limit key for 'per address': the same email from any number of clients."""
    return "email:" + normalise_email(request.form.get("email", ""))


def _email_and_client_key():
    """Rate-limit key for 'per address and client': one email from one client address."""
    return f"{_email_key()}|client:{get_remote_address()}"


def _limit(config_key, **kwargs):
    return limiter.limit(lambda: current_app.config[config_key], methods=["POST"], **kwargs)


def _failed_sign_in(response):
    """Count a password attempt against the address only when it failed, so that a stranger's
    wrong guesses never use up what the real person needs to sign in."""
    return g.get("sign_in_failed", False)


# ---------------------------------------------------------------------------- email link

@bp.route("/sign-in", methods=["GET", "POST"])
@public
@_limit("RATELIMIT_SIGN_IN_PER_ADDRESS", key_func=_email_key, scope="sign-in-address")
@_limit("RATELIMIT_SIGN_IN_PER_CLIENT", scope="sign-in-client")
def sign_in():
    form = SignInLinkForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        services.request_sign_in_link(
            form.email.data,
            locale=current_language_code(),
            next_url=form.next.data if is_safe_next(form.next.data) else None,
        )
        session["sign_in_email"] = normalise_email(form.email.data)
        return redirect(url_for("accounts.check_email"))
    return render_template("accounts/sign_in.html", form=form)


@bp.get("/sign-in/check-email")
@public
@private  # it shows the address typed
def check_email():
    return render_template("accounts/check_email.html", email=session.get("sign_in_email"))


@bp.route("/sign-in/link/<token>", methods=["GET", "POST"])
@public
@private
def use_link(token):
    """Opening the link shows a button; only pressing it spends it (mail scanners open links)."""
    link = links.find(token, TokenPurpose.SIGN_IN)
    form = ActionForm()
    if link is not None and form.validate_on_submit():
        user, next_url = services.sign_in_with_link(token)
        if user is not None:
            return sign_in_and_redirect(user, next_url)
        link = None
    if link is None:
        return render_template("accounts/link_unusable.html", purpose="sign_in"), 410
    return render_template("accounts/use_link.html", form=form, email=link.holder_email)


# ---------------------------------------------------------------------------- staff passwords

@bp.route("/staff/sign-in", methods=["GET", "POST"])
@public
@_limit("RATELIMIT_PASSWORD_FAILURES_PER_ADDRESS_AND_CLIENT", key_func=_email_and_client_key,
        scope="password-failures-address-client", deduct_when=_failed_sign_in)
@_limit("RATELIMIT_PASSWORD_FAILURES_PER_ADDRESS", key_func=_email_key,
        scope="password-failures-address", deduct_when=_failed_sign_in)
@_limit("RATELIMIT_PASSWORD_PER_CLIENT", scope="password-client")
def staff_sign_in():
    form = StaffSignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = queries.find_user(form.email.data)
        if services.check_password(user, form.password.data) and user.is_active and user.is_staff:
            return sign_in_and_redirect(user, form.next.data)
        g.sign_in_failed = True
        form.password.errors.append(_("The email address or the password is not right"))
    return render_template("accounts/staff_sign_in.html", form=form)


@bp.route("/staff/password-reset", methods=["GET", "POST"])
@public
@_limit("RATELIMIT_SIGN_IN_PER_ADDRESS", key_func=_email_key, scope="reset-address")
@_limit("RATELIMIT_SIGN_IN_PER_CLIENT", scope="reset-client")
def request_reset():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        session["sign_in_email"] = normalise_email(form.email.data)
        return redirect(url_for("accounts.reset_sent"))
    return render_template("accounts/request_reset.html", form=form)


@bp.get("/staff/password-reset/sent")
@public
@private  # it shows the address typed
def reset_sent():
    return render_template("accounts/reset_sent.html", email=session.get("sign_in_email"))


@bp.route("/staff/password-reset/<token>", methods=["GET", "POST"])
@public
@private
def reset_password(token):
    if links.find(token, TokenPurpose.PASSWORD_RESET) is None:
        return render_template("accounts/link_unusable.html", purpose="password_reset"), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = services.reset_password(token, form.password.data)
        if user is None:
            return render_template("accounts/link_unusable.html", purpose="password_reset"), 410
        response = sign_in_and_redirect(user)  # a new session: flash into it
        flash(_("Your password has been changed. You have been signed out everywhere else."),
              "success")
        return response
    return render_template("accounts/reset_password.html", form=form)


# ---------------------------------------------------------------------------- an invitation

@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
@private
def accept_invitation(token):
    invitation = links.find(token, TokenPurpose.INVITATION)
    if invitation is None:
        return render_template("accounts/link_unusable.html", purpose="invitation"), 410
    form = AcceptInvitationForm(display_name=invitation.payload.get("display_name", ""))
    if form.validate_on_submit():
        user = services.accept_invitation(token, display_name=form.display_name.data,
                                          password=form.password.data)
        if user is None:
            return render_template("accounts/link_unusable.html", purpose="invitation"), 410
        if user.kept_password:  # the link alone never signs in someone who has a password
            flash(_("You have the new role on your account. Sign in with your password."),
                  "success")
            return redirect(url_for("accounts.staff_sign_in"))
        response = sign_in_and_redirect(user)
        flash(_("Welcome. Your account is ready."), "success")
        return response
    return render_template("accounts/accept_invitation.html", form=form,
                           email=invitation.holder_email, role=Role(invitation.payload["role"]))

"""Sign-in (an email link for the public, a password for staff), invitations, profile, dashboard."""
from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _, lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user
from wtforms.fields.choices import SelectChoice

from ..core.forms import ActionForm
from ..core.hooks import Card, dashboard_cards
from ..core.i18n import current_language_code, enabled_languages, set_language_cookie
from ..core.security import private
from ..extensions import limiter
from . import access, services
from .access import (
    invitation_allowed,
    is_safe_next,
    login_required,
    role_required,
    sign_in_and_redirect,
)
from .forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    InvitationForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    ProfileForm,
    SignInLinkForm,
    StaffSignInForm,
)
from .models import INVITABLE_ROLES, Role, TokenPurpose, normalise_email

bp = Blueprint("accounts", __name__)


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
@private  # it shows the address typed
def check_email():
    return render_template("accounts/check_email.html", email=session.get("sign_in_email"))


@bp.route("/sign-in/link/<token>", methods=["GET", "POST"])
@private
def use_link(token):
    """Opening the link shows a button; only pressing it spends it (mail scanners open links)."""
    record = services.usable_token(token, TokenPurpose.SIGN_IN)
    form = ActionForm()
    if record is not None and form.validate_on_submit():
        user, next_url = services.sign_in_with_link(token)
        if user is not None:
            return sign_in_and_redirect(user, next_url)
        record = None
    if record is None:
        return render_template("accounts/link_unusable.html", purpose="sign_in"), 410
    return render_template("accounts/use_link.html", form=form, email=record.email)


@bp.post("/sign-out")
def sign_out():
    form = ActionForm(prefix="sign-out")
    if form.validate_on_submit() and current_user.is_authenticated:
        services.end_session(current_user.session_key)
        logout_user()
        session.clear()
        flash(_("You have signed out."), "success")
    return redirect(url_for("pages.home"))


# ---------------------------------------------------------------------------- staff passwords

@bp.route("/staff/sign-in", methods=["GET", "POST"])
@_limit("RATELIMIT_PASSWORD_FAILURES_PER_ADDRESS_AND_CLIENT", key_func=_email_and_client_key,
        scope="password-failures-address-client", deduct_when=_failed_sign_in)
@_limit("RATELIMIT_PASSWORD_FAILURES_PER_ADDRESS", key_func=_email_key,
        scope="password-failures-address", deduct_when=_failed_sign_in)
@_limit("RATELIMIT_PASSWORD_PER_CLIENT", scope="password-client")
def staff_sign_in():
    form = StaffSignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if services.check_password(user, form.password.data) and user.is_active and user.is_staff:
            return sign_in_and_redirect(user, form.next.data)
        g.sign_in_failed = True
        form.password.errors.append(_("The email address or the password is not right"))
    return render_template("accounts/staff_sign_in.html", form=form)


@bp.route("/staff/password-reset", methods=["GET", "POST"])
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
@private  # it shows the address typed
def reset_sent():
    return render_template("accounts/reset_sent.html", email=session.get("sign_in_email"))


@bp.route("/staff/password-reset/<token>", methods=["GET", "POST"])
@private
def reset_password(token):
    if services.usable_token(token, TokenPurpose.PASSWORD_RESET) is None:
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


# ---------------------------------------------------------------------------- invitations

@bp.route("/invitations", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.ADMIN)
def invitations():
    form = InvitationForm()
    if form.validate_on_submit() and invitation_allowed(form.email):
        services.invite(form.email.data, role=form.role.data, display_name=form.display_name.data,
                        by=current_user, locale=current_user.language)
        flash(_("Invitation sent to %(email)s.", email=normalise_email(form.email.data)),
              "success")
        return redirect(url_for("accounts.invitations"))
    return render_template("accounts/invitations.html", form=form,
                           pending=list(services.pending_invitations()),
                           roles={role.value: role.label for role in INVITABLE_ROLES})


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@private
def accept_invitation(token):
    record = services.usable_token(token, TokenPurpose.INVITATION)
    if record is None:
        return render_template("accounts/link_unusable.html", purpose="invitation"), 410
    form = AcceptInvitationForm(display_name=record.display_name)
    if form.validate_on_submit():
        user = services.accept_invitation(token, display_name=form.display_name.data,
                                          password=form.password.data)
        if user is None:
            return render_template("accounts/link_unusable.html", purpose="invitation"), 410
        response = sign_in_and_redirect(user)
        flash(_("Welcome. Your account is ready."), "success")
        return response
    return render_template("accounts/accept_invitation.html", form=form, invitation=record,
                           role=Role(record.role))


# ---------------------------------------------------------------------------- the person's own

def dashboard_cards_for(user):
    """Accounts' cards on the dashboard: inviting people (coordinators), and one's account."""
    cards = [Card(90, "accounts.profile", _l("Your account"),
                  _l("Your name, your language, and signing out on every device."))]
    if user.can_invite():
        cards.append(Card(10, "accounts.invitations", _l("Invite people"), _l(
            "Invite reviewers to the assessment panel, and other coordinators.")))
    return cards


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


def init_app(app):
    access.init_app(app)
    app.register_blueprint(bp)
    dashboard_cards.connect(dashboard_cards_for)

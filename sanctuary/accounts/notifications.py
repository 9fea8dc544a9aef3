"""The emails accounts sends: a sign-in link (or, to staff, the way to their password sign-in),
a password reset link and a staff invitation. Each is queued inside the caller's transaction."""
from flask_babel import lazy_gettext as _l

from ..core.outbox import queue_email
from ..core.urls import public_url
from .models import Role, User


def staff_sign_in_instead(user):
    """Staff asked for a sign-in link: they sign in with their password (or reset it)."""
    return queue_email(user.email,
                       _l("Sign in to Lewisham Borough of Sanctuary with your password"),
                       "staff_sign_in", locale=user.language,
                       sign_in_link=public_url("accounts.staff_sign_in"),
                       reset_link=public_url("accounts.request_reset"))


def sign_in_link(email, token, *, locale):
    return queue_email(email, _l("Your link to sign in to Lewisham Borough of Sanctuary"),
                       "sign_in_link", locale=locale,
                       link=public_url("accounts.use_link", token=token), minutes=30)


def password_reset(user, token):
    return queue_email(user.email, _l("Reset your Sanctuary password"), "password_reset",
                       locale=user.language,
                       link=public_url("accounts.reset_password", token=token), minutes=30)


def invitation(email, token, *, role, by, locale):
    return queue_email(email, _l("You are invited to join the Lewisham Sanctuary Award panel"),
                       "invitation", locale=locale,
                       link=public_url("accounts.accept_invitation", token=token),
                       inviter=by.name_or_email, role_label=role.label, days=7)


def to_coordinators(subject, template, **context):
    """One email to every coordinator, each in their own language: the one way features tell
    the people who run the award (and, later, bookings and checks) that something needs them."""
    for coordinator in User.with_role(Role.COORDINATOR):
        queue_email(coordinator.email, subject, template, locale=coordinator.language, **context)

"""Who may do what: Flask-Login wiring, the sign-in and role decorators (which mark a view for
core.permissions), and refusals that help."""
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_user

from ..core.errors import ALERT_HEADER
from ..core.forms import ActionForm
from ..core.i18n import set_language_cookie
from ..core.limits import spend
from ..core.permissions import mark
from ..core.security import no_store
from ..core.templating import local_datetime
from ..core.urls import is_local_path
from ..extensions import htmx
from . import services

login_manager = LoginManager()


@login_manager.user_loader
def _load_user(session_key):
    return services.load_session(session_key)


@login_manager.unauthorized_handler
def _unauthorized():
    """Anonymous visitor on a private page: to sign-in and back. On htmx: a message, page kept."""
    return session_ended_response() if htmx else _to_sign_in()


def _to_sign_in():
    return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))


def session_ended_response():
    """For an htmx request without a session: a message with a link that opens sign-in in a new
    tab, so that the page and whatever was typed in it stay as they are."""
    sign_in_url = url_for("accounts.sign_in", next=_page_url())
    body = render_template("accounts/_session_ended.html", sign_in_url=sign_in_url)
    return body, 401, {ALERT_HEADER: "1"}


def _page_url():
    """The page the person is on (htmx says which), as a local path to come back to."""
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    return current.path + (f"?{current.query}" if current.query else "") if current.path else "/"


def role_required(*roles):
    """Signed in, and holding one of `roles`; anonymous visitors go to sign-in, others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return mark(wrapper, tuple(roles))

    return decorator


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        return view(*args, **kwargs)

    return mark(wrapper, "signed in")


def sign_in_and_redirect(user, next_url=None):
    """Start a session for `user` (ending any other in this browser) and send them on: where
    they were going, else their dashboard."""
    if current_user.is_authenticated:
        services.end_session(current_user.session_key)
    services.start_session(user)
    session.clear()  # a new session for a new sign-in (and a new CSRF token with it)
    session.permanent = True
    login_user(user)
    # Flask-Login writes a hash of the client's address and user agent, from which the address
    # can be recovered by brute force; with session protection off nothing reads it.
    session.pop("_id", None)
    response = redirect(next_url if is_safe_next(next_url) else url_for("dashboard.dashboard"))
    set_language_cookie(response, user.language)
    return response


def signed_in_pages_are_private(response):
    """Anything shown to a signed-in person is never stored by the browser."""
    if current_user.is_authenticated:
        no_store(response)
    return response


def init_app(app):
    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are revocable server-side instead
    app.after_request(signed_in_pages_are_private)
    app.jinja_env.globals["sign_out_form"] = _sign_out_form


def _sign_out_form():
    return ActionForm(prefix="sign-out", formdata=None)  # never reads the request (error pages)


def is_safe_next(url):
    """Where to go after signing in: only a local path (a link must never send anyone elsewhere)."""
    return is_local_path(url)


def invitation_allowed(field, *more_limits):
    """Count an invitation against its sender (and `more_limits`, (config key, id) pairs); once a
    limit is used up, say on the address field when more can be sent, keeping what was typed."""
    next_allowed = spend(("RATELIMIT_INVITATIONS_PER_PERSON", f"user:{current_user.id}"),
                         *more_limits)
    if next_allowed is not None:
        field.errors.append(_("You have sent as many invitations as you can for now. You can "
                              "send more after %(time)s.",
                              time=local_datetime(next_allowed)))
    return next_allowed is None

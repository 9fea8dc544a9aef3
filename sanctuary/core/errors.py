"""Error pages, and error messages for htmx requests (shown in the page's alert region)."""
import datetime
import math
import time

from flask import current_app, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..extensions import htmx, limiter
from .templating import local_datetime

# Header that tells static/js/app.js the body of an error response is a message to show.
ALERT_HEADER = "X-Sanctuary-Alert"
# Header static/js/app.js adds to htmx requests from a page that was shown to a signed-in person.
SIGNED_IN_HEADER = "X-Sanctuary-Signed-In"

MESSAGES = {
    400: (_l("Something in the request was not right"),
          _l("Go back, check what you entered and try again.")),
    "csrf": (_l("This form could not be sent"),
             _l("The page was open for too long or was opened in another browser. "
                "Reload the page and send the form again.")),
    403: (_l("You cannot see this page"),
          _l("Your account does not have permission for this page. If you think it should, "
             "contact the Sanctuary coordinators.")),
    404: (_l("Page not found"),
          _l("Check the web address, or go to the home page to find what you need.")),
    405: (_l("This action is not possible here"),
          _l("Go back to the previous page and try again.")),
    413: (_l("The file is too large"),
          _l("Choose a smaller file and try again.")),
    429: (_l("Too many attempts"),
          _l("Wait a minute before you try again.")),
    500: (_l("Sorry, something went wrong on our side"),
          _l("Please try again in a few minutes. If it keeps happening, contact the "
             "Sanctuary coordinators.")),
}


def handle_http_error(error):
    """Every HTTP error, unhandled exceptions included (Flask hands those over as a 500)."""
    code = error.code or 500
    if isinstance(error, CSRFError) and _session_ended_under_htmx():
        # The CSRF token lives in the session: a page from a signed-in session that is gone.
        return current_app.login_manager.unauthorized()
    title, message = MESSAGES.get(
        "csrf" if isinstance(error, CSRFError) else code, MESSAGES[500 if code >= 500 else 400]
    )
    if code == 413:
        _drain_request_body()
    if code == 429:
        message = _wait(message)
    # Keep what the error says about itself (Retry-After, Allow), but not its own body type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if htmx:
        headers.append((ALERT_HEADER, "1"))
        body = render_template("core/_alert.html", title=title, message=message)
    else:
        body = render_template("core/error.html", title=title, message=message, code=code)
    return body, code, headers


def _wait(message):
    """How long to wait before trying again: the time Retry-After gives (flask-limiter adds that
    header to this response afterwards, from the same limit), rounded up."""
    breached = limiter.current_limit
    if breached is None:
        return message
    seconds = max(1, int(breached.reset_at - time.time()))  # as flask-limiter counts it
    if seconds < 60:
        return ngettext("Wait %(num)d second before you try again.",
                        "Wait %(num)d seconds before you try again.", seconds)
    minutes = math.ceil(seconds / 60)
    if minutes <= 120:
        return ngettext("Wait %(num)d minute before you try again.",
                        "Wait %(num)d minutes before you try again.", minutes)
    at = datetime.datetime.fromtimestamp(breached.reset_at, datetime.UTC).replace(tzinfo=None)
    return _("You can try again after %(time)s.", time=local_datetime(at))


def _drain_request_body(limit=256 * 1024 * 1024):
    """Read (and drop) the rest of an over-large upload, so that the browser gets our page
    instead of a connection reset while it is still sending."""
    stream = request.environ.get("wsgi.input")
    remaining = min(request.content_length or 0, limit)
    while stream is not None and remaining > 0:
        chunk = stream.read(min(remaining, 1024 * 1024))
        if not chunk:
            break
        remaining -= len(chunk)


def _session_ended_under_htmx():
    return (
        bool(htmx)
        and request.headers.get(SIGNED_IN_HEADER) == "1"
        and hasattr(current_app, "login_manager")
        and not current_user.is_authenticated
    )


def init_app(app):
    app.register_error_handler(HTTPException, handle_http_error)

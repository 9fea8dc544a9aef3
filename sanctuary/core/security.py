"""Security headers on every response, no-store for private pages, and the proxy setting."""
from functools import wraps

from flask import make_response, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                      "interest-cohort=()")
HSTS = "max-age=31536000; includeSubDomains"


def private(view):
    """Mark a page as private: it is never stored by the browser or a proxy (Back shows nothing),
    and the requests it makes (its stylesheet, its icon) never name its address, which may hold a
    link's token."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = no_store(make_response(view(*args, **kwargs)))
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers.pop("ETag", None)
    response.headers.pop("Last-Modified", None)
    return response


# On every response, the app's own and the static files' (sanctuary.core.assets) alike.
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response):
    headers = response.headers
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app):
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Only as many hops as there really are proxies: more would let clients forge addresses.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.after_request(add_security_headers)

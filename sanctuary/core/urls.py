"""Links for email: built from PUBLIC_BASE_URL, never from the request's Host header."""
from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint, **values):
    """An absolute URL on the public site, usable with or without a request."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)

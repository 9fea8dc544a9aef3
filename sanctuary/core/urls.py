"""Links: for email, built from PUBLIC_BASE_URL, never from the request's Host header; and the
one check that a path taken from a request leads to this site."""
from urllib.parse import urlsplit

from flask import current_app

from .text import is_control

# Long enough for any page of ours with its query, and within the column that keeps a `next`.
MAX_LOCAL_PATH_LENGTH = 1000


def is_local_path(url):
    """A local path that a browser resolves to this site. Browsers drop tabs and line breaks
    ("/", a tab, "/evil" is "//evil") and read a backslash as a slash, so neither may appear,
    nor any other control character or space; and it is of a bounded length."""
    return (bool(url) and len(url) <= MAX_LOCAL_PATH_LENGTH and url.startswith("/")
            and not url.startswith("//") and "\\" not in url
            and not any(char.isspace() or is_control(char) for char in url))


def public_url(endpoint, **values):
    """An absolute URL on the public site, usable with or without a request."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)

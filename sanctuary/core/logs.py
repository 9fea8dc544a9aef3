"""Logging: how much the app logs (LOG_LEVEL), and never a client's address.

Gunicorn's logs leave addresses out by its settings (gunicorn.conf.py). Werkzeug's development
server (`flask run`, which `make run` serves with) starts every line it logs with the client's
address: '127.0.0.1 - - [03/Dec/2026 10:13:27] "GET / HTTP/1.1" 200 -'. `flask run` has no option
for the request handler that writes it, so a filter on the `werkzeug` logger drops the address.
"""
import logging
import re

FORMAT = "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"

# The address, then the two dashes of the common log format, before the time in brackets. An
# address has no space in it (an IPv6 scope's "%" is doubled, still no space).
_CLIENT_ADDRESS = re.compile(r"^\S+ - - (?=\[)")


def without_client_address(record):
    """A logging filter: the record as Werkzeug's server wrote it, without the client's address."""
    if isinstance(record.msg, str):
        record.msg = _CLIENT_ADDRESS.sub("", record.msg)
    return True


def init_app(app):
    werkzeug = logging.getLogger("werkzeug")
    if without_client_address not in werkzeug.filters:  # apps are built many times in tests
        werkzeug.addFilter(without_client_address)
    level = app.config["LOG_LEVEL"]
    if not level:
        return  # Python's own defaults: warnings and errors
    root = logging.getLogger()
    root.setLevel(level)
    if not root.handlers:  # gunicorn and `flask run` give the root logger none
        handler = logging.StreamHandler()  # stderr, which the server's own log goes to
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    app.logger.setLevel(level)

"""Limits on actions that a decorator cannot count: those a person spends only when the form is
valid, and against more than one key at once (a person and their organisation)."""
import datetime

from flask import current_app
from limits import parse

from ..extensions import limiter


def spend(*limits):
    """Count one action against every (config key, identifier) given, or against none of them.

    Returns None when the action may go ahead, else the UTC time at which it next may.
    The counts live in flask-limiter's storage (RATELIMIT_STORAGE_URI), shared by every instance.
    """
    items = [(parse(current_app.config[key]), key, identifier) for key, identifier in limits]
    strategy = limiter.limiter
    used_up = [(item, key, identifier) for item, key, identifier in items
               if not strategy.test(item, key, identifier)]
    if used_up:
        reset_at = max(strategy.get_window_stats(item, key, identifier).reset_time
                       for item, key, identifier in used_up)
        return datetime.datetime.fromtimestamp(reset_at, datetime.UTC).replace(tzinfo=None)
    for item, key, identifier in items:
        strategy.hit(item, key, identifier)
    return None


def used_up(*limits):
    """None when one more action may go ahead against every (config key, identifier) given,
    else the UTC time at which it next may. Counts nothing (`spend` counts)."""
    items = [(parse(current_app.config[key]), key, identifier) for key, identifier in limits]
    strategy = limiter.limiter
    used = [(item, key, identifier) for item, key, identifier in items
            if not strategy.test(item, key, identifier)]
    if not used:
        return None
    reset_at = max(strategy.get_window_stats(item, key, identifier).reset_time
                   for item, key, identifier in used)
    return datetime.datetime.fromtimestamp(reset_at, datetime.UTC).replace(tzinfo=None)


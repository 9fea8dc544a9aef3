"""Rate limits for residents' pages that keep nothing identifying them: not even their address.

A resident's client is counted under `anonymous_client()`, an HMAC-SHA256 of its address (the one
ProxyFix takes from TRUSTED_PROXIES hops of X-Forwarded-For) under a secret of the day. The address
itself is never stored, logged or sent anywhere; only its HMAC reaches the rate-limit storage.

The secret:
- is random (`secrets`), never derived from SECRET_KEY or anything else in the configuration, so
  no one holding the configuration (or a backup of it) can recompute a day's keys;
- lives only in flask-limiter's storage (RATELIMIT_STORAGE_URI: memory:// for one process, redis://
  for several), which every worker and instance already shares, so they all count a client alike;
- changes every UTC day: its keys are named after the date, and each expires at the end of the day
  it is for (at most 24 hours), so a day's keys cannot be linked to the next day's, and once a day
  has passed nothing is left with which to test a guessed address against its HMAC. (IPv4 has
  only 2**32 addresses: the secret's short life is what keeps its HMACs from being reversed.)

The storage holds only integers (`incr`, `get`), so the secret is PARTS counters, each created with
`incr(key, expiry, amount=<random>)` by whoever first finds it missing (`get` gives 0). Two workers
that race both add their random amount; the counter holds the sum, which both read back, so after
the race everyone uses the same secret. It is read afresh every time (PARTS reads of the storage,
once for each request a per-client limit counts), never cached: a worker that cached what it saw
mid-race would keep counting a client apart from the others. Amounts stay below 10**14: the redis
storage's Lua script turns them into Lua numbers, which print larger values in exponent form,
and INCRBY refuses those.
"""
import datetime
import hashlib
import hmac
import math
import secrets

from flask import current_app
from flask_limiter.util import get_remote_address

from ..extensions import limiter
from .clock import clock

PARTS = 4  # 4 x 46 random bits: a 184-bit secret
PART_BITS = 46  # 2**46 < 10**14 (see above); eight racers' sum still fits in 8 bytes
KEY = "anonymous-client/{day}/{part}"
ALL_CLIENTS = "all-clients"


def secret_keys(day):
    """The storage keys of the secret for `day` (a UTC date)."""
    return [KEY.format(day=day.isoformat(), part=part) for part in range(PARTS)]


def _seconds_left(now):
    end_of_day = datetime.datetime.combine(now.date() + datetime.timedelta(days=1),
                                           datetime.time(), tzinfo=datetime.UTC)
    return max(1, math.ceil((end_of_day - now).total_seconds()))


def _secret():
    now = clock.now()
    storage = limiter.storage
    values = []
    for key in secret_keys(now.date()):
        value = storage.get(key)
        if not value:
            storage.incr(key, _seconds_left(now), amount=secrets.randbits(PART_BITS) or 1)
            value = storage.get(key)  # the sum, should another worker have raced us
        values.append(value)
    return b"".join(value.to_bytes(8, "big") for value in values)


def anonymous_client():
    """This request's client, as a key that today's other requests from it share and that says
    nothing of its address (hex HMAC-SHA256 under the day's secret)."""
    address = get_remote_address() or ""
    return hmac.new(_secret(), address.encode(), hashlib.sha256).hexdigest()


def _all_clients():
    return ALL_CLIENTS


def resident_limits(per_client_key, all_clients_key):
    """A view decorator: the limit in config[per_client_key] for each client (by
    `anonymous_client`) and the limit in config[all_clients_key] for all clients together, each
    read when a request comes. Past either, the app's own 429 page (core.errors)."""
    per_client = limiter.limit(lambda: current_app.config[per_client_key],
                               key_func=anonymous_client, scope=f"resident-client:{per_client_key}")
    all_clients = limiter.limit(lambda: current_app.config[all_clients_key],
                                key_func=_all_clients, scope=f"resident-all:{all_clients_key}")

    def decorate(view):
        return per_client(all_clients(view))

    return decorate

import datetime
import hashlib
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sanctuary.core.anonymous import PARTS, anonymous_client, secret_keys
from sanctuary.core.clock import clock, moved
from sanctuary.extensions import limiter
from tests.support import resident
from tests.support.client import text

ROOT = Path(__file__).resolve().parents[2]
FORWARDED = "203.0.113.77"


def key_for(app, address):
    """anonymous_client() in a request from `address` (test_request_context skips the WSGI
    middleware, ProxyFix among them: the requests through it are the limits' tests below)."""
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        return anonymous_client()


@pytest.fixture
def proxied_app(make_app, sqlite_url):
    return make_app(sqlite_url, TRUSTED_PROXIES=1)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def any_storage_app(request, make_app, sqlite_url):
    """An app on one instance's storage (memory://), and on the one several share (redis://)."""
    uri = request.getfixturevalue("redis_server").url if request.param == "redis" else "memory://"
    return make_app(sqlite_url, RATELIMIT_STORAGE_URI=uri)


def test_the_same_address_on_the_same_day_gets_the_same_key(proxied_app):
    assert key_for(proxied_app, FORWARDED) == key_for(proxied_app, FORWARDED)


def test_different_addresses_get_different_keys(proxied_app):
    assert key_for(proxied_app, FORWARDED) != key_for(proxied_app, "203.0.113.78")


def test_the_next_day_the_same_address_gets_another_key(proxied_app):
    today = key_for(proxied_app, FORWARDED)

    with moved(days=1):
        tomorrow = key_for(proxied_app, FORWARDED)

    assert tomorrow != today
    assert key_for(proxied_app, FORWARDED) == today  # today's secret is still today's


def test_the_key_holds_no_trace_of_the_address(proxied_app):
    key = key_for(proxied_app, FORWARDED)

    assert len(key) == 64 and set(key) <= set("0123456789abcdef")
    assert FORWARDED not in key
    assert key != hashlib.sha256(FORWARDED.encode()).hexdigest()  # keyed, so no lookup table
    assert FORWARDED not in repr(limiter.storage.storage)  # the memory storage's contents


def test_the_secret_is_random_not_from_the_configuration(proxied_app):
    before = key_for(proxied_app, FORWARDED)

    limiter.reset()  # the storage loses the secret; SECRET_KEY and the rest stay as they were

    assert key_for(proxied_app, FORWARDED) != before


def test_the_secret_lives_in_the_limiter_storage_until_the_end_of_the_utc_day(any_storage_app):
    key_for(any_storage_app, FORWARDED)
    now = clock.now()
    keys = secret_keys(now.date())
    storage = limiter.storage

    assert len(keys) == PARTS
    assert all(now.date().isoformat() in key for key in keys)
    assert all(storage.get(key) > 0 for key in keys)
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1),
                                         datetime.time(), tzinfo=datetime.UTC).timestamp()
    for key in keys:
        left = storage.get_expiry(key) - time.time()
        assert 0 < left <= 24 * 60 * 60
        assert abs(storage.get_expiry(key) - midnight) < 5


def test_workers_that_race_for_the_secret_agree_once_it_is_made(any_storage_app, monkeypatch):
    app = any_storage_app
    storage = limiter.storage
    both_looked = threading.Barrier(2, timeout=10)
    both_made = threading.Barrier(2, timeout=10)
    original_get = storage.get
    first_looks = set()

    def get(key):
        value = original_get(key)
        if value == 0 and (threading.get_ident(), key) not in first_looks:
            first_looks.add((threading.get_ident(), key))
            both_looked.wait()  # each finds the part missing before either makes it
        return value

    monkeypatch.setattr(storage, "get", get)
    keys, errors = [], []

    def worker():
        try:
            with app.app_context():
                key_for(app, FORWARDED)  # mid-race: its parts may be only its own
                both_made.wait()
                keys.append(key_for(app, FORWARDED))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(first_looks) == 2 * PARTS  # both really raced for every part
    assert keys[0] == keys[1] == key_for(app, FORWARDED)


def run_app(storage_uri, script):
    """Run `script` in a new process, inside an app on `storage_uri`, in a request from
    FORWARDED."""
    body = "".join(f"    {line}\n" for line in script.splitlines())
    code = ("from sanctuary import create_app\n"
            f"app = create_app({{'RATELIMIT_STORAGE_URI': {storage_uri!r}}})\n"
            f"with app.test_request_context(environ_base={{'REMOTE_ADDR': {FORWARDED!r}}}):\n"
            + body)
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.redis
def test_instances_sharing_redis_agree_on_the_key(make_app, sqlite_url, redis_server):
    app = make_app(sqlite_url, TRUSTED_PROXIES=1, RATELIMIT_STORAGE_URI=redis_server.url)
    script = ("from sanctuary.core.anonymous import anonymous_client\n"
              "print(anonymous_client())")
    processes = [run_app(redis_server.url, script) for _ in range(2)]  # started together
    outputs = [process.communicate(timeout=60) for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    here = key_for(app, FORWARDED)
    assert [out.strip() for out, _ in outputs] == [here, here]
    stored = redis_server.dump()
    assert sorted(stored) == sorted(f"LIMITS:{key}" for key in secret_keys(clock.now().date()))
    assert all(0 < redis_server.client().ttl(key) <= 24 * 60 * 60 for key in stored)
    assert FORWARDED not in repr(stored)


# ---------------------------------------------------------------------------- the limits

@pytest.fixture
def limited_app(make_app, sqlite_url):
    app = make_app(sqlite_url, TRUSTED_PROXIES=1, RATELIMIT_RESIDENT_PER_CLIENT="3 per hour",
                   RATELIMIT_RESIDENT_ALL_CLIENTS="5 per hour")
    app.register_blueprint(resident.bp)
    return app


def visit(app, address, **kwargs):
    return app.test_client().get(resident.PATH, headers={"X-Forwarded-For": address}, **kwargs)


def test_one_client_is_refused_past_its_limit_with_the_apps_429_page(limited_app):
    statuses = [visit(limited_app, FORWARDED).status_code for _ in range(3)]
    refused = visit(limited_app, FORWARDED)

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert "<h1>Too many attempts</h1>" in text(refused)
    assert "Wait 60 minutes before you try again." in text(refused)
    assert visit(limited_app, "203.0.113.78").status_code == 200  # another client is not


def test_the_429_page_is_in_the_residents_language(limited_app):
    for _ in range(3):
        visit(limited_app, FORWARDED)

    refused = visit(limited_app, FORWARDED, query_string={"lang": "ar"})

    assert refused.status_code == 429
    assert "Too many attempts" not in text(refused)
    assert 'lang="ar"' in text(refused)


def test_all_clients_together_are_refused_past_their_limit(limited_app):
    statuses = [visit(limited_app, f"203.0.113.{n}").status_code for n in range(1, 6)]

    assert statuses == [200] * 5
    assert visit(limited_app, "203.0.113.99").status_code == 429  # a client never seen before


def test_the_limits_are_read_from_the_configuration_at_each_request(limited_app):
    for _ in range(3):
        visit(limited_app, FORWARDED)
    limited_app.config["RATELIMIT_RESIDENT_PER_CLIENT"] = "10 per hour"

    assert visit(limited_app, FORWARDED).status_code == 200


def test_the_limits_count_posts_too(limited_app):
    client = limited_app.test_client()
    token = client.get("/").get_data(as_text=True).split('name="csrf-token" content="')[1]
    token = token.split('"')[0]
    headers = {"X-Forwarded-For": FORWARDED, "X-CSRFToken": token}

    answers = [client.post(resident.PATH, data={"reference": "KTR-4PW-9ZD"}, headers=headers)
               for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert text(answers[0]) == "POST KTR-4PW-9ZD"

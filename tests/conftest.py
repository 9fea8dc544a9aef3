"""Fixtures: a migrated database per test (SQLite, and PostgreSQL where a test asks), a real SMTP
server, a real redis server, and a live server with one Chromium for the browser tests."""
import collections
import contextvars
import os
import re
import shutil
import tempfile
import uuid

import flask.globals
import pytest
from flask.testing import FlaskClient

# The tests' files (SQLite databases, the PostgreSQL cluster, the live server's folder) go in
# memory where the machine has it: on this disk every file made or deleted costs milliseconds, and
# a PostgreSQL database copied from its template took half a second, against 0.05 s in /dev/shm.
if "TMPDIR" not in os.environ and os.access("/dev/shm", os.W_OK | os.X_OK):
    os.environ["TMPDIR"] = "/dev/shm"  # for the live server and the commands tests start too
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again

# Nothing a test does may write into the repository's own instance/ folder.
os.environ["SANCTUARY_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="sanctuary-instance-")
os.environ.setdefault("SECRET_KEY", "tests-only-secret")
os.environ.pop("DATABASE_URL", None)
os.environ["SANCTUARY_ENV"] = "development"
os.environ["PASSWORD_HASH_PROFILE"] = "cheapest"  # argon2 at its cheapest: tests hash many times

from sanctuary import create_app
from sanctuary.core import migrate
from sanctuary.core.db import database_from_url, db
from sanctuary.extensions import limiter

from .support.assets import static_manifest
from .support.live import SCHOOL_EMAIL, LiveServer, sign_in_as_staff, sign_in_with_link
from .support.postgres import Cluster, find_bindir
from .support.redis_server import REDIS_SERVER, RedisServer
from .support.required import missing
from .support.smtp import SMTPServer

CHROMIUM = "/usr/bin/chromium"
REAL_PARTS = ("browser", "postgres", "smtp", "redis")


# ---------------------------------------------------------------------------- databases

@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """One migrated SQLite file; every test gets a copy of it."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = database_from_url(f"sqlite:///{path}")
    migrate.upgrade(database)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture(scope="session")
def pg_cluster():
    bindir = find_bindir()
    if bindir is None:
        missing("PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
    cluster = Cluster(bindir).start()
    cluster.create_database("sanctuary_template")
    database = database_from_url(cluster.url("sanctuary_template"))
    migrate.upgrade(database)
    database.close()
    yield cluster
    cluster.stop()


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path):
    path = tmp_path / "sanctuary.db"
    path.write_bytes(sqlite_template.read_bytes())
    return f"sqlite:///{path}"


@pytest.fixture
def postgres_url(pg_cluster):
    name = f"test_{uuid.uuid4().hex[:12]}"
    url = pg_cluster.create_database(name, template="sanctuary_template")
    yield url
    if not db.is_closed():
        db.close()
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_database_url(request):
    """The data-layer tests run once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database_url(request, tmp_path):
    """A database with no tables yet, on SQLite and on PostgreSQL: for the tests of a data
    migration, which build it up to the migration before theirs."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = f"empty_{uuid.uuid4().hex[:10]}"
    yield cluster.create_database(name)
    if not db.is_closed():
        db.close()
    cluster.drop_database(name)


# ---------------------------------------------------------------------------- apps

class RequestClient(FlaskClient):
    """A test client whose requests each get their own app context, and end, as in production.

    The tests keep an app context pushed (to call services directly); Flask would otherwise
    reuse it for every request, sharing `g` (and the CSRF token cached in it) between clients.
    """

    def open(self, *args, **kwargs):
        # Buffered, the response is closed as a server closes it, so what runs on close (email
        # sent after the response) runs here too.
        kwargs.setdefault("buffered", True)
        return contextvars.copy_context().run(self._open_in_fresh_context, *args, **kwargs)

    def _open_in_fresh_context(self, *args, **kwargs):
        flask.globals._cv_app.set(None)  # only inside this copied context
        return super().open(*args, **kwargs)


@pytest.fixture
def make_app(tmp_path):
    """Build an app on a database URL, with an app context pushed, closed again afterwards."""
    contexts = []

    def make(database_url, **overrides):
        config = {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "MAIL_SERVER": "",
            "DEV_MAILBOX": str(tmp_path / "dev-mailbox"),
            "OUTBOX_LEASE_SECONDS": 60,
            **overrides,
        }
        app = create_app(config)
        app.test_client_class = RequestClient
        limiter.reset()  # each test starts with no rate-limit counts
        context = app.app_context()
        context.push()
        contexts.append(context)
        return app

    yield make
    if not db.is_closed():
        db.close()
    for context in reversed(contexts):
        context.pop()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, sqlite_template):
    """The demo (`flask seed-demo`) seeded once per worker into a folder of its own: database,
    uploads and the email it delivered. Seeding took 1.5 to 2 s, for each of nine tests."""
    folder = tmp_path_factory.mktemp("demo")
    shutil.copyfile(sqlite_template, folder / "sanctuary.db")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{folder / 'sanctuary.db'}",
                      "MAIL_SERVER": "", "DEV_MAILBOX": str(folder / "dev-mailbox"),
                      "UPLOAD_FOLDER": str(folder / "uploads"), "OUTBOX_LEASE_SECONDS": 60})
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        db.close()  # the last connection: SQLite folds the WAL into the file
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def make_demo_app(make_app, demo_template, tmp_path):
    """Build an app (as make_app does) on a copy of the seeded demo, its files copied too."""

    def make(**overrides):
        copy = tmp_path / "demo"
        shutil.copytree(demo_template, copy)
        return make_app(f"sqlite:///{copy / 'sanctuary.db'}", DEV_MAILBOX=str(copy / "dev-mailbox"),
                        UPLOAD_FOLDER=str(copy / "uploads"), **overrides)

    return make


@pytest.fixture
def production_env(monkeypatch):
    """The environment of a live site: production, with the real password-hashing cost."""
    monkeypatch.setenv("SANCTUARY_ENV", "production")
    monkeypatch.delenv("PASSWORD_HASH_PROFILE", raising=False)


@pytest.fixture
def app(make_app, sqlite_url):
    return make_app(sqlite_url)


@pytest.fixture
def any_app(make_app, any_database_url):
    return make_app(any_database_url)


@pytest.fixture
def client(app):
    return app.test_client()


# ---------------------------------------------------------------------------- email

@pytest.fixture(scope="session")
def _smtp_server():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(_smtp_server):
    """The local SMTP server, emptied for this test."""
    _smtp_server.inbox.clear()
    return _smtp_server


# ---------------------------------------------------------------------------- redis

@pytest.fixture(scope="session")
def _redis_server():
    if not os.path.exists(REDIS_SERVER):
        missing(f"redis-server ({REDIS_SERVER}; apt-get install -y redis-server)")
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_server(_redis_server):
    """The local redis server, emptied for this test (rate-limit storage shared by instances)."""
    _redis_server.flush()
    return _redis_server


# ---------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def live_server(tmp_path_factory, sqlite_template, _smtp_server):
    static_manifest()  # the server finds the static files it serves when it starts
    server = LiveServer(tmp_path_factory.mktemp("live"), sqlite_template, _smtp_server.port)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        missing(f"Chromium ({CHROMIUM}; apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Background networking off: this machine has no outside network to talk to.
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()


class Console:
    """Console errors and page errors seen in a test; any the test did not expect fail it."""

    def __init__(self):
        self.errors = []
        self.allowed = []

    def allow(self, pattern):
        self.allowed.append(re.compile(pattern))

    def record(self, text):
        self.errors.append(text)

    def unexpected(self):
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]


QUICK_EXIT_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"


@pytest.fixture
def console():
    return Console()


def _watch(page, console):
    """Record the page's console errors and page errors in `console`; returns the handlers."""
    handlers = {"console": lambda m: m.type == "error" and console.record(m.text),
                "pageerror": lambda error: console.record(f"page error: {error}")}
    for event, handler in handlers.items():
        page.on(event, handler)
    return handlers


def _assert_no_console_errors(live_server, console):
    unexpected = console.unexpected()
    assert unexpected == [], (f"Console errors (CSP violations show here): {unexpected}\n"
                              f"Server log (end):\n{live_server.log_tail()}")


def _open_page(browser, live_server, console, **context_options):
    """A fresh browser context on the live server, watched for console errors."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **context_options)
    # The quick-exit destination is outside; this machine has no outside network.
    context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body=QUICK_EXIT_PAGE))
    page = context.new_page()
    _watch(page, console)
    return page


def _close_page(page, live_server, console):
    page.context.close()
    _assert_no_console_errors(live_server, console)


@pytest.fixture
def visitor_page(browser, live_server, console):
    """Opens pages as a person's own browser does, on a freshly reset live server: each call a new
    context (its cache empty) with no request routing, since Playwright turns a context's cache
    off once it has any route. So nothing these pages load may be outside this machine."""
    live_server.reset_database()
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", **context_options)
        contexts.append(context)
        page = context.new_page()
        _watch(page, console)
        return page

    yield open_page
    for context in contexts:
        context.close()
    _assert_no_console_errors(live_server, console)


@pytest.fixture(scope="session")
def staff_state(browser, live_server):
    """The coordinator signed in once, through the staff form as a person would, for the tests
    that start signed in. The live server keeps the session in its template database, so every
    reset of the database keeps it valid."""
    live_server.reset_database()
    context = browser.new_context(base_url=live_server.url)
    sign_in_as_staff(context.new_page())
    state = context.storage_state()
    context.close()
    live_server.keep_as_template()
    return state


@pytest.fixture(scope="session")
def school_state(browser, live_server, _smtp_server):
    """A school's member signed in once, with a link from a real email, for the pages only a
    school's own people see. Kept in the template database, as the coordinator's session is."""
    live_server.reset_database()
    _smtp_server.inbox.clear()
    context = browser.new_context(base_url=live_server.url)
    sign_in_with_link(context.new_page(), _smtp_server, SCHOOL_EMAIL)
    state = context.storage_state()
    context.close()
    _smtp_server.inbox.clear()
    live_server.keep_as_template()
    return state


@pytest.fixture(scope="session")
def _walk_pages(browser, live_server, staff_state, school_state):
    """For the page walk: one page for each kind of visitor, each reused from one walked page to
    the next. A new context for every page cost more than all the checks on it together."""
    pages = {}

    def walk_page(who):
        if who not in pages:
            state = {None: None, "staff": staff_state, "school": school_state}[who]
            pages[who] = browser.new_context(base_url=live_server.url, locale="en-GB",
                                             storage_state=state).new_page()
        return pages[who]

    yield walk_page
    for page in pages.values():
        page.context.close()


@pytest.fixture
def walk_page(_walk_pages, live_server, console):
    """The walk's page for visitors signed out (None), the coordinator ("staff") or a school's
    member ("school"), on a freshly reset live server, with its console watched for this test
    only."""
    live_server.reset_database()
    watched = []

    def get(who):
        page = _walk_pages(who)
        watched.append((page, _watch(page, console)))
        return page

    yield get
    for page, handlers in watched:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)
    _assert_no_console_errors(live_server, console)


@pytest.fixture
def page(browser, live_server, smtp, console):
    """A browser page on a freshly reset live server, signed out."""
    live_server.reset_database()
    page = _open_page(browser, live_server, console)
    yield page
    _close_page(page, live_server, console)


@pytest.fixture
def staff_page(browser, live_server, staff_state, smtp, console):
    """A browser page on a freshly reset live server, signed in as the coordinator."""
    live_server.reset_database()
    page = _open_page(browser, live_server, console, storage_state=staff_state)
    yield page
    _close_page(page, live_server, console)


# ---------------------------------------------------------------------------- real parts, counted

def pytest_unconfigure(config):
    """The instance folder made above for this process (each worker makes its own)."""
    shutil.rmtree(os.environ["SANCTUARY_INSTANCE_PATH"], ignore_errors=True)


def pytest_addoption(parser):
    parser.addoption(
        "--require-ran", default="",
        help="comma-separated markers (browser,postgres,smtp,redis) of which at least one test "
             "must pass",
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if {"page", "staff_page", "walk_page", "browser"} & set(item.fixturenames):
            item.add_marker(pytest.mark.browser)
    # The browser journeys take seconds each: started first, they never leave one worker
    # finishing alone while the other is done; the many short tests fill in around them.
    items.sort(key=lambda item: not ("browser" in item.keywords
                                     and "walk_page" not in item.fixturenames))


# Under xdist each worker's reports also reach the controller, which counts them all here.
_passed = collections.Counter()


def _is_xdist_worker(config):
    return hasattr(config, "workerinput")


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed:
        for name in REAL_PARTS:
            if name in report.keywords:
                _passed[name] += 1


def _missing_parts(config):
    if _is_xdist_worker(config):  # a worker sees only its own share; the controller judges
        return []
    required = [name for name in config.getoption("--require-ran").split(",") if name]
    return [name for name in required if not _passed[name]]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    counts = ", ".join(f"{name} {_passed[name]}" for name in REAL_PARTS)
    terminalreporter.write_line(f"real parts exercised (passed tests): {counts}")
    for name in _missing_parts(config):
        terminalreporter.write_line(f"FAILED: no {name} test ran, and --require-ran needs one",
                                    red=True)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if _missing_parts(session.config) and session.exitstatus == 0:
        session.exitstatus = 1


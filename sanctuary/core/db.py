"""The database: one proxy for every model, chosen from DATABASE_URL, connected per request."""
import datetime
from urllib.parse import unquote, urlparse

from flask import current_app, request
from peewee import DatabaseProxy, DateTimeField, Model, PostgresqlDatabase, SqliteDatabase

from .clock import utcnow  # noqa: F401 - stored times come from the one clock

db = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
}
SQLITE_BUSY_TIMEOUT_SECONDS = 15




class UTCDateTimeField(DateTimeField):
    """A DateTimeField that refuses aware datetimes from other zones by converting them to UTC."""

    def db_value(self, value):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return super().db_value(value)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def database_from_url(url):
    """Build the peewee database for a sqlite:///path or postgresql://user:pw@host:port/name URL."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if path in ("", "/", "/:memory:"):
            raise ValueError("Use a database file, not an in-memory SQLite database")
        # sqlite:///relative/x.db has path "/relative/x.db"; sqlite:////abs/x.db has "//abs/x.db"
        path = path[1:]
        # IMMEDIATE on the database itself: every atomic() takes the write lock at BEGIN, so two
        # writers queue on the busy timeout instead of failing on lock upgrade.
        return SqliteDatabase(
            path,
            pragmas=SQLITE_PRAGMAS,
            timeout=SQLITE_BUSY_TIMEOUT_SECONDS,
            lock_type="IMMEDIATE",
        )
    if parsed.scheme in ("postgres", "postgresql"):
        return PostgresqlDatabase(
            unquote(parsed.path.lstrip("/")),
            user=unquote(parsed.username) if parsed.username else None,
            password=unquote(parsed.password) if parsed.password else None,
            host=parsed.hostname,
            port=parsed.port,
            prefer_psycopg3=True,
        )
    raise ValueError(f"Unsupported DATABASE_URL scheme: {parsed.scheme!r}")


def is_postgres():
    return isinstance(db.obj, PostgresqlDatabase)


def init_app(app):
    db.initialize(database_from_url(app.config["DATABASE_URL"]))
    app.before_request(open_connection)
    app.teardown_request(close_connection)


def without_connection(view):
    """Mark a view that opens its own connection (or needs none), e.g. to report a failure."""
    view.without_connection = True
    return view


def open_connection():
    view = current_app.view_functions.get(request.endpoint)
    if request.endpoint == "static" or getattr(view, "without_connection", False):
        return
    db.connect(reuse_if_open=True)


def close_connection(exc):
    if not db.is_closed():
        db.close()


def check_database():
    """True when the database answers a trivial query."""
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1")
        return True
    except Exception:  # any failure means "not healthy"
        current_app.logger.exception("Database health check failed")
        return False


def inserted(query):
    """Run an INSERT ... ON CONFLICT DO NOTHING; True if it added a row. (Peewee's execute()
    returns SQLite's lastrowid, which is not 0 when the insert was ignored.)"""
    return db.execute(query).rowcount == 1


def unchanged_since(version_field, version, edit_field, edit_id):
    """The condition for a save made from the copy at `version` by the page load `edit_id`: the
    row is still at that version, or its last save came from the same page (an autosave that got
    there first). A save from another page made from an older copy matches neither."""
    condition = version_field == version
    if edit_id:
        condition |= edit_field == edit_id
    return condition

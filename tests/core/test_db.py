import uuid

import pytest

from sanctuary.core.db import BaseModel, database_from_url, db, is_postgres
from sanctuary.core.migrate import MIGRATIONS
from sanctuary.core.outbox import OutboxMessage

# Constraints that only PostgreSQL can express, and so are allowed to differ between the two
# databases: none so far. Add (table, description) pairs here when a migration adds one.
POSTGRES_ONLY_CONSTRAINTS = []
ALL_MIGRATIONS = sorted(path.stem for path in MIGRATIONS.glob("[0-9]*.py"))
# Tables that exist in the database but belong to no model.
TABLES_WITHOUT_MODELS = {"schema_migration"}


def all_models(base=BaseModel):
    found = set()
    for model in base.__subclasses__():
        found.add(model)
        found |= all_models(model)
    return found


def describe_database(database):
    schema = {}
    for table in sorted(database.get_tables()):
        primary_key = database.get_primary_keys(table)
        schema[table] = {
            "columns": {c.name: c.null for c in database.get_columns(table)},
            "primary_key": primary_key,
            "indexes": sorted(
                (tuple(i.columns), i.unique)
                for i in database.get_indexes(table)
                if i.columns != primary_key
            ),
            "foreign_keys": sorted(
                (fk.column, fk.dest_table, fk.dest_column, fk.on_delete.upper())
                for fk in database.get_foreign_keys(table)
            ),
        }
    return schema


def describe_models(models):
    schema = {}
    for model in sorted(models, key=lambda m: m._meta.table_name):
        meta = model._meta
        indexes = [(tuple(f.column_name for f in i._expressions), i._unique)
                   for i in meta.fields_to_index()]
        schema[meta.table_name] = {
            "columns": {f.column_name: f.null for f in meta.sorted_fields},
            "primary_key": [f.column_name for f in meta.get_primary_keys()],
            "indexes": sorted(indexes),
            "foreign_keys": sorted(
                (f.column_name, f.rel_model._meta.table_name, f.rel_field.column_name,
                 (f.on_delete or "NO ACTION").upper())
                for f in meta.sorted_fields if f.__class__.__name__ == "ForeignKeyField"
            ),
        }
    return schema


@pytest.fixture
def empty_databases(tmp_path, pg_cluster):
    name = f"empty_{uuid.uuid4().hex[:10]}"
    urls = {"sqlite": f"sqlite:///{tmp_path / 'empty.db'}",
            "postgres": pg_cluster.create_database(name)}
    yield urls
    pg_cluster.drop_database(name)


@pytest.mark.postgres
def test_db_upgrade_gives_the_same_schema_on_sqlite_postgres_and_the_models(make_app,
                                                                            empty_databases):
    schemas = {}
    for kind, url in empty_databases.items():
        app = make_app(url)
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert result.output == f"Applied: {', '.join(ALL_MIGRATIONS)}\n"
        schemas[kind] = describe_database(db.obj)
        db.close()

    assert schemas["sqlite"] == schemas["postgres"]
    from_models = describe_models(all_models())
    without_history = {t: s for t, s in schemas["sqlite"].items() if t not in TABLES_WITHOUT_MODELS}
    assert without_history == from_models
    assert set(schemas["sqlite"]) - set(from_models) == TABLES_WITHOUT_MODELS
    assert POSTGRES_ONLY_CONSTRAINTS == []


def test_db_upgrade_twice_applies_nothing_the_second_time(make_app, sqlite_url):
    app = make_app(sqlite_url)  # already migrated from the template

    result = app.test_cli_runner().invoke(args=["db", "upgrade"])

    assert result.output == "The database is up to date.\n"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_immediate_transactions(app):
    assert db.execute_sql("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute_sql("PRAGMA foreign_keys").fetchone() == (1,)
    assert db.obj._lock_type == "IMMEDIATE"
    assert db.obj._timeout == 15
    assert not is_postgres()


@pytest.mark.postgres
def test_postgres_is_chosen_by_database_url(make_app, postgres_url):
    make_app(postgres_url)

    assert is_postgres()
    assert db.execute_sql("SELECT current_setting('server_version_num')::int").fetchone()[0] > 0


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "mysql://x@y/z"])
def test_database_url_refuses_what_the_app_does_not_support(url):
    with pytest.raises(ValueError):
        database_from_url(url)


def test_database_url_reads_absolute_and_relative_sqlite_paths():
    assert database_from_url("sqlite:////var/lib/sanctuary.db").database == "/var/lib/sanctuary.db"
    assert database_from_url("sqlite:///instance/x.db").database == "instance/x.db"


def test_times_are_stored_in_utc(any_app):
    import datetime
    from zoneinfo import ZoneInfo

    london_summer = datetime.datetime(2026, 6, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    message = OutboxMessage.create(message_id="<t@x>", recipient="a@example.org", subject="s",
                                   locale="en", next_attempt_at=london_summer)

    stored = OutboxMessage.get_by_id(message.id)

    assert stored.next_attempt_at == datetime.datetime(2026, 6, 20, 9, 0)


def test_inserted_says_whether_a_row_was_added(any_app):
    from sanctuary.core.db import inserted

    query = OutboxMessage.insert(message_id="<same@x>", recipient="a@example.org", subject="s",
                                 locale="en").on_conflict_ignore()

    assert inserted(query) is True
    assert inserted(query) is False
    assert OutboxMessage.select().count() == 1

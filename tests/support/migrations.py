"""For the tests of a data migration: a database as it was before the migration, and rows put
straight into tables that no model describes any more."""
from peewee import Table

from sanctuary.core import migrate
from sanctuary.core.db import db


def migration_before(name):
    """The name of the migration applied just before `name` (found by number, so a migration
    merged in between later is the one the test starts from)."""
    names = sorted(m.name for m in migrate.runner(db.obj).migrations())
    return names[names.index(name) - 1]


def database_before(name):
    """The app's database (empty) migrated up to the migration before `name`."""
    migrate.upgrade(db.obj, to=migration_before(name))


def insert(table, rows):
    """Rows into a table as it is at this point of the migrations."""
    Table(table, list(rows[0])).bind(db.obj).insert(rows).execute()


def select(table, columns, order_by="id"):
    """Its rows as tuples of `columns`."""
    return db.execute_sql(f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY {order_by}')\
        .fetchall()

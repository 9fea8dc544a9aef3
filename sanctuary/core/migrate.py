"""Schema migrations: numbered scripts in migrations/, applied in order by `flask db upgrade`."""
from pathlib import Path

from playhouse.migrations import Runner

from .db import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def runner(database=None):
    return Runner(database or db.obj, str(MIGRATIONS))


def upgrade(database=None, *, to=None):
    """Apply every pending migration (or those up to and including `to`, a migration's name, as
    a test of a data migration needs); return the names applied."""
    return runner(database).up(to)


def status(database=None):
    return runner(database).status()

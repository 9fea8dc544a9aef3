"""Schema migrations: numbered scripts in migrations/, applied in order by `flask db upgrade`."""
from pathlib import Path

from playhouse.migrations import Runner

from .db import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def runner(database=None):
    return Runner(database or db.obj, str(MIGRATIONS))


def upgrade(database=None):
    """Apply every pending migration; return the names applied."""
    return runner(database).up()


def status(database=None):
    return runner(database).status()

"""Counters for application references (one row a year)."""
from peewee import IntegerField, Model


def up(migrator, db):
    class ReferenceCounter(Model):
        year = IntegerField(unique=True)
        last = IntegerField(default=0)

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([ReferenceCounter])


def down(migrator, db):
    db.execute_sql('DROP TABLE "reference_counter"')

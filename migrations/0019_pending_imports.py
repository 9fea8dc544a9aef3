"""CSV files uploaded for import, kept until the person who uploaded them confirms them (and
then until a retention rule removes them)."""
import datetime

from peewee import CharField, DateTimeField, IntegerField, Model


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class PendingImport(Base):
        kind = CharField(max_length=64)
        storage_key = CharField(max_length=64, unique=True)
        filename = CharField(max_length=255)
        uploaded_by_id = IntegerField(index=True)
        uploaded_at = DateTimeField(default=datetime.datetime.utcnow, index=True)
        confirmed_at = DateTimeField(null=True)

    db.create_tables([PendingImport])


def down(migrator, db):
    db.execute_sql('DROP TABLE "pending_import"')

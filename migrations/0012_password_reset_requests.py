"""Password resets asked for any address, kept until the sender decides whether one is sent."""
import datetime

from peewee import CharField, DateTimeField, Model


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class PasswordResetRequest(Base):
        email = CharField(max_length=320)
        requested_at = DateTimeField(default=datetime.datetime.utcnow)

    db.create_tables([PasswordResetRequest])


def down(migrator, db):
    db.execute_sql('DROP TABLE "password_reset_request"')

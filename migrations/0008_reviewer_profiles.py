"""Reviewer profiles: languages read, lived experience (with consent), availability."""
import datetime

from peewee import BooleanField, DateField, DateTimeField, ForeignKeyField, Model, TextField


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class ReviewerProfile(Base):
        user = ForeignKeyField(User, unique=True, backref="+", on_delete="CASCADE")
        languages = TextField(default="[]")
        lived_experience = BooleanField(default=False)
        consent_given_at = DateTimeField(null=True)
        paused_until = DateField(null=True)
        updated_at = DateTimeField(default=datetime.datetime.utcnow)

    db.create_tables([ReviewerProfile])


def down(migrator, db):
    db.execute_sql('DROP TABLE "reviewer_profile"')

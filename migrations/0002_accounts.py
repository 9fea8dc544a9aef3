"""People, roles, single-use email links, and server-side sessions."""
import datetime

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, Model


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        email = CharField(max_length=320, unique=True)
        display_name = CharField(max_length=200, default="")
        language = CharField(max_length=16, default="en")
        password_hash = CharField(max_length=255, null=True)
        is_active = BooleanField(default=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class UserRole(Base):
        user = ForeignKeyField(User, on_delete="CASCADE")
        role = CharField(max_length=32)

        class Meta:
            indexes = ((("user", "role"), True),)

    class EmailToken(Base):
        token_hash = CharField(max_length=64, unique=True)
        purpose = CharField(max_length=32)
        email = CharField(max_length=320, index=True)
        role = CharField(max_length=32, null=True)
        display_name = CharField(max_length=200, default="")
        next_url = CharField(max_length=2000, null=True)
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)

    class UserSession(Base):
        key_hash = CharField(max_length=64, unique=True)
        user = ForeignKeyField(User, on_delete="CASCADE")
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        last_seen_at = DateTimeField(default=datetime.datetime.utcnow)
        revoked_at = DateTimeField(null=True, index=True)

    db.create_tables([User, UserRole, EmailToken, UserSession])


def down(migrator, db):
    for table in ("user_session", "email_token", "user_role", "user"):
        db.execute_sql(f'DROP TABLE "{table}"')

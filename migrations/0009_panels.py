"""Panels: reviewers assigned to applications, conflict-of-interest declarations, audit trail."""
import datetime

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, Model, TextField


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Organisation(Base):
        class Meta:
            table_name = "organisation"

    class Application(Base):
        class Meta:
            table_name = "application"

    class Assignment(Base):
        application = ForeignKeyField(Application, on_delete="CASCADE")
        reviewer = ForeignKeyField(User, on_delete="CASCADE")
        assigned_at = DateTimeField(default=datetime.datetime.utcnow)
        assigned_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        due_on = DateField()
        removed_at = DateTimeField(null=True)
        reminded_at = DateTimeField(null=True)

        class Meta:
            indexes = ((("application", "reviewer"), True),)

    class ConflictDeclaration(Base):
        application = ForeignKeyField(Application, backref="+", on_delete="CASCADE")
        organisation = ForeignKeyField(Organisation, backref="+", on_delete="CASCADE")
        reviewer = ForeignKeyField(User, backref="+", on_delete="CASCADE")
        has_conflict = BooleanField()
        reason = CharField(max_length=16, null=True)
        note = TextField(default="")
        declared_at = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            indexes = ((("application", "reviewer"), True),)

    class PanelEvent(Base):
        application = ForeignKeyField(Application, backref="+", on_delete="CASCADE")
        kind = CharField(max_length=32)
        at = DateTimeField(default=datetime.datetime.utcnow)
        by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        subject = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        detail = TextField(default="")

    db.create_tables([Assignment, ConflictDeclaration, PanelEvent])


def down(migrator, db):
    for table in ("panel_event", "conflict_declaration", "assignment"):
        db.execute_sql(f'DROP TABLE "{table}"')

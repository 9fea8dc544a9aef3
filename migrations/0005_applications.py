"""Application rounds, applications, answers to criteria, and each application's timeline."""
import datetime

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

ACTIVE_STATES = ("draft", "submitted", "under_review", "further_evidence")


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

    class Stream(Base):
        class Meta:
            table_name = "stream"

    class Criterion(Base):
        class Meta:
            table_name = "criterion"

    class Round(Base):
        name = CharField(max_length=200)
        opens_on = DateField(null=True)
        closes_on = DateField(null=True)
        is_open = BooleanField(default=False)
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class Application(Base):
        organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
        stream = ForeignKeyField(Stream, on_delete="RESTRICT")
        round = ForeignKeyField(Round, null=True, on_delete="RESTRICT")
        state = CharField(max_length=32, default="draft", index=True)
        reference = CharField(max_length=32, null=True, unique=True)
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        submitted_at = DateTimeField(null=True)

    Application.add_index(
        Application.index(Application.organisation, unique=True, name="application_one_active")
        .where(Application.state.in_(ACTIVE_STATES)))

    class Answer(Base):
        application = ForeignKeyField(Application, on_delete="CASCADE")
        criterion = ForeignKeyField(Criterion, on_delete="RESTRICT")
        doing_now = TextField(default="")
        next_steps = TextField(default="")
        target_date = DateField(null=True)
        version = IntegerField(default=0)
        updated_at = DateTimeField(default=datetime.datetime.utcnow)
        updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        snapshot = TextField(null=True)

        class Meta:
            indexes = ((("application", "criterion"), True),)

    class ApplicationEvent(Base):
        application = ForeignKeyField(Application, on_delete="CASCADE")
        state = CharField(max_length=32)
        at = DateTimeField(default=datetime.datetime.utcnow)
        by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    db.create_tables([Round, Application, Answer, ApplicationEvent])


def down(migrator, db):
    for table in ("application_event", "answer", "application", "round"):
        db.execute_sql(f'DROP TABLE "{table}"')

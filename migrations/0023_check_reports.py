"""Secret-shopper checks, part 2: residents' optional contact and the booking's own key on a
place; campaigns' closing time (contact details are deleted 30 days after it); the reports
checkers make, with the answer to each question in the wording they read."""
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


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        email = CharField(max_length=320, unique=True)

    class Question(Base):
        key = CharField(max_length=40)

    class QuestionWording(Base):
        question = ForeignKeyField(Question, backref="+", on_delete="CASCADE")
        version = IntegerField()

    class CheckBooking(Base):
        reference = CharField(max_length=16, unique=True)

    class CheckReport(Base):
        booking = ForeignKeyField(CheckBooking, backref="+", on_delete="CASCADE", unique=True)
        visited_on = DateField(null=True)
        channel = CharField(max_length=16, null=True)
        outcome = CharField(max_length=24, null=True)
        minutes = IntegerField(null=True)
        changed_answer = CharField(max_length=8, null=True)
        notes = TextField(default="")
        score = IntegerField(null=True)
        out_of = IntegerField(null=True)
        submitted_at = DateTimeField(null=True)
        reviewed_at = DateTimeField(null=True)
        entered_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        version = IntegerField(default=0)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        updated_at = DateTimeField(default=datetime.datetime.utcnow)

    class ReportAnswer(Base):
        report = ForeignKeyField(CheckReport, backref="+", on_delete="CASCADE")
        question = ForeignKeyField(Question, backref="+", on_delete="CASCADE")
        wording = ForeignKeyField(QuestionWording, backref="+", on_delete="RESTRICT")
        answer = CharField(max_length=8)

        class Meta:
            indexes = ((("report", "question"), True),)

    migrator.migrate(
        migrator.add_column("campaign", "closed_at", DateTimeField(null=True)),
        migrator.add_column("check_booking", "email", CharField(max_length=320, null=True)),
        migrator.add_column("check_booking", "form_key",
                            CharField(max_length=32, null=True, unique=True)),
        migrator.add_column("check_booking", "briefing_read", BooleanField(default=False)),
        migrator.add_column("check_booking", "cancelled_at", DateTimeField(null=True)),
        migrator.add_column("check_booking", "reminded_at", DateTimeField(null=True)),
    )
    db.create_tables([CheckReport, ReportAnswer])


def down(migrator, db):
    for table in ("report_answer", "check_report"):
        db.execute_sql(f"DROP TABLE {table}")
    migrator.migrate(
        migrator.drop_column("check_booking", "reminded_at"),
        migrator.drop_column("check_booking", "cancelled_at"),
        migrator.drop_column("check_booking", "briefing_read"),
        migrator.drop_column("check_booking", "form_key"),
        migrator.drop_column("check_booking", "email"),
        migrator.drop_column("campaign", "closed_at"),
    )

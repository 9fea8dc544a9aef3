"""Decisions, feedback for applicants, awards; review rounds, renewals and what further evidence
changed."""
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
        class Meta:
            table_name = "user"

    class Organisation(Base):
        class Meta:
            table_name = "organisation"

    class Application(Base):
        class Meta:
            table_name = "application"

    class Criterion(Base):
        class Meta:
            table_name = "criterion"

    class Decision(Base):
        application = ForeignKeyField(Application, on_delete="CASCADE")
        round = IntegerField()
        outcome = CharField(max_length=32, null=True)
        message = TextField(default="")
        rationale = TextField(default="")
        evidence_request = TextField(default="")
        evidence_due = DateField(null=True)
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        updated_at = DateTimeField(default=datetime.datetime.utcnow)
        sent_at = DateTimeField(null=True)
        sent_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        overdue_alerted_at = DateTimeField(null=True)

        class Meta:
            indexes = ((("application", "round"), True),)

    class DecisionFeedback(Base):
        decision = ForeignKeyField(Decision, on_delete="CASCADE")
        criterion = ForeignKeyField(Criterion, on_delete="RESTRICT")
        strengths = TextField(default="")
        improvements = TextField(default="")
        questions = TextField(default="")
        needs_evidence = BooleanField(default=False)

        class Meta:
            indexes = ((("decision", "criterion"), True),)

    class Award(Base):
        organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
        application = ForeignKeyField(Application, unique=True, backref="+", on_delete="CASCADE")
        awarded_on = DateField()
        expires_on = DateField()
        listed = BooleanField(default=False)
        reminded_90_at = DateTimeField(null=True)
        reminded_30_at = DateTimeField(null=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    db.create_tables([Decision, DecisionFeedback, Award])
    renewal_of = ForeignKeyField(Application, field=Application.id, null=True,
                                 on_delete="SET NULL")
    migrator.migrate(
        migrator.add_column("application", "review_round", IntegerField(default=1)),
        migrator.add_column("application", "renewal_of_id", renewal_of),
        migrator.add_column("answer", "changed_in_round", IntegerField(null=True)),
        migrator.add_column("answer", "earlier", TextField(null=True)),
        migrator.add_column("evidence", "added_in_round", IntegerField(default=1)))


def down(migrator, db):
    migrator.migrate(*[migrator.drop_column(table, column) for table, column in (
        ("evidence", "added_in_round"), ("answer", "earlier"), ("answer", "changed_in_round"),
        ("application", "renewal_of_id"), ("application", "review_round"))])
    for table in ("award", "decision_feedback", "decision"):
        db.execute_sql(f'DROP TABLE "{table}"')

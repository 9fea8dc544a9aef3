"""Reviews: each reviewer's verdicts per criterion and recommendation, and the agreed verdicts."""
import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Application(Base):
        class Meta:
            table_name = "application"

    class Criterion(Base):
        class Meta:
            table_name = "criterion"

    class Review(Base):
        application = ForeignKeyField(Application, on_delete="CASCADE")
        reviewer = ForeignKeyField(User, on_delete="CASCADE")
        round = IntegerField(default=1)
        recommendation = CharField(max_length=32, null=True)
        summary = TextField(default="")
        started_at = DateTimeField(default=datetime.datetime.utcnow)
        updated_at = DateTimeField(default=datetime.datetime.utcnow)
        submitted_at = DateTimeField(null=True)

        class Meta:
            indexes = ((("application", "reviewer", "round"), True),)

    class ReviewVerdict(Base):
        review = ForeignKeyField(Review, on_delete="CASCADE")
        criterion = ForeignKeyField(Criterion, on_delete="RESTRICT")
        verdict = CharField(max_length=32, null=True)
        note = TextField(default="")
        feedback = TextField(default="")
        question = TextField(default="")
        updated_at = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            indexes = ((("review", "criterion"), True),)

    class AgreedVerdict(Base):
        application = ForeignKeyField(Application, backref="+", on_delete="CASCADE")
        round = IntegerField(default=1)
        criterion = ForeignKeyField(Criterion, backref="+", on_delete="RESTRICT")
        verdict = CharField(max_length=32)
        note = TextField(default="")
        recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        recorded_at = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            indexes = ((("application", "round", "criterion"), True),)

    db.create_tables([Review, ReviewVerdict, AgreedVerdict])


def down(migrator, db):
    for table in ("agreed_verdict", "review_verdict", "review"):
        db.execute_sql(f'DROP TABLE "{table}"')

"""Secret-shopper checks, part 3: who accepted a report; coordinators' questions to a checker
about their report; follow-up with a service (a letter, a meeting, a re-check); and which
services' results a coordinator has published by name."""
import datetime

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, Model, TextField


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        email = CharField(max_length=320, unique=True)

    class Service(Base):
        name = CharField(max_length=200)

    class Campaign(Base):
        code = CharField(max_length=16, unique=True)

    class CheckReport(Base):
        score = CharField(null=True)

    class CheckQuery(Base):
        report = ForeignKeyField(CheckReport, backref="+", on_delete="CASCADE")
        question = TextField()
        asked_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        asked_at = DateTimeField(default=datetime.datetime.utcnow)
        answer = TextField(null=True)
        answered_at = DateTimeField(null=True)

    class FollowUp(Base):
        service = ForeignKeyField(Service, backref="+", on_delete="CASCADE")
        campaign = ForeignKeyField(Campaign, null=True, backref="+", on_delete="SET NULL")
        kind = CharField(max_length=16)
        done_on = DateField()
        note = TextField(default="")
        recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        recorded_at = DateTimeField(default=datetime.datetime.utcnow)

    class Publication(Base):
        service = ForeignKeyField(Service, backref="+", on_delete="CASCADE")
        campaign = ForeignKeyField(Campaign, backref="+", on_delete="CASCADE")
        published_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        published_at = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            indexes = ((("service", "campaign"), True),)

    migrator.migrate(migrator.add_column(
        "check_report", "reviewed_by_id",
        ForeignKeyField(User, field=User.id, null=True, on_delete="SET NULL")))
    db.create_tables([CheckQuery, FollowUp, Publication])


def down(migrator, db):
    for table in ("publication", "follow_up", "check_query"):
        db.execute_sql(f"DROP TABLE {table}")
    migrator.migrate(migrator.drop_column("check_report", "reviewed_by_id"))

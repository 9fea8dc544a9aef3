"""Secret-shopper checks, part 1: the register of services, campaigns, their questions (with
every wording kept), check slots and the places on them."""
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

    class Service(Base):
        kind = CharField(max_length=16, default="gp", index=True)
        name = CharField(max_length=200)
        address = CharField(max_length=300, default="")
        postcode = CharField(max_length=8, index=True)
        ward = CharField(max_length=64, default="")
        ods_code = CharField(max_length=10, null=True, unique=True)
        safe_surgery = BooleanField(default=False)
        notes = TextField(default="")
        retired_at = DateTimeField(null=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        updated_at = DateTimeField(default=datetime.datetime.utcnow)

    class Campaign(Base):
        title = TextField()
        starts_on = DateField()
        ends_on = DateField()
        briefing = TextField(default="{}")
        script = TextField(default="{}")
        state = CharField(max_length=16, default="draft", index=True)
        code = CharField(max_length=16, unique=True)
        code_changed_at = DateTimeField(default=datetime.datetime.utcnow)
        scoring = TextField(default="{}")
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class Question(Base):
        campaign = ForeignKeyField(Campaign, backref="+", on_delete="CASCADE")
        key = CharField(max_length=40)
        position = IntegerField(default=0)
        good = CharField(max_length=8, null=True)
        retired_at = DateTimeField(null=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            indexes = ((("campaign", "key"), True),)

    class QuestionWording(Base):
        question = ForeignKeyField(Question, backref="+", on_delete="CASCADE")
        version = IntegerField()
        text = TextField()
        written_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        written_at = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            indexes = ((("question", "version"), True),)

    class CheckSlot(Base):
        campaign = ForeignKeyField(Campaign, backref="+", on_delete="CASCADE")
        service = ForeignKeyField(Service, backref="+", on_delete="RESTRICT")
        first_day = DateField(index=True)
        last_day = DateField()
        capacity = IntegerField(default=1)
        withdrawn_at = DateTimeField(null=True)
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class CheckBooking(Base):
        slot = ForeignKeyField(CheckSlot, backref="+", on_delete="CASCADE")
        alias = CharField(max_length=100)
        reference = CharField(max_length=16, unique=True)
        language = CharField(max_length=16, default="en")
        state = CharField(max_length=16, default="booked", index=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    db.create_tables([Service, Campaign, Question, QuestionWording, CheckSlot, CheckBooking])


def down(migrator, db):
    for table in ("check_booking", "check_slot", "question_wording", "question", "campaign",
                  "service"):
        db.execute_sql(f"DROP TABLE {table}")

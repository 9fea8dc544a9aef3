"""School sessions: slots, blocked days and bookings; an optional URN on organisations (schools
have one); and the school-contact role, which nothing granted or checked, is gone (a school's
people are the members of its organisation, as for every organisation)."""
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

    class Organisation(Base):
        name = CharField(max_length=200)

    class Slot(Base):
        date = DateField(index=True)
        starts_at = CharField(max_length=5)
        ends_at = CharField(max_length=5)
        formats = TextField(default="[]")
        delivery = CharField(max_length=16, default="in_school")
        capacity = IntegerField(default=1)
        confirmed = IntegerField(default=0)
        withdrawn_at = DateTimeField(null=True)
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class BlockedPeriod(Base):
        starts_on = DateField(index=True)
        ends_on = DateField(index=True)
        kind = CharField(max_length=32, default="school_holiday")
        note = CharField(max_length=200, default="")
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class Booking(Base):
        reference = CharField(max_length=16, unique=True)
        request_key = CharField(max_length=64, unique=True)
        uid = CharField(max_length=120, unique=True)
        organisation = ForeignKeyField(Organisation, backref="+", on_delete="CASCADE")
        requested_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        state = CharField(max_length=16, default="requested", index=True)
        format = CharField(max_length=16)
        delivery = CharField(max_length=16, default="in_school")
        slot = ForeignKeyField(Slot, null=True, on_delete="SET NULL", backref="+")
        proposed_dates = TextField(default="[]")
        preferred_start = CharField(max_length=5, default="")
        duration_minutes = IntegerField(default=60)
        year_groups = CharField(max_length=200)
        audience_size = IntegerField()
        home_languages = CharField(max_length=300, default="")
        accessibility = TextField(default="")
        contact_name = CharField(max_length=200)
        contact_role = CharField(max_length=200, default="")
        contact_email = CharField(max_length=320)
        contact_phone = CharField(max_length=40)
        supervisor_name = CharField(max_length=200)
        supervisor_phone = CharField(max_length=40, default="")
        language = CharField(max_length=16, default="en")
        agreed_terms_at = DateTimeField()
        session_date = DateField(null=True, index=True)
        starts_at = CharField(max_length=5, default="")
        ends_at = CharField(max_length=5, default="")
        held_slot = ForeignKeyField(Slot, null=True, on_delete="SET NULL", backref="+")
        offer_slot = ForeignKeyField(Slot, null=True, on_delete="SET NULL", backref="+")
        offer_date = DateField(null=True)
        offer_starts_at = CharField(max_length=5, default="")
        offer_ends_at = CharField(max_length=5, default="")
        offer_note = TextField(default="")
        decline_reason = TextField(default="")
        cancel_reason = TextField(default="")
        cancelled_by_school = BooleanField(default=False)
        cancelled_late = BooleanField(default=False)
        sequence = IntegerField(default=0)
        reminded_at = DateTimeField(null=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    db.create_tables([Slot, BlockedPeriod, Booking])
    migrator.migrate(migrator.add_column("organisation", "urn", CharField(max_length=8,
                                                                           default="")))
    db.execute_sql("DELETE FROM user_role WHERE role = 'school_contact'")


def down(migrator, db):
    migrator.migrate(migrator.drop_column("organisation", "urn"))
    for table in ("booking", "blocked_period", "slot"):
        db.execute_sql(f'DROP TABLE "{table}"')

"""School sessions, part 2: speakers and their assignments, waiting lists, feedback and terms;
places held for waiting-list offers; key stages and two reminders' claims on bookings; tags on
award criteria, and evidence recorded by the app (a delivered training session)."""
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

    class Slot(Base):
        date = DateField()

    class Booking(Base):
        reference = CharField(max_length=16, unique=True)

    class Application(Base):
        state = CharField(max_length=32)

    class Criterion(Base):
        principle = CharField(max_length=16)

    class Speaker(Base):
        name = CharField(max_length=100)
        email = CharField(max_length=320, default="")
        phone = CharField(max_length=40, default="")
        language = CharField(max_length=16, default="en")
        formats = TextField(default="[]")
        topics = TextField(default="")
        languages = CharField(max_length=300, default="")
        usual_days = TextField(default="[]")
        notes = TextField(default="")
        wants_feedback = BooleanField(default=False)
        consent_at = DateTimeField(null=True)
        consent_recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        consent_withdrawn_at = DateTimeField(null=True)
        removed_at = DateTimeField(null=True)
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class SpeakerAssignment(Base):
        booking = ForeignKeyField(Booking, backref="+", on_delete="CASCADE")
        speaker = ForeignKeyField(Speaker, backref="+", on_delete="CASCADE")
        state = CharField(max_length=16, default="invited", index=True)
        day = DateField(index=True)
        starts = DateTimeField()
        ends = DateTimeField()
        invited_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        invited_at = DateTimeField(default=datetime.datetime.utcnow)
        answered_at = DateTimeField(null=True)
        reminded_at = DateTimeField(null=True)

        class Meta:
            indexes = ((("booking", "speaker"), True),)

    class WaitingEntry(Base):
        slot = ForeignKeyField(Slot, backref="+", on_delete="CASCADE")
        booking = ForeignKeyField(Booking, unique=True, backref="+", on_delete="CASCADE")
        state = CharField(max_length=16, default="waiting", index=True)
        joined_at = DateTimeField(default=datetime.datetime.utcnow)
        offered_at = DateTimeField(null=True)
        offer_expires_at = DateTimeField(null=True, index=True)
        answered_at = DateTimeField(null=True)

    class SessionFeedback(Base):
        booking = ForeignKeyField(Booking, unique=True, backref="+", on_delete="CASCADE")
        how_it_went = CharField(max_length=16)
        reached = IntegerField()
        book_again = CharField(max_length=16)
        for_speaker = TextField(default="")
        comments = TextField(default="")
        given_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        given_at = DateTimeField(default=datetime.datetime.utcnow)
        updated_at = DateTimeField(default=datetime.datetime.utcnow)

    class Term(Base):
        name = CharField(max_length=100)
        starts_on = DateField(index=True)
        ends_on = DateField()
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        created_at = DateTimeField(default=datetime.datetime.utcnow)

    class RecordedEvidence(Base):
        application = ForeignKeyField(Application, backref="+", on_delete="CASCADE")
        criterion = ForeignKeyField(Criterion, backref="+", on_delete="RESTRICT")
        source = CharField(max_length=64)
        title = TextField()
        occurred_on = DateField()
        minutes = IntegerField(null=True)
        people = IntegerField(null=True)
        added_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
        added_at = DateTimeField(default=datetime.datetime.utcnow)
        added_in_round = IntegerField(default=1)

        class Meta:
            indexes = ((("application", "criterion", "source"), True),)

    db.create_tables([Speaker, SpeakerAssignment, WaitingEntry, SessionFeedback, Term,
                      RecordedEvidence])
    migrator.migrate(
        migrator.add_column("slot", "offered", IntegerField(default=0)),
        migrator.add_column("booking", "key_stages", TextField(default="[]")),
        migrator.add_column("booking", "speaker_alerted_at", DateTimeField(null=True)),
        migrator.add_column("booking", "feedback_asked_at", DateTimeField(null=True)),
        migrator.add_column("criterion", "tags", TextField(default="[]")),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("criterion", "tags"),
        migrator.drop_column("booking", "feedback_asked_at"),
        migrator.drop_column("booking", "speaker_alerted_at"),
        migrator.drop_column("booking", "key_stages"),
        migrator.drop_column("slot", "offered"),
    )
    for table in ("recorded_evidence", "term", "session_feedback", "waiting_entry",
                  "speaker_assignment", "speaker"):
        db.execute_sql(f'DROP TABLE "{table}"')

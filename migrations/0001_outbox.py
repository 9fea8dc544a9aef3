"""The email outbox and its attachments."""
import datetime

from peewee import BlobField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    # Frozen copies of the models as they were when this migration was written.
    class OutboxMessage(Model):
        message_id = CharField(max_length=255, unique=True)
        recipient = CharField(max_length=320)
        subject = CharField(max_length=255)
        body_text = TextField(null=True)
        body_html = TextField(null=True)
        locale = CharField(max_length=16)
        state = CharField(max_length=16, default="queued", index=True)
        attempts = IntegerField(default=0)
        next_attempt_at = DateTimeField(default=datetime.datetime.utcnow, index=True)
        lease_until = DateTimeField(null=True)
        claim_token = CharField(max_length=64, null=True)
        last_error = TextField(null=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        sent_at = DateTimeField(null=True)

        class Meta:
            database = db
            legacy_table_names = False

    class OutboxAttachment(Model):
        message = ForeignKeyField(OutboxMessage, backref="attachments", on_delete="CASCADE")
        filename = CharField(max_length=255)
        content_type = CharField(max_length=127)
        data = BlobField()

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([OutboxMessage, OutboxAttachment])


def down(migrator, db):
    db.execute_sql("DROP TABLE outbox_attachment")
    db.execute_sql("DROP TABLE outbox_message")

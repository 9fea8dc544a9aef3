"""An email may ask to forget its address as soon as it is sent (a resident's, who leaves nothing
that identifies them). Depends on 0018 only (the address may be empty), not on 0023."""
from peewee import BooleanField


def up(migrator, db):
    migrator.migrate(migrator.add_column("outbox_message", "forget_recipient",
                                         BooleanField(default=False)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("outbox_message", "forget_recipient"))

"""A sent email's address and subject, emptied a while after sending (core.jobs retention), may
be empty."""


def up(migrator, db):
    migrator.migrate(
        migrator.drop_not_null("outbox_message", "recipient"),
        migrator.drop_not_null("outbox_message", "subject"))


def down(migrator, db):
    migrator.migrate(
        migrator.add_not_null("outbox_message", "recipient"),
        migrator.add_not_null("outbox_message", "subject"))

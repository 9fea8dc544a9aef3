"""Which page load made the last save of an answer, and versions for reviewers' verdict rows, so
that a save from another tab or device made from an older copy is refused, whoever makes it."""
from peewee import CharField, IntegerField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("answer", "edit_id", CharField(max_length=32, null=True)),
        migrator.add_column("review_verdict", "version", IntegerField(default=0)),
        migrator.add_column("review_verdict", "edit_id", CharField(max_length=32, null=True)))


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("review_verdict", "edit_id"),
        migrator.drop_column("review_verdict", "version"),
        migrator.drop_column("answer", "edit_id"))

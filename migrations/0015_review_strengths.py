"""Reviewers suggest strengths apart from areas to improve (`feedback`), so that the decision
starts each part of its feedback from what was written for it."""
from peewee import TextField


def up(migrator, db):
    migrator.migrate(migrator.add_column("review_verdict", "strengths", TextField(default="")))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("review_verdict", "strengths"))

"""Every write of the panel, as plain functions; the acting person is the keyword `by=`, and the
emails go through ..notifications. The code is in topic modules: panels.py (what is recorded
about a reviewer, assignments, declarations, a new round of reviews, the panel's trail) and
reviews.py (a reviewer's own review, the agreed verdicts, reminders). Callers import from here,
`panel.services`, never from a topic module."""
from .panels import (
    AssignmentRefused,
    assign,
    declare,
    record_decision_sent_early,
    record_reviewer,
    remove_from_panel,
    restart_reviews,
    review_due_on,
    set_pause,
    withdraw_lived_experience,
)
from .reviews import (
    ChangedElsewhere,
    ReviewLocked,
    record_agreed,
    reminders_for,
    reopen_review,
    save_overall,
    save_verdict,
    send_review_reminders,
    submit_review,
)

__all__ = [
    "AssignmentRefused",
    "ChangedElsewhere",
    "ReviewLocked",
    "assign",
    "declare",
    "record_agreed",
    "record_decision_sent_early",
    "record_reviewer",
    "reminders_for",
    "remove_from_panel",
    "reopen_review",
    "restart_reviews",
    "review_due_on",
    "save_overall",
    "save_verdict",
    "send_review_reminders",
    "set_pause",
    "submit_review",
    "withdraw_lived_experience",
]

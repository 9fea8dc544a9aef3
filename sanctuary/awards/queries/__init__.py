"""The award side's named reads, one module per topic: applications (answers, files, sections,
what is missing), organisations and award (awards held, the directory, renewing). Import them from
here."""
from .applications import (
    ANSWER_PARTS,
    GAP_MESSAGES,
    AnswerRow,
    Section,
    SectionStatus,
    answer_rows,
    criteria_with_files,
    criterion_gaps,
    criterion_sections,
    missing_items,
    recorded_by_criterion,
    recorded_summary,
    section_of,
    timeline_of,
)
from .award import (
    ASSESSING,
    RENEWAL_WINDOW_DAYS,
    award_of,
    award_status,
    can_start_again,
    current_award,
    directory,
    held_award,
    in_renewal_window,
    is_current,
    renewal_opens_on,
    renewal_reminders_due,
    renewal_window_open_for,
)
from .organisations import Invitation, earlier_applications, recipients, usable_invitation

__all__ = [
    "ANSWER_PARTS", "ASSESSING", "GAP_MESSAGES", "RENEWAL_WINDOW_DAYS", "AnswerRow", "Invitation",
    "Section", "SectionStatus", "answer_rows", "award_of", "award_status", "can_start_again",
    "criteria_with_files", "criterion_gaps", "criterion_sections", "current_award", "directory",
    "earlier_applications", "held_award", "in_renewal_window", "is_current", "missing_items",
    "recipients", "recorded_by_criterion", "recorded_summary", "renewal_opens_on",
    "renewal_reminders_due", "renewal_window_open_for", "section_of", "timeline_of",
    "usable_invitation",
]

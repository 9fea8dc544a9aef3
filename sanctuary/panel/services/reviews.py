"""Writes about reviews: a reviewer's own review (its rows, the overall part, submitting and
reopening it), the panel's agreed verdicts, and the reminders of overdue reviews."""
from flask_babel import lazy_gettext as _l

from ...awards.queries import answer_rows
from ...core import audit
from ...core.db import db, unchanged_since, utcnow
from ...core.jobs import Reminder, send_reminder
from ...core.translated import localize
from .. import notifications
from ..models import (
    AgreedVerdict,
    Assignment,
    PanelEventKind,
    Review,
    ReviewVerdict,
    Verdict,
    has_submitted,
)
from ..queries import (
    current_round,
    missing_items,
    overdue_assignments,
    review_of,
    round_is_open,
)


class ReviewLocked(Exception):
    """The review is submitted (reopen it first), or the round has been decided."""


def _open_review(application, reviewer):
    """The reviewer's review of this round, created if need be, and marked as changed now. The
    conditional UPDATE takes the row's lock, so a submission cannot slip in between."""
    if not round_is_open(application):
        raise ReviewLocked(_l("The panel's decision has been made: reviews can no longer change."))
    round = current_round(application)
    Review.insert(application=application, reviewer=reviewer, round=round).on_conflict_ignore(
    ).execute()
    changed = (Review.update(updated_at=utcnow())
               .where((Review.application == application) & (Review.reviewer == reviewer)
                      & (Review.round == round) & Review.submitted_at.is_null()).execute())
    if not changed:
        raise ReviewLocked(_l("You have submitted your review. Reopen it to make changes."))
    return review_of(application, reviewer, round)


class ChangedElsewhere(Exception):
    """A save made from an older copy of a row than the one saved since from another page (the
    reviewer's other tab or device). `current` is the row as it is now."""

    def __init__(self, current):
        super().__init__("changed elsewhere")
        self.current = current


def save_verdict(application, criterion_id, *, by, verdict, note="", strengths="",
                 feedback="", question="", version=None, edit_id=None):
    """Save one criterion's row of the reviewer's own review (its verdict may be empty).

    A page sends the `version` it was loaded with and its `edit_id`: a save from another page
    made from an older copy raises ChangedElsewhere and writes nothing, while a newer save from
    the same page (an autosave on its way) is never a conflict. Without a version (the demo
    data, the tests' factories) it saves whatever is there."""
    reviewer = by  # a review is only ever changed by its own reviewer
    with db.atomic():
        review = _open_review(application, reviewer)
        ReviewVerdict.insert(review=review, criterion=criterion_id).on_conflict_ignore().execute()
        this_row = (ReviewVerdict.review == review) & (ReviewVerdict.criterion == criterion_id)
        query = ReviewVerdict.update(
            verdict=verdict or None, note=note.strip(), strengths=strengths.strip(),
            feedback=feedback.strip(), question=question.strip(),
            version=ReviewVerdict.version + 1,
            edit_id=edit_id or None, updated_at=utcnow()).where(this_row)
        if version is not None:
            query = query.where(unchanged_since(ReviewVerdict.version, version,
                                                ReviewVerdict.edit_id, edit_id))
        if query.execute() != 1:
            raise ChangedElsewhere(ReviewVerdict.get(this_row))
    return ReviewVerdict.get(this_row)


def save_overall(application, *, by, recommendation, summary):
    reviewer = by  # a review is only ever changed by its own reviewer
    with db.atomic():
        review = _open_review(application, reviewer)
        Review.update(recommendation=recommendation or None, summary=summary.strip()).where(
            Review.id == review.id).execute()
    return Review.get_by_id(review.id)


def submit_review(application, *, by):
    """Lock the review, if it is complete. Returns what is missing (nothing once submitted).
    Submitting twice (a double click) records one submission."""
    reviewer = by  # a review is only ever changed by its own reviewer
    with db.atomic():
        review = review_of(application, reviewer)
        missing = missing_items(application, review)
        if missing:
            return missing
        if not round_is_open(application):
            raise ReviewLocked(_l("The panel's decision has been made: reviews can no longer "
                                  "change."))
        submitted = (Review.update(submitted_at=utcnow())
                     .where((Review.id == review.id) & Review.submitted_at.is_null()).execute())
        if submitted:
            audit.record(PanelEventKind.REVIEW_SUBMITTED, application, by=reviewer,
                         about=reviewer)
    return []


def reopen_review(application, *, by):
    reviewer = by  # a review is only ever changed by its own reviewer
    with db.atomic():
        if not round_is_open(application):
            raise ReviewLocked(_l("The panel's decision has been made: reviews can no longer "
                                  "change."))
        reopened = (Review.update(submitted_at=None)
                    .where((Review.application == application) & (Review.reviewer == reviewer)
                           & (Review.round == current_round(application))
                           & Review.submitted_at.is_null(False)).execute())
        if reopened:
            audit.record(PanelEventKind.REVIEW_REOPENED, application, by=reviewer,
                         about=reviewer)
    return bool(reopened)


def record_agreed(application, verdicts, *, by):
    """{criterion id: (verdict, note)} as the panel agreed them. Only changes are recorded (and
    put on the audit trail); the reviewers' own verdicts stay as they were."""
    if not round_is_open(application):
        raise ReviewLocked(_l("The panel's decision has been made: reviews can no longer change."))
    round = current_round(application)
    titles = {row.criterion_id: localize(row.title).text for row in answer_rows(application)}
    changed = 0
    with db.atomic():
        before = {a.criterion_id: a for a in AgreedVerdict.select().where(
            (AgreedVerdict.application == application) & (AgreedVerdict.round == round))}
        for criterion_id, (verdict, note) in verdicts.items():
            if criterion_id not in titles:  # not a criterion this application answered
                continue
            old = before.get(criterion_id)
            note = (note or "").strip()
            if not verdict:
                if old is not None:
                    old.delete_instance()
                    changed += 1
                continue
            if old is not None and (old.verdict, old.note) == (verdict, note):
                continue
            fields = dict(verdict=verdict, note=note, recorded_by=by, recorded_at=utcnow())
            (AgreedVerdict.insert(application=application, round=round, criterion=criterion_id,
                                  **fields)
             .on_conflict(conflict_target=[AgreedVerdict.application, AgreedVerdict.round,
                                           AgreedVerdict.criterion],
                          update={getattr(AgreedVerdict, k): v for k, v in fields.items()})
             .execute())
            audit.record(PanelEventKind.AGREED, application, by=by,
                         detail={"note": f"{titles[criterion_id]}: {Verdict(verdict).label}"})
            changed += 1
    return changed


# ---------------------------------------------------------------------------- reminders

def _reviews_overdue(today):
    return [assignment for assignment in overdue_assignments(today)
            if not has_submitted(assignment.application, assignment.reviewer)]


REVIEW_REMINDER = Reminder(
    "Overdue reviews", due=_reviews_overdue, claim=(Assignment.reminded_at,),
    send=lambda assignment: notifications.review_overdue(
        assignment.application, assignment.reviewer, due_on=assignment.due_on))


def send_review_reminders(today):
    """Email each reviewer whose review is past its due date, once per assignment (core.jobs
    claims it before it is queued, so a second run or host sends nothing twice)."""
    return send_reminder(REVIEW_REMINDER, today)


def reminders_for(app):
    """The panel's reminders, for core.jobs."""
    return [REVIEW_REMINDER]

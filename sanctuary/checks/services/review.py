"""A coordinator's review of a sent report: a question to the checker (shown on their code page
until they answer it there), the checker's answer, and accepting the report, after which it
can no longer be changed and counts in the results.

The report's row is locked for each decision on PostgreSQL (SQLite takes its write lock when the
transaction begins), so two coordinators at once never make two acceptances or two questions."""
from flask_babel import lazy_gettext as _l

from ...core import audit
from ...core.db import db, is_postgres, utcnow
from .. import notifications
from ..models import (
    Campaign,
    CampaignState,
    CheckBooking,
    CheckQuery,
    CheckReport,
    CheckSlot,
    ReviewEvent,
)
from ..queries.review import queries_of, review_of, waiting_query  # noqa: F401

LONGEST = 2000
NOT_SENT = _l("The report is not sent yet: there is nothing to review.")
ACCEPTED = _l("This report is accepted: it can no longer be queried.")
CLOSED = _l("The campaign is closed: the checker can no longer be asked about their report.")
WAITING = _l("A question is already waiting for the checker's answer: wait for it, or accept "
             "the report.")
NO_QUESTION = _l("There is no question waiting for your answer.")
ANSWERS_CLOSED = _l("The campaign is closed: answers can no longer be sent.")
NO_LONGER = _l("A coordinator has accepted your report: the question no longer needs an answer.")
QUESTION_REQUIRED = _l("Type your question to the checker")
ANSWER_REQUIRED = _l("Type your answer")
TOO_LONG = _l("Keep it to 2000 characters or fewer")


class ReviewRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _locked_report(report_id):
    query = CheckReport.select().where(CheckReport.id == report_id)
    return (query.for_update() if is_postgres() else query).first()


def _booking_of(report):
    return (CheckBooking.select(CheckBooking, CheckSlot, Campaign).join(CheckSlot).join(Campaign)
            .where(CheckBooking.id == report.booking_id).get())


def _text(typed, required):
    text = (typed or "").strip()
    if not text:
        raise ReviewRefused(required)
    if len(text) > LONGEST:
        raise ReviewRefused(TOO_LONG)
    return text


def refusal_to_ask(report, campaign, waiting):
    """Why no question can be sent about the report now (a message), or None."""
    if report is None or report.submitted_at is None:
        return NOT_SENT
    if report.reviewed_at is not None:
        return ACCEPTED
    if campaign.state == CampaignState.CLOSED:
        return CLOSED
    if waiting is not None:
        return WAITING
    return None


def refusal_to_accept(report):
    """Why the report cannot be accepted (a message), or None (also when it already is)."""
    return NOT_SENT if report is None or report.submitted_at is None else None


def ask(report, question, *, by):
    """Send the checker a question about their sent report, or ReviewRefused (not sent, already
    accepted, the campaign closed, or a question already waiting). A checker who gave an email
    address is told only that a question waits. Returns the CheckQuery."""
    text = _text(question, QUESTION_REQUIRED)
    with db.atomic():
        fresh = _locked_report(report.id)
        booking = _booking_of(fresh)
        refusal = refusal_to_ask(fresh, booking.slot.campaign, waiting_query(fresh))
        if refusal is not None:
            raise ReviewRefused(refusal)
        query = CheckQuery.create(report=fresh, question=text, asked_by=by)
        audit.record(ReviewEvent.QUERIED, booking, by=by)
        if booking.email:
            notifications.queried(booking)
    return query


def answer(booking, text):
    """The checker's answer to the question waiting about their report, or ReviewRefused (no
    question waits, the report was accepted meanwhile, or the campaign is closed).
    Returns the CheckQuery answered."""
    typed = _text(text, ANSWER_REQUIRED)
    with db.atomic():
        report = CheckReport.get_or_none(CheckReport.booking == booking)
        fresh = _locked_report(report.id) if report is not None else None
        query = waiting_query(fresh)
        if query is None:
            raise ReviewRefused(NO_QUESTION)
        if fresh.reviewed_at is not None:
            raise ReviewRefused(NO_LONGER)
        if _booking_of(fresh).slot.campaign.state == CampaignState.CLOSED:
            raise ReviewRefused(ANSWERS_CLOSED)
        now = utcnow()
        changed = (CheckQuery.update(answer=typed, answered_at=now)
                   .where((CheckQuery.id == query.id) & CheckQuery.answered_at.is_null())
                   .execute())
        if not changed:
            raise ReviewRefused(NO_QUESTION)
        audit.record(ReviewEvent.ANSWERED, booking, by=None)
    query.answer, query.answered_at = typed, now
    return query


def accept(report, *, by):
    """Accept the sent report: from now on it cannot be changed, and it counts in the results.
    A question still waiting stops showing to the checker. Accepting an accepted report changes
    nothing. ReviewRefused if the report is not sent. Returns the report as it now is."""
    with db.atomic():
        fresh = _locked_report(report.id)
        refusal = refusal_to_accept(fresh)
        if refusal is not None:
            raise ReviewRefused(refusal)
        if fresh.reviewed_at is None:
            changed = (CheckReport.update(reviewed_at=utcnow(), reviewed_by=by)
                       .where((CheckReport.id == fresh.id) & CheckReport.reviewed_at.is_null())
                       .execute())
            if changed:
                audit.record(ReviewEvent.ACCEPTED, _booking_of(fresh), by=by)
    return CheckReport.get_by_id(report.id)

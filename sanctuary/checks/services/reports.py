"""A checker's report: saved as they go (whatever is filled in so far), sent when complete,
scored by the campaign's rule, editable until a coordinator reviews it. A coordinator may enter
the report a checker gave by phone. Each answer keeps the wording the checker read."""
from flask_babel import lazy_gettext as _l

from ...core import audit
from ...core.db import db, is_postgres, utcnow
from ..models import (
    Answer,
    CampaignState,
    CheckBooking,
    CheckBookingEvent,
    CheckBookingState,
    CheckReport,
    Question,
    ReportAnswer,
)
from .campaigns import current_wording, score, scoring_rule

REVIEWED = _l("A coordinator has reviewed this report: it can no longer be changed.")
CANCELLED = _l("This check is cancelled.")
CLOSED = _l("The campaign is closed: reports can no longer be changed.")
FIELDS = ("visited_on", "channel", "outcome", "minutes", "changed_answer", "notes")


class ReportRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def report_of(booking):
    return CheckReport.get_or_none(CheckReport.booking == booking)


def _locked_report_of(booking):
    """The report, its row locked until the transaction ends on PostgreSQL (SQLite locks at
    BEGIN): a coordinator accepting it at the same moment waits, or is waited for."""
    query = CheckReport.select().where(CheckReport.booking == booking)
    return (query.for_update() if is_postgres() else query).first()


def answers_of(report):
    """{question id: ReportAnswer} of a report (None: no report yet)."""
    if report is None:
        return {}
    return {a.question_id: a for a in ReportAnswer.select().where(ReportAnswer.report == report)}


def _refuse_unchangeable(booking, report):
    if booking.state == CheckBookingState.CANCELLED:
        raise ReportRefused(CANCELLED)
    if booking.slot.campaign.state == CampaignState.CLOSED:
        raise ReportRefused(CLOSED)
    if report is not None and report.reviewed_at is not None:
        raise ReportRefused(REVIEWED)


def save_report(booking, values, answers, *, by=None):
    """Store what is filled in so far: `values` (FIELDS, None for empty) and `answers`
    ({question id: Answer value, or None to clear}). An answer keeps the wording it was first
    given under. A sent report is scored again. Returns the report."""
    with db.atomic():
        report = _locked_report_of(booking)
        _refuse_unchangeable(booking, report)
        if report is None:
            report = CheckReport.create(booking=booking, entered_by=by)
        for name in FIELDS:
            setattr(report, name, values.get(name) if name != "notes" else
                    (values.get("notes") or ""))
        kept = answers_of(report)
        questions = {q.id: q for q in Question.select().where(
            (Question.campaign == booking.slot.campaign_id) & Question.id.in_(list(answers)))}
        for question_id, answer in answers.items():
            question = questions.get(question_id)
            if question is None:
                continue
            existing = kept.get(question_id)
            if answer is None:
                if existing is not None:
                    existing.delete_instance()
                    kept.pop(question_id)
            elif existing is None:
                kept[question_id] = ReportAnswer.create(
                    report=report, question=question, wording=current_wording(question),
                    answer=Answer(answer).value)
            elif existing.answer != answer:
                existing.answer = Answer(answer).value
                existing.save()
        if report.submitted_at is not None:
            _score(report, booking, kept)
        report.version += 1
        report.updated_at = utcnow()
        report.save()
    return report


def missing(booking, report):
    """What the report still needs before it can be sent: the field names, and "q<id>" for each
    question in use not answered."""
    kept = answers_of(report)
    needed = [name for name in ("visited_on", "channel", "outcome")
              if report is None or getattr(report, name) in (None, "")]
    in_use = Question.select().where((Question.campaign == booking.slot.campaign_id)
                                     & Question.retired_at.is_null())
    return needed + [f"q{q.id}" for q in in_use.order_by(Question.position) if q.id not in kept]


def _score(report, booking, kept):
    rule = scoring_rule(booking.slot.campaign)
    by_key = {q.key: Answer(kept[q.id].answer)
              for q in Question.select().where(Question.id.in_(list(kept)))}
    report.score, report.out_of = score(rule, by_key), rule.out_of


def submit_report(booking, *, by=None):
    """Send the report (or send it again, changed): scored, and the booking marked reported.
    Returns the list of what is missing instead when it is not complete."""
    with db.atomic():
        report = _locked_report_of(booking)
        _refuse_unchangeable(booking, report)
        needed = missing(booking, report)
        if needed:
            return needed
        first = report.submitted_at is None
        _score(report, booking, answers_of(report))
        report.submitted_at = report.submitted_at or utcnow()
        report.updated_at = utcnow()
        report.save()
        CheckBooking.update(state=CheckBookingState.REPORTED).where(
            CheckBooking.id == booking.id).execute()
        booking.state = CheckBookingState.REPORTED
        if first:
            audit.record(CheckBookingEvent.REPORT_ENTERED if by else CheckBookingEvent.REPORTED,
                         booking, by=by)
    return []

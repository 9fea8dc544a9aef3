"""Every write about decisions: the draft, sending it (the state changes, an award is granted or
further evidence asked for), the further evidence coming back, more time for it, and the alert
when it is overdue."""
from flask_babel import lazy_gettext as _l

from ..awards.models import ApplicationState
from ..awards.queries import answer_rows
from ..awards.services import (
    change_state,
    grant_award,
    return_to_review,
    start_next_review_round,
)
from ..core.clock import london_today
from ..core.db import db, utcnow
from ..core.jobs import Reminder, send_reminder
from ..panel.queries import panel
from ..panel.services import record_decision_sent_early, restart_reviews, review_due_on
from . import notifications
from .models import Decision, DecisionFeedback, Outcome
from .queries import (
    can_decide,
    draft_of,
    evidence_overdue,
    feedback_lines,
    last_sent,
    problems,
    review_progress,
)


class DecisionRefused(Exception):
    """The decision cannot be recorded or sent now; the message says why."""


class ReviewsOutstanding(DecisionRefused):
    """Not every review of the round is in, and sending anyway was not confirmed."""


def save_draft(application, *, by, outcome, message, rationale, evidence_request, evidence_due,
               feedback):
    """Create or update the draft decision of the current round. `feedback` maps criterion ids to
    dicts of strengths, improvements, questions and needs_evidence."""
    if not can_decide(application):
        raise DecisionRefused(_l("This application is not waiting for a decision."))
    criteria = {row.criterion_id for row in answer_rows(application)}
    fields = dict(outcome=outcome or None, message=message.strip(), rationale=rationale.strip(),
                  evidence_request=evidence_request.strip(), evidence_due=evidence_due,
                  updated_at=utcnow())
    with db.atomic():
        Decision.insert(application=application, round=application.review_round, created_by=by,
                        **fields).on_conflict_ignore().execute()
        changed = (Decision.update(**fields)
                   .where((Decision.application == application)
                          & (Decision.round == application.review_round)
                          & Decision.sent_at.is_null()).execute())
        if not changed:
            raise DecisionRefused(_l("This decision has been sent already."))
        decision = draft_of(application)
        for criterion_id, values in feedback.items():
            if criterion_id not in criteria:
                continue
            row = {k: (v.strip() if isinstance(v, str) else bool(v)) for k, v in values.items()}
            (DecisionFeedback.insert(decision=decision, criterion=criterion_id, **row)
             .on_conflict(conflict_target=[DecisionFeedback.decision, DecisionFeedback.criterion],
                          update={getattr(DecisionFeedback, k): v for k, v in row.items()})
             .execute())
    return decision


def send_decision(application, *, by, round=None, today=None, before_all_reviews=False):
    """Release the draft of `round` (the current one by default) to the applicant: the state
    changes, the feedback appears on the status page, and every member and the named contact get
    an email in their own language. Sending twice (a double click, a retry) sends once. While a
    review is outstanding it is sent only if `before_all_reviews` confirms it, and the panel's
    trail records how many reviews were in."""
    today = today or london_today()
    decision = Decision.get_or_none((Decision.application == application)
                                    & (Decision.round == (round or application.review_round)))
    if decision is None:
        raise DecisionRefused(_l("There is no draft decision to send."))
    if decision.sent_at is not None:
        return decision
    if problems(decision, today) or not can_decide(application, today):
        raise DecisionRefused(_l("This decision cannot be sent yet."))
    outcome = Outcome(decision.outcome)
    with db.atomic():
        progress = review_progress(application)
        early = progress is not None and not progress.complete
        if early and not before_all_reviews:
            raise ReviewsOutstanding(_l("Confirm that you want to send the decision before "
                                        "every review is in"))
        sent = (Decision.update(sent_at=utcnow(), sent_by=by)
                .where((Decision.id == decision.id) & Decision.sent_at.is_null()).execute())
        if not sent:
            return decision
        if early:
            record_decision_sent_early(application, submitted=progress.submitted,
                                       panel_size=progress.panel, by=by)
        change_state(application, outcome.state, by=by)
        if outcome == Outcome.FURTHER_EVIDENCE:
            start_next_review_round(application)
        elif outcome == Outcome.AWARDED:
            grant_award(application, today=today)
        decision = Decision.get_by_id(decision.id)
        asks = outcome == Outcome.FURTHER_EVIDENCE
        lines = [line for line in feedback_lines(decision) if not line.feedback.is_empty
                 or (asks and line.feedback.needs_evidence)]
        notifications.decision_sent(application, decision, lines)
    return decision


def send_back(application, *, by):
    """The applicant sends their further evidence: the same panel reviews again (the next
    round), with a new due date, and is told. TransitionRefused unless further evidence was asked
    for (core.states)."""
    with db.atomic():
        return_to_review(application, by=by)
        due_on = review_due_on()
        restart_reviews(application, due_on=due_on)
        notifications.further_evidence_arrived(application, panel(application), due_on=due_on)
    return application


def extend_deadline(application, new_date, *, by):
    asked = last_sent(application)
    if application.state != ApplicationState.FURTHER_EVIDENCE or asked is None:
        raise DecisionRefused(_l("This application is not waiting for further evidence."))
    if new_date <= london_today():
        raise DecisionRefused(_l("Choose a date after today."))
    with db.atomic():
        Decision.update(evidence_due=new_date, overdue_alerted_at=None).where(
            Decision.id == asked.id).execute()
        notifications.more_time_given(application, due=new_date)


EVIDENCE_OVERDUE = Reminder(
    "Overdue further evidence", due=evidence_overdue, claim=(Decision.overdue_alerted_at,),
    send=notifications.evidence_overdue)


def send_overdue_evidence_alerts(today):
    """Tell the coordinators, once, when further evidence has not come back by its date."""
    return send_reminder(EVIDENCE_OVERDUE, today)


def reminders_for(app):
    """Decisions' reminders, for core.jobs."""
    return [EVIDENCE_OVERDUE]

"""Decisions' named reads: the draft and the decisions sent, their feedback in page order, the
reviewers' suggestions to start from, what stops a draft being sent, and the further evidence asked
for."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from peewee import JOIN

from ..accounts.models import User
from ..awards.models import Application, ApplicationState
from ..awards.queries import answer_rows
from ..core.clock import london_today
from ..core.forms import Missing
from ..panel.models import Assignment, Review, ReviewVerdict
from ..panel.queries import progress_for
from .models import Decision, DecisionFeedback, Outcome


def can_decide(application, today=None):
    """Under review; or waiting for further evidence whose date has passed."""
    if application.state == ApplicationState.UNDER_REVIEW:
        return True
    if application.state == ApplicationState.FURTHER_EVIDENCE:
        asked = last_sent(application)
        today = today or london_today()
        return asked is not None and asked.evidence_due is not None and asked.evidence_due < today
    return False


def draft_of(application):
    return Decision.get_or_none((Decision.application == application)
                                & (Decision.round == application.review_round)
                                & Decision.sent_at.is_null())


def last_sent(application):
    return (Decision.select().where((Decision.application == application)
                                    & Decision.sent_at.is_null(False))
            .order_by(Decision.round.desc()).first())


def sent_decisions(application):
    """Every decision sent to the applicant, newest first, with its feedback in page order."""
    decisions = list(Decision.select().where((Decision.application == application)
                                             & Decision.sent_at.is_null(False))
                     .order_by(Decision.round.desc()))
    rows = {row.criterion_id: row for row in answer_rows(application)}
    for decision in decisions:
        decision.lines = feedback_lines(decision, rows)
    return decisions


@dataclass
class FeedbackLine:
    row: object  # awards.queries.AnswerRow
    feedback: DecisionFeedback


def feedback_lines(decision, rows=None):
    """The decision's feedback, one line per criterion the application answered, in page order."""
    if rows is None:
        rows = {row.criterion_id: row for row in answer_rows(decision.application)}
    given = {f.criterion_id: f for f in DecisionFeedback.select().where(
        DecisionFeedback.decision == decision)} if decision.id else {}
    return [FeedbackLine(row, given.get(cid) or DecisionFeedback(criterion=cid))
            for cid, row in rows.items()]


def reviewer_suggestions(application):
    """{criterion id: [(reviewer, ReviewVerdict)]} from the submitted reviews of this round, for
    the coordinator to start the feedback from."""
    suggestions = {}
    query = (ReviewVerdict.select(ReviewVerdict, Review, User).join(Review)
             .join(User, on=(Review.reviewer == User.id))
             .join(Assignment, JOIN.INNER, on=((Assignment.application == Review.application)
                                               & (Assignment.reviewer == Review.reviewer)))
             .where((Review.application == application) & (Review.round == application.review_round)
                    & Review.submitted_at.is_null(False) & Assignment.removed_at.is_null())
             .order_by(Review.id))
    for verdict in query:
        suggestions.setdefault(verdict.criterion_id, []).append((verdict.review.reviewer, verdict))
    return suggestions


def _once_each(texts):
    """The texts, trimmed, in order, each once (three reviewers asking the same question)."""
    kept = []
    for text in texts:
        text = text.strip()
        if text and text not in kept:
            kept.append(text)
    return "\n\n".join(kept)


def starting_feedback(application):
    """Feedback for a new draft: each part of each criterion starts from what the reviewers
    suggested for that part (strengths, areas to improve, questions), for the coordinator to
    edit."""
    feedback = {}
    for criterion_id, given in reviewer_suggestions(application).items():
        verdicts = [verdict for _, verdict in given]
        feedback[criterion_id] = DecisionFeedback(
            criterion=criterion_id,
            strengths=_once_each(v.strengths for v in verdicts),
            improvements=_once_each(v.feedback for v in verdicts),
            questions=_once_each(v.question for v in verdicts))
    return feedback


def problems(decision, today=None):
    """What stops this draft from being sent."""
    today = today or london_today()
    found = []
    if not decision.outcome:
        found.append(Missing(_l("Choose the decision"), "decision-outcome"))
    if decision.outcome == Outcome.FURTHER_EVIDENCE:
        if decision.application.state == ApplicationState.FURTHER_EVIDENCE:
            found.append(Missing(_l("They are still gathering further evidence: to give them "
                                    "more time, change the date instead."), "decision-outcome"))
        if not decision.evidence_request.strip():
            found.append(Missing(_l("Say what further evidence is needed"),
                                 "decision-evidence_request"))
        if decision.evidence_due is None or decision.evidence_due <= today:
            found.append(Missing(_l("Give a date for the further evidence, after today"),
                                 "decision-evidence_due-day"))  # its first box
        if not DecisionFeedback.select().where((DecisionFeedback.decision == decision)
                                               & DecisionFeedback.needs_evidence).exists():
            found.append(Missing(_l("Choose at least one criterion the further evidence is "
                                    "about"), "feedback"))
    return found


@dataclass(frozen=True)
class ReviewProgress:
    submitted: int
    panel: int

    @property
    def complete(self):
        return self.panel > 0 and self.submitted >= self.panel


def review_progress(application):
    """How many of the reviewers now on the panel have submitted their review of this round;
    None unless the application is under review (waiting for further evidence, the panel has
    nothing new to review)."""
    if application.state != ApplicationState.UNDER_REVIEW:
        return None
    return ReviewProgress(*progress_for([application]).get(application.id, (0, 0)))


def requested_criteria(application):
    """Criterion ids the further evidence is asked about (empty unless it is asked for)."""
    if application.state != ApplicationState.FURTHER_EVIDENCE:
        return set()
    asked = last_sent(application)
    if asked is None:
        return set()
    return {f.criterion_id for f in DecisionFeedback.select(DecisionFeedback.criterion).where(
        (DecisionFeedback.decision == asked) & DecisionFeedback.needs_evidence)}



def further_evidence_request(application):
    """For the panel: what was asked for, when the application is in its second round or later."""
    if application.review_round < 2:
        return None
    return (Decision.select().where((Decision.application == application)
                                    & (Decision.round == application.review_round - 1)
                                    & (Decision.outcome == Outcome.FURTHER_EVIDENCE)
                                    & Decision.sent_at.is_null(False)).first())


def evidence_overdue(today):
    """Further evidence asked for whose date has passed, and the coordinators not yet told."""
    return (Decision.select(Decision, Application).join(Application)
            .where((Application.state == ApplicationState.FURTHER_EVIDENCE)
                   & Decision.sent_at.is_null(False)
                   & (Decision.outcome == Outcome.FURTHER_EVIDENCE)
                   & (Decision.evidence_due < today) & Decision.overdue_alerted_at.is_null()))

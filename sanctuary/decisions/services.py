"""Decisions and what follows: sending feedback, the further-evidence round, awards, renewals."""
import datetime
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from peewee import JOIN

from ..accounts.models import Role, User
from ..awards.models import (
    Application,
    ApplicationState,
    Membership,
    Organisation,
    answer_rows,
)
from ..awards.services import (
    TransitionRefused,
    change_state,
    claim_as_renewal,
    start_application,
    start_next_review_round,
)
from ..core.clock import london_today
from ..core.db import db, utcnow
from ..core.outbox import queue_email
from ..core.urls import public_url
from ..panel.models import Assignment, Review, ReviewVerdict
from ..panel.queries import panel, progress_for
from ..panel.services import record_decision_sent_early, restart_reviews, review_due_on
from .models import Award, Decision, DecisionFeedback, Outcome

AWARD_YEARS = 3
RENEWAL_WINDOW_DAYS = 90
REMINDER_DAYS = (90, 30)
# Applications that keep an award valid after its expiry date, while they are assessed.
ASSESSING = (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW,
             ApplicationState.FURTHER_EVIDENCE)


class DecisionRefused(Exception):
    """The decision cannot be recorded or sent now; the message says why."""


class ReviewsOutstanding(DecisionRefused):
    """Not every review of the round is in, and sending anyway was not confirmed."""


def years_later(day, years):
    """The same date `years` on (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# ---------------------------------------------------------------------------- drafting

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
    row: object  # awards.models.AnswerRow
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


@dataclass(frozen=True)
class Problem:
    anchor: str
    message: str


def problems(decision, today=None):
    """What stops this draft from being sent."""
    today = today or london_today()
    found = []
    if not decision.outcome:
        found.append(Problem("decision-outcome", _l("Choose the decision")))
    if decision.outcome == Outcome.FURTHER_EVIDENCE:
        if decision.application.state == ApplicationState.FURTHER_EVIDENCE:
            found.append(Problem("decision-outcome", _l(
                "They are still gathering further evidence: to give them more time, change "
                "the date instead.")))
        if not decision.evidence_request.strip():
            found.append(Problem("decision-evidence_request",
                                 _l("Say what further evidence is needed")))
        if decision.evidence_due is None or decision.evidence_due <= today:
            found.append(Problem("decision-evidence_due-day",  # its first box
                                 _l("Give a date for the further evidence, after today")))
        if not DecisionFeedback.select().where((DecisionFeedback.decision == decision)
                                               & DecisionFeedback.needs_evidence).exists():
            found.append(Problem("feedback", _l("Choose at least one criterion the further "
                                                "evidence is about")))
    return found


# ---------------------------------------------------------------------------- sending

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


def recipients(organisation):
    """[(email, language)] of every member of the organisation and its named contact, once each."""
    seen, result = set(), []
    members = (User.select().join(Membership, on=(Membership.user == User.id))
               .where((Membership.organisation == organisation)
                      & Membership.removed_at.is_null()).order_by(User.id))
    for person in members:
        if person.email not in seen:
            seen.add(person.email)
            result.append((person.email, person.language))
    contact = (organisation.contact_email or "").strip().lower()
    if contact and contact not in seen:
        result.append((contact, organisation.language))
    return result


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
            Award.insert(organisation=application.organisation, application=application,
                         awarded_on=today, expires_on=years_later(today, AWARD_YEARS),
                         listed=_was_listed(application)).on_conflict_ignore().execute()
        decision = Decision.get_by_id(decision.id)
        asks = outcome == Outcome.FURTHER_EVIDENCE
        lines = [line for line in feedback_lines(decision) if not line.feedback.is_empty
                 or (asks and line.feedback.needs_evidence)]
        for address, language in recipients(application.organisation):
            queue_email(address, _l("A decision on your Sanctuary Award application %(reference)s",
                                    reference=application.reference),
                        "decision", locale=language, application=application,
                        decision=decision, lines=lines,
                        link=public_url("awards.application", application_id=application.id))
    return decision


def _was_listed(application):
    """A renewal keeps the earlier award's place in the directory."""
    earlier = application.renewal_of_id and Award.get_or_none(
        Award.application == application.renewal_of_id)
    return bool(earlier and earlier.listed)


# ---------------------------------------------------------------------------- further evidence

def requested_criteria(application):
    """Criterion ids the further evidence is asked about (empty unless it is asked for)."""
    if application.state != ApplicationState.FURTHER_EVIDENCE:
        return set()
    asked = last_sent(application)
    if asked is None:
        return set()
    return {f.criterion_id for f in DecisionFeedback.select(DecisionFeedback.criterion).where(
        (DecisionFeedback.decision == asked) & DecisionFeedback.needs_evidence)}


def send_back(application, *, by):
    """The applicant sends their further evidence: the same panel reviews again (the next
    round), with a new due date, and is told."""
    if application.state != ApplicationState.FURTHER_EVIDENCE:
        raise TransitionRefused("only further evidence can be sent back")
    with db.atomic():
        change_state(application, ApplicationState.UNDER_REVIEW, by=by)
        due_on = review_due_on()
        restart_reviews(application, due_on=due_on)
        for reviewer in panel(application):
            queue_email(reviewer.email, _l("Further evidence has arrived for %(reference)s",
                                           reference=application.reference),
                        "panel_further_evidence", locale=reviewer.language,
                        reference=application.reference, due_on=due_on,
                        link=public_url("panel.review", application_id=application.id))
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
        for address, language in recipients(application.organisation):
            queue_email(address, _l("More time for your further evidence (%(reference)s)",
                                    reference=application.reference),
                        "evidence_extended", locale=language, reference=application.reference,
                        due=new_date,
                        link=public_url("awards.application", application_id=application.id))


# ---------------------------------------------------------------------------- awards

def award_of(application):
    return Award.get_or_none(Award.application == application)


def is_current(award, today=None):
    """Not yet expired, or expired while its renewal is being assessed."""
    today = today or london_today()
    if award.expires_on >= today:
        return True
    return Application.select().where((Application.renewal_of == award.application_id)
                                      & Application.state.in_(list(ASSESSING))).exists()


def directory(today=None):
    """Current awards whose holders agreed to be listed, one per organisation (the latest)."""
    today = today or london_today()
    renewing = Application.select(Application.renewal_of).where(
        Application.state.in_(list(ASSESSING)) & Application.renewal_of.is_null(False))
    awards = (Award.select(Award, Application, Organisation).join(Application)
              .switch(Award).join(Organisation)
              .where(Award.listed & ((Award.expires_on >= today)
                                     | Award.application.in_(renewing)))
              .order_by(Award.awarded_on.desc(), Award.id.desc()))
    latest = {}
    for award in awards:
        latest.setdefault(award.organisation_id, award)
    holders = list(latest.values())
    return sorted(holders, key=lambda a: a.organisation.name.lower())


def set_listed(award, listed):
    Award.update(listed=bool(listed)).where(Award.id == award.id).execute()


def renewal_opens_on(award):
    """The first day "Renew" is offered: RENEWAL_WINDOW_DAYS before the award ends."""
    return award.expires_on - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)


def in_renewal_window(award, today=None):
    today = today or london_today()
    return renewal_opens_on(award) <= today


def current_award(organisation, today=None):
    """The organisation's award in force: its latest, while that one is current."""
    latest = (Award.select().where(Award.organisation == organisation)
              .order_by(Award.awarded_on.desc(), Award.id.desc()).first())
    return latest if latest is not None and is_current(latest, today) else None


def can_start_again(application, today=None):
    """Renew an award in its last 90 days (or after it), or start again after "Not yet" or a
    withdrawal: not while the organisation has another application in progress."""
    if Application.active_for(application.organisation) is not None:
        return False
    if application.state == ApplicationState.AWARDED:
        award = award_of(application)
        return award is not None and in_renewal_window(award, today) and \
            _latest_award_application(application.organisation) == application.id
    return application.state in (ApplicationState.NOT_AWARDED, ApplicationState.WITHDRAWN) \
        and application.reference is not None


def _latest_award_application(organisation):
    latest = (Award.select().where(Award.organisation == organisation)
              .order_by(Award.awarded_on.desc(), Award.id.desc()).first())
    return latest.application_id if latest else None


def start_again(application, *, by):
    """A new draft pre-filled with the earlier application's answers and targets (for criteria
    still in use). Safe to double-click: an organisation has one active application."""
    if not can_start_again(application):
        existing = Application.active_for(application.organisation)
        if existing is not None and existing.renewal_of_id == application.id:
            return existing
        raise DecisionRefused(_l("A new application cannot be started from this one now."))
    draft = start_application(application.organisation, by=by)
    claim_as_renewal(draft, application, by=by)
    return Application.get_by_id(draft.id)


def renewal_window_open_for(application, today=None):
    """A renewal may be submitted, whether or not a round is open, in the award's last 90 days."""
    if application.renewal_of_id is None:
        return False
    award = Award.get_or_none(Award.application == application.renewal_of_id)
    today = today or london_today()
    return award is not None and in_renewal_window(award, today) and award.expires_on >= today


# ---------------------------------------------------------------------------- reminders

def send_renewal_reminders(today):
    """Email holders 90 and 30 days before their award expires, once each, even if a day was
    missed; never once a renewal has been submitted. Safe to run twice or on several hosts."""
    sent = 0
    submitted_renewals = Application.select(Application.renewal_of).where(
        Application.renewal_of.is_null(False) & Application.submitted_at.is_null(False))
    for days in sorted(REMINDER_DAYS):  # 30 first: a late run sends only the nearer reminder
        column = getattr(Award, f"reminded_{days}_at")
        due = (Award.select().where(
            column.is_null() & (Award.expires_on >= today)
            & (Award.expires_on <= today + datetime.timedelta(days=days))
            & Award.application.not_in(submitted_renewals)))
        for award in due:
            with db.atomic():
                # Claim this reminder (and any earlier one, which would now come too late).
                claims = {getattr(Award, f"reminded_{d}_at"): utcnow()
                          for d in REMINDER_DAYS if d >= days}
                if not Award.update(claims).where((Award.id == award.id) & column.is_null()) \
                        .execute():
                    continue
                application = award.application
                for address, language in recipients(award.organisation):
                    queue_email(address, _l("Renew your Sanctuary Award"), "renewal_reminder",
                                locale=language, organisation=award.organisation.name,
                                expires=award.expires_on, days=days,
                                link=public_url("awards.application",
                                                application_id=application.id))
                sent += 1
    return sent


def send_overdue_evidence_alerts(today):
    """Tell the coordinators, once, when further evidence has not come back by its date."""
    waiting = (Decision.select(Decision, Application).join(Application)
               .where((Application.state == ApplicationState.FURTHER_EVIDENCE)
                      & Decision.sent_at.is_null(False)
                      & (Decision.outcome == Outcome.FURTHER_EVIDENCE)
                      & (Decision.evidence_due < today) & Decision.overdue_alerted_at.is_null()))
    sent = 0
    for decision in waiting:
        with db.atomic():
            if not Decision.update(overdue_alerted_at=utcnow()).where(
                    (Decision.id == decision.id) & Decision.overdue_alerted_at.is_null()).execute():
                continue
            application = decision.application
            for coordinator in User.with_role(Role.COORDINATOR):
                queue_email(coordinator.email,
                            _l("Further evidence for %(reference)s is overdue",
                               reference=application.reference),
                            "evidence_overdue", locale=coordinator.language,
                            reference=application.reference,
                            organisation=application.organisation.name,
                            due=decision.evidence_due,
                            link=public_url("decisions.decide", application_id=application.id))
            sent += 1
    return sent


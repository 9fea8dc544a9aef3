"""An application's states: each change checked against ALLOWED_TRANSITIONS, submission (with
its reference), withdrawal, and the next round of review."""
from ...core.clock import london_now, london_today
from ...core.db import db, utcnow
from .. import notifications
from ..models import (
    ALLOWED_TRANSITIONS,
    Answer,
    Application,
    ApplicationEvent,
    ApplicationState,
    Criterion,
    ReferenceCounter,
    Round,
)
from ..queries import missing_items, renewal_window_open_for


class TransitionRefused(Exception):
    """The application is not in a state that allows this change."""


class SubmissionRefused(Exception):
    def __init__(self, missing=(), *, round_closed=False):
        super().__init__("submission refused")
        self.missing = list(missing)
        self.round_closed = round_closed


def change_state(application, to, *, by, when=None):
    """Move an application to state `to` if the move is allowed from where it is now, recording
    who and when. Conditional on the state read, so two changes at once cannot both happen."""
    to = ApplicationState(to)
    current = ApplicationState(application.state)
    if to not in ALLOWED_TRANSITIONS.get(current, set()):
        raise TransitionRefused(f"{current} cannot become {to}")
    with db.atomic():
        changed = (Application.update(state=to)
                   .where((Application.id == application.id) & (Application.state == current))
                   .execute())
        if changed != 1:
            raise TransitionRefused("the application changed meanwhile")
        ApplicationEvent.create(application=application, state=to, by=by, at=when or utcnow())
    application.state = to
    return application


def start_review(application, *, by):
    """Submitted -> Under review: called when a panel is assigned (the panel's service)."""
    return change_state(application, ApplicationState.UNDER_REVIEW, by=by)


def withdraw_application(application, *, by):
    return change_state(application, ApplicationState.WITHDRAWN, by=by)


def _next_reference(year):
    """SA-<year>-<number>: the counter row is locked by the update, so numbers never repeat."""
    ReferenceCounter.insert(year=year, last=0).on_conflict_ignore().execute()
    ReferenceCounter.update(last=ReferenceCounter.last + 1).where(
        ReferenceCounter.year == year).execute()
    number = ReferenceCounter.get(ReferenceCounter.year == year).last
    return f"SA-{year}-{number:04d}"


def submit_application(application, *, by, today=None):
    """Submit a complete application in an open round. Safe to double-click: the second
    submission finds it already submitted and returns it unchanged."""
    if application.state != ApplicationState.DRAFT:
        if application.reference:
            return application
        raise TransitionRefused("only a draft can be submitted")
    today = today or london_today()
    current_round = Round.current(today)
    # A renewal may be sent in its award's last 90 days whether or not a round is open.
    outside_round = current_round is None and renewal_window_open_for(application, today)
    missing = missing_items(application)
    if missing or (current_round is None and not outside_round):
        raise SubmissionRefused(missing, round_closed=current_round is None and not outside_round)
    now = utcnow()
    with db.atomic():
        won = (Application.update(state=ApplicationState.SUBMITTED, submitted_at=now,
                                  round=current_round)
               .where((Application.id == application.id)
                      & (Application.state == ApplicationState.DRAFT))
               .execute())
        if won != 1:  # a second click, or a colleague, submitted it a moment ago
            return Application.get_by_id(application.id)
        reference = _next_reference(london_now().year)
        Application.update(reference=reference).where(Application.id == application.id).execute()
        ApplicationEvent.create(application=application, state=ApplicationState.SUBMITTED, by=by,
                                at=now)
        _keep_wording(application)
        application = Application.get_by_id(application.id)
        notifications.application_submitted(application, by=by)
    return application


def _keep_wording(application):
    """Copy each criterion's wording into its answer: later edits leave what was answered."""
    for criterion in Criterion.in_use(application.stream):
        (Answer.update(snapshot={"title": criterion.title, "guidance": criterion.guidance,
                                 "principle": criterion.principle,
                                 "evidence_required": criterion.evidence_required,
                                 "evidence_hint": criterion.evidence_hint,
                                 "position": criterion.position})
         .where((Answer.application == application) & (Answer.criterion == criterion))
         .execute())


def start_next_review_round(application):
    """The panel will read the application again (after further evidence): its next round."""
    Application.update(review_round=Application.review_round + 1).where(
        Application.id == application.id).execute()

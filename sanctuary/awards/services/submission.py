"""An application's states, moved as APPLICATION_TRANSITIONS declares (core.states): submission
(with its reference), the review starting, withdrawal, and the next round of review."""
from ...core.clock import london_now, london_today
from ...core.db import db, utcnow
from ...core.references import next_reference
from ...core.states import TransitionRefused
from .. import notifications
from ..models import (
    APPLICATION_TRANSITIONS,
    REFERENCE_PREFIX,
    Answer,
    Application,
    ApplicationState,
    Criterion,
    Round,
)
from ..queries import missing_items, renewal_window_open_for


class SubmissionRefused(Exception):
    def __init__(self, missing=(), *, round_closed=False):
        super().__init__("submission refused")
        self.missing = list(missing)
        self.round_closed = round_closed


def change_state(application, to, *, by):
    """Move an application to state `to` by the transition declared from where it is now,
    recording who and when; TransitionRefused if none is, or if it changed meanwhile."""
    return APPLICATION_TRANSITIONS.move_to(application, ApplicationState(to), by=by)


def start_review(application, *, by):
    """Submitted -> Under review: called when a panel is assigned (the panel's service)."""
    return APPLICATION_TRANSITIONS.move(application, "start_review", by=by)


def withdraw_application(application, *, by):
    return APPLICATION_TRANSITIONS.move(application, "withdraw", by=by)


def return_to_review(application, *, by):
    """Further evidence -> Under review: the applicant has sent what was asked for."""
    return APPLICATION_TRANSITIONS.move(application, "send_back", by=by)


def submit_application(application, *, by, today=None):
    """Submit a complete application in an open round. Safe to double-click: the second
    submission finds it already submitted and returns it unchanged."""
    if application.reference:
        return application
    if not APPLICATION_TRANSITIONS.allows(application.state, "submit"):
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
        try:
            APPLICATION_TRANSITIONS.move(application, "submit", by=by, at=now,
                                         also={"submitted_at": now, "round": current_round})
        except TransitionRefused:  # a second click, or a colleague, submitted it a moment ago
            return Application.get_by_id(application.id)
        # Numbered once the submission is won, so a lost race leaves no gap.
        reference = next_reference(REFERENCE_PREFIX, london_now().year)
        Application.update(reference=reference).where(Application.id == application.id).execute()
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

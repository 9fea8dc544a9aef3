"""Writes about the pool and the panels: what is recorded about a reviewer, assignments and
removals, declarations, a new round of reviews, the panel's trail."""
import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from ...accounts.models import Role
from ...awards.models import APPLICATION_TRANSITIONS, Application, ApplicationState
from ...awards.services import start_review
from ...core import audit
from ...core.clock import london_today
from ...core.db import db, inserted, utcnow
from .. import notifications
from ..models import Assignment, ConflictDeclaration, PanelEventKind, ReviewerProfile
from ..queries import excluded_reviewers


def _save(user, **fields):
    with db.atomic():
        (ReviewerProfile.insert(user=user, languages=[], updated_at=utcnow())
         .on_conflict_ignore().execute())
        ReviewerProfile.update(updated_at=utcnow(), **fields).where(
            ReviewerProfile.user == user).execute()
    return ReviewerProfile.get(ReviewerProfile.user == user)


def record_reviewer(user, *, languages, consent, lived_experience):
    """What a coordinator records about a reviewer (`user`): languages, and lived experience only
    if the reviewer agreed."""
    fields = {"languages": sorted(set(languages))}
    if consent:
        fields.update(lived_experience=lived_experience, consent_given_at=utcnow())
    else:
        fields.update(lived_experience=False, consent_given_at=None)
    return _save(user, **fields)


def withdraw_lived_experience(*, by):
    """The reviewer takes back their consent: the record is deleted at once."""
    return _save(by, lived_experience=False, consent_given_at=None)


def set_pause(until, *, by):
    """The reviewer is not available for new panels until `until` (None: available again)."""
    return _save(by, paused_until=until)


# ---------------------------------------------------------------------------- panels

class AssignmentRefused(Exception):
    """This reviewer may not sit on this panel; the message says why."""


def review_due_on(today=None):
    """When a review asked for today is due (REVIEW_DAYS from now): the one place it is worked
    out, for a new assignment and for a panel reviewing again."""
    return (today or london_today()) + datetime.timedelta(days=current_app.config["REVIEW_DAYS"])

# The states in which an application can be given a panel.
PANEL_STATES = (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW,
                ApplicationState.FURTHER_EVIDENCE)


def assign(application, reviewer, *, by, due_on=None):
    """Put a reviewer on the panel (refused for members of the organisation and anyone who has
    declared a conflict with it). The first assignment starts the review."""
    if not reviewer.has_role(Role.REVIEWER):
        raise AssignmentRefused(_l("Only reviewers can sit on a panel."))
    if reviewer.id in excluded_reviewers(application.organisation):
        raise AssignmentRefused(_l(
            "%(name)s cannot judge this organisation: they are a member of it, or have declared "
            "a conflict of interest with it.", name=reviewer.name_or_email))
    due_on = due_on or review_due_on()
    with db.atomic():
        # Read again here: a panel is only for an application still being assessed (not one
        # withdrawn or decided a moment ago).
        state = Application.select(Application.state).where(
            Application.id == application.id).scalar()
        if state not in PANEL_STATES:
            raise AssignmentRefused(_l("This application is no longer being assessed."))
        application.state = state
        created = inserted(Assignment.insert(application=application, reviewer=reviewer,
                                             assigned_by=by, due_on=due_on).on_conflict_ignore())
        if not created:  # on the panel before: put them back unless they were recused
            if ConflictDeclaration.select().where(
                    (ConflictDeclaration.application == application)
                    & (ConflictDeclaration.reviewer == reviewer)
                    & (ConflictDeclaration.has_conflict == True)).exists():  # noqa: E712
                raise AssignmentRefused(_l("This reviewer declared a conflict of interest."))
            restored = (Assignment.update(removed_at=None, due_on=due_on, assigned_by=by)
                        .where((Assignment.application == application)
                               & (Assignment.reviewer == reviewer)
                               & Assignment.removed_at.is_null(False)).execute())
            if not restored:
                return Assignment.get((Assignment.application == application)
                                      & (Assignment.reviewer == reviewer))
        audit.record(PanelEventKind.ASSIGNED, application, by=by, about=reviewer)
        if APPLICATION_TRANSITIONS.allows(application.state, "start_review"):
            start_review(application, by=by)
        notifications.assigned(application, reviewer, due_on=due_on)
    return Assignment.get((Assignment.application == application)
                          & (Assignment.reviewer == reviewer))


def remove_from_panel(application, reviewer, *, by):
    with db.atomic():
        removed = (Assignment.update(removed_at=utcnow())
                   .where((Assignment.application == application)
                          & (Assignment.reviewer == reviewer) & Assignment.active())
                   .execute())
        if removed:
            audit.record(PanelEventKind.REMOVED, application, by=by, about=reviewer)
    return bool(removed)


def declare(application, *, by, has_conflict, reason=None, note=""):
    """The reviewer's declaration. A conflict recuses them at once; the coordinators are told."""
    reviewer = by  # a reviewer declares for themselves
    with db.atomic():
        added = inserted(ConflictDeclaration.insert(
            application=application, organisation=application.organisation, reviewer=reviewer,
            has_conflict=has_conflict, reason=reason if has_conflict else None,
            note=note.strip() if has_conflict else "").on_conflict_ignore())
        declaration = ConflictDeclaration.get((ConflictDeclaration.application == application)
                                              & (ConflictDeclaration.reviewer == reviewer))
        if not added:  # declared already (a double click): the first answer stands
            return declaration
        audit.record(PanelEventKind.CONFLICT if declaration.has_conflict
                     else PanelEventKind.NO_CONFLICT, application, by=reviewer, about=reviewer,
                     detail={"note": declaration.note} if declaration.note else None)
        if declaration.has_conflict:
            remove_from_panel(application, reviewer, by=reviewer)
            notifications.conflict_declared(application, reviewer)
    return declaration


def restart_reviews(application, *, due_on):
    """The panel reviews again (further evidence has arrived): every member's new due date, and
    reminders start over."""
    Assignment.update(due_on=due_on, reminded_at=None).where(
        (Assignment.application == application) & Assignment.removed_at.is_null()).execute()


def record_decision_sent_early(application, *, submitted, panel_size, by):
    """The panel's trail says the decision went before every review was in."""
    audit.record(PanelEventKind.DECISION_SENT_EARLY, application, by=by,
                 detail={"submitted": submitted, "panel": panel_size})

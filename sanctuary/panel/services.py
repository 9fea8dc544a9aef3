"""Every write about the panel: the reviewer pool, assignments, declarations."""
import datetime
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from peewee import fn

from ..accounts.models import Role, User, UserRole
from ..awards.models import Application, ApplicationEvent, ApplicationState, Membership
from ..awards.services import start_review
from ..core.clock import london_today
from ..core.db import db, inserted, utcnow
from . import notifications
from .models import Assignment, ConflictDeclaration, PanelEvent, ReviewerProfile


def _save(user, **fields):
    with db.atomic():
        (ReviewerProfile.insert(user=user, languages=[], updated_at=utcnow())
         .on_conflict_ignore().execute())
        ReviewerProfile.update(updated_at=utcnow(), **fields).where(
            ReviewerProfile.user == user).execute()
    return ReviewerProfile.get(ReviewerProfile.user == user)


def record_reviewer(user, *, languages, consent, lived_experience):
    """What a coordinator records: languages, and lived experience only if the reviewer agreed."""
    fields = {"languages": sorted(set(languages))}
    if consent:
        fields.update(lived_experience=lived_experience, consent_given_at=utcnow())
    else:
        fields.update(lived_experience=False, consent_given_at=None)
    return _save(user, **fields)


def withdraw_lived_experience(user):
    """The reviewer takes back their consent: the record is deleted at once."""
    return _save(user, lived_experience=False, consent_given_at=None)


def set_pause(user, until):
    return _save(user, paused_until=until)


# ---------------------------------------------------------------------------- panels

class AssignmentRefused(Exception):
    """This reviewer may not sit on this panel; the message says why."""


@dataclass(frozen=True)
class Composition:
    reviewers: int
    lived_experience: int
    needed_reviewers: int
    needed_lived_experience: int

    @property
    def is_met(self):
        return (self.reviewers >= self.needed_reviewers
                and self.lived_experience >= self.needed_lived_experience)


def _rule():
    config = current_app.config
    return config["PANEL_MIN_REVIEWERS"], config["PANEL_MIN_LIVED_EXPERIENCE"]


def panel(application):
    """The reviewers now on the application's panel (not removed, not recused)."""
    return list(User.select().join(Assignment, on=(Assignment.reviewer == User.id))
                .where((Assignment.application == application) & Assignment.active())
                .order_by(Assignment.assigned_at))


def composition(application):
    return compositions_for([application])[application.id]


def excluded_reviewers(organisation):
    """Reviewer ids who must never judge this organisation: its members, and anyone who has
    declared a conflict with it (on any of its applications)."""
    members = {m.user_id for m in Membership.select(Membership.user)
               .where((Membership.organisation == organisation) & Membership.removed_at.is_null())}
    conflicted = {d.reviewer_id for d in ConflictDeclaration.select(ConflictDeclaration.reviewer)
                  .where((ConflictDeclaration.organisation == organisation)
                         & (ConflictDeclaration.has_conflict == True))}  # noqa: E712
    return members | conflicted


def current_loads():
    """Active assignments per reviewer on applications still being assessed."""
    rows = (Assignment.select(Assignment.reviewer, fn.COUNT(Assignment.id).alias("load"))
            .join(Application)
            .where(Assignment.active() & Application.state.in_(
                [ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW,
                 ApplicationState.FURTHER_EVIDENCE]))
            .group_by(Assignment.reviewer))
    return {row.reviewer_id: row.load for row in rows}


@dataclass(frozen=True)
class Candidate:
    """A reviewer as "Suggest panel" weighs them. `lived_experience` is None unless they agreed
    to it being recorded: nobody may read "no" into a record that was never made."""

    user: User
    languages: tuple
    lived_experience: bool | None
    paused_until: datetime.date | None
    open_reviews: int

    def is_paused(self, today):
        return self.paused_until is not None and today <= self.paused_until

    def reads(self, language):
        return language in self.languages


def candidates(people):
    """{user id: Candidate} for these reviewers, in two queries however many they are."""
    ids = [person.id for person in people]
    profiles = {p.user_id: p for p in ReviewerProfile.select().where(
        ReviewerProfile.user.in_(ids))} if ids else {}
    loads = current_loads()
    result = {}
    for person in people:
        profile = profiles.get(person.id)
        consented = profile is not None and profile.consent_given_at is not None
        result[person.id] = Candidate(
            user=person, languages=tuple(profile.languages) if profile else (),
            lived_experience=bool(profile.lived_experience) if consented else None,
            paused_until=profile.paused_until if profile else None,
            open_reviews=loads.get(person.id, 0))
    return result


def suggest_panel(application, *, today=None):
    """A panel that meets the composition rule if the pool allows: the reviewers already on it,
    then those with lived experience until there are enough, then the rest; each time the least
    loaded first, preferring those who read the organisation's language. Paused reviewers,
    members of the organisation and anyone with a declared conflict are never suggested."""
    today = today or london_today()
    needed, needed_experience = _rule()
    language = application.organisation.language
    excluded = excluded_reviewers(application.organisation)
    chosen = panel(application)
    everyone = list(reviewer_pool())
    facts = candidates(everyone + [u for u in chosen if u not in everyone])

    def available(candidate):
        return (candidate.user.is_active and candidate.user.id not in excluded
                and not candidate.is_paused(today))

    def order(candidate):
        user = candidate.user
        return (candidate.open_reviews, not candidate.reads(language), user.display_name.lower(),
                user.id)

    pool = [c.user for c in sorted((facts[u.id] for u in everyone
                                    if available(facts[u.id]) and u not in chosen), key=order)]

    def has_experience(user):
        candidate = facts.get(user.id)
        return bool(candidate and candidate.lived_experience)

    suggestion = list(chosen)
    for candidate in [u for u in pool if has_experience(u)]:
        if sum(has_experience(u) for u in suggestion) >= needed_experience:
            break
        suggestion.append(candidate)
    for candidate in pool:
        if len(suggestion) >= needed:
            break
        if candidate not in suggestion:
            suggestion.append(candidate)
    return suggestion


def reviewer_pool():
    return (User.select().join(UserRole)
            .where(UserRole.role == Role.REVIEWER).order_by(User.display_name, User.id))


def review_due_on(today=None):
    """When a review asked for today is due (REVIEW_DAYS from now)."""
    return (today or london_today()) + datetime.timedelta(days=current_app.config["REVIEW_DAYS"])


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
        PanelEvent.create(application=application, kind="assigned", by=by, subject=reviewer)
        if application.state == ApplicationState.SUBMITTED:
            start_review(application, by=by)
        notifications.assigned(application, reviewer, due_on=due_on)
    return Assignment.get((Assignment.application == application)
                          & (Assignment.reviewer == reviewer))


def remove_from_panel(application, reviewer, *, by, kind="removed"):
    with db.atomic():
        removed = (Assignment.update(removed_at=utcnow())
                   .where((Assignment.application == application)
                          & (Assignment.reviewer == reviewer) & Assignment.active())
                   .execute())
        if removed:
            PanelEvent.create(application=application, kind=kind, by=by, subject=reviewer)
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
        PanelEvent.create(application=application, by=reviewer, subject=reviewer,
                          kind="conflict" if declaration.has_conflict else "no_conflict",
                          detail=declaration.note)
        if declaration.has_conflict:
            remove_from_panel(application, reviewer, by=reviewer, kind="removed")
            notifications.conflict_declared(application, reviewer)
    return declaration


def declaration_of(application, reviewer):
    return ConflictDeclaration.get_or_none((ConflictDeclaration.application == application)
                                           & (ConflictDeclaration.reviewer == reviewer))


# The states in which an application's reviewing is over for good.
DECIDED_STATES = (ApplicationState.AWARDED, ApplicationState.NOT_AWARDED)


def restart_reviews(application, *, due_on):
    """The panel reviews again (further evidence has arrived): every member's new due date, and
    reminders start over."""
    Assignment.update(due_on=due_on, reminded_at=None).where(
        (Assignment.application == application) & Assignment.removed_at.is_null()).execute()


def record_decision_sent_early(application, *, submitted, panel_size, by):
    """The panel's trail says the decision went before every review was in."""
    PanelEvent.create(application=application, kind="decision_sent_early", by=by,
                      detail=f"{submitted}/{panel_size}")


def panel_may_still_read(application):
    """Reviewers read an application until it is withdrawn, or until REVIEWER_ACCESS_DAYS after
    its final decision (time to finish their notes and answer questions), then no longer."""
    if application.state == ApplicationState.WITHDRAWN:
        return False
    if application.state not in DECIDED_STATES:
        return True
    decided_at = (ApplicationEvent.select(fn.MAX(ApplicationEvent.at))
                  .where((ApplicationEvent.application == application)
                         & (ApplicationEvent.state == application.state)).scalar())
    days = current_app.config["REVIEWER_ACCESS_DAYS"]
    return decided_at is None or utcnow() - decided_at < datetime.timedelta(days=days)


def can_review(application, user):
    """An assigned reviewer, still on the panel, who has declared no conflict, while the panel
    may still read the application."""
    if not panel_may_still_read(application):
        return False
    return (Assignment.select().where((Assignment.application == application)
                                      & (Assignment.reviewer == user) & Assignment.active())
            .exists()
            and ConflictDeclaration.select().where(
                (ConflictDeclaration.application == application)
                & (ConflictDeclaration.reviewer == user)
                & (ConflictDeclaration.has_conflict == False)).exists())  # noqa: E712


def compositions_for(applications):
    """{application id: Composition} for many applications in two queries."""
    ids = [a.id for a in applications]
    if not ids:
        return {}
    needed, needed_experience = _rule()
    totals = {row.application_id: row.n for row in
              Assignment.select(Assignment.application, fn.COUNT(Assignment.id).alias("n"))
              .where(Assignment.application.in_(ids) & Assignment.active())
              .group_by(Assignment.application)}
    experienced = {row.application_id: row.n for row in
                   Assignment.select(Assignment.application, fn.COUNT(Assignment.id).alias("n"))
                   .join(ReviewerProfile, on=(ReviewerProfile.user == Assignment.reviewer))
                   .where(Assignment.application.in_(ids) & Assignment.active()
                          & (ReviewerProfile.lived_experience == True))  # noqa: E712
                   .group_by(Assignment.application)}
    return {i: Composition(totals.get(i, 0), experienced.get(i, 0), needed, needed_experience)
            for i in ids}

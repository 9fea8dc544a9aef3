"""Reads about the pool and the panels: reviewers' profiles, who is on a panel, the composition
rule, who may never judge an organisation, reviewers' loads and what "Suggest panel" weighs,
assignments, declarations and the panel's trail."""
import datetime
from dataclasses import dataclass

from flask import current_app
from peewee import fn

from ...accounts.models import Role, User, UserRole
from ...awards.models import Application, ApplicationState, Membership, Organisation
from ...core import audit
from ...core.clock import london_today
from ..models import Assignment, ConflictDeclaration, PanelEventKind, ReviewerProfile


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


def reviewer_pool():
    return (User.select().join(UserRole)
            .where(UserRole.role == Role.REVIEWER).order_by(User.display_name, User.id))


def profiles_of(people):
    """{user id: ReviewerProfile} of these reviewers (those who have one), in one query."""
    return {p.user_id: p for p in ReviewerProfile.select().where(
        ReviewerProfile.user.in_([person.id for person in people]))}


def panel(application):
    """The reviewers now on the application's panel (not removed, not recused)."""
    return list(User.select().join(Assignment, on=(Assignment.reviewer == User.id))
                .where((Assignment.application == application) & Assignment.active())
                .order_by(Assignment.assigned_at))


def composition(application):
    return compositions_for([application])[application.id]


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


def excluded_reviewers(organisation):
    """Reviewer ids who must never judge this organisation: its members, and anyone who has
    declared a conflict with it (on any of its applications)."""
    members = {m.user_id for m in Membership.select(Membership.user)
               .where((Membership.organisation == organisation) & Membership.removed_at.is_null())}
    conflicted = {d.reviewer_id for d in ConflictDeclaration.select(ConflictDeclaration.reviewer)
                  .where((ConflictDeclaration.organisation == organisation)
                         & (ConflictDeclaration.has_conflict == True))}  # noqa: E712
    return members | conflicted


def assignment_of(application, reviewer):
    """The reviewer's place on the application's panel, if they are on it now."""
    return Assignment.get_or_none((Assignment.application == application)
                                  & (Assignment.reviewer == reviewer) & Assignment.active())


def assignments_on(application):
    """{reviewer id: Assignment} of everyone ever on the panel (those removed too)."""
    return {a.reviewer_id: a for a in Assignment.select().where(
        Assignment.application == application)}


def assignments_of(reviewer):
    """The reviewer's places on panels now, with each application and organisation, the
    soonest due first."""
    return list(Assignment.select(Assignment, Application, Organisation)
                .join(Application).join(Organisation)
                .where((Assignment.reviewer == reviewer) & Assignment.active())
                .order_by(Assignment.due_on))


def declaration_of(application, reviewer):
    return ConflictDeclaration.get_or_none((ConflictDeclaration.application == application)
                                           & (ConflictDeclaration.reviewer == reviewer))


def declarations_on(application):
    """{reviewer id: ConflictDeclaration} on this application."""
    return {d.reviewer_id: d for d in ConflictDeclaration.select().where(
        ConflictDeclaration.application == application)}


def declarations_by(reviewer):
    """{application id: ConflictDeclaration} of this reviewer's."""
    return {d.application_id: d for d in ConflictDeclaration.select().where(
        ConflictDeclaration.reviewer == reviewer)}


def trail_of(application):
    """The panel's audit trail, oldest first (core.audit, staff only)."""
    return audit.read(application, audience=audit.Visibility.STAFF, kinds=PanelEventKind)


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

"""Reads about reviews: the round, a reviewer's own review and what it still lacks, the panel's
matrix of verdicts, the progress and counts the lists and exports show, overdue reviews."""
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from peewee import JOIN, fn

from ...accounts.models import User
from ...awards.models import Answer, Application, ApplicationState
from ...awards.queries import answer_rows
from ...core.forms import Missing
from ...core.translated import localize
from ..models import (
    COUNTED_VERDICTS,
    AgreedVerdict,
    Assignment,
    Recommendation,
    Review,
    ReviewVerdict,
    Verdict,
)


def current_round(application):
    """The round of review the application is in: 1 as submitted, 2 after further evidence
    was asked for, and so on."""
    return application.review_round


def round_is_open(application):
    """Reviews can change until the round is decided."""
    return application.state in (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW)


def review_of(application, reviewer, round=None):
    return Review.get_or_none((Review.application == application) & (Review.reviewer == reviewer)
                              & (Review.round == (round or current_round(application))))


def reviews_on(application):
    """{reviewer id: Review} of the current round (submitted or not)."""
    return {r.reviewer_id: r for r in Review.select().where(
        (Review.application == application) & (Review.round == current_round(application)))}


def own_reviews(reviewer):
    """{application id: Review} of the reviewer's own, each of its application's current round."""
    return {r.application_id: r for r in Review.select().join(Application).where(
        (Review.reviewer == reviewer) & (Review.round == Application.review_round))}


def was_answered(application, criterion_id):
    """Whether the application was submitted with an answer to this criterion."""
    return Answer.select().where((Answer.application == application)
                                 & (Answer.criterion == criterion_id)
                                 & Answer.snapshot.is_null(False)).exists()


def verdicts_of(review):
    if review is None:
        return {}
    return {v.criterion_id: v for v in ReviewVerdict.select().where(ReviewVerdict.review == review)}


def missing_items(application, review):
    """What the reviewer still has to give before submitting: a verdict on every criterion, a
    recommendation and a summary."""
    given = verdicts_of(review)
    missing = [Missing(_l("Choose a verdict for “%(title)s”", title=localize(row.title).text),
                       f"row-{row.criterion_id}")
               for row in answer_rows(application)
               if not (given.get(row.criterion_id) and given[row.criterion_id].verdict)]
    if review is None or not review.recommendation:
        missing.append(Missing(_l("Choose your recommendation"), "overall-recommendation"))
    if review is None or not review.summary.strip():
        missing.append(Missing(_l("Write a short summary"), "overall-summary"))
    return missing


# ---------------------------------------------------------------------------- the panel's view

@dataclass
class CriterionLine:
    row: object  # awards.models.AnswerRow
    verdicts: dict  # review id -> ReviewVerdict
    counts: Counter = field(default_factory=Counter)
    cant_judge: int = 0
    agreed: "AgreedVerdict | None" = None

    @property
    def written(self):
        """Ids of the reviews that wrote a note, suggested feedback or a question here."""
        return {v.review_id for v in self.verdicts.values()
                if v.note or v.strengths or v.feedback or v.question}

    @property
    def disagreement(self):
        """Verdicts that span Met to Not yet met (Indico's flag)."""
        return self.counts[Verdict.MET] > 0 and self.counts[Verdict.NOT_YET_MET] > 0


@dataclass
class PanelMatrix:
    reviews: list  # submitted reviews of reviewers on the panel, in assignment order
    waiting: list  # reviewers on the panel who have not submitted yet
    lines: list
    recommendations: Counter

    @property
    def disagreements(self):
        return sum(line.disagreement for line in self.lines)


def panel_matrix(application):
    """Criteria by reviewer for the current round: submitted reviews only, of reviewers still on
    the panel. A review in progress is never shown to anyone but its author."""
    round = current_round(application)
    on_panel = list(Assignment.select(Assignment, User)
                    .join(User, on=(Assignment.reviewer == User.id))
                    .where((Assignment.application == application) & Assignment.active())
                    .order_by(Assignment.assigned_at, Assignment.id))
    reviews = {r.reviewer_id: r for r in Review.select().where(
        (Review.application == application) & (Review.round == round)
        & Review.submitted_at.is_null(False))}
    submitted = [reviews[a.reviewer_id] for a in on_panel if a.reviewer_id in reviews]
    names = {a.reviewer_id: a.reviewer for a in on_panel}
    for review in submitted:
        review.reviewer = names[review.reviewer_id]
    waiting = [a.reviewer for a in on_panel if a.reviewer_id not in reviews]
    by_criterion = {}
    if submitted:
        for verdict in ReviewVerdict.select().where(
                ReviewVerdict.review.in_([r.id for r in submitted])):
            by_criterion.setdefault(verdict.criterion_id, {})[verdict.review_id] = verdict
    agreed = {a.criterion_id: a for a in AgreedVerdict.select().where(
        (AgreedVerdict.application == application) & (AgreedVerdict.round == round))}
    lines = []
    for row in answer_rows(application):
        given = by_criterion.get(row.criterion_id, {})
        line = CriterionLine(row, given, agreed=agreed.get(row.criterion_id))
        for verdict in given.values():
            if verdict.verdict in COUNTED_VERDICTS:
                line.counts[Verdict(verdict.verdict)] += 1
            elif verdict.verdict == Verdict.CANT_JUDGE:
                line.cant_judge += 1
        lines.append(line)
    recommendations = Counter(Recommendation(r.recommendation) for r in submitted
                              if r.recommendation)
    return PanelMatrix(submitted, waiting, lines, recommendations)


# ---------------------------------------------------------------------------- progress

def progress_for(applications):
    """{application id: (reviews submitted, reviewers on the panel)} in one query."""
    ids = [a.id for a in applications]
    if not ids:
        return {}
    rows = (Assignment.select(Assignment.application, fn.COUNT(Assignment.id).alias("panel"),
                              fn.COUNT(Review.submitted_at).alias("done"))
            .join(Application)
            .join(Review, join_type=JOIN.LEFT_OUTER, on=(
                (Review.application == Assignment.application)
                & (Review.reviewer == Assignment.reviewer)
                & (Review.round == Application.review_round)))
            .where(Assignment.application.in_(ids) & Assignment.active())
            .group_by(Assignment.application))
    return {row.application_id: (int(row.done), row.panel) for row in rows}


def _submitted_on_panel(ids):
    """Submitted reviews of the current round, by reviewers still on the panels of these
    applications."""
    current = Application.select(Application.id).where(
        (Application.id == Review.application) & (Application.review_round == Review.round))
    return ((Review.application.in_(ids)) & Review.submitted_at.is_null(False)
            & fn.EXISTS(current) & fn.EXISTS(Assignment.select(Assignment.id).where(
                (Assignment.application == Review.application)
                & (Assignment.reviewer == Review.reviewer) & Assignment.active())))


def verdict_counts_for(applications):
    """{application id: (Counter of verdicts over every criterion, Counter of recommendations)}
    from the submitted reviews of the reviewers on each panel, in two queries."""
    ids = [a.id for a in applications]
    if not ids:
        return {}
    result = {i: (Counter(), Counter()) for i in ids}
    for row in (ReviewVerdict.select(Review.application.alias("app"), ReviewVerdict.verdict,
                                     fn.COUNT(ReviewVerdict.id).alias("n"))
                .join(Review).where(_submitted_on_panel(ids) & ReviewVerdict.verdict.is_null(False))
                .group_by(Review.application, ReviewVerdict.verdict).dicts()):
        result[row["app"]][0][Verdict(row["verdict"])] += row["n"]
    for row in (Review.select(Review.application, Review.recommendation,
                              fn.COUNT(Review.id).alias("n"))
                .where(_submitted_on_panel(ids) & Review.recommendation.is_null(False))
                .group_by(Review.application, Review.recommendation)):
        result[row.application_id][1][Recommendation(row.recommendation)] += row.n
    return result


def criteria_counts(applications):
    """{application id: number of criteria it was submitted against} in one query."""
    ids = [a.id for a in applications]
    if not ids:
        return {}
    return {row.application_id: row.n for row in
            Answer.select(Answer.application, fn.COUNT(Answer.id).alias("n"))
            .where(Answer.application.in_(ids) & Answer.snapshot.is_null(False))
            .group_by(Answer.application)}


def submitted_verdicts():
    """Every criterion's row of every submitted review, with its review, application and
    reviewer, for the export."""
    return (ReviewVerdict.select(ReviewVerdict, Review, Application, User)
            .join(Review).join(User, on=(Review.reviewer == User.id))
            .switch(Review).join(Application)
            .where(Review.submitted_at.is_null(False))
            .order_by(Application.reference, Review.round, Review.reviewer, ReviewVerdict.id))


def criterion_titles():
    """{(application id, criterion id): the criterion's title as the application was submitted
    against it}."""
    return {(a.application_id, a.criterion_id): localize(a.snapshot["title"]).text
            for a in Answer.select(Answer.application, Answer.criterion, Answer.snapshot)
            .where(Answer.snapshot.is_null(False))}


def overdue_assignments(today):
    """Assignments on applications under review whose review was due before `today`, not yet
    reminded (submitted or not: the reminder leaves out those submitted)."""
    return (Assignment.select(Assignment, Application, User)
            .join(Application).switch(Assignment).join(User, on=(Assignment.reviewer == User.id))
            .where(Assignment.active() & Assignment.reminded_at.is_null()
                   & (Assignment.due_on < today)
                   & Application.state.in_([ApplicationState.SUBMITTED,
                                            ApplicationState.UNDER_REVIEW])))


def criteria_done(reviews):
    """{review id: criteria with a verdict} for many reviews in one query."""
    ids = [r.id for r in reviews]
    if not ids:
        return {}
    rows = (ReviewVerdict.select(ReviewVerdict.review, fn.COUNT(ReviewVerdict.id).alias("n"))
            .where(ReviewVerdict.review.in_(ids) & ReviewVerdict.verdict.is_null(False))
            .group_by(ReviewVerdict.review))
    return {row.review_id: row.n for row in rows}

"""Reads for a coordinator's review of a report: its questions to the checker and their
answers, and the sent reports that still wait for review, campaign by campaign."""
from dataclasses import dataclass

from peewee import JOIN, fn

from ...accounts.models import User
from ..models import CheckBooking, CheckQuery, CheckReport, CheckSlot


def queries_of(report):
    """The report's questions to the checker, oldest first, each with who asked it (none for no
    report): one query."""
    if report is None:
        return []
    return list(CheckQuery.select(CheckQuery, User)
                .join(User, JOIN.LEFT_OUTER, on=CheckQuery.asked_by)
                .where(CheckQuery.report == report)
                .order_by(CheckQuery.asked_at, CheckQuery.id))


def waiting_query(report):
    """The question that waits for the checker's answer, or None."""
    if report is None:
        return None
    return (CheckQuery.select().where((CheckQuery.report == report)
                                      & CheckQuery.answered_at.is_null())
            .order_by(CheckQuery.id).first())


@dataclass
class Review:
    queries: list  # oldest first
    waiting: object  # the CheckQuery waiting for an answer, or None

    @property
    def answered(self):
        return [query for query in self.queries if query.answered_at is not None]


def review_of(report):
    """The report's questions and the one waiting, in one query."""
    queries = queries_of(report)
    return Review(queries, next((q for q in queries if q.answered_at is None), None))


def to_review(campaign_ids):
    """{campaign id: how many sent reports wait for a coordinator to accept them}: one query."""
    if not campaign_ids:
        return {}
    return dict(CheckReport.select(CheckSlot.campaign, fn.COUNT(CheckReport.id))
                .join(CheckBooking).join(CheckSlot)
                .where(CheckReport.submitted_at.is_null(False) & CheckReport.reviewed_at.is_null()
                       & CheckSlot.campaign.in_(list(campaign_ids)))
                .group_by(CheckSlot.campaign).tuples())

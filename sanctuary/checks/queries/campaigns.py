"""Reads for the campaigns pages and the coordinators' dashboard card."""
import datetime
from dataclasses import dataclass

from peewee import JOIN, fn

from ..models import (
    Campaign,
    CampaignState,
    CheckBooking,
    CheckBookingState,
    CheckSlot,
    Question,
    QuestionWording,
)
from .review import to_review


def campaigns_with_progress():
    """Every campaign, newest first, with `planned` (places on slots not withdrawn) and
    `checked` (bookings reported): three queries whatever the number of campaigns."""
    campaigns = list(Campaign.select().order_by(Campaign.starts_on.desc(), Campaign.id.desc()))
    planned = dict(CheckSlot.select(CheckSlot.campaign, fn.SUM(CheckSlot.capacity))
                   .where(CheckSlot.withdrawn_at.is_null())
                   .group_by(CheckSlot.campaign).tuples())
    checked = dict(CheckBooking.select(CheckSlot.campaign, fn.COUNT(CheckBooking.id))
                   .join(CheckSlot)
                   .where(CheckBooking.state == CheckBookingState.REPORTED)
                   .group_by(CheckSlot.campaign).tuples())
    for campaign in campaigns:
        campaign.planned = planned.get(campaign.id) or 0
        campaign.checked = checked.get(campaign.id) or 0
    return campaigns


def campaign_questions(campaign):
    """(current questions in order, retired questions), each with `wording`, its latest
    QuestionWording: two queries."""
    questions = list(Question.select().where(Question.campaign == campaign)
                     .order_by(Question.position, Question.id))
    latest = (QuestionWording.select(QuestionWording.question,
                                     fn.MAX(QuestionWording.version).alias("version"))
              .group_by(QuestionWording.question))
    wordings = {w.question_id: w for w in (
        QuestionWording.select().join(latest, JOIN.INNER, on=(
            (QuestionWording.question == latest.c.question_id)
            & (QuestionWording.version == latest.c.version)))
        .where(QuestionWording.question.in_([q.id for q in questions])))}
    for question in questions:
        question.wording = wordings.get(question.id)
    return ([q for q in questions if q.retired_at is None],
            [q for q in questions if q.retired_at is not None])


SOON = datetime.timedelta(days=14)


@dataclass
class CoordinatorsSummary:
    open: list  # open campaigns, with `planned`, `checked` and `free_soon`
    drafts: int
    to_close: list  # open campaigns whose last day has passed
    to_review: list  # open and closed campaigns with `to_review`, sent reports not accepted


def coordinators_summary(today):
    """What the coordinators' dashboard card shows: each open campaign's places and reports,
    the places still free on slots of the next 14 days, the drafts, and the open campaigns
    whose last day has passed (ready to close), and the sent reports not yet accepted in each
    open or closed campaign. Six queries."""
    every = campaigns_with_progress()
    waiting = to_review([c.id for c in every if c.state != CampaignState.DRAFT])
    for campaign in every:
        campaign.to_review = waiting.get(campaign.id, 0)
    campaigns = [c for c in every if c.state != CampaignState.CLOSED]
    live = [c for c in campaigns if c.state == CampaignState.OPEN]
    soon = (CheckSlot.select(CheckSlot.id, CheckSlot.campaign, CheckSlot.capacity)
            .where(CheckSlot.campaign.in_([c.id for c in live]) & CheckSlot.withdrawn_at.is_null()
                   & (CheckSlot.last_day >= today) & (CheckSlot.first_day <= today + SOON)))
    held = dict(CheckBooking.select(CheckBooking.slot, fn.COUNT(CheckBooking.id))
                .where(CheckBooking.slot.in_(soon.select(CheckSlot.id))
                       & (CheckBooking.state != CheckBookingState.CANCELLED))
                .group_by(CheckBooking.slot).tuples())
    free = {}
    for slot in soon:
        free[slot.campaign_id] = (free.get(slot.campaign_id, 0)
                                  + max(slot.capacity - held.get(slot.id, 0), 0))
    for campaign in live:
        campaign.free_soon = free.get(campaign.id, 0)
    return CoordinatorsSummary(
        open=live, drafts=sum(1 for c in campaigns if c.state == CampaignState.DRAFT),
        to_close=[c for c in live if c.ends_on < today],
        to_review=[c for c in every if c.to_review])

"""Reads for the campaigns pages."""
from peewee import JOIN, fn

from ..models import Campaign, CheckBooking, CheckBookingState, CheckSlot, Question, QuestionWording


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

"""Campaigns of checks: their dates, briefing and script (in each language coordinators give),
the questions a checker answers, the scoring rule, and the code handed out at training.

A question's wording is kept in versions: rewording adds a version, so a report made with an
earlier wording keeps it (reports point at the version they answered)."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from peewee import CharField, DateField, ForeignKeyField, IntegerField

from ...accounts.models import RunByCoordinators, User
from ...core.audit import event_kinds
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled
from ...core.states import Transitions
from ...core.translated import JSONTextField, TranslatedTextField


class CampaignState(Labelled):
    DRAFT = "draft", _l("Draft"), _l("Being prepared: checkers cannot book yet.")
    OPEN = "open", _l("Open"), _l("Checkers with the code can book and report.")
    CLOSED = "closed", _l("Closed"), _l("No more bookings or reports.")


class Answer(Labelled):
    YES = "yes", _l("Yes")
    NO = "no", _l("No")
    NOT_SURE = "not_sure", _l("Not sure")


class Campaign(RunByCoordinators, BaseModel):
    title = TranslatedTextField()
    starts_on = DateField()
    ends_on = DateField()
    briefing = TranslatedTextField(default=dict)
    script = TranslatedTextField(default=dict)
    state = CharField(max_length=16, default=CampaignState.DRAFT, index=True)
    # The code handed out at the checkers' training; changing it stops the old one at once.
    code = CharField(max_length=16, unique=True)
    code_changed_at = UTCDateTimeField(default=utcnow)
    closed_at = UTCDateTimeField(null=True)  # contact details go 30 days after
    # The scoring rule, fixed when the campaign opens: {"points": [[question key, good answer],
    # ...]}, one point for each; see services.scoring.
    scoring = JSONTextField(default=dict)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)

    @property
    def state_member(self):
        return CampaignState(self.state)


CAMPAIGN_TRANSITIONS = Transitions(
    Campaign.state, CampaignState,
    open=(CampaignState.DRAFT, CampaignState.OPEN),
    close=(CampaignState.OPEN, CampaignState.CLOSED),
    reopen=(CampaignState.CLOSED, CampaignState.OPEN),
)


class CampaignEvent(Labelled):
    CODE_CHANGED = "campaign.code_changed", _l("Campaign code changed")
    EDITED = "campaign.edited", _l("Campaign edited")
    QUESTION_ADDED = "campaign.question_added", _l("Question added")
    QUESTION_REWORDED = "campaign.question_reworded", _l("Question reworded")
    QUESTION_RETIRED = "campaign.question_retired", _l("Question retired")
    QUESTION_RESTORED = "campaign.question_restored", _l("Question restored")


event_kinds(CampaignEvent)


class Question(BaseModel):
    """A question of a campaign. `key` names what it asks across campaigns ("asked_id" in every
    campaign that asks it), so results can be compared; `good` is the answer that shows good
    practice (None for a question that only records)."""

    campaign = ForeignKeyField(Campaign, backref="questions", on_delete="CASCADE")
    key = CharField(max_length=40)
    position = IntegerField(default=0)
    good = CharField(max_length=8, null=True)  # Answer value
    retired_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField(default=utcnow)

    class Meta:
        indexes = ((("campaign", "key"), True),)


class QuestionWording(BaseModel):
    """One wording of a question, in each language given. Never changed once written: rewording
    adds the next version."""

    question = ForeignKeyField(Question, backref="wordings", on_delete="CASCADE")
    version = IntegerField()
    text = TranslatedTextField()
    written_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    written_at = UTCDateTimeField(default=utcnow)

    class Meta:
        indexes = ((("question", "version"), True),)


# The scoring rule of a campaign, and scores by it (results compare campaigns scored alike).
@dataclass(frozen=True)
class ScoringRule:
    points: tuple  # ((question key, good answer value), ...): one point each

    @property
    def out_of(self):
        return len(self.points)

    def scores(self, key):
        return any(k == key for k, _good in self.points)


def scoring_rule(campaign):
    return ScoringRule(tuple((key, good) for key, good in (campaign.scoring or {}).get("points",
                                                                                       ())))


def same_scoring(a, b):
    """Whether two campaigns score alike (their results may be compared)."""
    return set(scoring_rule(a).points) == set(scoring_rule(b).points)


def score(rule, answers):
    """Points earned by `answers` ({question key: Answer}): one for each good answer."""
    return sum(1 for key, good in rule.points
               if answers.get(key) is not None and Answer(answers[key]) == Answer(good))

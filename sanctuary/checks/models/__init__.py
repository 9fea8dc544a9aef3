"""Secret-shopper checks' tables: the register of services; campaigns and their questions;
check slots and the places on them; reports; their review, follow-up and publication.
Import them from here."""
from .campaigns import (
    CAMPAIGN_TRANSITIONS,
    Answer,
    Campaign,
    CampaignEvent,
    CampaignState,
    Question,
    QuestionWording,
    ScoringRule,
    same_scoring,
    score,
    scoring_rule,
)
from .reports import Channel, CheckBookingEvent, CheckReport, Outcome, ReportAnswer
from .results import (
    FOLLOW_UP_EVENTS,
    CheckQuery,
    FollowUp,
    FollowUpEvent,
    FollowUpKind,
    Publication,
    ReviewEvent,
)
from .services import WARDS, Service, ServiceKind
from .slots import CheckBooking, CheckBookingState, CheckSlot, SlotEvent

__all__ = [
    "CAMPAIGN_TRANSITIONS",
    "FOLLOW_UP_EVENTS",
    "WARDS",
    "Answer",
    "Campaign",
    "CampaignEvent",
    "CampaignState",
    "Channel",
    "CheckBooking",
    "CheckBookingEvent",
    "CheckBookingState",
    "CheckQuery",
    "CheckReport",
    "CheckSlot",
    "FollowUp",
    "FollowUpEvent",
    "FollowUpKind",
    "Outcome",
    "Publication",
    "Question",
    "QuestionWording",
    "ReportAnswer",
    "ReviewEvent",
    "ScoringRule",
    "Service",
    "ServiceKind",
    "SlotEvent",
    "same_scoring",
    "score",
    "scoring_rule",
]

"""Secret-shopper checks' tables: the register of services; campaigns and their questions;
check slots and the places on them. Import them from here."""
from .campaigns import (
    CAMPAIGN_TRANSITIONS,
    Answer,
    Campaign,
    CampaignEvent,
    CampaignState,
    Question,
    QuestionWording,
)
from .reports import Channel, CheckBookingEvent, CheckReport, Outcome, ReportAnswer
from .services import WARDS, Service, ServiceKind
from .slots import CheckBooking, CheckBookingState, CheckSlot, SlotEvent

__all__ = [
    "CAMPAIGN_TRANSITIONS",
    "WARDS",
    "Answer",
    "Campaign",
    "CampaignEvent",
    "CampaignState",
    "Channel",
    "CheckBooking",
    "CheckBookingEvent",
    "CheckBookingState",
    "CheckReport",
    "CheckSlot",
    "Outcome",
    "Question",
    "QuestionWording",
    "ReportAnswer",
    "Service",
    "ServiceKind",
    "SlotEvent",
]

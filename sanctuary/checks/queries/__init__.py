"""Reads for the checks pages (one module per topic)."""
from . import register, slots  # noqa: F401 - the register of services; a campaign's slots
from .campaigns import (  # noqa: F401
    campaign_questions,
    campaigns_with_progress,
    coordinators_summary,
)

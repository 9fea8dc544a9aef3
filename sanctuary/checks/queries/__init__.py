"""Reads for the checks pages (one module per topic)."""
from . import findings, register, slots  # noqa: F401 - what reports found; services; slots
from .campaigns import (  # noqa: F401
    campaign_questions,
    campaigns_with_progress,
    coordinators_summary,
)

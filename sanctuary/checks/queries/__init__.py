"""Named reads of the checks feature (one module per topic)."""
from .campaigns import campaign_questions, campaigns_with_progress  # noqa: F401

"""Named reads of the checks feature (one module per topic)."""
from . import register  # noqa: F401 - the register of services
from .campaigns import campaign_questions, campaigns_with_progress  # noqa: F401

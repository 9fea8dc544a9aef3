"""Schools' pages: asking for a session, their bookings, and the manage link's page."""
from . import bp  # noqa: F401

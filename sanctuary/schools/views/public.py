"""Public pages: what is open, by week, and what each format is."""
from . import bp  # noqa: F401

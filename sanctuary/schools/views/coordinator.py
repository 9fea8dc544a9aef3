"""Coordinators' screens: slots, the calendar of closed days, requests, the agenda."""
from . import bp  # noqa: F401

"""The applications list (its filters and search, shared with its CSV export) and the loader
of one application."""

from ...awards.models import (
    Application,
    ApplicationState,
    Organisation,
    Stream,
)
from ...core.text import is_control

LISTED_STATES = [state for state in ApplicationState if state != ApplicationState.DRAFT]


def applications_query(args):
    """Submitted applications, newest first, filtered by state, stream and a search of the
    organisation's name or the reference (the list and its CSV export share it)."""
    state = args.get("state", "")
    stream_id = args.get("stream", type=int)
    search = search_text(args)
    query = (Application.select(Application, Organisation, Stream)
             .join(Organisation).switch(Application).join(Stream)
             .where(Application.state != ApplicationState.DRAFT)
             .order_by(Application.submitted_at.desc()))
    if state in {s.value for s in LISTED_STATES}:
        query = query.where(Application.state == state)
    if stream_id:
        query = query.where(Application.stream == stream_id)
    if search:
        query = query.where(Organisation.name.contains(search)
                            | Application.reference.contains(search))
    return query


def search_text(args):
    """What was searched for, less control characters: no name or reference has them, and
    PostgreSQL refuses NUL outright."""
    return "".join(char for char in args.get("q", "") if not is_control(char)).strip()

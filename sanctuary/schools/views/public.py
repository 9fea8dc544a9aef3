"""Public pages: what is open, by week, and what each format is."""
import datetime

from flask import render_template, request

from ...core.clock import london_today
from ...core.permissions import public
from .. import queries
from ..models import FORMAT_GUIDE
from . import bp

WEEKS_SHOWN = 10
FURTHEST = datetime.timedelta(days=400)  # how far ahead anyone may look (Refugee Week, next June)


def _first_day(tomorrow):
    """The first day shown: ?from= (a date), kept between tomorrow and the furthest allowed."""
    try:
        asked = datetime.date.fromisoformat(request.args.get("from", ""))
    except ValueError:
        return tomorrow
    return min(max(asked, tomorrow), tomorrow + FURTHEST)


@bp.get("/school-sessions")
@public
def availability():
    """Each format explained, then the open slots of ten weeks (the coming ones unless ?from=
    says), with links to the weeks before and after."""
    tomorrow = london_today() + datetime.timedelta(days=1)
    first = _first_day(tomorrow)
    span = datetime.timedelta(weeks=WEEKS_SHOWN)
    last = first + span - datetime.timedelta(days=1)
    weeks = queries.slots_by_week(first, last)
    earlier = max(first - span, tomorrow) if first > tomorrow else None
    later = last + datetime.timedelta(days=1) if last < tomorrow + FURTHEST else None
    return render_template("schools/availability.html", guide=FORMAT_GUIDE, weeks=weeks,
                           first=first, last=last, earlier=earlier, later=later)

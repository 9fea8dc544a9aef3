"""Public pages: what is open, by week, and what each format is."""
import datetime

from flask import render_template

from ...core.clock import london_today
from ...core.permissions import public
from .. import queries
from ..models import FORMAT_GUIDE
from . import bp

WEEKS_SHOWN = 10


@bp.get("/school-sessions")
@public
def availability():
    """Each format explained, then the open slots of the coming weeks."""
    first = london_today() + datetime.timedelta(days=1)
    weeks = queries.slots_by_week(first, first + datetime.timedelta(weeks=WEEKS_SHOWN))
    return render_template("schools/availability.html", guide=FORMAT_GUIDE, weeks=weeks)

"""Pages for everyone, signed in or not: what the award asks of each kind of organisation."""
from flask import render_template

from ..models import Criterion, OrganisationKind, Principle, Stream, StreamAssignment
from . import bp


@bp.get("/award-criteria")
def award_criteria():
    """Every stream's criteria in use, and the kinds of organisation each is for (3 queries)."""
    kinds, criteria = {}, {}
    for assignment in StreamAssignment.select():
        kinds.setdefault(assignment.stream_id, set()).add(assignment.kind)
    for criterion in Criterion.select().where(Criterion.retired_at.is_null()):
        criteria.setdefault(criterion.stream_id, []).append(criterion)
    return render_template(
        "awards/award_criteria.html", streams=list(Stream.ordered()), principles=list(Principle),
        kinds={stream_id: [kind for kind in OrganisationKind if kind in found]
               for stream_id, found in kinds.items()},
        criteria={stream_id: Criterion.in_page_order(found)
                  for stream_id, found in criteria.items()})

"""Pages for everyone, signed in or not: what the award asks of each kind of organisation, the
organisations that signed the pledge publicly, and the directory of award holders."""
from flask import render_template

from ...core.permissions import public
from ..models import (
    Criterion,
    OrganisationKind,
    PledgeSignature,
    Principle,
    Stream,
    StreamAssignment,
)
from ..queries import directory
from . import bp


@bp.get("/award-criteria")
@public
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


@bp.get("/supporters")
@public
def supporters():
    return render_template("awards/supporters.html",
                           signatures=list(PledgeSignature.public_supporters()))


@bp.get("/award-holders")
@public
def holders():
    return render_template("awards/holders.html", holders=directory())

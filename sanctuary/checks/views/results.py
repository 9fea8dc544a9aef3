"""A campaign's results for coordinators: the page (charts, each with its table and a sentence)
and the CSV file of each checked service's score. Never who checked, when, or their notes."""
from flask import render_template, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.exports import csv_response
from ...core.permissions import load_or_404
from .. import charts
from ..models import Campaign, ServiceKind
from ..queries.results import NOT_COMPARABLE, campaign_results
from . import bp

KINDS = {kind.value: kind for kind in ServiceKind}


@bp.app_template_filter("percent")
def percent(value):
    """A whole percentage (25) as the reader's language writes it ("25%")."""
    return charts.percent(value)


def ward_label(group):
    return group.key or _("No ward")


def kind_label(group):
    kind = KINDS.get(group.key)
    return str(kind.label) if kind else group.key


def _service_link(service):
    """The service's own results page, once that page exists."""
    try:
        return url_for("checks.service_results", service_id=service.id)
    except BuildError:
        return None


# The endpoint is named for the page; the function not, as the query it calls has that name.
@bp.get("/coordinate/checks/campaigns/<int:campaign_id>/results", endpoint="campaign_results")
@role_required(*COORDINATORS)
def results_page(campaign_id):
    campaign = load_or_404(Campaign, campaign_id, can="manage")
    results = campaign_results(campaign)
    return render_template(
        "checks/results.html", campaign=campaign, results=results,
        answers_chart=charts.answers_chart(results.questions),
        scores_chart=charts.distribution_chart(results.distribution, results.out_of),
        ward_chart=charts.groups_chart(results.by_ward, ward_label),
        kind_chart=charts.groups_chart(results.by_kind, kind_label),
        ward_label=ward_label, kind_label=kind_label, average=charts.average_text,
        links={r.service.id: _service_link(r.service) for r in results.services},
        NOT_COMPARABLE=NOT_COMPARABLE)



def change_cell(change):
    """A service's change as the CSV file writes it: a number of points, or words."""
    if change is None:
        return _("First check")
    if change == NOT_COMPARABLE:
        return _("Not comparable: the campaigns scored differently")
    return change


@bp.get("/coordinate/checks/campaigns/<int:campaign_id>/results.csv")
@role_required(*COORDINATORS)
def campaign_results_csv(campaign_id):
    campaign = load_or_404(Campaign, campaign_id, can="manage")
    results = campaign_results(campaign)
    headings = [_("Service"), _("Kind"), _("Ward"), _("Score"), _("Out of"), _("Change")]
    rows = ([row.service.name, str(row.service.kind_member.label), row.service.ward,
             row.score, row.out_of, change_cell(row.change)] for row in results.services)
    return csv_response(f"check-results-{campaign.id}.csv", headings, rows)

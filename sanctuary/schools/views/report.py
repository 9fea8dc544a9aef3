"""The coordinators' termly report: what was asked for, held and called off in a term, and the
pupils and staff reached, in all, by format and by key stage; on a page and as a CSV file."""
from flask import render_template, request
from flask_babel import lazy_gettext as _l

from ...accounts.access import role_required
from ...accounts.models import COORDINATORS
from ...core.clock import london_today
from ...core.exports import csv_response
from .. import queries_report
from . import bp

# What each figure counts, in the order of queries_report.Figures (page and CSV alike).
FIGURES = [
    (_l("Requested"), _l("Requests made during the term, whatever became of them.")),
    (_l("Confirmed"), _l("Sessions with a date in the term that are confirmed and not yet marked "
                         "delivered.")),
    (_l("Delivered"), _l("Sessions with a date in the term, marked delivered.")),
    (_l("Cancelled"), _l("Sessions with a date in the term that were called off after the date "
                         "was fixed (requests withdrawn before that are not counted).")),
    (_l("Of which late"), _l("Cancelled sessions called off too close to the day.")),
    (_l("Pupils or staff reached"), _l("The numbers schools gave in their feedback on "
                                       "delivered sessions.")),
    (_l("Delivered, no feedback yet"), _l("Delivered sessions whose school has not said how "
                                          "it went: their pupils are not counted above.")),
]


def _chosen_term(terms):
    """The term asked for (?term=id), or the current or latest one."""
    wanted = request.args.get("term", type=int)
    chosen = next((term for term in terms if term.id == wanted), None)
    return chosen or queries_report.default_term(london_today(), terms)


@bp.get("/coordinate/school-sessions/report")
@role_required(*COORDINATORS)
def report():
    terms = queries_report.all_terms()
    term = _chosen_term(terms)
    report = queries_report.term_report(term) if term else None
    totals = ([(label, meaning, value) for (label, meaning), value
               in zip(FIGURES, report.total.values(), strict=True)] if report else [])
    return render_template("schools/report.html", terms=terms, term=term, figures=FIGURES,
                           report=report, totals=totals)


# i18n: column headings of the termly report's export (CSV), which spreadsheets read; translate
# as plain words
CSV_HEADINGS = [_l("breakdown"), _l("group"), _l("requested"), _l("confirmed"),
                _l("delivered"), _l("cancelled"), _l("of which late"), _l("reached"),
                _l("delivered without feedback")]


@bp.get("/coordinate/school-sessions/report.csv")
@role_required(*COORDINATORS)
def report_export():
    """The same figures as the page, one line per group."""
    term = _chosen_term(queries_report.all_terms())
    if term is None:
        return csv_response("school-sessions-report.csv", CSV_HEADINGS, [])
    report = queries_report.term_report(term)
    lines = [[_l("all sessions"), term.name, *report.total.values()]]
    lines += [[_l("format"), member.label, *figures.values()]
              for member, figures in report.by_format]
    lines += [[_l("key stage"), member.label if member else _l("Not given"), *figures.values()]
              for member, figures in report.by_key_stage]
    filename = f"school-sessions-{term.starts_on.isoformat()}-to-{term.ends_on.isoformat()}.csv"
    return csv_response(filename, CSV_HEADINGS, ([str(cell) for cell in line] for line in lines))

"""The public results of the checks, for anyone, signed in or not: the latest closed campaign as
aggregates (small groups hidden), the Safe Surgeries tracker, the services a coordinator
published, and the same figures as CSV.

Not behind the residents' rate limits: those guard the forms that take codes, and their budget
for all clients together is shared, so a much-read results page must not use it up."""
from flask import render_template
from flask_babel import gettext as _, lazy_gettext as _l

from ...core.exports import csv_response
from ...core.permissions import public
from ...core.translated import localize
from ..models import Answer, ServiceKind
from ..queries import findings, public as public_queries
from ..queries.public import COMPLEMENT, SMALL
from . import bp

# i18n: in place of the figures of a campaign with too few reports to show any.
FEWER = _l("Fewer than 5 reports")
# Every hidden cell says the same, whether its group is the small one or one hidden beside it:
# two wordings would tell which is which, and with the totals narrow down how many each holds.
# i18n: in place of the numbers of a group of a table, hidden (it, or one beside it, is small).
NOT_SHOWN = _l("Not shown, to protect the people who made the checks")
HIDDEN = {SMALL: NOT_SHOWN, COMPLEMENT: NOT_SHOWN}
VERDICTS = {findings.MET: _l("Met"), findings.NOT_MET: _l("Not met"),
            findings.NOT_KNOWN: _l("Not known")}


def percent_text(value):
    # i18n: a share of reports, as a whole percentage.
    return _("%(percent)s%%", percent=value)


def ward_label(key):
    return key or _("Ward not recorded")


def kind_label(key):
    return str(ServiceKind(key).label)


@bp.get("/checks/results")
@public
def public_results():
    return render_template("checks/public_results.html",
                           results=public_queries.public_results(), hidden_words=HIDDEN,
                           fewer=FEWER, verdicts=VERDICTS, answers=Answer,
                           percent_text=percent_text, ward_label=ward_label, kind_label=kind_label)


def _cell_rows(title, table, cells, label):
    for cell in cells:
        if cell.hidden:
            words = str(HIDDEN[cell.hidden])
            yield [title, table, label(cell.key), words, words]
        else:
            yield [title, table, label(cell.key), cell.reports, percent_text(cell.percent)]


def _csv_rows(shown):
    if shown is None:
        return
    title = localize(shown.campaign.title).text
    small = str(FEWER)
    for share in shown.shares:
        wording = localize(share.practice.question.wording.text).text
        if share.percent is None:
            yield [title, _("Good practice met"), wording, small, small]
        else:
            yield [title, _("Good practice met"), wording, shown.reports,
                   percent_text(share.percent)]
    yield from _cell_rows(title, _("Every good practice met, by ward"), shown.wards,
                          ward_label)
    yield from _cell_rows(title, _("Every good practice met, by kind of service"),
                          shown.kinds, kind_label)


@bp.get("/checks/results.csv")
@public
def public_results_csv():
    headings = [_l("Campaign"), _l("Table"), _l("Group"), _l("Reports"),
                _l("Share of reports that met it")]
    return csv_response("check-results.csv", headings,
                        _csv_rows(public_queries.public_results()))

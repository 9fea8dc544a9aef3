"""What accepted reports found, the ground every result stands on: only reports a coordinator
has accepted count; a campaign's good practices are the questions its scoring rule awards a
point for; a service's check in a campaign is its latest accepted report there."""
from dataclasses import dataclass

from ..models import (
    Answer,
    Campaign,
    CheckBooking,
    CheckBookingState,
    CheckReport,
    CheckSlot,
    Question,
    ReportAnswer,
    Service,
    scoring_rule,
)
from .campaigns import campaign_questions

MET, NOT_MET, NOT_KNOWN = "met", "not_met", "not_known"


def accepted(campaign_ids):
    """The accepted reports of these campaigns (ids), oldest visit first, each with its booking,
    slot, service and campaign: one query."""
    return list(CheckReport.select(CheckReport, CheckBooking, CheckSlot, Service, Campaign)
                .join(CheckBooking).join(CheckSlot).join(Service)
                .switch(CheckSlot).join(Campaign)
                .where(CheckReport.reviewed_at.is_null(False)
                       & CheckReport.submitted_at.is_null(False)
                       & (CheckBooking.state == CheckBookingState.REPORTED)
                       & CheckSlot.campaign.in_(list(campaign_ids)))
                .order_by(CheckReport.visited_on, CheckReport.id))


def service_of(report):
    return report.booking.slot.service


def campaign_of(report):
    return report.booking.slot.campaign


def answers_by_report(reports):
    """{report id: {question key: Answer value}} of these reports: one query."""
    found = {report.id: {} for report in reports}
    if not found:
        return found
    rows = (ReportAnswer.select(ReportAnswer.report, ReportAnswer.answer, Question.key)
            .join(Question).where(ReportAnswer.report.in_(list(found))).tuples())
    for report_id, answer, key in rows:
        found[report_id][key] = answer
    return found


@dataclass(frozen=True)
class GoodPractice:
    key: str
    good: str  # the Answer value that shows it
    question: object  # the Question, with `wording` (its latest QuestionWording)


def good_practices(campaign):
    """The campaign's good practices in question order: each question its scoring rule gives a
    point for (two queries)."""
    points = dict(scoring_rule(campaign).points)
    current, retired = campaign_questions(campaign)
    return [GoodPractice(q.key, points[q.key], q)
            for q in sorted(current + retired, key=lambda q: (q.position, q.id))
            if q.key in points]


def verdict(answers, practice):
    """MET, NOT_MET, or NOT_KNOWN (not answered, or "not sure") for one good practice."""
    answer = answers.get(practice.key)
    if answer is None or answer == Answer.NOT_SURE:
        return NOT_KNOWN
    return MET if answer == practice.good else NOT_MET


def latest_by_service(reports):
    """{service id: the latest of `reports` about it} (by visit date, then report id)."""
    latest = {}
    for report in sorted(reports, key=lambda r: (r.visited_on, r.id)):
        latest[service_of(report).id] = report
    return latest

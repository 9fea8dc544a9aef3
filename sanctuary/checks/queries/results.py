"""A campaign's results for its coordinators: services checked of those planned, each question's
answers, the scores, each service's latest score and its change since the previous campaign, by
ward and by kind, and the reports still waiting for review. Only accepted reports count
(findings); a result never carries who checked or when."""
from dataclasses import dataclass

from peewee import fn

from ..models import (
    Answer,
    Campaign,
    CheckBooking,
    CheckBookingState,
    CheckReport,
    CheckSlot,
    Service,
    ServiceKind,
    same_scoring,
    scoring_rule,
)
from . import findings
from .campaigns import campaign_questions

# A service's change when its previous campaign was scored differently: no number is fair.
NOT_COMPARABLE = "not_comparable"
ANSWERS = (Answer.YES, Answer.NO, Answer.NOT_SURE)


@dataclass(frozen=True)
class QuestionAnswers:
    question: object  # the Question, with `wording` (its latest QuestionWording)
    counts: dict  # {Answer value: accepted reports that gave it}, every answer present

    @property
    def total(self):
        return sum(self.counts.values())

    def share(self, answer):
        """The share (0 to 1) of this question's answers that are `answer`."""
        return self.counts[Answer(answer).value] / self.total if self.total else 0


@dataclass(frozen=True)
class ServiceResult:
    service: object
    score: int
    out_of: int
    change: object  # points since the previous campaign, NOT_COMPARABLE, or None (first check)


@dataclass(frozen=True)
class Group:
    key: str  # the ward's name ("" for none) or the ServiceKind value
    reports: int
    services: int
    average: float  # score of its reports
    met_all: int  # reports that met every good practice


@dataclass(frozen=True)
class Waiting:
    booking_id: int
    service_name: str  # never the checker's alias: results pages name no checker


@dataclass(frozen=True)
class CampaignResults:
    campaign: object
    out_of: int
    planned: int  # services with a slot not withdrawn
    checked: int  # services with an accepted report
    accepted: int  # accepted reports
    questions: list  # QuestionAnswers, in question order
    distribution: list  # [(score, reports)] for every score from 0 to out_of
    services: list  # ServiceResult, by service name
    by_ward: list  # Group, by ward name (no ward last)
    by_kind: list  # Group, in the order of ServiceKind
    to_review: list  # Waiting: sent reports not yet accepted


def campaign_results(campaign):
    """Everything the campaign's results page and its CSV file show: ten queries, whatever the
    number of reports."""
    reports = findings.accepted([campaign.id])
    answers = findings.answers_by_report(reports)
    out_of = scoring_rule(campaign).out_of
    practices = findings.good_practices(campaign)
    met_all = {report.id: all(findings.verdict(answers[report.id], practice) == findings.MET
                              for practice in practices) for report in reports}
    latest = findings.latest_by_service(reports)
    return CampaignResults(
        campaign=campaign, out_of=out_of, planned=_planned(campaign), checked=len(latest),
        accepted=len(reports), questions=_questions(campaign, answers),
        distribution=_distribution(reports, out_of),
        services=_services(campaign, latest),
        by_ward=sorted(_groups(reports, lambda s: s.ward, met_all),
                       key=lambda g: (g.key == "", g.key.casefold())),
        by_kind=sorted(_groups(reports, lambda s: s.kind, met_all),
                       key=lambda g: _kind_order(g.key)),
        to_review=_to_review(campaign))


def _planned(campaign):
    return (CheckSlot.select(fn.COUNT(fn.DISTINCT(CheckSlot.service)))
            .where((CheckSlot.campaign == campaign) & CheckSlot.withdrawn_at.is_null())
            .scalar() or 0)


def _questions(campaign, answers):
    """Each question answered in an accepted report, in position order, with its counts."""
    current, retired = campaign_questions(campaign)
    counted = {}
    for given in answers.values():
        for key, answer in given.items():
            counted.setdefault(key, dict.fromkeys((a.value for a in ANSWERS), 0))
            counted[key][Answer(answer).value] += 1
    return [QuestionAnswers(question, counted[question.key])
            for question in sorted(current + retired, key=lambda q: (q.position, q.id))
            if question.key in counted]


def _distribution(reports, out_of):
    scores = [report.score for report in reports if report.score is not None]
    return [(points, scores.count(points)) for points in range(out_of + 1)]


def _services(campaign, latest):
    """Each checked service's latest score here, and its change since its previous campaign:
    the latest earlier one (by first day) in which it has an accepted report."""
    earlier = list(Campaign.select().where(
        (Campaign.starts_on < campaign.starts_on)
        | ((Campaign.starts_on == campaign.starts_on) & (Campaign.id < campaign.id))))
    before = {}  # {service id: {campaign id: its reports there}}
    for report in findings.accepted([c.id for c in earlier]):
        (before.setdefault(findings.service_of(report).id, {})
         .setdefault(findings.campaign_of(report).id, []).append(report))
    order = {c.id: (c.starts_on, c.id) for c in earlier}
    results = []
    for service_id, report in latest.items():
        change = None
        if service_id in before:
            previous_id = max(before[service_id], key=order.get)
            previous = findings.latest_by_service(before[service_id][previous_id])[service_id]
            change = (report.score - previous.score
                      if same_scoring(findings.campaign_of(previous), campaign)
                      and report.score is not None and previous.score is not None
                      else NOT_COMPARABLE)
        results.append(ServiceResult(findings.service_of(report), report.score, report.out_of,
                                     change))
    return sorted(results, key=lambda r: (r.service.name.casefold(), r.service.id))


def _groups(reports, key_of, met_all):
    grouped = {}
    for report in reports:
        grouped.setdefault(key_of(findings.service_of(report)), []).append(report)
    return [Group(key=key, reports=len(members),
                  services=len({findings.service_of(r).id for r in members}),
                  average=_average([r.score for r in members if r.score is not None]),
                  met_all=sum(1 for r in members if met_all[r.id]))
            for key, members in grouped.items()]


def _average(scores):
    return sum(scores) / len(scores) if scores else 0


def _kind_order(value):
    values = [kind.value for kind in ServiceKind]
    return values.index(value) if value in values else len(values)


def _to_review(campaign):
    rows = (CheckReport.select(CheckBooking.id, Service.name)
            .join(CheckBooking).join(CheckSlot).join(Service)
            .where((CheckSlot.campaign == campaign) & CheckReport.submitted_at.is_null(False)
                   & CheckReport.reviewed_at.is_null()
                   & (CheckBooking.state == CheckBookingState.REPORTED))
            .order_by(CheckReport.submitted_at, CheckReport.id).tuples())
    return [Waiting(booking_id, name) for booking_id, name in rows]

"""One service's results, for its coordinators' page and its letter: in each campaign that has
an accepted report about it, its latest check's score and what it found against each good
practice, and whether that result is published; and the follow-up done with the service.
Nothing here carries who checked, when they went, how, or what they noted."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from peewee import JOIN

from ...accounts.models import User
from ...core.labels import Labelled
from ..models import Campaign, CampaignState, CheckSlot, FollowUp, Publication
from . import findings


class Verdict(Labelled):
    MET = findings.MET, _l("Met")
    NOT_MET = findings.NOT_MET, _l("Not met")
    NOT_KNOWN = findings.NOT_KNOWN, _l("Not known")


@dataclass(frozen=True)
class Finding:
    practice: object  # findings.GoodPractice: its question, with `wording`
    verdict: Verdict


@dataclass(frozen=True)
class CampaignResult:
    campaign: Campaign
    score: int | None
    out_of: int | None
    findings: list  # [Finding] in question order
    published: bool

    @property
    def closed(self):
        return self.campaign.state == CampaignState.CLOSED


def checked_in(service):
    """The campaigns with a slot for this service, newest first."""
    return list(Campaign.select().join(CheckSlot)
                .where(CheckSlot.service == service).distinct()
                .order_by(Campaign.starts_on.desc(), Campaign.id.desc()))


def _results(service, campaigns):
    by_campaign = {}
    for report in findings.accepted([campaign.id for campaign in campaigns]):
        if findings.service_of(report).id == service.id:
            by_campaign.setdefault(findings.campaign_of(report).id, []).append(report)
    latest = {campaign_id: findings.latest_by_service(reports)[service.id]
              for campaign_id, reports in by_campaign.items()}
    answers = findings.answers_by_report(list(latest.values()))
    published = {campaign_id for (campaign_id,) in Publication.select(Publication.campaign)
                 .where(Publication.service == service).tuples()}
    results = []
    for campaign in campaigns:
        report = latest.get(campaign.id)
        if report is None:
            continue
        found = [Finding(practice, Verdict(findings.verdict(answers[report.id], practice)))
                 for practice in findings.good_practices(campaign)]
        results.append(CampaignResult(campaign, report.score, report.out_of, found,
                                      campaign.id in published))
    return results


def service_results(service):
    """[CampaignResult] of each campaign with an accepted report about the service, newest
    campaign first."""
    return _results(service, checked_in(service))


def result_in(service, campaign):
    """The service's CampaignResult in this campaign, or None when it has no accepted report
    there."""
    return next(iter(_results(service, [campaign])), None)


def has_result(service, campaign):
    """Whether the service has an accepted report in this campaign."""
    return any(findings.service_of(report).id == service.id
               for report in findings.accepted([campaign.id]))


def follow_ups_of(service):
    """What coordinators did about the service, latest first, each with its `campaign` (or
    None) and `recorded_by`."""
    return list(FollowUp.select(FollowUp, Campaign, User)
                .join(Campaign, JOIN.LEFT_OUTER).switch(FollowUp).join(User, JOIN.LEFT_OUTER)
                .where(FollowUp.service == service)
                .order_by(FollowUp.done_on.desc(), FollowUp.id.desc()))

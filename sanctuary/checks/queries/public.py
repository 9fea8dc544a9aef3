"""What the public results page shows: the latest closed campaign's accepted reports as
aggregates, with every group of fewer than 5 reports hidden (and enough others beside it that it
cannot be worked out from the totals), the Safe Surgeries tracker, and the services whose result
a coordinator published. Hidden figures never leave this module: a hidden cell has no numbers."""
from dataclasses import dataclass

from ..models import (
    Campaign,
    CampaignState,
    Publication,
    Service,
    ServiceKind,
    same_scoring,
)
from . import findings

MIN_GROUP = 5
SMALL, COMPLEMENT = "small", "complement"  # why a cell is hidden


def suppressed(sizes):
    """The groups of `sizes` ({group: reports}) to hide: every group under MIN_GROUP, then, if
    any is hidden, the next smallest too until at least two are hidden holding MIN_GROUP reports
    together (so no hidden cell is the total less the cells shown, and the hidden ones together
    are no small group); all of them when it takes all."""
    hidden = {group for group, size in sizes.items() if size < MIN_GROUP}
    if not hidden:
        return set()
    rest = sorted((group for group in sizes if group not in hidden),
                  key=lambda group: (sizes[group], str(group)))
    while rest and (len(hidden) < 2 or sum(sizes[group] for group in hidden) < MIN_GROUP):
        hidden.add(rest.pop(0))
    return hidden


def percent(part, whole):
    """part / whole as a whole percentage, halves rounded up."""
    return (200 * part + whole) // (2 * whole)


@dataclass(frozen=True)
class Share:
    """A good practice and the share of the campaign's reports that met it (None: too few)."""

    practice: findings.GoodPractice
    percent: object


@dataclass(frozen=True)
class Cell:
    """A row of the ward or kind table: `key` (a ward, "" when not recorded; a ServiceKind
    value), and either `hidden` (SMALL or COMPLEMENT) or its reports and the percentage of them
    that met every good practice."""

    key: str
    hidden: object = None
    reports: object = None
    percent: object = None


@dataclass(frozen=True)
class SafeSurgeries:
    """One campaign's GP surgeries: how many met every good practice in their latest check, of
    how many checked; `hidden` (SMALL or COMPLEMENT) instead of the numbers."""

    campaign: Campaign
    hidden: object = None
    met: object = None
    checked: object = None


@dataclass(frozen=True)
class Tracker:
    now: SafeSurgeries
    before: object  # SafeSurgeries of the closed campaign before, or None
    comparable: bool  # the two campaigns scored alike
    change: object  # now.met - before.met, when both are shown and comparable; else None


@dataclass(frozen=True)
class Published:
    service: Service
    verdicts: list  # [(GoodPractice, MET / NOT_MET / NOT_KNOWN)]


@dataclass(frozen=True)
class PublicResults:
    campaign: Campaign
    reports: object  # None when fewer than MIN_GROUP
    services: object  # services checked, None when fewer than MIN_GROUP reports
    shares: list  # [Share]
    wards: list  # [Cell]
    kinds: list  # [Cell]
    tracker: Tracker
    published: list  # [Published]


def _met_every(answers, practices):
    return all(findings.verdict(answers, p) == findings.MET for p in practices)


def _cells(reports, key_of, met_every, order):
    """The table of `reports` grouped by `key_of`, in `order` (a key function), suppressed."""
    groups = {}
    for report in reports:
        groups.setdefault(key_of(report), []).append(report)
    hidden = suppressed({key: len(rows) for key, rows in groups.items()})
    cells = []
    for key in sorted(groups, key=order):
        rows = groups[key]
        if key in hidden:
            cells.append(Cell(key, hidden=SMALL if len(rows) < MIN_GROUP else COMPLEMENT))
        else:
            cells.append(Cell(key, reports=len(rows),
                              percent=percent(sum(1 for r in rows if met_every[r.id]), len(rows))))
    return cells


def _ward(report):
    return findings.service_of(report).ward or ""


def _kind(report):
    return findings.service_of(report).kind


KIND_ORDER = {kind.value: position for position, kind in enumerate(ServiceKind)}


def _safe_surgeries(campaign, reports, met_every, hidden=None):
    gp = [r for r in reports if findings.service_of(r).kind == ServiceKind.GP]
    if len(gp) < MIN_GROUP:
        return SafeSurgeries(campaign, hidden=SMALL)
    if hidden:
        return SafeSurgeries(campaign, hidden=hidden)
    latest = findings.latest_by_service(gp).values()
    return SafeSurgeries(campaign, met=sum(1 for r in latest if met_every[r.id]),
                         checked=len(latest))


def _gp_hidden(kinds):
    return next((c.hidden for c in kinds if c.key == ServiceKind.GP), None)


def _tracker(campaign, reports, before, earlier, met_every, kinds):
    # A GP row hidden in a campaign's kind table stays hidden here too, for the campaign before
    # as for the latest (its page was public once): the tracker's count would show it.
    now = _safe_surgeries(campaign, reports, met_every, _gp_hidden(kinds))
    if before is None:
        return Tracker(now, None, True, None)
    then = _safe_surgeries(before, earlier, met_every,
                           _gp_hidden(_cells(earlier, _kind, met_every, lambda key: key)))
    comparable = same_scoring(campaign, before)
    change = (now.met - then.met if comparable and now.met is not None and then.met is not None
              else None)
    return Tracker(now, then, comparable, change)


def _published(campaign, reports, answers, practices):
    latest = findings.latest_by_service(reports)
    names = (Publication.select(Publication, Service).join(Service)
             .where(Publication.campaign == campaign).order_by(Service.name, Service.id))
    return [Published(row.service, [(p, findings.verdict(answers[latest[row.service_id].id], p))
                                    for p in practices])
            for row in names if row.service_id in latest]


def _latest_two_closed():
    """The latest closed campaign with accepted reports and the one before it (or None), each
    with its accepted reports: two queries."""
    closed = list(Campaign.select().where(Campaign.state == CampaignState.CLOSED)
                  .order_by(Campaign.ends_on.desc(), Campaign.starts_on.desc(),
                            Campaign.id.desc()))
    found = {}
    for report in findings.accepted(c.id for c in closed):
        found.setdefault(findings.campaign_of(report).id, []).append(report)
    with_reports = [c for c in closed if c.id in found][:2]
    return [(c, found[c.id]) for c in with_reports]


def public_results():
    """The public results of the latest closed campaign with accepted reports, or None when
    there is none yet. Open and draft campaigns, and reports not accepted, never count."""
    latest = _latest_two_closed()
    if not latest:
        return None
    (campaign, reports), *earlier = latest
    before, before_reports = earlier[0] if earlier else (None, [])
    answers = findings.answers_by_report(reports + before_reports)
    practices = findings.good_practices(campaign)
    met_every = {r.id: _met_every(answers[r.id], practices) for r in reports}
    if before is not None:
        before_practices = findings.good_practices(before)
        met_every.update({r.id: _met_every(answers[r.id], before_practices)
                          for r in before_reports})
    enough = len(reports) >= MIN_GROUP
    shares = [Share(p, percent(sum(1 for r in reports
                                   if findings.verdict(answers[r.id], p) == findings.MET),
                               len(reports)) if enough else None)
              for p in practices]
    wards = _cells(reports, _ward, met_every, lambda key: (key == "", key))
    kinds = _cells(reports, _kind, met_every, lambda key: (KIND_ORDER.get(key, 99), key))
    return PublicResults(
        campaign=campaign, reports=len(reports) if enough else None,
        services=len({findings.service_of(r).id for r in reports}) if enough else None,
        shares=shares, wards=wards, kinds=kinds,
        tracker=_tracker(campaign, reports, before, before_reports, met_every, kinds),
        published=_published(campaign, reports, answers, practices))

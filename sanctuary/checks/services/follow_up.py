"""What comes of a service's results: the follow-up coordinators record (a letter sent, a
meeting held, a re-check booked), each in the service's trail with the day it was done, and
publishing a service's result by name on the public results page (or taking it off)."""
import datetime

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from ...accounts.models import User
from ...core import audit
from ...core.audit import AuditEvent
from ...core.clock import london_today
from ...core.db import db, is_postgres, utcnow
from ..models import (
    FOLLOW_UP_EVENTS,
    Campaign,
    CampaignState,
    FollowUp,
    FollowUpEvent,
    FollowUpKind,
    Publication,
)
from ..queries import service_results as queries

FORM_KEY_LIFETIME = datetime.timedelta(days=1)
IN_THE_FUTURE = _l("The date must be today or in the past")
NOT_CLOSED = _l("A result can be published only once its campaign is closed, when no more "
                "reports can come in.")
NO_RESULT = _l("This service has no accepted report in this campaign, so it has no result to "
               "publish.")


class FollowUpRefused(Exception):
    """The follow-up cannot be recorded as it is: `field` names what is wrong, `message` why."""

    def __init__(self, field, message):
        super().__init__(str(message))
        self.field, self.message = field, message


class PublishRefused(Exception):
    """The result cannot be published; `message` says why, for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def recorded_with_key(service, form_key, by):
    """The follow-up this person already recorded from the form with this key, if any."""
    if not form_key or by is None:
        return None
    subject_kind, subject_id = audit.subject_of(service)
    recent = AuditEvent.select().where(
        (AuditEvent.subject_kind == subject_kind) & (AuditEvent.subject_id == subject_id)
        & AuditEvent.kind.in_([event.value for event in FOLLOW_UP_EVENTS.values()])
        & (AuditEvent.by_id == by.id) & (AuditEvent.at >= utcnow() - FORM_KEY_LIFETIME))
    event = next((event for event in recent if event.detail.get("form_key") == form_key), None)
    return None if event is None else FollowUp.get_or_none(
        FollowUp.id == event.detail.get("follow_up"))


def record_follow_up(service, *, kind, done_on, note="", campaign=None, by, form_key=None):
    """Record what was done about the service, on the day it was done (today or before), with
    its event in the service's trail. The same form sent twice (`form_key`) records it once and
    gives back the first. FollowUpRefused for a day still to come."""
    kind = FollowUpKind(kind)
    if done_on > london_today():
        raise FollowUpRefused("done_on", IN_THE_FUTURE)
    with db.atomic():
        if form_key and by is not None:
            if is_postgres():  # two at once wait for each other, so the second finds the first
                User.select().where(User.id == by.id).for_update().execute()
            existing = recorded_with_key(service, form_key, by)
            if existing is not None:
                return existing
        follow_up = FollowUp.create(service=service, campaign=campaign, kind=kind.value,
                                    done_on=done_on, note=(note or "").strip(), recorded_by=by)
        detail = {"on": done_on.isoformat(), "follow_up": follow_up.id}
        if form_key:
            detail["form_key"] = form_key
        audit.record(FOLLOW_UP_EVENTS[kind], service, by=by, detail=detail)
    return follow_up


def publish(service, campaign, *, by):
    """Show the service's result in this campaign by name on the public results page: only once
    the campaign is closed, and only a result there is (an accepted report), else
    PublishRefused. Published twice, it stays one publication."""
    if Campaign.get_by_id(campaign.id).state != CampaignState.CLOSED:
        raise PublishRefused(NOT_CLOSED)
    if not queries.has_result(service, campaign):
        raise PublishRefused(NO_RESULT)
    existing = Publication.get_or_none((Publication.service == service)
                                       & (Publication.campaign == campaign))
    if existing is not None:
        return existing
    try:
        with db.atomic():
            publication = Publication.create(service=service, campaign=campaign,
                                             published_by=by)
            audit.record(FollowUpEvent.PUBLISHED, service, by=by,
                         detail={"campaign": campaign.id})
    except IntegrityError:  # published at the same moment from another page: that one stands
        return Publication.get((Publication.service == service)
                               & (Publication.campaign == campaign))
    return publication


def unpublish(service, campaign, *, by):
    """Take the service's result in this campaign off the public page. False when it was not
    published."""
    with db.atomic():
        removed = Publication.delete().where((Publication.service == service)
                                             & (Publication.campaign == campaign)).execute()
        if removed:
            audit.record(FollowUpEvent.UNPUBLISHED, service, by=by,
                         detail={"campaign": campaign.id})
    return bool(removed)

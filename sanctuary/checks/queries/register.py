"""Reads of the register of services: the coordinators' list, and finding a service by its ODS
code or by its name and postcode."""
import datetime

from peewee import fn

from ...core import audit
from ...core.audit import Visibility
from ..models import Service


def services(*, kind=None, ward=None, retired=False):
    """The register, by name: of one kind and one ward if given; retired ones only if asked."""
    query = Service.select().order_by(fn.LOWER(Service.name), Service.postcode, Service.id)
    if kind:
        query = query.where(Service.kind == kind)
    if ward:
        query = query.where(Service.ward == ward)
    if not retired:
        query = query.where(Service.retired_at.is_null())
    return list(query)


def with_ods_code(code, *, other_than=None):
    """The service with this ODS code (not `other_than`), or None."""
    if not code:
        return None
    query = Service.select().where(Service.ods_code == code)
    if other_than is not None:
        query = query.where(Service.id != other_than.id)
    return query.first()


def by_name_and_postcode(folded_name, postcode, *, other_than=None):
    """The service of this name (folded, see codes.folded) at this postcode, or None."""
    query = Service.select().where(Service.postcode == postcode)
    if other_than is not None:
        query = query.where(Service.id != other_than.id)
    return next((s for s in query if " ".join(s.name.split()).casefold() == folded_name), None)


def trail_of(service):
    """What happened to a service (added, changed, retired, followed up), oldest first; a
    follow-up's event has `on`, the day it was done (None on the others)."""
    events = audit.read(service, audience=Visibility.STAFF)
    for event in events:
        on = event.detail.get("on")
        event.on = datetime.date.fromisoformat(on) if on else None
    return events

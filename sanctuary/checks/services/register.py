"""Writes to the register of services: adding, changing, retiring and restoring a service, each
with its audit event, and the CSV import (core.imports) that adds and updates many at once."""
import datetime
from pathlib import Path

from flask_babel import gettext as _, lazy_gettext as _l

from ...accounts.models import User
from ...core import audit, imports
from ...core.audit import AuditEvent, event_kinds
from ...core.db import db, is_postgres, utcnow
from ...core.imports import Column, Importer, Invalid, RowStatus
from ...core.labels import Labelled
from .. import codes
from ..models import Service, ServiceKind
from ..queries import register as queries

FIELDS = ("kind", "name", "address", "postcode", "ward", "ods_code", "safe_surgery", "notes")
FORM_KEY_LIFETIME = datetime.timedelta(days=1)
DEMO_FILE = Path(__file__).resolve().parent.parent / "demo_services.csv"


@event_kinds
class ServiceEvent(Labelled):
    ADDED = "service.added", _l("Service added")
    EDITED = "service.edited", _l("Service changed")
    RETIRED = "service.retired", _l("Service retired")
    RESTORED = "service.restored", _l("Service restored")


class ServiceRefused(Exception):
    """The service cannot be saved as it is: `field` names what is wrong, `message` says why."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def _values(fields):
    values = {name: fields[name] for name in FIELDS if name in fields}
    values["name"] = " ".join(values["name"].split())
    values["ods_code"] = values.get("ods_code") or None  # unique: empty is NULL
    return values


def _refuse_duplicates(values, service=None):
    if queries.with_ods_code(values["ods_code"], other_than=service):
        raise ServiceRefused("ods_code", _("Another service in the register has this ODS code"))
    if queries.by_name_and_postcode(codes.folded(values["name"]), values["postcode"],
                                    other_than=service):
        raise ServiceRefused("name", _("A service of this name at this postcode is in the "
                                       "register already"))


def added_with_key(form_key, by):
    """The service this person already added from the form with this key, if any."""
    if not form_key or by is None:
        return None
    recent = AuditEvent.select().where(
        (AuditEvent.kind == ServiceEvent.ADDED.value) & (AuditEvent.by_id == by.id)
        & (AuditEvent.at >= utcnow() - FORM_KEY_LIFETIME))
    event = next((event for event in recent if event.detail.get("form_key") == form_key), None)
    return None if event is None else Service.get_or_none(Service.id == event.subject_id)


def add_service(*, by, form_key=None, **fields):
    """A new service. The same form sent twice (a double click, a retry) gives back the first:
    the person's row is locked first on PostgreSQL, so two at once cannot both miss it.
    ServiceRefused when its ODS code, or its name at its postcode, is taken."""
    values = _values(fields)
    with db.atomic():
        if form_key and by is not None:
            if is_postgres():
                User.select().where(User.id == by.id).for_update().execute()
            existing = added_with_key(form_key, by)
            if existing is not None:
                return existing
        _refuse_duplicates(values)
        service = Service.create(**values)
        audit.record(ServiceEvent.ADDED, service, by=by,
                     detail={"form_key": form_key} if form_key else None)
    return service


def update_service(service, *, by, **fields):
    """Change a service's details; the audit event names the fields that changed."""
    values = _values(fields)
    changed = sorted(name for name, value in values.items() if getattr(service, name) != value)
    if not changed:
        return service
    with db.atomic():
        _refuse_duplicates(values, service)
        Service.update(**values, updated_at=utcnow()).where(Service.id == service.id).execute()
        audit.record(ServiceEvent.EDITED, service, by=by, detail={"fields": changed})
    return Service.get_by_id(service.id)


def retire_service(service, *, by):
    """Hide a closed or merged service from the register (kept for past campaigns). False when
    it was retired already."""
    with db.atomic():
        moved = (Service.update(retired_at=utcnow(), updated_at=utcnow())
                 .where((Service.id == service.id) & Service.retired_at.is_null()).execute())
        if moved:
            audit.record(ServiceEvent.RETIRED, service, by=by)
    return bool(moved)


def restore_service(service, *, by):
    """Bring a retired service back. False when it was not retired."""
    with db.atomic():
        moved = (Service.update(retired_at=None, updated_at=utcnow())
                 .where((Service.id == service.id) & Service.retired_at.is_null(False))
                 .execute())
        if moved:
            audit.record(ServiceEvent.RESTORED, service, by=by)
    return bool(moved)


# ---------------------------------------------------------------------------- the CSV import

def _kind(value):
    wanted = codes.folded(value)
    for kind in ServiceKind:
        if wanted in (kind.value, codes.folded(str(kind.label))):
            return kind.value
    raise Invalid(_("Enter a kind of service: %(kinds)s",
                    kinds=", ".join(str(kind.label) for kind in ServiceKind)))


def _postcode(value):
    if (read := codes.postcode(value)) is None:
        raise Invalid(str(codes.BAD_POSTCODE))
    return read


def _ward(value):
    if (read := codes.ward(value)) is None:
        raise Invalid(str(codes.BAD_WARD))
    return read


def _ods(value):
    if (read := codes.ods_code(value)) is None:
        raise Invalid(str(codes.BAD_ODS))
    return read or None


YES, NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0")


def _yes_no(value):
    answer = codes.folded(value)
    if answer in YES or answer == codes.folded(_("Yes")):
        return True
    if answer in NO or answer == codes.folded(_("No")):
        return False
    raise Invalid(_("Enter yes or no"))


def identify(values):
    """A row is the stored service with its ODS code, or without one, of its name and postcode."""
    if values.get("ods_code"):
        return ("ods", values["ods_code"])
    return ("name", codes.folded(values["name"]), values["postcode"])


def _stored(service):
    return {"kind": service.kind, "name": service.name, "address": service.address or None,
            "postcode": service.postcode, "ward": service.ward or None,
            "ods_code": service.ods_code, "safe_surgery": service.safe_surgery}


def _match(service, identities):
    """The identity of `identities` that `service` is, or None."""
    by_ods = ("ods", service.ods_code)
    by_name = ("name", codes.folded(service.name), service.postcode)
    return by_ods if by_ods in identities else by_name if by_name in identities else None


def existing(identities):
    """{identity: stored values} of the services the rows are (retired ones too)."""
    wanted = set(identities)
    found = {}
    for service in Service.select():
        if (identity := _match(service, wanted)) is not None:
            found.setdefault(identity, {**_stored(service), "_id": service.id})
    return found


def _written(row):
    values = dict(row.values)
    values["address"] = values["address"] or ""
    values["ward"] = values["ward"] or ""
    values["safe_surgery"] = bool(values["safe_surgery"])
    return values


def write(rows, *, by):
    """Store the new and changed rows (in the import's transaction), each with its event."""
    stored = existing([identify(row.values) for row in rows])
    for row in rows:
        values = _written(row)
        if row.status == RowStatus.NEW:
            service = Service.create(**values)
            audit.record(ServiceEvent.ADDED, service, by=by, detail={"import": True})
        else:
            service = Service.get_by_id(stored[identify(row.values)]["_id"])
            Service.update(**values, updated_at=utcnow()).where(
                Service.id == service.id).execute()
            audit.record(ServiceEvent.EDITED, service, by=by,
                         detail={"fields": sorted(row.before), "import": True})


SERVICES_IMPORT = Importer(
    name="checks-services",
    columns=(Column("kind", _l("Kind"), parse=_kind),
             Column("name", _l("Name"), parse=lambda value: " ".join(value.split())),
             Column("address", _l("Address"), required=False),
             Column("postcode", _l("Postcode"), parse=_postcode),
             Column("ward", _l("Ward"), parse=_ward, required=False),
             Column("ods_code", _l("ODS code"), parse=_ods, required=False),
             Column("safe_surgery", _l("Safe Surgeries"), parse=_yes_no, required=False)),
    key=("ods_code", "name", "postcode"), identify=identify, existing=existing, write=write)


def import_demo_services(by):
    """The demo register (invented names and codes), through the same import as a coordinator's
    file: a second run changes nothing."""
    pending = imports.receive(SERVICES_IMPORT, filename=DEMO_FILE.name,
                              data=DEMO_FILE.read_bytes(), by=by)
    return imports.confirm(SERVICES_IMPORT, pending, by=by)

"""The audit trail: one table of what happened, for every feature.

An event says who acted (a person, or none when the app itself did), what happened (a kind from a
Labelled enum that a feature declares with `@event_kinds`), on what (a subject: a (kind, id) pair
such as ("application", 5), or a row, named by its table), optionally about whom (the reviewer a
panel event concerns), when, a small JSON detail, and who may see it: staff only, or the
subject's own people too (an applicant's timeline). `record` writes one inside the caller's
transaction, so the event and the change it describes are kept or lost together; `read` gives a
subject's events that an audience may see, with the people resolved."""
import enum

from peewee import CharField, IntegerField

from .db import BaseModel, UTCDateTimeField, utcnow
from .hooks import hooks
from .translated import JSONTextField


class Visibility(enum.StrEnum):
    STAFF = "staff"  # coordinators' and the panel's pages only
    SUBJECT = "subject"  # the subject's own people too (an applicant's timeline)


# Every kind any feature declared: {value: member}. A value names one kind across the app.
_kinds = {}


def event_kinds(kinds):
    """Declare a feature's kinds of event (a class decorator on a Labelled enum). A kind's label
    may name parts of the event's detail (`%(submitted)s of %(panel)s`), filled in when shown."""
    for member in kinds:
        taken = _kinds.get(member.value)
        if taken is not None and _name(type(taken)) != _name(kinds):
            raise ValueError(f"The event kind {member.value!r} is {_name(type(taken))}'s")
        _kinds[member.value] = member
    return kinds


def _name(kinds):
    return f"{kinds.__module__}.{kinds.__qualname__}"


# Who the people in events are (accounts answers): receiver(ids) -> {id: person}.
people_named = hooks.signal("audit-people-named")


class AuditEvent(BaseModel):
    subject_kind = CharField(max_length=32)
    subject_id = IntegerField()
    kind = CharField(max_length=64)
    # Plain ids, not foreign keys: core knows no feature's tables (people are never deleted).
    by_id = IntegerField(null=True)
    about_id = IntegerField(null=True)
    at = UTCDateTimeField(default=utcnow)
    detail = JSONTextField(default=dict)
    visibility = CharField(max_length=16, default=Visibility.STAFF)

    class Meta:
        indexes = ((("subject_kind", "subject_id", "at"), False),)

    # The people, set by read() (None for the app itself, or someone unknown).
    by = None
    about = None

    @property
    def subject(self):
        return (self.subject_kind, self.subject_id)

    @property
    def label(self):
        member = _kinds.get(self.kind)
        if member is None:
            return self.kind
        # Only a label that names parts of the detail is filled in: the others stay lazy.
        return member.label % self.detail if "%(" in str(member.label) else member.label

    @property
    def note(self):
        """What the trail shows after the label (a reason given, the verdict agreed)."""
        return self.detail.get("note", "")


def subject_of(subject):
    """(kind, id) of a subject given as that pair or as a row."""
    if isinstance(subject, tuple):
        return subject
    return (subject._meta.table_name, subject.id)


def _id(person):
    return getattr(person, "id", person)


def record(kind, subject, *, by, about=None, detail=None, visibility=Visibility.STAFF, at=None):
    """Write one event of a declared `kind` about `subject`, done `by` a person (or None). Staff
    only unless said otherwise. Call it inside the transaction of the change it describes."""
    if _kinds.get(kind) is not kind:
        raise ValueError(f"{kind!r} is not a declared event kind (see event_kinds)")
    subject_kind, subject_id = subject_of(subject)
    return AuditEvent.create(subject_kind=subject_kind, subject_id=subject_id, kind=kind.value,
                             by_id=_id(by), about_id=_id(about), detail=detail or {},
                             visibility=Visibility(visibility), at=at or utcnow())


def read(subject, *, audience, kinds=None):
    """The subject's events that `audience` may see (staff see every one; the subject's people
    those shown to them), of `kinds` only if given, oldest first, with `by` and `about` set."""
    subject_kind, subject_id = subject_of(subject)
    query = AuditEvent.select().where((AuditEvent.subject_kind == subject_kind)
                                      & (AuditEvent.subject_id == subject_id))
    if Visibility(audience) != Visibility.STAFF:
        query = query.where(AuditEvent.visibility == Visibility.SUBJECT)
    if kinds is not None:
        query = query.where(AuditEvent.kind.in_([kind.value for kind in kinds]))
    events = list(query.order_by(AuditEvent.at, AuditEvent.id))
    ids = frozenset(i for e in events for i in (e.by_id, e.about_id) if i is not None)
    people = {}
    if ids:
        for _receiver, named in people_named.send(ids):
            people.update(named or {})
    for event in events:
        event.by, event.about = people.get(event.by_id), people.get(event.about_id)
    return events


def last_at(subject, kind):
    """When the latest event of `kind` about the subject happened (None if never)."""
    subject_kind, subject_id = subject_of(subject)
    return (AuditEvent.select(AuditEvent.at)
            .where((AuditEvent.subject_kind == subject_kind)
                   & (AuditEvent.subject_id == subject_id) & (AuditEvent.kind == kind.value))
            .order_by(AuditEvent.at.desc()).scalar())

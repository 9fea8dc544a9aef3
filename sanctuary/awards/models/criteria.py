"""The award criteria: the three principles, the streams (one set of criteria for each sort of
organisation) and the criteria themselves."""

from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, ForeignKeyField, IntegerField

from ...accounts.models import RunByCoordinators
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled
from ...core.translated import JSONTextField, TranslatedTextField


class Principle(Labelled):
    LEARN = ("learn", _l("Learn"),
             _l("Understand what it means to seek sanctuary, and help others understand."))
    EMBED = ("embed", _l("Embed"),
             _l("Make welcome part of how you work, and include people seeking sanctuary "
                "in what you do and decide."))
    SHARE = ("share", _l("Share"),
             _l("Tell others about the contribution people seeking sanctuary make, "
                "and about your own work."))


class CriterionTag(Labelled):
    """What coordinators mark a criterion as, so that other features can offer evidence for it."""

    STAFF_TRAINING = ("staff_training", _l("Staff training"),
                      _l("A staff training session we delivered can be evidence for it."))


class Stream(RunByCoordinators, BaseModel):
    """A set of award criteria for one sort of organisation (business, community organisation)."""

    key = CharField(max_length=32, unique=True)
    name = TranslatedTextField()
    position = IntegerField(default=0)

    @classmethod
    def ordered(cls):
        return cls.select().order_by(cls.position, cls.id)

    @classmethod
    def for_kind(cls, kind):
        """The stream coordinators chose for this kind of organisation."""
        return (cls.select().join(StreamAssignment)
                .where(StreamAssignment.kind == kind).first())

class StreamAssignment(BaseModel):
    kind = CharField(max_length=32, unique=True)
    stream = ForeignKeyField(Stream, backref="assignments", on_delete="RESTRICT")

class Criterion(RunByCoordinators, BaseModel):
    stream = ForeignKeyField(Stream, backref="criteria", on_delete="RESTRICT")
    principle = CharField(max_length=16)
    title = TranslatedTextField()
    guidance = TranslatedTextField()
    evidence_required = BooleanField(default=False)
    # What kind of file would show it (a training record, minutes), where coordinators wrote one.
    evidence_hint = TranslatedTextField(default=dict)
    position = IntegerField(default=0)
    tags = JSONTextField(default=list)  # CriterionTag values
    retired_at = UTCDateTimeField(null=True)
    updated_at = UTCDateTimeField(default=utcnow)

    @property
    def principle_label(self):
        return Principle(self.principle).label

    def has_tag(self, tag):
        return tag in (self.tags or ())

    @classmethod
    def in_use(cls, stream):
        """The stream's current criteria, Learn then Embed then Share, each in its order."""
        return cls.in_page_order(cls.select().where((cls.stream == stream)
                                                    & cls.retired_at.is_null()))

    @staticmethod
    def in_page_order(criteria):
        order = {p.value: i for i, p in enumerate(Principle)}
        return sorted(criteria, key=lambda c: (order[c.principle], c.position, c.id))

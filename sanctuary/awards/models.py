"""Organisations, their members, and the Borough of Sanctuary pledge."""
import enum

from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, ForeignKeyField, IntegerField, TextField

from ..accounts.models import Role, User
from ..core.db import BaseModel, UTCDateTimeField, utcnow
from ..core.translated import TranslatedTextField


class OrganisationKind(enum.StrEnum):
    BUSINESS = "business"
    CHARITY = "charity"
    FAITH = "faith"
    SCHOOL = "school"
    PUBLIC_SERVICE = "public_service"
    LIBRARY_ARTS = "library_arts"
    HEALTH = "health"
    OTHER = "other"

    @property
    def label(self):
        return KIND_LABELS[self]


KIND_LABELS = {
    OrganisationKind.BUSINESS: _l("Business or workplace"),
    OrganisationKind.CHARITY: _l("Charity or community group"),
    OrganisationKind.FAITH: _l("Faith group"),
    OrganisationKind.SCHOOL: _l("School, college or university"),
    OrganisationKind.PUBLIC_SERVICE: _l("Public service"),
    OrganisationKind.LIBRARY_ARTS: _l("Library, arts or culture"),
    OrganisationKind.HEALTH: _l("Health service"),
    OrganisationKind.OTHER: _l("Something else"),
}


class SizeBand(enum.StrEnum):
    VOLUNTEERS = "volunteers"
    SMALL = "1-9"
    MEDIUM = "10-49"
    LARGE = "50-249"
    VERY_LARGE = "250+"

    @property
    def label(self):
        return SIZE_LABELS[self]


SIZE_LABELS = {
    SizeBand.VOLUNTEERS: _l("Run by volunteers only"),
    SizeBand.SMALL: _l("1 to 9 staff"),
    SizeBand.MEDIUM: _l("10 to 49 staff"),
    SizeBand.LARGE: _l("50 to 249 staff"),
    SizeBand.VERY_LARGE: _l("250 staff or more"),
}


class Organisation(BaseModel):
    name = CharField(max_length=200)
    kind = CharField(max_length=32)
    size_band = CharField(max_length=16)
    address = TextField(default="")
    postcode = CharField(max_length=16, default="")
    website = CharField(max_length=300, default="")
    contact_name = CharField(max_length=200)
    contact_role = CharField(max_length=200, default="")
    contact_email = CharField(max_length=320)
    language = CharField(max_length=16, default="en")  # the language the organisation writes in
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)

    @property
    def kind_label(self):
        return OrganisationKind(self.kind).label

    @property
    def size_label(self):
        return SizeBand(self.size_band).label

    def is_member(self, user):
        return (user.is_authenticated and Membership.select().where(
            (Membership.organisation == self) & (Membership.user == user)
            & Membership.removed_at.is_null()).exists())

    def can_view(self, user):
        """Members, and the coordinators who run the award."""
        return user.is_authenticated and (
            user.has_role(Role.COORDINATOR, Role.ADMIN) or self.is_member(user))

    def can_edit(self, user):
        return self.is_member(user)

    def active_members(self):
        return (Membership.select(Membership, User).join(User)
                .where((Membership.organisation == self) & Membership.removed_at.is_null())
                .order_by(Membership.joined_at))

    @classmethod
    def of_user(cls, user):
        return (cls.select().join(Membership)
                .where((Membership.user == user) & Membership.removed_at.is_null())
                .order_by(cls.name))


class Membership(BaseModel):
    organisation = ForeignKeyField(Organisation, backref="memberships", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    joined_at = UTCDateTimeField(default=utcnow)
    removed_at = UTCDateTimeField(null=True)
    removed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        indexes = ((("organisation", "user"), True),)


class MemberInvitation(BaseModel):
    """A colleague invited by email; the link signs them in and adds them to the organisation."""

    organisation = ForeignKeyField(Organisation, backref="invitations", on_delete="CASCADE")
    email = CharField(max_length=320)
    token_hash = CharField(max_length=64, unique=True)
    invited_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)
    expires_at = UTCDateTimeField()
    accepted_at = UTCDateTimeField(null=True)


class PledgeText(BaseModel):
    """One wording of the pledge; coordinators add a new one to change it. The newest is current."""

    text = TranslatedTextField()
    created_at = UTCDateTimeField(default=utcnow)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    @classmethod
    def current(cls):
        return cls.select().order_by(cls.id.desc()).first()


class PledgeSignature(BaseModel):
    organisation = ForeignKeyField(Organisation, unique=True, backref="+", on_delete="CASCADE")
    pledge = ForeignKeyField(PledgeText, on_delete="RESTRICT", backref="+")  # the wording signed
    signed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    signed_at = UTCDateTimeField(default=utcnow)
    public = BooleanField(default=False)  # the organisation agreed to be on the supporters list

    @classmethod
    def public_supporters(cls):
        return (cls.select(cls, Organisation).join(Organisation)
                .where(cls.public == True)  # noqa: E712 - peewee expression
                .order_by(Organisation.name))


class Principle(enum.StrEnum):
    LEARN = "learn"
    EMBED = "embed"
    SHARE = "share"

    @property
    def label(self):
        return PRINCIPLE_LABELS[self]

    @property
    def description(self):
        return PRINCIPLE_DESCRIPTIONS[self]


PRINCIPLE_LABELS = {
    Principle.LEARN: _l("Learn"),
    Principle.EMBED: _l("Embed"),
    Principle.SHARE: _l("Share"),
}
PRINCIPLE_DESCRIPTIONS = {
    Principle.LEARN: _l("Understand what it means to seek sanctuary, and help others understand."),
    Principle.EMBED: _l("Make welcome part of how you work, and include people seeking sanctuary in what you do and decide."),
    Principle.SHARE: _l("Tell others about the contribution people seeking sanctuary make, and about your own work."),
}


class Stream(BaseModel):
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


class Criterion(BaseModel):
    stream = ForeignKeyField(Stream, backref="criteria", on_delete="RESTRICT")
    principle = CharField(max_length=16)
    title = TranslatedTextField()
    guidance = TranslatedTextField()
    evidence_required = BooleanField(default=False)
    position = IntegerField(default=0)
    retired_at = UTCDateTimeField(null=True)
    updated_at = UTCDateTimeField(default=utcnow)

    @property
    def principle_label(self):
        return Principle(self.principle).label

    @classmethod
    def in_use(cls, stream):
        """The stream's current criteria, Learn then Embed then Share, each in its order."""
        order = {p.value: i for i, p in enumerate(Principle)}
        criteria = list(cls.select().where((cls.stream == stream) & cls.retired_at.is_null()))
        return sorted(criteria, key=lambda c: (order[c.principle], c.position, c.id))


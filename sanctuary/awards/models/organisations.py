"""Organisations, their members and the colleagues they invite, and the pledge they sign."""

from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, ForeignKeyField, TextField

from ...accounts.models import COORDINATORS, User
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.hooks import hooks
from ...core.labels import Labelled
from ...core.translated import TranslatedTextField


class OrganisationKind(Labelled):
    BUSINESS = "business", _l("Business or workplace")
    CHARITY = "charity", _l("Charity or community group")
    FAITH = "faith", _l("Faith group")
    SCHOOL = "school", _l("School, college or university")
    PUBLIC_SERVICE = "public_service", _l("Public service")
    LIBRARY_ARTS = "library_arts", _l("Library, arts or culture")
    HEALTH = "health", _l("Health service")
    OTHER = "other", _l("Something else")


class SizeBand(Labelled):
    VOLUNTEERS = "volunteers", _l("Run by volunteers only")
    SMALL = "1-9", _l("1 to 9 staff")
    MEDIUM = "10-49", _l("10 to 49 staff")
    LARGE = "50-249", _l("50 to 249 staff")
    VERY_LARGE = "250+", _l("250 staff or more")


# A colleague's invitation: a core.links link about the organisation, held by the email invited;
# it signs them in and adds them to the organisation.
MEMBER_INVITATION = "member_invitation"


class Organisation(BaseModel):
    name = CharField(max_length=200)
    kind = CharField(max_length=32)
    size_band = CharField(max_length=16)
    address = TextField(default="")
    postcode = CharField(max_length=16, default="")
    urn = CharField(max_length=8, default="")  # a school's Unique Reference Number, if it has one
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
        # A school registered while asking for a session was not asked its size.
        return SizeBand(self.size_band).label if self.size_band else _l("Not given")

    def is_member(self, user):
        return (user.is_authenticated and Membership.select().where(
            (Membership.organisation == self) & (Membership.user == user)
            & Membership.removed_at.is_null()).exists())

    def can_view(self, user):
        """Members, and the coordinators who run the award."""
        return user.is_authenticated and (
            user.has_role(*COORDINATORS) or self.is_member(user))

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


# Sent, inside the removing transaction, when someone leaves an organisation or is removed from
# it: (organisation, user=) . A higher feature ends what that person could still reach by other
# ways than membership (school sessions: the manage links of bookings they are the contact of).
member_removed = hooks.signal("awards.member-removed")


class Membership(BaseModel):
    organisation = ForeignKeyField(Organisation, backref="memberships", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    joined_at = UTCDateTimeField(default=utcnow)
    removed_at = UTCDateTimeField(null=True)
    removed_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        indexes = ((("organisation", "user"), True),)

    def can_remove(self, user):
        """Any member may remove a colleague, or leave."""
        return self.organisation.can_edit(user)


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

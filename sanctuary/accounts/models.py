"""People, their roles, the purposes of the links they are sent, and server-side sessions."""
import enum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from peewee import BooleanField, CharField, ForeignKeyField

from ..core.db import BaseModel, UTCDateTimeField, utcnow
from ..core.labels import Labelled


class Role(Labelled):
    APPLICANT = "applicant", _l("Applicant")
    REVIEWER = "reviewer", _l("Reviewer")
    COORDINATOR = "coordinator", _l("Coordinator")
    ADMIN = "admin", _l("Administrator")


# Staff sign in with a password; everyone else with a link sent to their email.
STAFF_ROLES = frozenset({Role.REVIEWER, Role.COORDINATOR, Role.ADMIN})
# Roles that run the award: assign panels, decide, see every application.
COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
# Roles a coordinator may invite people to.
INVITABLE_ROLES = (Role.REVIEWER, Role.COORDINATOR)


def normalise_email(address):
    return address.strip().lower()


class RunByCoordinators:
    """For rows only coordinators change (criteria, streams, rounds) or run (applications): the
    predicate that core.permissions.load_or_404(..., can="manage") asks."""

    def can_manage(self, user):
        return user.is_authenticated and user.has_role(*COORDINATORS)


class User(RunByCoordinators, UserMixin, BaseModel):
    email = CharField(max_length=320, unique=True)
    display_name = CharField(max_length=200, default="")
    language = CharField(max_length=16, default="en")
    password_hash = CharField(max_length=255, null=True)
    is_active = BooleanField(default=True)
    created_at = UTCDateTimeField(default=utcnow)

    # Set on the instance loaded for a request: the session it came in with (see get_id).
    session_key = None

    def get_id(self):
        """Flask-Login keeps this in the cookie: the server-side session's key, not the user id."""
        return self.session_key

    # UserMixin compares people by get_id(), which is the session key here (None for anyone
    # loaded from the database): compare them as rows instead, by primary key.
    __eq__ = BaseModel.__eq__
    __ne__ = BaseModel.__ne__
    __hash__ = BaseModel.__hash__

    @property
    def role_set(self):
        if not hasattr(self, "_role_set"):
            self._role_set = frozenset(Role(r.role) for r in self.roles)
        return self._role_set

    @classmethod
    def with_role(cls, role):
        """Everyone who has `role` (UserRole is defined below; resolved when called)."""
        return cls.select().join(UserRole).where(UserRole.role == role).order_by(cls.id)

    def has_role(self, *roles):
        return bool(self.role_set & set(roles))

    @property
    def is_staff(self):
        return bool(self.role_set & STAFF_ROLES)

    @property
    def name_or_email(self):
        return self.display_name or self.email

    def can_invite(self):
        return self.has_role(*COORDINATORS)


class UserRole(BaseModel):
    user = ForeignKeyField(User, backref="roles", on_delete="CASCADE")
    role = CharField(max_length=32)

    class Meta:
        indexes = ((("user", "role"), True),)


class TokenPurpose(enum.StrEnum):
    """What the links accounts sends (core.links) are for. Invitations carry the role offered
    and the display name in their payload; a sign-in link, where the person was going."""

    SIGN_IN = "sign_in"
    PASSWORD_RESET = "password_reset"
    INVITATION = "invitation"


class UserSession(BaseModel):
    """One sign-in. Revoking it signs that browser out, even if its cookie was copied."""

    key_hash = CharField(max_length=64, unique=True)
    user = ForeignKeyField(User, backref="sessions", on_delete="CASCADE")
    created_at = UTCDateTimeField(default=utcnow)
    last_seen_at = UTCDateTimeField(default=utcnow)
    revoked_at = UTCDateTimeField(null=True, index=True)


class PasswordResetRequest(BaseModel):
    """A reset asked for an address, whoever it belongs to. The request only writes this row, the
    same work for every address, so its time says nothing; the sender decides whether the address
    gets a link, and deletes the row (an unknown address is kept no longer than that)."""

    email = CharField(max_length=320)
    requested_at = UTCDateTimeField(default=utcnow)

"""Awards: what an application wins, for three years."""
from peewee import BooleanField, DateField, ForeignKeyField

from ...core.db import BaseModel, UTCDateTimeField, utcnow
from .applications import Application
from .organisations import Organisation


class Award(BaseModel):
    """A Sanctuary Award: three years from the decision. It stays valid after its expiry date
    while its renewal is being assessed."""

    organisation = ForeignKeyField(Organisation, backref="awards", on_delete="CASCADE")
    application = ForeignKeyField(Application, unique=True, backref="+", on_delete="CASCADE")
    awarded_on = DateField()
    expires_on = DateField()
    listed = BooleanField(default=False)  # in the public directory, with the holder's agreement
    reminded_90_at = UTCDateTimeField(null=True)
    reminded_30_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField(default=utcnow)

    def can_download(self, user):
        """The certificate and logo: the organisation's people and coordinators (not the panel)."""
        return self.organisation.can_view(user)

"""The register of local services that checkers visit or call: GP surgeries first."""
from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, TextField

from ...accounts.models import RunByCoordinators
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled


class ServiceKind(Labelled):
    GP = "gp", _l("GP surgery")
    PHARMACY = "pharmacy", _l("Pharmacy")
    HOSPITAL = "hospital", _l("Hospital")
    COUNCIL = "council", _l("Council office")
    LIBRARY = "library", _l("Library")
    OTHER = "other", _l("Other")


# Lewisham's wards since May 2022: names, not translated.
WARDS = ("Bellingham", "Blackheath", "Brockley", "Catford South", "Crofton Park", "Deptford",
         "Downham", "Evelyn", "Forest Hill", "Grove Park", "Hither Green", "Ladywell",
         "Lee Green", "Lewisham Central", "New Cross Gate", "Perry Vale", "Rushey Green",
         "Sydenham", "Telegraph Hill")


class Service(RunByCoordinators, BaseModel):
    kind = CharField(max_length=16, default=ServiceKind.GP, index=True)
    name = CharField(max_length=200)
    address = CharField(max_length=300, default="")  # the street address, one line
    postcode = CharField(max_length=8, index=True)  # as written: "SE6 4RU"
    ward = CharField(max_length=64, default="")  # one of WARDS, or empty
    ods_code = CharField(max_length=10, null=True, unique=True)  # NHS ODS code, GP practices
    safe_surgery = BooleanField(default=False)  # signed up to Doctors of the World's scheme
    notes = TextField(default="")  # coordinators' own notes
    retired_at = UTCDateTimeField(null=True)  # closed or merged: kept for past campaigns
    created_at = UTCDateTimeField(default=utcnow)
    updated_at = UTCDateTimeField(default=utcnow)

    @property
    def kind_member(self):
        return ServiceKind(self.kind)

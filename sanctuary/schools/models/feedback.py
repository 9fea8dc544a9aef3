"""After a session: the school's feedback; and the school terms the coordinators report by."""
from flask_babel import lazy_gettext as _l
from peewee import CharField, DateField, ForeignKeyField, IntegerField, TextField

from ...accounts.models import RunByCoordinators, User
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled
from .bookings import Booking


class HowItWent(Labelled):
    VERY_WELL = "very_well", _l("Very well")
    WELL = "well", _l("Well")
    MIXED = "mixed", _l("Some parts well, some not")
    NOT_WELL = "not_well", _l("Not well")


class BookAgain(Labelled):
    YES = "yes", _l("Yes")
    NO = "no", _l("No")
    NOT_SURE = "not_sure", _l("Not sure")


class SessionFeedback(BaseModel):
    """One per delivered session, from its school; editable by the school."""

    booking = ForeignKeyField(Booking, unique=True, backref="feedback", on_delete="CASCADE")
    how_it_went = CharField(max_length=16)
    reached = IntegerField()  # pupils or staff who took part
    book_again = CharField(max_length=16)
    for_speaker = TextField(default="")  # passed on only if the speaker wishes
    comments = TextField(default="")  # for the coordinators
    given_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    given_at = UTCDateTimeField(default=utcnow)
    updated_at = UTCDateTimeField(default=utcnow)

    @property
    def how_it_went_label(self):
        return HowItWent(self.how_it_went).label

    @property
    def book_again_label(self):
        return BookAgain(self.book_again).label


class Term(RunByCoordinators, BaseModel):
    """A school term ("Spring term 2027"), kept in the same calendar as the school holidays;
    the coordinators' report counts sessions term by term."""

    name = CharField(max_length=100)
    starts_on = DateField(index=True)
    ends_on = DateField()
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)

"""After a session: the school's feedback; and the school terms the coordinators report by."""
from flask_babel import lazy_gettext as _l
from peewee import CharField, DateField, ForeignKeyField, IntegerField, TextField

from ...accounts.models import RunByCoordinators, User
from ...core.audit import event_kinds
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled
from .bookings import Booking, BookingState


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


def feedback_is_open(booking, today):
    """A school may say how its session went once it is marked delivered, or from the day after
    its date while coordinators have not marked it yet (never for one called off)."""
    return booking.state == BookingState.DELIVERED or (
        booking.state == BookingState.CONFIRMED and booking.session_date is not None
        and booking.session_date < today)


def can_give_feedback(booking, user):
    """The school's own members (for core.permissions.load_or_404, with the time checked by
    the query)."""
    return user.is_authenticated and booking.is_school_member(user)


@event_kinds
class FeedbackEvent(Labelled):
    GIVEN = "booking.feedback_given", _l("The school said how the session went")
    CHANGED = "booking.feedback_changed", _l("The school changed its feedback")


class Term(RunByCoordinators, BaseModel):
    """A school term ("Spring term 2027"), kept in the same calendar as the school holidays;
    the coordinators' report counts sessions term by term."""

    name = CharField(max_length=100)
    starts_on = DateField(index=True)
    ends_on = DateField()
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)

    def includes(self, day):
        return self.starts_on <= day <= self.ends_on

"""School sessions: the slots coordinators publish, the dates nobody can come, and the bookings
schools make, with the moves a booking may make."""
import datetime

from flask_babel import lazy_gettext as _l
from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField, TextField

from ...accounts.models import COORDINATORS, RunByCoordinators, User
from ...awards.models import Organisation
from ...core.audit import Visibility, event_kinds
from ...core.db import BaseModel, UTCDateTimeField, utcnow
from ...core.labels import Labelled
from ...core.states import Transitions
from ...core.translated import JSONTextField


class SessionFormat(Labelled):
    ASSEMBLY = "assembly", _l("Assembly")
    WORKSHOP = "workshop", _l("Classroom workshop")
    TRAINING = "training", _l("Staff or governor training")


# What each format is, for the school choosing one: how long, for how many, what to prepare.
FORMAT_GUIDE = {
    SessionFormat.ASSEMBLY: (
        _l("20 to 30 minutes"),
        _l("A whole school or one key stage"),
        _l("A hall with a screen and a microphone, and a teacher to introduce the speaker."),
    ),
    SessionFormat.WORKSHOP: (
        _l("60 to 90 minutes"),
        _l("One class, about 30 pupils"),
        _l("A classroom with a screen, and the class teacher in the room throughout."),
    ),
    SessionFormat.TRAINING: (
        _l("60 to 120 minutes"),
        _l("Teachers, support staff or governors"),
        _l("A room with a screen; tell us what your staff would most like to learn."),
    ),
}

DURATIONS = (30, 60, 90, 120)  # minutes a school may ask for


class KeyStage(Labelled):
    """Who a session is for, as English schools group pupils (and staff, for training)."""

    EARLY_YEARS = "eyfs", _l("Early years (nursery and reception)")
    KS1 = "ks1", _l("Key stage 1 (years 1 and 2)")
    KS2 = "ks2", _l("Key stage 2 (years 3 to 6)")
    KS3 = "ks3", _l("Key stage 3 (years 7 to 9)")
    KS4 = "ks4", _l("Key stage 4 (years 10 and 11)")
    KS5 = "ks5", _l("Sixth form (years 12 and 13)")
    STAFF = "staff", _l("Staff or governors")


class Delivery(Labelled):
    IN_SCHOOL = "in_school", _l("In school")
    ONLINE = "online", _l("Online")


class Slot(RunByCoordinators, BaseModel):
    """A time the Community Forum can come, on a date in London time, taking up to `capacity`
    confirmed sessions. `confirmed` counts them, moved only inside the confirming or cancelling
    transaction, by a conditional UPDATE (see services.bookings)."""

    date = DateField(index=True)
    starts_at = CharField(max_length=5)  # "09:30", London time
    ends_at = CharField(max_length=5)
    formats = JSONTextField(default=list)  # SessionFormat values offered
    delivery = CharField(max_length=16, default=Delivery.IN_SCHOOL)
    capacity = IntegerField(default=1)
    confirmed = IntegerField(default=0)
    # Places held for a waiting-list offer not yet answered (see services.waiting): an ordinary
    # confirmation needs `confirmed + offered < capacity`.
    offered = IntegerField(default=0)
    withdrawn_at = UTCDateTimeField(null=True)  # no longer offered (its bookings stay)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)

    @property
    def places_left(self):
        return max(self.capacity - self.confirmed - self.offered, 0)

    @property
    def is_full(self):
        return self.confirmed + self.offered >= self.capacity

    @property
    def format_members(self):
        return [SessionFormat(value) for value in self.formats]

    @property
    def delivery_label(self):
        return Delivery(self.delivery).label

    @property
    def start(self):
        return local_datetime(self.date, self.starts_at)

    @property
    def end(self):
        return local_datetime(self.date, self.ends_at)


def local_datetime(date, time_text):
    """A naive datetime in London time from a date and "HH:MM"."""
    hours, minutes = (int(part) for part in time_text.split(":"))
    return datetime.datetime.combine(date, datetime.time(hours, minutes))


class BlockKind(Labelled):
    SCHOOL_HOLIDAY = "school_holiday", _l("School holiday")
    CLOSED = "closed", _l("No sessions")
    BANK_HOLIDAY = "bank_holiday", _l("Bank holiday")  # from the holidays package, never stored


class BlockedPeriod(RunByCoordinators, BaseModel):
    """Days on which no session takes place (from and to, both included)."""

    starts_on = DateField(index=True)
    ends_on = DateField(index=True)
    kind = CharField(max_length=32, default=BlockKind.SCHOOL_HOLIDAY)
    note = CharField(max_length=200, default="")  # "Half term", as coordinators write it
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    created_at = UTCDateTimeField(default=utcnow)

    @property
    def kind_label(self):
        return BlockKind(self.kind).label


class BookingState(Labelled):
    REQUESTED = "requested", _l("Requested"), _l("We have your request and will reply soon.")
    OFFERED = "offered", _l("Alternative offered"), _l(
        "We cannot come at the time you asked, and have offered another. Accept or decline it.")
    CONFIRMED = "confirmed", _l("Confirmed"), _l("The date and time are fixed.")
    DECLINED = "declined", _l("Declined"), _l("We cannot offer this session.")
    CANCELLED = "cancelled", _l("Cancelled"), _l("This session will not take place.")
    DELIVERED = "delivered", _l("Delivered"), _l("The session took place. Thank you.")


# A booking in one of these is still going: it may change, and its manage links work.
OPEN_STATES = (BookingState.REQUESTED, BookingState.OFFERED, BookingState.CONFIRMED)
ENDED_STATES = (BookingState.DECLINED, BookingState.CANCELLED, BookingState.DELIVERED)


class Booking(BaseModel):
    reference = CharField(max_length=16, unique=True)  # SB-2027-0001
    # The request form's own key: a double click or a retry of one form makes one booking.
    request_key = CharField(max_length=64, unique=True)
    uid = CharField(max_length=120, unique=True)  # the calendar event's UID, kept for ever
    organisation = ForeignKeyField(Organisation, backref="bookings", on_delete="CASCADE")
    requested_by = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")
    state = CharField(max_length=16, default=BookingState.REQUESTED, index=True)
    format = CharField(max_length=16)
    delivery = CharField(max_length=16, default=Delivery.IN_SCHOOL)
    # What the school asked for: a published slot, or up to three dates of its own.
    slot = ForeignKeyField(Slot, null=True, on_delete="SET NULL", backref="requests")
    proposed_dates = JSONTextField(default=list)  # ISO dates
    preferred_start = CharField(max_length=5, default="")  # for proposed dates, "HH:MM"
    duration_minutes = IntegerField(default=60)
    year_groups = CharField(max_length=200)
    key_stages = JSONTextField(default=list)  # KeyStage values, for the termly report
    audience_size = IntegerField()
    home_languages = CharField(max_length=300, default="")
    accessibility = TextField(default="")
    contact_name = CharField(max_length=200)
    contact_role = CharField(max_length=200, default="")
    contact_email = CharField(max_length=320)
    contact_phone = CharField(max_length=40)
    supervisor_name = CharField(max_length=200)
    supervisor_phone = CharField(max_length=40, default="")
    language = CharField(max_length=16, default="en")  # the contact's, for every email
    agreed_terms_at = UTCDateTimeField()
    # The time fixed once confirmed (London time), and the slot whose place it holds, if any.
    session_date = DateField(null=True, index=True)
    starts_at = CharField(max_length=5, default="")
    ends_at = CharField(max_length=5, default="")
    held_slot = ForeignKeyField(Slot, null=True, on_delete="SET NULL", backref="sessions")
    # An alternative time offered (state OFFERED): a slot, or a date and times.
    offer_slot = ForeignKeyField(Slot, null=True, on_delete="SET NULL", backref="+")
    offer_date = DateField(null=True)
    offer_starts_at = CharField(max_length=5, default="")
    offer_ends_at = CharField(max_length=5, default="")
    offer_note = TextField(default="")
    decline_reason = TextField(default="")
    cancel_reason = TextField(default="")
    cancelled_by_school = BooleanField(default=False)
    cancelled_late = BooleanField(default=False)
    sequence = IntegerField(default=0)  # the calendar event's SEQUENCE, raised on every change
    reminded_at = UTCDateTimeField(null=True)  # the school was reminded, a few days before
    # Coordinators were told that no speaker had accepted, a set time before the session.
    speaker_alerted_at = UTCDateTimeField(null=True)
    feedback_asked_at = UTCDateTimeField(null=True)  # the day after: how did it go?
    created_at = UTCDateTimeField(default=utcnow)

    @property
    def state_member(self):
        return BookingState(self.state)

    @property
    def state_label(self):
        return self.state_member.label

    @property
    def format_label(self):
        return SessionFormat(self.format).label

    @property
    def delivery_label(self):
        return Delivery(self.delivery).label

    @property
    def key_stage_members(self):
        return [KeyStage(value) for value in self.key_stages]

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def start(self):
        return local_datetime(self.session_date, self.starts_at) if self.session_date else None

    @property
    def end(self):
        return local_datetime(self.session_date, self.ends_at) if self.session_date else None

    @property
    def offer_start(self):
        return local_datetime(self.offer_date, self.offer_starts_at) if self.offer_date else None

    @property
    def offer_end(self):
        return local_datetime(self.offer_date, self.offer_ends_at) if self.offer_date else None

    @property
    def proposed(self):
        return [datetime.date.fromisoformat(value) for value in self.proposed_dates]

    def is_school_member(self, user):
        return self.organisation.is_member(user)

    def can_view(self, user):
        """The school's members, and coordinators."""
        return user.is_authenticated and (user.has_role(*COORDINATORS)
                                          or self.is_school_member(user))

    def can_cancel(self, user):
        return self.is_open and self.can_view(user)

    def can_answer_offer(self, user):
        return self.state == BookingState.OFFERED and self.is_school_member(user)

    def can_manage(self, user):
        """Confirming, offering, declining, marking delivered: coordinators only."""
        return user.is_authenticated and user.has_role(*COORDINATORS)


BOOKING_TRANSITIONS = Transitions(
    Booking.state, BookingState, visibility=Visibility.SUBJECT,
    confirm=(BookingState.REQUESTED, BookingState.CONFIRMED),
    offer=(BookingState.REQUESTED, BookingState.OFFERED),
    accept_offer=(BookingState.OFFERED, BookingState.CONFIRMED),
    # The school turned the alternative down: the request stands, for another offer or a no.
    decline_offer=(BookingState.OFFERED, BookingState.REQUESTED),
    decline=((BookingState.REQUESTED, BookingState.OFFERED), BookingState.DECLINED),
    cancel=(OPEN_STATES, BookingState.CANCELLED),
    deliver=(BookingState.CONFIRMED, BookingState.DELIVERED),
)

@event_kinds
class BookingEvent(Labelled):
    """What happens to a booking besides its moves (each move is the state's own kind)."""

    CHANGE_ASKED = "booking.change_asked", _l("The school asked for a change")


# A capability link about a booking, held by its contact: see the booking, cancel it, ask for
# a change, answer an offer, without signing in. Reusable; revoked when the booking ends.
MANAGE_LINK = "booking_manage"

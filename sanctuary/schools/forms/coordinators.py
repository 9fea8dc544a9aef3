"""Coordinators' forms: the slots they publish, the days with no sessions, and the moves they
make on a booking (the time it is confirmed or offered at, a reason to decline or cancel)."""
import datetime
import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ...core.clock import london_today
from ...core.forms import DateInputField, Form
from ..models import BlockKind, Delivery, SessionFormat

_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
TIME_HINT = _l("In London time, for example 09:30 or 14:15")
MAX_CAPACITY = 20


def _as_clock(value):
    """"9.30" or "9:30" as "09:30"; anything else as it was typed (the validator says why)."""
    value = (value or "").strip()
    match = _CLOCK.match(value)
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else value


def _clock_time(form, field):
    if field.data and not _CLOCK.match(field.data):
        raise ValidationError(_l("Enter the time as hours and minutes, for example 09:30"))


def _time_field(label, required=None):
    validators = [DataRequired(required)] if required else []
    return StringField(label, description=TIME_HINT, filters=[_as_clock],
                       validators=[*validators, _clock_time],
                       render_kw={"inputmode": "numeric", "autocomplete": "off", "size": 5})


def _end_after_start(form):
    """The end time's error, when both times are good and the end is not after the start."""
    if (not form.starts_at.errors and not form.ends_at.errors and form.starts_at.data
            and form.ends_at.data and form.ends_at.data <= form.starts_at.data):
        form.ends_at.errors.append(_l("The end time must be after the start time"))
        return False
    return True


FURTHEST = datetime.timedelta(days=400)  # how far ahead sessions are planned


def _not_in_the_past(form, field):
    if field.data is not None and field.data < london_today():
        raise ValidationError(_l("The date must be today or in the future"))
    if field.data is not None and field.data > london_today() + FURTHEST:
        raise ValidationError(_l("The date must be within the next 13 months"))


class SlotForm(Form):
    """A slot coordinators publish or change (a closed day is refused by the view, which reads
    the calendar)."""

    date = DateInputField(_l("Date"), required_message=_l("Enter the date of the slot"),
                          validators=[_not_in_the_past])
    starts_at = _time_field(_l("Starts at"), _l("Enter the time the slot starts"))
    ends_at = _time_field(_l("Ends at"), _l("Enter the time the slot ends"))
    formats = SelectMultipleField(
        _l("Formats offered"), choices=SessionFormat.choices(),
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[DataRequired(_l("Choose at least one format"))])
    delivery = RadioField(_l("Where"), choices=Delivery.choices(), default=Delivery.IN_SCHOOL,
                          validators=[InputRequired(_l("Choose in school or online"))])
    capacity = IntegerField(
        _l("How many sessions it can take"), default=1,
        description=_l("From 1 to %(most)s: sessions confirmed in it never go beyond this",
                       most=MAX_CAPACITY),
        validators=[InputRequired(_l("Enter how many sessions the slot can take")),
                    NumberRange(1, MAX_CAPACITY, _l("Enter a number from 1 to %(most)s",
                                                    most=MAX_CAPACITY))],
        render_kw={"inputmode": "numeric"})

    def validate(self, extra_validators=None):
        return super().validate(extra_validators) & _end_after_start(self)

    def values(self):
        return {"date": self.date.data, "starts_at": self.starts_at.data,
                "ends_at": self.ends_at.data, "formats": self.formats.data,
                "delivery": self.delivery.data, "capacity": self.capacity.data}


# How a coordinator fixes a session's time: the slot the school asked for, another open slot,
# or a time of the session's own.
ASKED, OTHER_SLOT, OWN_TIME = "asked", "slot", "own"


class TimeChoiceForm(Form):
    """The choice of slot or time, for confirming or offering an alternative. The view sets the
    choices (`choice`, and the open slots in `slot`); only the chosen option's fields are
    checked. A closed day is refused by the view."""

    choice = RadioField(_l("When"), validators=[InputRequired(_l("Choose when the session is"))])
    slot = SelectField(_l("Open slot"), choices=[], validate_choice=False)  # checked below
    date = DateInputField(_l("Date"))
    starts_at = _time_field(_l("Starts at"))
    ends_at = _time_field(_l("Ends at"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        offered = {choice.value for choice in self.slot.choices if choice.value}
        if self.choice.data == OTHER_SLOT and self.slot.data not in offered:
            self.slot.errors.append(_l("Choose a slot"))
            valid = False
        if self.choice.data == OWN_TIME:
            valid &= self._own_time_checked()
        return valid

    def _own_time_checked(self):
        valid = True
        if self.date.data is None and not self.date.errors:
            self.date.errors = [_l("Enter the date of the session")]
            self.date.error_parts = ("day", "month", "year")
            valid = False
        elif self.date.data is not None and self.date.data <= london_today():
            self.date.errors = [_l("The date must be in the future")]
            valid = False
        elif self.date.data is not None and self.date.data > london_today() + FURTHEST:
            self.date.errors = [_l("The date must be within the next 13 months")]
            valid = False
        for field, message in ((self.starts_at, _l("Enter the time the session starts")),
                               (self.ends_at, _l("Enter the time the session ends"))):
            if not field.data and not field.errors:
                field.errors = [message]
                valid = False
        return _end_after_start(self) and valid

    def time(self, slots):
        """What the service takes: {"slot": ...} or {"date", "starts_at", "ends_at"}."""
        if self.choice.data == OWN_TIME:
            return {"date": self.date.data, "starts_at": self.starts_at.data,
                    "ends_at": self.ends_at.data}
        return {"slot": slots[self.choice.data if self.choice.data == ASKED else self.slot.data]}


class OfferForm(TimeChoiceForm):
    note = TextAreaField(_l("A note to the school (optional)"),
                         description=_l("Sent to the school with the time offered"),
                         validators=[Length(max=2000)], render_kw={"rows": 3})


def _reason(label, required, description):
    return TextAreaField(label, description=description,
                         validators=[DataRequired(required), Length(max=2000)],
                         render_kw={"rows": 4})


class DeclineForm(Form):
    reason = _reason(_l("Why we cannot offer this session"),
                     _l("Say why we cannot offer this session"),
                     _l("Sent to the school's contact"))


class CancelSessionForm(Form):
    reason = _reason(_l("Why the session is cancelled"), _l("Say why the session is cancelled"),
                     _l("Sent to the school's contact"))


class BlockForm(Form):
    """Days with no sessions: from and to (the same day when `to` is left empty)."""

    starts_on = DateInputField(_l("From"), required_message=_l("Enter the first day"))
    ends_on = DateInputField(_l("To (optional)"), description=_l(
        "The last day, included. Leave it empty for one day. For example, 27 3 2027"))
    kind = RadioField(_l("What it is"), default=BlockKind.SCHOOL_HOLIDAY,
                      choices=BlockKind.choices([BlockKind.SCHOOL_HOLIDAY, BlockKind.CLOSED]),
                      validators=[InputRequired(_l("Choose what the days are"))])
    note = StringField(_l("Note (optional)"), description=_l("For example “Half term”"),
                       validators=[Length(max=200)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if (self.starts_on.data and self.ends_on.data
                and self.ends_on.data < self.starts_on.data):
            self.ends_on.errors = [_l("The last day must be the same as the first or after it")]
            valid = False
        return valid

    def values(self):
        return {"starts_on": self.starts_on.data,
                "ends_on": self.ends_on.data or self.starts_on.data,
                "kind": self.kind.data, "note": self.note.data or ""}

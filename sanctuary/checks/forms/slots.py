"""Coordinators' forms for check slots: opening them for several services at once, and changing
one's places."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from ...core.forms import DateInputField, Form, WholeNumberField
from ..models.slots import DAY, MAX_CAPACITY, WEEK


def _capacity_field(default=1):
    return WholeNumberField(
        _l("Places"), default=default,
        invalid_message=_l("Enter the number of places as a whole number, like 2"),
        description=_l("How many checkers may take this check, from 1 to %(most)s",
                       most=MAX_CAPACITY),
        validators=[InputRequired(_l("Enter how many checkers may take it")),
                    NumberRange(1, MAX_CAPACITY, _l("Enter a number from 1 to %(most)s",
                                                    most=MAX_CAPACITY))],
        render_kw={"inputmode": "numeric"})


class OpenSlotsForm(Form):
    """The view sets the choices of `services` (the services in use)."""

    services = SelectMultipleField(
        _l("Services to check"), coerce=int, choices=[],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validators=[DataRequired(_l("Choose at least one service"))])
    day = DateInputField(_l("Day"), required_message=_l("Enter the day of the check"))
    span = RadioField(
        _l("When checkers may go"), default=DAY,
        choices=[SelectChoice(DAY, _l("On that day")),
                 SelectChoice(WEEK, _l("Any day that week (Monday to Sunday, within the "
                                       "campaign)"))],
        validators=[InputRequired(_l("Choose on that day or that week"))])
    capacity = _capacity_field()

    def values(self):
        return {"services": self.services.data, "day": self.day.data, "span": self.span.data,
                "capacity": self.capacity.data}


class CapacityForm(Form):
    capacity = _capacity_field()

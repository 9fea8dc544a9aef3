"""The school terms coordinators add to the calendar."""
import datetime

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length

from ...core.forms import DateInputField, Form, NameField

LONGEST_TERM = 200  # days: a school term is some 12 to 16 weeks


class TermForm(Form):
    term_name = NameField(_l("Name of the term"),
                          description=_l("For example “Spring term 2027”"),
                          validators=[DataRequired(_l("Enter the name of the term")),
                                      Length(max=100)])
    first_day = DateInputField(_l("First day"), required_message=_l("Enter the term's first day"))
    last_day = DateInputField(_l("Last day"), required_message=_l("Enter the term's last day"),
                              description=_l("Included. For example, 1 4 2027"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        first, last = self.first_day.data, self.last_day.data
        if first and last and last < first:
            self.last_day.errors = [_l("The last day must be the same as the first or after it")]
            valid = False
        elif first and last and last - first > datetime.timedelta(days=LONGEST_TERM):
            self.last_day.errors = [_l("A term lasts at most %(days)s days: check the dates",
                                       days=LONGEST_TERM)]
            valid = False
        return valid

    def values(self):
        return {"name": self.term_name.data.strip(), "starts_on": self.first_day.data,
                "ends_on": self.last_day.data}

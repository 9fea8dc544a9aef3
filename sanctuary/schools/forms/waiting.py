"""The school's answer about its place on a waiting list."""
from wtforms import StringField
from wtforms.validators import AnyOf

from ...core.forms import Form


class WaitingAnswerForm(Form):
    """Accept place, Decline or Leave the waiting list: the button pressed sends `answer`."""

    answer = StringField(validators=[AnyOf(("accept", "decline", "leave"))])

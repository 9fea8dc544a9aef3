"""The review's forms: a coordinator's question to a checker about their report, and the
checker's answer on their code page."""
from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ...core.forms import Form

LONGEST = 2000
TOO_LONG = _l("Keep it to 2000 characters or fewer")


class QueryForm(Form):
    question = TextAreaField(
        _l("Your question to the checker"),
        description=_l("They read it on their check's page, after typing their reference. If "
                       "they gave an email address, they are told only that a question waits."),
        validators=[DataRequired(_l("Type your question to the checker")),
                    Length(max=LONGEST, message=TOO_LONG)], render_kw={"rows": 4})


class AnswerForm(Form):
    answer = TextAreaField(
        _l("Your answer"),
        description=_l("Only the coordinators read it."),
        validators=[DataRequired(_l("Type your answer")),
                    Length(max=LONGEST, message=TOO_LONG)], render_kw={"rows": 4})

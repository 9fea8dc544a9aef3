"""Forms for recording a decision and for what follows it."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.validators import Length, Optional

from ..core.forms import DateInputField, Form
from .models import Outcome

LIMIT = 10000


def _text(label, description=None, rows=3):
    return TextAreaField(label, description=description, validators=[Length(max=LIMIT)],
                         render_kw={"rows": rows})


class DecisionForm(Form):
    outcome = RadioField(_l("The panel's decision"),
                         choices=Outcome.choices(),
                         validators=[Optional()])
    message = _text(_l("Message to the organisation"),
                    _l("The applicant reads this first. Thank them, and say what the panel "
                       "thought overall."), rows=5)
    evidence_request = _text(_l("What further evidence is needed"),
                             _l("Only if you ask for further evidence: what to send, plainly."))
    evidence_due = DateInputField(_l("Send it by"))
    rationale = _text(_l("Rationale (internal)"),
                      _l("Why the panel decided this. Only coordinators see it: it is never sent "
                         "to the applicant."), rows=4)


class FeedbackForm(Form):
    """One criterion's feedback (prefix f<criterion id>); the decision form carries the token."""

    class Meta:
        csrf = False

    strengths = _text(_l("Strengths"))
    improvements = _text(_l("Areas to improve"))
    questions = _text(_l("Questions"), rows=2)
    needs_evidence = BooleanField(_l("Ask for further evidence on this criterion"))


class SendForm(Form):
    """The Send button; while a review is outstanding, the coordinator confirms sending anyway."""

    before_all_reviews = BooleanField(_l("I want to send the decision now, before every review "
                                         "is in"))


class ExtendForm(Form):
    evidence_due = DateInputField(_l("New date"), required_message=_l("Give the new date"))

"""Residents' forms, for booking and reporting a check with no account: the campaign code, the
booking, their reference, asking for references again, and the report (also used by
coordinators entering a report given by phone)."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ...core.clock import london_today
from ...core.forms import DateInputField, Form, NameField, WholeNumberField
from ..models import Answer, Channel, Outcome


class CampaignCodeForm(Form):
    code = StringField(
        _l("Campaign code"),
        description=_l("You were given it at the checkers' training. For example, KFK-7CM-CH2"),
        validators=[DataRequired(_l("Enter the campaign code"))],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})


class ReferenceForm(Form):
    reference = StringField(
        _l("Your reference"),
        description=_l("The code you were given when you booked. For example, KFK-7CM-CH2"),
        validators=[DataRequired(_l("Enter your reference"))],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})


class LostReferenceForm(Form):
    email = EmailField(
        _l("Email address"),
        description=_l("The one you gave when you booked"),
        validators=[DataRequired(_l("Enter your email address")),
                    Email(_l("Enter an email address in the right format, like "
                             "name@example.org")), Length(max=320)],
        render_kw={"autocomplete": "email", "spellcheck": "false"})


class BookCheckForm(Form):
    """The view sets the choices of `slot` (the open slots with places) and `language`."""

    # A place taken while the page was open is refused by the booking, with its own words.
    slot = RadioField(_l("Which check"), choices=[], coerce=int, validate_choice=False,
                      validators=[InputRequired(_l("Choose a check"))])
    alias = NameField(
        _l("First name or alias"),
        description=_l("Any name you like: it does not have to be your real name. Coordinators "
                       "see it beside your check."),
        validators=[DataRequired(_l("Enter a first name or an alias")), Length(max=100)],
        render_kw={"autocomplete": "off", "spellcheck": "false"})
    email = EmailField(
        _l("Email address (optional)"),
        description=_l("Only if you want your reference by email and to get it back if you lose "
                       "it. We delete it 30 days after the campaign ends."),
        validators=[Optional(), Email(_l("Enter an email address in the right format, like "
                                         "name@example.org")), Length(max=320)],
        render_kw={"autocomplete": "email", "spellcheck": "false"})
    language = SelectField(_l("Your language"))
    briefing_read = BooleanField(
        _l("I have read the briefing"),
        validators=[DataRequired(_l("Read the briefing, then tick the box to say you have"))])
    form_key = HiddenField(validators=[Regexp(r"^[0-9a-f]{32}$")])

    def values(self):
        return {"slot_id": self.slot.data, "alias": " ".join(self.alias.data.split()),
                "email": (self.email.data or "").strip() or None,
                "language": self.language.data, "form_key": self.form_key.data}


def _answers(with_unsure=True):
    choices = [SelectChoice(Answer.YES.value, Answer.YES.label),
               SelectChoice(Answer.NO.value, Answer.NO.label)]
    if with_unsure:
        choices.append(SelectChoice(Answer.NOT_SURE.value, Answer.NOT_SURE.label))
    return choices


class ReportBaseForm(Form):
    # Saved as the checker goes, so it may stay empty until the report is sent.
    visited_on = DateInputField(_l("When did you visit or call?"))
    channel = RadioField(_l("How did you make contact?"),
                         choices=[SelectChoice(c.value, c.label) for c in Channel],
                         validators=[Optional()])
    outcome = RadioField(_l("What happened in the end?"),
                         choices=[SelectChoice(o.value, o.label) for o in Outcome],
                         validators=[Optional()])
    minutes = WholeNumberField(
        _l("How long did it take, in minutes? (optional)"),
        invalid_message=_l("Enter the minutes as a whole number, like 15"),
        validators=[Optional(), NumberRange(0, 600, _l("Enter a number of minutes from 0 to "
                                                       "600"))],
        render_kw={"inputmode": "numeric"})
    changed_answer = RadioField(
        _l("When you mentioned the NHS guidance, did staff change their answer? (optional)"),
        choices=[SelectChoice(Answer.YES.value, Answer.YES.label),
                 SelectChoice(Answer.NO.value, Answer.NO.label),
                 SelectChoice(Answer.NOT_SURE.value, _l("I did not mention it"))],
        validators=[Optional()])
    notes = TextAreaField(
        _l("Anything else (optional)"),
        description=_l("What was said, what you saw. Do not write anyone's name or personal "
                       "details: not yours, not the staff's."),
        validators=[Length(max=4000)], render_kw={"rows": 5})

    question_ids = ()

    def validate_visited_on(self, field):
        if field.data is not None and field.data > london_today():
            raise ValidationError(_l("The day you visited or called must be today or in the "
                                     "past"))

    def question_fields(self):
        return [self[f"q{question_id}"] for question_id in self.question_ids]

    def values(self):
        return {"visited_on": self.visited_on.data, "channel": self.channel.data or None,
                "outcome": self.outcome.data or None, "minutes": self.minutes.data,
                "changed_answer": self.changed_answer.data or None,
                "notes": (self.notes.data or "").strip()}

    def answers(self):
        return {question_id: (self[f"q{question_id}"].data or None)
                for question_id in self.question_ids}


def build_report_form(questions):
    """The report form for `questions` (in order, each with `wording`: the words shown)."""
    fields = {f"q{q.id}": RadioField(q.id, choices=_answers(), validators=[Optional()])
              for q in questions}
    form_class = type("ReportForm", (ReportBaseForm,), fields)
    form_class.question_ids = tuple(q.id for q in questions)
    return form_class

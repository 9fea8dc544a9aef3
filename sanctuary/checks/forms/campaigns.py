"""Coordinators' forms for campaigns and their questions (English required, other languages
optional)."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from ...core.forms import DateInputField, Form, build_translated_form

NO_GOOD_ANSWER = "none"


class CampaignBaseForm(Form):
    starts_on = DateInputField(_l("First day"),
                               required_message=_l("Enter the campaign's first day"))
    ends_on = DateInputField(_l("Last day"), required_message=_l("Enter the campaign's last day"),
                             description=_l("Included. For example, 30 6 2027"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        first, last = self.starts_on.data, self.ends_on.data
        if first and last and last < first:
            self.ends_on.errors = [_l("The last day must be the same as the first or after it")]
            self.ends_on.error_parts = ("day", "month", "year")
            valid = False
        return valid

    def values(self):
        return {"title": self.texts("title"), "starts_on": self.starts_on.data,
                "ends_on": self.ends_on.data, "briefing": self.texts("briefing"),
                "script": self.texts("script")}


def build_campaign_form(languages):
    return build_translated_form(
        CampaignBaseForm,
        {"title": (StringField, _l("Title"), {}),
         "briefing": (TextAreaField, _l("Briefing for checkers"), {"rows": 5}),
         "script": (TextAreaField, _l("Scenario script"), {"rows": 6})},
        languages, required_message=_l("Enter the English text"))


class QuestionBaseForm(Form):
    good = RadioField(_l("Good answer"),
                      choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No")),
                               SelectChoice(NO_GOOD_ANSWER, _l("None: recorded, not scored"))],
                      validators=[InputRequired(_l("Choose the good answer"))])
    scored = BooleanField(_l("Counts towards the score"))

    def validate_scored(self, field):
        if field.data and self.good.data == NO_GOOD_ANSWER:
            raise ValidationError(_l("A question that counts towards the score needs a good "
                                     "answer."))

    @property
    def good_answer(self):
        return None if self.good.data == NO_GOOD_ANSWER else self.good.data


def _wording_fields():
    return {"wording": (StringField, _l("Question"), {})}


def build_question_form(languages):
    return build_translated_form(QuestionBaseForm, _wording_fields(), languages,
                                 required_message=_l("Enter the question in English"))


def build_reword_form(languages):
    return build_translated_form(Form, _wording_fields(), languages,
                                 required_message=_l("Enter the question in English"))

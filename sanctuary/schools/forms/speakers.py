"""Coordinators' forms about speakers: their details, their consent to be contacted, and inviting
one to a session. Nothing here asks for a country of origin, a nationality or an immigration
status, and nothing ever will."""
from babel.dates import get_day_names
from flask_babel import get_locale, lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ...core.forms import Form, NameField
from ...core.i18n import enabled_languages
from ..models import SessionFormat

SCHOOL_DAYS = range(5)  # Monday to Friday, 0 = Monday as the speaker's usual_days keep them
NEED_CONTACT = _l("Enter an email address or a phone number, or both: we need one of them to "
                  "invite them to sessions")


def _checkboxes(label, **kwargs):
    return SelectMultipleField(label, widget=ListWidget(prefix_label=False),
                               option_widget=CheckboxInput(), **kwargs)


class SpeakerForm(Form):
    name = NameField(
        _l("First name or alias"),
        description=_l("The only thing schools will ever see of them. Use the name they chose."),
        validators=[DataRequired(_l("Enter the first name or alias they chose")),
                    Length(max=100)], render_kw={"autocomplete": "off"})
    email = EmailField(
        _l("Email address"),
        description=_l("An email address or a phone number is needed to invite them. Only "
                       "coordinators see them."),
        validators=[
            Optional(), Email(_l("Enter an email address in the right format, like "
                                 "name@example.org")), Length(max=320)],
        render_kw={"autocomplete": "off", "spellcheck": "false"})
    phone = TelField(_l("Phone number"), validators=[Length(max=40)],
                     render_kw={"autocomplete": "off"})
    language = SelectField(_l("Language of their emails"))
    formats = _checkboxes(_l("Sessions they give"), choices=SessionFormat.choices(),
                          validators=[DataRequired(_l("Choose at least one kind of session"))])
    topics = TextAreaField(_l("What they choose to talk about (optional)"),
                           description=_l("In their words."),
                           validators=[Length(max=2000)], render_kw={"rows": 3})
    languages = StringField(_l("Languages they can speak in (optional)"),
                            description=_l("For example, Arabic and English"),
                            validators=[Length(max=300)])
    usual_days = _checkboxes(_l("Days they are usually free (optional)"), coerce=int,
                             validators=[Optional()])
    wants_feedback = BooleanField(_l("Pass schools' comments on their sessions to them"))
    notes = TextAreaField(
        _l("Notes (optional)"),
        description=_l("Only coordinators see these. Do not write down where they come from, "
                       "their nationality or their immigration status: we never ask."),
        validators=[Length(max=4000)], render_kw={"rows": 4})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(language.code, language.name)
                                 for language in enabled_languages()]
        names = get_day_names("wide", locale=get_locale())
        self.usual_days.choices = [SelectChoice(day, names[day]) for day in SCHOOL_DAYS]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not (self.email.data or "").strip() and not (self.phone.data or "").strip():
            if not self.email.errors:
                self.email.errors = [*self.email.errors, NEED_CONTACT]
            valid = False
        return valid

    def values(self):
        return {name: getattr(self, name).data for name in (
            "name", "email", "phone", "language", "formats", "topics", "languages",
            "usual_days", "wants_feedback", "notes")}


class NewSpeakerForm(SpeakerForm):
    # The form's own key: sent twice (a double click, a retry), it adds one speaker.
    form_key = HiddenField(validators=[Regexp(r"^[0-9a-f]{32}$")])

    @property
    def has_form_key(self):
        return not self.form_key.errors and bool(self.form_key.data)


class ConsentForm(Form):
    agreed = BooleanField(
        _l("I have asked them and they agree to be contacted about sessions"),
        validators=[DataRequired(_l("Tick the box once they have told you they agree to be "
                                    "contacted"))])


CHOOSE_SPEAKER = _l("Choose one of the speakers listed: only those who agreed to be contacted "
                    "and give this kind of session can be invited")


class InviteForm(Form):
    """The speaker to invite; the view sets the choices (those who may be invited)."""

    speaker = RadioField(_l("Who to invite"), choices=[],
                         validators=[InputRequired(CHOOSE_SPEAKER)],
                         invalid_choice_message=CHOOSE_SPEAKER)

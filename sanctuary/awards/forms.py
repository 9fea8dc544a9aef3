"""Forms for organisations, their members, the pledge, criteria, answers, evidence and rounds."""
from flask import current_app
from flask_babel import LazyString, gettext as _, lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import (
    DateInputField,
    Form,
    NameField,
    VersionedForm,
    build_translated_form,
)
from ..core.i18n import KNOWN_LANGUAGES
from ..core.templating import file_size
from ..core.translated import localize
from .models import CriterionTag, OrganisationKind, Principle, SizeBand


def _email(label, required_message):
    return EmailField(label, validators=[
        DataRequired(required_message),
        Email(_l("Enter an email address in the right format, like name@example.org")),
        Length(max=320)], render_kw={"autocomplete": "email", "spellcheck": "false"})


def urn_field():
    """A school's Unique Reference Number (six digits, from Get Information about Schools)."""
    return StringField(_l("URN (optional, schools only)"),
                       description=_l("Your school's Unique Reference Number: six digits, "
                                      "for example 100234."),
                       filters=[lambda value: (value or "").strip()],
                       validators=[Optional(), Regexp(r"^\d{6}$", message=_l(
                           "Enter the URN as six digits, like 100234"))],
                       render_kw={"inputmode": "numeric", "spellcheck": "false"})


class OrganisationForm(Form):
    name = NameField(_l("Name of the organisation"), validators=[
        DataRequired(_l("Enter the name of the organisation")), Length(max=200)],
        render_kw={"autocomplete": "organization"})
    kind = RadioField(_l("What kind of organisation is it?"),
                      choices=OrganisationKind.choices(),
                      validators=[InputRequired(_l("Choose what kind of organisation it is"))])
    size_band = RadioField(_l("How many people work there?"),
                           choices=SizeBand.choices(),
                           validators=[InputRequired(_l("Choose how many people work there"))])
    address = TextAreaField(_l("Address"), validators=[Length(max=500)],
                            render_kw={"autocomplete": "street-address", "rows": 3})
    postcode = StringField(_l("Postcode"), validators=[Length(max=16)],
                           render_kw={"autocomplete": "postal-code"})
    urn = urn_field()
    website = StringField(_l("Website (optional)"), validators=[
        Optional(), URL(message=_l("Enter a web address like https://www.example.org")),
        Length(max=300)], render_kw={"autocomplete": "url", "spellcheck": "false"})
    contact_name = NameField(
        _l("Name of your sanctuary contact"),
        description=_l("The person others can ask about your sanctuary work. "
                       "They should have had some training on it, or plan to."),
        validators=[DataRequired(_l("Enter the name of your sanctuary contact")), Length(max=200)])
    contact_role = StringField(_l("Their role (optional)"), validators=[Length(max=200)])
    contact_email = _email(_l("Their email address"),
                           _l("Enter the email address of your sanctuary contact"))
    language = SelectField(_l("The language your organisation writes in"),
                           description=_l("Your answers are kept in the language "
                                          "you write them in."),
                           choices=[SelectChoice(code, language.name)
                                    for code, language in KNOWN_LANGUAGES.items()],
                           default="en")


class MemberInvitationForm(Form):
    email = _email(_l("Your colleague's email address"), _l("Enter your colleague's email address"))


class PledgeForm(Form):
    agree = BooleanField(_l("We sign the pledge"),
                         validators=[DataRequired(_l("Tick the box to sign the pledge"))])
    public = RadioField(_l("May we show your organisation's name on our list of supporters?"),
                        choices=[SelectChoice("yes", _l("Yes, show our name")),
                                 SelectChoice("no", _l("No, keep it private"))],
                        validators=[InputRequired(_l("Choose whether we may show your name"))])


class CriterionBaseForm(Form):
    principle = RadioField(_l("Principle"),
                           choices=Principle.choices(),
                           validators=[InputRequired(_l("Choose Learn, Embed or Share"))])
    evidence_required = BooleanField(_l("Applicants must attach evidence for this criterion"))
    tags = SelectMultipleField(
        _l("What else counts as evidence for it"), choices=CriterionTag.choices(),
        description=_l("Optional: evidence the app can add for applicants, beside their files."),
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


def build_criterion_form(languages):
    return build_translated_form(
        CriterionBaseForm,
        {"title": (StringField, _l("Title"), {}),
         "guidance": (TextAreaField, _l("Guidance for applicants"), {"rows": 4}),
         "evidence_hint": (StringField, _l("Kind of evidence (optional)"), {})},
        languages, required_message=_l("Enter the English text"), optional={"evidence_hint"})


def build_pledge_text_form(languages):
    return build_translated_form(
        Form, {"text": (TextAreaField, _l("The pledge"), {"rows": 6})},
        languages, required_message=_l("Enter the English text"))


def build_stream_assignment_form(streams, locale):
    """One choice of stream for each kind of organisation."""
    class StreamAssignmentForm(Form):
        pass

    choices = [SelectChoice(str(stream.id), localize(stream.name, locale).text)
               for stream in streams]
    for kind in OrganisationKind:
        setattr(StreamAssignmentForm, f"kind_{kind.value}",
                SelectField(kind.label, choices=choices))
    return StreamAssignmentForm


class AnswerForm(VersionedForm):
    """One criterion's answer. Built with prefix a<criterion id>, so a section's answers share
    one form element (for the Save button without JavaScript) and each can be saved alone."""

    class Meta:
        csrf = False  # the section form (or htmx's header) carries the token

    doing_now = TextAreaField(_l("What we are doing already"), validators=[Length(max=10000)],
                              render_kw={"rows": 5})
    next_steps = TextAreaField(_l("What we will do next"), validators=[Length(max=10000)],
                               render_kw={"rows": 4})
    target_date = DateInputField(_l("Target date for the next steps"))


def _evidence_hint():
    return _("PDF, JPEG, PNG, Word (DOCX), Excel (XLSX) or LibreOffice (ODT, ODS), up to "
             "%(size)s.", size=file_size(current_app.config["MAX_FILE_BYTES"]))


class EvidenceForm(Form):
    file = FileField(_l("Choose a file"), description=LazyString(_evidence_hint),
                     validators=[FileRequired(_l("Choose a file to upload"))])


class RoundForm(Form):
    name = StringField(_l("Name of the round"), description=_l("For example “Spring 2027”"),
                       validators=[DataRequired(_l("Enter a name for the round")), Length(max=200)])
    open_now = BooleanField(_l("Open it now"))
    opens_on = DateInputField(_l("Planned opening date (if not opening now)"))
    closes_on = DateInputField(_l("Closing date (optional)"),
                               description=_l("The last day applications can be submitted. "
                                              "For example, 27 3 2027"))

    def validate(self, extra_validators=None):
        # Checked here, not per field: an empty optional date stops its field's own validators.
        valid = super().validate(extra_validators)
        if not self.open_now.data and self.opens_on.data is None and not self.opens_on.errors:
            self.opens_on.errors.append(_l("Give the planned opening date, or tick “Open it now”"))
            valid = False
        if (self.closes_on.data and self.opens_on.data
                and self.closes_on.data < self.opens_on.data):
            self.closes_on.errors.append(_l("The closing date must be after the opening date"))
            valid = False
        return valid

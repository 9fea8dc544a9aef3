"""School sessions' forms: the request, and what coordinators publish and decide."""
import datetime
import re

from flask_babel import lazy_gettext as _l, ngettext
from markupsafe import Markup
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
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...awards.forms import urn_field
from ...awards.models import OrganisationKind
from ...core.forms import DateInputField, Form, NameField
from ...core.templating import isolated
from ..models import DURATIONS, Delivery, KeyStage, SessionFormat

# ---------------------------------------------------------------------------- Schools' forms

ANOTHER_SCHOOL = "new"
MOST_PEOPLE = 2000
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_KEY = re.compile(r"^[0-9a-f]{32}$")
FURTHEST = datetime.timedelta(days=400)  # how far ahead sessions are planned
CHOOSE_SCHOOL = _l("Choose your school, or Another school")
CHOOSE_FORMAT = _l("Choose the kind of session")
ONLY_TRAINING = _l("For an organisation that is not a school, choose staff training: assemblies "
                   "and workshops are for pupils")


class SchoolRequestForm(Form):
    """A school asks for a session: in a published `slot` (its delivery fixed, its formats the
    only ones offered) or on up to three dates of its own. `schools` are the person's schools to
    choose from; "Another school" (or having none) registers one with the request. `dates` are
    checked by the view against the calendar (`closed`: {day: reason}) and `today`."""

    school = RadioField(_l("Which school is this for?"), choices=[],
                        validators=[InputRequired(CHOOSE_SCHOOL)],
                        invalid_choice_message=CHOOSE_SCHOOL)
    name = NameField(_l("Name of the school"), validators=[Length(max=200)],
                     render_kw={"autocomplete": "organization"})
    urn = urn_field()
    address = TextAreaField(_l("Address of the school"), validators=[Length(max=500)],
                            render_kw={"autocomplete": "street-address", "rows": 3})
    postcode = StringField(_l("Postcode"), validators=[Length(max=16)],
                           render_kw={"autocomplete": "postal-code"})

    contact_name = NameField(_l("Your name"), validators=[
        DataRequired(_l("Enter your name")), Length(max=200)], render_kw={"autocomplete": "name"})
    contact_role = StringField(_l("Your role (optional)"),
                               description=_l("For example, class teacher or head of PSHE"),
                               validators=[Length(max=200)])
    contact_email = EmailField(_l("Your email address"), validators=[
        DataRequired(_l("Enter your email address")),
        Email(_l("Enter an email address in the right format, like name@example.org")),
        Length(max=320)], render_kw={"autocomplete": "email", "spellcheck": "false",
                                     "readonly": True},
        description=_l("The address you signed in with: we email you about this booking there."))
    contact_phone = TelField(_l("Your phone number"), validators=[
        DataRequired(_l("Enter a phone number we can reach you on")), Length(max=40)],
        render_kw={"autocomplete": "tel"})

    format = RadioField(_l("What kind of session would you like?"), choices=[],
                        validators=[InputRequired(CHOOSE_FORMAT)],
                        invalid_choice_message=CHOOSE_FORMAT)
    delivery = RadioField(_l("In school or online?"), choices=Delivery.choices(),
                          validate_choice=False)
    key_stages = SelectMultipleField(
        _l("Who is it for?"), choices=KeyStage.choices(),
        description=_l("Choose every group that will take part."),
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    year_groups = StringField(_l("Year groups or key stage"),
                              description=_l("For example, Year 6, or Key Stage 3"),
                              validators=[DataRequired(_l("Enter the year groups or key stage")),
                                          Length(max=200)])
    audience_size = StringField(_l("Number of pupils or staff"),
                                render_kw={"inputmode": "numeric", "spellcheck": "false"})

    slot = HiddenField()
    date_1 = DateInputField(_l("First date"))
    date_2 = DateInputField(_l("Second date"))
    date_3 = DateInputField(_l("Third date"))
    preferred_start = StringField(_l("Preferred start time"),
                                  description=_l("On a 24-hour clock, for example 09:30"),
                                  render_kw={"inputmode": "numeric", "spellcheck": "false"})
    duration = SelectField(_l("How long"), coerce=int, default=60,
                           choices=[])

    home_languages = StringField(
        _l("Languages your pupils speak at home (optional)"),
        description=_l("This helps us find a speaker who shares a language with some of them."),
        validators=[Length(max=300)])
    accessibility = TextAreaField(
        _l("Accessibility needs (optional)"),
        description=_l("Anything that would help everyone take part: step-free access, a "
                       "hearing loop, pupils who need the session in another way."),
        validators=[Length(max=2000)], render_kw={"rows": 4})

    supervisor_name = NameField(_l("Name of the supervising teacher"), description=_l(
        "The school's safeguarding contact for the visit, who stays with the speaker "
        "throughout."), validators=[
        DataRequired(_l("Enter the name of the teacher who will supervise on the day")),
        Length(max=200)])
    supervisor_phone = TelField(_l("Their phone number on the day"), validators=[
        DataRequired(_l("Enter a phone number for the supervising teacher on the day")),
        Length(max=40)])
    agree = BooleanField(_l("We agree to the visit terms"), validators=[
        DataRequired(_l("Agree to the visit terms to send your request"))])
    request_key = HiddenField()
    another_school = ANOTHER_SCHOOL  # the value of "Another school" (a hidden input with none)

    def __init__(self, *args, schools=(), slot=None, today=None, closed=None,
                 slot_problem=None, urn_taken=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.urn_taken = urn_taken or (lambda urn: None)
        self.schools, self.slot_row, self.today = list(schools), slot, today
        self.closed, self.slot_problem = closed or (lambda day: None), slot_problem
        self.school.choices = [
            SelectChoice(str(school.id), isolated(_school_label(school), name=school.name,
                                                  urn=school.urn))
            for school in self.schools] + [SelectChoice(ANOTHER_SCHOOL, _l("Another school"))]
        self.format.choices = SessionFormat.choices(slot.format_members if slot else None)
        self.duration.choices = [SelectChoice(minutes, _minutes(minutes)) for minutes in DURATIONS]
        if slot is not None:
            self.delivery.data = slot.delivery

    @property
    def has_other_organisations(self):
        """Whether any of the person's organisations is not a school (it asks for training)."""
        return any(not _is_school(organisation) for organisation in self.schools)

    @property
    def registers_school(self):
        return self.school.data == ANOTHER_SCHOOL

    @property
    def chosen_school(self):
        return next((school for school in self.schools if str(school.id) == self.school.data),
                    None)

    @property
    def proposed(self):
        return [field.data for field in self.date_fields if field.data]

    @property
    def date_fields(self):
        return (self.date_1, self.date_2, self.date_3)

    def validate_name(self, field):
        if self.registers_school and not (field.data or "").strip():
            raise ValidationError(_l("Enter the name of the school"))

    def validate_urn(self, field):
        if self.registers_school and field.data and self.urn_taken(field.data) is not None:
            raise ValidationError(_l(
                "A school with this URN is already registered here. Ask someone at your school "
                "who uses this site to invite you, then choose the school from your list."))

    def validate_format(self, field):
        chosen = self.chosen_school
        if (chosen is not None and not _is_school(chosen)
                and field.data != SessionFormat.TRAINING):
            raise ValidationError(ONLY_TRAINING)

    def validate_delivery(self, field):
        if self.slot_row is None and field.data not in {member.value for member in Delivery}:
            raise ValidationError(_l("Choose in school or online"))

    def validate_key_stages(self, field):
        # Here, not DataRequired: that would mark every box `required`, as if all were needed.
        if not field.data:
            raise ValidationError(_l("Choose who the session is for"))

    def validate_audience_size(self, field):
        text = (field.data or "").strip()
        if not (text.isdecimal() and 1 <= int(text) <= MOST_PEOPLE):
            raise ValidationError(_l("Enter how many pupils or staff will come, as a number from 1 "
                                "to %(most)s", most=MOST_PEOPLE))

    def validate_preferred_start(self, field):
        if self.slot_row is not None:
            return
        match = _TIME.match((field.data or "").strip())
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValidationError(_l("Enter the start time as hours and minutes, like 09:30"))
        field.data = f"{int(match[1]):02d}:{match[2]}"

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.slot_row is None:
            valid = self._check_dates() and valid
        return valid and self.has_request_key

    @property
    def has_request_key(self):
        """The key is one our page made (anything else: the view makes a new one)."""
        return bool(_KEY.match(self.request_key.data or ""))

    def _check_dates(self):
        """At least one date, each in the future and on a day with sessions."""
        valid = True
        for field in self.date_fields:
            if field.errors or not field.data:
                valid = valid and not field.errors
                continue
            reason = self.closed(field.data)
            if field.data <= self.today:
                field.errors.append(_l("%(field)s must be in the future", field=field.label.text))
            elif field.data > self.today + FURTHEST:
                field.errors.append(_l("%(field)s must be within the next 13 months",
                                       field=field.label.text))
            elif reason is not None:
                field.errors.append(_l("No sessions on that day: %(why)s", why=reason))
            else:
                continue
            field.error_parts = ("day", "month", "year")
            valid = False
        if valid and not self.proposed:
            self.date_1.errors.append(self.slot_problem or _l(
                "Enter a date you would like, or choose a session on the list of open dates"))
            valid = False
        return valid

    def booking_fields(self):
        """What the service takes, from what was typed."""
        fields = {name: (getattr(self, name).data or "").strip() for name in (
            "contact_name", "contact_role", "contact_email", "contact_phone", "year_groups",
            "home_languages", "accessibility", "supervisor_name", "supervisor_phone")}
        fields.update(format=self.format.data, delivery=self.delivery.data,
                      key_stages=list(self.key_stages.data),
                      audience_size=int(self.audience_size.data.strip()))
        if self.slot_row is not None:
            start, end = self.slot_row.start, self.slot_row.end
            fields["duration_minutes"] = int((end - start).total_seconds() // 60)
        else:
            fields.update(proposed_dates=[day.isoformat() for day in self.proposed],
                          preferred_start=self.preferred_start.data,
                          duration_minutes=self.duration.data)
        return fields

    def new_school(self):
        return {name: (getattr(self, name).data or "").strip()
                for name in ("name", "urn", "address", "postcode")}


class CancelForm(Form):
    reason = TextAreaField(_l("Why are you cancelling?"),
                           description=_l("We read every reason: it helps us plan."),
                           validators=[DataRequired(_l("Say why you are cancelling")),
                                       Length(max=2000)], render_kw={"rows": 4})


class ChangeForm(Form):
    message = TextAreaField(_l("What would you like to change?"),
                            description=_l("For example, another time, or more pupils. Nothing "
                                           "changes until we reply."),
                            validators=[DataRequired(_l("Say what you would like to change")),
                                        Length(max=2000)], render_kw={"rows": 4})


class OfferAnswerForm(Form):
    """Accept or Decline: the button pressed sends `answer`."""

    answer = StringField(validators=[AnyOf(("accept", "decline"))])


def _is_school(organisation):
    return organisation.kind == OrganisationKind.SCHOOL


def _school_label(organisation):
    if not _is_school(organisation):
        # i18n: a workplace, charity or other organisation that is not a school
        return _l("%(name)s (staff training)")
    return _l("%(name)s, URN %(urn)s") if organisation.urn else Markup("%(name)s")


def _minutes(minutes):
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)

"""Forms shared by every feature, and the rules every form applies to people's text."""
import calendar
import datetime
import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError
from wtforms.widgets import HiddenInput

from .csrf import MaskedFormCSRF
from .text import (
    PARAGRAPH_KEEPS,
    control_characters,
    invisible_in_name,
    normalise_newlines,
)


class NameField(StringField):
    """A person's or an organisation's name: one line, and no direction controls or invisible
    characters (so it shows, on a page or a certificate, exactly as it reads)."""


def _one_line(form, field):
    if isinstance(field.data, str) and control_characters(field.data):
        raise ValidationError(_l("%(field)s must be on one line, with no hidden characters",
                                 field=field.label.text))


def _paragraphs(form, field):
    if isinstance(field.data, str) and control_characters(field.data, allowed=PARAGRAPH_KEEPS):
        raise ValidationError(_l("%(field)s contains hidden characters that cannot be saved. "
                                 "Type it again, or paste it as plain text",
                                 field=field.label.text))


def _name(form, field):
    if isinstance(field.data, str) and invisible_in_name(field.data):
        raise ValidationError(_l("%(field)s contains hidden characters or marks that change the "
                                 "direction of the text. Type the name again",
                                 field=field.label.text))


class Form(FlaskForm):
    """The base of every form in the app: FlaskForm's CSRF (its token masked for each response),
    and the rules for people's text."""

    class Meta:  # WTForms combines it with FlaskForm's Meta (CSRF)
        csrf_class = MaskedFormCSRF

        def bind_field(self, form, unbound_field, options):
            """Each text field is bound with its rules, so no form can forget them and no control
            character reaches a mail header or the database."""
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, TextAreaField):
                field.filters = (*field.filters, normalise_newlines)
                field.validators = [*field.validators, _paragraphs]
            elif isinstance(field, StringField) and not isinstance(field,
                                                                   HiddenField | PasswordField):
                # Passwords are only ever hashed; hidden fields carry our own values back to us.
                field.validators = [*field.validators, _one_line]
                if isinstance(field, NameField):
                    field.validators.append(_name)
            return field


class ActionForm(Form):
    """No fields: carries the CSRF token for a button that changes something."""


# ---------------------------------------------------------------------------- edits

def new_edit_id():
    """An id for one page load: saves from the same page (an autosave still on its way when a
    button is pressed) never conflict with each other; saves from another tab or device do."""
    return secrets.token_urlsafe(12)


def _edit_id(form, field):
    if field.data and not (len(field.data) <= EDIT_ID_LENGTH
                           and all(char.isalnum() or char in "-_" for char in field.data)):
        raise ValidationError(_l("The page is out of date. Reload it and try again"))


EDIT_ID_LENGTH = 32


class EditIdField(HiddenField):
    """The page load a save comes from (see `new_edit_id`), sent back with every save."""

    def __init__(self, label="", validators=(), **kwargs):
        super().__init__(label, validators=[*validators, _edit_id], **kwargs)


class WholeNumberField(IntegerField):
    """A whole number typed in a box, whose error for text that is not one (`two`, `1.5`) is
    `invalid_message`, in the page's words, instead of WTForms' "Not a valid integer value"."""

    def __init__(self, label=None, validators=None, *, invalid_message, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(self.invalid_message)) from error


class VersionedForm(Form):
    """A form for a row that several pages may save (see `core.db.unchanged_since`): the
    version the page was loaded with, the page load's edit id, and, once a conflict was shown,
    the newer version the person chose to replace with theirs ("Keep my version")."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()], default=0)
    edit_id = EditIdField()
    overwrite = IntegerField(widget=HiddenInput(), validators=[Optional()])

    @property
    def base_version(self):
        """The version the person means to replace: the newer one if they chose to keep theirs."""
        return self.overwrite.data if self.overwrite.data is not None else (self.version.data or 0)


# ---------------------------------------------------------------------------- dates

DATE_PARTS = ("day", "month", "year")
DATE_HINT = _l("For example, 27 3 2027")
DATE_PART_LABELS = {"day": _l("Day"), "month": _l("Month"), "year": _l("Year")}
# GOV.UK's messages for a date with parts missing, by the parts that are missing.
MISSING_PARTS = {
    ("day",): _l("%(field)s must include a day"),
    ("month",): _l("%(field)s must include a month"),
    ("year",): _l("%(field)s must include a year"),
    ("day", "month"): _l("%(field)s must include a day and month"),
    ("day", "year"): _l("%(field)s must include a day and year"),
    ("month", "year"): _l("%(field)s must include a month and year"),
}


class DateInputField(Field):
    """A date typed as day, month and year in three boxes (GOV.UK's date input), which works the
    same in every browser and language, where a browser's date picker shows its own format.

    `data` is a date, or None when nothing (or not yet a whole date) was typed; `parts` keeps
    what was typed in each box, to show it again; `error_parts` names the boxes to mark. Set
    `waiting` before validating to take a date typed halfway (an autosave while the person is
    still typing it) as not there yet, without an error: `incomplete` then says so.
    Rendered by the `date_input` macro (templates/macros/forms.html)."""

    def __init__(self, label=None, validators=None, *, required_message=None,
                 description=DATE_HINT, **kwargs):
        super().__init__(label, validators, description=description, **kwargs)
        self.required_message = required_message  # None: the date may be left empty
        self.parts = dict.fromkeys(DATE_PARTS, "")
        self.error_parts = ()
        self.problem = None  # why what was typed is not a date (a message), if it is not
        self.waiting = False

    @property
    def inputs(self):
        """(part, label, input id, input name) for each box, in GOV.UK's order."""
        return [(part, DATE_PART_LABELS[part], f"{self.id}-{part}", f"{self.name}-{part}")
                for part in DATE_PARTS]

    @property
    def error_anchor(self):
        """The id the error summary links to: the first box with the problem."""
        return f"{self.id}-{(self.error_parts or DATE_PARTS)[0]}"

    @property
    def incomplete(self):
        return self.problem is not None

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = self.data = data
        self.raw_data = None
        if isinstance(data, datetime.date):
            self.parts = {"day": str(data.day), "month": str(data.month), "year": str(data.year)}
        names = {part: f"{self.name}-{part}" for part in DATE_PARTS}
        if formdata is not None and any(name in formdata for name in names.values()):
            self.parts = {part: (formdata.get(name) or "").strip() for part, name in names.items()}
            self.raw_data = [self.parts[part] for part in DATE_PARTS]
            self.data, self.problem, self.error_parts = self._read()

    def _read(self):
        """(date or None, problem or None, the boxes with the problem), as GOV.UK words it."""
        label = self.label.text
        missing = tuple(part for part in DATE_PARTS if not self.parts[part])
        if len(missing) == len(DATE_PARTS):
            return None, None, ()
        if missing:
            return None, MISSING_PARTS[missing] % {"field": label}, missing
        # isdecimal, not isdigit: Arabic-Indic digits (from an Arabic keyboard) are numbers too.
        not_numbers = tuple(part for part in DATE_PARTS if not self.parts[part].isdecimal())
        if not_numbers:
            return None, _l("%(field)s must be a real date", field=label), not_numbers
        day, month, year = (int(self.parts[part]) for part in DATE_PARTS)
        if len(self.parts["year"]) != 4:
            return None, _l("%(field)s must include a year with 4 numbers, for example 2027",
                            field=label), ("year",)
        if year < datetime.MINYEAR:  # "0000": four numbers, but no year a date can have
            return None, _l("%(field)s must be a real date", field=label), ("year",)
        if not 1 <= month <= 12:
            return None, _l("%(field)s must be a real date", field=label), ("month",)
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None, _l("%(field)s must be a real date", field=label), ("day",)
        return datetime.date(year, month, day), None, ()

    def pre_validate(self, form):
        if self.problem is not None:
            if self.waiting:
                self.error_parts = ()
                raise StopValidation()
            raise StopValidation(str(self.problem))
        if self.data is None:
            if self.required_message is not None:
                self.error_parts = DATE_PARTS
                raise StopValidation(str(self.required_message))
            raise StopValidation()  # empty and optional: nothing more to check


@dataclass(frozen=True)
class Missing:
    """Something still to do before a step can be taken (submitting, sending), for the error
    summary: what to do, and where it is done: an `anchor` on this page, or (on another page) the
    `section`, `criterion_id` and `field` the link is built from."""

    message: str
    anchor: str = ""
    section: str | None = None
    criterion_id: int | None = None
    field: str | None = None


def build_translated_form(base, fields, languages, *, required_message, optional=()):
    """A form with one field per (name, language): English required, the others optional.

    `fields` maps a field name to (field class, label, render_kw); the form gets
    `<name>_<code>` for each language, and `texts(name)` returns {code: text}. The names in
    `optional` may be left empty in English too.
    """

    class TranslatedForm(base):
        def texts(self, name):
            return {code: self[f"{name}_{code}"].data or "" for code in codes}

    codes = [language.code for language in languages]
    for name, (field_class, label, render_kw) in fields.items():
        for language in languages:
            validators = ([DataRequired(required_message), Length(max=5000)]
                          if language.code == "en" and name not in optional
                          else [Optional(), Length(max=5000)])
            setattr(TranslatedForm, f"{name}_{language.code}", field_class(
                label, description=language.name, validators=validators,
                render_kw={**render_kw, "lang": language.code, "dir": language.direction}))
    return TranslatedForm

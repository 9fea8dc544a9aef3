"""Forms shared by every feature, and the rules every form applies to people's text."""
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError
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

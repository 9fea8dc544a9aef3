"""Forms for the reviewer pool."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.i18n import KNOWN_LANGUAGES
from .models import ConflictReason


class ReviewerForm(FlaskForm):
    languages = SelectMultipleField(
        _l("Languages they read"),
        choices=[SelectChoice(code, language.name) for code, language in KNOWN_LANGUAGES.items()],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    consent = BooleanField(_l("They have agreed that we record whether they have lived "
                              "experience of seeking sanctuary"))
    lived_experience = BooleanField(_l("They have lived experience of seeking sanctuary"))

    def validate_lived_experience(self, field):
        if field.data and not self.consent.data:
            raise ValidationError(_l("Record lived experience only if they have agreed to it"))


class PauseForm(FlaskForm):
    paused_until = DateField(_l("Not available until"),
                             description=_l("Leave empty if you are available."),
                             validators=[Optional()], format="%Y-%m-%d")


class DeclarationForm(FlaskForm):
    conflict = RadioField(
        _l("Do you have a conflict of interest with this organisation?"),
        choices=[SelectChoice("no", _l("No, I have no conflict")),
                 SelectChoice(ConflictReason.WORK.value, ConflictReason.WORK.label),
                 SelectChoice(ConflictReason.KNOW.value, ConflictReason.KNOW.label),
                 SelectChoice(ConflictReason.OTHER.value, ConflictReason.OTHER.label)],
        validators=[InputRequired(_l("Choose an answer"))])
    note = TextAreaField(_l("Anything the coordinators should know (optional)"),
                         validators=[Length(max=2000)], render_kw={"rows": 3})

    def validate_note(self, field):
        if self.conflict.data == ConflictReason.OTHER.value and not (field.data or "").strip():
            raise ValidationError(_l("Say briefly what the conflict is"))


class AssignForm(FlaskForm):
    reviewers = SelectMultipleField(_l("Reviewers to add to the panel"),
                                    widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput())

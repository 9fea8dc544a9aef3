"""Forms for the reviewer pool, declarations, reviews and the agreed verdicts."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import DateInputField, EditIdField, Form, VersionedForm
from ..core.i18n import KNOWN_LANGUAGES
from .models import COUNTED_VERDICTS, ConflictReason, Recommendation, Verdict


class ReviewerForm(Form):
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


class PauseForm(Form):
    paused_until = DateInputField(_l("Not available until"),
                                  description=_l("Leave empty if you are available. "
                                                 "For example, 27 3 2027"))


class DeclarationForm(Form):
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


class AssignForm(Form):
    reviewers = SelectMultipleField(_l("Reviewers to add to the panel"),
                                    widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput())


TEXT_LIMIT = 5000


def _text(label, description=None, rows=3):
    return TextAreaField(label, description=description, validators=[Length(max=TEXT_LIMIT)],
                         render_kw={"rows": rows})


class ReviewPageForm(Form):
    """The review page's own form: the CSRF token, and the page load's edit id, which every row
    sends with its save (the rows share the form element, htmx's saves included)."""

    edit_id = EditIdField()


class VerdictForm(VersionedForm):
    """One criterion's row of a review. Built with prefix c<criterion id>: a review's rows share
    one form element (for the Save button without JavaScript) and each can be saved alone."""

    class Meta:
        csrf = False  # the review form (or htmx's header) carries the token

    edit_id = None  # one for the whole page: ReviewPageForm

    verdict = RadioField(_l("Your verdict"),
                         choices=Verdict.choices(),
                         validators=[Optional()])
    note = _text(_l("Note for the panel"),
                 _l("Private: only the panel and the coordinators read it."))
    strengths = _text(_l("Suggested strengths for the organisation"),
                      _l("What they do well. The coordinators may use it, in their own words."))
    feedback = _text(_l("Suggested areas to improve for the organisation"),
                     _l("What would make it better. The coordinators may use it, in their own "
                        "words."))
    question = _text(_l("Question for the organisation"),
                     _l("Optional: something you would like them to explain."), rows=2)


class OverallForm(Form):
    class Meta:
        csrf = False

    recommendation = RadioField(
        _l("Your recommendation"),
        choices=Recommendation.choices(),
        validators=[Optional()])
    summary = _text(_l("Summary"), _l("In a few sentences: why you recommend this."), rows=4)


class AgreedForm(Form):
    """One criterion's agreed verdict (prefix g<criterion id>); the page form carries the token."""

    class Meta:
        csrf = False

    verdict = RadioField(_l("Agreed verdict"),
                         choices=Verdict.choices(COUNTED_VERDICTS),
                         validators=[Optional()])
    note = _text(_l("Why (for the record)"), rows=2)

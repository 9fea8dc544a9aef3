"""The choice of criteria a delivered training session is evidence for."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from ...core.forms import Form
from ...core.translated import localize

CHOOSE_CRITERIA = _l("Choose at least one criterion this session is evidence for")
NOT_OFFERED = _l("Choose criteria from the list")


class UseAsEvidenceForm(Form):
    """`criteria` are the tagged criteria that can take the session now (awards'
    tagged_criteria); one chosen twice is no harm."""

    criteria = SelectMultipleField(
        _l("Which criteria of your application is this session evidence for?"), coerce=int,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        invalid_choice_message=NOT_OFFERED, invalid_value_message=NOT_OFFERED)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria.choices = [SelectChoice(criterion.id, localize(criterion.title).text)
                                 for criterion in criteria]

    def validate_criteria(self, field):
        # Not DataRequired: its `required` would mark every checkbox as one that must be ticked.
        if not field.data:
            raise StopValidation(CHOOSE_CRITERIA)

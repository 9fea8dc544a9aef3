"""Coordinators' form for the follow-up done with a service after its results: what was done,
on which day, about which campaign, and a note."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Regexp

from ...core.forms import DateInputField, Form
from ...core.translated import localize
from ..models import FollowUpKind

NO_CAMPAIGN = ""


class FollowUpForm(Form):
    """Built with `campaigns`, the campaigns the service was checked in (for the select)."""

    kind = RadioField(_l("What was done"), choices=FollowUpKind.choices(),
                      validators=[InputRequired(_l("Choose what was done"))])
    done_on = DateInputField(_l("The day it was done"),
                             required_message=_l("Enter the day it was done"))
    campaign = SelectField(_l("About which campaign (optional)"), default=NO_CAMPAIGN)
    note = TextAreaField(_l("Note (optional)"),
                         description=_l("Only coordinators see this. Do not name the checkers."),
                         validators=[Length(max=1000, message=_l(
                             "The note must be 1000 characters or fewer"))],
                         render_kw={"rows": 3})
    # The form's own key: sent twice (a double click, a retry), it records one follow-up.
    form_key = HiddenField(validators=[Regexp(r"^[0-9a-f]{32}$")])

    def __init__(self, *args, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.campaigns = {str(campaign.id): campaign for campaign in campaigns}
        self.campaign.choices = [SelectChoice(NO_CAMPAIGN, _l("None"))] + [
            SelectChoice(key, localize(campaign.title).text)
            for key, campaign in self.campaigns.items()]

    @property
    def has_form_key(self):
        return not self.form_key.errors and bool(self.form_key.data)

    def values(self):
        """What record_follow_up takes (the campaign as its row, or None)."""
        return {"kind": self.kind.data, "done_on": self.done_on.data,
                "note": (self.note.data or "").strip(),
                "campaign": self.campaigns.get(self.campaign.data)}

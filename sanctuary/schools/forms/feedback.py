"""The school's feedback after its session."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from ...core.forms import Form
from ..models import BookAgain, HowItWent

MOST_REACHED = 2000
CHOOSE_HOW = _l("Choose how the session went")
CHOOSE_AGAIN = _l("Choose whether you would book a session again")


class FeedbackForm(Form):
    how_it_went = RadioField(_l("How did the session go?"), choices=HowItWent.choices(),
                             validators=[InputRequired(CHOOSE_HOW)],
                             invalid_choice_message=CHOOSE_HOW)
    reached = StringField(_l("How many pupils or staff took part?"),
                          description=_l("A whole number, your best count"),
                          render_kw={"inputmode": "numeric", "spellcheck": "false"})
    book_again = RadioField(_l("Would you book a session with us again?"),
                            choices=BookAgain.choices(),
                            validators=[InputRequired(CHOOSE_AGAIN)],
                            invalid_choice_message=CHOOSE_AGAIN)
    for_speaker = TextAreaField(
        _l("Comments for the speaker (optional)"),
        description=_l("We pass these on only if the speaker has asked to hear from schools. "
                       "They never see your contact details."),
        validators=[Length(max=2000)], render_kw={"rows": 4})
    comments = TextAreaField(
        _l("Comments for us (optional)"),
        description=_l("What worked, what could be better: only the coordinators read this."),
        validators=[Length(max=2000)], render_kw={"rows": 4})

    def validate_reached(self, field):
        text = str(field.data if field.data is not None else "").strip()
        if not (text.isdecimal() and 1 <= int(text) <= MOST_REACHED):
            raise ValidationError(_l("Enter how many pupils or staff took part, as a whole "
                                     "number from 1 to %(most)s", most=MOST_REACHED))

    def values(self):
        """What the service takes."""
        return {"how_it_went": self.how_it_went.data, "reached": int(str(self.reached.data)),
                "book_again": self.book_again.data, "for_speaker": self.for_speaker.data or "",
                "comments": self.comments.data or ""}

"""Coordinators' forms for the register of services: a service's details, and the CSV file that
adds or updates many."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from ...core.forms import Form
from .. import codes
from ..models import WARDS, ServiceKind


class ServiceForm(Form):
    kind = RadioField(_l("Kind of service"), choices=ServiceKind.choices(),
                      validators=[InputRequired(_l("Choose the kind of service"))])
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the service's name")),
                                               Length(max=200)])
    address = StringField(_l("Address (optional)"),
                          description=_l("The street address, on one line"),
                          validators=[Length(max=300)])
    postcode = StringField(_l("Postcode"),
                           validators=[DataRequired(_l("Enter the postcode"))],
                           render_kw={"autocomplete": "off", "spellcheck": "false"})
    ward = SelectField(_l("Ward (optional)"))
    ods_code = StringField(
        _l("ODS code (optional)"),
        description=_l("For a GP surgery: the NHS code of the practice, like Y01234. You can "
                       "find it on the NHS website."),
        validators=[Length(max=10)], render_kw={"autocomplete": "off", "spellcheck": "false"})
    safe_surgery = BooleanField(_l("Signed up to Safe Surgeries"))
    notes = TextAreaField(_l("Notes (optional)"), description=_l("Only coordinators see these."),
                          validators=[Length(max=4000)], render_kw={"rows": 3})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ward.choices = [SelectChoice("", _l("Not known"))] + [
            SelectChoice(name, name) for name in WARDS]

    def validate_postcode(self, field):
        if field.data and codes.postcode(field.data) is None:
            raise ValidationError(codes.BAD_POSTCODE)

    def validate_ods_code(self, field):
        if codes.ods_code(field.data) is None:
            raise ValidationError(codes.BAD_ODS)

    def values(self):
        """What the services write: the postcode and ODS code as they are written."""
        return {"kind": self.kind.data, "name": self.name.data.strip(),
                "address": " ".join((self.address.data or "").split()),
                "postcode": codes.postcode(self.postcode.data), "ward": self.ward.data or "",
                "ods_code": codes.ods_code(self.ods_code.data),
                "safe_surgery": bool(self.safe_surgery.data),
                "notes": (self.notes.data or "").strip()}


class NewServiceForm(ServiceForm):
    # The form's own key: sent twice (a double click, a retry), it adds one service.
    form_key = HiddenField(validators=[Regexp(r"^[0-9a-f]{32}$")])

    @property
    def has_form_key(self):
        return not self.form_key.errors and bool(self.form_key.data)


class ServicesFileForm(Form):
    file = FileField(_l("Choose a CSV file"),
                     description=_l("Its first row names the columns: Kind, Name, Address, "
                                    "Postcode, Ward, ODS code, Safe Surgeries."),
                     validators=[FileRequired(_l("Choose a CSV file to upload"))])

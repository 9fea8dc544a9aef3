"""Forms for signing in, passwords, invitations and the profile. Forms validate; services write."""
from flask_babel import lazy_gettext as _l, lazy_ngettext as _ln
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..core.forms import Form, NameField
from .models import INVITABLE_ROLES, Role

MIN_PASSWORD_LENGTH = 10


def _email_field(label=None):
    return EmailField(
        label or _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address")),
            Email(_l("Enter an email address in the right format, like name@example.org")),
            Length(max=320),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _new_password_fields():
    password = PasswordField(
        _l("New password"),
        description=_ln("At least %(num)d character. A few unrelated words make a strong "
                        "password.",
                        "At least %(num)d characters. A few unrelated words make a strong "
                        "password.", MIN_PASSWORD_LENGTH),
        validators=[
            DataRequired(_l("Enter a password")),
            Length(min=MIN_PASSWORD_LENGTH, max=200,
                   message=_ln("Your password must be at least %(num)d character long",
                               "Your password must be at least %(num)d characters long",
                               MIN_PASSWORD_LENGTH)),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Type the new password again"),
        validators=[DataRequired(_l("Type the password again")),
                    EqualTo("password", _l("The two passwords are not the same"))],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class SignInLinkForm(Form):
    email = _email_field()
    next = HiddenField()


class StaffSignInForm(Form):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password"))],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class PasswordResetRequestForm(Form):
    email = _email_field()


class NewPasswordForm(Form):
    password, confirm = _new_password_fields()


class InvitationForm(Form):
    email = _email_field(_l("Their email address"))
    display_name = NameField(
        _l("Their name"),
        validators=[DataRequired(_l("Enter their name")), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )
    role = SelectField(
        _l("Role"),
        choices=Role.choices(INVITABLE_ROLES),
        validators=[DataRequired()],
    )


class AcceptInvitationForm(Form):
    display_name = NameField(
        _l("Your name"),
        description=_l("As you would like other panel members to see it."),
        validators=[DataRequired(_l("Enter your name")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    password, confirm = _new_password_fields()


class ProfileForm(Form):
    display_name = NameField(
        _l("Your name"),
        validators=[Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    language = SelectField(_l("Language for pages and emails"))


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password"))],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields()

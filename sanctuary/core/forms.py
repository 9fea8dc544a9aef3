"""Forms shared by every feature."""
from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """No fields: carries the CSRF token for a button that changes something."""

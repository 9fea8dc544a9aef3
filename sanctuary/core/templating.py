"""Template helpers shared by every page."""
from flask_babel import format_datetime

from .translated import localize


def local_datetime(value, format="medium"):
    """Show a stored (naive UTC) time in Europe/London time, in the reader's language."""
    if value is None:
        return ""
    return format_datetime(value, format)


def init_app(app):
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.globals["localize"] = localize
    app.jinja_env.policies["ext.i18n.trimmed"] = True

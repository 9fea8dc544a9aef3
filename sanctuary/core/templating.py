"""Template helpers shared by every page."""
from flask_babel import format_date, format_datetime

from .translated import localize


def local_datetime(value, format="medium"):
    """Show a stored (naive UTC) time in Europe/London time, in the reader's language."""
    if value is None:
        return ""
    return format_datetime(value, format)


def local_date(value, format="d MMMM y"):
    """A date (due dates, award dates: already London dates) in the reader's language."""
    if value is None:
        return ""
    return format_date(value, format)


def init_app(app):
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.globals["localize"] = localize
    app.jinja_env.policies["ext.i18n.trimmed"] = True

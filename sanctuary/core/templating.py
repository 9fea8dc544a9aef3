"""Template helpers shared by every page."""
import re

from flask_babel import format_date, format_datetime
from markupsafe import Markup, escape

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


# People's text shown within other text keeps its own direction and cannot reorder what is around
# it: an Arabic name in an English sentence, or a Latin one in an Arabic sentence.
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def bdi(value):
    """People's text in a page or an HTML email, isolated in <bdi> (the value escaped)."""
    if value is None or value == "":
        return ""
    return Markup("<bdi>%s</bdi>") % value


def isolate(value):
    """People's text in a plain-text email, between FSI and PDI (the plain-text <bdi>)."""
    if value is None or value == "":
        return ""
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def isolated(message, **values):
    """A translated message (placeholders unfilled) with people's text put in, each value in
    <bdi>: for flashed messages, which the page shows as they are."""
    return Markup(escape(str(message))) % {name: bdi(value) for name, value in values.items()}


# Whitespace between two tags that spans lines: the template's indentation and nothing else.
_BETWEEN_TAGS = re.compile(r">([ \t\r]*\n[\s]*)<")


def unindent(html):
    """Markup without the indentation between its tags (`{% filter unindent %}`, for a page that
    repeats a block many times). Line breaks stay, as many as there were, so nothing renders
    differently, even where white space is kept (a textarea, `pre-line`)."""
    return Markup(_BETWEEN_TAGS.sub(lambda m: ">" + "\n" * m.group(1).count("\n") + "<", html))


def init_app(app):
    app.jinja_env.filters["unindent"] = unindent
    app.jinja_env.filters["bdi"] = bdi
    app.jinja_env.filters["isolate"] = isolate
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.globals["localize"] = localize
    app.jinja_env.policies["ext.i18n.trimmed"] = True

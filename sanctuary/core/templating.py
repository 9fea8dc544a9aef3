"""Template helpers shared by every page."""
import datetime
import math
import re

from babel.dates import format_skeleton
from babel.units import format_unit
from flask_babel import format_date, format_time, get_locale, to_user_timezone
from markupsafe import Markup, escape

from .hooks import parts_for
from .translated import localize

# Every date and time people read is written by one of these four, by Babel, in London time and
# the reader's language (English as en_GB: see i18n.FORMAT_LOCALES). A stored time is naive UTC;
# a date (a due date, an award date) is already a London date. Files meant for machines (CSV)
# keep ISO dates.


def local_date(value):
    """"1 December 2026" ("1 грудня 2026 р.", "1 ديسمبر 2026"): a date, or a stored time's
    London date."""
    if value is None:
        return ""
    return format_date(value, "long")


def local_time(value):
    """"21:56": a stored time's London time of day."""
    if value is None:
        return ""
    return format_time(value, "short")


def clock_time(value):
    """"09:30" (or "9:30 am", as the language writes it): a time of day on London's clock that
    is stored as such ("09:30", a slot's start), so never converted from UTC."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.time.fromisoformat(value)
    elif isinstance(value, datetime.datetime):
        value = value.time()
    return format_time(value, "short", rebase=False)


def local_datetime(value):
    """"1 December 2026, 21:56": a stored time, as the London date and time of day, joined as
    the language joins them."""
    if value is None:
        return ""
    joined = get_locale().datetime_formats["medium"].replace("'", "")
    return joined.replace("{1}", local_date(value)).replace("{0}", local_time(value))


def local_month(value):
    """"December 2026": the month of a date or of a stored time."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = to_user_timezone(value)
    return format_skeleton("yMMMM", value, locale=get_locale())


def file_size(size):
    """A number of bytes as people read it: "12 kB", "2.5 MB" ("2,5 МБ"), by Babel's units."""
    if size < 1024 * 1024:
        return format_unit(max(1, math.ceil(size / 1024)), "digital-kilobyte", length="short",
                           locale=get_locale())
    megabytes = math.ceil(size / (1024 * 1024) * 10) / 10
    return format_unit(int(megabytes) if megabytes.is_integer() else megabytes,
                       "digital-megabyte", length="short", locale=get_locale())


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


def reference(value):
    """An application's reference (SA-2026-0004) in a page: isolated from the text around it,
    which may run the other way, and never broken across lines."""
    if not value:
        return ""
    return Markup('<bdi class="ref">%s</bdi>') % value


def email_reference(value):
    """The same in an HTML email, which has no stylesheet of ours."""
    if not value:
        return ""
    return Markup('<bdi style="white-space:nowrap">%s</bdi>') % value


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
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["local_month"] = local_month
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["clock_time"] = clock_time
    app.jinja_env.filters["file_size"] = file_size
    app.jinja_env.filters["reference"] = reference
    app.jinja_env.filters["email_reference"] = email_reference
    app.jinja_env.globals["localize"] = localize
    app.jinja_env.globals["parts"] = parts_for
    app.jinja_env.policies["ext.i18n.trimmed"] = True

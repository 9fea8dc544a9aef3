"""Languages: which ones the site speaks, how a request's locale is chosen, and the switcher."""
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale, get_locale

from ..extensions import babel
from .urls import is_local_path

LANG_COOKIE = "lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's own name for itself, never translated
    direction: str = "ltr"


# Every language the movement may offer; LANGUAGES (config) says which are switched on.
KNOWN_LANGUAGES = {
    language.code: language
    for language in (
        Language("en", "English"),
        Language("ar", "العربية", "rtl"),
        Language("fa", "فارسی", "rtl"),
        Language("ur", "اردو", "rtl"),
        Language("ps", "پښتو", "rtl"),
        Language("ckb", "کوردی", "rtl"),
        Language("uk", "Українська"),
        Language("es", "Español"),
        Language("pt", "Português"),
        Language("fr", "Français"),
        Language("pl", "Polski"),
        Language("ro", "Română"),
        Language("tr", "Türkçe"),
        Language("ti", "ትግርኛ"),
        Language("vi", "Tiếng Việt"),
        Language("sq", "Shqip"),
        Language("so", "Soomaali"),
        Language("ta", "தமிழ்"),
    )
}


# The Babel locale that formats a language's dates and numbers, where the bare code would bring
# another country's conventions: Babel's "en" is US English ("12/1/26", "December 1, 2026").
FORMAT_LOCALES = {"en": "en_GB"}
LANGUAGE_OF_LOCALE = {locale: code for code, locale in FORMAT_LOCALES.items()}


def babel_locale(code):
    """The Babel locale for one of our language codes ("en" -> "en_GB")."""
    return FORMAT_LOCALES.get(code, code)


@contextmanager
def in_language(code):
    """Render in a language (an email in its recipient's, a certificate in English): its words,
    and its dates and numbers written as `babel_locale` says."""
    with force_locale(babel_locale(code)):
        yield


def current_language_code():
    """The language code (never the Babel locale) of the request or of `in_language`."""
    locale = str(get_locale())
    return LANGUAGE_OF_LOCALE.get(locale, locale)


def enabled_languages():
    return [KNOWN_LANGUAGES[code] for code in current_app.config["LANGUAGES"]]


def _enabled_codes():
    return current_app.config["LANGUAGES"]


def select_locale():
    """?lang=, then the saved choice (cookie), then Accept-Language, then English; as the Babel
    locale that formats it (`babel_locale`)."""
    return babel_locale(_select_language())


def _select_language():
    if not has_request_context():  # a command or an email sender: in_language says which
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    codes = _enabled_codes()
    asked = request.args.get("lang")
    if asked in codes:
        return asked
    saved = request.cookies.get(LANG_COOKIE)
    if saved in codes:
        return saved
    return request.accept_languages.best_match(codes) or current_app.config["BABEL_DEFAULT_LOCALE"]


def set_language_cookie(response, code):
    if request.cookies.get(LANG_COOKIE) != code:
        response.set_cookie(
            LANG_COOKIE,
            code,
            max_age=LANG_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def remember_choice(response):
    """Save a ?lang= choice in a cookie, so the next page is in the same language. Nothing else:
    a GET never changes saved state (a link from another site could), so the language on a
    person's profile, which their emails use, changes only on their account page."""
    chosen = request.args.get("lang")
    if chosen in _enabled_codes():
        set_language_cookie(response, chosen)
    return response


def current_language():
    return KNOWN_LANGUAGES.get(current_language_code(), KNOWN_LANGUAGES["en"])


def switch_language_url(code):
    """The current page's URL in another language, keeping its other query arguments. Built by
    url_for from the matched route; a page no route matched (a 404) links to itself only if its
    path is a local one, since the raw path can be made to lead elsewhere ("/\\evil.example")."""
    args = {name: values for name, values in request.args.to_dict(flat=False).items()
            if not name.startswith("_")}  # url_for's own options never come from the query
    args["lang"] = [code]
    if request.url_rule is not None:
        return url_for(request.endpoint, **{**args, **(request.view_args or {})})
    path = request.path if is_local_path(request.path) else url_for("pages.home")
    return f"{path}?{urlencode(args, doseq=True)}"


def init_app(app):
    unknown = [code for code in app.config["LANGUAGES"] if code not in KNOWN_LANGUAGES]
    if unknown:
        raise ValueError(f"LANGUAGES names languages Sanctuary does not know: {unknown}")
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(remember_choice)
    app.jinja_env.globals.update(
        current_language=current_language,
        enabled_languages=enabled_languages,
        switch_language_url=switch_language_url,
    )

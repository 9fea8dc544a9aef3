"""Texts that coordinators write in several languages (the pledge, award criteria)."""
import json
from dataclasses import dataclass

from peewee import TextField

from .i18n import current_language_code

DEFAULT_LANGUAGE = "en"


class JSONTextField(TextField):
    """JSON stored as text: the same column on SQLite and PostgreSQL."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class TranslatedTextField(JSONTextField):
    """A {language code: text} dict."""


@dataclass(frozen=True)
class Localized:
    text: str
    language: str  # the language the text is really in
    is_fallback: bool  # True when the reader's language was missing and English is shown


def localize(texts, locale=None):
    """The text in the reader's language where it exists, else in English."""
    locale = locale or current_language_code()
    texts = texts or {}
    if texts.get(locale):
        return Localized(texts[locale], locale, False)
    return Localized(texts.get(DEFAULT_LANGUAGE, ""), DEFAULT_LANGUAGE, locale != DEFAULT_LANGUAGE)
